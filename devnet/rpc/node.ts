/**
 * The devnet node: the chain, its block production schedule (auto / manual / instant), the
 * transaction pool entry point and the runtime-API answerer, shared by every RPC connection.
 */
import { decodeAddress } from '@polkadot/util-crypto';
import { u8aToHex } from '@polkadot/util';
import type { DevnetMetadata } from '../metadata/load.ts';
import type { AccountId, ChainState } from '../state/types.ts';
import { Chain, type BlockHook, type BlockRecord, type PoolEntry, type Rules, type TxStatus } from './blocks.ts';
import { RpcError, STATE_UNKNOWN_BLOCK, invalidParams } from './errors.ts';
import { decodeExtrinsic, verifyExtrinsic } from './extrinsic.ts';

/** auto: a block every `blockTimeMs`; manual: only on request; instant: one per submitted extrinsic. */
export type BlockMode = 'auto' | 'manual' | 'instant';

export interface NodeOptions {
  blockTimeMs: number;
  mode: BlockMode;
  capacity?: number;
  finalityDelayMs?: number;
}

export class DevnetNode {
  readonly chain: Chain;
  private timer: NodeJS.Timeout | undefined;
  private instantScheduled = false;
  private modeValue: BlockMode;
  private closed = false;

  constructor(readonly rules: Rules, genesis: ChainState, readonly options: NodeOptions) {
    this.chain = new Chain(rules, genesis, { capacity: options.capacity, finalityDelayMs: options.finalityDelayMs });
    this.modeValue = options.mode;
    this.schedule();
  }

  /** The best block's metadata: what a new transaction is decoded and checked with. */
  get meta(): DevnetMetadata {
    return this.chain.runtime.meta;
  }

  get mode(): BlockMode {
    return this.modeValue;
  }

  setMode(mode: BlockMode): void {
    this.modeValue = mode;
    this.schedule();
    if (mode === 'instant' && this.chain.pool.length > 0) this.scheduleInstant();
  }

  private schedule(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    if (this.closed || this.modeValue !== 'auto') return;
    this.timer = setInterval(() => this.safeProduce(), this.options.blockTimeMs);
    this.timer.unref?.();
  }

  private safeProduce(hooks: BlockHook[] = []): BlockRecord | undefined {
    try {
      return this.chain.produceBlock(hooks);
    } catch (e) {
      // A bug in block production must not take the process down; report it and keep serving.
      console.error('[devnet] block production failed:', e);
      return undefined;
    }
  }

  private scheduleInstant(): void {
    if (this.instantScheduled) return;
    this.instantScheduled = true;
    // After the current RPC answer is sent, so `ready` precedes `inBlock` for watchers.
    setImmediate(() => {
      this.instantScheduled = false;
      if (!this.closed && this.chain.pool.length > 0) this.safeProduce();
    });
  }

  /** Makes `count` blocks now; hooks (test controls) run at the start of the first one. */
  newBlocks(count = 1, hooks: BlockHook[] = []): BlockRecord {
    if (!Number.isInteger(count) || count < 1 || count > 1000) throw invalidParams('count must be an integer from 1 to 1000');
    let last: BlockRecord | undefined;
    for (let i = 0; i < count; i++) {
      last = this.chain.produceBlock(i === 0 ? hooks : []);
    }
    return last!;
  }

  /** Validates and pools an extrinsic; throws the node's RPC error if it is invalid. */
  submit(hex: unknown, watcher?: (status: TxStatus) => void): PoolEntry {
    const { ext, bytes } = decodeExtrinsic(this.meta, hex);
    const checked = verifyExtrinsic(this.meta, this.chain.validationContext(), ext, bytes);
    const entry = this.chain.addToPool(checked, watcher);
    if (this.modeValue === 'instant') this.scheduleInstant();
    return entry;
  }

  /** The block a `[hash]` parameter names, or the best block when it is absent. */
  blockAt(hash: unknown): BlockRecord {
    if (hash === undefined || hash === null) return this.chain.head;
    if (typeof hash !== 'string') throw invalidParams('block hash must be a hex string');
    const block = this.chain.getBlock(hash);
    if (!block) throw new RpcError(STATE_UNKNOWN_BLOCK, `Client error: UnknownBlock: State already discarded for ${hash}`);
    return block;
  }

  close(): void {
    this.closed = true;
    this.chain.stop();
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }
}

/** An account parameter as SS58 or 0x hex public key. */
export function parseAccount(value: unknown): AccountId {
  if (typeof value !== 'string') throw invalidParams('account must be an SS58 address or 0x public key');
  try {
    return u8aToHex(decodeAddress(value)) as AccountId;
  } catch {
    throw invalidParams(`invalid account ${value}`);
  }
}
