import { describe, expect, it } from 'vitest';
import { apyFromEpochRate, blocksPerYear, epochRate, formatApy, RATE_SCALE, validatorApy } from './apy.ts';

const TAO = 1_000_000_000n;

describe('epochRate', () => {
  it('is dividends over stake when the take is 0 (1 alpha on 1000 alpha = 0.001)', () => {
    expect(epochRate({ alphaDividends: TAO, taoDividends: 0n, take: 0, stake: 1000n * TAO, price: 500_000_000n })).toBe(10n ** 15n);
  });

  it('keeps (65535 - take) / 65535 of it: take 6553 leaves 0.001 * 58982/65535, floored', () => {
    // 1e15 * 58982 / 65535 = 900007629510948.33...
    expect(epochRate({ alphaDividends: TAO, taoDividends: 0n, take: 6553, stake: 1000n * TAO, price: 500_000_000n })).toBe(900_007_629_510_948n);
  });

  it('values TAO dividends against the stake at the pool price: 1 TAO on 1000 alpha at 0.5 TAO = 0.002', () => {
    expect(epochRate({ alphaDividends: 0n, taoDividends: TAO, take: 0, stake: 1000n * TAO, price: 500_000_000n })).toBe(2n * 10n ** 15n);
  });

  it('cannot value a validator with no stake or a pool with no price', () => {
    expect(epochRate({ alphaDividends: TAO, taoDividends: 0n, take: 0, stake: 0n, price: TAO })).toBeNull();
    expect(epochRate({ alphaDividends: TAO, taoDividends: 0n, take: 0, stake: TAO, price: 0n })).toBeNull();
  });

  it('refuses a take beyond u16 and negative dividends', () => {
    expect(() => epochRate({ alphaDividends: TAO, taoDividends: 0n, take: 70_000, stake: TAO, price: TAO })).toThrow(RangeError);
    expect(() => epochRate({ alphaDividends: -1n, taoDividends: 0n, take: 0, stake: TAO, price: TAO })).toThrow(RangeError);
  });
});

describe('apyFromEpochRate', () => {
  it('compounds once per epoch: 0.001 per epoch over 1000 epochs = 1.001^1000 - 1 = 1.716923932235892457...', () => {
    const apy = apyFromEpochRate(10n ** 15n, 0, 1000n);
    const exact = 1_716_923_932_235_892_457n; // (1.001)^1000 - 1 to 18 decimals
    expect(exact - apy >= 0n && exact - apy < 10_000n).toBe(true);
  });

  it('adds the last part-epoch linearly: 0.01 per epoch, period 10, 25 blocks = 1.01^2 * 1.005 - 1 = 0.0252005', () => {
    expect(apyFromEpochRate(10n ** 16n, 9, 25n)).toBe(25_200_500_000_000_000n);
  });

  it('depends on the tempo: the same epoch payout yields more on a shorter tempo', () => {
    const rate = 10n ** 14n;
    expect(apyFromEpochRate(rate, 99, 2_629_800n) > apyFromEpochRate(rate, 360, 2_629_800n)).toBe(true);
  });

  it('is 0 for a validator that earned nothing', () => {
    expect(apyFromEpochRate(0n, 360, 2_629_800n)).toBe(0n);
  });
});

describe('validatorApy', () => {
  it('a year at 12 s blocks, tempo 360: 7284 whole epochs and 276 blocks of the next', () => {
    expect(blocksPerYear(12_000n)).toBe(2_629_800n);
    const apy = validatorApy({ alphaDividends: TAO, taoDividends: 0n, take: 6553, stake: 1000n * TAO, price: 500_000_000n }, 360, 2_629_800n)!;
    // (1 + 0.00090000762951094833)^7284 = 701.1397829390291..., times (1 + r * 276/361) = 1.000688...: 700.62223335...
    const low = 700_622n * RATE_SCALE / 1000n;
    const high = 700_623n * RATE_SCALE / 1000n;
    expect(apy > low && apy < high).toBe(true);
  });
});

describe('formatApy', () => {
  it('shows a percent with two decimals, floored, grouped', () => {
    expect(formatApy(25_200_500_000_000_000n)).toBe('2.52%');
    expect(formatApy(0n)).toBe('0.00%');
    expect(formatApy(1234n * RATE_SCALE)).toBe('123,400.00%');
  });
});
