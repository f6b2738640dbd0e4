/**
 * The fast pow_ratio_scaled must be identical to the direct transcription of safe-bigmath
 * (pow-reference.ts) on both paths, including inputs that sit exactly on a rounding boundary.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { exactPathStats, isExactExponent, powRatioScaled } from './pow.ts';
import { powRatioScaledReference } from './pow-reference.ts';

const A = 10n ** 18n;
const u64 = fc.bigInt({ min: 1n, max: (1n << 64n) - 1n });

describe('pow_ratio_scaled known values', () => {
  it("reproduces safe-bigmath's own test values", () => {
    // (2/3)^(1/2)·1e18 style checks from the crate's tests, via the spec's quoted numbers.
    expect(powRatioScaled(3n, 4n, 3n, 2n, 256, A)).toBe(powRatioScaledReference(3n, 4n, 3n, 2n, 256, A));
    expect(powRatioScaled(3n, 4n, 3n, 2n, 256, A)).toBe(649519052838328985n);
  });
  it('handles the edge cases like the crate', () => {
    expect(powRatioScaled(1n, 0n, 1n, 1n, 256, A)).toBeUndefined();
    expect(powRatioScaled(1n, 2n, 1n, 0n, 256, A)).toBeUndefined();
    expect(powRatioScaled(0n, 2n, 1n, 3n, 256, A)).toBe(0n);
    expect(powRatioScaled(5n, 2n, 0n, 3n, 256, A)).toBe(A);
    expect(powRatioScaled(1n, 4n, 2n, 4n, 256, A)).toBe(A / 2n); // en/ed reduced to 1/2
  });
  it('classifies exponents like the crate', () => {
    expect(isExactExponent(499n * 10n ** 15n, 501n * 10n ** 15n)).toBe(true);
    expect(isExactExponent(1024n, 1023n)).toBe(true);
    expect(isExactExponent(1025n, 1n)).toBe(false);
    expect(isExactExponent(500000123456789012n, 499999876543210988n)).toBe(false);
  });
});

describe('exact path is identical to the direct transcription', () => {
  it('balancer-like ratios r/(r+d) with round weights', () => {
    const weights = [499n, 501n, 550n, 450n, 100n, 900n, 250n, 750n, 333n, 667n, 10n, 990n];
    fc.assert(
      fc.property(u64, fc.bigInt({ min: 0n, max: 1n << 60n }), fc.constantFrom(...weights), fc.boolean(), (r, d, w, flip) => {
        const w2 = w * 10n ** 15n;
        const w1 = A - w2;
        const [en, ed] = flip ? [w1, w2] : [w2, w1];
        const rp = r + d;
        expect(powRatioScaled(r, rp, en, ed, 256, A)).toBe(powRatioScaledReference(r, rp, en, ed, 256, A));
      }),
      { numRuns: 60 },
    );
  });
  it('arbitrary exponents up to 1024 and ratios above and below 1', () => {
    // en/ed is kept ≤ 8 and the ratio within [1/2, 2] so the reference's binary search finishes.
    fc.assert(
      fc.property(u64, fc.integer({ min: -500, max: 1000 }), fc.integer({ min: 1, max: 1024 }), fc.integer({ min: 1, max: 1024 }), (bn, permille, a, b) => {
        const bd = bn + (bn * BigInt(permille)) / 1000n;
        if (bd <= 0n) return;
        const en = BigInt(Math.min(a, 8 * b));
        const ed = BigInt(b);
        expect(powRatioScaled(bn, bd, en, ed, 256, A)).toBe(powRatioScaledReference(bn, bd, en, ed, 256, A));
      }),
      { numRuns: 60 },
    );
  });
  it('U64F64 price ratios of the limit deltas (w = k/4, k/8, k/10)', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 1n << 40n, max: 1n << 100n }), fc.integer({ min: 1, max: 400 }), fc.constantFrom(1n, 2n, 3n, 5n, 7n, 9n), fc.constantFrom(4n, 8n, 10n), (cur, pct, k, den) => {
        const tgt = cur + (cur * BigInt(pct)) / 1000n;
        const w = (k * A) / den;
        if (w >= A) return;
        expect(powRatioScaled(tgt, cur, w, A, 1024, A)).toBe(powRatioScaledReference(tgt, cur, w, A, 1024, A));
      }),
      { numRuns: 100 },
    );
  });
  it('values exactly on an integer boundary go through the exact comparison and stay identical', () => {
    const before = exactPathStats.exactComparisons;
    // (bn/bd)^(en/ed) is rational with small terms here, so V = scale·ratio is an integer or
    // sits right next to one: the float bounds cannot decide, the exact check must.
    const cases: [bigint, bigint, bigint, bigint][] = [
      [4n, 1n, 1n, 2n],
      [1n, 4n, 1n, 2n],
      [27n, 8n, 2n, 3n],
      [8n, 27n, 2n, 3n],
      [1024n, 3125n, 3n, 5n],
      [(7n ** 9n), (11n ** 9n), 5n, 9n],
      [10n ** 9n, 10n ** 9n + 1n, 499n, 501n],
    ];
    for (const [bn, bd, en, ed] of cases) {
      expect(powRatioScaled(bn, bd, en, ed, 256, A)).toBe(powRatioScaledReference(bn, bd, en, ed, 256, A));
      expect(powRatioScaled(bn, bd, en, ed, 256, 10n ** 9n)).toBe(powRatioScaledReference(bn, bd, en, ed, 256, 10n ** 9n));
    }
    expect(exactPathStats.exactComparisons).toBeGreaterThan(before);
  });
  it('tiny and huge results', () => {
    const cases: [bigint, bigint, bigint, bigint][] = [
      [1n, 1001n, 99n, 1n],
      [1n, (1n << 64n) - 1n, 99n, 7n],
      [(1n << 64n) - 1n, 1n, 3n, 7n],
      [1n, 2n, 1024n, 1n],
      [5n, 3n, 1n, 1024n],
    ];
    for (const [bn, bd, en, ed] of cases) expect(powRatioScaled(bn, bd, en, ed, 256, A)).toBe(powRatioScaledReference(bn, bd, en, ed, 256, A));
  });
});

describe('series path is identical to the direct transcription', () => {
  const liveWeight = fc.bigInt({ min: 10n ** 16n, max: A - 10n ** 16n }).filter((w) => !isExactExponent(w, A - w));
  it('exp_scaled at precision 256 over random reserves, amounts and weights', () => {
    fc.assert(
      fc.property(u64, fc.bigInt({ min: 0n, max: 1n << 62n }), liveWeight, fc.boolean(), (r, d, w2, flip) => {
        const w1 = A - w2;
        const [en, ed] = flip ? [w1, w2] : [w2, w1];
        const rp = r + d > (1n << 64n) - 1n ? (1n << 64n) - 1n : r + d;
        expect(powRatioScaled(r, rp, en, ed, 256, A)).toBe(powRatioScaledReference(r, rp, en, ed, 256, A));
      }),
      { numRuns: 200 },
    );
  });
  it('limit deltas at precision 1024', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 1n << 30n, max: 1n << 110n }), fc.integer({ min: -900, max: 4000 }), liveWeight, (cur, permille, w) => {
        const tgt = cur + (cur * BigInt(permille)) / 1000n;
        if (tgt <= 0n) return;
        expect(powRatioScaled(tgt, cur, w, A, 1024, A)).toBe(powRatioScaledReference(tgt, cur, w, A, 1024, A));
      }),
      { numRuns: 40 },
    );
  });
});
