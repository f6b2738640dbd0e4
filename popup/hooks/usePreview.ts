/**
 * The live preview: synchronous AMM calls inside useMemo, so the numbers change in the same
 * render as the keystroke (no await, no effect). The chart's series depends only on the pool and
 * a range that doubles when the amount outgrows it, so typing does not recompute it.
 */
import { useMemo } from 'react';
import { chartRange, chartSeries, computePreview, type ChartPoint, type PreviewOptions, type PreviewResult, type PreviewSpec } from '../lib/preview.ts';

export interface LivePreview {
  /** Undefined while no positive amount is typed. */
  result: PreviewResult | undefined;
  series: ChartPoint[];
  range: bigint;
}

/** @param base the chart's starting range (the user's balance or position) */
export function usePreview(spec: PreviewSpec | undefined, amount: bigint | undefined, options: PreviewOptions, base: bigint): LivePreview | undefined {
  const { tolerancePpm, allowPartial, stake } = options;
  const result = useMemo(
    () => (spec && amount !== undefined && amount > 0n ? computePreview(spec, amount, { tolerancePpm, allowPartial, ...(stake !== undefined ? { stake } : {}) }) : undefined),
    [spec, amount, tolerancePpm, allowPartial, stake],
  );
  const range = chartRange(base, amount ?? 0n);
  const series = useMemo(() => (spec ? chartSeries(spec, range) : []), [spec, range]);
  return spec ? { result, series, range } : undefined;
}
