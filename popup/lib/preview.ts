/**
 * The popup's side of the preview: turns snapshot subnets into AMM pools and calls the AMM's
 * preview functions (src/amm/preview.ts). Everything is synchronous and bigint, so it runs inside
 * render on every keystroke; the chain's own simulation is shown next to it on the review screen.
 */
import {
  moveLimitPrice,
  previewMove,
  previewStake,
  previewUnstake,
  RAO_PER_TAO,
  slippageSeries,
  stakeLimitPrice,
  unstakeLimitPrice,
  widestMoveTolerancePpm,
  type Pool,
  type Preview,
} from '../../src/amm/index.ts';
export { poolOf } from '../../src/chain/pool.ts';
export type { Preview };

export type PreviewSpec =
  | { kind: 'stake'; pool: Pool }
  | { kind: 'unstake'; pool: Pool }
  | { kind: 'move'; origin: Pool; destination: Pool };

/** Settings hold a number; the AMM wants a bigint in 1..999_999 ppm. */
export function tolerance(ppm: number): bigint {
  return BigInt(Math.min(Math.max(Math.round(ppm), 1), 999_999));
}

export interface PreviewOptions {
  tolerancePpm: number;
  allowPartial: boolean;
  /** The position being unstaked or moved (enables the full-exit rules). */
  stake?: bigint;
}

export type PreviewResult = { preview: Preview; failure?: undefined } | { preview?: undefined; failure: string };

/** One preview, or why none can be computed (bad pool data: never thrown into render). */
export function computePreview(spec: PreviewSpec, amount: bigint, options: PreviewOptions): PreviewResult {
  const tol = tolerance(options.tolerancePpm);
  try {
    switch (spec.kind) {
      case 'stake':
        return { preview: previewStake({ pool: spec.pool, amount, tolerancePpm: tol, allowPartial: options.allowPartial }) };
      case 'unstake':
        return { preview: previewUnstake({ pool: spec.pool, amount, tolerancePpm: tol, allowPartial: options.allowPartial, ...(options.stake !== undefined ? { stake: options.stake } : {}) }) };
      case 'move':
        return {
          preview: previewMove({ origin: spec.origin, destination: spec.destination, amount, tolerancePpm: tol, allowPartial: options.allowPartial, ...(options.stake !== undefined ? { stake: options.stake } : {}) }),
        };
    }
  } catch (e) {
    return { failure: e instanceof Error ? e.message : String(e) };
  }
}

/**
 * The limit_price the intent carries. Root and stable subnets have no effective limit (the
 * preview says null); the intent still needs one, and the chain treats a stake limit ≥ 1 τ or
 * an unstake limit ≤ 1 τ there as unlimited (spec §7), so the tolerance around 1 τ is sent.
 */
export function intentLimitPrice(spec: PreviewSpec, preview: Preview, tolerancePpm: number): bigint {
  if (preview.limitPrice !== null) return preview.limitPrice;
  const tol = tolerance(tolerancePpm);
  if (spec.kind === 'stake') return stakeLimitPrice(RAO_PER_TAO, tol);
  if (spec.kind === 'unstake') return unstakeLimitPrice(RAO_PER_TAO, tol);
  return moveLimitPrice(RAO_PER_TAO, RAO_PER_TAO, tol);
}

export interface ChartPoint {
  amount: bigint;
  /** Slippage in ppm (fee included), or null where the chain would refuse the amount. */
  slippagePpm: number | null;
}

/**
 * The chart range for an amount: starts at `base` (the balance) and doubles until it holds the
 * amount, so typing does not recompute the series on every keystroke.
 */
export function chartRange(base: bigint, amount: bigint): bigint {
  let range = base > 0n ? base : RAO_PER_TAO;
  while (amount > range) range *= 2n;
  return range;
}

/** Slippage against amount from 0 to `range`: the pool's own curve, without a limit. */
export function chartSeries(spec: PreviewSpec, range: bigint, points = 24): ChartPoint[] {
  if (range <= 0n) return [];
  try {
    if (spec.kind !== 'move') {
      return slippageSeries(spec.pool, spec.kind, range, points).map((p) => ({ amount: p.amount, slippagePpm: p.slippagePpm === null ? null : Number(p.slippagePpm) }));
    }
    if (spec.origin.netuid === spec.destination.netuid) return [];
    // The loosest tolerance whose limit the chain's get_max_amount_move can still evaluate: at
    // 99.9999 % the limit of two dynamic subnets is so small that the formula overflows and
    // allows nothing (maxMoveOverflows), which left every point of the curve empty.
    const widest = widestMoveTolerancePpm(spec.origin, spec.destination);
    const chartTolerance = widest === null || widest === 0n ? 999_999n : widest;
    const out: ChartPoint[] = [];
    for (let i = 1; i <= points; i++) {
      const amount = (range * BigInt(i)) / BigInt(points);
      const p = previewMove({ origin: spec.origin, destination: spec.destination, amount, tolerancePpm: chartTolerance, allowPartial: true });
      out.push({ amount, slippagePpm: p.error ? null : Number(p.slippagePpm) });
    }
    return out;
  } catch {
    return [];
  }
}
