/**
 * Cuts what @polkadot/api asks a node at connect. Its init sends chain_getBlockHash(0),
 * state_getRuntimeVersion, system_chain, system_properties and rpc_methods, then the metadata
 * (two state_calls), then state_subscribeRuntimeVersion. With a cached runtime (and the
 * `metadata` option) this layer on the provider leaves two of them on the wire:
 *
 * - chain_getBlockHash(0), always asked: the genesis hash is what makes the cache safe. The
 *   cached system_chain / system_properties answers are given only once the node's genesis
 *   equals the cached one, rpc_methods only for the same node URL and spec version (an upgrade
 *   often comes with a new node); otherwise the questions go to the node as usual.
 * - state_subscribeRuntimeVersion, opened at once: its first notification is the answer to
 *   state_getRuntimeVersion, and the api's own subscription later joins the same one.
 *
 * Answers that did go over the wire are recorded, for the next cache record.
 */
import type { WsProvider } from '@polkadot/api';
import type { CachedRuntime } from '../../src/chain/runtime-cache.ts';

type Callback = (error: Error | null, result: unknown) => void;
type SubscriptionId = number | string;

export interface NodeAnswers {
  genesisHash?: string;
  chain?: string;
  properties?: unknown;
  rpcMethods?: CachedRuntime['rpcMethods'];
}

const VERSION_TYPE = 'state_runtimeVersion';
const VERSION_SUB = 'state_subscribeRuntimeVersion';
const VERSION_UNSUB = 'state_unsubscribeRuntimeVersion';

const RECORDED = { system_chain: 'chain', system_properties: 'properties', rpc_methods: 'rpcMethods' } as const;
type RecordedMethod = keyof typeof RECORDED;

/**
 * Installs the layer on `provider` (before the ApiPromise is built on it). `onRequest` sees
 * every request that goes on the wire; `onVersion` every runtime version the node announces.
 */
export function answerFromCache(
  provider: WsProvider,
  cached: CachedRuntime | undefined,
  url: string,
  hooks: { onRequest?: (method: string, params: unknown[]) => void; onVersion?: (version: unknown) => void } = {},
): NodeAnswers {
  const answers: NodeAnswers = {};
  const rawSend = provider.send.bind(provider);
  const rawSubscribe = provider.subscribe.bind(provider);
  const rawUnsubscribe = provider.unsubscribe.bind(provider);

  const wire = ((method: string, params: unknown[], isCacheable?: boolean, subscription?: never) => {
    hooks.onRequest?.(method, params);
    return rawSend(method, params, isCacheable, subscription);
  }) as typeof provider.send;

  let genesis: Promise<string> | null = null;
  const genesisHash = (): Promise<string> => {
    genesis ??= (wire('chain_getBlockHash', [0]) as Promise<string>).then((hash) => {
      answers.genesisHash = hash;
      return hash;
    });
    return genesis;
  };

  let version: { id: Promise<SubscriptionId>; first: Promise<unknown>; latest: unknown; listeners: Set<Callback> } | null = null;
  const versionSubscription = () => {
    if (version) return version;
    let settle!: { resolve: (v: unknown) => void; reject: (e: unknown) => void };
    const first = new Promise((resolve, reject) => (settle = { resolve, reject }));
    const listeners = new Set<Callback>();
    const sub = { id: Promise.resolve<SubscriptionId>(0), first, latest: undefined as unknown, listeners };
    sub.id = rawSubscribe(VERSION_TYPE, VERSION_SUB, [], (error: Error | null, result: unknown) => {
      if (error) {
        settle.reject(error);
      } else {
        sub.latest = result;
        settle.resolve(result);
        hooks.onVersion?.(result);
      }
      for (const l of listeners) l(error, result);
    });
    sub.id.catch((e: unknown) => settle.reject(e));
    first.catch(() => undefined);
    version = sub;
    return sub;
  };

  const replay = (method: RecordedMethod): unknown => {
    if (!cached) return undefined;
    if (method === 'rpc_methods' && cached.url !== url) return undefined;
    return cached[RECORDED[method]];
  };

  provider.send = ((method: string, params: unknown[], isCacheable?: boolean, subscription?: never) => {
    const bare = params.length === 0 || (params.length === 1 && params[0] == null);
    if (!subscription && method === 'chain_getBlockHash' && params.length === 1 && (params[0] === 0 || params[0] === '0x0')) return genesisHash();
    if (!subscription && method === 'state_getRuntimeVersion' && bare) return versionSubscription().first;
    if (!subscription && bare && method in RECORDED) {
      const known = replay(method as RecordedMethod);
      const ask = () => wire(method, params).then((result: unknown) => {
        (answers as Record<string, unknown>)[RECORDED[method as RecordedMethod]] = result;
        return result;
      });
      if (known === undefined || !cached) return ask();
      const { genesisHash: cachedGenesis, specVersion: cachedSpec } = cached;
      const sameSpec = method === 'rpc_methods'
        ? versionSubscription().first.then((v) => (v as { specVersion?: unknown }).specVersion === cachedSpec)
        : Promise.resolve(true);
      return Promise.all([genesisHash(), sameSpec]).then(([hash, spec]) => (hash.toLowerCase() === cachedGenesis && spec ? known : ask()));
    }
    return wire(method, params, isCacheable, subscription);
  }) as typeof provider.send;

  provider.subscribe = ((type: string, method: string, params: unknown[], callback: Callback) => {
    if (method !== VERSION_SUB || params.length !== 0) return rawSubscribe(type, method, params, callback);
    const sub = versionSubscription();
    sub.listeners.add(callback);
    if (sub.latest !== undefined) {
      const latest = sub.latest;
      queueMicrotask(() => callback(null, latest));
    }
    return sub.id;
  }) as typeof provider.subscribe;

  provider.unsubscribe = ((type: string, method: string, id: SubscriptionId) => {
    // The api's unsubscribe ends the shared subscription: it is the only other listener.
    if (method === VERSION_UNSUB) version = null;
    return rawUnsubscribe(type, method, id);
  }) as typeof provider.unsubscribe;

  return answers;
}
