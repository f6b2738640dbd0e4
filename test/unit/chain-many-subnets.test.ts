// A finney-sized chain (140 subnets, superellipse pools) over a real WebSocket: the devnet, like
// RPC providers, caps a storage query at 1,000 keys. The snapshot must still arrive, every query
// must stay under the cap, and the per-block refresh must stay within one storage query.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDevnet, type Devnet } from '../../devnet/index.ts';
import { createGenesisState } from '../../devnet/state/index.ts';
import { ChainService } from '../../background/chain/service.ts';
import { MAX_KEYS_PER_QUERY, queryStorageAt } from '../../background/chain/reader.ts';
import { RecordingSink } from '../../background/platform/events.ts';
import { MemoryStore } from '../../background/platform/storage.ts';
import { waitFor } from './helpers/wait.ts';

const ALICE = '5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY';
const SUBNETS = 140;

let devnet: Devnet;
let chain: ChainService;
/** Every state_queryStorageAt on the wire: its key count. */
const queries: number[] = [];

beforeAll(async () => {
  const genesis = createGenesisState('current');
  const template = genesis.subnets.get(1)!;
  for (let n = genesis.subnets.size; n < SUBNETS; n++) genesis.subnets.set(n, { ...template, netuid: n, name: `Many${n}` });
  devnet = await startDevnet({ port: 0, mode: 'manual', genesis, runtime: 'current' });
  chain = new ChainService({
    local: new MemoryStore(), events: new RecordingSink(), signer: null, urls: { devnet: devnet.url },
    connection: { onRequest: (method, params) => method === 'state_queryStorageAt' && queries.push((params[0] as unknown[]).length) },
  });
  await chain.updateSettings({ activeAddress: ALICE });
  await chain.init();
});

afterAll(async () => {
  await chain?.close();
  await devnet?.close();
});

describe(`${SUBNETS} subnets`, () => {
  it('the first snapshot arrives with every subnet priced, in queries of at most 1,000 keys', async () => {
    const s = await waitFor(async () => (await chain.state()).snapshot, 'the first snapshot');
    expect(s.subnets).toHaveLength(SUBNETS);
    expect(s.subnets.filter((x) => x.netuid > 0).every((x) => BigInt(x.price) > 0n)).toBe(true);
    expect(Math.max(...queries)).toBeLessThanOrEqual(MAX_KEYS_PER_QUERY);
    // Without chunking the first query alone has more than 1,000 keys.
    expect(queries.reduce((a, b) => a + b, 0)).toBeGreaterThan(MAX_KEYS_PER_QUERY);
  });

  it('the per-block refresh is one storage query: pools with a curve are not asked for their archived weights again', async () => {
    const before = (await chain.state()).snapshot!;
    queries.length = 0;
    const target = devnet.newBlock().number;
    const s = await waitFor(async () => {
      const x = (await chain.state()).snapshot;
      return x?.blockNumber === target ? x : null;
    }, 'the next snapshot');
    expect(queries).toHaveLength(1);
    expect(queries[0]).toBeLessThanOrEqual(MAX_KEYS_PER_QUERY);
    // The carried Balancer weights are the ones read at the first snapshot.
    expect(s.subnets.map((x) => x.quoteWeight)).toEqual(before.subnets.map((x) => x.quoteWeight));
    expect(s.subnets.map((x) => x.price)).toEqual(before.subnets.map((x) => x.price));
  });

  it('queryStorageAt splits 2,500 keys into three requests and returns every value', async () => {
    const api = await chain.getApi();
    const head = (await api.rpc.chain.getBlockHash()).toHex();
    const subnetTao = api.query.subtensorModule!.subnetTAO!;
    const keys = Array.from({ length: 2_500 }, (_, i) => subnetTao.key(i < SUBNETS ? i : 10_000 + i).toLowerCase());
    queries.length = 0;
    const values = await queryStorageAt(api, keys, head);
    expect(queries).toEqual([1_000, 1_000, 500]);
    expect(values.size).toBe(2_500);
    expect(keys.slice(1, SUBNETS).every((k) => values.get(k) !== null)).toBe(true);
    expect(keys.slice(SUBNETS).every((k) => values.get(k) === null)).toBe(true);
  });
});
