import { describe, expect, it } from 'vitest';
import { availableAfter, decayedMass, expDecay, lockStakeRefusal, unlockProjection } from './locks.ts';

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
