import type { Storage } from 'webextension-polyfill';

/**
 * The key-value shape the background persists through. Values must be JSON-safe (no bigint:
 * money is stored as decimal strings). Production uses `browser.storage.local` (survives
 * restarts, encrypted secrets only) and `browser.storage.session` (survives a worker restart,
 * cleared with the browser: the unlocked session key and pending requests live there).
 */
export interface KeyValueStore {
  get<T>(key: string): Promise<T | undefined>;
  /** Writes all items in one call: one storage transaction in Chromium. */
  set(items: Record<string, unknown>): Promise<void>;
  remove(keys: string | string[]): Promise<void>;
}

export function storageAreaStore(area: Storage.StorageArea): KeyValueStore {
  return {
    async get<T>(key: string) {
      const items = await area.get(key);
      return items[key] as T | undefined;
    },
    set: (items) => area.set(items),
    remove: (keys) => area.remove(keys),
  };
}

/**
 * An in-memory store with the browser's copy semantics (values are cloned through JSON on the
 * way in and out, as structured clone would). For unit tests of background services; the
 * browser tests exercise the real storage areas.
 */
export class MemoryStore implements KeyValueStore {
  readonly data = new Map<string, string>();

  async get<T>(key: string): Promise<T | undefined> {
    const raw = this.data.get(key);
    return raw === undefined ? undefined : (JSON.parse(raw) as T);
  }

  async set(items: Record<string, unknown>): Promise<void> {
    for (const [k, value] of Object.entries(items)) this.data.set(k, JSON.stringify(value));
  }

  async remove(keys: string | string[]): Promise<void> {
    for (const k of Array.isArray(keys) ? keys : [keys]) this.data.delete(k);
  }
}
