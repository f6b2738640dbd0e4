// The vault as stored in storage.local: a versioned, self-describing JSON record.
//
//   { format: 'taostake-vault', version: 1,
//     kdf: { name: 'scrypt', N, r, p, salt } | { name: 'pbkdf2-sha256', iterations, salt },
//     cipher: 'xchacha20-poly1305',
//     verifier,                       // HKDF(master, 'verify'): wrong password vs damaged data
//     accounts: [{ address, name, type, origin, derivationPath?, hasMnemonic,
//                  sealed?: { nonce, data } }],   // secret material, one AEAD box per account
//     checksum }                      // SHA-256 of the canonical JSON of the rest
//
// Account names and order are plaintext (addresses are public, and the locked popup lists them).
// Each account's secret is sealed separately with associated data binding it to its address, key
// type and derivation path, so boxes cannot be swapped between accounts and only the one account
// being used is ever decrypted.
import { xchacha20poly1305 } from '@noble/ciphers/chacha.js';
import { hkdf } from '@noble/hashes/hkdf.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, randomBytes } from '@noble/hashes/utils.js';
import * as v from 'valibot';
import { WalletError } from '../protocol/errors.ts';
import type { AccountSummary, KeyType } from '../protocol/vault.ts';
import { canonicalJson, fromBase64, toBase64, utf8 } from './encoding.ts';
import { kdfProblem, type KdfParams } from './kdf.ts';

export const VAULT_FORMAT = 'taostake-vault';
export const VAULT_VERSION = 1;
export const CIPHER = 'xchacha20-poly1305';

export interface SealedBox {
  nonce: string;
  data: string;
}

export interface StoredAccount {
  address: string;
  name: string;
  type: KeyType | 'watch';
  origin: AccountSummary['origin'];
  derivationPath?: string;
  hasMnemonic: boolean;
  /** Sealed secret material; absent for watch-only accounts. */
  sealed?: SealedBox;
}

export interface VaultRecord {
  format: typeof VAULT_FORMAT;
  version: typeof VAULT_VERSION;
  kdf: KdfParams;
  cipher: typeof CIPHER;
  verifier: string;
  accounts: StoredAccount[];
  checksum: string;
}

export type UnsealedRecord = Omit<VaultRecord, 'checksum'>;

const B64 = v.pipe(v.string(), v.maxLength(4096));

const KdfSchema = v.variant('name', [
  v.strictObject({ name: v.literal('scrypt'), N: v.number(), r: v.number(), p: v.number(), salt: B64 }),
  v.strictObject({ name: v.literal('pbkdf2-sha256'), iterations: v.number(), salt: B64 }),
]);

const StoredAccountSchema = v.strictObject({
  address: v.pipe(v.string(), v.minLength(40), v.maxLength(70)),
  name: v.pipe(v.string(), v.maxLength(64)),
  type: v.picklist(['sr25519', 'ed25519', 'watch']),
  origin: v.picklist(['created', 'mnemonic', 'seed', 'json', 'btcli', 'watch']),
  derivationPath: v.optional(v.pipe(v.string(), v.maxLength(256))),
  hasMnemonic: v.boolean(),
  sealed: v.optional(v.strictObject({ nonce: B64, data: B64 })),
});

const RecordSchema = v.strictObject({
  format: v.literal(VAULT_FORMAT),
  version: v.literal(VAULT_VERSION),
  kdf: KdfSchema,
  cipher: v.literal(CIPHER),
  verifier: B64,
  accounts: v.pipe(v.array(StoredAccountSchema), v.maxLength(10_000)),
  checksum: v.pipe(v.string(), v.regex(/^[0-9a-f]{64}$/)),
});

export function corrupt(reason: string): WalletError {
  return new WalletError('CorruptVault', `The stored vault is damaged (${reason}). Recover your accounts from their recovery phrases.`);
}

function checksumOf(record: UnsealedRecord): string {
  const { format, version, kdf, cipher, verifier, accounts } = record;
  return bytesToHex(sha256(utf8(canonicalJson({ format, version, kdf, cipher, verifier, accounts }))));
}

export function withChecksum(record: UnsealedRecord): VaultRecord {
  const { format, version, kdf, cipher, verifier, accounts } = record;
  return { format, version, kdf, cipher, verifier, accounts, checksum: checksumOf(record) };
}

/** Validates a stored record; anything unexpected is CorruptVault, never a partial read. */
export function parseVaultRecord(raw: unknown): VaultRecord {
  if (raw === null || typeof raw !== 'object') throw corrupt('not an object');
  const r = raw as Record<string, unknown>;
  if (r.format !== VAULT_FORMAT) throw corrupt('unknown format');
  if (typeof r.version === 'number' && r.version > VAULT_VERSION) {
    throw new WalletError('CorruptVault', `The vault was written by a newer version of the wallet (format ${r.version}); update the extension.`);
  }
  const parsed = v.safeParse(RecordSchema, raw);
  if (!parsed.success) {
    const issue = parsed.issues[0];
    throw corrupt(`bad field ${issue.path?.map((p) => String(p.key)).join('.') ?? ''}`.trim());
  }
  const record = parsed.output as VaultRecord;
  if (checksumOf(record) !== record.checksum) throw corrupt('checksum mismatch');
  const problem = kdfProblem(record.kdf);
  if (problem) throw corrupt(problem);
  try {
    fromBase64(record.verifier, 32);
    for (const a of record.accounts) {
      if ((a.type === 'watch') !== !a.sealed) throw corrupt('account secret missing or misplaced');
      if (a.sealed) {
        fromBase64(a.sealed.nonce, 24);
        fromBase64(a.sealed.data);
      }
    }
  } catch (e) {
    if (e instanceof WalletError) throw e;
    throw corrupt('bad encoding');
  }
  return record;
}

/** The two keys used under the master key: one encrypts, one proves the password was right. */
export function subkeys(master: Uint8Array): { enc: Uint8Array; verifier: string } {
  const enc = hkdf(sha256, master, undefined, utf8('taostake-vault/v1/encrypt'), 32);
  const check = hkdf(sha256, master, undefined, utf8('taostake-vault/v1/verify'), 32);
  const verifier = toBase64(check);
  check.fill(0);
  return { enc, verifier };
}

function associatedData(account: Pick<StoredAccount, 'address' | 'type' | 'derivationPath'>): Uint8Array {
  return utf8(canonicalJson({ v: VAULT_VERSION, address: account.address, type: account.type, derivationPath: account.derivationPath ?? null }));
}

export function seal(encKey: Uint8Array, account: Pick<StoredAccount, 'address' | 'type' | 'derivationPath'>, plaintext: Uint8Array): SealedBox {
  const nonce = randomBytes(24);
  const data = xchacha20poly1305(encKey, nonce, associatedData(account)).encrypt(plaintext);
  return { nonce: toBase64(nonce), data: toBase64(data) };
}

/** Opens one account's box; the caller wipes the result. A failed tag means the vault was altered. */
export function unseal(encKey: Uint8Array, account: StoredAccount): Uint8Array {
  if (!account.sealed) throw new WalletError('WatchOnly', 'This is a watch-only account: it has no key to sign with');
  try {
    const nonce = fromBase64(account.sealed.nonce, 24);
    return xchacha20poly1305(encKey, nonce, associatedData(account)).decrypt(fromBase64(account.sealed.data));
  } catch {
    throw corrupt(`secret of ${account.address} fails authentication`);
  }
}

export function constantTimeEqual(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}
