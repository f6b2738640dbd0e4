import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDevnet, type Devnet } from '../../devnet/index.ts';
import { artifactPath, importDevAccount, launchExtension, openPopupOn, sendFromPage, type ExtensionSession } from './harness.ts';

// What a person does after `npm start`: bring a funded dev account in by its recovery phrase and
// derivation path, or ask the local devnet's faucet for test TAO for a brand-new account.

const ALICE = '5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY';
const PASSWORD = 'correct horse battery';

describe('getting test TAO on the devnet', () => {
  let devnet: Devnet;
  let session: ExtensionSession;
  let popup: Page;

  beforeAll(async () => {
    devnet = await startDevnet({ port: 0, blockTimeMs: 1000 });
    session = await launchExtension();
    popup = await openPopupOn(session, devnet.url);
  });

  afterAll(async () => {
    await session?.close();
    await devnet?.close();
  });

  it('imports //Alice from the dev phrase with a derivation path and shows her balance', async () => {
    await importDevAccount(popup, '//Alice', 'Alice', PASSWORD);
    await expect.poll(() => popup.getByTestId('active-address').getAttribute('data-address').catch(() => null), { timeout: 15_000 }).toBe(ALICE);
    await expect.poll(() => popup.getByTestId('free-tao').textContent(), { timeout: 20_000 }).toMatch(/^1,000,000/);
    // Alice is funded: no faucet offered.
    expect(await popup.getByRole('button', { name: /test τ/ }).count()).toBe(0);
  });

  it('offers the faucet to an empty account on the local devnet, and it pays 1,000 test TAO', async () => {
    const { mnemonic } = await sendFromPage<{ mnemonic: string }>(popup, 'pri(mnemonic.generate)', { words: 12 });
    const fresh = await sendFromPage<{ address: string }>(popup, 'pri(accounts.create)', { mnemonic, name: 'Fresh', origin: 'created' });
    await sendFromPage(popup, 'pri(settings.update)', { activeAddress: fresh.address });
    await popup.reload();
    const faucet = popup.getByRole('button', { name: 'Get 1,000 test τ' });
    await faucet.waitFor({ timeout: 20_000 });
    await popup.screenshot({ path: artifactPath('popup-devnet-faucet.png') });
    await faucet.click();
    await expect.poll(() => popup.getByTestId('free-tao').textContent(), { timeout: 20_000 }).toMatch(/^1,000 τ/);
    await expect.poll(() => faucet.count(), { timeout: 10_000 }).toBe(0);
  });
});
