/**
 * The devnet's transaction fee model: a deterministic weight + length fee of subtensor's order of
 * magnitude (about 0.0001 to 0.0008 TAO), and the charge itself.
 *
 * Simulated: the per-call weights below are plausible figures, not subtensor's benchmarked
 * weights, and there is no fee multiplier. What matters for the wallet is that the fee is
 * deterministic, is what `payment_queryInfo` reports, is taken from free balance before dispatch
 * (kept even if the call fails), and goes to the block author.
 * Not modelled: paying the fee in alpha when the coldkey has too little TAO (spec §13.4); such a
 * transaction is refused as invalid payment instead.
 */
import type { AccountId, ChainState, DecodedCall, RuntimeEvent } from './types.ts';
import { BALANCES, DispatchFailure } from './errors.ts';
import { credit, debit, EXISTENTIAL_DEPOSIT } from './balances.ts';

/** `frame_support::weights::Weight` as the fee model uses it. */
export interface CallWeight {
  /** Picoseconds of execution time. */
  refTime: bigint;
  /** Bytes of storage proof. */
  proofSize: bigint;
}

/** Base weight of any extrinsic (signature check, nonce, fee withdrawal). */
export const EXTRINSIC_BASE_WEIGHT: CallWeight = { refTime: 125_000_000n, proofSize: 0n };
/** Weight-to-fee: 1 rao per this many picoseconds of ref time (linear, no multiplier). */
export const REF_TIME_PER_RAO = 2_000n;
/** Length-to-fee: rao per encoded byte of the extrinsic. */
export const RAO_PER_BYTE = 100n;

const CALL_WEIGHTS: Record<string, CallWeight> = {
  'balances.transferAllowDeath': { refTime: 200_000_000n, proofSize: 3_593n },
  'balances.transferKeepAlive': { refTime: 190_000_000n, proofSize: 3_593n },
  'balances.transferAll': { refTime: 220_000_000n, proofSize: 3_593n },
  'subtensorModule.addStake': { refTime: 340_000_000n, proofSize: 9_200n },
  'subtensorModule.addStakeLimit': { refTime: 400_000_000n, proofSize: 9_800n },
  'subtensorModule.removeStake': { refTime: 330_000_000n, proofSize: 9_200n },
  'subtensorModule.removeStakeLimit': { refTime: 400_000_000n, proofSize: 9_800n },
  'subtensorModule.removeStakeFullLimit': { refTime: 410_000_000n, proofSize: 9_800n },
  'subtensorModule.moveStake': { refTime: 560_000_000n, proofSize: 14_500n },
  'subtensorModule.transferStake': { refTime: 560_000_000n, proofSize: 14_500n },
  'subtensorModule.swapStake': { refTime: 540_000_000n, proofSize: 14_000n },
  'subtensorModule.swapStakeLimit': { refTime: 600_000_000n, proofSize: 14_800n },
  'subtensorModule.unstakeAll': { refTime: 1_200_000_000n, proofSize: 40_000n },
  'subtensorModule.unstakeAllAlpha': { refTime: 1_500_000_000n, proofSize: 44_000n },
};
const DEFAULT_CALL_WEIGHT: CallWeight = { refTime: 300_000_000n, proofSize: 8_000n };

/** The dispatch weight of a call (excluding the extrinsic base weight), as `payment_queryInfo` reports it. */
export function callWeight(call: DecodedCall): CallWeight {
  return CALL_WEIGHTS[`${call.section}.${call.method}`] ?? DEFAULT_CALL_WEIGHT;
}

/** The parts of the fee, as `payment_queryFeeDetails` reports them (`inclusionFee`). */
export interface FeeDetails {
  baseFee: bigint;
  lenFee: bigint;
  adjustedWeightFee: bigint;
  /** Total weight including the extrinsic base weight. */
  weight: CallWeight;
}

export function feeDetails(encodedLength: number, call: DecodedCall): FeeDetails {
  if (!Number.isInteger(encodedLength) || encodedLength < 0) throw new RangeError(`encoded length must be a non-negative integer, got ${encodedLength}`);
  const w = callWeight(call);
  return {
    baseFee: EXTRINSIC_BASE_WEIGHT.refTime / REF_TIME_PER_RAO,
    lenFee: BigInt(encodedLength) * RAO_PER_BYTE,
    adjustedWeightFee: w.refTime / REF_TIME_PER_RAO,
    weight: { refTime: EXTRINSIC_BASE_WEIGHT.refTime + w.refTime, proofSize: EXTRINSIC_BASE_WEIGHT.proofSize + w.proofSize },
  };
}

/** The fee (rao) for an extrinsic of `encodedLength` bytes carrying `call`: base + length + weight fee. */
export function transactionFee(encodedLength: number, call: DecodedCall): bigint {
  const d = feeDetails(encodedLength, call);
  return d.baseFee + d.lenFee + d.adjustedWeightFee;
}

export type FeeCharge =
  /**
   * `withdrawEvents` belong before the call's events (`Balances.Withdraw` [who, amount]);
   * `settleEvents` after them (`Balances.Deposit` [author, amount], then
   * `TransactionPayment.TransactionFeePaid` [who, actualFee, tip]).
   */
  | { ok: true; withdrawEvents: RuntimeEvent[]; settleEvents: RuntimeEvent[] }
  /** The account cannot pay while keeping the existential deposit: the RPC answers 1010 invalid `Payment`. */
  | { ok: false; reason: 'Payment' };

/**
 * Takes `fee + tip` from `who`'s free balance (the existential deposit must stay, as FRAME's
 * fee withdrawal preserves the account) and credits it to the block author. Mutates `state` on
 * success only.
 */
export function chargeTransactionFee(state: ChainState, who: AccountId, fee: bigint, tip = 0n): FeeCharge {
  if (fee < 0n || tip < 0n) throw new RangeError('fee and tip must be non-negative');
  const total = fee + tip;
  if (total === 0n) return { ok: true, withdrawEvents: [], settleEvents: [] };
  try {
    const info = state.accounts.get(who);
    // Check before mutating anything: debit() may fail and must leave no trace.
    if (info === undefined || info.free - info.frozen < total || info.free - total < EXISTENTIAL_DEPOSIT) return { ok: false, reason: 'Payment' };
    debit(state, who, total, true);
  } catch (e) {
    if (e instanceof DispatchFailure) return { ok: false, reason: 'Payment' };
    throw e;
  }
  const settleEvents: RuntimeEvent[] = [];
  if (state.accounts.has(state.blockAuthor) || total >= EXISTENTIAL_DEPOSIT) {
    settleEvents.push(...credit(state, state.blockAuthor, total));
    settleEvents.push({ section: BALANCES, method: 'Deposit', data: [state.blockAuthor, total] });
  } else {
    // A dust credit to a non-existent author cannot create it: FRAME burns it.
    state.totalIssuance -= total;
  }
  settleEvents.push({ section: 'TransactionPayment', method: 'TransactionFeePaid', data: [who, total, tip] });
  return { ok: true, withdrawEvents: [{ section: BALANCES, method: 'Withdraw', data: [who, total] }], settleEvents };
}
