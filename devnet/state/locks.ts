/**
 * Conviction locks on the devnet (subtensor `staking/lock`, spec 411+), for the `current`
 * profile: one lock per (coldkey, subnet) tied to one hotkey; the locked mass decays per block as
 * m·e^(−Δt/UnlockRate) unless the coldkey made it perpetual; unstaking (or moving off the subnet)
 * must leave the coldkey's subnet-wide alpha at or above the locked mass (`StakeUnavailable`, on
 * the requested amount); a transfer to another coldkey within the subnet takes the locked part
 * along instead (`transferLock`).
 *
 * Simulated: the decay is the wallet's own `src/chain/locks.ts` (the chain's exp_decay to within
 * the last bits of U64F64); conviction is kept only as "reset on a move to another owner's hotkey"
 * (no maturity score, no owner/aggregate buckets, no subnet-owner handover).
 */
import { decayedMass } from '../../src/chain/locks.ts';
import type { AccountId, ChainState, RuntimeEvent } from './types.ts';
import { fail, SUBTENSOR } from './errors.ts';
import { stakeValue } from './stake-pools.ts';
import { ControlError } from './controls.ts';

/** `UnlockRate` / `MaturityRate` default: τ = 934,866 blocks (half-life ≈ 648,000 blocks). */
export const DEFAULT_UNLOCK_RATE = 934_866n;

export interface LockRecord {
  hotkey: AccountId;
  /** Locked mass at `lastUpdate`. */
  lockedMass: bigint;
  lastUpdate: number;
}

export interface LocksState {
  unlockRate: bigint;
  maturityRate: bigint;
  /** `Lock[(coldkey, netuid, hotkey)]`, keyed `${coldkey}:${netuid}` (one hotkey per pair). */
  locks: Map<string, LockRecord>;
  /** `DecayingLock[coldkey, netuid] = false`: perpetual locks, keyed `${coldkey}:${netuid}`. */
  perpetual: Set<string>;
  /** `AccountFlags` bit ACCEPT_LOCKED_ALPHA: coldkeys that accept incoming locked alpha (default: reject). */
  acceptLockedAlpha: Set<AccountId>;
}

export function emptyLocks(): LocksState {
  return { unlockRate: DEFAULT_UNLOCK_RATE, maturityRate: DEFAULT_UNLOCK_RATE, locks: new Map(), perpetual: new Set(), acceptLockedAlpha: new Set() };
}

export function cloneLocks(l: LocksState): LocksState {
  const locks = new Map<string, LockRecord>();
  for (const [k, v] of l.locks) locks.set(k, { ...v });
  return { unlockRate: l.unlockRate, maturityRate: l.maturityRate, locks, perpetual: new Set(l.perpetual), acceptLockedAlpha: new Set(l.acceptLockedAlpha) };
}

const keyOf = (coldkey: AccountId, netuid: number) => `${coldkey}:${netuid}`;

export function isPerpetual(state: ChainState, coldkey: AccountId, netuid: number): boolean {
  return state.locks.perpetual.has(keyOf(coldkey, netuid));
}

/** The lock rolled forward to the current block (`get_coldkey_lock`), or undefined. */
export function currentLock(state: ChainState, coldkey: AccountId, netuid: number): LockRecord | undefined {
  const lock = state.locks.locks.get(keyOf(coldkey, netuid));
  if (!lock) return undefined;
  const dt = BigInt(Math.max(0, state.blockNumber - lock.lastUpdate));
  return { hotkey: lock.hotkey, lockedMass: decayedMass(lock.lockedMass, dt, state.locks.unlockRate, isPerpetual(state, coldkey, netuid)), lastUpdate: state.blockNumber };
}

/** `total_coldkey_alpha_on_subnet`: the coldkey's stake over every hotkey it staked to. */
export function totalColdkeyAlpha(state: ChainState, coldkey: AccountId, netuid: number): bigint {
  return (state.stakingHotkeys.get(coldkey) ?? []).reduce((sum, hotkey) => sum + stakeValue(state, hotkey, coldkey, netuid), 0n);
}

/** `stake_availability`: (total, locked, available) of a coldkey on a subnet now. */
export function stakeAvailability(state: ChainState, coldkey: AccountId, netuid: number): { total: bigint; locked: bigint; available: bigint } {
  const total = totalColdkeyAlpha(state, coldkey, netuid);
  const locked = currentLock(state, coldkey, netuid)?.lockedMass ?? 0n;
  return { total, locked, available: total > locked ? total - locked : 0n };
}

/** `ensure_available_to_unstake`. */
export function ensureAvailable(state: ChainState, coldkey: AccountId, netuid: number, amount: bigint): void {
  if (stakeAvailability(state, coldkey, netuid).available < amount) fail(SUBTENSOR, 'StakeUnavailable');
}

function store(state: ChainState, coldkey: AccountId, netuid: number, lock: LockRecord): void {
  // The chain drops a lock whose mass fell under LOCK_STATE_ZERO_THRESHOLD (100 rao).
  if (lock.lockedMass < 100n) state.locks.locks.delete(keyOf(coldkey, netuid));
  else state.locks.locks.set(keyOf(coldkey, netuid), lock);
}

/** `do_lock_stake`: create a lock, or top one up with the same hotkey. */
export function lockStake(state: ChainState, coldkey: AccountId, hotkey: AccountId, netuid: number, amount: bigint): RuntimeEvent[] {
  if (!state.subnets.has(netuid)) fail(SUBTENSOR, 'SubnetNotExists');
  if (amount === 0n) fail(SUBTENSOR, 'AmountTooLow');
  if (!state.hotkeys.has(hotkey)) fail(SUBTENSOR, 'HotKeyAccountNotExists');
  const total = totalColdkeyAlpha(state, coldkey, netuid);
  const existing = currentLock(state, coldkey, netuid);
  if (existing && existing.hotkey !== hotkey) fail(SUBTENSOR, 'LockHotkeyMismatch');
  const lockedMass = (existing?.lockedMass ?? 0n) + amount;
  if (total < lockedMass) fail(SUBTENSOR, 'InsufficientStakeForLock');
  store(state, coldkey, netuid, { hotkey, lockedMass, lastUpdate: state.blockNumber });
  return [{ section: SUBTENSOR, method: 'StakeLocked', data: [coldkey, hotkey, netuid, amount] }];
}

/** `do_move_lock`: the rolled lock goes to another hotkey (its conviction resets unless both hotkeys share an owner). */
export function moveLock(state: ChainState, coldkey: AccountId, destinationHotkey: AccountId, netuid: number): RuntimeEvent[] {
  if (!state.subnets.has(netuid)) fail(SUBTENSOR, 'SubnetNotExists');
  if (!state.hotkeys.has(destinationHotkey)) fail(SUBTENSOR, 'HotKeyAccountNotExists');
  const existing = currentLock(state, coldkey, netuid);
  if (!existing) fail(SUBTENSOR, 'NoExistingLock');
  store(state, coldkey, netuid, { ...existing, hotkey: destinationHotkey });
  return [{ section: SUBTENSOR, method: 'LockMoved', data: [coldkey, existing.hotkey, destinationHotkey, netuid] }];
}

/** `do_set_perpetual_lock`: the lock is rolled to now first, so switching never rewrites its past decay. */
export function setPerpetualLock(state: ChainState, coldkey: AccountId, netuid: number, enabled: boolean): RuntimeEvent[] {
  if (!state.subnets.has(netuid)) fail(SUBTENSOR, 'SubnetNotExists');
  const rolled = currentLock(state, coldkey, netuid);
  if (rolled) store(state, coldkey, netuid, rolled);
  if (enabled) state.locks.perpetual.add(keyOf(coldkey, netuid));
  else state.locks.perpetual.delete(keyOf(coldkey, netuid));
  return [{ section: SUBTENSOR, method: 'PerpetualLockUpdated', data: [coldkey, netuid, enabled] }];
}

/** `set_reject_locked_alpha(enabled)`: true (the default) rejects incoming locked alpha. */
export function setRejectLockedAlpha(state: ChainState, coldkey: AccountId, enabled: boolean): RuntimeEvent[] {
  if (enabled) state.locks.acceptLockedAlpha.delete(coldkey);
  else state.locks.acceptLockedAlpha.add(coldkey);
  return [{ section: SUBTENSOR, method: 'RejectLockedAlphaUpdated', data: [coldkey, enabled] }];
}

/**
 * `transfer_lock` (transfer_stake_within_subnet, before the stake moves): when `amount` goes to
 * another coldkey on the subnet, the part of it above the origin's available alpha takes that
 * much locked mass along, tied to the origin lock's hotkey (or the destination's own lock, which
 * must then be on the same hotkey: `LockHotkeyMismatch`), and a destination that rejects locked
 * alpha (the default) refuses it (`AccountRejectsLockedAlpha`). Both locks are rolled to now.
 * Conviction is not simulated, so none moves with the mass.
 */
export function transferLock(state: ChainState, originColdkey: AccountId, destinationColdkey: AccountId, netuid: number, amount: bigint): void {
  if (originColdkey === destinationColdkey || amount === 0n) return;
  const source = currentLock(state, originColdkey, netuid);
  if (!source) return;
  const destination = currentLock(state, destinationColdkey, netuid);
  const total = totalColdkeyAlpha(state, originColdkey, netuid);
  const available = total > source.lockedMass ? total - source.lockedMass : 0n;
  const remaining = amount - (amount < available ? amount : available);
  let moved = 0n;
  if (remaining > 0n) {
    if (destination && destination.hotkey !== source.hotkey) fail(SUBTENSOR, 'LockHotkeyMismatch');
    moved = remaining < source.lockedMass ? remaining : source.lockedMass;
  }
  if (moved > 0n && !state.locks.acceptLockedAlpha.has(destinationColdkey)) fail(SUBTENSOR, 'AccountRejectsLockedAlpha');
  store(state, originColdkey, netuid, { ...source, lockedMass: source.lockedMass - moved });
  const lockedMass = (destination?.lockedMass ?? 0n) + moved;
  store(state, destinationColdkey, netuid, { hotkey: destination?.hotkey ?? source.hotkey, lockedMass, lastUpdate: state.blockNumber });
}

/** Test control: make the lock `age` blocks old (its mass as set, decay counted from then). */
export function setLockAge(state: ChainState, coldkey: AccountId, netuid: number, age: number): void {
  const lock = state.locks.locks.get(keyOf(coldkey, netuid));
  if (!lock) throw new ControlError(`no lock for ${coldkey} on subnet ${netuid}`);
  if (!Number.isSafeInteger(age) || age < 0) throw new ControlError('age must be a non-negative integer number of blocks');
  lock.lastUpdate = state.blockNumber - age;
}
