/**
 * TAOAppv1: structured subnet content in the `additional` field of a subnet's on-chain identity
 * (spec: latent-to/TAOApp-specs, taoapp-v1/SPEC.md). Two forms:
 * - `TAOAppv1:` + base64url (no padding) of raw DEFLATE with the frozen preset dictionary;
 * - plain JSON with `"apiVersion": "TAOAppv1"`.
 * Anything else (another major version, broken base64, a DEFLATE or JSON error, not an object)
 * is not a card: the field stays ordinary owner text. Field by field, a bad value is dropped and
 * the rest kept; every string is text to render as text; every URL must be https.
 */
import { inflateSync } from 'fflate';
import { DICTIONARY_V1 } from './dictionary.ts';

const PREFIX = 'TAOAppv1:';
/** The runtime caps `additional` at 1024 bytes; anything far longer did not come from a chain. */
const MAX_INPUT_CHARS = 4096;
const B64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

export const LINK_KEYS = ['x', 'telegram', 'docs', 'dashboard', 'whitepaper', 'huggingface', 'youtube', 'linkedin', 'github'] as const;
export type LinkKey = (typeof LINK_KEYS)[number];

/** The parts of a TAOAppv1 document a subnet card shows. */
export interface SubnetCard {
  tagline?: string;
  category?: string;
  tags: string[];
  links: { key: LinkKey; url: string }[];
  about?: { title?: string; subtitle?: string };
}

let dictionary: Uint8Array | undefined;
const dictionaryBytes = (): Uint8Array => (dictionary ??= new TextEncoder().encode(DICTIONARY_V1));

/** The major version of a TAOApp payload (`TAOAppv<N>:` or JSON naming `TAOAppv<N>`), or null for ordinary text. */
export function payloadVersion(additional: string): number | null {
  const text = additional.trim();
  const prefixed = /^TAOAppv(\d+):/.exec(text);
  if (prefixed) return Number(prefixed[1]);
  if (!text.startsWith('{')) return null;
  const named = /"apiVersion"\s*:\s*"TAOAppv(\d+)"/.exec(text);
  return named ? Number(named[1]) : null;
}

/** Base64url without padding (trailing `=` tolerated) to bytes; null on any other character or an impossible length. */
export function base64UrlDecode(text: string): Uint8Array | null {
  const clean = text.replace(/=+$/, '');
  if (clean.length % 4 === 1) return null;
  const out = new Uint8Array(Math.floor((clean.length * 3) / 4));
  let buffer = 0;
  let bits = 0;
  let at = 0;
  for (const ch of clean) {
    const value = B64URL.indexOf(ch);
    if (value < 0) return null;
    buffer = ((buffer << 6) | value) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[at++] = (buffer >> bits) & 0xff;
    }
  }
  return out;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The decoded v1 document (apiVersion removed), or null for anything that is not one. Never throws. */
export function decodeTaoAppPayload(additional: string | null | undefined): Record<string, unknown> | null {
  if (typeof additional !== 'string' || additional.length > MAX_INPUT_CHARS) return null;
  const text = additional.trim();
  try {
    if (text.startsWith('{')) {
      const doc: unknown = JSON.parse(text);
      if (!isObject(doc) || doc['apiVersion'] !== 'TAOAppv1') return null;
      const rest = { ...doc };
      delete rest['apiVersion'];
      return rest;
    }
    if (!text.startsWith(PREFIX)) return null;
    const bytes = base64UrlDecode(text.slice(PREFIX.length));
    if (!bytes || bytes.length === 0) return null;
    const json = new TextDecoder('utf-8', { fatal: true }).decode(inflateSync(bytes, { dictionary: dictionaryBytes() }));
    const doc: unknown = JSON.parse(json);
    return isObject(doc) ? doc : null;
  } catch {
    return null;
  }
}

/** Unicode characters, not UTF-16 units: the spec's limits count characters. */
function clip(value: unknown, max: number): string | undefined {
  if (typeof value !== 'string') return undefined;
  const chars = [...value.trim()];
  if (chars.length === 0) return undefined;
  return chars.length > max ? chars.slice(0, max).join('') : chars.join('');
}

/** The URL if it is a well-formed https:// URL of at most `max` characters with no credentials; else null. */
export function httpsUrl(value: unknown, max = 200): string | null {
  if (typeof value !== 'string' || value.length > max) return null;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return null;
  }
  if (url.protocol !== 'https:' || url.username !== '' || url.password !== '' || url.hostname === '') return null;
  return url.href;
}

/** The card fields of a decoded document, each validated on its own (bad values dropped). */
export function subnetCardOf(doc: Record<string, unknown>): SubnetCard {
  const card: SubnetCard = { tags: [], links: [] };
  const tagline = clip(doc['tagline'], 140);
  if (tagline) card.tagline = tagline;
  const category = clip(doc['category'], 32);
  if (category) card.category = category;
  if (Array.isArray(doc['tags'])) {
    for (const t of doc['tags']) {
      const tag = clip(t, 24);
      if (tag && card.tags.length < 8) card.tags.push(tag);
    }
  }
  const links = doc['links'];
  if (isObject(links)) {
    for (const key of LINK_KEYS) {
      const url = httpsUrl(links[key]);
      if (url) card.links.push({ key, url });
    }
  }
  const about = doc['about'];
  if (isObject(about)) {
    const title = clip(about['title'], 120);
    const subtitle = clip(about['subtitle'], 200);
    if (title || subtitle) card.about = { ...(title ? { title } : {}), ...(subtitle ? { subtitle } : {}) };
  }
  return card;
}

/** `additional` -> a subnet card, or null when the field is not a TAOAppv1 payload. */
export function subnetCard(additional: string | null | undefined): SubnetCard | null {
  const doc = decodeTaoAppPayload(additional);
  return doc ? subnetCardOf(doc) : null;
}
