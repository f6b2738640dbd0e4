/**
 * The transaction path shared by staking and plain transfers, on any FRAME chain: build the
 * signing payload from the chain (metadata's signed extensions, runtime version, genesis, a
 * mortal era born at the snapshot block, nonce from system_accountNextIndex), have a signer
 * sign it (the vault in production), submit and watch, and read the outcome from the block's
 * events. Nothing here is subtensor-specific except the event names of `receivedAmount`, so the
 * chopsticks test drives the very same functions against a real FRAME runtime.
 */
import type { ApiPromise } from '@polkadot/api';
import type { SubmittableExtrinsic } from '@polkadot/api/types';
import type { Call, DispatchError, EventRecord, ExtrinsicStatus } from '@polkadot/types/interfaces';
import type { Codec, Registry, SignerPayloadJSON } from '@polkadot/types/types';
import type { HexString } from '@polkadot/util/types';
import type { Intent } from '../../src/protocol/chain.ts';
import { WalletError } from '../../src/protocol/errors.ts';
import { explainDispatchError, explainRpcError, validityGeneration, type ExplainedError } from '../../src/chain/errors.ts';
import { callRuntime, canCallRuntime, providerOf } from '../../src/chain/runtime-api.ts';
import { entry, decodeStorage, field } from './reader.ts';

/** What signs: VaultService in production (same shape), a keyring-backed signer in tests. */
export interface PayloadSigner {
  signPayload(address: string, payload: SignerPayloadJSON, registry: Registry): Promise<{ signature: HexString }>;
}

/** Blocks a transaction stays valid (mortal era): about 13 minutes at 12 s blocks. */
export const DEFAULT_ERA_PERIOD = 64;

export interface SignOptions {
  /** Birth block of the mortal era: the snapshot's block, so the quote and the era agree. */
  blockHash: string;
  blockNumber: number;
  /** Defaults to system_accountNextIndex (counts the pool's pending transactions). */
  nonce?: number;
  eraPeriod?: number;
  tip?: bigint;
}

export interface SignedTx {
  extrinsic: SubmittableExtrinsic<'promise'>;
  hex: HexString;
  hash: HexString;
  nonce: number;
  birthBlock: number;
  /** Last block number in which the chain still accepts it. */
  lastValidBlock: number;
  payload: SignerPayloadJSON;
}

export async function nextNonce(api: ApiPromise, address: string): Promise<number> {
  return (await api.rpc.system.accountNextIndex(address)).toNumber();
}

/**
 * The era every transaction of the wallet carries: mortal, born at the quote's block. The fee
 * estimate uses the very same one, since a mortal era encodes in 2 bytes where an immortal one
 * takes 1, and the length fee charges per byte.
 */
export function mortalEra(api: ApiPromise, blockNumber: number, period = DEFAULT_ERA_PERIOD) {
  return api.registry.createType('ExtrinsicEra', { current: blockNumber, period });
}

/** Builds the SignerPayload from the chain, has `signer` sign it, and attaches the signature. */
export async function signCall(api: ApiPromise, call: Call | SubmittableExtrinsic<'promise'>, from: string, signer: PayloadSigner, opts: SignOptions): Promise<SignedTx> {
  const tx = 'signAsync' in call ? call : api.tx(call);
  const nonce = opts.nonce ?? (await nextNonce(api, from));
  const era = mortalEra(api, opts.blockNumber, opts.eraPeriod);
  const signerPayload = api.registry.createType('SignerPayload', {
    address: from,
    blockHash: opts.blockHash,
    blockNumber: opts.blockNumber,
    era,
    genesisHash: api.genesisHash,
    method: tx.method,
    nonce,
    runtimeVersion: api.runtimeVersion,
    signedExtensions: api.registry.signedExtensions,
    tip: opts.tip ?? 0n,
    version: api.extrinsicVersion,
    // CheckMetadataHash disabled (mode 0): the implicit part is None.
    ...(api.registry.signedExtensions.includes('CheckMetadataHash') ? { mode: 0 } : {}),
  });
  const payload = signerPayload.toPayload();
  const { signature } = await signer.signPayload(from, payload, api.registry);
  tx.addSignature(from, signature, payload);
  const mortal = era.asMortalEra;
  const birthBlock = mortal.birth(opts.blockNumber);
  return { extrinsic: tx, hex: tx.toHex(), hash: tx.hash.toHex(), nonce, birthBlock, lastValidBlock: mortal.death(opts.blockNumber) - 1, payload };
}

/** How the estimated transaction will be signed: the fee depends on the encoded length. */
export interface FeeOptions {
  /** The block the era is born at (the quote's block, as signCall uses). */
  blockNumber: number;
  eraPeriod?: number;
  /** The nonce it will carry (a compact: 1 byte below 64, more above). */
  nonce: number;
  tip?: bigint;
}

/**
 * Network fee (partial fee, rao) of `call` from `from` at block `at`: TransactionPaymentApi
 * query_info over a fake-signed copy (one state_call), or payment_queryInfo on nodes without it.
 * The copy carries the same era, nonce and tip as the transaction signCall will build, so its
 * length, and with it the fee, is the same to the byte.
 */
export async function estimateFee(api: ApiPromise, call: Call, from: string, at: string, opts: FeeOptions): Promise<bigint> {
  const tx = api.tx(call);
  tx.signFake(from, {
    blockHash: at, genesisHash: api.genesisHash, nonce: opts.nonce, runtimeVersion: api.runtimeVersion,
    era: mortalEra(api, opts.blockNumber, opts.eraPeriod), tip: opts.tip ?? 0n,
    ...(api.registry.signedExtensions.includes('CheckMetadataHash') ? { mode: 0 } : {}),
  });
  if (canCallRuntime(api, 'TransactionPaymentApi', 'query_info')) {
    try {
      const info = await callRuntime(api, 'TransactionPaymentApi', 'query_info', [tx.toU8a(), tx.encodedLength], at);
      return BigInt(field(info, 'partial_fee').toString());
    } catch (e) {
      if (!(e instanceof WalletError && e.code === 'Unsupported')) throw e;
    }
  }
  const info = (await providerOf(api).send('payment_queryInfo', [tx.toHex(), at])) as { partialFee: string | number };
  return BigInt(info.partialFee);
}

/** Events of a block (System.Events at its hash): one request. */
export async function eventsAt(api: ApiPromise, blockHash: string): Promise<EventRecord[]> {
  const e = entry(api, 'system', 'events')!;
  const raw = (await providerOf(api).send('state_getStorage', [e.key(), blockHash])) as string | null;
  return [...(decodeStorage(api, e, raw) as unknown as Iterable<EventRecord>)];
}

export interface Outcome {
  blockHash: string;
  blockNumber: number;
  index: number;
  success: boolean;
  error: ExplainedError | null;
  events: EventRecord[];
}

/** Looks for `txHash` in the block and reads its outcome; null when it is not in that block. */
export async function outcomeInBlock(api: ApiPromise, blockHash: string, txHash: string): Promise<Outcome | null> {
  const signed = await api.rpc.chain.getBlock(blockHash);
  const index = signed.block.extrinsics.findIndex((x) => x.hash.toHex() === txHash);
  if (index < 0) return null;
  const events = (await eventsAt(api, blockHash)).filter((r) => r.phase.isApplyExtrinsic && r.phase.asApplyExtrinsic.toNumber() === index);
  const failed = events.find((r) => r.event.section === 'system' && r.event.method === 'ExtrinsicFailed');
  const error = failed ? explainDispatchError(api.registry, failed.event.data[0] as DispatchError) : null;
  return { blockHash, blockNumber: signed.block.header.number.toNumber(), index, success: !failed, error, events };
}

/**
 * What the account actually received, from the events: alpha bought (StakeAdded), TAO out
 * (StakeRemoved), the destination alpha of a swap or move, or the amount of a transfer.
 */
export function receivedAmount(intent: Intent, events: EventRecord[]): bigint | null {
  const of = (section: string, method: string) => events.filter((r) => r.event.section === section && r.event.method === method).map((r) => r.event.data as unknown as Codec[]);
  const u = (c: Codec | undefined) => (c === undefined ? 0n : BigInt(c.toString()));
  switch (intent.kind) {
    case 'stake': {
      const added = of('subtensorModule', 'StakeAdded');
      return added.length ? added.reduce((s, d) => s + u(d[3]), 0n) : null;
    }
    case 'unstake':
    case 'unstakeFull':
    case 'unstakeAll': {
      const removed = of('subtensorModule', 'StakeRemoved');
      return removed.length ? removed.reduce((s, d) => s + u(d[2]), 0n) : null;
    }
    case 'swap':
    case 'move':
    case 'moveLimit':
    case 'transferStake': {
      const added = of('subtensorModule', 'StakeAdded');
      if (added.length) return u(added[added.length - 1]![3]);
      return null;
    }
    case 'claimRoot': {
      // RootClaimed { coldkey, tao }: 0 when the chain skipped the claim as dust (a paid no-op).
      const claimed = of('subtensorModule', 'RootClaimed');
      return claimed.length ? claimed.reduce((s, d) => s + u(d[1]), 0n) : null;
    }
    case 'claimRootAll': {
      // One BasketClaimed { hotkey, coldkey, tao } per validator that paid (the extrinsic's own
      // events, so the signer's); RootClaimed's total only where none did (0: a paid no-op).
      const baskets = of('subtensorModule', 'BasketClaimed');
      if (baskets.length) return baskets.reduce((s, d) => s + u(d[2]), 0n);
      const claimed = of('subtensorModule', 'RootClaimed');
      return claimed.length ? claimed.reduce((s, d) => s + u(d[1]), 0n) : null;
    }
    case 'claimRootExit': {
      const removed = of('subtensorModule', 'StakeRemoved');
      return removed.length ? removed.reduce((s, d) => s + u(d[2]), 0n) : null;
    }
    case 'transfer': {
      const t = of('balances', 'Transfer');
      return t.length ? u(t[t.length - 1]![2]) : null;
    }
    default:
      return null;
  }
}

/**
 * What the chain executed of the input, from the same events: the TAO taken for the stake
 * (StakeAdded's TAO, the swap fee included), or the alpha taken off the position (StakeRemoved's
 * alpha, which the swap reports net of its alpha fee, plus that fee where the event carries it).
 * Below the requested amount when a limit with allow_partial stopped the trade part way.
 */
export function executedInput(intent: Intent, events: EventRecord[]): bigint | null {
  const of = (method: string) => events.filter((r) => r.event.section === 'subtensorModule' && r.event.method === method).map((r) => r.event.data as unknown as Codec[]);
  const u = (c: Codec | undefined) => (c === undefined ? 0n : BigInt(c.toString()));
  const alphaOut = (d: Codec[]) => u(d[3]) + u(d[5]);
  switch (intent.kind) {
    case 'stake': {
      const added = of('StakeAdded');
      return added.length ? added.reduce((s, d) => s + u(d[2]), 0n) : null;
    }
    case 'unstake':
    case 'unstakeFull':
    case 'unstakeAll': {
      const removed = of('StakeRemoved');
      return removed.length ? removed.reduce((s, d) => s + alphaOut(d), 0n) : null;
    }
    case 'swap':
    case 'moveLimit':
    case 'move':
    case 'transferStake': {
      // The origin leg: the first StakeRemoved of the call.
      const removed = of('StakeRemoved');
      return removed.length ? alphaOut(removed[0]!) : null;
    }
    default:
      return null;
  }
}

export type WatchUpdate =
  | { kind: 'broadcast' }
  | { kind: 'inBlock'; blockHash: string }
  | { kind: 'finalized'; blockHash: string }
  | { kind: 'dropped'; reason: string }
  | { kind: 'invalid'; error: ExplainedError };

/**
 * author_submitAndWatchExtrinsic. Resolves once the node accepted the subscription; a 1010-style
 * rejection throws a WalletError carrying the explained reason (nothing was sent). Later
 * statuses arrive through `onUpdate`.
 */
export async function submitAndWatch(api: ApiPromise, tx: SignedTx, onUpdate: (u: WatchUpdate) => void): Promise<() => void> {
  try {
    const unsub = await api.rpc.author.submitAndWatchExtrinsic(tx.extrinsic, (status: ExtrinsicStatus) => {
      if (status.isReady || status.isBroadcast || status.isFuture) onUpdate({ kind: 'broadcast' });
      else if (status.isInBlock) onUpdate({ kind: 'inBlock', blockHash: status.asInBlock.toHex() });
      else if (status.isFinalized) onUpdate({ kind: 'finalized', blockHash: status.asFinalized.toHex() });
      else if (status.isDropped) onUpdate({ kind: 'dropped', reason: 'The node dropped the transaction from its queue' });
      else if (status.isUsurped) onUpdate({ kind: 'dropped', reason: 'Another transaction with the same nonce replaced it' });
      else if (status.isInvalid) onUpdate({ kind: 'invalid', error: { code: 'Invalid', message: 'The node found the transaction invalid before inclusion. Nothing was spent.' } });
      else if (status.isRetracted) onUpdate({ kind: 'broadcast' });
      else if (status.isFinalityTimeout) onUpdate({ kind: 'dropped', reason: 'The block with the transaction was not finalized in time' });
    });
    return unsub as unknown as () => void;
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    // The custom codes of the refusal are read with this runtime's table (errors.ts).
    const explained = explainRpcError(message, validityGeneration(api.registry));
    if (explained) throw new WalletError(explained.code, explained.message);
    throw new WalletError('Disconnected', `The node did not accept the transaction: ${message.slice(0, 200)}`);
  }
}

/**
 * Recovery after a dropped connection: searches blocks `from..to` (inclusive) for the
 * extrinsic hash. Two requests per block; the era bounds the range (64 blocks by default).
 */
export async function findExtrinsic(api: ApiPromise, txHash: string, from: number, to: number): Promise<Outcome | null> {
  for (let n = from; n <= to; n++) {
    const hash = (await api.rpc.chain.getBlockHash(n)).toHex();
    if (/^0x0+$/.test(hash)) break; // not produced yet
    const outcome = await outcomeInBlock(api, hash, txHash);
    if (outcome) return outcome;
  }
  return null;
}
