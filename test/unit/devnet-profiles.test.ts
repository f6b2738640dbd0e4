// The wallet's chain client against each devnet runtime profile (devnet/profiles.ts) over a real
// WebSocket: the snapshot picks the pool model from the live metadata, and a stake and an
// unstake previewed with the local AMM receive exactly the previewed amount (from the events).
// Then a runtime upgrade while connected: dev_migratePools turns the balancer runtime into the
// current one, the next snapshot prices with the superellipse, and the same trade stays exact.
// The devnet's rules are simulated (devnet/state); the real-runtime check is chopsticks.test.ts.
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { startDevnet, type Devnet } from '../../devnet/index.ts';
import { PROFILES, type RuntimeName } from '../../devnet/profiles.ts';
import { quoteStake, quoteUnstake, type PoolModel } from '../../src/amm/index.ts';
import { poolOf } from '../../src/chain/snapshot.ts';
import type { Intent, TxRecord } from '../../src/protocol/chain.ts';
import { RecordingSink } from '../../background/platform/events.ts';
import { MemoryStore } from '../../background/platform/storage.ts';
import { ChainService } from '../../background/chain/service.ts';
import { NO_SIMULATION } from '../../src/chain/simulation.ts';
import type { VaultService } from '../../background/vault/service.ts';
import { validator } from '../../devnet/state/index.ts';
import { waitFor } from './helpers/wait.ts';
import { aliceVault } from './helpers/alice-vault.ts';
import { snapshotAtHead } from './helpers/devnet-chain.ts';

const ALICE = '5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY';
const AURORA = validator('aurora').address;

let vault: VaultService | undefined;
let devnet: Devnet | undefined;
let chain: ChainService | undefined;
let events: RecordingSink;

async function connect(runtime: RuntimeName): Promise<{ devnet: Devnet; chain: ChainService }> {
  vault ??= (await aliceVault()).vault;
  devnet = await startDevnet({ runtime, port: 0, mode: 'manual', finalityDelayMs: 50 });
  events = new RecordingSink();
  chain = new ChainService({
    local: new MemoryStore(), events, signer: vault,
    urls: { devnet: devnet.url, finney: 'ws://127.0.0.1:1', testnet: 'ws://127.0.0.1:1' },
    connection: { baseDelayMs: 100, maxDelayMs: 400, attemptTimeoutMs: 5000 },
    probeTimeoutMs: 3000,
  });
  await chain.updateSettings({ activeAddress: ALICE });
  await chain.init();
  return { devnet, chain };
}

afterEach(async () => {
  await chain?.close();
  await devnet?.close();
  chain = undefined;
  devnet = undefined;
});

afterAll(async () => {
  await vault?.lock();
});

type Send = (d: Devnet, c: ChainService, intent: Intent & { kind: 'stake' | 'unstake' }, previewed: bigint) => Promise<Pick<TxRecord, 'error' | 'received'>>;

/** Signs and submits `intent` through the wallet's prepare/submit with the previewed amount, makes a block and returns the finalized record. */
const submit: Send = async (d, c, intent, previewed) => {
  const prepared = await c.prepare(ALICE, intent, previewed.toString());
  await c.submit(prepared.id);
  d.newBlock();
  return waitFor(
    () => events.sent.map((e) => e.payload as TxRecord).find((r) => r.id === prepared.id && (r.status === 'finalized' || r.status === 'failed')),
    `${intent.kind} to finalize`,
  );
};

/** A stake of 10 TAO and an unstake of 1,000 alpha on SN1 through Aurora, each received exactly as previewed. */
async function stakeAndUnstakeExactly(d: Devnet, c: ChainService, model: PoolModel, send: Send = submit): Promise<void> {
  const before = await snapshotAtHead(d, c);
  expect(before.poolModel).toBe(model);
  const subnet = before.subnets.find((s) => s.netuid === 1)!;
  const tao = 10_000_000_000n;
  const stakePreview = quoteStake(poolOf(subnet, before), tao).amountOut;
  const limit = (BigInt(subnet.price) * 1_005n) / 1_000n;
  const staked = await send(d, c, { kind: 'stake', hotkey: AURORA, netuid: 1, amount: tao.toString(), limitPrice: limit.toString(), allowPartial: false }, stakePreview);
  expect(staked.error).toBeNull();
  expect(staked.received).toBe(stakePreview.toString());

  const after = await snapshotAtHead(d, c);
  const moved = after.subnets.find((s) => s.netuid === 1)!;
  expect(BigInt(moved.price)).toBeGreaterThan(BigInt(subnet.price));
  const alpha = 1_000_000_000_000n;
  const unstakePreview = quoteUnstake(poolOf(moved, after), alpha).amountOut;
  const floor = (BigInt(moved.price) * 995n) / 1_000n;
  const unstaked = await send(d, c, { kind: 'unstake', hotkey: AURORA, netuid: 1, amount: alpha.toString(), limitPrice: floor.toString(), allowPartial: false }, unstakePreview);
  expect(unstaked.error).toBeNull();
  expect(unstaked.received).toBe(unstakePreview.toString());
}

describe('each runtime profile: snapshot, preview, sign, submit', () => {
  const expected: [RuntimeName, PoolModel][] = [['current', 'superellipse'], ['balancer', 'balancer'], ['v3', 'v3']];
  for (const [runtime, model] of expected) {
    it(`${runtime} (spec ${PROFILES[runtime].specVersion}): the pool model is ${model} and a stake and an unstake receive the preview to the rao`, async () => {
      const { devnet: d, chain: c } = await connect(runtime);
      expect((await c.getApi()).runtimeVersion.specVersion.toNumber()).toBe(PROFILES[runtime].specVersion);
      await stakeAndUnstakeExactly(d, c, model);
    }, 60_000);
  }
});

describe('v3 (spec 293): a runtime without sim_swap', () => {
  it('prepares a stake, an unstake, a full unstake and a cross-subnet swap, each saying in words that there is no chain simulation', async () => {
    const { devnet: d, chain: c } = await connect('v3');
    const snap = await snapshotAtHead(d, c);
    const price = (netuid: number) => BigInt(snap.subnets.find((s) => s.netuid === netuid)!.price);
    const intents: Intent[] = [
      { kind: 'stake', hotkey: AURORA, netuid: 1, amount: '10000000000', limitPrice: ((price(1) * 1_005n) / 1_000n).toString(), allowPartial: false },
      { kind: 'unstake', hotkey: AURORA, netuid: 1, amount: '1000000000', limitPrice: ((price(1) * 995n) / 1_000n).toString(), allowPartial: false },
      { kind: 'unstakeFull', hotkey: AURORA, netuid: 1, limitPrice: ((price(1) * 995n) / 1_000n).toString() },
      { kind: 'swap', hotkey: AURORA, originNetuid: 1, destinationNetuid: 2, amount: '1000000000', limitPrice: '1', allowPartial: false },
    ];
    for (const intent of intents) {
      const prepared = await c.prepare(ALICE, intent);
      expect(prepared.simulation, intent.kind).toBeNull();
      expect(prepared.simulationNote, intent.kind).toBe(NO_SIMULATION);
      expect(prepared.simulationNote).toMatch(/this chain offers no simulation; the preview is the wallet's own model/i);
      expect(BigInt(prepared.networkFee), intent.kind).toBeGreaterThan(0n);
    }
    // The spot price still comes from the one SwapRuntimeApi method spec 293 has.
    expect(price(1)).toBeGreaterThan(0n);
  }, 60_000);
});

describe('dev_migratePools while the wallet is connected', () => {
  it('upgrades balancer to current: the spec bumps, the next snapshot prices with the superellipse, the same trade stays exact', async () => {
    const { devnet: d, chain: c } = await connect('balancer');
    const api = await c.getApi();
    const before = await snapshotAtHead(d, c);
    expect(before.poolModel).toBe('balancer');
    const versions: number[] = [];
    const unsubscribe = await api.rpc.state.subscribeRuntimeVersion((v) => {
      versions.push(v.specVersion.toNumber());
    });
    const priceBefore = before.subnets.find((s) => s.netuid === 1)!.price;

    const res = await fetch(d.httpUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'dev_migratePools', params: [] }) });
    expect(((await res.json()) as { result?: string }).result).toMatch(/^0x[0-9a-f]{64}$/);
    expect(d.runtime).toBe('current');
    await waitFor(() => (versions.includes(PROFILES.current.specVersion) ? true : null), 'the runtime-version notification');
    expect(versions[0]).toBe(PROFILES.balancer.specVersion);
    unsubscribe();
    // Every funded dynamic subnet has a curve; reserves are untouched.
    for (const s of d.state().subnets.values()) {
      expect(s.curve !== undefined, `SN${s.netuid}`).toBe(s.mechanism === 1 && s.alphaReserve > 0n && s.taoReserve > 0n);
    }
    await waitFor(async () => (api.runtimeVersion.specVersion.toNumber() === PROFILES.current.specVersion ? true : null), 'the api to follow the upgrade');

    const migrated = await snapshotAtHead(d, c);
    expect(migrated.poolModel).toBe('superellipse');
    const sn1 = migrated.subnets.find((s) => s.netuid === 1)!;
    expect(sn1.taoReserve).toBe(before.subnets.find((s) => s.netuid === 1)!.taoReserve);
    // Calibration keeps the spot price (within the chain's migration tolerance: 1e-7 relative).
    const drift = BigInt(sn1.price) - BigInt(priceBefore);
    expect(drift < 0n ? -drift : drift).toBeLessThanOrEqual(BigInt(priceBefore) / 10_000_000n + 1n);
    await stakeAndUnstakeExactly(d, c, 'superellipse');
    // A second upgrade is refused: the chain already runs current.
    const again = await fetch(d.httpUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'dev_migratePools', params: [] }) });
    expect(((await again.json()) as { error?: { code: number } }).error?.code).toBe(-32010);
  }, 90_000);
});
