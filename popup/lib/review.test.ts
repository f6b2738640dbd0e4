// The review lines of a move within one subnet: a plain transfer of alpha on newer runtimes, but
// a sale and buy-back through the pool on the V3 generation (spec 293), whose swap fee the review
// has to list even though the call carries no price limit.
import { describe, expect, it } from 'vitest';
import { previewMove, type Pool } from '../../src/amm/index.ts';
import { previewLines } from './review.ts';

const TAO = 1_000_000_000n;
// A V3 pool that has never traded (priced at its reserves): 10,000 τ against 200,000 α.
const v3: Pool = {
  netuid: 3, mechanism: 1, taoReserve: 10_000n * TAO, alphaReserve: 200_000n * TAO, quoteWeight: 500_000_000_000_000_000n, feeRate: 196, minReserve: 1_000_000n,
  model: 'v3', rules: 'v3', sqrtPrice: 0n, liquidity: 0n, v3Initialized: false,
};
const options = { receivedSymbol: 'γ', feeSymbol: 'τ', tolerancePpm: 5_000, swap: false };

describe('previewLines for a same-subnet move', () => {
  it('lists the swap fee where the runtime moves through the pool (V3 rules)', () => {
    const p = previewMove({ origin: v3, destination: v3, amount: 50n * TAO, tolerancePpm: 5_000n });
    expect(p.error).toBeNull();
    expect(p.fee).toBeGreaterThan(0n);
    const lines = previewLines(p, options);
    expect(lines.map((l) => l.label)).toEqual(['You receive (preview)', 'Swap fee']);
    expect(lines[1]!.value).toMatch(/^0\.\d+ τ$/);
    // No limit is signed for move_stake: no minimum or tolerance to promise.
    expect(lines.some((l) => /Minimum|Tolerance/.test(l.label))).toBe(false);
  });

  it('lists no fee where the move is a transfer of alpha', () => {
    const transfers: Pool = { ...v3, rules: 'v3Transfers' };
    const p = previewMove({ origin: transfers, destination: transfers, amount: 50n * TAO, tolerancePpm: 5_000n });
    expect(p.fee).toBe(0n);
    expect(p.received).toBe(50n * TAO);
    expect(previewLines(p, options).map((l) => l.label)).toEqual(['You receive (preview)']);
  });
});
