// Secret material and the key operations on it. Everything secret is a Uint8Array the caller
// wipes; strings (a mnemonic) exist only at import and in the reveal flow.
import { u8aToHex } from '@polkadot/util';
import {
  decodeAddress,
  ed25519PairFromSeed,
  ed25519Sign,
  encodeAddress,
  keyExtractPath,
  keyHdkdEd25519,
  keyHdkdSr25519,
  pbkdf2Encode,
  sr25519PairFromSeed,
  sr25519Sign,
  sr25519Verify,
} from '@polkadot/util-crypto';
import { WalletError } from '../protocol/errors.ts';
import type { KeyType } from '../protocol/vault.ts';
import { utf8, wipe } from './encoding.ts';

export const SS58_PREFIX = 42;

/**
 * What a local account's secret is:
 * - 'seed': the 32-byte mini-secret (from a mnemonic, a raw seed, or btcli's secretSeed), and the
 *   mnemonic's entropy when there was one (so the recovery phrase can be shown again);
 * - 'pair': an expanded secret key with its public key (from a JSON keystore or btcli's privateKey),
 *   which has no seed or phrase behind it.
 */
export type SecretMaterial =
  | { kind: 'seed'; seed: Uint8Array; entropy?: Uint8Array }
  | { kind: 'pair'; secretKey: Uint8Array; publicKey: Uint8Array };

export interface Keypair {
  publicKey: Uint8Array;
  secretKey: Uint8Array;
}

const MATERIAL_VERSION = 1;
const KIND_SEED = 1;
const KIND_PAIR = 2;

/** Binary, not JSON: JSON would turn the secret into strings, which cannot be wiped. */
export function encodeMaterial(m: SecretMaterial): Uint8Array {
  if (m.kind === 'seed') {
    if (m.seed.length !== 32) throw new Error('seed must be 32 bytes');
    const entropy = m.entropy ?? new Uint8Array(0);
    const out = new Uint8Array(3 + 32 + entropy.length);
    out.set([MATERIAL_VERSION, KIND_SEED, entropy.length]);
    out.set(m.seed, 3);
    out.set(entropy, 35);
    return out;
  }
  if (m.secretKey.length !== 64 || m.publicKey.length !== 32) throw new Error('pair must be 64 + 32 bytes');
  const out = new Uint8Array(3 + 96);
  out.set([MATERIAL_VERSION, KIND_PAIR, 0]);
  out.set(m.secretKey, 3);
  out.set(m.publicKey, 67);
  return out;
}

/** Copies out of `bytes` (which the caller wipes); the result is wiped with wipeMaterial. */
export function decodeMaterial(bytes: Uint8Array): SecretMaterial {
  const [version, kind, entropyLength = 0] = bytes;
  if (version !== MATERIAL_VERSION) throw new Error('unknown secret material version');
  if (kind === KIND_SEED && bytes.length === 35 + entropyLength) {
    const seed = bytes.slice(3, 35);
    return entropyLength ? { kind: 'seed', seed, entropy: bytes.slice(35) } : { kind: 'seed', seed };
  }
  if (kind === KIND_PAIR && bytes.length === 99) return { kind: 'pair', secretKey: bytes.slice(3, 67), publicKey: bytes.slice(67, 99) };
  throw new Error('malformed secret material');
}

export function wipeMaterial(m: SecretMaterial | undefined): void {
  if (!m) return;
  if (m.kind === 'seed') wipe(m.seed, m.entropy);
  else wipe(m.secretKey);
}

/** substrate-bip39: the mini-secret is PBKDF2-SHA512(entropy, "mnemonic", 2048)[0..32], computed from bytes. */
export function miniSecretFromEntropy(entropy: Uint8Array): Uint8Array {
  const { password } = pbkdf2Encode(entropy, utf8('mnemonic'), 2048);
  const seed = password.slice(0, 32);
  password.fill(0);
  return seed;
}

export function pairFromSeed(type: KeyType, seed: Uint8Array): Keypair {
  return type === 'sr25519' ? sr25519PairFromSeed(seed) : ed25519PairFromSeed(seed);
}

export function parseDerivationPath(path: string | undefined, type: KeyType) {
  if (!path) return [];
  let junctions;
  try {
    ({ path: junctions } = keyExtractPath(path));
  } catch {
    throw new WalletError('BadRequest', `Invalid derivation path '${path}'`);
  }
  if (type === 'ed25519' && junctions.some((j) => j.isSoft)) {
    throw new WalletError('BadRequest', 'ed25519 supports only hard derivation (//name), not soft (/name)');
  }
  return junctions;
}

/** The signing keypair of an account: material -> pair -> derivation path. Intermediate secrets are wiped. */
export function keypairOf(m: SecretMaterial, type: KeyType, derivationPath?: string): Keypair {
  const junctions = parseDerivationPath(derivationPath, type);
  if (junctions.length && m.kind === 'pair') throw new WalletError('BadRequest', 'An imported key pair cannot be derived further');
  let pair: Keypair = m.kind === 'seed' ? pairFromSeed(type, m.seed) : { publicKey: m.publicKey.slice(), secretKey: m.secretKey.slice() };
  for (const junction of junctions) {
    const next = type === 'sr25519' ? keyHdkdSr25519(pair, junction) : keyHdkdEd25519(pair, junction);
    wipe(pair.secretKey);
    pair = next;
  }
  return pair;
}

export function sign(type: KeyType, pair: Keypair, message: Uint8Array): Uint8Array {
  return type === 'sr25519' ? sr25519Sign(message, pair) : ed25519Sign(message, pair);
}

export function addressOf(publicKey: Uint8Array): string {
  return encodeAddress(publicKey, SS58_PREFIX);
}

/** Any SS58 (any prefix) or 0x-hex account id, re-encoded with prefix 42; a clear error otherwise. */
export function normalizeAddress(address: string): string {
  try {
    const raw = decodeAddress(address);
    if (raw.length !== 32) throw new Error('not 32 bytes');
    return addressOf(raw);
  } catch {
    throw new WalletError('BadRequest', `Not a valid address: ${address.slice(0, 70)}`);
  }
}

/**
 * sr25519 secret keys come in two layouts: @polkadot's (scalar times the cofactor 8, "ed25519
 * bytes") and schnorrkel's canonical one (used by sp-core, hence btcli's privateKey). A pair is
 * accepted only when a test signature verifies against its public key, trying both layouts.
 */
export function checkSr25519Pair(secretKey: Uint8Array, publicKey: Uint8Array): Uint8Array | undefined {
  const probe = utf8('taostake pair check');
  const works = (sk: Uint8Array) => {
    try {
      return sr25519Verify(probe, sr25519Sign(probe, { publicKey, secretKey: sk }), publicKey);
    } catch {
      return false;
    }
  };
  if (works(secretKey)) return secretKey.slice();
  const times8 = secretKey.slice();
  let carry = 0;
  for (let i = 0; i < 32; i++) {
    const v = (secretKey[i]! << 3) | carry;
    times8[i] = v & 0xff;
    carry = v >> 8;
  }
  if (works(times8)) return times8;
  wipe(times8);
  return undefined;
}

export const hex = (bytes: Uint8Array): `0x${string}` => u8aToHex(bytes);
