import type { Intent } from '../../src/protocol/chain.ts';
import { rememberNetworkFee } from '../hooks/useNetworkFee.ts';
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
