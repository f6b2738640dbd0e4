import { formatAmount } from '../../src/amount.ts';
import type { ChartPoint } from '../lib/preview.ts';

interface SlippageChartProps {
  series: ChartPoint[];
  range: bigint;
  /** The typed amount, marked on the curve. */
  amount: bigint;
  amountSlippagePpm: number;
  tolerancePpm: number;
  unit: string;
}

const W = 320;
const H = 84;
const PAD = { left: 4, right: 4, top: 6, bottom: 14 };

/** Slippage against amount as inline SVG: the pool's curve, the tolerance line and the current amount. */
export function SlippageChart({ series, range, amount, amountSlippagePpm, tolerancePpm, unit }: SlippageChartProps) {
  const valid = series.filter((p): p is { amount: bigint; slippagePpm: number } => p.slippagePpm !== null && Number.isFinite(p.slippagePpm));
  if (valid.length < 2 || range <= 0n) return null;
  const maxPpm = Math.max(tolerancePpm * 1.5, amountSlippagePpm * 1.2, ...valid.map((p) => p.slippagePpm), 1);
  // bigint -> fraction of the range without losing the small end: scale to 1e6 first.
  const fx = (a: bigint) => PAD.left + (Number((a * 1_000_000n) / range) / 1_000_000) * (W - PAD.left - PAD.right);
  const fy = (ppm: number) => PAD.top + (1 - Math.min(ppm, maxPpm) / maxPpm) * (H - PAD.top - PAD.bottom);
  const path = [`M${fx(0n).toFixed(1)},${fy(0).toFixed(1)}`, ...valid.map((p) => `L${fx(p.amount).toFixed(1)},${fy(p.slippagePpm).toFixed(1)}`)].join(' ');
  const markX = fx(amount > range ? range : amount);
  const markY = fy(amountSlippagePpm);
  const tolY = fy(tolerancePpm);
  const pct = (ppm: number) => `${(ppm / 10_000).toFixed(2)}%`;
  return (
    <figure className="chart" aria-label={`Slippage against amount, up to ${formatAmount(range, { maxDecimals: 2 })} ${unit}`}>
      <svg viewBox={`0 0 ${W} ${H}`} width="100%" height={H} role="img" aria-hidden="true">
        <line x1={PAD.left} x2={W - PAD.right} y1={H - PAD.bottom} y2={H - PAD.bottom} className="axis" />
        {tolerancePpm <= maxPpm && <line x1={PAD.left} x2={W - PAD.right} y1={tolY} y2={tolY} className="tolerance-line" />}
        <path d={path} className="curve" fill="none" />
        {amount > 0n && (
          <>
            <line x1={markX} x2={markX} y1={PAD.top} y2={H - PAD.bottom} className="marker-line" />
            <circle cx={markX} cy={markY} r={3.5} className="marker" data-testid="chart-marker" />
          </>
        )}
        <text x={PAD.left} y={H - 2} className="tick">
          0
        </text>
        <text x={W - PAD.right} y={H - 2} className="tick" textAnchor="end">
          {formatAmount(range, { maxDecimals: 2, grouping: true })} {unit}
        </text>
        <text x={W - PAD.right} y={Math.max(tolY - 3, 10)} className="tick" textAnchor="end">
          tolerance {pct(tolerancePpm)}
        </text>
      </svg>
      <figcaption className="sr-only">
        Slippage at this amount: {pct(amountSlippagePpm)}; your tolerance: {pct(tolerancePpm)}.
      </figcaption>
    </figure>
  );
}
