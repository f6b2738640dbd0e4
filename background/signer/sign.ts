// What exactly gets signed. Pure functions over a registry and a signing callback; the vault
// supplies the callback from inside its scoped secret helper, so no key material passes through here.
import type { Registry, SignerPayloadJSON } from '@polkadot/types/types';
import { hexToU8a, isHex, u8aConcat, u8aToHex, u8aWrapBytes } from '@polkadot/util';
import type { HexString } from '@polkadot/util/types';
import { blake2AsU8a } from '@polkadot/util-crypto';
import { WalletError } from '../../src/protocol/errors.ts';
import type { KeyType } from '../../src/protocol/vault.ts';

export type SignFn = (message: Uint8Array) => Uint8Array;

/** MultiSignature variant index (sp_runtime::MultiSignature: Ed25519 = 0, Sr25519 = 1). */
const MULTI_SIGNATURE_INDEX: Record<KeyType, number> = { ed25519: 0, sr25519: 1 };

/**
 * The SCALE bytes of the signing payload, built by the registry from the dApp's JSON, including
 * CheckMetadataHash's `mode` (extra) and `Option<metadataHash>` (implicit) when present.
 */
export function payloadBytes(registry: Registry, payload: SignerPayloadJSON): Uint8Array {
  const wantsMetadataHash = (payload.mode !== undefined && Number(payload.mode) !== 0) || (payload.metadataHash !== undefined && payload.metadataHash !== null);
  if (wantsMetadataHash && !registry.signedExtensions.includes('CheckMetadataHash')) {
    throw new WalletError('BadRequest', 'The payload asks for CheckMetadataHash, which this chain metadata does not have');
  }
  if (Array.isArray(payload.signedExtensions) && payload.signedExtensions.length > 0) {
    const ours = registry.signedExtensions.join(',');
    if (payload.signedExtensions.join(',') !== ours) {
      throw new WalletError('BadRequest', 'The payload was built for different signed extensions than this chain metadata uses');
    }
  }
  if (payload.metadataHash !== undefined && payload.metadataHash !== null && !(isHex(payload.metadataHash) && hexToU8a(payload.metadataHash).length === 32)) {
    throw new WalletError('BadRequest', 'metadataHash must be 32 bytes of hex');
  }
  try {
    return registry.createType('ExtrinsicPayload', payload, { version: payload.version }).toU8a({ method: true });
  } catch {
    throw new WalletError('BadRequest', 'The signing payload cannot be encoded for this chain');
  }
}

/** Signs a transaction payload: blake2-256 of it when longer than 256 bytes (as the runtime checks), MultiSignature-encoded. */
export function signPayloadBytes(bytes: Uint8Array, type: KeyType, sign: SignFn): HexString {
  const message = bytes.length > 256 ? blake2AsU8a(bytes, 256) : bytes;
  return u8aToHex(u8aConcat(new Uint8Array([MULTI_SIGNATURE_INDEX[type]]), sign(message)));
}

/** Raw message bytes, wrapped in <Bytes>...</Bytes> (as polkadot-js signRaw does) so a message can never be a transaction. */
export function rawMessageBytes(data: string): Uint8Array {
  if (!isHex(data)) throw new WalletError('BadRequest', 'signRaw data must be hex');
  return u8aWrapBytes(hexToU8a(data));
}

export function signRawBytes(data: string, sign: SignFn): HexString {
  return u8aToHex(sign(rawMessageBytes(data)));
}
