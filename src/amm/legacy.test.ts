/** Older pool models and the metadata-based model choice. */
import { describe, expect, it } from 'vitest';
import { AmmError, detectPoolModel, maxStake, quoteStake, quoteUnstake, spotPrice, type Pool } from './index.ts';
import { isqrt } from './legacy.ts';

const A = 10n ** 18n;
const base = { netuid: 3, mechanism: 1, quoteWeight: A / 2n, feeRate: 33, minReserve: 1_000_000n };

describe('detectPoolModel (spec §1.3)', () => {
  it('picks the model from the Swap pallet storage names', () => {
    expect(detectPoolModel(['SwapBalancer', 'FeeRate', 'PalSwapInitialized'])).toBe('balancer');
    expect(detectPoolModel(['AlphaSqrtPrice', 'CurrentTick', 'CurrentLiquidity', 'FeeRate'])).toBe('v3');
    expect(detectPoolModel([])).toBe('constantProduct');
    expect(detectPoolModel(null)).toBe('constantProduct');
    expect(detectPoolModel({ hasSwapPallet: false, swapStorage: [] })).toBe('constantProduct');
    expect(detectPoolModel({ hasSwapPallet: true, swapStorage: ['SwapBalancer'] })).toBe('balancer');
    expect(detectPoolModel({ hasSwapPallet: true, swapStorage: ['AlphaSqrtPrice', 'SwapBalancer'] })).toBe('balancer');
    expect(detectPoolModel(['SwapBalancer', 'SwapSuperellipse', 'FeeRate'])).toBe('superellipse');
    expect(detectPoolModel({ hasSwapPallet: true, swapStorage: ['SwapSuperellipse'] })).toBe('superellipse');
  });
  it('refuses a Swap pallet it does not know', () => {
    expect(() => detectPoolModel({ hasSwapPallet: true, swapStorage: ['FeeRate'] })).toThrow(AmmError);
    expect(() => detectPoolModel({ hasSwapPallet: 'yes', swapStorage: [] } as never)).toThrow(AmmError);
  });
});

describe('constant product model (spec §9.1)', () => {
  const cp: Pool = { ...base, model: 'constantProduct', taoReserve: 10n ** 13n, alphaReserve: 5n * 10n ** 14n };
  it('prices y/x and swaps on x·y = k with floors and no pool fee', () => {
    expect(spotPrice(cp)).toBe(19_999_999n); // U64F64 floor, like the balancer at w = 0.5
    const k = cp.taoReserve * cp.alphaReserve;
    const dy = 10n ** 11n;
    expect(quoteStake(cp, dy)).toEqual({ amountIn: dy, amountOut: cp.alphaReserve - k / (cp.taoReserve + dy), fee: 0n });
    const dx = 5n * 10n ** 12n;
    expect(quoteUnstake(cp, dx)).toEqual({ amountIn: dx, amountOut: cp.taoReserve - k / (cp.alphaReserve + dx), fee: 0n });
  });
  it('stops a buy where the price reaches the limit', () => {
    const limit = 20_200_000n; // +1 %
    const q = quoteStake(cp, 10n ** 13n, limit);
    expect(q.amountIn).toBeLessThan(10n ** 13n);
    const after = { ...cp, taoReserve: cp.taoReserve + q.amountIn, alphaReserve: cp.alphaReserve - q.amountOut };
    expect(spotPrice(after)).toBeLessThanOrEqual(limit);
    expect(spotPrice(after)).toBeGreaterThan(limit - 1000n);
    expect(maxStake(cp, limit)).toBe(q.amountIn);
  });
  it('keeps the chain checks', () => {
    expect(() => quoteStake(cp, 1n, 19_000_000n)).toThrow(expect.objectContaining({ code: 'PriceLimitExceeded' }));
    expect(() => quoteUnstake({ ...cp, taoReserve: 10n }, 1000n)).toThrow(expect.objectContaining({ code: 'ReservesTooLow' }));
  });
});

describe('V3 protocol-liquidity model (spec §9.2)', () => {
  // A full-range position with L = sqrt(x·y) at √P = sqrt(y/x).
  const x = 5n * 10n ** 14n;
  const y = 10n ** 13n;
  const sqrtPrice = isqrt((y << 128n) / x);
  const v3: Pool = { ...base, model: 'v3', taoReserve: y, alphaReserve: x, sqrtPrice, liquidity: isqrt(x * y) };
  it('prices √P² in U96F32', () => {
    const p = spotPrice(v3);
    expect(p).toBeGreaterThanOrEqual(19_999_990n);
    expect(p).toBeLessThanOrEqual(20_000_000n);
  });
  it('matches the constant-product curve of the same reserves to within rounding, plus the fee', () => {
    const dy = 10n ** 11n;
    const q = quoteStake(v3, dy);
    const fee = (dy * 33n) / 65535n;
    expect(q.fee).toBe(fee);
    expect(q.amountIn).toBe(dy - fee);
    const cpOut = x - (x * y) / (y + q.amountIn);
    const diff = q.amountOut > cpOut ? q.amountOut - cpOut : cpOut - q.amountOut;
    expect(diff).toBeLessThan(cpOut / 1_000_000n);
    const s = quoteUnstake(v3, 5n * 10n ** 12n);
    const cpTao = y - (x * y) / (x + s.amountIn);
    const d2 = s.amountOut > cpTao ? s.amountOut - cpTao : cpTao - s.amountOut;
    expect(d2).toBeLessThan(cpTao / 1_000_000n);
  });
  it('binds the limit and recomputes the fee on the executed part', () => {
    const limit = 20_100_000n;
    const q = quoteStake(v3, 10n ** 13n, limit);
    expect(q.amountIn).toBeLessThan(10n ** 13n);
    expect(q.fee).toBe((q.amountIn * 33n) / (65535n - 33n));
    expect(() => quoteStake(v3, 10n ** 9n, 19_000_000n)).toThrow(expect.objectContaining({ code: 'PriceLimitExceeded' }));
  });
  it('needs sqrtPrice and liquidity', () => {
    expect(() => quoteStake({ ...v3, liquidity: undefined }, 1000n)).toThrow(expect.objectContaining({ code: 'InvalidPool' }));
  });
});
