// Password -> 32-byte vault key. The parameters travel with the ciphertext (self-describing), so a
// stronger default can be introduced later and old vaults are upgraded on their next unlock.
import { scrypt } from '@noble/hashes/scrypt.js';
import { randomBytes } from '@noble/hashes/utils.js';
import { fromBase64, toBase64, utf8 } from './encoding.ts';

export type KdfParams =
  | { name: 'scrypt'; N: number; r: number; p: number; salt: string }
  | { name: 'pbkdf2-sha256'; iterations: number; salt: string };

/** A KDF choice without its salt: what new vaults are written with. */
export type KdfSpec = { name: 'scrypt'; N: number; r: number; p: number } | { name: 'pbkdf2-sha256'; iterations: number };

/**
 * Production strength: scrypt N = 2^16, r = 8, p = 1 (64 MiB, memory-hard; twice the 2^15 floor).
 * Chosen by measurement (scripts/bench/vault.ts): about 0.6 s in V8 on the 2-core reference
 * machine when idle, inside the 1 s unlock budget; 2^17 took 0.8-1.2 s, too close to it.
 * (PBKDF2-SHA256 at 600k is faster through WebCrypto, ~0.2 s, but not memory-hard.)
 */
export const DEFAULT_KDF: KdfSpec = { name: 'scrypt', N: 1 << 16, r: 8, p: 1 };

/** Floors below which this build refuses to WRITE a vault (reading weaker ones is allowed, then upgraded). */
export const MIN_SCRYPT_N = 1 << 15;
export const MIN_PBKDF2_ITERATIONS = 600_000;

/** Ceilings when READING: a tampered header must not make unlock allocate gigabytes or run for hours. */
const MAX_SCRYPT_N = 1 << 20;
const MAX_SCRYPT_R = 32;
const MAX_SCRYPT_P = 16;
const MAX_PBKDF2_ITERATIONS = 20_000_000;

export const KEY_LENGTH = 32;
const SALT_LENGTH = 32;

export function newKdfParams(spec: KdfSpec): KdfParams {
  const salt = toBase64(randomBytes(SALT_LENGTH));
  return spec.name === 'scrypt' ? { name: 'scrypt', N: spec.N, r: spec.r, p: spec.p, salt } : { name: 'pbkdf2-sha256', iterations: spec.iterations, salt };
}

/** Structural check of stored parameters; returns a reason when they are unusable. */
export function kdfProblem(params: KdfParams): string | undefined {
  try {
    if (fromBase64(params.salt).length < 16) return 'salt too short';
  } catch {
    return 'salt is not base64';
  }
  if (params.name === 'scrypt') {
    const { N, r, p } = params;
    if (!Number.isInteger(N) || N < 2 || N > MAX_SCRYPT_N || (N & (N - 1)) !== 0) return 'scrypt N out of range';
    if (!Number.isInteger(r) || r < 1 || r > MAX_SCRYPT_R) return 'scrypt r out of range';
    if (!Number.isInteger(p) || p < 1 || p > MAX_SCRYPT_P) return 'scrypt p out of range';
    return undefined;
  }
  if (params.name === 'pbkdf2-sha256') {
    const { iterations } = params;
    if (!Number.isInteger(iterations) || iterations < 1 || iterations > MAX_PBKDF2_ITERATIONS) return 'pbkdf2 iterations out of range';
    return undefined;
  }
  return 'unknown KDF';
}

/** True when `stored` is not the target KDF at least as strong as it: re-encrypt on unlock. */
export function needsUpgrade(stored: KdfParams, target: KdfSpec): boolean {
  if (stored.name !== target.name) return true;
  if (stored.name === 'scrypt' && target.name === 'scrypt') return stored.N < target.N || stored.r < target.r || stored.p < target.p;
  if (stored.name === 'pbkdf2-sha256' && target.name === 'pbkdf2-sha256') return stored.iterations < target.iterations;
  return true;
}

export function describeKdf(params: KdfSpec | KdfParams): string {
  return params.name === 'scrypt' ? `scrypt N=2^${Math.log2(params.N)} r=${params.r} p=${params.p}` : `PBKDF2-SHA256 ${params.iterations} iterations`;
}

/**
 * Derives the vault master key. scrypt runs synchronously: @noble's scryptAsync (which yields to
 * the event loop) measured 40-60 % slower here, and an unlock is the only thing the user is doing
 * at that moment (vault operations queue behind it anyway). PBKDF2 uses WebCrypto (native).
 */
export async function deriveKey(password: string, params: KdfParams): Promise<Uint8Array> {
  const problem = kdfProblem(params);
  if (problem) throw new Error(`Unusable KDF parameters: ${problem}`);
  const salt = fromBase64(params.salt);
  // NFKC so the same password typed on another keyboard layout or OS derives the same key.
  const secret = utf8(password.normalize('NFKC'));
  try {
    if (params.name === 'scrypt') {
      const maxmem = 128 * params.r * params.N * params.p + 128 * params.r * params.p + 1024 * 1024;
      return scrypt(secret, salt, { N: params.N, r: params.r, p: params.p, dkLen: KEY_LENGTH, maxmem });
    }
    const material = await crypto.subtle.importKey('raw', secret.slice().buffer as ArrayBuffer, 'PBKDF2', false, ['deriveBits']);
    const bits = await crypto.subtle.deriveBits({ name: 'PBKDF2', hash: 'SHA-256', salt: salt.slice().buffer as ArrayBuffer, iterations: params.iterations }, material, KEY_LENGTH * 8);
    return new Uint8Array(bits);
  } finally {
    secret.fill(0);
  }
}
