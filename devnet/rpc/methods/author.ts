/** author_*: submitting and watching extrinsics, the pool. */
import type { TxStatus } from '../blocks.ts';
import type { MethodTable } from './types.ts';

export const authorMethods: MethodTable = {
  author_submitExtrinsic: ([hex], { node }) => node.submit(hex).hash,
  author_submitAndWatchExtrinsic: ([hex], { node, conn }) => {
    // Validate first: an invalid extrinsic is an RPC error, not a subscription.
    let statusSink: ((s: TxStatus) => void) | undefined;
    const pending: TxStatus[] = [];
    const entry = node.submit(hex, (status) => (statusSink ? statusSink(status) : pending.push(status)));
    return conn.subscribe('author_extrinsicUpdate', (emit) => {
      const watcher = (status: TxStatus): void => {
        emit(status);
        if (typeof status === 'object' && 'finalized' in status) entry.watchers.delete(watcher);
      };
      emit('ready');
      statusSink = watcher;
      for (const s of pending.splice(0)) watcher(s);
      entry.watchers.clear();
      entry.watchers.add(watcher);
      return () => entry.watchers.delete(watcher);
    });
  },
  author_unwatchExtrinsic: ([id], { conn }) => conn.unsubscribe(id),
  author_pendingExtrinsics: (_p, { node }) => node.chain.pool.map((p) => p.hex),
};
