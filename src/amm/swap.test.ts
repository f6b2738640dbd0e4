/** Properties of the quote API over random pools and amounts, and its bad-input errors. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AmmError, CHAIN_ERROR_CODES, MAX_PRICE_RAO, maxStake, maxUnstake, quoteMove, quoteStake, quoteUnstake, spotPrice, type Pool } from './index.ts';

const A = 10n ** 18n;
const U64_MAX = (1n << 64n) - 1n;

/** Realistic pools: reserves ≥ 1000 × the minimum reserve, weights 0.3 to 0.7 (live subnets sit near 0.5). */
const realisticPool = fc.record({
  netuid: fc.integer({ min: 1, max: 128 }),
  mechanism: fc.constant(1),
  taoReserve: fc.bigInt({ min: 10n ** 9n, max: 10n ** 16n }),
  alphaReserve: fc.bigInt({ min: 10n ** 9n, max: 10n ** 17n }),
  quoteWeight: fc.oneof(fc.constant(A / 2n), fc.bigInt({ min: 3n * 10n ** 17n, max: 7n * 10n ** 17n })),
  feeRate: fc.oneof(fc.constant(33), fc.integer({ min: 0, max: 10_000 })),
  minReserve: fc.constant(1_000_000n),
});

/** Anything the storage could hold: extreme weights, empty or tiny reserves, any fee. */
const anyPool = fc.record({
  netuid: fc.integer({ min: 0, max: 65535 }),
  mechanism: fc.integer({ min: 0, max: 2 }),
  taoReserve: fc.oneof(fc.bigInt({ min: 0n, max: 10n ** 7n }), fc.bigInt({ min: 0n, max: U64_MAX })),
  alphaReserve: fc.oneof(fc.bigInt({ min: 0n, max: 10n ** 7n }), fc.bigInt({ min: 0n, max: U64_MAX })),
  quoteWeight: fc.bigInt({ min: 1n, max: A - 1n }),
  feeRate: fc.integer({ min: 0, max: 65535 }),
  minReserve: fc.oneof(fc.constant(1_000_000n), fc.bigInt({ min: 0n, max: 10n ** 7n })),
});

/** Amount as a fraction (per mille, up to 10×) of a reserve. */
const relAmount = fc.integer({ min: 1, max: 10_000 });

function tryQuote<T>(f: () => T): T | AmmError {
  try {
    return f();
  } catch (e) {
    if (e instanceof AmmError) return e;
    throw e;
  }
}

describe('quote properties (fast-check)', () => {
  it('output never exceeds the output reserve minus the minimum reserve (realistic pools, ≤ 10× reserve)', () => {
    fc.assert(
      fc.property(realisticPool, relAmount, fc.boolean(), (pool: Pool, rel, buy) => {
        const reserveIn = buy ? pool.taoReserve : pool.alphaReserve;
        const reserveOut = buy ? pool.alphaReserve : pool.taoReserve;
        const amount = (reserveIn * BigInt(rel)) / 1000n;
        const q = tryQuote(() => (buy ? quoteStake(pool, amount) : quoteUnstake(pool, amount)));
        if (q instanceof AmmError) return;
        expect(q.amountOut).toBeLessThanOrEqual(reserveOut - pool.minReserve);
      }),
      { numRuns: 150 },
    );
  });

  it('output never exceeds the output reserve, for any pool the storage can hold', () => {
    fc.assert(
      fc.property(anyPool, fc.bigInt({ min: 0n, max: U64_MAX }), fc.boolean(), (pool: Pool, amount, buy) => {
        const q = tryQuote(() => (buy ? quoteStake(pool, amount) : quoteUnstake(pool, amount)));
        if (q instanceof AmmError || pool.mechanism !== 1) return;
        expect(q.amountOut).toBeLessThanOrEqual(buy ? pool.alphaReserve : pool.taoReserve);
      }),
      { numRuns: 150 },
    );
  });

  it('more input never gives less output', () => {
    fc.assert(
      fc.property(realisticPool, relAmount, fc.bigInt({ min: 1n, max: 10n ** 12n }), fc.boolean(), (pool: Pool, rel, extra, buy) => {
        const reserveIn = buy ? pool.taoReserve : pool.alphaReserve;
        const a1 = (reserveIn * BigInt(rel)) / 1000n;
        const a2 = a1 + extra;
        const q1 = tryQuote(() => (buy ? quoteStake(pool, a1) : quoteUnstake(pool, a1)));
        const q2 = tryQuote(() => (buy ? quoteStake(pool, a2) : quoteUnstake(pool, a2)));
        if (q1 instanceof AmmError || q2 instanceof AmmError) return;
        expect(q2.amountOut).toBeGreaterThanOrEqual(q1.amountOut);
      }),
      { numRuns: 150 },
    );
  });

  it('a stake then an unstake of the alpha received never returns more TAO than was put in', () => {
    fc.assert(
      fc.property(realisticPool, fc.integer({ min: 1, max: 5_000 }), (pool: Pool, rel) => {
        const tao = (pool.taoReserve * BigInt(rel)) / 1000n;
        const s = tryQuote(() => quoteStake(pool, tao));
        if (s instanceof AmmError) return;
        // Reserves after the stake; the fee goes to the block author, not the pool.
        const after: Pool = { ...pool, taoReserve: pool.taoReserve + s.amountIn, alphaReserve: pool.alphaReserve - s.amountOut };
        const u = tryQuote(() => quoteUnstake(after, s.amountOut));
        if (u instanceof AmmError) return;
        expect(u.amountOut).toBeLessThanOrEqual(tao);
      }),
      { numRuns: 150 },
    );
  });

  it('throws nothing but typed chain errors, for any pool, amount and limit', () => {
    const ops = fc.constantFrom('stake', 'unstake', 'maxStake', 'maxUnstake', 'move', 'price');
    fc.assert(
      fc.property(anyPool, anyPool, fc.bigInt({ min: 0n, max: U64_MAX }), fc.option(fc.bigInt({ min: 0n, max: U64_MAX })), ops, (pool: Pool, dest: Pool, amount, limit, op) => {
        try {
          const l = limit ?? undefined;
          if (op === 'stake') quoteStake(pool, amount, l);
          else if (op === 'unstake') quoteUnstake(pool, amount, l);
          else if (op === 'maxStake') maxStake(pool, l ?? amount);
          else if (op === 'maxUnstake') maxUnstake(pool, l ?? amount);
          else if (op === 'move') quoteMove(pool, dest, amount);
          else spotPrice(pool);
        } catch (e) {
          expect(e).toBeInstanceOf(AmmError);
          expect(CHAIN_ERROR_CODES.has((e as AmmError).code)).toBe(true);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('with a limit, the executed input never exceeds the unlimited one and the price stays within the limit', () => {
    fc.assert(
      fc.property(realisticPool, relAmount, fc.integer({ min: 1, max: 100_000 }), (pool: Pool, rel, ppm) => {
        const amount = (pool.taoReserve * BigInt(rel)) / 1000n;
        const spot = spotPrice(pool);
        const limit = spot + (spot * BigInt(ppm)) / 1_000_000n + 1n;
        // "Unlimited" is the chain's add_stake: limited at max_price (10^15 rao). A user's limit
        // above that is honoured as given, so it may buy a few rao more than "unlimited" does.
        fc.pre(limit <= MAX_PRICE_RAO);
        const limited = tryQuote(() => quoteStake(pool, amount, limit));
        const full = tryQuote(() => quoteStake(pool, amount));
        if (limited instanceof AmmError || full instanceof AmmError) return;
        expect(limited.amountIn).toBeLessThanOrEqual(full.amountIn + 1n);
        const after: Pool = { ...pool, taoReserve: pool.taoReserve + limited.amountIn, alphaReserve: pool.alphaReserve - limited.amountOut };
        // The floored API price after the fill is within a rao of the limit.
        expect(spotPrice(after)).toBeLessThanOrEqual(limit + 1n);
      }),
      { numRuns: 100 },
    );
  });
});

describe('bad input gets a typed error, never a number', () => {
  const pool: Pool = { netuid: 5, mechanism: 1, taoReserve: 10n ** 13n, alphaReserve: 5n * 10n ** 14n, quoteWeight: A / 2n, feeRate: 33, minReserve: 1_000_000n };
  const code = (f: () => unknown): string | undefined => {
    try {
      f();
    } catch (e) {
      return e instanceof AmmError ? e.code : 'untyped';
    }
    return undefined;
  };
  it('rejects negative, non-bigint and over-u64 amounts', () => {
    expect(code(() => quoteStake(pool, -1n))).toBe('InvalidAmount');
    expect(code(() => quoteStake(pool, 1.5 as unknown as bigint))).toBe('InvalidAmount');
    expect(code(() => quoteStake(pool, 100 as unknown as bigint))).toBe('InvalidAmount');
    expect(code(() => quoteUnstake(pool, 1n << 64n))).toBe('InvalidAmount');
    expect(code(() => quoteStake(pool, 1n, -5n))).toBe('InvalidAmount');
    expect(code(() => maxStake(pool, '1' as unknown as bigint))).toBe('InvalidAmount');
    expect(code(() => quoteMove(pool, pool, -1n))).toBe('InvalidAmount');
  });
  it('rejects malformed pools', () => {
    const bad: unknown[] = [
      null,
      {},
      { ...pool, taoReserve: -1n },
      { ...pool, alphaReserve: 1n << 64n },
      { ...pool, taoReserve: 5 },
      { ...pool, quoteWeight: 0n },
      { ...pool, quoteWeight: A },
      { ...pool, quoteWeight: 0.5 },
      { ...pool, feeRate: 70000 },
      { ...pool, feeRate: 1.5 },
      { ...pool, netuid: -1 },
      { ...pool, mechanism: 'dynamic' },
      { ...pool, minReserve: undefined },
      { ...pool, model: 'uniswap' },
      { ...pool, model: 'v3' },
    ];
    for (const p of bad) expect(code(() => quoteStake(p as Pool, 1000n))).toBe('InvalidPool');
    expect(code(() => spotPrice({ ...pool, quoteWeight: -1n }))).toBe('InvalidPool');
    expect(code(() => quoteMove(pool, { ...pool, feeRate: -1 }, 1000n))).toBe('InvalidPool');
  });
  it('a weight outside (0, 1) is fine on root and stable subnets, which ignore weights', () => {
    expect(quoteStake({ ...pool, mechanism: 0, quoteWeight: 0n }, 5n)).toEqual({ amountIn: 5n, amountOut: 5n, fee: 0n });
  });
  it('the error crosses the wire as { code, message }', () => {
    try {
      quoteStake(pool, 10n ** 9n, 1n);
      expect.unreachable();
    } catch (e) {
      expect((e as AmmError).toWire()).toEqual({ code: 'PriceLimitExceeded', message: expect.any(String) });
    }
  });
});

describe('moves', () => {
  const a: Pool = { netuid: 5, mechanism: 1, taoReserve: 10n ** 13n, alphaReserve: 5n * 10n ** 14n, quoteWeight: A / 2n, feeRate: 33, minReserve: 1_000_000n };
  const root: Pool = { netuid: 0, mechanism: 0, taoReserve: 3n * 10n ** 15n, alphaReserve: 10n ** 9n, quoteWeight: A / 2n, feeRate: 33, minReserve: 1_000_000n };
  it('charges the fee once: on the origin leg, or on the destination leg when the origin is root', () => {
    const out = quoteMove(a, root, 10n ** 11n);
    expect(out.feeLeg).toBe('origin');
    expect(out.fee).toBe(quoteUnstake(a, 10n ** 11n).fee);
    expect(out.amountOut).toBe(quoteUnstake(a, 10n ** 11n).amountOut);
    const back = quoteMove(root, a, 10n ** 10n);
    expect(back.feeLeg).toBe('destination');
    expect(back).toMatchObject(quoteStake(a, 10n ** 10n) && { amountOut: quoteStake(a, 10n ** 10n).amountOut, fee: quoteStake(a, 10n ** 10n).fee });
  });
  it('same netuid moves nothing through the pool', () => {
    expect(quoteMove(a, a, 12345n)).toMatchObject({ amountOut: 12345n, fee: 0n, feeLeg: 'none' });
  });
});
