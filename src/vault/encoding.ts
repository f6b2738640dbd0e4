// Byte and JSON helpers shared by the vault format and the file parsers. Pure; no browser APIs.
import { base64Decode, base64Encode } from '@polkadot/util-crypto';

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

export function toBase64(bytes: Uint8Array): string {
  return base64Encode(bytes);
}

/** Strict base64 (a tampered or truncated field is an error, not silently shortened bytes). */
export function fromBase64(text: string, expectedLength?: number): Uint8Array {
  if (typeof text !== 'string' || text.length % 4 !== 0 || !BASE64.test(text)) throw new Error('not base64');
  const bytes = base64Decode(text);
  if (expectedLength !== undefined && bytes.length !== expectedLength) throw new Error(`expected ${expectedLength} bytes, found ${bytes.length}`);
  return bytes;
}

/**
 * JSON with object keys sorted at every level: the bytes a checksum or an AEAD's associated data
 * is computed over must not depend on the insertion order a storage round trip happens to keep.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v === undefined ? null : v)).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/** Overwrites secret bytes in place. JS cannot promise the engine kept no other copy; this removes ours. */
export function wipe(...buffers: (Uint8Array | undefined | null)[]): void {
  for (const b of buffers) b?.fill(0);
}

export const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);
