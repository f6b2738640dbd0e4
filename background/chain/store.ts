/**
 * What the chain client persists in storage.local: the network choice, settings, the last
 * snapshot per network (so the popup shows data at once), and the activity list with what is
 * needed to recover a transaction's fate after a restart or a dropped connection.
 */
import type { NetworkId, Settings, Snapshot, TxRecord } from '../../src/protocol/chain.ts';
import { DEFAULT_NETWORK } from '../../src/chain/networks.ts';
import type { KeyValueStore } from '../platform/storage.ts';

const NETWORK_KEY = 'chain.network';
const SETTINGS_KEY = 'chain.settings';
const SNAPSHOT_KEY = 'chain.snapshot';
const TXS_KEY = 'chain.txs';
const WATCH_KEY = 'chain.txWatch';

/** Most recent records kept in the activity list. */
export const MAX_TX_RECORDS = 200;

export const DEFAULT_SETTINGS: Settings = { tolerancePpm: 5000, allowPartial: false, activeAddress: null };

export interface NetworkChoice {
  selected: NetworkId;
  customUrl: string | null;
}

/** Where to look for a submitted extrinsic: blocks from `fromBlock` until its era ends. */
export interface TxWatch {
  id: string;
  network: NetworkId;
  genesisHash: string;
  hash: string;
  fromBlock: number;
  /** Last block in which the mortal extrinsic can still be included. */
  lastValidBlock: number;
  /** Highest block already searched. */
  searchedTo: number;
}

export class ChainStore {
  /** Read-modify-write of the lists is serialised: watch callbacks and new heads overlap. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly kv: KeyValueStore) {}

  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn, fn);
    this.queue = run.catch(() => undefined);
    return run;
  }

  async network(): Promise<NetworkChoice> {
    return (await this.kv.get<NetworkChoice>(NETWORK_KEY)) ?? { selected: DEFAULT_NETWORK, customUrl: null };
  }

  async setNetwork(choice: NetworkChoice): Promise<void> {
    await this.kv.set({ [NETWORK_KEY]: choice });
  }

  async settings(): Promise<Settings> {
    return { ...DEFAULT_SETTINGS, ...((await this.kv.get<Partial<Settings>>(SETTINGS_KEY)) ?? {}) };
  }

  async setSettings(settings: Settings): Promise<void> {
    await this.kv.set({ [SETTINGS_KEY]: settings });
  }

  /** The cached snapshot of `network` (only the last network's is kept). */
  async snapshot(network: NetworkId): Promise<Snapshot | null> {
    const s = await this.kv.get<Snapshot>(SNAPSHOT_KEY);
    return s && s.network === network ? s : null;
  }

  async setSnapshot(snapshot: Snapshot): Promise<void> {
    await this.kv.set({ [SNAPSHOT_KEY]: snapshot });
  }

  async txs(): Promise<TxRecord[]> {
    return (await this.kv.get<TxRecord[]>(TXS_KEY)) ?? [];
  }

  /** Inserts or replaces a record (newest first), keeping the list bounded. */
  putTx(record: TxRecord): Promise<void> {
    return this.serial(async () => {
      const list = (await this.txs()).filter((r) => r.id !== record.id);
      list.unshift(record);
      list.sort((a, b) => b.createdAt - a.createdAt);
      await this.kv.set({ [TXS_KEY]: list.slice(0, MAX_TX_RECORDS) });
    });
  }

  async watches(): Promise<TxWatch[]> {
    return (await this.kv.get<TxWatch[]>(WATCH_KEY)) ?? [];
  }

  putWatch(watch: TxWatch): Promise<void> {
    return this.serial(async () => {
      const list = (await this.watches()).filter((w) => w.id !== watch.id);
      list.push(watch);
      await this.kv.set({ [WATCH_KEY]: list });
    });
  }

  removeWatch(id: string): Promise<void> {
    return this.serial(async () => {
      await this.kv.set({ [WATCH_KEY]: (await this.watches()).filter((w) => w.id !== id) });
    });
  }
}
