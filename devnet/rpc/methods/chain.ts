/** chain_*: block hashes, headers, blocks and head subscriptions. */
import type { BlockRecord } from '../blocks.ts';
import { invalidParams } from '../errors.ts';
import type { MethodTable } from './types.ts';
import { subscribeRuntimeVersion } from './state.ts';

export function headerJson(block: BlockRecord): Record<string, unknown> {
  const h = block.header;
  return {
    parentHash: h.parentHash.toHex(),
    number: `0x${block.number.toString(16)}`,
    stateRoot: h.stateRoot.toHex(),
    extrinsicsRoot: h.extrinsicsRoot.toHex(),
    digest: { logs: h.digest.logs.map((l) => l.toHex()) },
  };
}

function blockNumberParam(value: unknown): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0) return value;
  if (typeof value === 'string' && /^(0x[0-9a-fA-F]+|\d+)$/.test(value)) return Number(value);
  throw invalidParams('block number must be a non-negative integer or hex string');
}

function headSubscription(event: 'block' | 'finalized') {
  return (notify: string): MethodTable[string] => (_params, { node, conn }) =>
    conn.subscribe(notify, (emit) => {
      // Like a node: the stream opens with the current head of its kind (best or finalized).
      emit(headerJson(event === 'finalized' ? node.chain.finalized : node.chain.head));
      const listener = (block: BlockRecord) => emit(headerJson(block));
      node.chain.on(event, listener);
      return () => node.chain.off(event, listener);
    });
}

export const chainMethods: MethodTable = {
  chain_getBlockHash: ([n], { node }) => {
    if (Array.isArray(n)) return n.map((x) => node.chain.hashAt(blockNumberParam(x) ?? node.chain.head.number) ?? null);
    const number = blockNumberParam(n);
    return number === undefined ? node.chain.head.hash : node.chain.hashAt(number) ?? null;
  },
  chain_getHeader: ([hash], { node }) => {
    if (hash === undefined || hash === null) return headerJson(node.chain.head);
    if (typeof hash !== 'string') throw invalidParams('block hash must be a hex string');
    const block = node.chain.getBlock(hash);
    return block ? headerJson(block) : null;
  },
  chain_getBlock: ([hash], { node }) => {
    if (hash !== undefined && hash !== null && typeof hash !== 'string') throw invalidParams('block hash must be a hex string');
    const block = hash ? node.chain.getBlock(hash as string) : node.chain.head;
    if (!block) return null;
    return { block: { header: headerJson(block), extrinsics: block.extrinsics }, justifications: null };
  },
  chain_getFinalizedHead: (_p, { node }) => node.chain.finalized.hash,
  chain_subscribeNewHeads: headSubscription('block')('chain_newHead'),
  chain_subscribeAllHeads: headSubscription('block')('chain_allHead'),
  chain_subscribeFinalizedHeads: headSubscription('finalized')('chain_finalizedHead'),
  chain_unsubscribeNewHeads: ([id], { conn }) => conn.unsubscribe(id),
  chain_unsubscribeAllHeads: ([id], { conn }) => conn.unsubscribe(id),
  chain_unsubscribeFinalizedHeads: ([id], { conn }) => conn.unsubscribe(id),
};

// Aliases that Substrate also registers.
chainMethods['chain_getHead'] = chainMethods['chain_getBlockHash']!;
chainMethods['chain_getFinalisedHead'] = chainMethods['chain_getFinalizedHead']!;
chainMethods['chain_subscribeFinalisedHeads'] = chainMethods['chain_subscribeFinalizedHeads']!;
chainMethods['chain_unsubscribeFinalisedHeads'] = chainMethods['chain_unsubscribeFinalizedHeads']!;
chainMethods['subscribe_newHead'] = chainMethods['chain_subscribeNewHeads']!;
// polkadot.js's api.rpc.chain.subscribeNewHeads sends the singular name.
chainMethods['chain_subscribeNewHead'] = chainMethods['chain_subscribeNewHeads']!;
chainMethods['chain_unsubscribeNewHead'] = chainMethods['chain_unsubscribeNewHeads']!;
chainMethods['unsubscribe_newHead'] = chainMethods['chain_unsubscribeNewHeads']!;
chainMethods['chain_subscribeRuntimeVersion'] = (_p, ctx) => subscribeRuntimeVersion(ctx);
