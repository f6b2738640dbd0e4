// The vault in the real service worker: production KDF, storage.local/session, chrome.alarms, and
// a worker restart in the middle of an unlocked session.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccountSummary, VaultStatus } from '../../src/protocol/vault.ts';
import { launchExtension, sendFromPage, type ExtensionSession } from './harness.ts';

const DEV = 'bottom drive obey lake curtain smoke basket hold race lonely fit walk';
const ALICE = '5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY';
const PASSWORD = 'browser password';

describe('vault in the service worker', () => {
  let session: ExtensionSession;
  let page: Page;
  const send = <T>(name: string, request: unknown = {}) => sendFromPage<T>(page, name, request);
  /** Reads or edits storage.session from inside the worker (no extension message involved). */
  const sessionState = () => session.worker.evaluate(async () => (await chrome.storage.session.get('vault.session'))['vault.session'] as { lockAt: number; key: string } | undefined);

  beforeAll(async () => {
    session = await launchExtension();
    page = await session.openPopup('#/vault-test');
  });

  afterAll(async () => {
    await session?.close();
  });

  it('sets up, creates an account, and stays unlocked with the same deadline across a worker restart', async () => {
    expect(await send<VaultStatus>('pri(vault.status)')).toMatchObject({ initialized: false, unlocked: false });
    const setup = await send<VaultStatus>('pri(vault.setup)', { password: PASSWORD });
    expect(setup).toMatchObject({ initialized: true, unlocked: true, autoLockMinutes: 15 });
    expect(setup.lockAt! - Date.now()).toBeGreaterThan(14 * 60_000);

    const alice = await send<AccountSummary>('pri(accounts.create)', { mnemonic: DEV, name: 'Alice', derivationPath: '//Alice' });
    expect(alice.address).toBe(ALICE);
    const stored = await session.worker.evaluate(async () => JSON.stringify(await chrome.storage.local.get(null)));
    expect(stored).not.toContain('bottom drive');

    const before = await send<VaultStatus>('pri(vault.status)');
    await session.restartWorker();
    const after = await send<VaultStatus>('pri(vault.status)');
    expect(after).toMatchObject({ unlocked: true, lockAt: before.lockAt });
    expect(after.accounts.map((a) => a.address)).toEqual([ALICE]);
    // The restored session key really works: sealing a new secret needs it.
    const seeded = await send<AccountSummary>('pri(accounts.importSeed)', { seed: `0x${'07'.repeat(32)}`, name: 'Seed' });
    expect(seeded.origin).toBe('seed');
    expect((await send<{ mnemonic: string }>('pri(accounts.revealMnemonic)', { address: ALICE, password: PASSWORD })).mnemonic).toBe(DEV);
  });

  it('an invalid mnemonic names the word', async () => {
    await expect(send('pri(mnemonic.validate)', { mnemonic: DEV.replace('lake', 'laek') })).rejects.toMatchObject({ code: 'InvalidMnemonic', message: expect.stringContaining("Unknown word 'laek' (word 4)") });
  });

  it('honours a passed deadline on the next message, including after a restart', async () => {
    await send('pri(vault.setAutoLock)', { minutes: 1 });
    const state = (await sessionState())!;
    expect(state.lockAt - Date.now()).toBeLessThanOrEqual(60_000);
    await session.worker.evaluate(async (s) => chrome.storage.session.set({ 'vault.session': { ...s, lockAt: Date.now() - 1 } }), state);
    await session.restartWorker();
    expect(await send<VaultStatus>('pri(vault.status)')).toMatchObject({ unlocked: false, lockAt: null });
    expect(await sessionState()).toBeUndefined();
  });

  it('the auto-lock alarm locks without any message', async () => {
    await send('pri(vault.unlock)', { password: PASSWORD });
    const state = (await sessionState())!;
    const when = Date.now() + 1_500;
    await session.worker.evaluate(async ([s, at]) => {
      await chrome.storage.session.set({ 'vault.session': { ...(s as object), lockAt: at } });
      await chrome.alarms.create('vault.autolock', { when: at as number });
    }, [state, when] as const);
    await expect.poll(async () => (await sessionState()) === undefined, { timeout: 15_000, interval: 250 }).toBe(true);
    expect(await send<VaultStatus>('pri(vault.status)')).toMatchObject({ unlocked: false });
  });

  it('wrong passwords: clear errors, then a delay that survives a worker restart', async () => {
    for (let i = 1; i <= 5; i++) await expect(send('pri(vault.unlock)', { password: `wrong ${i}` })).rejects.toMatchObject({ code: 'WrongPassword' });
    const status = await send<VaultStatus>('pri(vault.status)');
    expect(status).toMatchObject({ unlocked: false, failedAttempts: 5 });
    expect(status.retryAt).not.toBeNull();
    await session.restartWorker();
    // The counter and the absolute retry time are persisted: the new worker reports the same ones.
    const restarted = await send<VaultStatus>('pri(vault.status)');
    if (restarted.retryAt !== null) {
      expect(restarted).toMatchObject({ failedAttempts: 5, retryAt: status.retryAt });
      await expect(send('pri(vault.unlock)', { password: PASSWORD })).rejects.toMatchObject({ code: 'TooManyAttempts' });
    } else {
      // The restart outlasted the 5 s delay on a loaded machine; the count must still be there.
      expect(restarted.failedAttempts).toBe(5);
    }
    await new Promise((r) => setTimeout(r, Math.max(0, status.retryAt! - Date.now()) + 100));
    expect(await send<VaultStatus>('pri(vault.unlock)', { password: PASSWORD })).toMatchObject({ unlocked: true, failedAttempts: 0 });
  });
});
