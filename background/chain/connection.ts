/**
 * One connection to a node: @polkadot/api over WebSocket, checked to be the subtensor chain the
 * user picked, reconnecting with exponential backoff. Each attempt builds a fresh provider and
 * ApiPromise; consumers always ask `ready()` for the current one.
 *
 * The runtime (metadata and the node's fixed answers) comes from the runtime cache when the node
 * answers with the cached genesis hash and spec version (see node-answers.ts): after a worker
 * restart a connect then costs two requests and no metadata download. Otherwise it is fetched
 * and cached for the next time.
 */
import { ApiPromise, WsProvider } from '@polkadot/api';
import type { ConnectionState } from '../../src/protocol/chain.ts';
import { WalletError } from '../../src/protocol/errors.ts';
import { type KnownNetwork, wrongChainReason } from '../../src/chain/networks.ts';
import { SUBTENSOR_RUNTIME, SUBTENSOR_SIGNED_EXTENSIONS, SUBTENSOR_TYPES } from '../../src/chain/runtime-api.ts';
import { newCachedRuntime, runtimeKey, type CachedRuntime } from '../../src/chain/runtime-cache.ts';
import { MemoryStore } from '../platform/storage.ts';
import { answerFromCache, type NodeAnswers } from './node-answers.ts';
import { RuntimeStore, type RuntimeCache } from './runtime-store.ts';

export interface ConnectionOptions {
  now?: () => number;
  /** Called on every state change (the service turns it into a 'chain.updated' event). */
  onState?: (state: ConnectionState) => void;
  /** Called with each freshly verified api (first connect and every reconnect). */
  onApi?: (api: ApiPromise) => void;
  /** First retry delay; doubles up to maxDelayMs. */
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** How long one attempt may take to connect and load metadata. */
  attemptTimeoutMs?: number;
  /** Runtimes (metadata and fixed node answers) shared across connections and worker restarts; default in memory. */
  runtimeCache?: RuntimeCache;
  /** Counts JSON-RPC requests (for the bench). */
  onRequest?: (method: string, params: unknown[]) => void;
}

/**
 * The local devnet's faucet RPC. @polkadot/api decorates it only where the node lists it in
 * rpc_methods, so `api.rpc.dev?.setBalance` exists on the devnet and nowhere else.
 */
const DEVNET_RPC = {
  dev: {
    setBalance: {
      description: 'Devnet only: sets an account\'s free balance in a new block',
      params: [
        { name: 'who', type: 'AccountId' },
        { name: 'free', type: 'u128' },
      ],
      type: 'BlockHash',
    },
  },
};

/** Options every ApiPromise of the wallet gets: subtensor's runtime-API types and extensions. */
export function apiOptions(provider: WsProvider, metadata?: Record<string, `0x${string}`>) {
  return {
    provider,
    rpc: DEVNET_RPC,
    runtime: SUBTENSOR_RUNTIME,
    types: SUBTENSOR_TYPES,
    signedExtensions: SUBTENSOR_SIGNED_EXTENSIONS,
    noInitWarn: true,
    ...(metadata ? { metadata } : {}),
  };
}

/** Identity checks of a ready api: WrongChain reason in words, or undefined. */
export function checkChain(api: ApiPromise, network: KnownNetwork): string | undefined {
  const pallets = api.registry.metadata.pallets.map((p) => p.name.toString());
  const subtensor = api.registry.metadata.pallets.find((p) => p.name.toString() === 'SubtensorModule');
  let subtensorCalls: string[] = [];
  if (subtensor && subtensor.calls.isSome) {
    const def = api.registry.lookup.getSiType(subtensor.calls.unwrap().type).def;
    if (def.isVariant) subtensorCalls = def.asVariant.variants.map((v) => v.name.toString());
  }
  return wrongChainReason(network, { genesisHash: api.genesisHash.toHex(), pallets, subtensorCalls });
}

function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const t = setTimeout(() => reject(new WalletError('Disconnected', what)), ms);
    p.then((v) => { clearTimeout(t); resolve(v); }, (e: unknown) => { clearTimeout(t); reject(e); });
  });
}

type Waiter = { resolve: (api: ApiPromise) => void; reject: (e: unknown) => void };

export class ChainConnection {
  readonly network: KnownNetwork;
  private readonly opts: Required<Omit<ConnectionOptions, 'onRequest' | 'onApi'>> & Pick<ConnectionOptions, 'onRequest' | 'onApi'>;
  private current: ApiPromise | null = null;
  private connecting: ApiPromise | null = null;
  /** An attempt is under way (also while it reads the cache, before `connecting` is set). */
  private attempting = false;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private waiters: Waiter[] = [];
  private closed = false;
  private wrongChain: string | null = null;
  private lastError: string | undefined;
  state: ConnectionState;

  constructor(network: KnownNetwork, options: ConnectionOptions = {}) {
    this.network = network;
    this.opts = {
      now: options.now ?? Date.now,
      onState: options.onState ?? (() => undefined),
      onApi: options.onApi,
      baseDelayMs: options.baseDelayMs ?? 1000,
      maxDelayMs: options.maxDelayMs ?? 30_000,
      attemptTimeoutMs: options.attemptTimeoutMs ?? 15_000,
      runtimeCache: options.runtimeCache ?? new RuntimeStore(new MemoryStore()),
      onRequest: options.onRequest,
    };
    this.state = { network: network.id, url: network.url, status: 'connecting', attempt: 0, nextRetryAt: null };
  }

  /** Starts connecting (idempotent). */
  start(): void {
    if (this.current || this.attempting || this.timer || this.closed || this.wrongChain) return;
    void this.attempt();
  }

  /** The verified api, waiting for a connection up to `timeoutMs`. */
  ready(timeoutMs = 20_000): Promise<ApiPromise> {
    if (this.current?.isConnected) return Promise.resolve(this.current);
    if (this.wrongChain) return Promise.reject(new WalletError('WrongChain', this.wrongChain));
    if (this.closed) return Promise.reject(new WalletError('Disconnected', 'The connection was closed'));
    this.start();
    return new Promise<ApiPromise>((resolve, reject) => {
      const waiter: Waiter = { resolve, reject };
      this.waiters.push(waiter);
      setTimeout(() => {
        if (!this.waiters.includes(waiter)) return;
        this.waiters = this.waiters.filter((w) => w !== waiter);
        reject(new WalletError('Disconnected', `Not connected to ${this.network.name} (${this.network.url})${this.lastError ? `: ${this.lastError}` : ''}`));
      }, timeoutMs);
    });
  }

  /** The api if connected right now, else null (never waits). */
  get api(): ApiPromise | null {
    return this.current?.isConnected ? this.current : null;
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const apis = [this.current, this.connecting].filter((a): a is ApiPromise => a !== null);
    this.current = null;
    this.connecting = null;
    for (const w of this.waiters.splice(0)) w.reject(new WalletError('Disconnected', 'The connection was closed'));
    await Promise.all(apis.map((a) => a.disconnect().catch(() => undefined)));
  }

  private setState(patch: Partial<ConnectionState>): void {
    const next: ConnectionState = { ...this.state, ...patch };
    if (patch.error === undefined && 'error' in patch) delete next.error;
    if (patch.errorCode === undefined && 'errorCode' in patch) delete next.errorCode;
    this.state = next;
    this.opts.onState(next);
  }

  private async attempt(): Promise<void> {
    this.timer = null;
    if (this.closed) return;
    this.attempting = true;
    try {
      await this.connectOnce();
    } finally {
      this.attempting = false;
    }
  }

  private async connectOnce(): Promise<void> {
    this.setState({ status: this.state.attempt === 0 ? 'connecting' : 'reconnecting', nextRetryAt: null });
    const url = this.network.url;
    const provider = new WsProvider(url, false, {}, 60_000);
    // The cache read overlaps the WebSocket handshake; the api is built once both are done.
    const connected = provider.connect();
    connected.catch(() => undefined);
    const cached = await this.opts.runtimeCache.forUrl(url).catch(() => undefined);
    if (this.closed) {
      await provider.disconnect().catch(() => undefined);
      return;
    }
    const answers = answerFromCache(provider, cached, url, {
      onRequest: this.opts.onRequest,
      onVersion: (v) => {
        const spec = (v as { specVersion?: unknown }).specVersion;
        if (typeof spec === 'number' && this.current === api && spec !== api.runtimeVersion.specVersion.toNumber()) void this.rememberUpgrade(api, spec, cached, answers, url);
      },
    });
    const api = new ApiPromise(apiOptions(provider, cached ? { [runtimeKey(cached.genesisHash, cached.specVersion)]: cached.metadata } : undefined));
    api.on('error', () => undefined); // surfaced through isReadyOrError / disconnected
    this.connecting = api;
    try {
      await connected;
      await withTimeout(api.isReadyOrError, this.opts.attemptTimeoutMs, `No answer from ${url}`);
      if (this.closed) {
        await api.disconnect().catch(() => undefined);
        return;
      }
      const wrong = await this.checkDecoded(api, cached);
      if (wrong) {
        this.wrongChain = wrong;
        this.connecting = null;
        await api.disconnect().catch(() => undefined);
        this.setState({ status: 'error', error: wrong, errorCode: 'WrongChain', nextRetryAt: null });
        for (const w of this.waiters.splice(0)) w.reject(new WalletError('WrongChain', wrong));
        return;
      }
      this.connecting = null;
      this.current = api;
      this.lastError = undefined;
      api.once('disconnected', () => this.onDropped(api));
      this.setState({ status: 'connected', attempt: 0, nextRetryAt: null, error: undefined, errorCode: undefined });
      this.opts.onApi?.(api);
      for (const w of this.waiters.splice(0)) w.resolve(api);
      void this.remember(api, cached, answers, url).catch(() => undefined);
    } catch (e) {
      this.connecting = null;
      await api.disconnect().catch(() => undefined);
      if (this.closed) return;
      this.lastError = e instanceof Error ? e.message : 'connection failed';
      this.scheduleRetry();
    }
  }

  /**
   * checkChain, except that an api built on cached metadata which fails it (or cannot even be
   * read) is not taken as the wrong chain: the polkadot.js decoder accepts a truncated blob
   * without a word, so the cached runtime is discarded and the attempt fails, to be retried
   * with a download.
   */
  private async checkDecoded(api: ApiPromise, cached: CachedRuntime | undefined): Promise<string | undefined> {
    const key = cached ? runtimeKey(cached.genesisHash, cached.specVersion) : null;
    const fromCache = key !== null && key === runtimeKey(api.genesisHash.toHex(), api.runtimeVersion.specVersion.toNumber());
    let wrong: string | undefined;
    try {
      wrong = checkChain(api, this.network);
    } catch (e) {
      if (!fromCache) throw e;
      wrong = e instanceof Error ? e.message : String(e);
    }
    if (wrong && fromCache) {
      await this.opts.runtimeCache.discard(key, `cached metadata unusable: ${wrong}`);
      throw new WalletError('Disconnected', 'The cached metadata was unusable; fetching it again');
    }
    return wrong;
  }

  /**
   * After a connect: marks the cached runtime used, or caches the one just fetched. The node's
   * fixed answers are the cached ones when the genesis matched (they were replayed), else the
   * ones recorded on the wire.
   */
  private async remember(api: ApiPromise, cached: CachedRuntime | undefined, answers: NodeAnswers, url: string): Promise<void> {
    const genesisHash = api.genesisHash.toHex();
    const specVersion = api.runtimeVersion.specVersion.toNumber();
    if (cached && runtimeKey(genesisHash, specVersion) === runtimeKey(cached.genesisHash, cached.specVersion)) {
      await this.opts.runtimeCache.used(cached, url);
      return;
    }
    const sameChain = cached?.genesisHash === genesisHash.toLowerCase() ? cached : undefined;
    // The node behind this URL is another chain now: what was cached for the URL is no use to it.
    if (cached && !sameChain) await this.opts.runtimeCache.discard(runtimeKey(cached.genesisHash, cached.specVersion), `the node at ${url} has genesis ${genesisHash}`);
    const chain = answers.chain ?? sameChain?.chain;
    const properties = answers.properties ?? sameChain?.properties;
    const rpcMethods = answers.rpcMethods ?? sameChain?.rpcMethods;
    if (chain === undefined || properties === undefined || rpcMethods === undefined) return;
    await this.opts.runtimeCache.save(newCachedRuntime({
      genesisHash, specVersion, url, chain, properties, rpcMethods, metadata: api.runtimeMetadata.toHex(),
    }));
  }

  /** A runtime upgrade while connected: the api fetches the new metadata itself; cache it once it has. */
  private async rememberUpgrade(api: ApiPromise, spec: number, cached: CachedRuntime | undefined, answers: NodeAnswers, url: string): Promise<void> {
    const until = this.opts.now() + this.opts.attemptTimeoutMs;
    while (api.runtimeVersion.specVersion.toNumber() !== spec) {
      if (this.current !== api || this.opts.now() > until) return;
      await new Promise((r) => setTimeout(r, 50));
    }
    await this.remember(api, cached, answers, url).catch(() => undefined);
  }

  private onDropped(api: ApiPromise): void {
    if (this.current !== api || this.closed) return;
    this.current = null;
    void api.disconnect().catch(() => undefined);
    this.lastError = 'the connection dropped';
    this.scheduleRetry();
  }

  private scheduleRetry(): void {
    const attempt = this.state.attempt + 1;
    const delay = Math.min(this.opts.baseDelayMs * 2 ** (attempt - 1), this.opts.maxDelayMs);
    const nextRetryAt = this.opts.now() + delay;
    this.setState({ status: 'reconnecting', attempt, nextRetryAt, error: `${this.lastError ?? 'not connected'}; retrying`, errorCode: 'Disconnected' });
    this.timer = setTimeout(() => void this.attempt(), delay);
  }
}
