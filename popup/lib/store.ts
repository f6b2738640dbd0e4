/**
 * The popup's copy of background state. Requests start when this module loads (before React
 * renders), so the cached snapshot is usually on screen in the first frames; events keep it live.
 * Holds no secret: vault status, chain snapshot, settings and transaction records only.
 */
import { WalletError } from '../../src/protocol/errors.ts';
import type { ConnectionState, PreparedTx, Settings, Snapshot, TxRecord } from '../../src/protocol/chain.ts';
import type { SystemStatus } from '../../src/protocol/system.ts';
import type { VaultStatus } from '../../src/protocol/vault.ts';
import { onEvent, send } from './messaging.ts';

type Listener = () => void;

/** A value that changes over time, readable with useSyncExternalStore. */
export class Live<T> {
  private value: T | undefined;
  private failure: WalletError | undefined;
  private readonly listeners = new Set<Listener>();

  get = (): T | undefined => this.value;
  error = (): WalletError | undefined => this.failure;

  set = (value: T): void => {
    this.value = value;
    this.failure = undefined;
    this.emit();
  };

  fail = (error: unknown): void => {
    this.failure = error instanceof WalletError ? error : new WalletError('Internal', error instanceof Error ? error.message : String(error));
    this.emit();
  };

  subscribe = (listener: Listener): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  private emit(): void {
    for (const listener of this.listeners) listener();
  }
}

export interface ChainState {
  connection: ConnectionState;
  snapshot: Snapshot | null;
}

export const systemStatus = new Live<SystemStatus>();
export const vaultStatus = new Live<VaultStatus>();
export const chainState = new Live<ChainState>();
export const settings = new Live<Settings>();
/** Transaction records by id, from tx.list and tx.updated. */
export const transactions = new Live<ReadonlyMap<string, TxRecord>>();

/** What the review screen needs about a prepared transaction beyond PreparedTx itself. */
export interface PreparedEntry {
  prepared: PreparedTx;
  /** What our preview promised, in the received token, and that token's symbol. */
  previewed: bigint;
  receivedSymbol: string;
  /** Lines the form computed (fee, slippage...) to show again on review. */
  lines: { label: string; value: string }[];
  /** Where "back" goes. */
  backHref: string;
  networkFee?: bigint;
}
const prepared = new Map<string, PreparedEntry>();
export const preparedTxs = {
  get: (id: string) => prepared.get(id),
  put: (entry: PreparedEntry) => prepared.set(entry.prepared.id, entry),
};

function mergeTx(record: TxRecord): void {
  const next = new Map(transactions.get() ?? []);
  next.set(record.id, record);
  transactions.set(next);
}

export function loadTransactions(): Promise<void> {
  return send('pri(tx.list)', {}).then((list) => {
    const next = new Map(transactions.get() ?? []);
    for (const record of list) if (!next.has(record.id) || next.get(record.id)!.updatedAt <= record.updatedAt) next.set(record.id, record);
    transactions.set(next);
  }, transactions.fail);
}

export function refreshChain(): Promise<void> {
  return send('pri(chain.state)', {}).then((state) => {
    performance.mark('taostake:chain-state');
    chainState.set(state);
  }, chainState.fail);
}

export function refreshSettings(): Promise<void> {
  return send('pri(settings.get)', {}).then(settings.set, settings.fail);
}

export function refreshVault(): Promise<void> {
  return send('pri(vault.status)', {}).then((status) => {
    performance.mark('taostake:vault-status');
    vaultStatus.set(status);
  }, vaultStatus.fail);
}

/**
 * A mirror of the last vault status, chain state and settings in the popup's own localStorage
 * (extension origin: no web page can read it). None of it is secret: addresses, names, public
 * chain data. It puts the last portfolio on screen before the background has answered (which
 * takes a round trip when warm, and the worker's start when cold); the background's answer then
 * replaces it.
 */
const CACHE_KEY = 'taostake:popup-cache:v1';

interface PopupCache {
  vault?: VaultStatus;
  chain?: ChainState;
  settings?: Settings;
}

function readCache(): PopupCache {
  try {
    const text = localStorage.getItem(CACHE_KEY);
    return text ? (JSON.parse(text) as PopupCache) : {};
  } catch {
    return {};
  }
}

let cacheTimer: ReturnType<typeof setTimeout> | undefined;
function writeCacheSoon(): void {
  if (cacheTimer !== undefined) return;
  cacheTimer = setTimeout(() => {
    cacheTimer = undefined;
    const cache: PopupCache = {};
    const vault = vaultStatus.get();
    const chain = chainState.get();
    const current = settings.get();
    if (vault) cache.vault = vault;
    if (chain) cache.chain = chain;
    if (current) cache.settings = current;
    try {
      localStorage.setItem(CACHE_KEY, JSON.stringify(cache));
    } catch {
      // Storage full or unavailable: the popup just waits for the background next time.
    }
  }, 50);
}

/** A mirrored vault status as it must be shown now: a lock deadline that has passed counts as locked. */
export function cachedVault(status: VaultStatus, now: number): VaultStatus {
  const expired = status.unlocked && status.lockAt !== null && status.lockAt <= now;
  return expired ? { ...status, unlocked: false, lockAt: null } : status;
}

/** Fills the stores from the mirror. */
function applyCache(cache: PopupCache, now: number): void {
  if (cache.vault) vaultStatus.set(cachedVault(cache.vault, now));
  if (cache.chain) chainState.set(cache.chain);
  if (cache.settings) settings.set(cache.settings);
}

let booted = false;

/** Starts every request the first screen needs and subscribes to background events. */
export function boot(): void {
  if (booted) return;
  booted = true;
  performance.mark('taostake:boot');
  applyCache(readCache(), Date.now());
  for (const live of [vaultStatus, chainState, settings] as Live<unknown>[]) live.subscribe(writeCacheSoon);
  onEvent('vault.changed', vaultStatus.set);
  onEvent('chain.updated', chainState.set);
  onEvent('tx.updated', mergeTx);
  void refreshVault();
  void refreshChain();
  void refreshSettings();
  send('pri(system.status)', {}).then(systemStatus.set, systemStatus.fail);
}

/** Applies a vault status a call returned (the event may arrive later or not at all). */
export function applyVault(status: VaultStatus): VaultStatus {
  vaultStatus.set(status);
  return status;
}

export function applySettings(next: Settings): Settings {
  settings.set(next);
  return next;
}

export { mergeTx as applyTx };
