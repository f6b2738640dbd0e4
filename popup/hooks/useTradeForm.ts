import { useState } from 'react';
import { checkAmount, parseForPreview, type AmountCheck, type AmountRules } from '../lib/amountField.ts';
import { ppmPercent } from '../lib/format.ts';
import { useKeystrokeTiming } from './useKeystrokeTiming.ts';
import { useAction } from './useAction.ts';
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
  const { busy, error, run: submitting } = useAction();
  const markKeystroke = useKeystrokeTiming(amountText);

  const onAmountChange = (text: string, eventTimeStamp: number) => {
    markKeystroke(eventTimeStamp);
    setAmountText(text);
  };

  /** The typed amount against the form's rules, with the user's tolerance in the limit message. */
  const check = (rules: Omit<AmountRules, 'toleranceText'>): AmountCheck => checkAmount(amountText, { ...rules, toleranceText: ppmPercent(settings.tolerancePpm) });

  return { settings, symbolOf, amountText, setAmountText, onAmountChange, amount: parseForPreview(amountText), check, busy, error, submitting };
}

export type TradeForm = ReturnType<typeof useTradeForm>;
