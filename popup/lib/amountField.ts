/**
 * The amount field's rules, as a pure function the stake, unstake and move forms share: the
 * reason a typed amount cannot be sent, in words, or the amount in rao. The forms disable their
 * button unless this says ok, so nothing is sent for bad input.
 */
import { formatAmount, parseAmount } from '../../src/amount.ts';
import type { Preview } from '../../src/amm/index.ts';

export interface AmountRules {
  /** The most the user can spend (free TAO less ED and network fee, or the alpha position). */
  available: bigint;
  /** Unit shown in messages: "τ" or the subnet symbol. */
  unit: string;
  /** Words for "available": "your free balance after the network fee", "your stake here". */
  availableText?: string;
  /** The AMM preview of this amount: minimum, price limit and pool errors come from it. */
  preview?: Preview | undefined;
  /** Tolerance as shown, for the limit message. */
  toleranceText?: string;
  /** A conviction lock on the subnet: the most that may leave it now, and why not more. */
  lock?: { available: bigint; reason: (amount: bigint) => string } | undefined;
}

export type AmountCheck = { status: 'empty' } | { status: 'invalid'; reason: string; rao?: bigint } | { status: 'ok'; rao: bigint };

const show = (rao: bigint, unit: string) => `${formatAmount(rao, { maxDecimals: 9, grouping: true })} ${unit}`;

/** Parses only (the live preview follows the digits before the rules apply). */
export function parseForPreview(text: string): bigint | undefined {
  try {
    return parseAmount(text);
  } catch {
    return undefined;
  }
}

export function checkAmount(text: string, rules: AmountRules): AmountCheck {
  if (text.trim() === '') return { status: 'empty' };
  let rao: bigint;
  try {
    rao = parseAmount(text);
  } catch (e) {
    return { status: 'invalid', reason: (e as Error).message };
  }
  if (rao === 0n) return { status: 'invalid', reason: 'Enter an amount above zero', rao };
  if (rao > rules.available) {
    return { status: 'invalid', reason: `More than ${rules.availableText ?? 'available'} (${show(rules.available, rules.unit)})`, rao };
  }
  if (rules.lock && rao > rules.lock.available) return { status: 'invalid', reason: rules.lock.reason(rao), rao };
  const error = rules.preview?.amount === rao ? rules.preview.error : null;
  if (error) return { status: 'invalid', reason: previewErrorText(rules.preview!, rules), rao };
  return { status: 'ok', rao };
}

function previewErrorText(p: Preview, rules: AmountRules): string {
  const error = p.error!;
  // A tolerance so wide that the chain's max-move formula overflows: "raise the tolerance" would
  // make it worse; the preview's message names the widest tolerance that works.
  if (p.limitOverflows) return error.message;
  switch (error.code) {
    case 'AmountTooLow':
      return p.kind === 'stake' && p.belowMinimum ? `The minimum stake here is ${show(p.minimumAmount, rules.unit)}` : error.message;
    case 'SlippageTooHigh':
      return `At ${rules.toleranceText ?? 'this'} tolerance the price limit lets at most ${show(p.maxAtLimit ?? 0n, rules.unit)} execute. Lower the amount, raise the tolerance or allow a partial fill.`;
    default:
      return swapErrorText(error);
  }
}

/** Why the pool refuses this trade, in words. */
export function swapErrorText(error: { code: string; message: string }): string {
  switch (error.code) {
    case 'PriceLimitExceeded':
      return 'The price is already beyond your limit.';
    case 'ReservesTooLow':
      return 'The pool is too small for this trade (its reserve would fall below the minimum).';
    case 'SwapInputTooLarge':
    case 'InsufficientLiquidity':
      return 'The amount is too large for this pool.';
    default:
      return error.message;
  }
}

/** Most a stake can spend: free − existential deposit − network fee (never negative). */
export function maxStakeable(free: bigint, existentialDeposit: bigint, networkFee: bigint): bigint {
  const max = free - existentialDeposit - networkFee;
  return max > 0n ? max : 0n;
}
