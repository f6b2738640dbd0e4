import type { Unit } from '../../src/amm/index.ts';
import type { LivePreview } from '../hooks/usePreview.ts';
import { PreviewPanel } from './PreviewPanel.tsx';
import { SlippageChart } from './SlippageChart.tsx';

interface TradePreviewProps {
  live: LivePreview | undefined;
  amount: bigint | undefined;
  symbolOf: (unit: Unit) => string;
  /** Unit of the chart's x axis (what is typed). */
  inputSymbol: string;
  networkFee: bigint;
  networkFeeEstimated: boolean;
  tolerancePpm: number;
}

/** The preview numbers (once an amount is typed) and the slippage chart with the amount marked. */
export function TradePreview({ live, amount, symbolOf, inputSymbol, networkFee, networkFeeEstimated, tolerancePpm }: TradePreviewProps) {
  if (!live) return null;
  const preview = live.result?.preview;
  return (
    <>
      {live.result?.failure && (
        <p className="warning" role="status">
          No preview: {live.result.failure}
        </p>
      )}
      {preview && <PreviewPanel preview={preview} symbolOf={symbolOf} networkFee={networkFee} networkFeeEstimated={networkFeeEstimated} />}
      <SlippageChart
        series={live.series}
        range={live.range}
        amount={amount ?? 0n}
        amountSlippagePpm={preview && !preview.error ? Number(preview.slippagePpm) : 0}
        tolerancePpm={tolerancePpm}
        unit={inputSymbol}
      />
    </>
  );
}
