// The runtime cache's pure rules: record checks (shape, key, digest) and the bounded LRU index.
import { describe, expect, it } from 'vitest';
import {
  admitRuntime, checkCachedRuntime, newCachedRuntime, parseRuntimeIndex, runtimeForUrl, runtimeKey, type RuntimeIndexEntry,
} from './runtime-cache.ts';

const G1 = `0x${'11'.repeat(32)}` as const;
const G2 = `0x${'22'.repeat(32)}` as const;
const record = newCachedRuntime({ genesisHash: G1, specVersion: 7, url: 'ws://a', chain: 'Dev', properties: { ss58Format: 42 }, rpcMethods: { methods: ['dev_setBalance'] }, metadata: '0x6d657461' });

function line(genesisHash: `0x${string}`, specVersion: number, size: number, usedAt: number, url = 'ws://a'): RuntimeIndexEntry {
  return { key: runtimeKey(genesisHash, specVersion), genesisHash, specVersion, url, size, usedAt };
}

describe('checkCachedRuntime', () => {
  it('accepts an intact record for its own key', () => {
    expect(checkCachedRuntime(JSON.parse(JSON.stringify(record)), { genesisHash: G1, specVersion: 7 })).toEqual(record);
  });

  it('refuses a record for another genesis or spec, a changed blob, a foreign format and non-records', () => {
    expect(checkCachedRuntime(record, { genesisHash: G2, specVersion: 7 })).toMatch(/genesis/);
    expect(checkCachedRuntime(record, { genesisHash: G1, specVersion: 8 })).toMatch(/spec version/);
    expect(checkCachedRuntime({ ...record, metadata: '0x6d657462' }, { genesisHash: G1, specVersion: 7 })).toMatch(/digest/);
    expect(checkCachedRuntime({ ...record, metadata: 'meta' }, { genesisHash: G1, specVersion: 7 })).toMatch(/hex/);
    expect(checkCachedRuntime({ ...record, format: 2 }, { genesisHash: G1, specVersion: 7 })).toMatch(/format/);
    expect(checkCachedRuntime({ ...record, rpcMethods: { methods: [1] } }, { genesisHash: G1, specVersion: 7 })).toMatch(/rpc_methods/);
    expect(checkCachedRuntime('garbage', { genesisHash: G1, specVersion: 7 })).toBe('not a record');
    expect(checkCachedRuntime(null, { genesisHash: G1, specVersion: 7 })).toBe('not a record');
  });
});

describe('the runtime index', () => {
  it('keeps only well-formed lines whose key matches their genesis and spec', () => {
    const good = line(G1, 7, 10, 1);
    expect(parseRuntimeIndex({ entries: [good, { ...good, key: runtimeKey(G2, 7) }, { ...good, size: '10' }, 5] }).entries).toEqual([good]);
    expect(parseRuntimeIndex('nonsense').entries).toEqual([]);
  });

  it('offers the runtime last used with the URL, and nothing for an unknown URL', () => {
    const index = { entries: [line(G1, 7, 10, 1), line(G2, 3, 10, 5), line(G2, 4, 10, 2, 'ws://b')] };
    expect(runtimeForUrl(index, 'ws://a')?.key).toBe(runtimeKey(G2, 3));
    expect(runtimeForUrl(index, 'ws://c')).toBeUndefined();
  });

  it('evicts other spec versions of the same chain at once, then the least recently used beyond the count', () => {
    const index = { entries: [line(G1, 6, 10, 1), line(G2, 1, 10, 2), line(`0x${'33'.repeat(32)}`, 1, 10, 3)] };
    const upgraded = admitRuntime(index, line(G1, 7, 10, 9), { maxEntries: 2, maxChars: 1000 });
    expect(upgraded.kept).toBe(true);
    expect(upgraded.index.entries.map((e) => e.key)).toEqual([runtimeKey(G1, 7), runtimeKey(`0x${'33'.repeat(32)}`, 1)]);
    expect(upgraded.evicted.sort()).toEqual([runtimeKey(G1, 6), runtimeKey(G2, 1)].sort());
  });

  it('stays inside the character budget, and does not keep an entry larger than the whole budget', () => {
    const index = { entries: [line(G2, 1, 600, 5)] };
    const fits = admitRuntime(index, line(G1, 7, 500, 9), { maxEntries: 4, maxChars: 1000 });
    expect(fits.index.entries.map((e) => e.key)).toEqual([runtimeKey(G1, 7)]);
    expect(fits.evicted).toEqual([runtimeKey(G2, 1)]);
    const huge = admitRuntime(index, line(G1, 7, 1001, 9), { maxEntries: 4, maxChars: 1000 });
    expect(huge.kept).toBe(false);
    expect(huge.index.entries.map((e) => e.key)).toEqual([runtimeKey(G2, 1)]);
  });
});
