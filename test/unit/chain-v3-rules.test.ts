// The V3-pool generation (the devnet's `v3` profile: spec 293 metadata and its dispatch rules,
// devnet/profiles.ts) through the wallet's own path over a real WebSocket: the snapshot picks the
// V3 pool and rules from the metadata, the popup's previews (src/amm/preview.ts) are prepared,
// signed and submitted by ChainService, and what the events say was received equals the preview
// to the rao: stake, unstake, full unstake, a cross-subnet swap (fee on the destination buy), a
// same-subnet move to another hotkey (through the pool), a partial fill (bisection root of the
// limit) and a stake into a pool that has never traded. The devnet's rules are a simulation
// written from the chain's code; they prove the wallet and the devnet agree, not the runtime.
import { NO_SIMULATION } from '../../src/chain/simulation.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Devnet } from '../../devnet/index.ts';
import { previewMove, previewStake, previewUnstake, quoteMove, unstakeLimitPrice, type Preview } from '../../src/amm/index.ts';
import { poolOf } from '../../src/chain/snapshot.ts';
import type { Intent, Snapshot, TxRecord } from '../../src/protocol/chain.ts';
import type { ChainService } from '../../background/chain/service.ts';
import type { VaultService } from '../../background/vault/service.ts';
import { waitFor } from './helpers/wait.ts';
import { aliceVault } from './helpers/alice-vault.ts';
import { ALICE, aliceOnDevnet } from './helpers/devnet-chain.ts';
import { validator } from '../../devnet/state/genesis.ts';

const TAO = 1_000_000_000n;
const AURORA = validator('aurora').address;
const MERIDIAN = validator('meridian').address;
const TOLERANCE = 5_000n; // 0.5 %

let vault: VaultService;
let env: Awaited<ReturnType<typeof aliceOnDevnet>>;
let devnet: Devnet;
let chain: ChainService;

beforeAll(async () => {
  ({ vault } = await aliceVault());
  env = await aliceOnDevnet('v3', vault);
  ({ devnet, chain } = env);
});

afterAll(async () => {
  await env?.close();
  await vault?.lock();
});

/** The wallet's snapshot at the devnet's best block. */
async function snapshot(pred: (s: Snapshot) => boolean = () => true): Promise<Snapshot> {
  const head = devnet.head().number;
  return waitFor(async () => {
    const s = (await chain.state()).snapshot;
    return s?.account && s.blockNumber >= head && pred(s) ? s : null;
  }, 'a snapshot at the best block');
}

/** Prepares, signs and submits through ChainService; resolves with the final record. */
async function land(intent: Intent, previewed?: bigint): Promise<TxRecord> {
  const prepared = await chain.prepare(ALICE, intent, previewed?.toString());
  // Spec 293 has no sim_swap_*: nothing to cross-check against.
  expect(prepared.simulation).toBeNull();
  // ...and the review says so for every call here: each swaps in a pool on this generation, a
  // same-subnet move included (sold and bought back).
  expect(prepared.simulationNote).toBe(NO_SIMULATION);
  return env.submitAndWait(prepared.id);
}

function pool(s: Snapshot, netuid: number) {
  return poolOf(s.subnets.find((x) => x.netuid === netuid)!, s);
}

function stakeOf(s: Snapshot, hotkey: string, netuid: number): bigint {
  return s.account!.positions.filter((p) => p.hotkey === hotkey && p.netuid === netuid).reduce((sum, p) => sum + BigInt(p.alpha), 0n);
}

function expectExact(record: TxRecord, preview: Preview): void {
  expect(record.error).toBeNull();
  expect(record.status).toBe('finalized');
  expect(record.received).toBe(preview.received.toString());
}

async function setPool(netuid: number, fields: Record<string, unknown>): Promise<void> {
  expect(await env.dev('dev_setPool', [netuid, fields])).toMatch(/^0x/);
}

describe('v3 profile: every staking path lands at the preview, to the rao', () => {
  it('reads the V3 pool model and the V3 rules from the metadata', async () => {
    const s = await snapshot();
    expect(s.specVersion).toBe(293);
    expect(s.poolModel).toBe('v3');
    expect(s.swapRules).toBe('v3');
    expect(pool(s, 1).rules).toBe('v3');
    expect(s.subnets.find((x) => x.netuid === 1)!.v3Initialized).toBe(true);
  });

  it('stake, then unstake', async () => {
    let s = await snapshot();
    const stake = previewStake({ pool: pool(s, 1), amount: 10n * TAO, tolerancePpm: TOLERANCE });
    expect(stake.error).toBeNull();
    expectExact(await land({ kind: 'stake', hotkey: AURORA, netuid: 1, amount: (10n * TAO).toString(), limitPrice: stake.limitPrice!.toString(), allowPartial: false }, stake.received), stake);

    s = await snapshot();
    const unstake = previewUnstake({ pool: pool(s, 1), amount: 1_000n * TAO, tolerancePpm: TOLERANCE, stake: stakeOf(s, AURORA, 1) });
    expect(unstake.error).toBeNull();
    expectExact(await land({ kind: 'unstake', hotkey: AURORA, netuid: 1, amount: (1_000n * TAO).toString(), limitPrice: unstake.limitPrice!.toString(), allowPartial: false }, unstake.received), unstake);
  }, 30_000);

  it('a partial fill stops at the bisection root of the limit', async () => {
    const s = await snapshot();
    // 20,000 TAO into SN4 (42,000 TAO deep) moves the price far past 0.5 %: only part executes.
    const amount = 20_000n * TAO;
    const p = previewStake({ pool: pool(s, 4), amount, tolerancePpm: TOLERANCE, allowPartial: true });
    expect(p.error).toBeNull();
    expect(p.executedAmount).toBeLessThan(amount);
    expect(p.executedAmount).toBe(p.maxAtLimit);
    expectExact(await land({ kind: 'stake', hotkey: AURORA, netuid: 4, amount: amount.toString(), limitPrice: p.limitPrice!.toString(), allowPartial: true }, p.received), p);
    // The pool stopped exactly at the limit's root: its price is the limit, floored by U96F32.
    const after = await snapshot();
    const price = BigInt(after.subnets.find((x) => x.netuid === 4)!.price);
    expect(price).toBeLessThanOrEqual(p.limitPrice!);
    expect(price).toBeGreaterThanOrEqual(p.limitPrice! - 1n);
  }, 30_000);

  it('a cross-subnet swap pays its fee in TAO on the destination buy', async () => {
    const s = await snapshot();
    const amount = 100n * TAO;
    const p = previewMove({ origin: pool(s, 1), destination: pool(s, 4), amount, tolerancePpm: 10_000n, stake: stakeOf(s, AURORA, 1) });
    expect(p.error).toBeNull();
    expect(p.feeUnit).toEqual({ token: 'tao' });
    expect(p.fee).toBeGreaterThan(0n);
    // The newer rules (fee on the origin alpha) would promise another figure.
    const older = quoteMove({ ...pool(s, 1), rules: 'current' }, { ...pool(s, 4), rules: 'current' }, amount);
    expect(older.amountOut).not.toBe(p.received);
    expectExact(await land({ kind: 'swap', hotkey: AURORA, originNetuid: 1, destinationNetuid: 4, amount: amount.toString(), limitPrice: p.limitPrice!.toString(), allowPartial: false }, p.received), p);
  }, 30_000);

  it('a same-subnet move to another hotkey goes through the pool and pays the fee', async () => {
    const s = await snapshot();
    const amount = 50n * TAO;
    const p = previewMove({ origin: pool(s, 1), destination: pool(s, 1), amount, tolerancePpm: TOLERANCE, stake: stakeOf(s, AURORA, 1) });
    expect(p.error).toBeNull();
    expect(p.fee).toBeGreaterThan(0n);
    // Not "no swap, no fee": about 0.3 % less alpha arrives.
    expect(p.received).toBeLessThan(amount);
    expect(p.received).toBeGreaterThan((amount * 99n) / 100n);
    expectExact(await land({ kind: 'move', originHotkey: AURORA, destinationHotkey: MERIDIAN, originNetuid: 1, destinationNetuid: 1, amount: amount.toString() }, p.received), p);
    const after = await snapshot();
    expect(stakeOf(after, MERIDIAN, 1)).toBe(p.received);
  }, 30_000);

  it('a full unstake of that position', async () => {
    const s = await snapshot();
    const stake = stakeOf(s, MERIDIAN, 1);
    expect(stake).toBeGreaterThan(0n);
    const p = previewUnstake({ pool: pool(s, 1), amount: stake, tolerancePpm: TOLERANCE, stake });
    expect(p.error).toBeNull();
    const limit = unstakeLimitPrice(BigInt(s.subnets.find((x) => x.netuid === 1)!.price), TOLERANCE);
    expect(limit).toBe(p.limitPrice);
    expectExact(await land({ kind: 'unstakeFull', hotkey: MERIDIAN, netuid: 1, limitPrice: limit.toString() }, p.received), p);
    expect(stakeOf(await snapshot(), MERIDIAN, 1)).toBe(0n);
  }, 30_000);

  it('stakes into a pool that has never traded, priced at its reserves', async () => {
    await setPool(5, { v3Initialized: false });
    const s = await snapshot((x) => x.subnets.find((n) => n.netuid === 5)?.v3Initialized === false);
    const sn5 = s.subnets.find((x) => x.netuid === 5)!;
    // current_price of an uninitialised pool: SubnetTAO / SubnetAlphaIn (U96F32), not 0.
    expect(BigInt(sn5.price)).toBe((((BigInt(sn5.taoReserve) << 32n) / BigInt(sn5.alphaReserve)) * TAO) >> 32n);
    expect(BigInt(sn5.price)).toBeGreaterThan(0n);
    const p = previewStake({ pool: pool(s, 5), amount: 5n * TAO, tolerancePpm: TOLERANCE });
    expect(p.error).toBeNull();
    expectExact(await land({ kind: 'stake', hotkey: AURORA, netuid: 5, amount: (5n * TAO).toString(), limitPrice: p.limitPrice!.toString(), allowPartial: false }, p.received), p);
    const after = await snapshot((x) => x.subnets.find((n) => n.netuid === 5)?.v3Initialized === true);
    expect(BigInt(after.subnets.find((x) => x.netuid === 5)!.sqrtPrice!)).toBeGreaterThan(0n);
  }, 30_000);

  it('a limit below the price is refused before inclusion with the runtime code 14 (ZeroMaxAmount)', async () => {
    const s = await snapshot();
    const price = BigInt(s.subnets.find((x) => x.netuid === 1)!.price);
    const record = await land({ kind: 'stake', hotkey: AURORA, netuid: 1, amount: (10n * TAO).toString(), limitPrice: (price / 2n).toString(), allowPartial: false });
    expect(record.status).toBe('failed');
    expect(record.error?.code).toBe('ZeroMaxAmount');
    expect(record.blockHash).toBeNull();
  }, 30_000);
});
