import { Keyring } from '@polkadot/keyring';
import { Metadata, TypeRegistry } from '@polkadot/types';
import type { SignerPayloadJSON } from '@polkadot/types/types';
import substrateMetadata from '@polkadot/types-support/metadata/static-substrate';
import { hexToU8a, u8aToHex, u8aWrapBytes } from '@polkadot/util';
import { blake2AsHex, blake2AsU8a, cryptoWaitReady, signatureVerify, sr25519Verify } from '@polkadot/util-crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { remarkPayload } from './testing.ts';
import { payloadBytes, rawMessageBytes, signPayloadBytes, signRawBytes } from './sign.ts';

let registry: TypeRegistry;
let metadata: Metadata;
let keyring: Keyring;

beforeAll(async () => {
  expect(await cryptoWaitReady()).toBe(true);
  registry = new TypeRegistry();
  // Substrate's static metadata lists CheckMetadataHash among its signed extensions.
  metadata = new Metadata(registry, substrateMetadata);
  registry.setMetadata(metadata);
  keyring = new Keyring({ ss58Format: 42, type: 'sr25519' });
});

function payloadJson(address: string, extra: Partial<SignerPayloadJSON> = {}): SignerPayloadJSON {
  // A 300-byte remark makes the payload longer than 256 bytes, so it is signed as its blake2 hash.
  return remarkPayload(registry, metadata, address, { remark: `0x${'07'.repeat(300)}`, blockNumber: 1234, nonce: 5 }, extra);
}

describe('payload signing', () => {
  it('signs the registry-built payload bytes including mode 1 and metadataHash', () => {
    expect(registry.signedExtensions).toContain('CheckMetadataHash');
    const alice = keyring.addFromUri('//Alice');
    const metadataHash = blake2AsHex('metadata', 256);
    const json = payloadJson(alice.address, { mode: 1, metadataHash });
    const withHash = payloadBytes(registry, json);
    const withoutHash = payloadBytes(registry, payloadJson(alice.address));
    expect(u8aToHex(withHash)).not.toBe(u8aToHex(withoutHash));
    // The implicit part carries Some(hash): the 32 hash bytes appear in the payload.
    expect(u8aToHex(withHash)).toContain(metadataHash.slice(2));
    // Independently built ExtrinsicPayload from the same JSON: the exact bytes we sign.
    const reference = registry.createType('ExtrinsicPayload', json, { version: 4 });
    expect(u8aToHex(withHash)).toBe(u8aToHex(reference.toU8a({ method: true })));
    expect(withHash.length).toBeGreaterThan(256);

    const signature = signPayloadBytes(withHash, 'sr25519', (m) => alice.sign(m));
    expect(signature.slice(0, 4)).toBe('0x01'); // MultiSignature::Sr25519
    // The runtime checks payloads over 256 bytes by their blake2-256 hash.
    const verified = signatureVerify(blake2AsU8a(reference.toU8a({ method: true }), 256), signature, alice.address);
    expect(verified.isValid).toBe(true);
    expect(verified.crypto).toBe('sr25519');
  });

  it('ed25519 signatures equal what ExtrinsicPayload.sign produces (deterministic)', () => {
    const bob = new Keyring({ ss58Format: 42, type: 'ed25519' }).addFromUri('//Bob');
    const json = payloadJson(bob.address, { mode: 1, metadataHash: blake2AsHex('m', 256) });
    const ours = signPayloadBytes(payloadBytes(registry, json), 'ed25519', (m) => bob.sign(m));
    const reference = registry.createType('ExtrinsicPayload', json, { version: 4 }).sign(bob).signature;
    expect(ours).toBe(reference);
  });

  it('refuses payloads this registry cannot encode faithfully', () => {
    const alice = keyring.addFromUri('//Alice');
    expect(() => payloadBytes(registry, payloadJson(alice.address, { metadataHash: '0x1234' }))).toThrow(/32 bytes/);
    expect(() => payloadBytes(registry, payloadJson(alice.address, { signedExtensions: ['CheckNonce'] }))).toThrow(/signed extensions/);
    const bare = new TypeRegistry();
    expect(() => payloadBytes(bare, payloadJson(alice.address, { mode: 1 }))).toThrow(/CheckMetadataHash/);
  });

  it('raw messages are wrapped in <Bytes> before signing', () => {
    const alice = keyring.addFromUri('//Alice');
    const data = '0x68656c6c6f';
    expect(u8aToHex(rawMessageBytes(data))).toBe(u8aToHex(u8aWrapBytes(hexToU8a(data))));
    const signature = signRawBytes(data, (m) => alice.sign(m));
    expect(signatureVerify(u8aWrapBytes(hexToU8a(data)), signature, alice.address).isValid).toBe(true);
    // Not a signature over the bare bytes (signatureVerify would also accept the wrapped form).
    expect(sr25519Verify(hexToU8a(data), signature, alice.publicKey)).toBe(false);
    expect(() => rawMessageBytes('hello')).toThrow(/hex/);
  });
});
