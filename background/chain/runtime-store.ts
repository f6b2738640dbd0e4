/**
 * The runtime cache in storage.local: a small index (`chain.runtimes`) and one record per
 * genesis hash + spec version (`chain.runtime.<genesis>-<spec>`), so choosing what to offer a
 * node reads one record, never all of them. Records read or written by this worker are kept in
 * memory too: a reconnect in the same worker lifetime reads nothing.
 */
import {
  admitRuntime, checkCachedRuntime, DEFAULT_CACHE_LIMITS, parseRuntimeIndex, runtimeForUrl, runtimeKey,
  type CacheLimits, type CachedRuntime, type RuntimeIndex,
} from '../../src/chain/runtime-cache.ts';
import type { KeyValueStore } from '../platform/storage.ts';

export const RUNTIME_INDEX_KEY = 'chain.runtimes';
export const runtimeRecordKey = (key: string): string => `chain.runtime.${key}`;

/** What a connection needs from the cache. */
export interface RuntimeCache {
  /** The runtime last used with the node at `url`, intact, or undefined (a damaged one is discarded). */
  forUrl(url: string): Promise<CachedRuntime | undefined>;
  /** Stores a runtime just verified against a node (and evicts what no longer fits). */
  save(record: CachedRuntime): Promise<void>;
  /** Marks a runtime as just used with the node at `url` (the LRU order). */
  used(record: CachedRuntime, url: string): Promise<void>;
  /** Deletes a runtime that turned out unusable, saying why. */
  discard(key: string, reason: string): Promise<void>;
}

export class RuntimeStore implements RuntimeCache {
  private readonly memory = new Map<string, CachedRuntime>();
  private queue: Promise<unknown> = Promise.resolve();
  /** Why records were discarded (tests and diagnostics). */
  readonly discarded: { key: string; reason: string }[] = [];

  constructor(
    private readonly kv: KeyValueStore,
    private readonly opts: { now?: () => number; limits?: CacheLimits } = {},
  ) {}

  private now(): number {
    return (this.opts.now ?? Date.now)();
  }

  /** Index read-modify-writes run one at a time. */
  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn, fn);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async index(): Promise<RuntimeIndex> {
    return parseRuntimeIndex(await this.kv.get(RUNTIME_INDEX_KEY));
  }

  async forUrl(url: string): Promise<CachedRuntime | undefined> {
    const entry = runtimeForUrl(await this.index(), url);
    if (!entry) return undefined;
    const inMemory = this.memory.get(entry.key);
    if (inMemory) return inMemory;
    const checked = checkCachedRuntime(await this.kv.get(runtimeRecordKey(entry.key)), entry);
    if (typeof checked === 'string') {
      await this.discard(entry.key, checked);
      return undefined;
    }
    this.memory.set(entry.key, checked);
    return checked;
  }

  save(record: CachedRuntime): Promise<void> {
    return this.serial(async () => {
      const key = runtimeKey(record.genesisHash, record.specVersion);
      const entry = { key, genesisHash: record.genesisHash, specVersion: record.specVersion, url: record.url, size: record.metadata.length, usedAt: this.now() };
      const { index, evicted, kept } = admitRuntime(await this.index(), entry, this.opts.limits ?? DEFAULT_CACHE_LIMITS);
      for (const k of evicted) this.memory.delete(k);
      if (kept) this.memory.set(key, record);
      // The record before the index line that points at it, and evictions after the index no longer lists them.
      if (kept) await this.kv.set({ [runtimeRecordKey(key)]: record });
      await this.kv.set({ [RUNTIME_INDEX_KEY]: index });
      if (evicted.length) await this.kv.remove(evicted.map(runtimeRecordKey));
    });
  }

  used(record: CachedRuntime, url: string): Promise<void> {
    return this.serial(async () => {
      const key = runtimeKey(record.genesisHash, record.specVersion);
      const index = await this.index();
      const entry = index.entries.find((e) => e.key === key);
      if (!entry) return;
      entry.usedAt = this.now();
      entry.url = url;
      await this.kv.set({ [RUNTIME_INDEX_KEY]: index });
    });
  }

  discard(key: string, reason: string): Promise<void> {
    this.discarded.push({ key, reason });
    return this.serial(async () => {
      this.memory.delete(key);
      const index = await this.index();
      await this.kv.set({ [RUNTIME_INDEX_KEY]: { entries: index.entries.filter((e) => e.key !== key) } });
      await this.kv.remove(runtimeRecordKey(key));
    });
  }
}
