/**
 * Reconciliation after inclusion: what the account's balances did between the parent block and
 * the inclusion block, against what the events say. Events alone cannot show a fee taken in
 * alpha (subtensor#2021) or TAO that a stake moved to the subnet account without swapping it
 * (subtensor#2735); the storage diff can. Pure bigint maths; the background reads the values.
 */
import { formatAmount } from '../amount.ts';

export interface ReconcileInput {
  kind: 'stake' | 'unstake';
  /** From the event: TAO in (stake, swap fee included) or out (unstake); alpha bought or sold; the swap fee (TAO on a stake, alpha on an unstake). */
  tao: bigint;
  alpha: bigint;
  swapFee: bigint;
  /** TransactionFeePaid, TAO. */
  networkFee: bigint;
  freeBefore: bigint;
  freeAfter: bigint;
  stakeBefore: bigint;
  stakeAfter: bigint;
  symbol: string;
}

export interface Reconciliation {
  /** TAO debited (stake) or credited (unstake) by the block. */
  taoChange: bigint;
  /** What the events and the network fee account for. */
  taoExpected: bigint;
  /** Alpha the chain took beyond what the events show; null when none. */
  alphaFee: bigint | null;
  flags: string[];
}

const tao = (rao: bigint) => `${formatAmount(rao, { grouping: true })} TAO`;

export function reconcile(i: ReconcileInput): Reconciliation {
  const flags: string[] = [];
  let alphaFee: bigint | null = null;
  const alpha = (rao: bigint) => `${formatAmount(rao, { grouping: true })} ${i.symbol}`;
  if (i.kind === 'stake') {
    const taoChange = i.freeBefore - i.freeAfter;
    const taoExpected = i.tao + i.networkFee;
    if (taoChange > taoExpected) {
      flags.push(`The chain kept ${tao(taoChange - taoExpected)} on the subnet account: it was debited, but neither staked nor refunded (the stranded-TAO failure, subtensor#2735).`);
    } else if (taoChange < taoExpected) {
      flags.push(`${tao(taoExpected - taoChange)} less was debited than the events and the network fee account for.`);
    }
    const gained = i.stakeAfter - i.stakeBefore;
    if (gained < i.alpha) {
      alphaFee = i.alpha - gained;
      flags.push(`The stake grew by ${alpha(alphaFee)} less than the ${alpha(i.alpha)} bought: the chain took it as a fee in alpha, which no event records.`);
    }
    return { taoChange, taoExpected, alphaFee, flags };
  }
  const taoChange = i.freeAfter - i.freeBefore;
  const taoExpected = i.tao - i.networkFee;
  if (taoChange < taoExpected) flags.push(`${tao(taoExpected - taoChange)} less was credited than the unstake paid out after the network fee.`);
  const removed = i.stakeBefore - i.stakeAfter;
  const accounted = i.alpha + i.swapFee;
  if (removed > accounted) {
    alphaFee = removed - accounted;
    flags.push(`The chain took ${alpha(alphaFee)} more from the stake than the ${alpha(accounted)} sold with its fee: a fee paid in alpha, which no event records.`);
  }
  return { taoChange, taoExpected, alphaFee, flags };
}
