/** author_*: submitting and watching extrinsics, the pool. */
import type { TxStatus } from '../blocks.ts';
import type { MethodTable } from './types.ts';

/**
 * Longest wait for a watching client to read the events of its extrinsic's block before it is
 * told `finalized` anyway (a client that never reads them).
 */
export const FINALIZED_AFTER_INBLOCK_MAX_WAIT_MS = 3000;

export const authorMethods: MethodTable = {
  author_submitExtrinsic: ([hex], { node }) => node.submit(hex).hash,
  author_submitAndWatchExtrinsic: ([hex], { node, conn }) => {
    // Validate first: an invalid extrinsic is an RPC error, not a subscription.
    let statusSink: ((s: TxStatus) => void) | undefined;
    const pending: TxStatus[] = [];
    const entry = node.submit(hex, (status) => (statusSink ? statusSink(status) : pending.push(status)));
    return conn.subscribe('author_extrinsicUpdate', (emit) => {
      // @polkadot/api fetches the block and its events on `inBlock` and drops that result if
      // `finalized` arrives first (switchMap), so a dApp's signAndSend would see Ready ->
      // Finalized with no InBlock whenever the fetch outlasts the finality delay. So this
      // watcher's `finalized` waits until its connection has read the block's System.Events
      // (the fetch is done), as on a real chain where finality comes many seconds later.
      let unreadBlock: string | null = null;
      let heldFinalized: TxStatus | null = null;
      let cancelWait = (): void => undefined;
      const finish = (status: TxStatus): void => {
        emit(status);
        entry.watchers.delete(watcher);
      };
      const watcher = (status: TxStatus): void => {
        if (typeof status === 'object' && 'inBlock' in status) {
          emit(status);
          unreadBlock = status.inBlock.toLowerCase();
          cancelWait();
          cancelWait = conn.afterEventsRead(status.inBlock, FINALIZED_AFTER_INBLOCK_MAX_WAIT_MS, () => {
            unreadBlock = null;
            const held = heldFinalized;
            heldFinalized = null;
            if (held) finish(held);
          });
          return;
        }
        if (typeof status === 'object' && 'finalized' in status) {
          if (unreadBlock === status.finalized.toLowerCase()) heldFinalized = status;
          else finish(status);
          return;
        }
        emit(status);
      };
      emit('ready');
      statusSink = watcher;
      for (const s of pending.splice(0)) watcher(s);
      entry.watchers.clear();
      entry.watchers.add(watcher);
      return () => {
        cancelWait();
        entry.watchers.delete(watcher);
      };
    });
  },
  author_unwatchExtrinsic: ([id], { conn }) => conn.unsubscribe(id),
  author_pendingExtrinsics: (_p, { node }) => node.chain.pool.map((p) => p.hex),
};
