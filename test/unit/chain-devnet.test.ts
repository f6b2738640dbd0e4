// The chain client against the project's devnet over a real WebSocket: snapshot reads, the
// stake pipeline (prepare -> sim cross-check -> vault signature -> submit -> events), chain
// errors decoded by name, and recovery by hash when the connection drops mid-submit.
// The devnet's staking logic is simulated (devnet/state); the real-runtime check of the
// signing path is test/unit/chopsticks.test.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDevnet, type Devnet } from '../../devnet/index.ts';
import { TypeRegistry } from '@polkadot/types';
import { quoteStake } from '../../src/amm/index.ts';
import { callRuntime, runtimeCallDef, SUBTENSOR_TYPES } from '../../src/chain/runtime-api.ts';
import { poolOf } from '../../src/chain/snapshot.ts';
import type { Snapshot, TxRecord } from '../../src/protocol/chain.ts';
import { RecordingSink } from '../../background/platform/events.ts';
import { MemoryStore } from '../../background/platform/storage.ts';
import { ChainService } from '../../background/chain/service.ts';
import type { VaultService } from '../../background/vault/service.ts';
import { startTcpProxy, type TcpProxy } from './helpers/tcp-proxy.ts';
import { encodeAddress } from '@polkadot/util-crypto';
import { waitFor } from './helpers/wait.ts';
import { devRpc as devRpcOf, firstSnapshot as firstSnapshotOf } from './helpers/devnet-chain.ts';
import { aliceVault, ALICE_VAULT_PASSWORD } from './helpers/alice-vault.ts';

const ALICE = '5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY';

let devnet: Devnet;
let vault: VaultService;

beforeAll(async () => {
  // The Balancer-era client path (SwapBalancer pools); devnet-profiles.test.ts covers every runtime.
  devnet = await startDevnet({ runtime: 'balancer', port: 0, mode: 'manual' });
  ({ vault } = await aliceVault());
});

afterAll(async () => {
  await devnet?.close();
});

function service(url: string, local = new MemoryStore(), events = new RecordingSink()) {
  const chain = new ChainService({
    // Public endpoints are replaced by a closed loopback port: tests never leave 127.0.0.1.
    local, events, signer: vault, urls: { devnet: url, finney: 'ws://127.0.0.1:1', testnet: 'ws://127.0.0.1:1' },
    connection: { baseDelayMs: 100, maxDelayMs: 400, attemptTimeoutMs: 5000 },
    probeTimeoutMs: 3000,
  });
  return { chain, local, events };
}

const firstSnapshot = (chain: ChainService): Promise<Snapshot> => firstSnapshotOf(chain, devnet, ALICE);
const devRpc = (method: string, params: unknown[]): Promise<unknown> => devRpcOf(devnet, method, params);

const txOf = (events: RecordingSink, id: string) =>
  events.sent.filter((e) => e.name === 'tx.updated' && (e.payload as TxRecord).id === id).map((e) => e.payload as TxRecord);

describe('snapshot', () => {
  it('reads every subnet and the account at one block in at most four requests, and caches it', async () => {
    const { chain, local } = service(devnet.url);
    try {
      const snap = await firstSnapshot(chain);
      const state = devnet.state();
      expect(snap.subnets.map((s) => s.netuid)).toEqual([...state.subnets.keys()].sort((a, b) => a - b));
      const sn1 = state.subnets.get(1)!;
      const view = snap.subnets.find((s) => s.netuid === 1)!;
      expect(view.taoReserve).toBe(sn1.taoReserve.toString());
      expect(view.alphaReserve).toBe(sn1.alphaReserve.toString());
      expect(view.quoteWeight).toBe(sn1.quoteWeight.toString());
      expect(view.name).toBe(sn1.name);
      expect(snap.poolModel).toBe('balancer'); // this suite runs the devnet's `balancer` runtime
      const aliceHex = [...state.accounts.keys()].find((k) => state.accounts.get(k)!.free.toString() === snap.account!.free);
      expect(aliceHex).toBeDefined();
      expect(snap.account!.positions.length).toBeGreaterThan(0);
      expect(BigInt(snap.account!.totalTao)).toBeGreaterThan(BigInt(snap.account!.free));
      // Steady state: the per-block refresh is ≤ 4 requests (dynamic info, stake info, one storage query; + delegates now and then).
      devnet.newBlock();
      await waitFor(async () => (await chain.state()).snapshot!.blockNumber === devnet.head().number, 'the next block');
      expect(chain.lastRefresh!.requests).toBeLessThanOrEqual(4);
      // The cache: a new service on the same storage shows the snapshot before connecting.
      const again = new ChainService({ local, events: new RecordingSink(), signer: null, urls: { devnet: 'ws://127.0.0.1:1' }, connection: { attemptTimeoutMs: 500 } });
      const cached = await again.state();
      expect(cached.snapshot?.blockHash).toBe((await chain.state()).snapshot!.blockHash);
      await again.close();
    } finally {
      await chain.close();
    }
  });

  it('lists validators of a subnet with take and stake', async () => {
    const { chain } = service(devnet.url);
    try {
      await chain.init();
      const validators = await chain.validators(1);
      expect(validators.length).toBeGreaterThan(0);
      const hotkeys = [...devnet.state().hotkeys.values()].filter((h) => h.registrations.includes(1));
      expect(validators.length).toBe(hotkeys.length);
      for (const v of validators) {
        expect(v.take).toBeGreaterThan(0);
        expect(v.name.length).toBeGreaterThan(0);
      }
      expect(BigInt(validators[0]!.stake)).toBeGreaterThanOrEqual(BigInt(validators[validators.length - 1]!.stake));
    } finally {
      await chain.close();
    }
  });
});

describe('devnet faucet', () => {
  it('tops a fresh account up to 1,000 test TAO on the devnet, and not beyond', async () => {
    const { chain } = service(devnet.url);
    const fresh = encodeAddress(new Uint8Array(32).fill(9), 42); // no key needed: it only receives
    const before = await chain.getApi().then((api) => api.query.system!.account!(fresh));
    expect((before as unknown as { data: { free: { toString(): string } } }).data.free.toString()).toBe('0');
    expect(await chain.devnetFaucet(fresh)).toEqual({ free: '1000000000000' });
    const after = await chain.getApi().then((api) => api.query.system!.account!(fresh));
    expect((after as unknown as { data: { free: { toString(): string } } }).data.free.toString()).toBe('1000000000000');
    // Alice already holds more: the faucet changes nothing.
    const alice = (await chain.getApi().then((api) => api.query.system!.account!(ALICE))) as unknown as { data: { free: { toString(): string } } };
    expect(await chain.devnetFaucet(ALICE)).toEqual({ free: alice.data.free.toString() });
    await chain.close();
  });
});

describe('networks', () => {
  it('persists the choice: a custom subtensor URL is accepted, a public network is kept even when unreachable', async () => {
    const local = new MemoryStore();
    const { chain } = service('ws://127.0.0.1:1', local);
    try {
      expect((await chain.networks()).selected).toBe('devnet');
      const state = await chain.selectNetwork('custom', devnet.url);
      expect(state.network).toBe('custom');
      await chain.getApi();
      expect(chain.connectionState().status).toBe('connected');
      await expect(chain.selectNetwork('custom', 'http://example.org')).rejects.toMatchObject({ code: 'BadRequest' });
      await expect(chain.selectNetwork('custom', 'ws://127.0.0.1:1')).rejects.toMatchObject({ code: 'Disconnected' });
      expect((await chain.networks()).customUrl).toBe(devnet.url);
      await chain.selectNetwork('finney');
    } finally {
      await chain.close();
    }
    // A new worker on the same storage comes back on the chosen network.
    const { chain: again } = service('ws://127.0.0.1:1', local);
    try {
      const n = await again.networks();
      expect(n).toMatchObject({ selected: 'finney', customUrl: devnet.url });
      expect(again.connectionState().network).toBe('finney');
    } finally {
      await again.close();
    }
  }, 40_000);
});

describe('runtime-API types for v14 chains', () => {
  it('decode the same bytes as the v15 metadata types the devnet serves', async () => {
    const { chain } = service(devnet.url);
    try {
      const api = await chain.getApi();
      const at = (await api.rpc.chain.getHeader()).hash.toHex();
      const v14 = new TypeRegistry();
      v14.register(SUBTENSOR_TYPES);
      const cases: [string, string, unknown[], string][] = [
        ['SubnetInfoRuntimeApi', 'get_all_dynamic_info', [], 'Vec<Option<SubtensorDynamicInfo>>'],
        ['StakeInfoRuntimeApi', 'get_stake_info_for_coldkey', [ALICE], 'Vec<SubtensorStakeInfo>'],
        ['DelegateInfoRuntimeApi', 'get_delegates', [], 'Vec<SubtensorDelegateInfo>'],
        ['SwapRuntimeApi', 'sim_swap_tao_for_alpha', [1, 1_000_000_000n], 'SubtensorSimSwapResult'],
      ];
      for (const [apiName, method, args, handType] of cases) {
        const v15 = await callRuntime(api, apiName, method, args, at);
        const bytes = v15.toU8a();
        const hand = v14.createType(handType, bytes);
        expect(hand.toU8a(), `${apiName}.${method}`).toEqual(bytes);
        expect(JSON.stringify(hand.toJSON()).length, `${apiName}.${method}`).toBeGreaterThan(10);
        // Same field values, whatever the key spelling (camelCase from v15 lookup vs snake here).
        const norm = (j: unknown) => JSON.stringify(j).replace(/"[a-zA-Z_0-9]+":/g, (k) => k.replace(/_/g, '').toLowerCase());
        expect(norm(hand.toJSON())).toBe(norm(v15.toJSON()));
      }
      expect(runtimeCallDef(api, 'SwapRuntimeApi', 'sim_swap_alpha_for_tao')?.params.length).toBe(2);
    } finally {
      await chain.close();
    }
  });
});

describe('stake pipeline', () => {
  it('prepares from metadata, agrees with sim_swap, signs with the vault, and reads what was received', async () => {
    const { chain, events } = service(devnet.url);
    try {
      const snap = await firstSnapshot(chain);
      const [validator] = await chain.validators(1);
      const subnet = snap.subnets.find((s) => s.netuid === 1)!;
      const amount = 10_000_000_000n;
      const limit = (BigInt(subnet.price) * 1_005n) / 1_000n;
      const preview = quoteStake(poolOf(subnet, snap), amount);
      const prepared = await chain.prepare(ALICE, { kind: 'stake', hotkey: validator!.hotkey, netuid: 1, amount: amount.toString(), limitPrice: limit.toString(), allowPartial: false }, preview.amountOut.toString());
      expect(prepared.call.hex.startsWith('0x0758')).toBe(true);
      expect(prepared.call.method).toBe('addStakeLimit');
      expect(BigInt(prepared.networkFee)).toBeGreaterThan(0n);
      expect(prepared.simulation?.differences).toEqual([]);
      expect(prepared.simulation?.chain.amountOut).toBe(preview.amountOut.toString());
      expect(prepared.summary).toContain('Stake 10 TAO into SN1');

      const record = await chain.submit(prepared.id);
      expect(record.hash).toMatch(/^0x[0-9a-f]{64}$/);
      expect(['broadcast', 'inBlock']).toContain(record.status);
      devnet.newBlock();
      const done = await waitFor(() => txOf(events, prepared.id).find((r) => r.status === 'finalized' || r.status === 'failed'), 'the stake to finalize');
      expect(done.status).toBe('finalized');
      expect(done.error).toBeNull();
      expect(done.received).toBe(preview.amountOut.toString());
      expect(done.previewed).toBe(preview.amountOut.toString());
      expect(done.explorerUrl).toBeNull();
      expect((await chain.listTx())[0]!.id).toBe(prepared.id);
      // A prepared transaction is used once: a second submit is refused.
      await expect(chain.submit(prepared.id)).rejects.toMatchObject({ code: 'NotFound' });
    } finally {
      await chain.close();
    }
  });

  /** Submits a stake of `amount` rao into SN2 limited to 0.2% above the price, runs `beforeBlock`, and waits for the stake to fail. */
  async function tightStakeFails(amount: string, beforeBlock: () => unknown) {
    const { chain, events } = service(devnet.url);
    try {
      const snap = await firstSnapshot(chain);
      const [validator] = await chain.validators(2);
      const limit = (BigInt(snap.subnets.find((s) => s.netuid === 2)!.price) * 1_002n) / 1_000n;
      const prepared = await chain.prepare(ALICE, { kind: 'stake', hotkey: validator!.hotkey, netuid: 2, amount, limitPrice: limit.toString(), allowPartial: false });
      await chain.submit(prepared.id);
      await beforeBlock();
      return await waitFor(() => txOf(events, prepared.id).find((r) => r.status === 'failed'), 'the stake to fail');
    } finally {
      await chain.close();
    }
  }

  it('reports a front-run past the limit as PriceLimitExceeded in words, decoded from metadata', async () => {
    // A whale buys first (applied at the start of the next block, before the pooled stake).
    const failed = await tightStakeFails('5000000000', () => devRpc('dev_frontRun', [2, '50000000000000']));
    expect(failed.error?.code).toBe('PriceLimitExceeded');
    expect(failed.error?.message).toMatch(/someone traded first/);
    expect(failed.received).toBeNull();
  });

  it('reports a stake too large for its limit as SlippageTooHigh ("nothing was spent")', async () => {
    // 2000 TAO into a 180k TAO pool moves the price about 2%, ten times the 0.2% limit.
    const failed = await tightStakeFails('2000000000000', () => devnet.newBlock());
    expect(failed.error?.code).toBe('SlippageTooHigh');
    expect(failed.error?.message).toMatch(/price moved past your limit.*nothing was spent/);
  });

  it('a locked wallet refuses to sign and keeps the reviewed transaction for after unlocking', async () => {
    const { chain, events } = service(devnet.url);
    try {
      await firstSnapshot(chain);
      const prepared = await chain.prepare(ALICE, { kind: 'transfer', dest: '5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty', amount: '1000000' });
      await vault.lock();
      await expect(chain.submit(prepared.id)).rejects.toMatchObject({ code: 'Locked' });
      expect(await chain.listTx()).toEqual([]);
      await vault.unlock(ALICE_VAULT_PASSWORD);
      const record = await chain.submit(prepared.id);
      expect(record.status).toBe('broadcast');
      devnet.newBlock();
      const done = await waitFor(() => txOf(events, prepared.id).find((r) => r.status === 'finalized'), 'the transfer');
      expect(done.received).toBe('1000000');
    } finally {
      await chain.close();
    }
  });

  it('refuses bad input with typed errors and changes nothing', async () => {
    const { chain } = service(devnet.url);
    try {
      await chain.init();
      await expect(chain.prepare('not-an-address-at-all-xxxxxxxxxxxxxxxxxxxxxx', { kind: 'unstakeAll', hotkey: ALICE })).rejects.toMatchObject({ code: 'BadRequest' });
      await expect(chain.submit('nope')).rejects.toMatchObject({ code: 'NotFound' });
      await expect(chain.prepare(ALICE, { kind: 'stake', hotkey: ALICE, netuid: 999, amount: '1000000000', limitPrice: '1', allowPartial: false })).rejects.toMatchObject({ code: 'SubnetNotExists' });
      expect(await chain.listTx()).toEqual([]);
    } finally {
      await chain.close();
    }
  });
});

describe('connection loss', () => {
  let proxy: TcpProxy;
  beforeAll(async () => {
    proxy = await startTcpProxy(devnet.port);
  });
  afterAll(async () => {
    await proxy?.close();
  });

  it('recovers a transaction by hash after the connection drops mid-submit, never sending it twice', async () => {
    const { chain, events } = service(proxy.url);
    try {
      const snap = await firstSnapshot(chain);
      const [validator] = await chain.validators(3);
      const subnet = snap.subnets.find((s) => s.netuid === 3)!;
      const prepared = await chain.prepare(ALICE, { kind: 'stake', hotkey: validator!.hotkey, netuid: 3, amount: '2000000000', limitPrice: ((BigInt(subnet.price) * 11n) / 10n).toString(), allowPartial: false });
      const nonceBefore = await (await chain.getApi()).rpc.system.accountNextIndex(ALICE);
      const record = await chain.submit(prepared.id);
      expect(record.status).toBe('broadcast');
      await proxy.cut();
      const unknown = await waitFor(() => txOf(events, prepared.id).find((r) => r.status === 'unknown'), 'status unknown');
      expect(unknown.error?.message).toMatch(/does not know yet whether it was included/);
      // The node includes it while the wallet is away.
      devnet.newBlock(2);
      await proxy.restore();
      const found = await waitFor(() => txOf(events, prepared.id).find((r) => r.status === 'inBlock' || r.status === 'finalized'), 'recovery by hash', 30_000);
      expect(found.hash).toBe(record.hash);
      expect(found.received).not.toBeNull();
      // No new best block comes: finality of the blocks made while cut off is announced later,
      // and the wallet sees it on the finalized-head stream it follows while the record waits.
      await waitFor(() => txOf(events, prepared.id).find((r) => r.status === 'finalized'), 'finalized after recovery', 10_000);
      // Exactly one extrinsic from Alice was included: her nonce moved by one.
      const api = await chain.getApi();
      expect((await api.rpc.system.accountNextIndex(ALICE)).toNumber()).toBe(nonceBefore.toNumber() + 1);
    } finally {
      await chain.close();
    }
  });

  it('says a transaction that never lands expired once its era is over', async () => {
    const { chain, events } = service(proxy.url);
    try {
      await firstSnapshot(chain);
      const prepared = await chain.prepare(ALICE, { kind: 'transfer', dest: '5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty', amount: '1000000000' });
      await chain.submit(prepared.id);
      await proxy.cut();
      await waitFor(() => txOf(events, prepared.id).find((r) => r.status === 'unknown'), 'status unknown');
      // The node forgets it (as if it fell out of the pool) and the era passes.
      await devRpc('dev_dropPool', []);
      devnet.newBlock(70);
      await proxy.restore();
      devnet.newBlock();
      const dropped = await waitFor(() => txOf(events, prepared.id).find((r) => r.status === 'dropped'), 'expiry', 30_000);
      expect(dropped.error?.code).toBe('Expired');
      expect(dropped.error?.message).toMatch(/Nothing was spent/);
    } finally {
      await chain.close();
    }
  });

  it('reconnects with backoff and reports the state', async () => {
    const { chain, events } = service(proxy.url);
    try {
      await chain.getApi();
      await proxy.cut();
      const retrying = await waitFor(() => events.sent.map((e) => e.payload as { connection?: { status: string; attempt: number; nextRetryAt: number | null } }).find((p) => p.connection?.status === 'reconnecting' && p.connection.attempt >= 2), 'two retries');
      expect(retrying.connection!.nextRetryAt).not.toBeNull();
      await proxy.restore();
      await waitFor(() => chain.connectionState().status === 'connected', 'reconnected', 10_000);
      expect(chain.connectionState().attempt).toBe(0);
    } finally {
      await chain.close();
    }
  });
});
