/**
 * Partial fills in words. A limit order with allow_partial executes only what the pool can take
 * before the price reaches the limit; the record keeps the executed input read from the block's
 * events (tx.ts executedInput), and the activity list and the result screen say how much of the
 * request was filled. Pure.
 */
import { formatAmount } from '../amount.ts';
import type { Intent, TxRecord } from '../protocol/chain.ts';

/** The input the user asked to trade, in rao of its own unit, and that unit; null when the call names no amount (full exits). */
export function requestedInput(intent: Intent): { amount: bigint; unit: 'TAO' | 'alpha'; netuid: number } | null {
  switch (intent.kind) {
    case 'stake':
      return { amount: BigInt(intent.amount), unit: 'TAO', netuid: intent.netuid };
    case 'unstake':
      return { amount: BigInt(intent.amount), unit: 'alpha', netuid: intent.netuid };
    case 'swap':
    case 'move':
    case 'moveLimit':
    case 'transferStake':
      return { amount: BigInt(intent.amount), unit: 'alpha', netuid: intent.originNetuid };
    default:
      return null;
  }
}

/** Both figures of a fill: what executed of what was asked. */
export interface Fill {
  executed: bigint;
  requested: bigint;
  partial: boolean;
  unit: 'TAO' | 'alpha';
  netuid: number;
}

export function fillOf(record: Pick<TxRecord, 'intent' | 'executed'>): Fill | null {
  const asked = requestedInput(record.intent);
  if (!asked || record.executed === null || record.executed === undefined) return null;
  const executed = BigInt(record.executed);
  // Only a call that allowed partial fills can be partially filled: without it the chain
  // executes all or nothing, so events showing less mean the chain kept the rest some other way
  // (the reconciliation says so), not a fill at the limit.
  const allowsPartial = 'allowPartial' in record.intent && record.intent.allowPartial;
  return { executed, requested: asked.amount, partial: allowsPartial && executed < asked.amount, unit: asked.unit, netuid: asked.netuid };
}

/**
 * "partially filled: 5.0077 of 10 TAO" when less than the request executed, else null.
 * `alphaSymbol` names the subnet's token (its symbol, or α).
 */
export function partialFillText(record: Pick<TxRecord, 'intent' | 'executed'>, alphaSymbol = 'α'): string | null {
  const fill = fillOf(record);
  if (!fill?.partial) return null;
  const unit = fill.unit === 'TAO' ? 'TAO' : alphaSymbol;
  const f = (rao: bigint) => formatAmount(rao, { maxDecimals: 4, grouping: true });
  return `partially filled: ${f(fill.executed)} of ${f(fill.requested)} ${unit}`;
}
