import { formatAmount } from '../../src/amount.ts';
import type { Preview } from '../../src/amm/index.ts';
import type { Intent } from '../../src/protocol/chain.ts';
import { rememberNetworkFee } from '../hooks/useNetworkFee.ts';
import { ppmPercent } from './format.ts';
import { send } from './messaging.ts';
import { navigate } from './router.ts';
import { preparedTxs, type PreparedEntry } from './store.ts';

/** Builds the call in the background (tx.prepare) and opens the review screen for it. */
export async function prepareAndReview(from: string, intent: Intent, entry: Omit<PreparedEntry, 'prepared'>, network: string): Promise<void> {
  const prepared = await send('pri(tx.prepare)', { from, intent, previewed: entry.previewed.toString() });
  rememberNetworkFee(network, intent.kind, BigInt(prepared.networkFee));
  preparedTxs.put({ ...entry, prepared });
  navigate(`/review/${encodeURIComponent(prepared.id)}`);
}

export type ReviewLine = PreparedEntry['lines'][number];

interface SwapLineOptions {
  receivedSymbol: string;
  /** Appended to the received amount, e.g. " on SN3". */
  receivedWhere?: string;
  feeSymbol: string;
  tolerancePpm: number;
  /**
   * False for a trade without a price limit or a swap to protect (a same-subnet move): no minimum,
   * slippage or tolerance. A swap fee is still listed when the preview charges one (the V3
   * generation moves within a subnet through the pool).
   */
  swap?: boolean;
}

/** The review lines after "you pay": what the preview promised and the price protection around it. */
export function previewLines(p: Preview, { receivedSymbol, receivedWhere = '', feeSymbol, tolerancePpm, swap = true }: SwapLineOptions): ReviewLine[] {
  const received: ReviewLine = { label: 'You receive (preview)', value: `${formatAmount(p.received, { maxDecimals: 6, grouping: true })} ${receivedSymbol}${receivedWhere}` };
  const fee: ReviewLine = { label: 'Swap fee', value: `${formatAmount(p.fee, { grouping: true })} ${feeSymbol}` };
  if (!swap) return p.fee > 0n ? [received, fee] : [received];
  return [
    received,
    { label: 'Minimum received', value: `${formatAmount(p.minReceived, { maxDecimals: 6, grouping: true })} ${receivedSymbol}` },
    fee,
    { label: 'Slippage (incl. fee)', value: p.display.slippage },
    { label: 'Tolerance', value: ppmPercent(tolerancePpm) },
  ];
}
