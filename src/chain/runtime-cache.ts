/**
 * What the wallet remembers of a chain's runtime between service-worker restarts, so that a
 * reconnect needs no metadata download: the metadata itself and the node's answers that never
 * change for one runtime (system_chain, system_properties, rpc_methods). Pure: record checks,
 * the digest, and the bounded LRU index; the background persists them (background/chain/runtime-store.ts).
 *
 * A record is keyed by genesis hash + spec version, and is only ever used after the node has
 * answered with that same genesis hash and spec version: it cannot cross networks, and a runtime
 * upgrade (a new spec version) simply misses and is fetched once.
 */
import { hexToU8a, isHex } from '@polkadot/util';
import { blake2AsHex } from '@polkadot/util-crypto';

export type Hex = `0x${string}`;

/** Bumped when the record shape changes; records of another format are discarded. */
export const RUNTIME_CACHE_FORMAT = 1;

/** At most this many runtimes are kept (a few networks, one spec version each). */
export const MAX_CACHED_RUNTIMES = 4;
/**
 * And at most this many characters of metadata hex in total (about 2 bytes per metadata byte):
 * well inside storage.local's 10 MB quota, which the vault and the activity list share.
 */
export const MAX_CACHED_METADATA_CHARS = 6 * 1024 * 1024;

export interface CachedRuntime {
  format: typeof RUNTIME_CACHE_FORMAT;
  genesisHash: Hex;
  specVersion: number;
  /** The node these answers came from: rpc_methods is per node, not per chain. */
  url: string;
  /** Raw JSON results of system_chain, system_properties and rpc_methods, replayed as they were. */
  chain: string;
  properties: unknown;
  rpcMethods: { methods: string[] } & Record<string, unknown>;
  /** SCALE metadata as polkadot.js takes it in the `metadata` option. */
  metadata: Hex;
  /** blake2b-256 of the metadata bytes: a blob changed in storage is caught before it is decoded. */
  digest: Hex;
}

/** One index line: what the LRU needs, without reading the (large) record itself. */
export interface RuntimeIndexEntry {
  key: string;
  genesisHash: Hex;
  specVersion: number;
  url: string;
  /** Characters of metadata hex. */
  size: number;
  usedAt: number;
}

export interface RuntimeIndex {
  entries: RuntimeIndexEntry[];
}

export interface CacheLimits {
  maxEntries: number;
  maxChars: number;
}

export const DEFAULT_CACHE_LIMITS: CacheLimits = { maxEntries: MAX_CACHED_RUNTIMES, maxChars: MAX_CACHED_METADATA_CHARS };

/** polkadot.js's own key for known metadata: `${genesisHash}-${specVersion}`. */
export function runtimeKey(genesisHash: string, specVersion: number): string {
  return `${genesisHash.toLowerCase()}-${specVersion}`;
}

export function metadataDigest(metadata: Hex): Hex {
  return blake2AsHex(hexToU8a(metadata), 256);
}

const isGenesis = (v: unknown): v is Hex => typeof v === 'string' && /^0x[0-9a-f]{64}$/.test(v);
const isSpec = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0;
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The record if `raw` is a well-formed record for exactly `expected` (the key it was stored
 * under), with intact metadata; otherwise why not, in words (the caller discards it).
 */
export function checkCachedRuntime(raw: unknown, expected: { genesisHash: string; specVersion: number }): CachedRuntime | string {
  if (!isObject(raw)) return 'not a record';
  if (raw['format'] !== RUNTIME_CACHE_FORMAT) return `format ${String(raw['format'])}, expected ${RUNTIME_CACHE_FORMAT}`;
  const { genesisHash, specVersion, url, chain, properties, rpcMethods, metadata, digest } = raw;
  if (!isGenesis(genesisHash) || genesisHash !== expected.genesisHash.toLowerCase()) return `genesis ${String(genesisHash)} is not ${expected.genesisHash}`;
  if (!isSpec(specVersion) || specVersion !== expected.specVersion) return `spec version ${String(specVersion)} is not ${expected.specVersion}`;
  if (typeof url !== 'string' || typeof chain !== 'string' || properties === undefined) return 'missing node answers';
  if (!isObject(rpcMethods) || !Array.isArray(rpcMethods['methods']) || !rpcMethods['methods'].every((m) => typeof m === 'string')) return 'malformed rpc_methods';
  if (typeof metadata !== 'string' || metadata.length < 4 || !isHex(metadata)) return 'metadata is not hex';
  if (typeof digest !== 'string' || metadataDigest(metadata as Hex) !== digest) return 'metadata does not match its digest';
  return raw as unknown as CachedRuntime;
}

export function newCachedRuntime(fields: Omit<CachedRuntime, 'format' | 'digest' | 'genesisHash'> & { genesisHash: string }): CachedRuntime {
  return { ...fields, format: RUNTIME_CACHE_FORMAT, genesisHash: fields.genesisHash.toLowerCase() as Hex, digest: metadataDigest(fields.metadata) };
}

/** The index as stored, keeping only well-formed lines (a damaged index costs a download, nothing else). */
export function parseRuntimeIndex(raw: unknown): RuntimeIndex {
  if (!isObject(raw) || !Array.isArray(raw['entries'])) return { entries: [] };
  const entries = (raw['entries'] as unknown[]).filter((e): e is RuntimeIndexEntry =>
    isObject(e) && typeof e['key'] === 'string' && isGenesis(e['genesisHash']) && isSpec(e['specVersion'])
    && e['key'] === runtimeKey(e['genesisHash'], e['specVersion'])
    && typeof e['url'] === 'string' && typeof e['size'] === 'number' && typeof e['usedAt'] === 'number');
  return { entries };
}

/**
 * The runtime to offer when connecting to `url`: the one last used with that node. Before the
 * node has answered nothing is known about its genesis, so this is only a guess that the
 * connection then checks.
 */
export function runtimeForUrl(index: RuntimeIndex, url: string): RuntimeIndexEntry | undefined {
  return index.entries.filter((e) => e.url === url).sort((a, b) => b.usedAt - a.usedAt)[0];
}

/**
 * The index with `entry` added (or refreshed) and what must be deleted to stay inside `limits`:
 * other spec versions of the same genesis first (the chain upgraded: they will not be asked
 * for again), then the least recently used. An entry larger than the whole budget is not kept.
 */
export function admitRuntime(index: RuntimeIndex, entry: RuntimeIndexEntry, limits: CacheLimits = DEFAULT_CACHE_LIMITS): { index: RuntimeIndex; evicted: string[]; kept: boolean } {
  const evicted: string[] = [];
  let rest = index.entries.filter((e) => e.key !== entry.key);
  for (const e of rest) if (e.genesisHash === entry.genesisHash) evicted.push(e.key);
  rest = rest.filter((e) => e.genesisHash !== entry.genesisHash).sort((a, b) => b.usedAt - a.usedAt);
  if (entry.size > limits.maxChars) return { index: { entries: rest }, evicted: [...evicted, entry.key], kept: false };
  const entries = [entry];
  let chars = entry.size;
  for (const e of rest) {
    if (entries.length < limits.maxEntries && chars + e.size <= limits.maxChars) {
      entries.push(e);
      chars += e.size;
    } else {
      evicted.push(e.key);
    }
  }
  return { index: { entries }, evicted, kept: true };
}
