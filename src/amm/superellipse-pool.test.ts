/**
 * The quote API, previews and chart on superellipse pools: the same swap step as the chain's
 * (checked against the reference step over the slow curve), limits, partial fills and the
 * recomputed fee, pools without a stored curve, and pools the wallet must refuse to price.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  AmmError,
  maxStake,
  maxUnstake,
  previewMove,
  previewStake,
  previewUnstake,
  quoteMove,
  quoteStake,
  quoteUnstake,
  slippageSeries,
  spotPrice,
  currentPriceBits,
  superellipseFromWeights,
  superellipsePrice,
  type Pool,
} from './index.ts';
import { balancerCurrentPrice, limitBits } from './balancer.ts';
import { refSwap } from './superellipse-reference.ts';

const TAO = 1_000_000_000n;
const HALF = 5n * 10n ** 17n;

function pool(over: Partial<Pool> = {}, stored = true): Pool {
  const base: Pool = { netuid: 3, mechanism: 1, taoReserve: 20_000n * TAO, alphaReserve: 1_000_000n * TAO, quoteWeight: 420n * 10n ** 15n, feeRate: 33, minReserve: 1_000_000n, model: 'superellipse', ...over };
  if (stored && !('curve' in over)) base.curve = superellipseFromWeights(base.alphaReserve, base.taoReserve, base.quoteWeight);
  return base;
}

const ref = (p: Pool, buy: boolean, amount: bigint, limitRao: bigint): ReturnType<typeof refSwap> =>
  refSwap({ alpha: p.alphaReserve, tao: p.taoReserve, curve: p.curve!, feeRate: BigInt(p.feeRate), minReserve: p.minReserve }, buy, amount, limitBits(limitRao), false);

const asResult = (f: () => { amountIn: bigint; amountOut: bigint; fee: bigint }): ReturnType<typeof refSwap> => {
  try {
    return f();
  } catch (e) {
    if (e instanceof AmmError) return { error: e.code };
    throw e;
  }
};

describe('quotes on a superellipse pool', () => {
  it('stake and unstake, with and without a limit, equal the reference swap step to the rao', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 1n, max: 30_000n * TAO }), fc.integer({ min: 0, max: 3_000 }), fc.boolean(), (amount, limitPermille, buy) => {
        const p = pool();
        const spot = spotPrice(p);
        const limit = buy ? (spot * BigInt(1_000 + limitPermille)) / 1_000n : (spot * BigInt(1_000 - (limitPermille % 1_000))) / 1_000n;
        const local = asResult(() => (buy ? quoteStake(p, amount, limit) : quoteUnstake(p, amount, limit)));
        expect(local).toEqual(ref(p, buy, amount, limit));
      }),
      { numRuns: 60 },
    );
  });

  it('max stake and max unstake are what a limited swap executes, and one rao more only partially fills', () => {
    const p = pool();
    const spot = spotPrice(p);
    const up = (spot * 102n) / 100n;
    const m = maxStake(p, up);
    const full = quoteStake(p, m, up);
    expect(full.amountIn + full.fee).toBe(m);
    const over = quoteStake(p, m + 1n, up);
    expect(over.amountIn).toBe(full.amountIn);
    // The chain recomputes the fee on the net amount used once the limit binds: δ·r/(65535−r).
    expect(over.fee).toBe((over.amountIn * ((33n << 128n) / ((65_535n - 33n) << 64n))) >> 64n);
    const down = (spot * 98n) / 100n;
    const n = maxUnstake(p, down);
    const sold = quoteUnstake(p, n, down);
    expect(sold.amountIn + sold.fee).toBe(n);
    expect(superellipsePrice(p.curve!, p.alphaReserve + sold.amountIn, p.taoReserve - sold.amountOut)).toBeGreaterThanOrEqual(limitBits(down));
  });

  it('spot price: the stored curve, else the archived Balancer price until the first swap builds one', () => {
    const p = pool();
    expect(currentPriceBits(p)).toBe(superellipsePrice(p.curve!, p.alphaReserve, p.taoReserve));
    expect(spotPrice(p)).toBe((currentPriceBits(p) * TAO) >> 64n);
    const lazy = pool({}, false);
    expect(currentPriceBits(lazy)).toBe(balancerCurrentPrice(lazy));
    // The first swap calibrates from the Balancer weight, or 0.5 if the pool was never initialised.
    expect(quoteStake(lazy, 100n * TAO)).toEqual(quoteStake(p, 100n * TAO));
    const fresh = pool({ swapInitialized: false }, false);
    expect(quoteStake(fresh, 100n * TAO)).toEqual(quoteStake(pool({ curve: superellipseFromWeights(p.alphaReserve, p.taoReserve, HALF) }), 100n * TAO));
    expect(() => quoteStake(pool({ taoReserve: 0n }, false), 100n * TAO)).toThrow(expect.objectContaining({ code: 'SwapInputTooLarge' }));
    expect(() => quoteUnstake(pool({ taoReserve: 0n }, false), 100n * TAO)).toThrow(expect.objectContaining({ code: 'ReservesTooLow' }));
  });

  it('keeps the chain check order: input cap, minimum reserve, then the price limit', () => {
    const p = pool();
    expect(() => quoteStake(p, 20_000n * 1_001n * TAO)).toThrow(expect.objectContaining({ code: 'SwapInputTooLarge' }));
    expect(() => quoteStake(pool({ alphaReserve: 999_999n }), TAO)).toThrow(expect.objectContaining({ code: 'ReservesTooLow' }));
    expect(() => quoteStake(p, TAO, spotPrice(p))).toThrow(expect.objectContaining({ code: 'PriceLimitExceeded' }));
    expect(() => quoteUnstake(p, TAO, spotPrice(p) + 1n)).toThrow(expect.objectContaining({ code: 'PriceLimitExceeded' }));
  });

  it('previews, moves and the chart work on it', () => {
    const p = pool();
    const other = pool({ netuid: 4, taoReserve: 50_000n * TAO, alphaReserve: 800_000n * TAO, quoteWeight: HALF });
    const stake = previewStake({ pool: p, amount: 5_000n * TAO, tolerancePpm: 10_000n, allowPartial: true });
    expect(stake.error).toBeNull();
    expect(stake.executedAmount).toBe(stake.maxAtLimit);
    expect(stake.received).toBe(quoteStake(p, stake.executedAmount, stake.limitPrice!).amountOut);
    const refused = previewStake({ pool: p, amount: 5_000n * TAO, tolerancePpm: 10_000n });
    expect(refused.error?.code).toBe('SlippageTooHigh');
    const unstake = previewUnstake({ pool: p, amount: 1_000n * TAO, tolerancePpm: 50_000n });
    expect(unstake.received).toBe(quoteUnstake(p, 1_000n * TAO, unstake.limitPrice!).amountOut);
    // The chain's get_max_amount_move is a closed formula over reserves; equal-weight pools keep it positive.
    const [o, d] = [pool({ quoteWeight: HALF }), pool({ netuid: 4, quoteWeight: HALF, taoReserve: 30_000n * TAO })];
    const move = previewMove({ origin: o, destination: d, amount: 1_000n * TAO, tolerancePpm: 50_000n });
    expect(move.error).toBeNull();
    expect(move.received).toBe(quoteMove(o, d, 1_000n * TAO).amountOut);
    expect(quoteMove(p, other, 1_000n * TAO).amountOut).toBeGreaterThan(0n);
    const series = slippageSeries(p, 'stake', 10_000n * TAO);
    expect(series).toHaveLength(64);
    for (let i = 1; i < series.length; i++) expect(series[i]!.slippagePpm!).toBeGreaterThanOrEqual(series[i - 1]!.slippagePpm!);
  });
});

describe('a superellipse pool the wallet cannot price', () => {
  const good = pool();
  const c = good.curve!;
  const bad: [string, Pool, string][] = [
    ['an undecodable record', pool({ curveProblem: 'the record is 60 bytes, its type takes 64' }), "its Swap.SwapSuperellipse record is unreadable (the record is 60 bytes, its type takes 64)"],
    ['a negative scale', pool({ curve: { ...c, taoScale: -c.taoScale } }), 'its curve is malformed (curve.taoScale must be a u128 bigint)'],
    ['a zero scale', pool({ curve: { ...c, alphaScale: 0n } }), 'its curve is malformed (alpha scale is zero)'],
    ['a scale past u128', pool({ curve: { ...c, alphaScale: 1n << 128n } }), 'its curve is malformed (curve.alphaScale must be a u128 bigint)'],
    ['reserves past the centre', pool({ curve: c, taoReserve: good.taoReserve * 4n }), "its reserves lie past the curve's centre (outside the curve's domain)"],
    ['no curve and a weight that cannot calibrate one', pool({ quoteWeight: 0n }, false), 'it has no curve yet and its Balancer weight cannot calibrate one'],
  ];

  it.each(bad)('%s: previews say why, quotes refuse, nothing is priced', (_name, p, reason) => {
    const message = `Subnet 3's pool cannot be priced: ${reason}`;
    for (const preview of [
      previewStake({ pool: p, amount: 10n * TAO, tolerancePpm: 5_000n }),
      previewStake({ pool: p, amount: 1n, tolerancePpm: 5_000n }),
      previewUnstake({ pool: p, amount: 10n * TAO, tolerancePpm: 5_000n }),
      previewMove({ origin: { ...good, netuid: 5 }, destination: p, amount: 10n * TAO, tolerancePpm: 5_000n }),
      previewMove({ origin: p, destination: { ...good, netuid: 5 }, amount: 10n * TAO, tolerancePpm: 5_000n }),
    ]) {
      expect(preview.error).toEqual({ code: 'PoolUnpriceable', message });
      expect(preview.received).toBe(0n);
    }
    expect(() => quoteStake(p, 10n * TAO)).toThrow(expect.objectContaining({ code: 'PoolUnpriceable', message }));
    expect(spotPrice(p)).toBe(0n);
    expect(slippageSeries(p, 'unstake', 10n * TAO, 4).map((s) => s.error)).toEqual(Array(4).fill('PoolUnpriceable'));
  });

  it('a pool with an empty reserve and no curve is the chain error, not an unpriceable pool', () => {
    const empty = pool({ alphaReserve: 0n }, false);
    expect(previewUnstake({ pool: empty, amount: 10n * TAO, tolerancePpm: 5_000n }).error?.code).not.toBe('PoolUnpriceable');
  });
});
