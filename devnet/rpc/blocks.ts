/**
 * The devnet chain: a single fork of blocks with real Substrate headers (hash = blake2_256 of the
 * SCALE header), a transaction pool, block production, and one state snapshot per block so reads
 * "at" a block hash see that block's state. Blocks are final as soon as they are made.
 *
 * Simplified: stateRoot is blake2_256 of the sorted storage pairs and extrinsicsRoot blake2_256
 * of the encoded extrinsic list (deterministic stand-ins for the trie roots); the digest is empty.
 */
import { EventEmitter } from 'node:events';
import type { Header } from '@polkadot/types/interfaces';
import { compactToU8a, hexToU8a, u8aConcat, u8aToHex } from '@polkadot/util';
import { blake2AsU8a } from '@polkadot/util-crypto';
import type { AccountId, ChainState, DecodedCall, DispatchOutcome, RuntimeEvent } from '../state/types.ts';
import { cloneState } from '../state/clone.ts';
import { callWeight, chargeTransactionFee, EXTRINSIC_BASE_WEIGHT } from '../state/fees.ts';
import { encodeRecords, type DispatchInfoValue, type Phase } from './events.ts';
import type { CheckedExtrinsic, ValidationContext } from './extrinsic.ts';
import { runtimeOf, type Runtime } from './runtime.ts';
import type { StorageView, Hex } from './storage.ts';

/** The staking rules the chain runs (devnet/state/). */
export interface Rules {
  dispatch(state: ChainState, origin: AccountId, call: DecodedCall): DispatchOutcome;
}

export type TxStatus = 'ready' | 'future' | { inBlock: Hex } | { finalized: Hex } | 'dropped' | 'invalid';

export interface PoolEntry extends CheckedExtrinsic {
  watchers: Set<(status: TxStatus) => void>;
}

export interface BlockRecord {
  number: number;
  hash: Hex;
  parentHash: Hex;
  header: Header;
  extrinsics: Hex[];
  /** The state after this block. Read-only: clone before changing. */
  state: ChainState;
  /** The runtime this block's state runs (its metadata, storage layout and runtime APIs). */
  runtime: Runtime;
  events: Uint8Array;
  eventCount: number;
  timestamp: bigint;
  storage(): StorageView;
}

/** A change made by a test control at the start of the next block (Initialization phase). */
export type BlockHook = (state: ChainState) => RuntimeEvent[] | void;

const ZERO_HASH = `0x${'00'.repeat(32)}` as Hex;
const MANDATORY_INFO: DispatchInfoValue = { weight: { refTime: 0n, proofSize: 0n }, class: 'Mandatory', paysFee: 'Yes' };

export interface ChainOptions {
  /** Blocks whose state is kept for queries at their hash (genesis is always kept). */
  capacity?: number;
  /**
   * Delay between a block's `inBlock` and its finalization. Every block is final, but
   * @polkadot/api drops an `inBlock` status whose events it is still fetching when `finalized`
   * arrives, so finality is announced a moment later, as on a real chain.
   */
  finalityDelayMs?: number;
}

export class Chain extends EventEmitter {
  readonly genesisHash: Hex;
  private readonly byHash = new Map<Hex, BlockRecord>();
  private readonly hashByNumber = new Map<number, Hex>();
  private readonly genesis: BlockRecord;
  private headRecord: BlockRecord;
  private finalizedRecord: BlockRecord;
  private readonly finalityDelayMs: number;
  private readonly finalityTimers = new Set<NodeJS.Timeout>();
  private readonly capacity: number;
  pool: PoolEntry[] = [];

  constructor(private readonly rules: Rules, genesisState: ChainState, opts: ChainOptions = {}) {
    super();
    this.setMaxListeners(0);
    this.capacity = opts.capacity ?? 512;
    const state = cloneState(genesisState);
    state.blockNumber = 0;
    this.genesis = this.seal(ZERO_HASH, 0, [], state, [], 0n);
    this.genesisHash = this.genesis.hash;
    this.headRecord = this.genesis;
    this.finalizedRecord = this.genesis;
    this.finalityDelayMs = opts.finalityDelayMs ?? 300;
  }

  get head(): BlockRecord {
    return this.headRecord;
  }

  /** The runtime of the best block: what new transactions are decoded and checked with. */
  get runtime(): Runtime {
    return this.headRecord.runtime;
  }

  get finalized(): BlockRecord {
    return this.finalizedRecord;
  }

  getBlock(hash: string): BlockRecord | undefined {
    return this.byHash.get(hash.toLowerCase() as Hex);
  }

  hashAt(n: number): Hex | undefined {
    return this.hashByNumber.get(n);
  }

  /** The context a new transaction is validated in: the best block plus the pool. */
  validationContext(): ValidationContext {
    const head = this.headRecord;
    return {
      genesisHash: this.genesisHash,
      bestNumber: head.number,
      blockHashAt: (n) => this.hashByNumber.get(n),
      state: head.state,
      pending: (signer) => this.pool.filter((p) => p.signer === signer).map((p) => ({ nonce: p.nonce, hash: p.hash })),
    };
  }

  /** The next nonce of an account counting its pooled transactions (system_accountNextIndex). */
  nextIndex(account: AccountId): number {
    const base = this.headRecord.state.accounts.get(account)?.nonce ?? 0;
    const pending = this.pool.filter((p) => p.signer === account).map((p) => p.nonce);
    let next = base;
    while (pending.includes(next)) next++;
    return next;
  }

  addToPool(tx: CheckedExtrinsic, watcher?: (status: TxStatus) => void): PoolEntry {
    const entry: PoolEntry = { ...tx, watchers: new Set(watcher ? [watcher] : []) };
    this.pool.push(entry);
    this.emit('pool', entry);
    return entry;
  }

  /** Builds, seals and finalizes one block on top of the head, including the pool. */
  produceBlock(hooks: BlockHook[] = []): BlockRecord {
    const parent = this.headRecord;
    const number = parent.number + 1;
    const working = cloneState(parent.state);
    working.blockNumber = number;
    // Events are encoded once the block is built, with the runtime its state ends on (a
    // runtime upgrade in a control hook takes effect for the block that runs it).
    const pending: [Phase, RuntimeEvent][] = [];
    const record = (phase: Phase, event: RuntimeEvent): void => {
      pending.push([phase, event]);
    };

    for (const hook of hooks) {
      for (const event of hook(working) ?? []) record('initialization', event);
    }
    const runtime = runtimeOf(working.runtime);
    const meta = runtime.meta;

    const timestamp = BigInt(Math.max(Date.now(), Number(parent.timestamp) + 1));
    const extrinsics: Hex[] = [meta.registry.createType('Extrinsic', { method: meta.decorated.tx['timestamp']!['set']!(timestamp) }).toHex()];
    record({ applyExtrinsic: 0 }, { section: 'System', method: 'ExtrinsicSuccess', data: [MANDATORY_INFO] });

    const included: PoolEntry[] = [];
    const dropped: PoolEntry[] = [];
    const remaining: PoolEntry[] = [];
    for (const tx of this.pool) {
      const account = working.accounts.get(tx.signer);
      const nonce = account?.nonce ?? 0;
      if (tx.nonce < nonce) {
        dropped.push(tx);
        continue;
      }
      if (tx.nonce > nonce) {
        remaining.push(tx);
        continue;
      }
      const phase: Phase = { applyExtrinsic: extrinsics.length };
      const charge = chargeTransactionFee(working, tx.signer, tx.fee, tx.tip);
      if (!charge.ok) {
        dropped.push(tx);
        continue;
      }
      // FRAME increments the nonce in CheckNonce's pre_dispatch: it sticks even if the call fails.
      working.accounts.get(tx.signer)!.nonce = nonce + 1;
      extrinsics.push(tx.hex);
      included.push(tx);
      for (const e of charge.withdrawEvents) record(phase, e);
      let outcome: DispatchOutcome;
      try {
        outcome = this.rules.dispatch(working, tx.signer, tx.call);
      } catch (e) {
        // The rules threw (e.g. an argument shape they do not accept): a devnet bug, not a chain
        // outcome. The extrinsic fails with DispatchError::Other so the block still gets made.
        console.error('[devnet] dispatch threw:', e);
        outcome = { ok: false, error: { section: 'System', name: 'Other' }, events: [] };
      }
      for (const e of outcome.events) record(phase, e);
      for (const e of charge.settleEvents) record(phase, e);
      const w = callWeight(tx.call);
      const info: DispatchInfoValue = {
        weight: { refTime: w.refTime + EXTRINSIC_BASE_WEIGHT.refTime, proofSize: w.proofSize + EXTRINSIC_BASE_WEIGHT.proofSize },
        class: 'Normal',
        paysFee: 'Yes',
      };
      if (outcome.ok) record(phase, { section: 'System', method: 'ExtrinsicSuccess', data: [info] });
      else record(phase, { section: 'System', method: 'ExtrinsicFailed', data: [runtime.events.dispatchError(outcome.error), info] });
    }
    this.pool = remaining;

    const records: Uint8Array[] = [];
    for (const [phase, event] of pending) {
      try {
        records.push(runtime.events.encodeRecord(phase, event));
      } catch (e) {
        // An event the metadata cannot express is a devnet bug; the block still gets made.
        console.error('[devnet] dropped an event:', (e as Error).message);
      }
    }
    const block = this.seal(parent.hash, number, extrinsics, working, records, timestamp);
    for (const tx of dropped) notify(tx, 'invalid');
    this.emit('block', block);
    // A runtime upgrade: runtime-version subscribers are told (state_subscribeRuntimeVersion).
    if (block.runtime !== parent.runtime) this.emit('runtime', block);
    for (const tx of included) notify(tx, { inBlock: block.hash });
    const finalize = (): void => {
      if (block.number > this.finalizedRecord.number) {
        this.finalizedRecord = block;
        this.emit('finalized', block);
      }
      for (const tx of included) notify(tx, { finalized: block.hash });
    };
    if (this.finalityDelayMs <= 0) finalize();
    else {
      const timer = setTimeout(() => {
        this.finalityTimers.delete(timer);
        finalize();
      }, this.finalityDelayMs);
      this.finalityTimers.add(timer);
    }
    return block;
  }

  private seal(parentHash: Hex, number: number, extrinsics: Hex[], state: ChainState, records: Uint8Array[], timestamp: bigint): BlockRecord {
    const events = encodeRecords(records);
    const extrinsicsRoot = u8aToHex(blake2AsU8a(u8aConcat(compactToU8a(extrinsics.length), ...extrinsics.map(hexToU8a)), 256));
    const digest = { logs: [] };
    const recentHashes: [number, Hex][] = [];
    if (number > 0) {
      recentHashes.push([0, this.genesisHash]);
      for (let n = Math.max(1, number - 256); n < number; n++) {
        const h = this.hashByNumber.get(n);
        if (h) recentHashes.push([n, h]);
      }
      // System.BlockHash(parent) is written when the block starts.
      recentHashes.push([number - 1, parentHash]);
    }
    const runtime = runtimeOf(state.runtime);
    const { registry } = runtime.meta;
    let view: StorageView | undefined;
    const storage = (): StorageView => {
      view ??= runtime.storage.encodeBlock(state, {
        number, parentHash, timestamp, events, eventCount: records.length, blockHashes: recentHashes,
        digest: registry.createType('Digest', digest).toU8a(),
      });
      return view;
    };
    const stateRoot = storage().root();
    const header = registry.createType('Header', { parentHash, number, stateRoot, extrinsicsRoot, digest }) as unknown as Header;
    const hash = header.hash.toHex() as Hex;
    const block: BlockRecord = { number, hash, parentHash, header, extrinsics, state, runtime, events, eventCount: records.length, timestamp, storage };
    this.byHash.set(hash, block);
    this.hashByNumber.set(number, hash);
    this.headRecord = block;
    this.prune();
    return block;
  }

  private prune(): void {
    const oldest = this.headRecord.number - this.capacity;
    if (oldest <= 0) return;
    const hash = this.hashByNumber.get(oldest);
    if (!hash) return;
    this.byHash.delete(hash);
    this.hashByNumber.delete(oldest);
  }

  /** Stops pending finality timers (node shutdown). */
  stop(): void {
    for (const timer of this.finalityTimers) clearTimeout(timer);
    this.finalityTimers.clear();
  }

  /** Drops pooled transactions (e.g. when a test resets the pool). */
  dropPool(): void {
    const pool = this.pool;
    this.pool = [];
    for (const tx of pool) notify(tx, 'dropped');
  }

  isGenesis(hash: string): boolean {
    return hash.toLowerCase() === this.genesisHash;
  }
}

function notify(tx: PoolEntry, status: TxStatus): void {
  for (const w of tx.watchers) {
    try {
      w(status);
    } catch {
      // A watcher belongs to a connection that may be gone; the chain must not care.
    }
  }
}
