import { cryptoWaitReady } from '@polkadot/util-crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { canonicalJson } from './encoding.ts';
import { CIPHER, parseVaultRecord, seal, subkeys, unseal, VAULT_FORMAT, VAULT_VERSION, withChecksum, type StoredAccount } from './format.ts';
import { deriveKey, kdfProblem, needsUpgrade, newKdfParams, DEFAULT_KDF, MIN_SCRYPT_N } from './kdf.ts';

beforeAll(async () => expect(await cryptoWaitReady()).toBe(true));

const ADDRESS = '5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY';

async function sampleRecord() {
  const kdf = newKdfParams({ name: 'scrypt', N: 1 << 10, r: 8, p: 1 });
  const key = await deriveKey('password123', kdf);
  const { enc, verifier } = subkeys(key);
  const base = { address: ADDRESS, name: 'Alice', type: 'sr25519' as const, origin: 'mnemonic' as const, hasMnemonic: true };
  const account: StoredAccount = { ...base, sealed: seal(enc, base, new Uint8Array([1, 2, 3])) };
  const record = withChecksum({ format: VAULT_FORMAT, version: VAULT_VERSION, kdf, cipher: CIPHER, verifier, accounts: [account] });
  return { record, enc, key };
}

describe('vault record', () => {
  it('round-trips through JSON and opens its boxes', async () => {
    const { record, enc } = await sampleRecord();
    const parsed = parseVaultRecord(JSON.parse(JSON.stringify(record)));
    expect(unseal(enc, parsed.accounts[0]!)).toEqual(new Uint8Array([1, 2, 3]));
  });

  it('rejects truncation, bit flips, unknown versions and a missing pointer target as CorruptVault', async () => {
    const { record } = await sampleRecord();
    const text = JSON.stringify(record);
    expect(() => parseVaultRecord(undefined)).toThrow(/damaged/);
    expect(() => JSON.parse(text.slice(0, text.length - 10))).toThrow();
    expect(() => parseVaultRecord({ ...record, accounts: [] })).toThrow(/checksum/);
    expect(() => parseVaultRecord({ ...record, kdf: { ...record.kdf, N: 1 << 11 } })).toThrow(/checksum/);
    expect(() => parseVaultRecord({ ...record, version: 2 })).toThrow(/newer version/);
    const { checksum: _c, ...rest } = record;
    expect(() => parseVaultRecord(rest)).toThrow(/damaged/);
  });

  it('detects a tampered box even with a recomputed checksum (AEAD), and a box moved to another address', async () => {
    const { record, enc } = await sampleRecord();
    const a = record.accounts[0]!;
    const data = Buffer.from(a.sealed!.data, 'base64');
    data[0]! ^= 1;
    const tampered = { ...a, sealed: { ...a.sealed!, data: data.toString('base64') } };
    expect(() => unseal(enc, tampered)).toThrow(/fails authentication/);
    const moved = { ...a, address: '5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty' };
    expect(() => unseal(enc, moved)).toThrow(/fails authentication/);
  });

  it('canonical JSON ignores key order', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { f: 2, e: 3 }], c: null } })).toBe(canonicalJson({ a: { c: null, d: [1, { e: 3, f: 2 }] }, b: 1 }));
  });
});

describe('KDF parameters', () => {
  it('production default meets the floor (scrypt N >= 2^15)', () => {
    expect(DEFAULT_KDF.name).toBe('scrypt');
    expect(DEFAULT_KDF.name === 'scrypt' && DEFAULT_KDF.N >= MIN_SCRYPT_N).toBe(true);
  });

  it('flags weaker stored parameters for upgrade, and refuses absurd ones', () => {
    const weak = { name: 'scrypt' as const, N: 1 << 14, r: 8, p: 1, salt: newKdfParams(DEFAULT_KDF).salt };
    expect(needsUpgrade(weak, DEFAULT_KDF)).toBe(true);
    expect(needsUpgrade(newKdfParams(DEFAULT_KDF), DEFAULT_KDF)).toBe(false);
    expect(needsUpgrade(newKdfParams({ name: 'pbkdf2-sha256', iterations: 600_000 }), DEFAULT_KDF)).toBe(true);
    expect(kdfProblem({ ...weak, N: 1 << 30 })).toMatch(/N out of range/);
    expect(kdfProblem({ ...weak, N: 1000 })).toMatch(/N out of range/);
    expect(kdfProblem({ ...weak, salt: 'AA==' })).toMatch(/salt too short/);
  });

  it('derives the same key for the same password and salt, different for another password', async () => {
    const params = newKdfParams({ name: 'pbkdf2-sha256', iterations: 1000 });
    const a = await deriveKey('correct horse', params);
    expect(await deriveKey('correct horse', params)).toEqual(a);
    expect(await deriveKey('correct horsf', params)).not.toEqual(a);
  });
});
