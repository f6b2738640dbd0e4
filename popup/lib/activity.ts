/** Activity filters, pure: by subnet (any netuid the transaction touched) and by kind of action. */
import type { Intent, TxRecord } from '../../src/protocol/chain.ts';

export type ActivityType = 'all' | 'stake' | 'unstake' | 'move' | 'lock' | 'transfer';

const TYPE_OF: Record<Intent['kind'], Exclude<ActivityType, 'all'>> = {
  stake: 'stake', unstake: 'unstake', unstakeFull: 'unstake', unstakeAll: 'unstake', swap: 'move', move: 'move', moveLimit: 'move', transferStake: 'move', transfer: 'transfer',
  lock: 'lock', moveLock: 'lock', setPerpetualLock: 'lock', setRejectLockedAlpha: 'lock',
  // A claim stakes the dividends on root; a claim-then-exit ends in an unstake.
  claimRoot: 'stake', claimRootExit: 'unstake', claimRootAll: 'stake',
};

/** Netuids named by the intent or by the chain's events of the transaction. */
export function netuidsOf(r: TxRecord): number[] {
  const i = r.intent;
  const named = 'netuid' in i ? [i.netuid] : 'originNetuid' in i ? [i.originNetuid, i.destinationNetuid] : [];
  return [...new Set([...named, ...(r.settlement?.legs.map((l) => l.netuid) ?? [])])];
}

export function filterActivity(records: readonly TxRecord[], f: { netuid: number | 'all'; type: ActivityType }): TxRecord[] {
  return records.filter((r) => (f.type === 'all' || TYPE_OF[r.intent.kind] === f.type) && (f.netuid === 'all' || netuidsOf(r).includes(f.netuid)));
}

export function activityNetuids(records: readonly TxRecord[]): number[] {
  return [...new Set(records.flatMap(netuidsOf))].sort((a, b) => a - b);
}
