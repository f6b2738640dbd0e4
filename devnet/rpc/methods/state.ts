/** state_*: metadata, runtime version, storage reads and subscriptions, runtime calls. */
import { blake2AsHex } from '@polkadot/util-crypto';
import type { BlockRecord } from '../blocks.ts';
import { invalidParams } from '../errors.ts';
import type { Hex } from '../storage.ts';
import type { MethodContext, MethodTable } from './types.ts';

/** The runtime version of a block (the best block when `at` is absent). */
export function runtimeVersionJson(block: BlockRecord): Record<string, unknown> {
  return { ...block.runtime.meta.runtimeVersion };
}

/**
 * `state_subscribeRuntimeVersion` / `chain_subscribeRuntimeVersion`: the best block's version,
 * then a notification each time a new best block runs another runtime (a runtime upgrade).
 */
export function subscribeRuntimeVersion({ node, conn }: MethodContext): string {
  return conn.subscribe('state_runtimeVersion', (emit) => {
    emit(runtimeVersionJson(node.chain.head));
    const listener = (block: BlockRecord): void => emit(runtimeVersionJson(block));
    node.chain.on('runtime', listener);
    return () => node.chain.off('runtime', listener);
  });
}

function keyParam(value: unknown, what = 'storage key'): Hex {
  if (typeof value !== 'string' || !/^0x([0-9a-fA-F]{2})*$/.test(value)) throw invalidParams(`${what} must be 0x-prefixed hex`);
  return value.toLowerCase() as Hex;
}

function keysParam(value: unknown): Hex[] {
  if (!Array.isArray(value)) throw invalidParams('keys must be an array');
  if (value.length > 1000) throw invalidParams('at most 1000 keys');
  return value.map((k) => keyParam(k));
}

function countParam(value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) throw invalidParams('count must be a non-negative integer');
  return Math.min(value, 1000);
}

export const stateMethods: MethodTable = {
  state_getMetadata: ([at], { node }) => node.blockAt(at).runtime.meta.hex,
  state_getRuntimeVersion: ([at], { node }) => runtimeVersionJson(node.blockAt(at)),
  state_subscribeRuntimeVersion: (_p, ctx) => subscribeRuntimeVersion(ctx),
  state_unsubscribeRuntimeVersion: ([id], { conn }) => conn.unsubscribe(id),
  state_getStorage: ([key, at], { node }) => node.blockAt(at).storage().get(keyParam(key)),
  state_getStorageHash: ([key, at], { node }) => {
    const value = node.blockAt(at).storage().get(keyParam(key));
    return value === null ? null : blake2Hex(value);
  },
  state_getStorageSize: ([key, at], { node }) => {
    const value = node.blockAt(at).storage().get(keyParam(key));
    return value === null ? null : (value.length - 2) / 2;
  },
  state_getKeys: ([prefix, at], { node }) => node.blockAt(at).storage().keysPaged(keyParam(prefix, 'prefix'), 1000),
  state_getKeysPaged: ([prefix, count, startKey, at], { node }) =>
    node.blockAt(at).storage().keysPaged(keyParam(prefix ?? '0x', 'prefix'), countParam(count), startKey ? keyParam(startKey, 'start key') : undefined),
  state_getPairs: ([prefix, at], { node }) => {
    const view = node.blockAt(at).storage();
    return view.keysPaged(keyParam(prefix, 'prefix'), 1000).map((k) => [k, view.get(k)]);
  },
  state_queryStorageAt: ([keys, at], { node }) => {
    const block = node.blockAt(at);
    const view = block.storage();
    return [{ block: block.hash, changes: keysParam(keys).map((k) => [k, view.get(k)]) }];
  },
  state_subscribeStorage: ([keys], { node, conn }) => {
    const wanted = keys === undefined || keys === null ? [] : keysParam(keys);
    return conn.subscribe('state_storage', (emit) => {
      let last = new Map<Hex, Hex | null>();
      const send = (block: BlockRecord, initial: boolean): void => {
        const view = block.storage();
        const changes: [Hex, Hex | null][] = [];
        const now = new Map<Hex, Hex | null>();
        for (const k of wanted) {
          const v = view.get(k);
          now.set(k, v);
          if (initial || last.get(k) !== v) changes.push([k, v]);
        }
        last = now;
        if (initial || changes.length > 0) emit({ block: block.hash, changes });
      };
      send(node.chain.head, true);
      const listener = (block: BlockRecord) => send(block, false);
      node.chain.on('block', listener);
      return () => node.chain.off('block', listener);
    });
  },
  state_unsubscribeStorage: ([id], { conn }) => conn.unsubscribe(id),
  state_call: ([name, data, at], { node }) => {
    if (typeof name !== 'string') throw invalidParams('method name must be a string');
    const block = node.blockAt(at);
    return block.runtime.api.call(node.chain, name, keyParam(data ?? '0x', 'call data'), block);
  },
};

stateMethods['state_callAt'] = stateMethods['state_call']!;
stateMethods['state_getKeysPagedAt'] = stateMethods['state_getKeysPaged']!;
stateMethods['chain_unsubscribeRuntimeVersion'] = stateMethods['state_unsubscribeRuntimeVersion']!;

function blake2Hex(value: Hex): Hex {
  return blake2AsHex(value, 256) as Hex;
}
