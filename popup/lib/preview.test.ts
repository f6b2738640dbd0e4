import { describe, expect, it } from 'vitest';
import { maxMoveOverflows, moveLimitPrice, quoteStake, spotPrice, type Pool } from '../../src/amm/index.ts';
import type { SubnetView } from '../../src/protocol/chain.ts';
import { chartRange, chartSeries, computePreview, intentLimitPrice, poolOf, tolerance } from './preview.ts';

const TAO = 1_000_000_000n;
// A live-like subnet: 10k TAO against 500k alpha, a non-round weight (the series pow path).
const pool: Pool = { netuid: 7, mechanism: 1, taoReserve: 10_000n * TAO, alphaReserve: 500_000n * TAO, quoteWeight: 498_765_432_100_000_000n, feeRate: 33, minReserve: 1_000_000n };
const root: Pool = { netuid: 0, mechanism: 0, taoReserve: 1_000_000n * TAO, alphaReserve: 1_000_000n * TAO, quoteWeight: 500_000_000_000_000_000n, feeRate: 0, minReserve: 1_000_000n };
const opts = { tolerancePpm: 5_000, allowPartial: false };

describe('popup preview adapter', () => {
  it('builds the AMM pool from a snapshot subnet, once per object', () => {
    const view: SubnetView = { netuid: 7, name: 'x', symbol: 'ζ', mechanism: 1, taoReserve: '10000000000000', alphaReserve: '500000000000000', alphaOut: '0', quoteWeight: '498765432100000000', feeRate: 33, price: '0', emission: '0', volume: '0', subtokenEnabled: true };
    const constants = { minStake: '2000000', minReserve: '1000000', existentialDeposit: '500', ss58: 42 };
    const built = poolOf(view, { constants, poolModel: 'balancer' });
    expect(built).toMatchObject({ ...pool, model: 'balancer' });
    expect(poolOf(view, { constants, poolModel: 'balancer' })).toBe(built);
  });

  it('previews a stake with the AMM quote', () => {
    const r = computePreview({ kind: 'stake', pool }, 10n * TAO, opts);
    expect(r.preview?.received).toBe(quoteStake(pool, 10n * TAO).amountOut);
    expect(r.preview?.limitPrice).toBe((spotPrice(pool) * 1_005_000n) / 1_000_000n);
  });

  it('reports invalid pool data as a failure instead of throwing into render', () => {
    const r = computePreview({ kind: 'stake', pool: { ...pool, quoteWeight: 0n } }, TAO, opts);
    expect(r.failure).toMatch(/quoteWeight/);
  });

  it('clamps the tolerance the AMM accepts', () => {
    expect(tolerance(0)).toBe(1n);
    expect(tolerance(5_000)).toBe(5_000n);
    expect(tolerance(2_000_000)).toBe(999_999n);
  });

  it('sends an unlimited-on-root limit for root stakes', () => {
    const spec = { kind: 'stake', pool: root } as const;
    const r = computePreview(spec, 5n * TAO, opts);
    expect(r.preview?.limitPrice).toBeNull();
    expect(intentLimitPrice(spec, r.preview!, 5_000)).toBe(1_005_000_000n); // ≥ 1e9: unlimited on root
    const u = { kind: 'unstake', pool: root } as const;
    expect(intentLimitPrice(u, computePreview(u, 5n * TAO, opts).preview!, 5_000)).toBe(995_000_000n);
  });

  it('charts slippage rising with the amount, for stakes and moves', () => {
    const series = chartSeries({ kind: 'stake', pool }, 5_000n * TAO, 12);
    expect(series).toHaveLength(12);
    for (let i = 1; i < series.length; i++) expect(series[i]!.slippagePpm!).toBeGreaterThanOrEqual(series[i - 1]!.slippagePpm!);
    const moves = chartSeries({ kind: 'move', origin: root, destination: pool }, 1_000n * TAO, 6);
    expect(moves.every((p) => p.slippagePpm !== null)).toBe(true);
    expect(moves[5]!.slippagePpm!).toBeGreaterThan(moves[0]!.slippagePpm!);
  });

  it('charts an alpha → alpha move although a 99.9999 % limit would overflow get_max_amount_move', () => {
    const other: Pool = { ...pool, netuid: 9, taoReserve: 3_000n * TAO, alphaReserve: 90_000n * TAO };
    expect(maxMoveOverflows(pool, other, moveLimitPrice(spotPrice(pool), spotPrice(other), 999_999n))).toBe(true);
    const moves = chartSeries({ kind: 'move', origin: pool, destination: other }, 1_000n * TAO, 6);
    expect(moves).toHaveLength(6);
    expect(moves.every((p) => p.slippagePpm !== null)).toBe(true);
    expect(moves[5]!.slippagePpm!).toBeGreaterThan(moves[0]!.slippagePpm!);
  });

  it('keeps the chart range stable while typing', () => {
    expect(chartRange(100n, 50n)).toBe(100n);
    expect(chartRange(100n, 150n)).toBe(200n);
    expect(chartRange(100n, 101n)).toBe(chartRange(100n, 199n));
  });
});
