/** Preview, limit and tolerance math. */
import { describe, expect, it } from 'vitest';
import {
  AmmError,
  formatPpm,
  maxMove,
  maxMoveOverflows,
  maxStake,
  maxUnstake,
  moveLimitPrice,
  parseTolerance,
  previewMove,
  previewStake,
  previewUnstake,
  quoteMove,
  quoteStake,
  quoteUnstake,
  slippageSeries,
  smallestMoveLimit,
  spotPrice,
  stakeLimitPrice,
  unstakeLimitPrice,
  widestMoveTolerancePpm,
  type Pool,
} from './index.ts';

const A = 10n ** 18n;
const pool5: Pool = { netuid: 5, mechanism: 1, taoReserve: 10n ** 13n, alphaReserve: 5n * 10n ** 14n, quoteWeight: A / 2n, feeRate: 33, minReserve: 1_000_000n };
const live: Pool = { netuid: 14, mechanism: 1, taoReserve: 73412908331772n, alphaReserve: 1234876543210987n, quoteWeight: 499157300678284443n, feeRate: 33, minReserve: 1_000_000n };
const root: Pool = { netuid: 0, mechanism: 0, taoReserve: 3n * 10n ** 15n, alphaReserve: 10n ** 9n, quoteWeight: A / 2n, feeRate: 33, minReserve: 1_000_000n };

describe('parseTolerance', () => {
  it('parses percent text into ppm', () => {
    expect(parseTolerance('0.5')).toBe(5000n);
    expect(parseTolerance('5.5%')).toBe(55_000n);
    expect(parseTolerance(' 1 ')).toBe(10_000n);
    expect(parseTolerance('.25')).toBe(2_500n);
    expect(parseTolerance('0,5')).toBe(5000n);
    expect(parseTolerance('0.0001')).toBe(1n);
    expect(parseTolerance('99.9999')).toBe(999_999n);
  });
  it('rejects what it cannot read, with a typed error', () => {
    for (const bad of ['', '%', 'abc', '-1', '0', '0.00', '100', '150', '1e-3', '0.00001', '1.2.3', '0x10', 'NaN', 'Infinity']) {
      expect(() => parseTolerance(bad), bad).toThrow(expect.objectContaining({ code: 'InvalidTolerance' }));
    }
  });
  it('formats ppm without floats', () => {
    expect(formatPpm(5000n)).toBe('0.50%');
    expect(formatPpm(123_456n, 3)).toBe('12.345%');
  });
});

describe('limit prices (spec §19.4)', () => {
  it('stake floor(price·(1+tol)), unstake floor(price·(1−tol)), move ratio·1e9·(1−tol)', () => {
    expect(stakeLimitPrice(19_999_999n, 5000n)).toBe(20_099_998n); // 19999999·1.005 = 20099998.995
    expect(unstakeLimitPrice(19_999_999n, 5000n)).toBe(19_899_999n); // 19899999.005
    expect(moveLimitPrice(20_000_000n, 12_499_993n, 5000n)).toBe((20_000_000n * 10n ** 9n * 995_000n) / (12_499_993n * 1_000_000n));
    expect(() => stakeLimitPrice(1n, 0n)).toThrow(AmmError);
  });
  it('the vectors’ ±0.5 % limits are the ones these functions produce', () => {
    expect(stakeLimitPrice(spotPrice(pool5), 5000n)).toBe(20_099_998n);
    expect(unstakeLimitPrice(spotPrice(pool5), 5000n)).toBe(19_899_999n);
    expect(stakeLimitPrice(spotPrice(live), 5000n)).toBe(59_948_575n);
    expect(unstakeLimitPrice(spotPrice(live), 5000n)).toBe(59_352_072n);
  });
});

describe('previewStake', () => {
  it('shows the exact swap, the fee, slippage and the limit to sign', () => {
    const p = previewStake({ pool: pool5, amount: 10n ** 11n, tolerancePpm: 50_000n });
    const q = quoteStake(pool5, 10n ** 11n);
    expect(p.error).toBeNull();
    expect(p.received).toBe(q.amountOut);
    expect(p.fee).toBe(q.fee);
    expect(p.limitPrice).toBe(stakeLimitPrice(19_999_999n, 50_000n));
    expect(p.maxAtLimit).toBe(maxStake(pool5, p.limitPrice!));
    expect(p.exceedsLimit).toBe(false);
    // ideal = 100 TAO at the spot price 0.02 = 5000 α; received 4948.03 α, about 1.04 % less with the fee
    expect(p.idealReceived).toBe(5_000_000_000_000n);
    expect(p.slippagePpm).toBe(((p.idealReceived - q.amountOut) * 1_000_000n) / p.idealReceived);
    expect(p.priceImpactPpm).toBeLessThan(p.slippagePpm);
    expect(p.minReceived).toBeLessThanOrEqual(p.received);
    expect(p.display.slippage).toMatch(/^\d+\.\d\d%$/);
  });
  it('flags an amount above what the limit allows; with allowPartial shows the partial fill', () => {
    const amount = 500n * 10n ** 9n;
    const strict = previewStake({ pool: live, amount, tolerancePpm: 5000n });
    expect(strict.exceedsLimit).toBe(true);
    expect(strict.maxAtLimit).toBe(183_704_758_224n); // the vector's maxStake at +0.5 %
    expect(strict.error?.code).toBe('SlippageTooHigh');
    expect(strict.received).toBe(0n);
    const partial = previewStake({ pool: live, amount, tolerancePpm: 5000n, allowPartial: true });
    expect(partial.error).toBeNull();
    expect(partial.executedAmount).toBe(183_704_758_224n);
    expect(partial.received).toBe(quoteStake(live, 183_704_758_224n, 59_948_575n).amountOut);
  });
  it('enforces the minimum stake of 2_000_000 rao plus fee (2_001_007 at FeeRate 33)', () => {
    expect(previewStake({ pool: pool5, amount: 2_001_006n, tolerancePpm: 5000n })).toMatchObject({ belowMinimum: true, minimumAmount: 2_001_007n, error: { code: 'AmountTooLow' } });
    expect(previewStake({ pool: pool5, amount: 2_001_007n, tolerancePpm: 5000n })).toMatchObject({ belowMinimum: false, error: null, received: 99_999_980n });
    expect(previewStake({ pool: root, amount: 2_000_000n, tolerancePpm: 5000n })).toMatchObject({ belowMinimum: false, received: 2_000_000n, limitPrice: null });
  });
  it('reports the subtensor-side 1000× liquidity check and the balance', () => {
    expect(previewStake({ pool: { ...pool5, taoReserve: 10n ** 9n }, amount: 10n ** 12n + 1n, tolerancePpm: 5000n }).error?.code).toBe('InsufficientLiquidity');
    expect(previewStake({ pool: pool5, amount: 10n ** 10n, tolerancePpm: 5000n, spendable: 10n ** 9n }).error?.code).toBe('NotEnoughBalanceToStake');
  });
  it('throws typed errors on bad input', () => {
    expect(() => previewStake({ pool: pool5, amount: -1n, tolerancePpm: 5000n })).toThrow(expect.objectContaining({ code: 'InvalidAmount' }));
    expect(() => previewStake({ pool: pool5, amount: 1n, tolerancePpm: 5000 as unknown as bigint })).toThrow(expect.objectContaining({ code: 'InvalidTolerance' }));
  });
});

describe('previewUnstake', () => {
  it('matches the swap and the limit vector', () => {
    const p = previewUnstake({ pool: live, amount: 2n * 10n ** 13n, tolerancePpm: 50_000n });
    expect(p.received).toBe(quoteUnstake(live, 2n * 10n ** 13n).amountOut);
    expect(p.limitPrice).toBe(unstakeLimitPrice(spotPrice(live), 50_000n));
    expect(p.maxAtLimit).toBe(maxUnstake(live, p.limitPrice!));
    expect(p.feeUnit).toEqual({ token: 'alpha', netuid: 14 });
  });
  it('a partial unstake must pay out 2_000_000 rao; a full exit is exempt', () => {
    expect(previewUnstake({ pool: pool5, amount: 50_000_000n, tolerancePpm: 5000n, stake: 10n ** 12n }).error?.code).toBe('AmountTooLow');
    expect(previewUnstake({ pool: pool5, amount: 50_000_000n, tolerancePpm: 5000n, stake: 50_000_000n }).error).toBeNull();
    expect(previewUnstake({ pool: pool5, amount: 10n ** 13n, tolerancePpm: 5000n, stake: 10n ** 12n }).error?.code).toBe('NotEnoughStakeToWithdraw');
  });
});

describe('previewMove', () => {
  it('alpha → alpha: one fee on the origin leg, limit = ratio·1e9·(1−tol)', () => {
    const p = previewMove({ origin: pool5, destination: live, amount: 10n ** 11n, tolerancePpm: 50_000n });
    const m = quoteMove(pool5, live, 10n ** 11n);
    expect(p.kind).toBe('alphaToAlpha');
    expect(p.received).toBe(m.amountOut);
    expect(p.tao).toBe(m.tao);
    expect(p.fee).toBe(m.fee);
    expect(p.feeUnit).toEqual({ token: 'alpha', netuid: 5 });
    expect(p.limitPrice).toBe(moveLimitPrice(spotPrice(pool5), spotPrice(live), 50_000n));
    expect(p.maxAtLimit).toBe(maxMove(pool5, live, p.limitPrice!));
  });
  it('root → alpha charges the fee in TAO on the destination leg', () => {
    const p = previewMove({ origin: root, destination: pool5, amount: 10n ** 10n, tolerancePpm: 50_000n });
    expect(p.kind).toBe('rootToAlpha');
    expect(p.fee).toBe(5_035_477n);
    expect(p.feeUnit).toEqual({ token: 'tao' });
    expect(p.received).toBe(499_249_228_317n);
  });
  it('alpha → root', () => {
    const p = previewMove({ origin: pool5, destination: root, amount: 10n ** 11n, tolerancePpm: 50_000n });
    expect(p.kind).toBe('alphaToRoot');
    expect(p.received).toBe(quoteUnstake(pool5, 10n ** 11n).amountOut);
    expect(p.maxAtLimit).toBe(maxUnstake(pool5, p.limitPrice!));
  });
  it('same subnet (validator change): no swap, no fee, no limit; minimum is worth 2_000_000 rao', () => {
    const p = previewMove({ origin: pool5, destination: pool5, amount: 10n ** 12n, tolerancePpm: 5000n });
    expect(p).toMatchObject({ kind: 'sameSubnet', received: 10n ** 12n, fee: 0n, limitPrice: null, tao: 19_999_999_999n, slippagePpm: 0n });
    expect(previewMove({ origin: pool5, destination: pool5, amount: 99_999_999n, tolerancePpm: 5000n }).error?.code).toBe('AmountTooLow');
  });
  it('a cross-subnet move must unstake more than 2_000_000 rao', () => {
    expect(previewMove({ origin: pool5, destination: live, amount: 100_000_000n, tolerancePpm: 5000n }).error?.code).toBe('AmountTooLow');
  });
});

describe('maxMove (get_max_amount_move, spec §7)', () => {
  it('covers root/stable combinations', () => {
    expect(maxMove(root, { ...root, netuid: 3 }, 10n ** 9n)).toBe((1n << 64n) - 1n);
    expect(maxMove(root, { ...root, netuid: 3 }, 10n ** 9n + 1n)).toBe(0n);
    expect(maxMove(root, pool5, 0n)).toBe((1n << 64n) - 1n);
    expect(maxMove(pool5, root, 19_899_999n)).toBe(maxUnstake(pool5, 19_899_999n));
    expect(maxMove(root, pool5, 10n ** 18n / 20_099_998n)).toBe(maxStake(pool5, 20_099_998n));
  });
  it('dynamic ↔ dynamic: closed form, 0 above the current ratio', () => {
    const ratio = (spotPrice(pool5) * 10n ** 9n) / spotPrice(live);
    expect(maxMove(pool5, live, ratio * 2n)).toBe(0n);
    const m1 = maxMove(pool5, live, (ratio * 99n) / 100n);
    const m2 = maxMove(pool5, live, (ratio * 95n) / 100n);
    expect(m1).toBeGreaterThan(0n);
    expect(m2).toBeGreaterThan(m1);
  });
});

describe('maxMove with a tiny limit: the chain\'s U64F64 quotient overflows to 0 (not u64::MAX)', () => {
  // aD·(tO/(tO+tD)) of pool5 → live, in U64F64 bits, worked out here without the module's helpers.
  const total = pool5.taoReserve + live.taoReserve;
  const tOverSum = (pool5.taoReserve << 128n) / (total << 64n);
  const numerator = (live.alphaReserve * tOverSum); // int(aD) · tOverSum >> 64 = aD · tOverSum (aD is an integer)
  const limitBits = (limit: bigint): bigint => ((limit << 64n) << 64n) / (10n ** 9n << 64n);
  /** Whether substrate-fixed's checked_div (numerator ÷ L) overflows U64F64: the quotient's bits reach 2^128. */
  const overflowsByHand = (limit: bigint): boolean => (numerator << 64n) / limitBits(limit) >= 1n << 128n;

  it('limit_price = 1 (ratio 1e-9) gives 0: the quotient is ~1.6e24 alpha, far past U64F64', () => {
    expect(overflowsByHand(1n)).toBe(true);
    expect(maxMoveOverflows(pool5, live, 1n)).toBe(true);
    expect(maxMove(pool5, live, 1n)).toBe(0n);
    // limit_price = 0 is the chain's own u64::MAX shortcut, checked before the division.
    expect(maxMoveOverflows(pool5, live, 0n)).toBe(false);
    expect(maxMove(pool5, live, 0n)).toBe((1n << 64n) - 1n);
  });
  it('the overflow threshold is exact to the limit unit; just above it the maximum is huge', () => {
    const s = smallestMoveLimit(pool5, live);
    expect(overflowsByHand(s - 1n)).toBe(true);
    expect(overflowsByHand(s)).toBe(false);
    expect(maxMove(pool5, live, s - 1n)).toBe(0n);
    // At the threshold the quotient is just below 2^64 alpha: the maximum is about u64::MAX/… rao.
    expect(maxMove(pool5, live, s)).toBeGreaterThan(10n ** 18n);
    // Root/stable legs and limit 0 never overflow.
    expect(maxMoveOverflows(root, pool5, 1n)).toBe(false);
    expect(maxMoveOverflows(pool5, root, 1n)).toBe(false);
    expect(smallestMoveLimit(pool5, root)).toBe(1n);
  });
  it('the widest tolerance the move form can sign without the overflow, to the ppm', () => {
    const w = widestMoveTolerancePpm(pool5, live)!;
    expect(w).toBeGreaterThan(999_000n);
    expect(w).toBeLessThan(999_999n);
    const pO = spotPrice(pool5);
    const pD = spotPrice(live);
    expect(maxMoveOverflows(pool5, live, moveLimitPrice(pO, pD, w))).toBe(false);
    expect(maxMoveOverflows(pool5, live, moveLimitPrice(pO, pD, w + 1n))).toBe(true);
    expect(widestMoveTolerancePpm(pool5, root)).toBeNull();
  });
  it('previewMove explains the overflow in words instead of "raise the tolerance", and signs nothing', () => {
    const w = widestMoveTolerancePpm(pool5, live)!;
    const wide = previewMove({ origin: pool5, destination: live, amount: 10n ** 11n, tolerancePpm: 999_999n });
    expect(wide.error?.code).toBe('SlippageTooHigh');
    expect(wide.error?.message).toContain('overflows');
    expect(wide.error?.message).toContain(`at most ${formatPpm(w, 4)}`);
    expect(wide.error?.message).not.toContain('raise the tolerance');
    expect(wide.received).toBe(0n);
    const partial = previewMove({ origin: pool5, destination: live, amount: 10n ** 11n, tolerancePpm: 999_999n, allowPartial: true });
    expect(partial.error?.code).toBe('ZeroMaxStakeAmount');
    expect(partial.error?.message).toContain('move nothing');
    expect(partial.belowMinimum).toBe(false);
    // At the widest tolerance the move previews normally.
    const ok = previewMove({ origin: pool5, destination: live, amount: 10n ** 11n, tolerancePpm: w });
    expect(ok.error).toBeNull();
    expect(ok.received).toBe(quoteMove(pool5, live, 10n ** 11n).amountOut);
  });
});

describe('slippageSeries', () => {
  it('gives `points` increasing amounts with non-decreasing slippage', () => {
    const s = slippageSeries(live, 'stake', 10n ** 13n, 64);
    expect(s).toHaveLength(64);
    expect(s[63]!.amount).toBe(10n ** 13n);
    for (let i = 1; i < s.length; i++) {
      expect(s[i]!.amount).toBeGreaterThan(s[i - 1]!.amount);
      expect(s[i]!.slippagePpm!).toBeGreaterThanOrEqual(s[i - 1]!.slippagePpm!);
    }
    expect(s[10]!.received).toBe(quoteStake(live, s[10]!.amount).amountOut);
  });
  it('marks amounts the chain rejects instead of drawing them', () => {
    const s = slippageSeries({ ...pool5, taoReserve: 10n ** 9n }, 'stake', 2n * 10n ** 12n, 4);
    expect(s[3]).toMatchObject({ slippagePpm: null, error: 'SwapInputTooLarge' });
  });
});
