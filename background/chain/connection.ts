/**
 * One connection to a node: @polkadot/api over WebSocket, checked to be the subtensor chain the
 * user picked, reconnecting with exponential backoff. Each attempt builds a fresh provider and
 * ApiPromise (the metadata of earlier attempts is reused, so a reconnect is cheap); consumers
 * always ask `ready()` for the current one.
 */
import { ApiPromise, WsProvider } from '@polkadot/api';
import type { ConnectionState } from '../../src/protocol/chain.ts';
import { WalletError } from '../../src/protocol/errors.ts';
import { type KnownNetwork, wrongChainReason } from '../../src/chain/networks.ts';
import { SUBTENSOR_RUNTIME, SUBTENSOR_SIGNED_EXTENSIONS, SUBTENSOR_TYPES } from '../../src/chain/runtime-api.ts';

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
  /** Metadata cache shared across connections: `${genesisHash}-${specVersion}` -> hex. */
  metadataCache?: Map<string, `0x${string}`>;
  /** Counts JSON-RPC requests (for the bench). */
  onRequest?: (method: string) => void;
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
      metadataCache: options.metadataCache ?? new Map(),
      onRequest: options.onRequest,
    };
    this.state = { network: network.id, url: network.url, status: 'connecting', attempt: 0, nextRetryAt: null };
  }

  /** Starts connecting (idempotent). */
  start(): void {
    if (this.current || this.connecting || this.timer || this.closed || this.wrongChain) return;
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
    this.setState({ status: this.state.attempt === 0 ? 'connecting' : 'reconnecting', nextRetryAt: null });
    const provider = new WsProvider(this.network.url, false, {}, 60_000);
    if (this.opts.onRequest) {
      const send = provider.send.bind(provider);
      const count = this.opts.onRequest;
      provider.send = ((method: string, params: unknown[], isCacheable?: boolean, subscription?: never) => {
        count(method);
        return send(method, params, isCacheable, subscription);
      }) as typeof provider.send;
    }
    const api = new ApiPromise(apiOptions(provider, Object.fromEntries(this.opts.metadataCache)));
    api.on('error', () => undefined); // surfaced through isReadyOrError / disconnected
    this.connecting = api;
    try {
      await provider.connect();
      await withTimeout(api.isReadyOrError, this.opts.attemptTimeoutMs, `No answer from ${this.network.url}`);
      if (this.closed) {
        await api.disconnect().catch(() => undefined);
        return;
      }
      const wrong = checkChain(api, this.network);
      if (wrong) {
        this.wrongChain = wrong;
        this.connecting = null;
        await api.disconnect().catch(() => undefined);
        this.setState({ status: 'error', error: wrong, errorCode: 'WrongChain', nextRetryAt: null });
        for (const w of this.waiters.splice(0)) w.reject(new WalletError('WrongChain', wrong));
        return;
      }
      this.opts.metadataCache.set(`${api.genesisHash.toHex()}-${api.runtimeVersion.specVersion.toString()}`, api.runtimeMetadata.toHex());
      this.connecting = null;
      this.current = api;
      this.lastError = undefined;
      api.once('disconnected', () => this.onDropped(api));
      this.setState({ status: 'connected', attempt: 0, nextRetryAt: null, error: undefined, errorCode: undefined });
      this.opts.onApi?.(api);
      for (const w of this.waiters.splice(0)) w.resolve(api);
    } catch (e) {
      this.connecting = null;
      await api.disconnect().catch(() => undefined);
      if (this.closed) return;
      this.lastError = e instanceof Error ? e.message : 'connection failed';
      this.scheduleRetry();
    }
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
