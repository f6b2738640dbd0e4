import { describe, expect, it } from 'vitest';
import { createGenesisState, devAccount, subnetAccountId, validator } from './genesis.ts';
import { dispatchWithFaults, setStrandedStakeTao } from './faults.ts';
import { ControlError } from './controls.ts';
import { freeBalance } from './queries.ts';
import { calls, TAO } from './testing.ts';

describe('stranded stake TAO fault (subtensor#2735)', () => {
  it('off: the stake swaps the whole amount; on: up to the set TAO stays on the subnet account, StakeAdded reports only what swapped', () => {
    const alice = devAccount('Alice').hex;
    const hotkey = validator('helix').hex;
    const state = createGenesisState();
    const subnetAccount = subnetAccountId(3);
    const correct = dispatchWithFaults(state, alice, calls.addStake(hotkey, 3, 10n * TAO));
    expect(correct.ok && correct.events.find((e) => e.method === 'StakeAdded')!.data[2]).toBe(10n * TAO);

    setStrandedStakeTao(state, 3, 400_000_000n);
    const freeBefore = freeBalance(state, alice);
    const reserveBefore = state.subnets.get(3)!.taoReserve;
    const accountBefore = freeBalance(state, subnetAccount);
    const faulty = dispatchWithFaults(state, alice, calls.addStake(hotkey, 3, 10n * TAO));
    expect(faulty.ok).toBe(true);
    const added = faulty.events.find((e) => e.method === 'StakeAdded')!;
    expect(added.data[2]).toBe(9_600_000_000n);
    expect(freeBefore - freeBalance(state, alice)).toBe(10n * TAO);
    const swappedIn = state.subnets.get(3)!.taoReserve - reserveBefore;
    expect(freeBalance(state, subnetAccount) - accountBefore - swappedIn).toBe(400_000_000n);

    setStrandedStakeTao(state, 3, 0n);
    expect(state.subnets.get(3)!.strandedStakeTao).toBeUndefined();
    expect(() => setStrandedStakeTao(state, 99, 1n)).toThrow(ControlError);
  });
});
