import { beforeEach, describe, expect, it } from 'vitest';
import { checkedSqrtBits, quoteStake, quoteUnstake, spotPrice, superellipseFromWeights, V3_INIT_SQRT_EPSILON } from '../../src/amm/index.ts';
import type { ChainState } from './types.ts';
import { createGenesisState, devAccount, validator, VALIDATORS } from './genesis.ts';
import {
  allDynamicInfo,
  alphaPrice,
  alphaPriceAll,
  delegated,
  delegateInfo,
  delegates,
  dynamicInfo,
  poolOf,
  simSwapAlphaForTao,
  simSwapTaoForAlpha,
  stakeFee,
  stakeInfoFor,
  stakeInfoForColdkey,
  stakeValue,
  swapFee,
} from './queries.ts';
import { setPool } from './controls.ts';
import { calls, ok, TAO } from './testing.ts';

const alice = devAccount('Alice').hex;
const eve = devAccount('Eve').hex;
const aurora = validator('aurora').hex;
let state: ChainState;
beforeEach(() => {
  state = createGenesisState();
});

describe('prices and pools', () => {
  it('poolOf carries the subnet reserves, weight, fee rate, the runtime minimum reserve and the runtime\'s pool record', () => {
    const balancer = createGenesisState('balancer');
    const s = balancer.subnets.get(4)!;
    const base = { netuid: 4, mechanism: 1, taoReserve: s.taoReserve, alphaReserve: s.alphaReserve, quoteWeight: s.quoteWeight, feeRate: s.feeRate, minReserve: 1_000_000n };
    expect(poolOf(balancer, 4)).toEqual(base);
    // current (the default): the superellipse calibrated from the same weight at genesis.
    expect(state.subnets.get(4)!.curve).toEqual(superellipseFromWeights(s.alphaReserve, s.taoReserve, s.quoteWeight));
    expect(poolOf(state, 4)).toEqual({ ...base, model: 'superellipse', curve: state.subnets.get(4)!.curve, swapInitialized: true });
    // v3: √P and L of a full-range pool over the same reserves.
    const v3 = createGenesisState('v3');
    const pool = poolOf(v3, 4);
    expect(pool.model).toBe('v3');
    expect(pool.liquidity! ** 2n <= s.alphaReserve * s.taoReserve && (pool.liquidity! + 1n) ** 2n > s.alphaReserve * s.taoReserve).toBe(true);
    // √P as the chain's maybe_initialize_v3 takes it: safe-math's bisection with tolerance 1e-12
    // (|x/√P − √P| ≤ 1e-12 in U64F64), not the exact integer root.
    const x = (s.taoReserve << 64n) / s.alphaReserve;
    expect(pool.sqrtPrice).toBe(checkedSqrtBits(x, V3_INIT_SQRT_EPSILON));
    const check = (x << 64n) / pool.sqrtPrice!;
    expect(check > pool.sqrtPrice! ? check - pool.sqrtPrice! : pool.sqrtPrice! - check).toBeLessThanOrEqual(V3_INIT_SQRT_EPSILON);
    expect(pool.rules).toBe('v3');
    expect(poolOf(state, 99).mechanism).toBe(0);
  });

  it('alphaPrice is the AMM spot price; root and stable are 1 TAO', () => {
    expect(alphaPrice(state, 5)).toBe(spotPrice(poolOf(state, 5)));
    expect(alphaPrice(state, 0)).toBe(TAO);
    expect(alphaPrice(state, 11)).toBe(TAO);
    expect(alphaPriceAll(state).map((p) => p.netuid)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
  });

  it('swapFee is the chain fee formula: 1_007 rao on 2_000_000 at FeeRate 33', () => {
    expect(swapFee(2_000_000n, 33)).toBe(1_007n);
    expect(stakeFee(state, null, { netuid: 1 }, 2_000_000n)).toBe(1_007n);
    expect(stakeFee(state, null, { netuid: 0 }, 2_000_000n)).toBe(0n);
  });
});

describe('sim_swap', () => {
  it('tao → alpha matches the stake quote; slippage against the spot price', () => {
    const pool = poolOf(state, 2);
    const q = quoteStake(pool, 250n * TAO);
    const sim = simSwapTaoForAlpha(state, 2, 250n * TAO);
    expect(sim).toMatchObject({ taoAmount: q.amountIn, alphaAmount: q.amountOut, taoFee: q.fee, alphaFee: 0n, taoSlippage: 0n });
    const idealAlpha = (250n * TAO * TAO) / alphaPrice(state, 2);
    expect(sim.alphaSlippage).toBeGreaterThan(0n);
    // within a rounding step of ideal − out, computed in rao here rather than U64F64
    expect(sim.alphaSlippage - (idealAlpha - q.amountOut)).toBeLessThan(idealAlpha / 10_000_000n + 2n);
  });

  it('alpha → tao matches the unstake quote', () => {
    const q = quoteUnstake(poolOf(state, 9), 1_000n * TAO);
    const sim = simSwapAlphaForTao(state, 9, 1_000n * TAO);
    expect(sim).toMatchObject({ alphaAmount: q.amountIn, taoAmount: q.amountOut, alphaFee: q.fee, taoFee: 0n, alphaSlippage: 0n });
    expect(sim.taoSlippage).toBeGreaterThan(0n);
  });

  it('root is 1:1 with no fee', () => {
    expect(simSwapTaoForAlpha(state, 0, 7n * TAO)).toEqual({ taoAmount: 7n * TAO, alphaAmount: 7n * TAO, taoFee: 0n, alphaFee: 0n, taoSlippage: 0n, alphaSlippage: 0n });
  });

  it('gives all zeros for a missing subnet or a failing swap', () => {
    const zero = { taoAmount: 0n, alphaAmount: 0n, taoFee: 0n, alphaFee: 0n, taoSlippage: 0n, alphaSlippage: 0n };
    expect(simSwapTaoForAlpha(state, 99, TAO)).toEqual(zero);
    setPool(state, 7, { alphaReserve: 10n });
    expect(simSwapTaoForAlpha(state, 7, TAO)).toEqual(zero);
    expect(simSwapAlphaForTao(state, 6, 13_000_000n * TAO * 1_000n)).toEqual(zero); // > 1000 × alpha reserve
  });
});

describe('stake info', () => {
  it('lists the coldkey positions over StakingHotkeys, with computed stake values', () => {
    const before = stakeInfoForColdkey(state, alice);
    expect(before.map((s) => [s.hotkey, s.netuid])).toEqual([
      [aurora, 0],
      [aurora, 1],
      [validator('meridian').hex, 4],
    ]);
    for (const info of before) expect(info.stake).toBe(stakeValue(state, info.hotkey, alice, info.netuid));
    expect(before[1]).toMatchObject({ coldkey: alice, locked: 0n, taoEmission: 0n, drain: 0, isRegistered: true });
    expect(before[1]!.emission).toBeGreaterThan(0n);
    expect(before[0]!.emission).toBe(0n); // root has no alpha emission here
  });

  it('shows new positions, flags a hotkey not registered on the subnet', () => {
    ok(state, eve, calls.addStake(aurora, 6, 10n * TAO)); // aurora is not registered on 6
    const info = stakeInfoForColdkey(state, eve);
    expect(info).toHaveLength(1);
    expect(info[0]).toMatchObject({ hotkey: aurora, netuid: 6, isRegistered: false });
    expect(stakeInfoFor(state, aurora, eve, 5)!.stake).toBe(0n);
    expect(stakeInfoFor(state, aurora, eve, 99)).toBeUndefined();
  });
});

describe('delegates', () => {
  it('lists every validator with its take, owner, registrations and nominators', () => {
    const list = delegates(state);
    expect(list).toHaveLength(VALIDATORS.length);
    const d = delegateInfo(state, aurora)!;
    const v = validator('aurora');
    expect(d).toMatchObject({ delegateSs58: aurora, take: v.take, ownerSs58: v.owner, registrations: v.registrations, validatorPermits: v.registrations });
    const aliceNominations = d.nominators.find(([c]) => c === alice)![1];
    expect(aliceNominations).toEqual([
      [0, stakeValue(state, aurora, alice, 0)],
      [1, stakeValue(state, aurora, alice, 1)],
    ]);
    expect(d.nominators.length).toBeGreaterThan(3);
    expect(d.returnPer1000).toBeGreaterThan(0n);
    expect(d.totalDailyReturn).toBeGreaterThan(0n);
    expect(delegateInfo(state, alice)).toBeUndefined();
  });

  it('a zero-take validator returns more per 1000 than it would with a take', () => {
    const quasar = validator('quasar').hex;
    const withoutTake = delegateInfo(state, quasar)!.returnPer1000;
    state.hotkeys.get(quasar)!.take = 11_796;
    expect(delegateInfo(state, quasar)!.returnPer1000).toBeLessThan(withoutTake);
  });

  it('delegated lists (DelegateInfo, (netuid, stake)) per position', () => {
    const list = delegated(state, alice);
    expect(list.map(([d, [n]]) => [d.delegateSs58, n])).toEqual([
      [aurora, 0],
      [aurora, 1],
      [validator('meridian').hex, 4],
    ]);
  });
});

describe('dynamic info', () => {
  it('carries every DynamicInfo field from the subnet state', () => {
    state.blockNumber = 1_000;
    const s = state.subnets.get(3)!;
    const d = dynamicInfo(state, 3)!;
    expect(d).toMatchObject({
      netuid: 3,
      ownerHotkey: s.ownerHotkey,
      ownerColdkey: s.ownerColdkey,
      subnetName: 'Gradient',
      tokenSymbol: 'γ',
      tempo: 360,
      emission: 0n,
      alphaIn: s.alphaReserve,
      alphaOut: s.alphaOut,
      taoIn: s.taoReserve,
      taoInEmission: s.taoInEmission,
      alphaInEmission: s.alphaInEmission,
      alphaOutEmission: s.alphaOutEmission,
      pendingRootEmission: 0n,
      subnetVolume: s.volume,
      networkRegisteredAt: 0n,
      subnetIdentity: null,
    });
    expect(d.lastStep + d.blocksSinceLastStep).toBe(1_000n);
    expect(d.blocksSinceLastStep).toBe(1_000n % 361n);
    expect(d.movingPrice).toBe((alphaPrice(state, 3) << 32n) / TAO);
    expect(dynamicInfo(state, 99)).toBeUndefined();
  });

  it('updates with trades and lists all subnets', () => {
    const before = dynamicInfo(state, 1)!;
    ok(state, eve, calls.addStake(aurora, 1, 100n * TAO));
    const after = dynamicInfo(state, 1)!;
    expect(after.taoIn).toBeGreaterThan(before.taoIn);
    expect(after.alphaIn).toBeLessThan(before.alphaIn);
    expect(after.subnetVolume).toBeGreaterThan(before.subnetVolume);
    expect(allDynamicInfo(state)).toHaveLength(13);
  });
});
