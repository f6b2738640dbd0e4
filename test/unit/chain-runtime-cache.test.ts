// The runtime cache across service-worker restarts, against the real devnet over WebSocket: a
// "restart" is a new ChainService on the same storage. Requests are counted on the wire by a
// relay in front of the devnet. Bad cached blobs (corrupt, another genesis, another spec
// version, refused by the decoder) are discarded and the metadata fetched again, once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDevnet, type Devnet } from '../../devnet/index.ts';
import { RecordingSink } from '../../background/platform/events.ts';
import { MemoryStore } from '../../background/platform/storage.ts';
import { ChainService } from '../../background/chain/service.ts';
import { RUNTIME_INDEX_KEY, runtimeRecordKey } from '../../background/chain/runtime-store.ts';
import { metadataDigest, runtimeKey, type CachedRuntime, type RuntimeIndex } from '../../src/chain/runtime-cache.ts';
import { startRpcCounter, type RpcCounter, type RpcRequest } from './helpers/rpc-counter.ts';
import { waitFor } from './helpers/wait.ts';
import type { Snapshot } from '../../src/protocol/chain.ts';

const ALICE = '5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY';

/** A metadata download on the wire: the runtime API (what polkadot.js uses first) or the legacy RPC. */
const isMetadataDownload = (r: RpcRequest) =>
  r.method === 'state_getMetadata' || (r.method === 'state_call' && r.params[0] === 'Metadata_metadata_at_version');

let devnet: Devnet;
let relay: RpcCounter;

beforeAll(async () => {
  devnet = await startDevnet({ port: 0, mode: 'manual' });
  relay = await startRpcCounter(devnet.url);
});

afterAll(async () => {
  await relay?.close();
  await devnet?.close();
});

interface Start {
  /** Requests before the first fresh snapshot that are not the snapshot's own reads. */
  connectRequests: number;
  /** The first fresh snapshot's own reads. */
  reads: number;
  /** Every request on the wire before the first fresh snapshot was emitted. */
  methods: string[];
  metadataDownloads: number;
  /** The first snapshot at the new head, as the popup was told it. */
  snapshot: Snapshot;
  chain: ChainService;
}

/** A worker start on `local`: connects and waits for a snapshot at the devnet's current head. */
async function start(local: MemoryStore): Promise<Start> {
  devnet.newBlock(); // the stored snapshot is now stale: only a fresh read can show this block
  const head = devnet.head().number;
  relay.reset();
  // Counted when the popup is told (reads that follow the first fresh snapshot are not its cost).
  let first: { requests: RpcRequest[]; reads: number; snapshot: Snapshot } | null = null;
  const events = new RecordingSink();
  const record = events.toExtension.bind(events);
  events.toExtension = (name, payload) => {
    const snapshot = (payload as { snapshot?: Snapshot | null }).snapshot;
    if (!first && name === 'chain.updated' && snapshot?.blockNumber === head) first = { requests: [...relay.requests], reads: chain.lastRefresh!.requests, snapshot };
    record(name, payload);
  };
  const chain: ChainService = new ChainService({ local, events, signer: null, urls: { devnet: relay.url }, connection: { baseDelayMs: 50 } });
  await chain.init();
  const { requests, reads, snapshot } = await waitFor(() => first, 'a fresh snapshot');
  return {
    connectRequests: requests.length - reads,
    reads,
    methods: requests.map((r) => r.method),
    metadataDownloads: requests.filter(isMetadataDownload).length,
    snapshot,
    chain,
  };
}

/** Starts, then stops once the runtime is stored (it is written after the connect, off the critical path). */
async function startAndStop(local: MemoryStore): Promise<Start> {
  const started = await start(local);
  await waitFor(() => record(local, runtimeKey(genesis(), spec())), 'the runtime record');
  await started.chain.close();
  return started;
}

function index(local: MemoryStore): RuntimeIndex {
  return JSON.parse(local.data.get(RUNTIME_INDEX_KEY) ?? '{"entries":[]}') as RuntimeIndex;
}

function record(local: MemoryStore, key: string): CachedRuntime | undefined {
  const raw = local.data.get(runtimeRecordKey(key));
  return raw === undefined ? undefined : (JSON.parse(raw) as CachedRuntime);
}

const genesis = () => devnet.node.chain.genesisHash.toLowerCase() as `0x${string}`;
const spec = () => devnet.meta.runtimeVersion.specVersion;

async function freshStore(): Promise<MemoryStore> {
  const local = new MemoryStore();
  await local.set({ 'chain.settings': { tolerancePpm: 5000, allowPartial: false, activeAddress: ALICE } });
  return local;
}

/** A store in which a first worker has connected once and cached the runtime. */
async function warmedStore(): Promise<MemoryStore> {
  const local = await freshStore();
  await startAndStop(local);
  return local;
}

/**
 * Replaces the stored runtime by `edit(record)`, under the key of `as` (default: the edited
 * record's own genesis and spec), index line included. Returns that key.
 */
async function rewrite(local: MemoryStore, edit: (r: CachedRuntime) => unknown, as?: { genesisHash: `0x${string}`; specVersion: number }): Promise<string> {
  const key = runtimeKey(genesis(), spec());
  const next = edit(record(local, key)!);
  const { genesisHash, specVersion } = as ?? (next as CachedRuntime);
  const nextKey = runtimeKey(genesisHash, specVersion);
  const entry = { ...index(local).entries.find((e) => e.key === key)!, key: nextKey, genesisHash, specVersion };
  await local.remove(runtimeRecordKey(key));
  await local.set({ [runtimeRecordKey(nextKey)]: next, [RUNTIME_INDEX_KEY]: { entries: [entry] } });
  return nextKey;
}

/** Asserts the next start fetched the metadata once, stored it, and the one after that fetches nothing. */
async function expectRefetchedOnce(local: MemoryStore, staleKey: string | null): Promise<Start> {
  const refetch = await startAndStop(local);
  expect(refetch.metadataDownloads).toBe(1);
  const key = runtimeKey(genesis(), spec());
  expect(index(local).entries.map((e) => e.key)).toEqual([key]);
  if (staleKey && staleKey !== key) expect(local.data.has(runtimeRecordKey(staleKey))).toBe(false);
  const after = await startAndStop(local);
  expect(after.metadataDownloads).toBe(0);
  expect(after.connectRequests).toBeLessThanOrEqual(3);
  return refetch;
}

describe('runtime cache across worker restarts (devnet over WebSocket)', () => {
  it('a restarted worker reaches its first fresh snapshot with at most 3 requests besides the reads, and no metadata download', async () => {
    const local = await freshStore();
    const cold = await startAndStop(local);
    // Without a cache: the full polkadot.js init, metadata included (so the figures below mean something).
    expect(cold.metadataDownloads).toBe(1);
    expect(cold.methods).toEqual(expect.arrayContaining(['system_chain', 'system_properties', 'rpc_methods']));
    expect(cold.connectRequests).toBeGreaterThan(3);

    const warm = await start(local);
    try {
      expect(warm.metadataDownloads).toBe(0);
      expect(warm.connectRequests).toBeLessThanOrEqual(3);
      for (const m of ['system_chain', 'system_properties', 'rpc_methods', 'state_getRuntimeVersion', 'state_getMetadata']) expect(warm.methods).not.toContain(m);
      // Always asked: the genesis hash (the cache is per chain) and the runtime version (per spec), plus the head subscription.
      expect(warm.methods.filter((m) => !['state_call', 'state_queryStorageAt'].includes(m)).sort()).toEqual(['chain_getBlockHash', 'chain_subscribeNewHeads', 'state_subscribeRuntimeVersion']);
      // The api is as complete as with a download: the faucet RPC is decorated from the cached rpc_methods.
      const api = await warm.chain.getApi();
      expect((api.rpc as unknown as { dev?: { setBalance?: unknown } }).dev?.setBalance).toBeTypeOf('function');
      expect(api.runtimeMetadata.toHex()).toBe(devnet.meta.hex);
      expect(api.registry.chainSS58).toBe(42);
    } finally {
      await warm.chain.close();
    }
  });

  it('the first fresh snapshot after a restart is three reads in one round trip; names and locks follow at the same block', async () => {
    const local = await warmedStore();
    // Tamper with what the restart may carry: a validator's name and a lock figure. The first
    // fresh snapshot shows them (it did not read them); the reads that follow it correct both.
    const stored = JSON.parse(local.data.get('chain.snapshot')!) as Snapshot;
    const named = stored.account!.positions.find((p) => p.hotkeyName)!;
    const realName = named.hotkeyName!;
    for (const p of stored.account!.positions) if (p.hotkey === named.hotkey) p.hotkeyName = 'Stale name';
    const lockRow = stored.account!.locks!.subnets[0]!;
    const realAvailable = lockRow.available;
    lockRow.available = '1';
    await local.set({ 'chain.snapshot': stored });

    const warm = await start(local);
    try {
      expect(warm.connectRequests).toBeLessThanOrEqual(3);
      expect(warm.reads).toBeLessThanOrEqual(3);
      expect(warm.methods.filter((m) => m === 'state_call' || m === 'state_queryStorageAt').length).toBeLessThanOrEqual(3);
      const nameIn = (s: Snapshot) => s.account!.positions.find((p) => p.hotkey === named.hotkey)!.hotkeyName;
      expect(nameIn(warm.snapshot)).toBe('Stale name');
      expect(warm.snapshot.account!.locks!.subnets[0]!.available).toBe('1');
      const completed = await waitFor(async () => {
        const s = (await warm.chain.state()).snapshot;
        return s?.blockHash === warm.snapshot.blockHash && s.account?.locks?.subnets[0]?.available === realAvailable ? s : null;
      }, 'the reads after the first fresh snapshot');
      expect(nameIn(completed)).toBe(realName);
      expect(completed.account!.positions.map((p) => p.alpha)).toEqual(warm.snapshot.account!.positions.map((p) => p.alpha));
    } finally {
      await warm.chain.close();
    }
  });

  it('a corrupt blob (one changed character, or not a record at all) is discarded and the metadata fetched again', async () => {
    const local = await warmedStore();
    const key = await rewrite(local, (r) => {
      const at = Math.floor(r.metadata.length / 2);
      const c = r.metadata[at] === '0' ? '1' : '0';
      return { ...r, metadata: `${r.metadata.slice(0, at)}${c}${r.metadata.slice(at + 1)}` };
    });
    await expectRefetchedOnce(local, key);

    await rewrite(local, () => 'not a runtime record', { genesisHash: genesis(), specVersion: spec() });
    await expectRefetchedOnce(local, null);
  });

  it('metadata that passes its digest but not the decoder is discarded after one failed attempt', async () => {
    const local = await warmedStore();
    // Truncated, with a digest that matches: only polkadot.js's decoder can tell.
    const key = await rewrite(local, (r) => {
      const metadata = r.metadata.slice(0, 2000) as `0x${string}`;
      return { ...r, metadata, digest: metadataDigest(metadata) };
    });
    await expectRefetchedOnce(local, key);
  });

  it('a runtime cached for this URL but another genesis (the node there is another chain now) is never used, and is discarded', async () => {
    const local = await warmedStore();
    const other = `0x${'ab'.repeat(32)}` as const;
    const key = await rewrite(local, (r) => ({ ...r, genesisHash: other, chain: 'Some other chain', rpcMethods: { methods: [] } }));
    const next = await start(local);
    try {
      expect(next.metadataDownloads).toBe(1);
      // Nothing from the other chain's record was replayed: the node's own answers were asked for.
      expect(next.methods).toEqual(expect.arrayContaining(['system_chain', 'system_properties', 'rpc_methods']));
      const api = await next.chain.getApi();
      expect((api.rpc as unknown as { dev?: { setBalance?: unknown } }).dev?.setBalance).toBeTypeOf('function');
    } finally {
      await next.chain.close();
    }
    await waitFor(() => !local.data.has(runtimeRecordKey(key)), 'the other chain\'s record discarded');
    expect(index(local).entries.map((e) => e.key)).toEqual([runtimeKey(genesis(), spec())]);
  });

  it('a record whose content is for another genesis or spec than its key is discarded unread', async () => {
    const local = await warmedStore();
    const right = { genesisHash: genesis(), specVersion: spec() };
    // Stored under the right key, but the record says spec - 1, or another genesis.
    await rewrite(local, (r) => ({ ...r, specVersion: r.specVersion - 1 }), right);
    await expectRefetchedOnce(local, null);
    await rewrite(local, (r) => ({ ...r, genesisHash: `0x${'cd'.repeat(32)}` }), right);
    await expectRefetchedOnce(local, null);
  });

  it('a runtime upgrade (same genesis, new spec version): fetched once, the old spec evicted, then cached again', async () => {
    const local = await warmedStore();
    const oldKey = runtimeKey(genesis(), spec());
    // The devnet's dev_migratePools (on another branch) changes spec and metadata; here the running
    // devnet's runtime version is bumped in place, which is what the wallet keys on.
    const original = devnet.meta.runtimeVersion;
    devnet.meta.runtimeVersion = { ...original, specVersion: original.specVersion + 1 };
    try {
      const upgraded = await expectRefetchedOnce(local, oldKey);
      // Same chain: its name and properties are still the cached ones; the node's RPC list is asked again.
      expect(upgraded.methods).toContain('rpc_methods');
      expect(upgraded.methods).not.toContain('system_chain');
      expect(record(local, runtimeKey(genesis(), original.specVersion + 1))?.specVersion).toBe(original.specVersion + 1);
    } finally {
      devnet.meta.runtimeVersion = original;
    }
    // And back (a rollback is just another spec version): fetched once more.
    await expectRefetchedOnce(local, runtimeKey(genesis(), original.specVersion + 1));
  });
});
