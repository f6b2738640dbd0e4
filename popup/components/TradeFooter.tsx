import type { LivePreview } from '../hooks/usePreview.ts';
import type { TradeForm } from '../hooks/useTradeForm.ts';
import { ErrorNote } from './ErrorNote.tsx';
import { Header } from './Header.tsx';
import { TradeOptions } from './TradeOptions.tsx';
import { TradePreview } from './TradePreview.tsx';

interface TradeFooterProps {
  form: TradeForm;
  live: LivePreview | undefined;
  /** Unit of the chart's x axis (what is typed). */
  inputSymbol: string;
  /** useNetworkFee's answer. */
  networkFee: { fee: bigint; estimated: boolean };
  /** Tolerance and partial-fill options (not for a same-subnet move, which has no price). */
  showOptions?: boolean;
  canSubmit: boolean;
  /** The submit button's text while not busy. */
  submitLabel: string;
  testId: string;
}

/** The lower half of every trade form: preview and chart, options, the last error, and submit. */
export function TradeFooter({ form, live, inputSymbol, networkFee, showOptions = true, canSubmit, submitLabel, testId }: TradeFooterProps) {
  return (
    <>
      <TradePreview
        live={live}
        amount={form.amount}
        symbolOf={form.symbolOf}
        inputSymbol={inputSymbol}
        networkFee={networkFee.fee}
        networkFeeEstimated={networkFee.estimated}
        tolerancePpm={form.settings.tolerancePpm}
      />
      {showOptions && <TradeOptions />}
      <ErrorNote error={form.error} />
      <button type="submit" className="primary" disabled={!canSubmit} data-testid={testId}>
        {form.busy ? 'Preparing…' : submitLabel}
      </button>
    </>
  );
}

/** What the unstake and move screens show for a position the account does not have. */
export function NoPosition({ title, netuid }: { title: string; netuid: number | undefined }) {
  return (
    <section>
      <Header title={title} back="#/portfolio" />
      <p className="empty">No stake with this validator on SN{netuid ?? '?'}.</p>
    </section>
  );
}
