/**
 * AMM model benchmark: quote latency on the exact pow path (round weights such as 499/501) and
 * the series path (live-like weights), limit-bound quotes (precision-1024 series), spot prices of
 * a 129-subnet snapshot, a 64-point slippage chart, and the direct transcription for comparison.
 */
import { maxStake, quoteStake, quoteUnstake, slippageSeries, spotPrice, superellipseFromWeights, type Pool } from '../../src/amm/index.ts';
import { powRatioScaledReference } from '../../src/amm/pow-reference.ts';

const A = 10n ** 18n;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/** Median milliseconds per call over `n` calls, each timed alone, after a warm-up. */
function time(n: number, f: (i: number) => unknown): number {
  for (let i = 0; i < Math.min(20, n); i++) f(i + 1_000_000);
  const xs: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    f(i);
    xs.push(performance.now() - t0);
  }
  return median(xs);
}

function line(label: string, ms: number, targetMs: number): void {
  const ok = ms <= targetMs ? 'ok' : 'MISSED';
  console.log(`  ${label.padEnd(58)} ${ms.toFixed(4).padStart(9)} ms   target ≤ ${targetMs} ms   ${ok}`);
}

/** 129 varied pools: root plus 128 dynamic subnets with different reserves, weights and fees. */
function snapshot(): Pool[] {
  const pools: Pool[] = [{ netuid: 0, mechanism: 0, taoReserve: 3n * 10n ** 15n, alphaReserve: 10n ** 9n, quoteWeight: A / 2n, feeRate: 33, minReserve: 1_000_000n }];
  let seed = 7n;
  const next = (): bigint => (seed = (seed * 6364136223846793005n + 1442695040888963407n) & ((1n << 64n) - 1n));
  for (let netuid = 1; netuid <= 128; netuid++) {
    const tao = 10n ** 11n + (next() % (10n ** 14n));
    const alpha = tao * (5n + (next() % 200n));
    const w = netuid % 8 === 0 ? A / 2n : netuid % 8 === 1 ? 499n * 10n ** 15n : 490n * 10n ** 15n + (next() % (2n * 10n ** 16n));
    pools.push({ netuid, mechanism: 1, taoReserve: tao, alphaReserve: alpha, quoteWeight: w, feeRate: 33, minReserve: 1_000_000n });
  }
  return pools;
}

/** The same pool as a superellipse pool: the curve the migration calibrates from its weight. */
function asSuperellipse(p: Pool): Pool {
  if (p.mechanism !== 1) return { ...p, model: 'superellipse' };
  return { ...p, model: 'superellipse', curve: superellipseFromWeights(p.alphaReserve, p.taoReserve, p.quoteWeight) };
}

/**
 * Superellipse against Balancer on the same pools in this run: a quote, maxStake with a new limit
 * each call and a 64-point chart. Target: at least as fast as Balancer, a quote well under 0.1 ms.
 */
function superellipseSideBySide(pools: Pool[], seriesPool: Pool): void {
  const curvePools = pools.map(asSuperellipse);
  const curveSeries = asSuperellipse(seriesPool);
  const spotB = spotPrice(seriesPool);
  const spotS = spotPrice(curveSeries);
  const rows: [string, (p: Pool, spot: bigint, i: number) => unknown, number][] = [
    ['quoteStake (no limit)', (p, _s, i) => quoteStake(p, 10n ** 9n + BigInt(i) * 7_919_000_000n), 400],
    ['quoteUnstake (no limit)', (p, _s, i) => quoteUnstake(p, 10n ** 10n + BigInt(i) * 97_919_000_000n), 400],
    ['quoteStake with a binding limit (new limit)', (p, spot, i) => quoteStake(p, 10n ** 13n, spot + spot / 200n + BigInt(i) * 97n), 200],
    ['maxStake (new limit each call)', (p, spot, i) => maxStake(p, spot + spot / 200n + BigInt(i) * 89n), 200],
  ];
  console.log('  superellipse vs Balancer, same pools, this run:');
  console.log(`  ${''.padEnd(46)} ${'balancer'.padStart(11)} ${'superellipse'.padStart(13)}`);
  const show = (label: string, b: number, e: number, extra = ''): void => {
    const ok = e <= b ? 'ok' : 'SLOWER';
    console.log(`  ${label.padEnd(46)} ${b.toFixed(4).padStart(8)} ms ${e.toFixed(4).padStart(10)} ms   ${ok}${extra}`);
  };
  for (const [label, f, n] of rows) {
    const b = time(n, (i) => f(seriesPool, spotB, i));
    const e = time(n, (i) => f(curveSeries, spotS, i));
    show(label, b, e, label.startsWith('quote') && !label.includes('limit') ? (e < 0.1 ? '   (< 0.1 ms ok)' : '   (≥ 0.1 ms MISSED)') : '');
  }
  const chart = (list: Pool[]) => time(30, (i) => slippageSeries(list[1 + (i % 128)]!, i % 2 ? 'stake' : 'unstake', 10n ** 13n, 64));
  show('64-point slippage chart (varied pools)', chart(pools), chart(curvePools));
}

export default async function bench(): Promise<void> {
  console.log('amm: exact local pool model (medians of single calls)');
  const exactPool: Pool = { netuid: 6, mechanism: 1, taoReserve: 10n ** 13n, alphaReserve: 5n * 10n ** 14n, quoteWeight: 499n * 10n ** 15n, feeRate: 33, minReserve: 1_000_000n };
  const seriesPool: Pool = { netuid: 14, mechanism: 1, taoReserve: 73412908331772n, alphaReserve: 1234876543210987n, quoteWeight: 499157300678284443n, feeRate: 33, minReserve: 1_000_000n };

  const n = 400;
  const exactStake = time(n, (i) => quoteStake(exactPool, 10n ** 9n + BigInt(i) * 7_919_000_000n));
  const exactUnstake = time(n, (i) => quoteUnstake(exactPool, 10n ** 10n + BigInt(i) * 97_919_000_000n));
  const seriesStake = time(n, (i) => quoteStake(seriesPool, 10n ** 9n + BigInt(i) * 7_919_000_000n));
  const seriesUnstake = time(n, (i) => quoteUnstake(seriesPool, 10n ** 10n + BigInt(i) * 97_919_000_000n));
  line('quoteStake, exact path (w = 0.499 -> 499/501)', exactStake, 1);
  line('quoteUnstake, exact path (501/499)', exactUnstake, 1);
  line('quoteStake, series path (w = 0.4991573...)', seriesStake, 1);
  line('quoteUnstake, series path', seriesUnstake, 1);
  console.log(`  -> about ${Math.round(1000 / exactStake)} exact-path and ${Math.round(1000 / seriesStake)} series-path quotes per second`);

  // A limit that binds adds the precision-1024 limit delta; every call uses a new limit.
  const spot = spotPrice(seriesPool);
  const limitBound = time(200, (i) => quoteStake(seriesPool, 10n ** 13n, spot + spot / 200n + BigInt(i) * 97n));
  const maxS = time(200, (i) => maxStake(seriesPool, spot + spot / 200n + BigInt(i) * 89n));
  const maxSExact = time(200, (i) => maxStake(exactPool, spotPrice(exactPool) + 100_000n + BigInt(i) * 89n));
  line('quoteStake with a binding limit, series path (new limit)', limitBound, 1);
  line('maxStake, series path (new limit each call)', maxS, 1);
  line('maxStake, exact path (new limit each call)', maxSExact, 1);

  const pools = snapshot();
  const all = time(50, () => {
    for (const p of pools) spotPrice(p);
  });
  line(`spotPrice for all ${pools.length} pools of a snapshot`, all, 5);

  const chart = time(30, (i) => slippageSeries(pools[1 + (i % 128)]!, i % 2 ? 'stake' : 'unstake', 10n ** 13n, 64));
  line('64-point slippage chart (varied pools)', chart, 20);

  superellipseSideBySide(pools, seriesPool);

  // The direct transcription of the crate's exact path, for comparison.
  const y = 10n ** 13n;
  const direct = time(10, (i) => powRatioScaledReference(y, y + 99_949_645_228n + BigInt(i), 499n * 10n ** 15n, 501n * 10n ** 15n, 256, A));
  console.log(`  direct transcription of one exact-path pow (499/501), for comparison: ${direct.toFixed(2)} ms`);
}
