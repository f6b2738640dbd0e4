/**
 * ChainService: the current network's connection, the per-block snapshot (cached for the next
 * popup), validators, and the transaction pipeline prepare -> cross-check -> sign -> submit ->
 * watch, with recovery by hash when the connection drops (never a second submission).
 */
import type { ApiPromise } from '@polkadot/api';
import type { Call, Header } from '@polkadot/types/interfaces';
import type { Codec } from '@polkadot/types/types';
import { decodeAddress } from '@polkadot/util-crypto';
import { AmmError, quoteStake, quoteUnstake, type SwapQuote } from '../../src/amm/index.ts';
import { buildIntentCall, decodeCall } from '../../src/chain/calls.ts';
import { describeCall } from '../../src/chain/describe.ts';
import { explorerUrl, listNetworks, networkConfig, normaliseNodeUrl, type KnownNetwork } from '../../src/chain/networks.ts';
import { callRuntime, canCallRuntime, providerOf } from '../../src/chain/runtime-api.ts';
import { compareSimulation, NO_SIMULATION, SIMULATION_UNREADABLE } from '../../src/chain/simulation.ts';
import { poolOf } from '../../src/chain/snapshot.ts';
import { intentPricingProblem } from '../../src/chain/pool.ts';
import type {
  ConnectionState, Intent, NetworkConfig, NetworkId, PreparedTx, Settings, SimulationView, Snapshot, TxRecord, TxStatus, SubnetCardView, ValidatorView, YieldView,
} from '../../src/protocol/chain.ts';
import { WalletError } from '../../src/protocol/errors.ts';

/** What the devnet faucet tops an account up to: 1,000 TAO. */
const DEVNET_FAUCET_AMOUNT = 1_000_000_000_000n;
import type { EventSink } from '../platform/events.ts';
import type { KeyValueStore } from '../platform/storage.ts';
import { ChainConnection, type ConnectionOptions } from './connection.ts';
import { field, readDelegates, readLocksAt, readRootClaimsAt, readSnapshot, validatorsForSubnet, type DelegateEntry } from './reader.ts';
import { lockIntentRefusal } from '../../src/chain/locks.ts';
import { rootIntentRefusal } from '../../src/chain/root-claims.ts';
import { readYields } from './yields.ts';
import { readSubnetCard } from './identity.ts';
import { readSettlement } from './settlement.ts';
import { RuntimeStore } from './runtime-store.ts';
import { readSeenRecords } from './seen-events.ts';
import { ChainStore, type TxWatch } from './store.ts';
import { DEFAULT_ERA_PERIOD, executedInput, findExtrinsic, nextNonce, outcomeInBlock, receivedAmount, signCall, estimateFee, submitAndWatch, type Outcome, type PayloadSigner, type SignedTx, type WatchUpdate } from './tx.ts';

export interface ChainServiceOptions {
  local: KeyValueStore;
  events: EventSink;
  now?: () => number;
  /** The vault (signPayload); null until it exists, then submit says so. */
  signer: PayloadSigner | null;
  /** Accounts to show when no active address is set (the vault's first account). */
  accounts?: () => Promise<string[]>;
  /** URL overrides (tests run the devnet on a random port). */
  urls?: Partial<Record<Exclude<NetworkId, 'custom'>, string>>;
  connection?: Pick<ConnectionOptions, 'baseDelayMs' | 'maxDelayMs' | 'attemptTimeoutMs' | 'onRequest'>;
  /** Probe timeout for a custom URL before it is accepted. */
  probeTimeoutMs?: number;
}

interface PreparedEntry {
  prepared: PreparedTx;
  call: Call;
  network: NetworkId;
  genesisHash: string;
  previewed: string | null;
  createdAt: number;
}

/** A prepared transaction is signed against its quote's block; after this it must be prepared again. */
const PREPARED_TTL_MS = 10 * 60_000;
/** Delegates (validator list, names) are re-read this often. */
const DELEGATES_EVERY_BLOCKS = 50;
/**
 * Claimable root dividends move once per epoch (hundreds of blocks), and asking for them is a
 * runtime call across every basket: the per-block refresh asks every this many blocks, and at
 * once after the account's own transactions or staking events and before any prepare.
 */
const ROOT_CLAIMS_EVERY_BLOCKS = 5;

let idCounter = 0;
function newId(now: number): string {
  idCounter = (idCounter + 1) % 1_000_000;
  return `${now.toString(36)}-${idCounter.toString(36)}-${Math.floor(Math.random() * 1e9).toString(36)}`;
}

function checkAddress(address: string, what: string): void {
  try {
    decodeAddress(address);
  } catch {
    throw new WalletError('BadRequest', `${what} is not a valid address`);
  }
}

export class ChainService {
  private readonly store: ChainStore;
  private readonly now: () => number;
  private conn: ChainConnection | null = null;
  private network: KnownNetwork;
  private choice: { selected: NetworkId; customUrl: string | null } = { selected: 'devnet', customUrl: null };
  private settingsValue: Settings | null = null;
  private snapshot: Snapshot | null = null;
  private readonly prepared = new Map<string, PreparedEntry>();
  /** Metadata and fixed node answers in storage.local: a restarted worker reconnects without downloading them. */
  private readonly runtimeCache: RuntimeStore;
  private headUnsub: (() => void) | null = null;
  /** No per-head read has run in this worker yet (see refreshAt's `mayCarry`). */
  private firstRead = true;
  /** The block at which the snapshot's root claims were last asked of the runtime (null: ask at the next read). */
  private rootClaimsReadAt: number | null = null;
  /**
   * Finalized heads, followed only while a recovered transaction waits in a block for finality:
   * finality can be announced with no new best block after it (a chain that pauses, or blocks
   * made while the wallet was cut off), and the per-head check alone would then never see it.
   */
  private finalityUnsub: Promise<() => void> | null = null;
  private refreshing: Promise<void> | null = null;
  private pendingHead: Header | null = null;
  private delegates: { at: number; list: DelegateEntry[]; names: Record<string, string> } | null = null;
  private yieldCache: { genesisHash: string; view: YieldView } | null = null;
  private readonly liveWatches = new Map<string, () => void>();
  /** Signed and being handed to the node: the per-block search leaves these alone. */
  private readonly submitting = new Set<string>();
  private initPromise: Promise<void> | null = null;
  private txQueue: Promise<unknown> = Promise.resolve();
  /** Seen-event recordings in flight, read outside txQueue (idle() waits for them and the queue). */
  private readonly seenRecordings = new Set<Promise<void>>();
  /** Figures of the last refresh (bench and logs). */
  lastRefresh: { requests: number; ms: number; subnets: number } | null = null;
  /** Why the last per-block refresh failed, if it did (diagnostics). */
  lastRefreshError: string | null = null;

  constructor(private readonly opts: ChainServiceOptions) {
    this.store = new ChainStore(opts.local);
    this.runtimeCache = new RuntimeStore(opts.local);
    this.now = opts.now ?? Date.now;
    this.network = networkConfig('devnet', null);
  }

  /** Loads the persisted choice and cache and starts connecting. Idempotent. */
  init(): Promise<void> {
    this.initPromise ??= (async () => {
      this.choice = await this.store.network();
      this.settingsValue = await this.store.settings();
      this.network = this.resolveNetwork(this.choice.selected, this.choice.customUrl);
      this.snapshot = await this.store.snapshot(this.choice.selected);
      this.connect();
    })();
    return this.initPromise;
  }

  private resolveNetwork(id: NetworkId, customUrl: string | null): KnownNetwork {
    const base = networkConfig(id, customUrl);
    const override = id !== 'custom' ? this.opts.urls?.[id] : undefined;
    return override ? { ...base, url: override } : base;
  }

  private connect(): void {
    const conn = new ChainConnection(this.network, {
      ...this.opts.connection,
      now: this.now,
      runtimeCache: this.runtimeCache,
      onState: (state) => this.onConnectionState(conn, state),
      onApi: (api) => this.onApi(conn, api),
    });
    this.conn = conn;
    conn.start();
  }

  async close(): Promise<void> {
    this.headUnsub?.();
    this.headUnsub = null;
    this.stopFollowingFinality();
    for (const unsub of this.liveWatches.values()) unsub();
    this.liveWatches.clear();
    await this.conn?.close();
    this.conn = null;
  }

  // ---------------------------------------------------------------- state and events

  connectionState(): ConnectionState {
    return this.conn?.state ?? { network: this.network.id, url: this.network.url, status: 'connecting', attempt: 0, nextRetryAt: null };
  }

  async state(): Promise<{ connection: ConnectionState; snapshot: Snapshot | null }> {
    await this.init();
    return { connection: this.connectionState(), snapshot: this.snapshot };
  }

  private emitState(): void {
    this.opts.events.toExtension('chain.updated', { connection: this.connectionState(), snapshot: this.snapshot });
  }

  private onConnectionState(conn: ChainConnection, state: ConnectionState): void {
    if (conn !== this.conn) return;
    if (state.status !== 'connected') {
      this.headUnsub = null;
      this.stopFollowingFinality();
      void this.txSerial(() => this.markWatchesUnknown());
    }
    this.emitState();
  }

  private onApi(conn: ChainConnection, api: ApiPromise): void {
    if (conn !== this.conn) return;
    void (async () => {
      try {
        const unsub = await subscribeHeads(api, (header) => this.onHead(api, header));
        if (conn !== this.conn) {
          unsub();
          return;
        }
        this.headUnsub = unsub;
      } catch {
        // the connection dropped again; the next onApi resubscribes
      }
    })();
  }

  private onHead(api: ApiPromise, header: Header): void {
    this.pendingHead = header;
    if (this.refreshing) return;
    this.refreshing = (async () => {
      while (this.pendingHead) {
        const head = this.pendingHead;
        this.pendingHead = null;
        try {
          await this.refreshAt(api, head.hash.toHex(), head.number.toNumber(), { mayCarry: true });
        } catch (e) {
          // A failed read keeps the previous snapshot; the next block tries again.
          this.lastRefreshError = e instanceof Error ? e.message : String(e);
        }
        // The wallet's own transactions are followed whether or not the snapshot read succeeded.
        await this.txSerial(() => this.checkWatches(api, head.number.toNumber())).catch((e: unknown) => {
          this.lastRefreshError = e instanceof Error ? e.message : String(e);
        });
      }
      this.refreshing = null;
    })();
  }

  private async activeAddress(): Promise<string | null> {
    const settings = await this.settings();
    if (settings.activeAddress) return settings.activeAddress;
    const accounts = (await this.opts.accounts?.().catch(() => [])) ?? [];
    return accounts[0] ?? null;
  }

  /**
   * `mayCarry`: on the first per-head read of this worker, with this chain's snapshot stored, the
   * validator names, lock availability and root claims are taken from that snapshot so that fresh
   * prices, balance and positions need one round trip (three reads); they are read right after
   * (completeCarried). Later per-head reads carry root claims for ROOT_CLAIMS_EVERY_BLOCKS. A
   * read before preparing a transaction never carries anything.
   */
  private async refreshAt(api: ApiPromise, blockHash: string, blockNumber: number, { mayCarry = false } = {}): Promise<Snapshot> {
    const started = performance.now();
    const address = await this.activeAddress();
    const watched = await this.walletAccounts(address);
    const sameChain = this.snapshot && this.snapshot.genesisHash === api.genesisHash.toHex() && this.snapshot.network === this.network.id;
    const sameAccount = sameChain && this.snapshot!.account?.address === (address ?? undefined);
    const carried = mayCarry && this.firstRead && sameAccount ? this.snapshot! : null;
    this.firstRead = false;
    let requests = 0;
    const delegatesDue = !this.delegates || blockNumber - this.delegates.at >= DELEGATES_EVERY_BLOCKS || blockNumber < this.delegates.at;
    if (delegatesDue && !carried) requests += await this.refreshDelegates(api, blockHash, blockNumber);
    const storedClaims = sameAccount ? this.snapshot!.account!.rootClaims?.claims : undefined;
    const claimsAge = this.rootClaimsReadAt === null ? null : blockNumber - this.rootClaimsReadAt;
    const carryClaims = mayCarry && storedClaims && (carried || (claimsAge !== null && claimsAge >= 0 && claimsAge < ROOT_CLAIMS_EVERY_BLOCKS));
    const result = await readSnapshot(api, blockHash, blockNumber, {
      network: this.network.id,
      address,
      knownNetuids: sameChain ? this.snapshot!.subnets.map((s) => s.netuid) : [],
      ...(sameChain && this.snapshot!.poolModel === 'superellipse' ? { curvePools: new Map(this.snapshot!.subnets.filter((s) => s.curve).map((s) => [s.netuid, BigInt(s.quoteWeight)])) } : {}),
      knownRootHotkeys: sameAccount ? rootHotkeysOf(this.snapshot!) : [],
      hotkeyNames: this.delegates?.names ?? (carried ? namesIn(carried) : {}),
      now: this.now(),
      readEvents: watched.length > 0,
      ...(carried ? { carriedLocks: carried.account?.locks ?? null } : {}),
      ...(carryClaims ? { carriedRootClaims: storedClaims } : {}),
    });
    requests += result.requests;
    const account = result.snapshot.account;
    if (carryClaims && account && rootStakeKey(result.snapshot) !== rootStakeKey(this.snapshot!)) {
      // Root stake that changed (a claim, an exit, btcli) changes what the claims pay: ask now,
      // before this snapshot is shown (one more round trip, on this block only).
      const fresh = await readRootClaimsAt(api, address, blockHash, rootHotkeysOf(result.snapshot), this.delegates?.names ?? {});
      requests += 2;
      if (fresh) account.rootClaims = fresh;
      else delete account.rootClaims;
      this.rootClaimsReadAt = fresh ? blockNumber : null;
    } else if (!carryClaims) {
      this.rootClaimsReadAt = account?.rootClaims ? blockNumber : null;
    }
    this.lastRefresh = { requests, ms: performance.now() - started, subnets: result.snapshot.subnets.length };
    // A network switch while reading: drop the stale result.
    if (api !== this.conn?.api) return result.snapshot;
    this.snapshot = result.snapshot;
    await this.store.setSnapshot(result.snapshot);
    this.emitState();
    if (carried) void this.completeCarried(api, blockHash, blockNumber, address, delegatesDue);
    const eventsHex = result.eventsHex;
    if (eventsHex) {
      const recording = this.recordSeenEvents(api, blockHash, blockNumber, eventsHex, watched).catch(() => undefined);
      this.seenRecordings.add(recording);
      void recording.finally(() => this.seenRecordings.delete(recording));
    }
    return result.snapshot;
  }

  /** Reads the delegates and their names (kept for DELEGATES_EVERY_BLOCKS); returns the requests made. */
  private async refreshDelegates(api: ApiPromise, blockHash: string, blockNumber: number): Promise<number> {
    try {
      const d = await readDelegates(api, blockHash);
      this.delegates = { at: blockNumber, list: d.delegates, names: d.names };
      return d.requests;
    } catch {
      return 0; // names are a nicety; the snapshot goes on without them
    }
  }

  /** The reads a carried first snapshot left out, at its block; the snapshot is patched if it is still the newest. */
  private async completeCarried(api: ApiPromise, blockHash: string, blockNumber: number, address: string | null, delegatesDue: boolean): Promise<void> {
    const rootHotkeys = this.snapshot ? rootHotkeysOf(this.snapshot) : [];
    const [, locks, rootClaims] = await Promise.all([
      delegatesDue ? this.refreshDelegates(api, blockHash, blockNumber) : 0,
      readLocksAt(api, address, blockHash).catch(() => null),
      readRootClaimsAt(api, address, blockHash, rootHotkeys, {}).then((view) => ({ view }), () => null),
    ]);
    const snap = this.snapshot;
    if (api !== this.conn?.api || !snap || snap.blockHash !== blockHash || !snap.account) return;
    const names = this.delegates?.names ?? {};
    const named = <T extends { hotkey: string; hotkeyName?: string }>(x: T): T => (names[x.hotkey] ? { ...x, hotkeyName: names[x.hotkey] } : x);
    const account = { ...snap.account, positions: snap.account.positions.map(named) };
    if (locks) {
      if (locks.locks) account.locks = locks.locks;
      else delete account.locks;
    }
    if (rootClaims) {
      this.rootClaimsReadAt = rootClaims.view ? blockNumber : null;
      if (rootClaims.view) account.rootClaims = { ...rootClaims.view, claims: rootClaims.view.claims.map(named) };
      else delete account.rootClaims;
    }
    this.snapshot = { ...snap, account };
    await this.store.setSnapshot(this.snapshot);
    this.emitState();
  }

  /** Every account of the wallet (and the active address): their staking events go in the history. */
  private async walletAccounts(active: string | null): Promise<string[]> {
    const accounts = (await this.opts.accounts?.().catch(() => [])) ?? [];
    return [...new Set([...accounts, ...(active ? [active] : [])])];
  }

  /** Records the block's staking events of the wallet's accounts that it did not send (see seen-events.ts). */
  private async recordSeenEvents(api: ApiPromise, blockHash: string, blockNumber: number, eventsHex: string, accounts: string[]): Promise<void> {
    // The reads run outside the transaction queue: a read stalled by a dropped connection must
    // never hold up the watches of the wallet's own transactions. Only the writes are queued.
    const records = await readSeenRecords(api, eventsHex, { network: this.network.id, blockHash, blockNumber, accounts, history: await this.store.txs(), now: this.now() });
    if (records.length === 0) return;
    // Two blocks' reads may now overlap, so the write checks the history again.
    await this.txSerial(async () => {
      const known = new Set((await this.store.txs()).map((r) => r.id));
      for (const r of records) if (!known.has(r.id)) await this.saveTx(r);
    });
  }

  /** Reads a fresh snapshot at the current best block now (used before preparing). */
  async refresh(): Promise<Snapshot> {
    const api = await this.getApi();
    const header = await api.rpc.chain.getHeader();
    return this.refreshAt(api, header.hash.toHex(), header.number.toNumber());
  }

  async getApi(): Promise<ApiPromise> {
    await this.init();
    return this.conn!.ready();
  }

  async getSnapshot(): Promise<Snapshot | null> {
    await this.init();
    return this.snapshot;
  }

  /**
   * Local devnet only: sets the account's free balance to 1,000 test TAO (if it has less) so a
   * fresh wallet can stake. Refused on any chain whose node does not offer the devnet's faucet
   * RPC (`dev_setBalance`), which is every public network.
   */
  async devnetFaucet(address: string): Promise<{ free: string }> {
    const api = await this.getApi();
    const setBalance = (api.rpc as unknown as { dev?: { setBalance?: (who: string, free: bigint) => Promise<unknown> } }).dev?.setBalance;
    if (!setBalance) {
      throw new WalletError('Forbidden', 'Test TAO is only available on the local devnet');
    }
    const account = await api.query.system!.account!(address);
    const current = BigInt((account as unknown as { data: { free: { toString(): string } } }).data.free.toString());
    const target = current < DEVNET_FAUCET_AMOUNT ? DEVNET_FAUCET_AMOUNT : current;
    if (target !== current) await setBalance(address, target);
    void this.refresh().catch(() => undefined);
    return { free: target.toString() };
  }

  // ---------------------------------------------------------------- networks and settings

  async networks(): Promise<{ networks: NetworkConfig[]; selected: NetworkId; customUrl: string | null }> {
    await this.init();
    const list = listNetworks(this.choice.customUrl).map((n) => (n.id !== 'custom' && this.opts.urls?.[n.id] ? { ...n, url: this.opts.urls[n.id]! } : n));
    return { networks: list, selected: this.choice.selected, customUrl: this.choice.customUrl };
  }

  /**
   * Switches network. A custom URL is probed first and must be a subtensor chain: a node that
   * is unreachable or another chain is refused with a typed error and nothing changes.
   */
  async selectNetwork(network: NetworkId, url?: string): Promise<ConnectionState> {
    await this.init();
    let customUrl = this.choice.customUrl;
    if (network === 'custom') {
      const normalised = normaliseNodeUrl(url ?? customUrl ?? '');
      if (!normalised) throw new WalletError('BadRequest', 'Enter a ws:// or wss:// node URL');
      const probe = new ChainConnection({ id: 'custom', name: 'Custom node', url: normalised }, { attemptTimeoutMs: this.opts.probeTimeoutMs ?? 10_000, runtimeCache: this.runtimeCache });
      try {
        await probe.ready(this.opts.probeTimeoutMs ?? 10_000);
      } finally {
        await probe.close();
      }
      customUrl = normalised;
    }
    this.choice = { selected: network, customUrl };
    await this.store.setNetwork(this.choice);
    this.headUnsub?.();
    this.headUnsub = null;
    this.stopFollowingFinality();
    const old = this.conn;
    this.conn = null;
    await old?.close();
    this.network = this.resolveNetwork(network, customUrl);
    this.snapshot = await this.store.snapshot(network);
    if (this.snapshot && this.snapshot.network !== network) this.snapshot = null;
    this.delegates = null;
    this.prepared.clear();
    this.connect();
    this.emitState();
    return this.connectionState();
  }

  async settings(): Promise<Settings> {
    this.settingsValue ??= await this.store.settings();
    return this.settingsValue;
  }

  async updateSettings(patch: Partial<Settings>): Promise<Settings> {
    if (patch.activeAddress) checkAddress(patch.activeAddress, 'The active address');
    const next = { ...(await this.settings()), ...Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) } as Settings;
    await this.store.setSettings(next);
    const addressChanged = next.activeAddress !== this.settingsValue?.activeAddress;
    this.settingsValue = next;
    if (addressChanged && this.conn?.api) void this.refresh().catch(() => undefined);
    return next;
  }

  // ---------------------------------------------------------------- validators

  async validators(netuid: number): Promise<ValidatorView[]> {
    const api = await this.getApi();
    const header = await api.rpc.chain.getHeader();
    const n = header.number.toNumber();
    if (!this.delegates || n - this.delegates.at >= 10) {
      const d = await readDelegates(api, header.hash.toHex());
      this.delegates = { at: n, list: d.delegates, names: d.names };
    }
    return validatorsForSubnet(this.delegates.list, this.delegates.names, netuid);
  }

  /** A subnet's identity and TAOAppv1 card at the best block. */
  async subnetCard(netuid: number): Promise<SubnetCardView> {
    const api = await this.getApi();
    const header = await api.rpc.chain.getHeader();
    return readSubnetCard(api, netuid, header.hash.toHex());
  }

  /** Yield estimates at the snapshot's block, re-read when the snapshot is 10 blocks newer (dividends change once per epoch). */
  async yields(): Promise<YieldView> {
    const api = await this.getApi();
    const snapshot = this.snapshot ?? (await this.refresh());
    const cached = this.yieldCache;
    if (cached && cached.genesisHash === snapshot.genesisHash && Math.abs(snapshot.blockNumber - cached.view.blockNumber) < 10) return cached.view;
    const view = await readYields(api, snapshot);
    this.yieldCache = { genesisHash: snapshot.genesisHash, view };
    return view;
  }

  // ---------------------------------------------------------------- prepare

  async prepare(from: string, intent: Intent, previewed?: string): Promise<PreparedTx> {
    checkAddress(from, 'The sending account');
    for (const [k, v] of Object.entries(intent)) if (/hotkey|coldkey|dest$/i.test(k) && typeof v === 'string') checkAddress(v, k);
    if (('amount' in intent && intent.amount === '0')) throw new WalletError('InvalidAmount', 'The amount must be more than zero');
    const api = await this.getApi();
    const snapshot = await this.refresh();
    const unpriceable = intentPricingProblem(intent, snapshot);
    if (unpriceable !== null) throw new WalletError('PoolUnpriceable', unpriceable);
    // Root claims and the root hold, against the snapshot just read: refused before anything is built or signed.
    const rootRefusal = rootIntentRefusal(intent, snapshot);
    if (rootRefusal !== null) throw new WalletError(rootRefusal.code, rootRefusal.message);
    // Conviction locks: the chain's StakeUnavailable, on the whole requested amount, as the forms check it.
    const lockRefusal = lockIntentRefusal(intent, snapshot);
    if (lockRefusal !== null) throw new WalletError(lockRefusal.code, lockRefusal.message);
    const { blockHash, blockNumber } = snapshot;
    let fullStake: bigint | undefined;
    if (intent.kind === 'unstakeFull') fullStake = await this.stakeOf(api, intent.hotkey, from, intent.netuid, blockHash);
    const call = buildIntentCall(api.registry, intent, fullStake === undefined ? {} : { fullStake });
    const decoded = decodeCall(api.registry, call);
    const [networkFee, { simulation, note: simulationNote }] = await Promise.all([
      // Signed later at this block's era with the account's next nonce: estimate exactly that.
      nextNonce(api, from).then((nonce) => estimateFee(api, call, from, blockHash, { blockNumber, eraPeriod: DEFAULT_ERA_PERIOD, nonce })),
      this.simulate(api, snapshot, intent, blockHash, fullStake),
    ]);
    const names = { ...(this.delegates?.names ?? {}) };
    const prepared: PreparedTx = {
      id: newId(this.now()),
      from,
      intent,
      call: { section: decoded.section, method: decoded.method, args: decoded.args, hex: decoded.hex },
      summary: describeCall(decoded, { subnets: snapshot.subnets, names, ...(snapshot.swapRules ? { swapRules: snapshot.swapRules } : {}) }),
      networkFee: networkFee.toString(),
      blockHash,
      blockNumber,
      simulation,
      simulationNote,
    };
    this.prunePrepared();
    this.prepared.set(prepared.id, { prepared, call, network: this.network.id, genesisHash: api.genesisHash.toHex(), previewed: previewed ?? null, createdAt: this.now() });
    return prepared;
  }

  private prunePrepared(): void {
    const cutoff = this.now() - PREPARED_TTL_MS;
    for (const [id, e] of this.prepared) if (e.createdAt < cutoff) this.prepared.delete(id);
  }

  private async stakeOf(api: ApiPromise, hotkey: string, coldkey: string, netuid: number, at: string): Promise<bigint> {
    if (!canCallRuntime(api, 'StakeInfoRuntimeApi', 'get_stake_info_for_hotkey_coldkey_netuid')) return 0n;
    const info = (await callRuntime(api, 'StakeInfoRuntimeApi', 'get_stake_info_for_hotkey_coldkey_netuid', [hotkey, coldkey, netuid], at)) as unknown as { isSome: boolean; unwrap(): never };
    return info.isSome ? BigInt(field(info.unwrap(), 'stake').toString()) : 0n;
  }

  /**
   * sim_swap_* at the quote's block against the local AMM on the same pool. A runtime whose
   * metadata does not offer the simulation (spec 293 has only current_alpha_price), or whose
   * simulation cannot be read, gets a note in words instead: the review still goes ahead on the
   * wallet's own model, which is what the user was shown.
   */
  private async simulate(api: ApiPromise, snapshot: Snapshot, intent: Intent, at: string, fullStake?: bigint): Promise<{ simulation: SimulationView | null; note: string | null }> {
    const none = { simulation: null, note: null };
    let netuid: number;
    let amount: bigint;
    let buy: boolean;
    switch (intent.kind) {
      case 'stake':
        [netuid, amount, buy] = [intent.netuid, BigInt(intent.amount), true];
        break;
      case 'unstake':
        [netuid, amount, buy] = [intent.netuid, BigInt(intent.amount), false];
        break;
      case 'unstakeFull':
        [netuid, amount, buy] = [intent.netuid, fullStake ?? 0n, false];
        break;
      case 'swap':
      case 'move':
      case 'moveLimit':
      case 'transferStake':
        // The origin leg (alpha -> TAO) is what both sides can simulate alike.
        if (intent.originNetuid === intent.destinationNetuid) {
          // Within one subnet there is no swap, except on the V3 generation ('v3' rules), which
          // sells the alpha and buys it back through the pool; its runtime has no sim_swap_* to
          // check that against, and the review must say so rather than "it does not swap".
          return snapshot.swapRules === 'v3' && !canCallRuntime(api, 'SwapRuntimeApi', 'sim_swap_alpha_for_tao') ? { simulation: null, note: NO_SIMULATION } : none;
        }
        [netuid, amount, buy] = [intent.originNetuid, BigInt(intent.amount), false];
        break;
      default:
        return none;
    }
    const subnet = snapshot.subnets.find((s) => s.netuid === netuid);
    if (!subnet) throw new WalletError('SubnetNotExists', `Subnet ${netuid} does not exist on this chain`);
    if (amount === 0n) return none;
    const pool = poolOf(subnet, snapshot);
    const method = buy ? 'sim_swap_tao_for_alpha' : 'sim_swap_alpha_for_tao';
    if (!canCallRuntime(api, 'SwapRuntimeApi', method)) return { simulation: null, note: NO_SIMULATION };
    let sim: Codec;
    try {
      sim = await callRuntime(api, 'SwapRuntimeApi', method, [netuid, amount], at);
    } catch (e) {
      // The node answered the quote's other reads; a failed simulation alone does not stop the review.
      console.warn(`[chain] SwapRuntimeApi.${method} failed: ${e instanceof Error ? e.message.slice(0, 160) : 'unknown error'}`);
      return { simulation: null, note: SIMULATION_UNREADABLE };
    }
    const u = (name: string) => BigInt(field(sim, name).toString());
    const chain: SwapQuote = buy
      ? { amountIn: u('tao_amount'), amountOut: u('alpha_amount'), fee: u('tao_fee') }
      : { amountIn: u('alpha_amount'), amountOut: u('tao_amount'), fee: u('alpha_fee') };
    let local: SwapQuote | null = null;
    let localError: string | undefined;
    try {
      local = buy ? quoteStake(pool, amount) : quoteUnstake(pool, amount);
    } catch (e) {
      if (!(e instanceof AmmError)) throw e;
      localError = e.code;
    }
    const alpha = subnet.symbol || 'α';
    return { simulation: compareSimulation(chain, local, buy ? { in: 'TAO', out: alpha } : { in: alpha, out: 'TAO' }, localError), note: null };
  }

  // ---------------------------------------------------------------- submit and watch

  async listTx(): Promise<TxRecord[]> {
    return this.store.txs();
  }

  private async saveTx(record: TxRecord): Promise<TxRecord> {
    // The account's own transactions and staking events can change what its root claims pay.
    if (record.status === 'inBlock' || record.status === 'finalized') this.rootClaimsReadAt = null;
    const updated = { ...record, updatedAt: this.now() };
    await this.store.putTx(updated);
    this.opts.events.toExtension('tx.updated', updated);
    return updated;
  }

  async submit(id: string): Promise<TxRecord> {
    const entry = this.prepared.get(id);
    if (!entry) throw new WalletError('NotFound', 'This transaction is no longer prepared; review it again');
    if (entry.network !== this.network.id) throw new WalletError('WrongChain', 'The network changed since this transaction was prepared');
    if (!this.opts.signer) throw new WalletError('Locked', 'The wallet cannot sign yet');
    const api = await this.getApi();
    if (api.genesisHash.toHex() !== entry.genesisHash) throw new WalletError('WrongChain', 'The node changed since this transaction was prepared');
    const { prepared } = entry;
    const head = await api.rpc.chain.getHeader();
    if (head.number.toNumber() >= prepared.blockNumber + DEFAULT_ERA_PERIOD - 4) {
      this.prepared.delete(id);
      throw new WalletError('Expired', 'The quote is too old to sign; review the transaction again');
    }
    // Taken out before signing so a double click cannot send it twice; put back only if the
    // signer refused (locked wallet), so the user can unlock and confirm the same review.
    this.prepared.delete(id);
    const created = this.now();
    let record: TxRecord = {
      id, network: entry.network, from: prepared.from, summary: prepared.summary, intent: prepared.intent, hash: null,
      status: 'signing', blockHash: null, blockNumber: null, error: null, previewed: entry.previewed, received: null,
      createdAt: created, updatedAt: created, explorerUrl: null,
    };
    // No event yet: until it is signed there is nothing in the activity list (the caller knows it is signing).
    let signed: SignedTx;
    try {
      signed = await signCall(api, entry.call, prepared.from, this.opts.signer, { blockHash: prepared.blockHash, blockNumber: prepared.blockNumber });
    } catch (e) {
      this.prepared.set(id, entry);
      throw e;
    }
    record = { ...record, hash: signed.hash, status: 'broadcast' };
    // Persist the hash and where to look for it BEFORE sending: recovery never needs to resend.
    const watch: TxWatch = {
      id, network: entry.network, genesisHash: entry.genesisHash, hash: signed.hash, fromBlock: prepared.blockNumber,
      lastValidBlock: signed.lastValidBlock, searchedTo: prepared.blockNumber - 1,
    };
    this.submitting.add(id);
    try {
      await this.store.putWatch(watch);
      record = await this.saveTx(record);
      const unsub = await submitAndWatch(api, signed, (u) => void this.txSerial(() => this.onWatchUpdate(api, id, u)));
      this.liveWatches.set(id, unsub);
    } catch (e) {
      if (e instanceof WalletError && e.code !== 'Disconnected') {
        // Rejected before inclusion (1010...): nothing was sent.
        await this.store.removeWatch(id);
        return this.saveTx({ ...record, status: 'failed', error: { code: e.code, message: e.message } });
      }
      // The request may or may not have reached the node: find out by hash, never resend.
      return this.saveTx({ ...record, status: 'unknown', error: { code: 'Unknown', message: unknownText(watch) } });
    } finally {
      this.submitting.delete(id);
    }
    return (await this.store.txs()).find((r) => r.id === id) ?? record;
  }

  /**
   * Every change to a transaction's record runs in this one queue: the watch subscription, the
   * per-block search and the disconnect handler would otherwise overwrite each other's updates
   * (an in-block update landing after the finalized one).
   */
  private txSerial(fn: () => Promise<void>): Promise<void> {
    const run = this.txQueue.then(fn, fn);
    this.txQueue = run.catch(() => undefined);
    return run;
  }

  /** Resolves once every queued history update (watches, staking events seen on chain) has run. */
  async idle(): Promise<void> {
    await Promise.all([...this.seenRecordings]);
    await this.txQueue;
  }

  private async record(id: string): Promise<TxRecord | undefined> {
    return (await this.store.txs()).find((r) => r.id === id);
  }

  private async onWatchUpdate(api: ApiPromise, id: string, update: WatchUpdate): Promise<void> {
    const record = await this.record(id);
    if (!record || record.status === 'finalized' || record.status === 'dropped' || (record.status === 'failed' && update.kind !== 'finalized')) return;
    switch (update.kind) {
      case 'broadcast':
        if (record.status === 'broadcast' || record.status === 'unknown') await this.saveTx({ ...record, status: 'broadcast', error: null });
        return;
      case 'inBlock':
      case 'finalized': {
        const outcome = record.blockHash === update.blockHash && record.status !== 'unknown' ? null : await outcomeInBlock(api, update.blockHash, record.hash!).catch(() => null);
        let next = record;
        if (outcome) next = await this.settled(api, this.withOutcome(record, outcome), outcome);
        if (update.kind === 'finalized') {
          next = { ...next, status: next.status === 'failed' ? 'failed' : 'finalized' };
          this.stopWatch(id);
          await this.store.removeWatch(id);
        }
        await this.saveTx(next);
        return;
      }
      case 'dropped':
        this.stopWatch(id);
        // Dropped from the pool is not proof it can never land: keep searching by hash until the era ends.
        await this.saveTx({ ...record, status: 'unknown', error: { code: 'Unknown', message: `${update.reason}. The wallet keeps looking for it in new blocks until it expires; it will not send it again.` } });
        return;
      case 'invalid':
        this.stopWatch(id);
        await this.store.removeWatch(id);
        await this.saveTx({ ...record, status: 'failed', error: { code: update.error.code, message: update.error.message } });
        return;
    }
  }

  private withOutcome(record: TxRecord, outcome: Outcome): TxRecord {
    const received = outcome.success ? receivedAmount(record.intent, outcome.events) : null;
    const executed = outcome.success ? executedInput(record.intent, outcome.events) : null;
    const status: TxStatus = outcome.success ? 'inBlock' : 'failed';
    return {
      ...record,
      status,
      blockHash: outcome.blockHash,
      blockNumber: outcome.blockNumber,
      error: outcome.error ? { code: outcome.error.code, message: outcome.error.message } : null,
      received: received === null ? null : received.toString(),
      executed: executed === null ? null : executed.toString(),
      explorerUrl: explorerUrl(record.network, { blockNumber: outcome.blockNumber, index: outcome.index, blockHash: outcome.blockHash }),
    };
  }

  /** The record with what the chain did (events, prices, reconciliation); unchanged if that cannot be read now. */
  private async settled(api: ApiPromise, record: TxRecord, outcome: Outcome): Promise<TxRecord> {
    const symbolOf = (netuid: number) => this.snapshot?.subnets.find((s) => s.netuid === netuid)?.symbol ?? 'α';
    try {
      return { ...record, settlement: await readSettlement(api, record, outcome, symbolOf) };
    } catch {
      return record;
    }
  }

  private stopWatch(id: string): void {
    const unsub = this.liveWatches.get(id);
    this.liveWatches.delete(id);
    try {
      unsub?.();
    } catch {
      // the subscription died with its connection
    }
  }

  /** The connection dropped: every transaction still being watched is now of unknown fate. */
  private async markWatchesUnknown(): Promise<void> {
    for (const id of [...this.liveWatches.keys()]) this.liveWatches.delete(id);
    for (const w of await this.store.watches()) {
      if (w.network !== this.network.id) continue;
      const record = await this.record(w.id);
      if (record && (record.status === 'broadcast' || record.status === 'signing')) {
        await this.saveTx({ ...record, status: 'unknown', error: { code: 'Unknown', message: unknownText(w) } });
      }
    }
  }

  /**
   * On each new head: transactions whose subscription was lost are looked for by hash in the
   * blocks since they were sent; found -> its outcome; past its era -> expired, nothing spent.
   */
  private async checkWatches(api: ApiPromise, headNumber: number): Promise<void> {
    const genesis = api.genesisHash.toHex();
    let awaitingFinality = false;
    for (const w of await this.store.watches()) {
      if (w.genesisHash !== genesis || this.liveWatches.has(w.id) || this.submitting.has(w.id)) continue;
      const record = await this.record(w.id);
      if (!record) {
        await this.store.removeWatch(w.id);
        continue;
      }
      if (record.status === 'inBlock' && record.blockNumber !== null) {
        const finalized = await api.rpc.chain.getHeader(await api.rpc.chain.getFinalizedHead());
        if (!(await this.finalizeIfFinal(w, record, finalized.number.toNumber()))) awaitingFinality = true;
        continue;
      }
      const to = Math.min(headNumber, w.lastValidBlock);
      const found = w.searchedTo < to ? await findExtrinsic(api, w.hash, w.searchedTo + 1, to) : null;
      if (found) {
        const next = await this.settled(api, this.withOutcome(record, found), found);
        await this.saveTx(next);
        await this.store.putWatch({ ...w, searchedTo: found.blockNumber });
        if (next.status === 'failed') await this.store.removeWatch(w.id);
        else if (next.status === 'inBlock') awaitingFinality = true;
        continue;
      }
      if (headNumber > w.lastValidBlock) {
        await this.store.removeWatch(w.id);
        await this.saveTx({
          ...record, status: 'dropped',
          error: { code: 'Expired', message: 'It was never included in a block and has now expired, so it can no longer execute. Nothing was spent; prepare it again if you still want it.' },
        });
        continue;
      }
      await this.store.putWatch({ ...w, searchedTo: to });
      if (record.status !== 'unknown') await this.saveTx({ ...record, status: 'unknown', error: { code: 'Unknown', message: unknownText(w) } });
    }
    if (awaitingFinality) this.followFinality(api);
    else this.stopFollowingFinality();
  }

  /** A recovered in-block record becomes finalized once the finalized head reaches its block. */
  private async finalizeIfFinal(w: TxWatch, record: TxRecord, finalizedNumber: number): Promise<boolean> {
    if (record.blockNumber === null || finalizedNumber < record.blockNumber) return false;
    await this.store.removeWatch(w.id);
    await this.saveTx({ ...record, status: 'finalized' });
    return true;
  }

  private followFinality(api: ApiPromise): void {
    if (this.finalityUnsub) return;
    const conn = this.conn;
    const subscription = subscribeHeads(api, (header) => {
      if (conn !== this.conn) return;
      void this.txSerial(async () => {
        const genesis = api.genesisHash.toHex();
        let waiting = false;
        for (const w of await this.store.watches()) {
          if (w.genesisHash !== genesis || this.liveWatches.has(w.id) || this.submitting.has(w.id)) continue;
          const record = await this.record(w.id);
          if (record?.status === 'inBlock' && !(await this.finalizeIfFinal(w, record, header.number.toNumber()))) waiting = true;
        }
        if (!waiting) this.stopFollowingFinality();
      }).catch((e: unknown) => {
        this.lastRefreshError = e instanceof Error ? e.message : String(e);
      });
    }, 'finalized');
    this.finalityUnsub = subscription;
    // A failed subscription (connection dropped) is retried by the next head's check.
    subscription.catch(() => {
      if (this.finalityUnsub === subscription) this.finalityUnsub = null;
    });
  }

  private stopFollowingFinality(): void {
    const subscription = this.finalityUnsub;
    this.finalityUnsub = null;
    subscription?.then((unsub) => unsub(), () => undefined);
  }
}

const HEAD_STREAMS = {
  best: ['chain_newHead', 'chain_subscribeNewHeads', 'chain_unsubscribeNewHeads'],
  finalized: ['chain_finalizedHead', 'chain_subscribeFinalizedHeads', 'chain_unsubscribeFinalizedHeads'],
} as const;

/**
 * Head subscriptions directly on the provider: polkadot.js's rpc.chain.subscribeNewHeads sends
 * the legacy alias chain_subscribeNewHead, which not every node (the devnet) serves.
 */
async function subscribeHeads(api: ApiPromise, onHeader: (header: Header) => void, stream: keyof typeof HEAD_STREAMS = 'best'): Promise<() => void> {
  const [type, subscribe, unsubscribe] = HEAD_STREAMS[stream];
  const provider = providerOf(api);
  const id = await provider.subscribe(type, subscribe, [], (error: Error | null, result: unknown) => {
    if (error || !result) return;
    onHeader(api.registry.createType('Header', result));
  });
  return () => void provider.unsubscribe(type, unsubscribe, id).catch(() => undefined);
}

const rootPositions = (snapshot: Snapshot) => (snapshot.account?.positions ?? []).filter((p) => p.netuid === 0);
const rootHotkeysOf = (snapshot: Snapshot): string[] => rootPositions(snapshot).map((p) => p.hotkey);

/** The account's root positions, as one comparable string. */
function rootStakeKey(snapshot: Snapshot): string {
  return rootPositions(snapshot).map((p) => `${p.hotkey}:${p.alpha}`).sort().join(',');
}

/** Validator names as a stored snapshot shows them on its positions. */
function namesIn(snapshot: Snapshot): Record<string, string> {
  const names: Record<string, string> = {};
  for (const p of snapshot.account?.positions ?? []) if (p.hotkeyName) names[p.hotkey] = p.hotkeyName;
  return names;
}

function unknownText(w: TxWatch): string {
  return `The connection to the node was lost after sending, so the wallet does not know yet whether it was included. It is looking for it by hash in new blocks (it can only be included until block #${w.lastValidBlock}) and will not send it again.`;
}
