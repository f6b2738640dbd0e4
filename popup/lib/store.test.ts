import { describe, expect, it } from 'vitest';
import type { VaultStatus } from '../../src/protocol/vault.ts';
import { cachedVault, Live } from './store.ts';

const status: VaultStatus = { initialized: true, unlocked: true, lockAt: 10_000, autoLockMinutes: 15, accounts: [], failedAttempts: 0, retryAt: null, corrupt: false };

describe('popup store', () => {
  it('shows a mirrored unlocked vault as locked once its auto-lock deadline has passed', () => {
    expect(cachedVault(status, 9_999).unlocked).toBe(true);
    expect(cachedVault(status, 10_000)).toMatchObject({ unlocked: false, lockAt: null });
    expect(cachedVault({ ...status, unlocked: false, lockAt: null }, 20_000).unlocked).toBe(false);
  });

  it('notifies subscribers and keeps the last value and error apart', () => {
    const live = new Live<number>();
    let calls = 0;
    const off = live.subscribe(() => calls++);
    live.set(1);
    live.fail(new Error('boom'));
    expect(live.get()).toBe(1);
    expect(live.error()?.message).toBe('boom');
    live.set(2);
    expect(live.error()).toBeUndefined();
    off();
    live.set(3);
    expect(calls).toBe(3);
  });
});
