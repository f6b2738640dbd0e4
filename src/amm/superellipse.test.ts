/**
 * Properties of the superellipse curve (fast-check), the chain's full-width sample tests
 * reproduced with its own generator, and agreement with the slow reference on random pools.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { balancerPrice } from './balancer.ts';
import {
  superellipseBuyOutput,
  superellipseExtractableReserves,
  superellipseFromWeights,
  superellipseInvariant,
  superellipseMaxBuyInput,
  superellipseMaxSellInput,
  superellipsePrice,
  superellipseQuoteDeltaToPrice,
  superellipseSellOutput,
  superellipseWithdrawLiquidity,
  SuperellipseError,
  type SuperellipseCurve,
} from './superellipse.ts';
import { refBuyOutput, refMaxInput, refQuoteDeltaToPrice, refSellOutput, ReferenceError } from './superellipse-reference.ts';
import { superellipseSwap } from './superellipse-swap.ts';
import type { Pool } from './types.ts';

const U64_MAX = (1n << 64n) - 1n;
const PCT = 10n ** 16n;

/** The chain tests' generator: state = state·6364136223846793005 + 1 (mod 2⁶⁴). */
function lcg(seed: bigint): () => bigint {
  let state = seed;
  return () => {
    state = (state * 6_364_136_223_846_793_005n + 1n) & U64_MAX;
    return state;
  };
}

const attempt = (f: () => bigint): bigint | null => {
  try {
    return f();
  } catch (e) {
    if (e instanceof SuperellipseError || e instanceof ReferenceError) return null;
    throw e;
  }
};

const reserve = fc.bigInt({ min: 1_000n, max: 1n << 62n });
const weight = fc.bigInt({ min: PCT, max: 99n * PCT });
const pool = fc.tuple(reserve, reserve, weight).map(([alpha, tao, w]) => ({ alpha, tao, w, curve: superellipseFromWeights(alpha, tao, w) }));
const runs = { numRuns: 200 };

describe('superellipse properties', () => {
  it('payouts are monotone in the input', () => {
    fc.assert(
      fc.property(pool, fc.bigInt({ min: 0n, max: U64_MAX }), fc.bigInt({ min: 0n, max: U64_MAX }), ({ alpha, tao, curve }, r1, r2) => {
        const maxBuy = superellipseMaxBuyInput(curve, alpha, tao);
        const [d1, d2] = [r1 % (maxBuy + 1n), r2 % (maxBuy + 1n)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)) as [bigint, bigint];
        expect(superellipseBuyOutput(curve, alpha, tao, d1)).toBeLessThanOrEqual(superellipseBuyOutput(curve, alpha, tao, d2));
        const maxSell = superellipseMaxSellInput(curve, alpha, tao);
        const [e1, e2] = [r1 % (maxSell + 1n), r2 % (maxSell + 1n)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)) as [bigint, bigint];
        expect(superellipseSellOutput(curve, alpha, tao, e1)).toBeLessThanOrEqual(superellipseSellOutput(curve, alpha, tao, e2));
      }),
      runs,
    );
  });

  it('no free round trip: buying then selling (or selling then buying) never returns more than was paid, and K never rises', () => {
    fc.assert(
      fc.property(pool, fc.bigInt({ min: 0n, max: U64_MAX }), ({ alpha, tao, curve }, r) => {
        const d = r % (superellipseMaxBuyInput(curve, alpha, tao) + 1n);
        const out = superellipseBuyOutput(curve, alpha, tao, d);
        expect(superellipseInvariant(curve, alpha - out, tao + d)).toBeLessThanOrEqual(superellipseInvariant(curve, alpha, tao));
        expect(superellipseSellOutput(curve, alpha - out, tao + d, out)).toBeLessThanOrEqual(d);
        const e = r % (superellipseMaxSellInput(curve, alpha, tao) + 1n);
        const got = superellipseSellOutput(curve, alpha, tao, e);
        expect(superellipseBuyOutput(curve, alpha + e, tao - got, got)).toBeLessThanOrEqual(e);
      }),
      runs,
    );
  });

  it('max inputs are maximal: one rao more fails, pays past the floor, or hits the u64 cap', () => {
    fc.assert(
      fc.property(pool, fc.bigInt({ min: 0n, max: 2_000_000n }), ({ alpha, tao, curve }, floorRaw) => {
        for (const buy of [true, false]) {
          const outReserve = buy ? alpha : tao;
          const floor = floorRaw % (outReserve + 1n);
          const max = (buy ? superellipseMaxBuyInput : superellipseMaxSellInput)(curve, alpha, tao, floor);
          const pay = (d: bigint): bigint | null => attempt(() => (buy ? superellipseBuyOutput : superellipseSellOutput)(curve, alpha, tao, d));
          expect(pay(max)!).toBeLessThanOrEqual(outReserve - floor);
          const capped = max === U64_MAX - (buy ? tao : alpha);
          const next = capped ? null : pay(max + 1n);
          expect(capped || next === null || next > outReserve - floor).toBe(true);
        }
      }),
      runs,
    );
  });

  it('a swap never pays out more than the reserve above the minimum reserve, whatever the amount or limit', () => {
    fc.assert(
      fc.property(pool, fc.bigInt({ min: 1n, max: U64_MAX }), fc.boolean(), fc.integer({ min: 0, max: 10_000 }), ({ alpha, tao, w, curve }, amount, buy, feeRate) => {
        const p: Pool = { netuid: 1, mechanism: 1, taoReserve: tao, alphaReserve: alpha, quoteWeight: w, feeRate, minReserve: 1_000n, model: 'superellipse', curve };
        const limit = buy ? 1n << 127n : 0n;
        try {
          const q = superellipseSwap(p, buy ? 'buy' : 'sell', amount % ((buy ? tao : alpha) * 1000n), limit, false);
          expect(q.amountOut).toBeLessThanOrEqual((buy ? alpha : tao) - 1_000n);
          expect(q.amountIn + q.fee).toBeLessThanOrEqual(amount % ((buy ? tao : alpha) * 1000n));
        } catch (e) {
          expect(['ReservesTooLow', 'ReservesOutOfBalance', 'SwapInputTooLarge']).toContain((e as { code: string }).code);
        }
      }),
      runs,
    );
  });

  // The chain's try-runtime check after migration. It is about the chain's own Balancer price,
  // whose U64F64 truncation of y/x alone is coarser than 1e-7 once a price is below ~1e-6 TAO,
  // so the pools here carry prices from 1e-6 to 1e3 TAO per alpha (reserves above the minimum).
  it('calibration keeps the Balancer spot price within the migration check (old/1e7 + 16 bits)', () => {
    const micro = fc.bigInt({ min: 1n, max: 1_000_000_000n }); // price in 1e-6 TAO
    fc.assert(
      fc.property(fc.bigInt({ min: 1_000_000n, max: 1n << 52n }), micro, fc.bigInt({ min: 10n ** 15n, max: 999n * 10n ** 15n }), (alpha, priceMicro, w) => {
        // A pool priced priceMicro·1e-6 at weight w: tao = price·alpha·w/(1−w).
        const tao = (alpha * priceMicro * w) / (1_000_000n * (10n ** 18n - w));
        if (tao < 1_000_000n || tao > U64_MAX) return;
        const curve = superellipseFromWeights(alpha, tao, w);
        const old = balancerPrice(w, alpha, tao);
        const now = superellipsePrice(curve, alpha, tao);
        const err = now > old ? now - old : old - now;
        expect(err).toBeLessThanOrEqual(old / 10_000_000n + 16n);
      }),
      { numRuns: 500 },
    );
  });

  it('agrees with the slow reference on random pools', () => {
    fc.assert(
      fc.property(pool, fc.bigInt({ min: 0n, max: U64_MAX }), ({ alpha, tao, curve }, r) => {
        const d = r % (tao + 1n);
        expect(attempt(() => superellipseBuyOutput(curve, alpha, tao, d))).toBe(attempt(() => refBuyOutput(curve, alpha, tao, d)));
        const e = r % (alpha + 1n);
        expect(attempt(() => superellipseSellOutput(curve, alpha, tao, e))).toBe(attempt(() => refSellOutput(curve, alpha, tao, e)));
        expect(superellipseMaxBuyInput(curve, alpha, tao, 1_000n < alpha ? 1_000n : 0n)).toBe(refMaxInput(curve, alpha, tao, true, 1_000n < alpha ? 1_000n : 0n));
        const target = (superellipsePrice(curve, alpha, tao) * 5n) / 4n;
        expect(superellipseQuoteDeltaToPrice(curve, alpha, tao, target)).toBe(refQuoteDeltaToPrice(curve, alpha, tao, target));
      }),
      { numRuns: 60 },
    );
  });
});

describe("the chain's full-width sample tests (superellipse.rs), same generator", () => {
  it('full_width_domain_bounds_and_round_trips', () => {
    const next = lcg(22n);
    for (let i = 0; i < 256; i++) {
      const alpha = next() || 1n;
      const tao = next() || 1n;
      const curve = superellipseFromWeights(alpha, tao, ((next() % 99n) + 1n) * PCT);
      const maxBuy = superellipseMaxBuyInput(curve, alpha, tao);
      const bought = superellipseBuyOutput(curve, alpha, tao, maxBuy);
      if (maxBuy < U64_MAX - tao) expect(attempt(() => superellipseBuyOutput(curve, alpha, tao, maxBuy + 1n))).toBeNull();
      expect(superellipseSellOutput(curve, alpha - bought, tao + maxBuy, bought)).toBeLessThanOrEqual(maxBuy);
      const maxSell = superellipseMaxSellInput(curve, alpha, tao);
      const sold = superellipseSellOutput(curve, alpha, tao, maxSell);
      if (maxSell < U64_MAX - alpha) expect(attempt(() => superellipseSellOutput(curve, alpha, tao, maxSell + 1n))).toBeNull();
      expect(superellipseBuyOutput(curve, alpha + maxSell, tao - sold, sold)).toBeLessThanOrEqual(maxSell);
    }
  });

  it('baseline_extraction_is_safe_for_full_width_reserves', () => {
    const next = lcg(59n);
    for (let i = 0; i < 256; i++) {
      const alpha = next() || 1n;
      const tao = next() || 1n;
      const before = superellipseFromWeights(alpha, tao, ((next() % 99n) + 1n) * PCT);
      const [takeA, takeT] = superellipseExtractableReserves(before, alpha, tao, 1n);
      const curve = superellipseWithdrawLiquidity(before, takeA, takeT);
      const [a, t] = [alpha - takeA, tao - takeT];
      expect(superellipsePrice(curve, a, t)).toBe(superellipsePrice(before, alpha, tao));
      const buy = superellipseMaxBuyInput(curve, a, t, 1n);
      const sell = superellipseMaxSellInput(curve, a, t, 1n);
      expect(superellipseBuyOutput(curve, a, t, buy)).toBeLessThan(a);
      expect(superellipseSellOutput(curve, a, t, sell)).toBeLessThan(t);
      const sellNext = attempt(() => superellipseSellOutput(curve, a, t, sell + 1n));
      expect(sellNext === null || sellNext >= t).toBe(true);
      const buyNext = attempt(() => superellipseBuyOutput(curve, a, t, buy + 1n));
      expect(buyNext === null || buyNext >= a).toBe(true);
    }
  });

  it('globally_unreachable_extraction_preserves_quotes_and_boundaries', () => {
    const [alpha, tao, floor] = [2_880_603_110_475_064n, 203_305_249_479_705n, 1_000_000n];
    for (const pct of [1n, 10n, 50n, 90n, 99n]) {
      const before = superellipseFromWeights(alpha, tao, pct * PCT);
      const [takeA, takeT] = superellipseExtractableReserves(before, alpha, tao, floor);
      const curve = superellipseWithdrawLiquidity(before, takeA, takeT);
      const [a, t] = [alpha - takeA, tao - takeT];
      expect(superellipsePrice(curve, a, t)).toBe(superellipsePrice(before, alpha, tao));
      expect(superellipseExtractableReserves(curve, a, t, floor)).toEqual([0n, 0n]);
      const maxBuy = superellipseMaxBuyInput(before, alpha, tao, floor);
      const maxSell = superellipseMaxSellInput(before, alpha, tao, floor);
      expect(superellipseMaxBuyInput(curve, a, t, floor)).toBe(maxBuy);
      expect(superellipseMaxSellInput(curve, a, t, floor)).toBe(maxSell);
      for (const d of [0n, 1n, maxBuy / 2n, maxBuy]) {
        expect(superellipseBuyOutput(curve, a, t, d)).toBe(superellipseBuyOutput(before, alpha, tao, d));
        expect(superellipseBuyOutput(curve, a, t, d)).toBeLessThanOrEqual(a - floor);
      }
      for (const d of [0n, 1n, maxSell / 2n, maxSell]) {
        expect(superellipseSellOutput(curve, a, t, d)).toBe(superellipseSellOutput(before, alpha, tao, d));
        expect(superellipseSellOutput(curve, a, t, d)).toBeLessThanOrEqual(t - floor);
      }
    }
  });

  it('extraction_uses_actual_post_trade_invariant_and_remains_safe', () => {
    let [alpha, tao] = [10_000_000n, 500_000n];
    let curve: SuperellipseCurve = superellipseFromWeights(alpha, tao, 50n * PCT);
    const [takeA, takeT] = superellipseExtractableReserves(curve, alpha, tao, 100n);
    curve = superellipseWithdrawLiquidity(curve, takeA, takeT);
    alpha -= takeA;
    tao -= takeT;
    let k = superellipseInvariant(curve, alpha, tao);
    for (const amount of [1n, 7n, 13n, 53n, 97n, 101n, 313n, 1_003n]) {
      const bought = superellipseBuyOutput(curve, alpha, tao, amount);
      alpha -= bought;
      tao += amount;
      const sold = superellipseSellOutput(curve, alpha, tao, bought);
      alpha += bought;
      tao -= sold;
      const nextK = superellipseInvariant(curve, alpha, tao);
      expect(nextK).toBeLessThanOrEqual(k);
      k = nextK;
      expect(superellipseBuyOutput(curve, alpha, tao, superellipseMaxBuyInput(curve, alpha, tao, 100n))).toBeLessThanOrEqual(alpha - 100n);
      expect(superellipseSellOutput(curve, alpha, tao, superellipseMaxSellInput(curve, alpha, tao, 100n))).toBeLessThanOrEqual(tao - 100n);
    }
  });

  it('deep pool extraction keeps the buy capacity and the quotes (migration_tests.rs)', () => {
    const [alpha, tao] = [2_880_603_110_475_064n, 203_305_249_479_705n];
    const curve = superellipseFromWeights(alpha, tao, 50n * PCT);
    // The mock runtime's MinimumReserve is 1.
    const [takeA, takeT] = superellipseExtractableReserves(curve, alpha, tao, 1n);
    expect(takeA > 0n && takeT > 0n).toBe(true);
    const funded = superellipseWithdrawLiquidity(curve, takeA, takeT);
    const [a, t] = [alpha - takeA, tao - takeT];
    expect(superellipseMaxBuyInput(funded, a, t)).toBe(tao - 1n);
    for (const d of [500_000_000_000n, 1_000_000_000n]) {
      expect(superellipseBuyOutput(funded, a, t, d)).toBe(superellipseBuyOutput(curve, alpha, tao, d));
      expect(superellipseSellOutput(funded, a, t, d)).toBe(superellipseSellOutput(curve, alpha, tao, d));
    }
  });
});
