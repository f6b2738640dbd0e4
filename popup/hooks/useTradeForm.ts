import { useState } from 'react';
import { checkAmount, parseForPreview, type AmountCheck, type AmountRules } from '../lib/amountField.ts';
import { ppmPercent } from '../lib/format.ts';
import { useKeystrokeTiming } from './useKeystrokeTiming.ts';
import { useSettings } from './useSettings.ts';
import { useSymbolOf } from './useSymbolOf.ts';

/**
 * What the stake, unstake and move forms share: the typed amount (each keystroke timed for the
 * benchmark) and its check, the saved trade settings, and the submit step's busy flag and error.
 */
export function useTradeForm() {
  const { settings } = useSettings();
  const symbolOf = useSymbolOf();
  const [amountText, setAmountText] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const markKeystroke = useKeystrokeTiming(amountText);

  const onAmountChange = (text: string, eventTimeStamp: number) => {
    markKeystroke(eventTimeStamp);
    setAmountText(text);
  };

  /** The typed amount against the form's rules, with the user's tolerance in the limit message. */
  const check = (rules: Omit<AmountRules, 'toleranceText'>): AmountCheck => checkAmount(amountText, { ...rules, toleranceText: ppmPercent(settings.tolerancePpm) });

  /** Runs the submit step with the form marked busy; a failure is kept to show under the form. */
  const submitting = async (step: () => Promise<void>) => {
    setBusy(true);
    setError(undefined);
    try {
      await step();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return { settings, symbolOf, amountText, setAmountText, onAmountChange, amount: parseForPreview(amountText), check, busy, error, submitting };
}

export type TradeForm = ReturnType<typeof useTradeForm>;
