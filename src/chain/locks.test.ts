import { describe, expect, it } from 'vitest';
import { availableAfter, decayedMass, expDecay, lockIntentRefusal, lockStakeRefusal, unlockProjection } from './locks.ts';
import type { LocksView, Snapshot } from '../protocol/chain.ts';

const ALPHA = 1_000_000_000n;
const TAU = 934_866n; // UnlockRate default: half-life τ·ln2 ≈ 648,000 blocks (90 days at 12 s)

describe('lock decay', () => {
  it('exp_decay: 1 at dt = 0, 0 with τ = 0, e^-1 at dt = τ', () => {
    expect(expDecay(0n, TAU)).toBe(1n << 64n);
    expect(expDecay(5n, 0n)).toBe(0n);
    // e^-1 = 0.36787944117144233 → 1e12 rao decays to 367,879,441,171.44
    expect(decayedMass(1000n * ALPHA, TAU, TAU, false)).toBe(367_879_441_171n);
    expect(decayedMass(1000n * ALPHA, TAU, TAU, true)).toBe(1000n * ALPHA);
  });

  it('halves after τ·ln2 = 647,999.73 blocks: still above half at 647,999, at or below it from 648,000', () => {
    const p = { total: 100n * ALPHA, locked: 100n * ALPHA, perpetual: false, unlockRate: TAU };
    expect(availableAfter(p, 647_999n)).toBeLessThan(50n * ALPHA);
    expect(availableAfter(p, 648_000n)).toBeGreaterThanOrEqual(50n * ALPHA);
    expect(unlockProjection(p, 50n * ALPHA)).toEqual({ kind: 'blocks', blocks: 648_000n });
  });

  it('30 α of 100 locked: τ·ln(100/70) = 333,443.28 → 333,444 blocks', () => {
    expect(unlockProjection({ total: 100n * ALPHA, locked: 100n * ALPHA, perpetual: false, unlockRate: TAU }, 30n * ALPHA)).toEqual({ kind: 'blocks', blocks: 333_444n });
  });

  it('now, perpetual and never', () => {
    const p = { total: 100n * ALPHA, locked: 40n * ALPHA, perpetual: false, unlockRate: TAU };
    expect(unlockProjection(p, 60n * ALPHA)).toEqual({ kind: 'now' });
    expect(unlockProjection({ ...p, perpetual: true }, 61n * ALPHA)).toEqual({ kind: 'perpetual' });
    expect(unlockProjection(p, 101n * ALPHA)).toEqual({ kind: 'never' });
    // The chain clamps the exponent at -40: 1.8e19 rao · e^-40 ≈ 76 rao never unlocks.
    const huge = { total: 18_000_000_000n * ALPHA, locked: 18_000_000_000n * ALPHA, perpetual: false, unlockRate: 10n };
    expect(unlockProjection(huge, huge.total)).toEqual({ kind: 'never' });
  });
});

describe('lock_stake refusals (the chain order)', () => {
  it('zero, another hotkey, more than held', () => {
    expect(lockStakeRefusal(0n, 'a', null, ALPHA)?.error).toBe('AmountTooLow');
    expect(lockStakeRefusal(ALPHA, 'b', { hotkey: 'a', locked: ALPHA }, 10n * ALPHA)?.error).toBe('LockHotkeyMismatch');
    expect(lockStakeRefusal(5n * ALPHA, 'a', { hotkey: 'a', locked: 6n * ALPHA }, 10n * ALPHA)?.error).toBe('InsufficientStakeForLock');
    expect(lockStakeRefusal(4n * ALPHA, 'a', { hotkey: 'a', locked: 6n * ALPHA }, 10n * ALPHA)).toBeNull();
    expect(lockStakeRefusal(10n * ALPHA, 'b', null, 10n * ALPHA)).toBeNull();
  });
});

describe('lockIntentRefusal: the chain\'s StakeUnavailable before signing', () => {
  const TAO = 1_000_000_000n;
  const H = '5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY';
  const G = '5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty';
  const view = (locked: bigint, available: bigint): LocksView => ({
    unlockRate: '934866',
    blockTimeMs: 12_000,
    rejectsLockedAlpha: true,
    subnets: [{ netuid: 1, total: (locked + available).toString(), locked: locked.toString(), available: available.toString(), hotkey: H, perpetual: false }],
  });
  const snapshot = (locks: LocksView | undefined, positionAlpha = 30n * TAO): Pick<Snapshot, 'account' | 'subnets'> => ({
    subnets: [],
    account: {
      address: G, free: '0', totalTao: '0',
      positions: [{ hotkey: H, netuid: 1, alpha: positionAlpha.toString(), valueTao: '0', unstakeTao: '0' }],
      ...(locks ? { locks } : {}),
    },
  });
  const s = snapshot(view(20n * TAO, 10n * TAO));

  it('an unstake is checked on the whole requested amount, allow_partial and price limit or not (remove_stake_limit)', () => {
    const unstake = (amount: bigint, allowPartial: boolean) => ({ kind: 'unstake' as const, hotkey: H, netuid: 1, amount: amount.toString(), limitPrice: '1', allowPartial });
    expect(lockIntentRefusal(unstake(10n * TAO, false), s)).toBeNull();
    expect(lockIntentRefusal(unstake(10n * TAO + 1n, false), s)?.code).toBe('StakeUnavailable');
    // The limit may let only 5 α execute: the chain still checks the 11 α requested.
    expect(lockIntentRefusal(unstake(11n * TAO, true), s)?.code).toBe('StakeUnavailable');
    expect(lockIntentRefusal(unstake(11n * TAO, true), s)?.message).toMatch(/Only 10 α of your 30 α on this subnet can leave it now/);
  });

  it('a full unstake is checked on the whole position', () => {
    expect(lockIntentRefusal({ kind: 'unstakeFull', hotkey: H, netuid: 1, limitPrice: null }, s)?.code).toBe('StakeUnavailable');
    expect(lockIntentRefusal({ kind: 'unstakeFull', hotkey: H, netuid: 1, limitPrice: '5' }, snapshot(view(20n * TAO, 10n * TAO), 10n * TAO))).toBeNull();
  });

  it('moves, swaps and transfers only when they leave the subnet, on the requested amount', () => {
    const amount = (11n * TAO).toString();
    expect(lockIntentRefusal({ kind: 'swap', hotkey: H, originNetuid: 1, destinationNetuid: 8, amount, limitPrice: '1', allowPartial: true }, s)?.code).toBe('StakeUnavailable');
    expect(lockIntentRefusal({ kind: 'moveLimit', originHotkey: H, destinationHotkey: G, originNetuid: 1, destinationNetuid: 8, amount, limitPrice: '1', allowPartial: true }, s)?.code).toBe('StakeUnavailable');
    expect(lockIntentRefusal({ kind: 'move', originHotkey: H, destinationHotkey: G, originNetuid: 1, destinationNetuid: 8, amount }, s)?.code).toBe('StakeUnavailable');
    expect(lockIntentRefusal({ kind: 'transferStake', destinationColdkey: H, hotkey: H, originNetuid: 1, destinationNetuid: 8, amount }, s)?.code).toBe('StakeUnavailable');
    // Within the subnet: a move keeps the total; a transfer takes the lock along (transfer_lock),
    // which only the destination's lock and flag can refuse.
    expect(lockIntentRefusal({ kind: 'move', originHotkey: H, destinationHotkey: G, originNetuid: 1, destinationNetuid: 1, amount }, s)).toBeNull();
    expect(lockIntentRefusal({ kind: 'moveLimit', originHotkey: H, destinationHotkey: G, originNetuid: 1, destinationNetuid: 1, amount, limitPrice: '1', allowPartial: false }, s)).toBeNull();
    expect(lockIntentRefusal({ kind: 'transferStake', destinationColdkey: H, hotkey: H, originNetuid: 1, destinationNetuid: 1, amount }, s)).toBeNull();
  });

  it('nothing without a lock there, without locks on the chain, or for unstake_all (the chain skips the position and succeeds)', () => {
    const unstake = { kind: 'unstake' as const, hotkey: H, netuid: 1, amount: (40n * TAO).toString(), limitPrice: '1', allowPartial: false };
    expect(lockIntentRefusal(unstake, snapshot(view(0n, 30n * TAO)))).toBeNull();
    expect(lockIntentRefusal(unstake, snapshot(undefined))).toBeNull();
    expect(lockIntentRefusal({ kind: 'unstake', hotkey: H, netuid: 2, amount: '1', limitPrice: '1', allowPartial: false }, s)).toBeNull();
    expect(lockIntentRefusal({ kind: 'unstakeAll', hotkey: H }, s)).toBeNull();
  });
});
