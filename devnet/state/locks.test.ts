import { beforeEach, describe, expect, it } from 'vitest';
import { createGenesisState, devAccount, validator } from './genesis.ts';
import { currentLock, setLockAge, stakeAvailability } from './locks.ts';
import { maxAmountMove, maxAmountRemove } from './staking.ts';
import { stakeValue } from './queries.ts';
import { calls, fails, ok, TAO } from './testing.ts';
import type { ChainState } from './types.ts';

const alice = devAccount('Alice').hex;
const bob = devAccount('Bob').hex;
const dave = devAccount('Dave').hex;
const aurora = validator('aurora').hex;
const meridian = validator('meridian').hex;
let state: ChainState;
beforeEach(() => {
  state = createGenesisState();
});

describe('conviction locks', () => {
  it('lock, top up with the same hotkey; another hotkey is LockHotkeyMismatch; more than held is InsufficientStakeForLock', () => {
    const total = stakeAvailability(state, bob, 1).total;
    expect(total).toBeGreaterThan(0n);
    const outcome = ok(state, bob, calls.lockStake(aurora, 1, 100n * TAO));
    expect(outcome.events).toEqual([{ section: 'SubtensorModule', method: 'StakeLocked', data: [bob, aurora, 1, 100n * TAO] }]);
    ok(state, bob, calls.lockStake(aurora, 1, 50n * TAO));
    expect(stakeAvailability(state, bob, 1)).toEqual({ total, locked: 150n * TAO, available: total - 150n * TAO });
    fails(state, bob, calls.lockStake(meridian, 1, TAO), 'SubtensorModule', 'LockHotkeyMismatch');
    fails(state, bob, calls.lockStake(aurora, 1, total), 'SubtensorModule', 'InsufficientStakeForLock');
    fails(state, bob, calls.lockStake(aurora, 1, 0n), 'SubtensorModule', 'AmountTooLow');
  });

  it('an unstake or a cross-subnet move above the available part is StakeUnavailable; a same-subnet move is not', () => {
    const total = stakeAvailability(state, bob, 1).total;
    const stake = stakeValue(state, aurora, bob, 1);
    ok(state, bob, calls.lockStake(aurora, 1, total - 10n * TAO));
    fails(state, bob, calls.removeStake(aurora, 1, 11n * TAO), 'SubtensorModule', 'StakeUnavailable');
    fails(state, bob, calls.moveStakeLimit(aurora, meridian, 1, 8, 11n * TAO, 0n, false), 'SubtensorModule', 'StakeUnavailable');
    ok(state, bob, calls.removeStake(aurora, 1, 10n * TAO));
    ok(state, bob, calls.moveStake(aurora, meridian, 1, 1, stake - 10n * TAO));
  });

  it('decays per block as m·e^(-Δt/τ): half after 648,000 blocks; perpetual stays; switching rolls forward first', () => {
    ok(state, bob, calls.lockStake(aurora, 1, 100n * TAO));
    setLockAge(state, bob, 1, 648_000);
    expect(currentLock(state, bob, 1)!.lockedMass).toBeLessThanOrEqual(50n * TAO);
    expect(currentLock(state, bob, 1)!.lockedMass).toBeGreaterThan(50n * TAO - TAO / 1000n);
    ok(state, bob, calls.setPerpetualLock(1, true));
    const frozen = currentLock(state, bob, 1)!.lockedMass;
    state.blockNumber += 100_000;
    expect(currentLock(state, bob, 1)!.lockedMass).toBe(frozen);
    ok(state, bob, calls.setPerpetualLock(1, false));
    state.blockNumber += 648_000;
    expect(currentLock(state, bob, 1)!.lockedMass).toBeLessThanOrEqual(frozen / 2n);
  });

  it('move_lock keeps the rolled mass on the new hotkey; no lock is NoExistingLock', () => {
    fails(state, bob, calls.moveLock(meridian, 1), 'SubtensorModule', 'NoExistingLock');
    ok(state, bob, calls.lockStake(aurora, 1, 100n * TAO));
    ok(state, bob, calls.moveLock(meridian, 1));
    expect(currentLock(state, bob, 1)).toMatchObject({ hotkey: meridian, lockedMass: 100n * TAO });
    ok(state, bob, calls.lockStake(meridian, 1, TAO));
  });
});

/** A limit beyond the current price fails to quote (PriceLimitExceeded): nothing executes there. */
function maxOrZero(max: (price: bigint) => bigint, price: bigint): bigint {
  try {
    return max(price);
  } catch {
    return 0n;
  }
}

/** The largest limit price (rao) whose executable maximum is still at least `want` (the maxima fall as the limit rises). */
function limitFor(max: (price: bigint) => bigint, want: bigint): bigint {
  let lo = 1n;
  let hi = 10n * TAO;
  while (hi - lo > 1n) {
    const mid = (lo + hi) / 2n;
    if (maxOrZero(max, mid) >= want) lo = mid;
    else hi = mid;
  }
  return lo;
}

// The chain checks the lock against the FULL requested alpha, not the part a price limit lets
// execute: validate_remove_stake ends with ensure_available_to_unstake(coldkey, netuid,
// alpha_unstaked) (remove_stake_limit passes the requested amount and max_amount separately), and
// validate_stake_transition ends with ensure_available_to_unstake(origin_coldkey, origin_netuid,
// alpha_amount) for cross-subnet transitions only, after the transfer-toggle checks
// (opentensor/subtensor 14bc6f9f9, spec 425, pallets/subtensor/src/staking/stake_utils.rs;
// RaoFoundation/subtensor pallets/subtensor/src/staking/stake_utils/stake_validation.rs 8e9322e5).
// Within one subnet an ownership change has no availability check: transfer_stake_within_subnet's
// transfer_lock carries the locked part to the destination coldkey (staking/lock.rs).
describe('lock availability: the amount and the order the chain checks', () => {
  const available = 10n * TAO;
  beforeEach(() => {
    ok(state, bob, calls.lockStake(aurora, 1, stakeAvailability(state, bob, 1).total - available));
  });

  it('remove_stake_limit with allow_partial: the requested amount above the available part is StakeUnavailable even when the executable part fits', () => {
    const limit = limitFor((p) => maxAmountRemove(state, 1, p), 5n * TAO);
    const max = maxAmountRemove(state, 1, limit);
    expect(max).toBeGreaterThanOrEqual(5n * TAO);
    expect(max).toBeLessThan(available);
    fails(state, bob, calls.removeStakeLimit(aurora, 1, 2n * available, limit, true), 'SubtensorModule', 'StakeUnavailable');
    ok(state, bob, calls.removeStakeLimit(aurora, 1, available, limit, true));
  });

  it('swap_stake_limit and move_stake_limit with allow_partial: checked on the requested amount', () => {
    const limit = limitFor((p) => maxAmountMove(state, 1, 8, p), 5n * TAO);
    const max = maxAmountMove(state, 1, 8, limit);
    expect(max).toBeGreaterThanOrEqual(5n * TAO);
    expect(max).toBeLessThan(available);
    fails(state, bob, calls.swapStakeLimit(aurora, 1, 8, 2n * available, limit, true), 'SubtensorModule', 'StakeUnavailable');
    fails(state, bob, calls.moveStakeLimit(aurora, meridian, 1, 8, 2n * available, limit, true), 'SubtensorModule', 'StakeUnavailable');
    ok(state, bob, calls.swapStakeLimit(aurora, 1, 8, available, limit, true));
  });

  it('transfer_stake across subnets: a disabled transfer is TransferDisallowed before the lock is checked', () => {
    state.subnets.get(1)!.transferToggle = false;
    fails(state, bob, calls.transferStake(dave, aurora, 1, 8, 2n * available), 'SubtensorModule', 'TransferDisallowed');
    state.subnets.get(1)!.transferToggle = true;
    fails(state, bob, calls.transferStake(dave, aurora, 1, 8, 2n * available), 'SubtensorModule', 'StakeUnavailable');
  });

  it('transfer_stake within the subnet: no StakeUnavailable; the locked part follows the stake (refused by default, LockHotkeyMismatch against another lock)', () => {
    const locked = stakeAvailability(state, bob, 1).locked;
    fails(state, bob, calls.transferStake(dave, aurora, 1, 1, available + 5n * TAO), 'SubtensorModule', 'AccountRejectsLockedAlpha');
    // Within the available part nothing locked moves, so the destination's refusal does not apply.
    ok(state, bob, calls.transferStake(dave, aurora, 1, 1, 4n * TAO));
    expect(currentLock(state, bob, 1)!.lockedMass).toBe(locked);
    expect(currentLock(state, dave, 1)).toBeUndefined();
    ok(state, dave, calls.setRejectLockedAlpha(false));
    ok(state, bob, calls.transferStake(dave, aurora, 1, 1, 11n * TAO));
    expect(currentLock(state, bob, 1)!.lockedMass).toBe(locked - 5n * TAO);
    expect(currentLock(state, dave, 1)).toMatchObject({ hotkey: aurora, lockedMass: 5n * TAO });
    expect(stakeAvailability(state, bob, 1).available).toBe(0n);
    ok(state, alice, calls.lockStake(meridian, 1, TAO));
    ok(state, alice, calls.setRejectLockedAlpha(false));
    fails(state, bob, calls.transferStake(alice, aurora, 1, 1, TAO), 'SubtensorModule', 'LockHotkeyMismatch');
  });
});
