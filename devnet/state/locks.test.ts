import { beforeEach, describe, expect, it } from 'vitest';
import { createGenesisState, devAccount, validator } from './genesis.ts';
import { currentLock, setLockAge, stakeAvailability } from './locks.ts';
import { stakeValue } from './queries.ts';
import { calls, fails, ok, TAO } from './testing.ts';
import type { ChainState } from './types.ts';

const bob = devAccount('Bob').hex;
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
