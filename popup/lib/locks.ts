/**
 * The popup's side of conviction locks: what part of a subnet's alpha a form may spend, why not
 * more, and when more becomes free (src/chain/locks.ts does the maths). Every function returns
 * nothing where the chain has no locks, so screens fall back to today's flows unchanged.
 */
import { formatAmount } from '../../src/amount.ts';
import { unlockProjection, type LockPosition } from '../../src/chain/locks.ts';
import { rootHoldRefusal } from '../../src/chain/root-claims.ts';
import type { LocksView, Snapshot, SubnetLockView } from '../../src/protocol/chain.ts';

type Account = NonNullable<Snapshot['account']>;

export function locksOf(account: Account | undefined | null): LocksView | undefined {
  return account?.locks;
}

export function subnetLock(locks: LocksView | undefined, netuid: number | undefined): SubnetLockView | undefined {
  return netuid === undefined ? undefined : locks?.subnets.find((s) => s.netuid === netuid);
}

function position(locks: LocksView, s: SubnetLockView): LockPosition {
  return { total: BigInt(s.total), locked: BigInt(s.locked), perpetual: s.perpetual, unlockRate: BigInt(locks.unlockRate) };
}

const show = (rao: bigint, unit: string) => `${formatAmount(rao, { maxDecimals: 4, grouping: true })} ${unit}`;

/** A date `blocks` from now at the chain's block time, as the user's locale shows a day. */
export function dateAfterBlocks(blocks: bigint, blockTimeMs: number, now = Date.now()): string {
  const ms = Number(blocks) * blockTimeMs;
  return new Date(now + ms).toLocaleDateString(undefined, { year: 'numeric', month: 'short', day: 'numeric' });
}

/** "X α becomes available by DATE" (decaying), "locked until you switch it off" (perpetual), or null when `amount` is free now. */
export function unlockText(locks: LocksView, s: SubnetLockView, amount: bigint, unit: string, now = Date.now()): string | null {
  const p = unlockProjection(position(locks, s), amount);
  switch (p.kind) {
    case 'now':
      return null;
    case 'perpetual':
      return `${show(BigInt(s.locked), unit)} is locked until you switch the lock to decaying`;
    case 'never':
      return amount > BigInt(s.total) ? `You hold ${show(BigInt(s.total), unit)} on this subnet` : 'The lock never decays that far';
    case 'blocks':
      return `${show(amount, unit)} becomes available by ${dateAfterBlocks(p.blocks, locks.blockTimeMs, now)}`;
  }
}

/** The next milestone of a decaying lock for the portfolio: half of what is locked now. */
export function lockSummary(locks: LocksView, s: SubnetLockView, unit: string, now = Date.now()): string {
  const locked = BigInt(s.locked);
  if (s.perpetual) return `${show(locked, unit)} locked until you switch it off`;
  const half = BigInt(s.available) + locked / 2n;
  return unlockText(locks, s, half, unit, now) ?? `${show(locked, unit)} locked`;
}

/**
 * The lock rule for a form that takes alpha off the subnet (unstake, cross-subnet move): the
 * subnet-wide available part, and the reason for more, in a staker's words (the chain's
 * StakeUnavailable).
 */
export function lockRule(locks: LocksView | undefined, netuid: number | undefined, unit: string): { available: bigint; reason: (amount: bigint) => string } | undefined {
  const s = subnetLock(locks, netuid);
  if (!locks || !s || BigInt(s.locked) === 0n) return undefined;
  return {
    available: BigInt(s.available),
    reason: (amount) => {
      const later = unlockText(locks, s, amount, unit);
      return `Only ${show(BigInt(s.available), unit)} of your ${show(BigInt(s.total), unit)} on this subnet can leave it now: ${show(BigInt(s.locked), unit)} is locked${later ? `. ${later}` : ''}.`;
    },
  };
}

/**
 * The root hold as a form rule for root stake with `hotkey` (unstake, move or swap off root):
 * nothing may leave until the hold has passed, and why (the chain's RootStakeLocked). Undefined
 * off root, without a hold, or where the chain has no root claims.
 */
export function rootHoldRule(account: Account | undefined | null, netuid: number | undefined, hotkey: string | undefined, block: number | undefined): { available: bigint; reason: (amount: bigint) => string } | undefined {
  const view = account?.rootClaims;
  if (netuid !== 0 || !view || !hotkey || block === undefined) return undefined;
  const refusal = rootHoldRefusal(view, hotkey, block);
  return refusal ? { available: 0n, reason: () => refusal.message } : undefined;
}
