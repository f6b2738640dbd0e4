/**
 * Conviction locks as the chain runs them (subtensor `staking/lock`): one lock per (coldkey,
 * subnet), tied to one hotkey, whose locked mass decays as m·e^(−Δt/τ) per block with
 * τ = `UnlockRate` (decaying mode) or stays put (perpetual mode). The lock is subnet-wide: an
 * unstake (or a move off the subnet) must leave the coldkey's total alpha there at or above the
 * locked mass, else the chain fails it with `StakeUnavailable`.
 *
 * Pure bigint maths: the decay factor is a U64F64 (2^64 = 1) like the chain's `exp_decay`. The
 * chain evaluates e^x with substrate_fixed's series in I64F64; this evaluates it in Q128 and
 * rounds down to Q64, so the two can differ in the last bits of the factor (never more than
 * 1 rao of locked mass for any u64 amount). What is locked now always comes from the chain's
 * own `get_stake_availability_for_coldkeys`; this module only projects it forward.
 */
import { formatAmount, U64_MAX } from '../amount.ts';
import type { Intent, Snapshot } from '../protocol/chain.ts';

const Q64 = 1n << 64n;
const Q128 = 1n << 128n;
/** The chain clamps −Δt/τ at −40 (`exp_decay`'s `min_ratio`). */
const MIN_RATIO = 40n;

/** e^(−x) for x = num/den ≥ 0, in Q128, rounded down: halve x until small, Taylor, square back. */
function expNegQ128(num: bigint, den: bigint): bigint {
  let halvings = 0n;
  // x / 2^k below 2^-10: 12 Taylor terms are far past Q128 precision there.
  while (num * 1024n > den * (1n << halvings)) halvings++;
  const xQ = (num * Q128) / (den << halvings);
  let term = Q128;
  let sum = Q128;
  for (let i = 1n; i <= 12n; i++) {
    term = (term * xQ) / (Q128 * i);
    sum += i % 2n === 1n ? -term : term;
  }
  for (let i = 0n; i < halvings; i++) sum = (sum * sum) / Q128;
  return sum;
}

/** `exp_decay(dt, tau)`: e^(−dt/τ) as U64F64 bits; 1 at dt = 0, 0 when τ = 0. */
export function expDecay(dt: bigint, tau: bigint): bigint {
  if (dt === 0n) return Q64;
  if (tau === 0n) return 0n;
  const [num, den] = dt > MIN_RATIO * tau ? [MIN_RATIO, 1n] : [dt, tau];
  return expNegQ128(num, den) >> 64n;
}

/** The locked mass `dt` blocks later: floor(m · e^(−dt/τ)) decaying, m perpetual. */
export function decayedMass(mass: bigint, dt: bigint, unlockRate: bigint, perpetual: boolean): bigint {
  if (perpetual) return mass;
  return (mass * expDecay(dt, unlockRate)) / Q64;
}

export interface LockPosition {
  /** The coldkey's alpha on the subnet over every hotkey (`stake_availability.total`). */
  total: bigint;
  /** Locked mass now (`stake_availability.locked`). */
  locked: bigint;
  perpetual: boolean;
  /** `UnlockRate`, blocks (τ). */
  unlockRate: bigint;
}

/** Alpha free to unstake `dt` blocks from now. */
export function availableAfter(p: LockPosition, dt: bigint): bigint {
  const locked = decayedMass(p.locked, dt, p.unlockRate, p.perpetual);
  return p.total > locked ? p.total - locked : 0n;
}

/** Decaying stops changing once the ratio hits the chain's clamp. */
function horizon(unlockRate: bigint): bigint {
  return MIN_RATIO * unlockRate + 1n;
}

export type UnlockProjection =
  /** Available now. */
  | { kind: 'now' }
  /** Decaying: available after this many blocks. */
  | { kind: 'blocks'; blocks: bigint }
  /** Perpetual: stays locked until the lock is switched to decaying. */
  | { kind: 'perpetual' }
  /** More than the coldkey holds there, or never reached under the chain's decay clamp. */
  | { kind: 'never' };

/**
 * When `amount` α of the subnet becomes free to unstake: the fewest blocks n with
 * total − floor(locked · e^(−n/τ)) ≥ amount (binary search on the exact decay, which only falls).
 */
export function unlockProjection(p: LockPosition, amount: bigint): UnlockProjection {
  if (amount > p.total) return { kind: 'never' };
  if (availableAfter(p, 0n) >= amount) return { kind: 'now' };
  if (p.perpetual) return { kind: 'perpetual' };
  let hi = horizon(p.unlockRate);
  if (availableAfter(p, hi) < amount) return { kind: 'never' };
  let lo = 0n;
  while (hi - lo > 1n) {
    const mid = (lo + hi) / 2n;
    if (availableAfter(p, mid) >= amount) hi = mid;
    else lo = mid;
  }
  return { kind: 'blocks', blocks: hi };
}

/** Why a lock action would fail on chain (`do_lock_stake`'s checks, in its order), or null. */
export function lockStakeRefusal(
  amount: bigint,
  hotkey: string,
  existing: { hotkey: string; locked: bigint } | null,
  total: bigint,
): { error: 'AmountTooLow' | 'LockHotkeyMismatch' | 'InsufficientStakeForLock'; message: string } | null {
  if (amount === 0n) return { error: 'AmountTooLow', message: 'Enter an amount to lock' };
  if (existing && existing.hotkey !== hotkey) {
    return { error: 'LockHotkeyMismatch', message: 'Your lock on this subnet is with another validator: top it up there, or move the lock first' };
  }
  const after = (existing?.locked ?? 0n) + amount;
  if (after > total) return { error: 'InsufficientStakeForLock', message: 'You cannot lock more alpha than you hold on this subnet' };
  return null;
}

export interface LockRefusal {
  code: 'StakeUnavailable';
  message: string;
}

/**
 * The alpha a call asks to take off a subnet, as the chain checks it against the lock: the whole
 * requested amount, not the part a price limit lets execute (`validate_remove_stake` checks
 * `alpha_unstaked`, `validate_stake_transition` `alpha_amount`; subtensor spec 425 and
 * RaoFoundation stake_utils). Moves, swaps and transfers are checked across subnets only: within
 * one a move keeps the coldkey's total, and a transfer to another coldkey takes the lock along
 * (`transfer_lock`, refused only by the destination's own lock or flag). `unstake_all` is not
 * here: it skips a position the lock holds and succeeds.
 */
export function alphaLeavingSubnet(intent: Intent, account: Pick<NonNullable<Snapshot['account']>, 'positions'>): { netuid: number; amount: bigint } | null {
  const position = (hotkey: string, netuid: number) => account.positions.filter((p) => p.hotkey === hotkey && p.netuid === netuid).reduce((sum, p) => sum + BigInt(p.alpha), 0n);
  switch (intent.kind) {
    case 'unstake':
      return { netuid: intent.netuid, amount: BigInt(intent.amount) };
    case 'unstakeFull':
      // remove_stake_full_limit unstakes the whole position (hotkey, subnet).
      return { netuid: intent.netuid, amount: position(intent.hotkey, intent.netuid) };
    case 'swap':
    case 'transferStake':
      return intent.originNetuid === intent.destinationNetuid ? null : { netuid: intent.originNetuid, amount: BigInt(intent.amount) };
    case 'move':
      return intent.originNetuid === intent.destinationNetuid ? null : { netuid: intent.originNetuid, amount: BigInt(intent.amount) };
    case 'moveLimit': {
      if (intent.originNetuid === intent.destinationNetuid) return null;
      // u64::MAX asks for the whole live position.
      const amount = BigInt(intent.amount) === U64_MAX ? position(intent.originHotkey, intent.originNetuid) : BigInt(intent.amount);
      return { netuid: intent.originNetuid, amount };
    }
    default:
      return null;
  }
}

/**
 * Why the chain would fail `intent` with `StakeUnavailable` against the snapshot's availability,
 * or null: the same rule the unstake and move forms apply (popup/lib/locks.ts `lockRule`), for
 * every prepared intent, dApp requests included.
 */
export function lockIntentRefusal(intent: Intent, snapshot: Pick<Snapshot, 'account' | 'subnets'>): LockRefusal | null {
  const account = snapshot.account;
  if (!account) return null;
  const leaving = alphaLeavingSubnet(intent, account);
  return leaving ? lockRefusal(leaving, snapshot) : null;
}

/** Why taking `leaving.amount` off `leaving.netuid` would fail with `StakeUnavailable` against the snapshot's availability, or null. */
export function lockRefusal(leaving: { netuid: number; amount: bigint }, snapshot: Pick<Snapshot, 'account' | 'subnets'>): LockRefusal | null {
  const locks = snapshot.account?.locks;
  if (!locks) return null;
  const s = locks.subnets.find((x) => x.netuid === leaving.netuid);
  if (!s || BigInt(s.locked) === 0n || leaving.amount <= BigInt(s.available)) return null;
  const unit = snapshot.subnets.find((x) => x.netuid === leaving.netuid)?.symbol ?? 'α';
  const show = (rao: bigint) => `${formatAmount(rao, { maxDecimals: 4, grouping: true })} ${unit}`;
  return {
    code: 'StakeUnavailable',
    message: `Only ${show(BigInt(s.available))} of your ${show(BigInt(s.total))} on this subnet can leave it now: ${show(BigInt(s.locked))} is held by a conviction lock. The chain checks the whole amount asked for (${show(leaving.amount)}), even when a price limit would let only part of it execute.`,
  };
}
