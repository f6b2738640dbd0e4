/**
 * The V3 generation's rules (opentensor/subtensor dc5c11b55, spec 293). Figures are worked out
 * here from the chain's formulas with plain integer arithmetic, not by calling the code under
 * test a second way, so a wrong leg, tolerance or rounding fails them.
 */
import { describe, expect, it } from 'vitest';
import {
  checkedSqrtBits,
  detectSwapRules,
  formatPpm,
  maxMove,
  maxMoveOverflows,
  maxStake,
  maxUnstake,
  previewMove,
  previewStake,
  quoteMove,
  quoteStake,
  quoteUnstake,
  smallestMoveLimit,
  spotPrice,
  v3PoolAfter,
  v3PoolState,
  V3_INIT_SQRT_EPSILON,
  V3_LIMIT_SQRT_EPSILON,
  widestMoveTolerancePpm,
  type Pool,
} from './index.ts';
import { isqrt } from './legacy.ts';

const Q = 1n << 64n;
const FEE_RATE = 196; // Swap.FeeRate default of spec 293 (0.3 %)
/** ⌊rate · 2^64 / 65535⌋: the fee fraction in U64F64, as calculate_fee_amount forms it. */
const GROSS_RATE = (BigInt(FEE_RATE) * Q) / 65_535n;
/** ⌊rate · 2^64 / (65535 − rate)⌋: the fee on a net amount (the limit-stop recalculation). */
const NET_RATE = (BigInt(FEE_RATE) * Q) / (65_535n - BigInt(FEE_RATE));
const grossFee = (amount: bigint): bigint => (amount * GROSS_RATE) / Q;
const netFee = (delta: bigint): bigint => (delta * NET_RATE) / Q;

const TAO = 10n ** 13n;
const ALPHA = 5n * 10n ** 14n;
const common = { mechanism: 1, quoteWeight: 5n * 10n ** 17n, feeRate: FEE_RATE, minReserve: 1_000_000n, model: 'v3' as const, rules: 'v3' as const };
/** SN3 before its first trade: SwapV3Initialized false, no sqrt price, no liquidity stored. */
const fresh: Pool = { ...common, netuid: 3, taoReserve: TAO, alphaReserve: ALPHA, sqrtPrice: 0n, liquidity: 0n, v3Initialized: false };
/** The same pool once initialised (what maybe_initialize_v3 stores). */
const sn3: Pool = { ...fresh, ...v3PoolState(fresh), v3Initialized: true };
const sn4Reserves = { taoReserve: 2n * 10n ** 13n, alphaReserve: 4n * 10n ** 14n };
const sn4: Pool = { ...common, netuid: 4, ...sn4Reserves, ...v3PoolState({ ...sn4Reserves, v3Initialized: false }), v3Initialized: true };
const root: Pool = { netuid: 0, mechanism: 0, taoReserve: 0n, alphaReserve: 0n, quoteWeight: 5n * 10n ** 17n, feeRate: 0, minReserve: 1_000_000n, model: 'v3', rules: 'v3', sqrtPrice: 0n, liquidity: 0n };

describe("checked_sqrt (safe-math bisection) as the V3 runtime takes roots", () => {
  it('stops within the tolerance and is not the exact root', () => {
    // The limit 0.0200005 TAO per alpha: √ of ⌊limit·2^64/1e9⌋ bits.
    const x = (20_000_500n * Q * Q) / (1_000_000_000n * Q);
    const r = checkedSqrtBits(x, V3_LIMIT_SQRT_EPSILON);
    expect(r).toBe(2_608_796_173_547_948_382n);
    expect(isqrt(x << 64n)).toBe(2_608_796_174_407_312_668n);
    // The stop rule: |x / r − r| ≤ ε, with x / r floored in U64F64.
    const check = (x << 64n) / r;
    expect(check > r ? check - r : r - check).toBeLessThanOrEqual(V3_LIMIT_SQRT_EPSILON);
  });
  it('takes the first price of a never-traded pool with the tighter 1e-12 tolerance', () => {
    expect(V3_INIT_SQRT_EPSILON).toBe(18_446_744n);
    const { sqrtPrice, liquidity } = v3PoolState(fresh);
    expect(sqrtPrice).toBe(checkedSqrtBits((TAO << 64n) / ALPHA, V3_INIT_SQRT_EPSILON));
    expect(sqrtPrice).not.toBe(isqrt((TAO << 128n) / ALPHA));
    expect(liquidity).toBe(70_710_678_118_654n); // ⌊√(1e13 · 5e14)⌋
  });
});

describe('current_alpha_price on V3 pools', () => {
  it('squares the sqrt price in U64F64 before truncating to U96F32', () => {
    // A pool where truncating √P to 32 bits first (the old formula) loses one rao.
    const p: Pool = { ...common, netuid: 5, taoReserve: 1_101_111_111_101n, alphaReserve: 30_001_604_938_257n, sqrtPrice: 3_533_971_567_160_699_656n, liquidity: 1n, v3Initialized: true };
    const sp = p.sqrtPrice!;
    expect(spotPrice(p)).toBe((((sp * sp) >> 96n) * 1_000_000_000n) >> 32n);
    expect(spotPrice(p)).toBe(36_701_740n);
  });
  it('prices a never-traded pool at tao/alpha, not at its unset sqrt price', () => {
    expect(spotPrice(fresh)).toBe((((TAO << 32n) / ALPHA) * 1_000_000_000n) >> 32n);
    expect(spotPrice(fresh)).toBe(19_999_999n);
  });
});

describe('V3 swap on the chain rules', () => {
  it('stops a stake at the bisection root of the limit, a few hundred rao from the exact root', () => {
    const limit = 20_100_000n;
    const sp = sn3.sqrtPrice!;
    const L = sn3.liquidity!;
    const rootBits = checkedSqrtBits((limit << 64n) / 1_000_000_000n, V3_LIMIT_SQRT_EPSILON);
    const delta = (L * (rootBits - sp)) / Q;
    const exactDelta = (L * (isqrt(((limit << 64n) / 1_000_000_000n) << 64n) - sp)) / Q;
    expect(exactDelta - delta).toBe(330n);
    const q = quoteStake(sn3, 10n ** 13n, limit);
    expect(q.amountIn).toBe(delta);
    expect(q.fee).toBe(netFee(delta));
    expect(q.sqrtPriceAfter).toBe(rootBits);
    expect(maxStake(sn3, limit)).toBe(delta + netFee(delta));
  });
  it('stops an unstake at the bisection root too', () => {
    const limit = 19_900_000n;
    const sp = sn3.sqrtPrice!;
    const L = sn3.liquidity!;
    const rootBits = checkedSqrtBits((limit << 64n) / 1_000_000_000n, V3_LIMIT_SQRT_EPSILON);
    const delta = (L * ((Q * Q) / rootBits - (Q * Q) / sp)) / Q;
    const q = quoteUnstake(sn3, 10n ** 14n, limit);
    expect(q.amountIn).toBe(delta);
    expect(maxUnstake(sn3, limit)).toBe(delta + netFee(delta));
  });
  it('stakes into a never-traded pool at its reserve price (was PriceLimitExceeded at price 0)', () => {
    const p = previewStake({ pool: fresh, amount: 10n ** 10n, tolerancePpm: 5_000n });
    expect(p.error).toBeNull();
    expect(p.limitPrice).toBe((19_999_999n * 1_005_000n) / 1_000_000n);
    // The first swap initialises the pool, then swaps on it: the same as the initialised pool.
    expect(p.received).toBe(quoteStake(sn3, 10n ** 10n, p.limitPrice!).amountOut);
    expect(p.fee).toBe(grossFee(10n ** 10n));
  });
  it('checks both reserves against the minimum', () => {
    expect(() => quoteStake({ ...sn3, taoReserve: 999_999n }, 10n ** 9n)).toThrow(expect.objectContaining({ code: 'ReservesTooLow' }));
    expect(() => quoteUnstake({ ...sn3, alphaReserve: 999_999n }, 10n ** 9n)).toThrow(expect.objectContaining({ code: 'ReservesTooLow' }));
  });
  it('reports a limit that allows nothing as ZeroMaxStakeAmount', () => {
    expect(() => maxStake(sn3, 19_000_000n)).toThrow(expect.objectContaining({ code: 'ZeroMaxStakeAmount' }));
    expect(() => maxUnstake(sn3, 21_000_000n)).toThrow(expect.objectContaining({ code: 'ZeroMaxStakeAmount' }));
  });
});

describe('moves on the V3 rules: origin sold without fee, fee in TAO on the destination buy', () => {
  it('cross-subnet: the fee is 0.3 % of the TAO, charged on SN4, none on the SN3 sale', () => {
    const alpha = 10n ** 12n;
    const m = quoteMove(sn3, sn4, alpha);
    // The sale: Δ = alpha, no fee; TAO out = Δ·(L/(L/√P + Δ))·√P in U64F64.
    const L = sn3.liquidity! << 64n;
    const sp = sn3.sqrtPrice!;
    const d = alpha << 64n;
    const inner = (L << 64n) / (((L << 64n) / sp) + d);
    const taoOut = (d * ((inner * sp) >> 64n)) >> 64n >> 64n;
    expect(m.tao).toBe(taoOut);
    expect(m.tao).toBe(19_960_079_840n);
    expect(m.fee).toBe(grossFee(m.tao));
    expect(m.fee).toBe(59_695_973n);
    expect(m.feeLeg).toBe('destination');
    expect(m.amountOut).toBe(quoteStake(sn4, m.tao, 2n ** 64n - 1n).amountOut);
    // The newer rules charge the origin sale instead: a different figure.
    const current = quoteMove({ ...sn3, rules: 'current' }, { ...sn4, rules: 'current' }, alpha);
    expect(current.feeLeg).toBe('origin');
    expect(current.amountOut).not.toBe(m.amountOut);
  });
  it('same subnet, other hotkey: sells into the pool and buys back from the moved pool, paying the fee', () => {
    const alpha = 10n ** 12n;
    const m = quoteMove(sn3, sn3, alpha);
    const sold = quoteUnstake({ ...sn3, feeRate: 0 }, alpha, 0n);
    const moved = v3PoolAfter(sn3, 'sell', sold);
    const back = quoteStake(moved, sold.amountOut, 2n ** 64n - 1n);
    expect(m.tao).toBe(sold.amountOut);
    expect(m.fee).toBe(grossFee(sold.amountOut));
    expect(m.amountOut).toBe(back.amountOut);
    expect(m.amountOut).toBe(997_015_183_509n);
    // What the wallet promised before ("no swap, no fee"): the whole alpha, ~0.3 % more.
    expect(quoteMove({ ...sn3, rules: 'current' }, { ...sn3, rules: 'current' }, alpha).amountOut).toBe(alpha);
  });
  it('to root: no fee at all (the sale is fee-less and root takes none)', () => {
    const m = quoteMove(sn3, root, 10n ** 12n);
    expect(m.fee).toBe(0n);
    expect(m.amountOut).toBe(m.tao);
    const p = previewMove({ origin: sn3, destination: root, amount: 10n ** 12n, tolerancePpm: 5_000n });
    expect(p.error).toBeNull();
    expect(p.fee).toBe(0n);
  });
  it('previews the move with the fee in TAO and the received alpha of the model', () => {
    const p = previewMove({ origin: sn3, destination: sn4, amount: 10n ** 12n, tolerancePpm: 5_000n });
    expect(p.error).toBeNull();
    expect(p.feeUnit).toEqual({ token: 'tao' });
    expect(p.fee).toBe(59_695_973n);
    expect(p.received).toBe(quoteMove(sn3, sn4, 10n ** 12n).amountOut);
    const same = previewMove({ origin: sn3, destination: sn3, amount: 10n ** 12n, tolerancePpm: 5_000n });
    expect(same.received).toBe(997_015_183_509n);
    expect(same.fee).toBe(grossFee(same.tao));
  });
  it('a tiny limit is ZeroMaxStakeAmount: get_max_amount_move\'s U64F64 quotient overflows to 0 (dc5c11b55 returns the error for 0)', () => {
    expect(maxMoveOverflows(sn3, sn4, 1n)).toBe(true);
    expect(() => maxMove(sn3, sn4, 1n)).toThrow(expect.objectContaining({ code: 'ZeroMaxStakeAmount' }));
    expect(maxMove(sn3, sn4, 0n)).toBe((1n << 64n) - 1n);
    const s = smallestMoveLimit(sn3, sn4);
    expect(() => maxMove(sn3, sn4, s - 1n)).toThrow(expect.objectContaining({ code: 'ZeroMaxStakeAmount' }));
    expect(maxMove(sn3, sn4, s)).toBeGreaterThan(10n ** 18n);
    const p = previewMove({ origin: sn3, destination: sn4, amount: 10n ** 12n, tolerancePpm: 999_999n });
    expect(p.error?.code).toBe('ZeroMaxStakeAmount');
    expect(p.error?.message).toContain('overflows');
    expect(p.error?.message).toContain(`at most ${formatPpm(widestMoveTolerancePpm(sn3, sn4)!, 4)}`);
  });
});

describe("later V3 runtimes ('v3Transfers': FeeRate default 33)", () => {
  it('move across subnets as spec 293 does, but transfer alpha within a subnet (no swap, no fee)', () => {
    const o = { ...sn3, rules: 'v3Transfers' as const };
    const d = { ...sn4, rules: 'v3Transfers' as const };
    expect(quoteMove(o, d, 10n ** 12n)).toEqual(quoteMove(sn3, sn4, 10n ** 12n));
    const same = quoteMove(o, o, 10n ** 12n);
    expect(same.amountOut).toBe(10n ** 12n);
    expect(same.fee).toBe(0n);
    expect(previewMove({ origin: o, destination: o, amount: 10n ** 12n, tolerancePpm: 5_000n }).received).toBe(10n ** 12n);
  });
});

describe('detectSwapRules (from Swap storage names and FeeRate\'s declared default, never a spec number)', () => {
  it('picks the V3 rules where the V3 pool keeps SwapV3Initialized', () => {
    const v3Storage = ['AlphaSqrtPrice', 'CurrentLiquidity', 'SwapV3Initialized', 'FeeRate'];
    expect(detectSwapRules(v3Storage, { feeRateDefault: 196 })).toBe('v3');
    expect(detectSwapRules(v3Storage, { feeRateDefault: 33 })).toBe('v3Transfers');
    expect(detectSwapRules(['AlphaSqrtPrice', 'CurrentLiquidity', 'SwapV3Initialized', 'FeeRate'])).toBe('v3');
    expect(detectSwapRules(['AlphaSqrtPrice', 'CurrentLiquidity', 'FeeRate'])).toBe('current');
    expect(detectSwapRules(['SwapBalancer', 'AlphaSqrtPrice', 'SwapV3Initialized'])).toBe('current');
    expect(detectSwapRules(['SwapSuperellipse', 'SwapBalancer'])).toBe('current');
    expect(detectSwapRules(null)).toBe('current');
  });
});
