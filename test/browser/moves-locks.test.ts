import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDevnet, type Devnet } from '../../devnet/index.ts';
import { validator } from '../../devnet/state/genesis.ts';
import { encodeAddress } from '@polkadot/util-crypto';
import { artifactPath, launchExtension, openPopupOn, sendFromPage, type ExtensionSession } from './harness.ts';

// move_stake_limit and conviction locks through the popup on the devnet's `current` profile.
// Setup (vault, //Alice) goes through the background's messages; every tested step is the UI.

const DEV_PHRASE = 'bottom drive obey lake curtain smoke basket hold race lonely fit walk';
const AURORA = encodeAddress(validator('aurora').hex, 42);
const MERIDIAN = encodeAddress(validator('meridian').hex, 42);

describe('moves and locks through the popup (current profile)', () => {
  let devnet: Devnet;
  let session: ExtensionSession;
  let popup: Page;
  const shot = (name: string) => popup.screenshot({ path: artifactPath(`moves-locks-${name}.png`) });
  const position = (netuid: number, hotkey: string) => popup.locator(`[data-testid="position-${netuid}"][data-hotkey="${hotkey}"]`);

  async function confirmAndWait(): Promise<string> {
    await popup.getByTestId('confirm-tx').click();
    const status = popup.getByTestId('tx-status');
    await expect.poll(() => status.getAttribute('data-status').catch(() => null), { timeout: 30_000 }).toMatch(/finalized|failed|dropped/);
    return (await status.getAttribute('data-status'))!;
  }

  beforeAll(async () => {
    devnet = await startDevnet({ port: 0, blockTimeMs: 1000, finalityDelayMs: 200, runtime: 'current' });
    session = await launchExtension();
    popup = await openPopupOn(session, devnet.url);
    await sendFromPage(popup, 'pri(vault.setup)', { password: 'correct horse battery' });
    await sendFromPage(popup, 'pri(accounts.create)', { mnemonic: DEV_PHRASE, name: 'Alice', derivationPath: '//Alice' });
    await popup.reload();
    await position(1, AURORA).waitFor({ timeout: 30_000 });
  });

  afterAll(async () => {
    await session?.close();
    await devnet?.close();
  });

  it('moves across subnet and validator in one move_stake_limit; received == preview', async () => {
    await position(1, AURORA).getByRole('link', { name: /Move stake from/ }).click();
    await popup.getByTestId('subnet-select').selectOption('4');
    await expect.poll(() => popup.getByTestId('validator-select').locator(`option[value="${MERIDIAN}"]`).count(), { timeout: 10_000 }).toBe(1);
    await popup.getByTestId('validator-select').selectOption(MERIDIAN);
    await popup.getByTestId('move-amount').fill('20');
    await expect.poll(() => popup.getByTestId('preview-received').textContent()).toMatch(/\d/);
    await popup.getByTestId('move-review').click();
    await expect.poll(() => popup.locator('details.call summary').textContent(), { timeout: 15_000 }).toMatch(/moveStakeLimit$/);
    await shot('move-review');
    expect(await confirmAndWait()).toBe('finalized');
    // Received (from the chain's events) against the popup's two-leg preview: equal to the rao.
    await expect.poll(() => popup.getByTestId('tx-difference').textContent().catch(() => null), { timeout: 15_000 }).toMatch(/exactly as previewed/);
    expect(await popup.getByTestId('tx-received').textContent()).toBe(await popup.getByTestId('tx-previewed').textContent());
  });

  it('locks, tops up, shows the projection, and refuses an unstake above the available part in the form', async () => {
    await popup.evaluate(() => (location.hash = '#/portfolio'));
    await position(1, AURORA).getByRole('link', { name: /Lock stake on/ }).click();
    await popup.getByTestId('lock-amount').fill('100');
    await popup.getByTestId('lock-review').click();
    await expect.poll(() => popup.getByTestId('review-summary').isVisible(), { timeout: 15_000 }).toBe(true);
    expect(await confirmAndWait()).toBe('finalized');
    await popup.evaluate((h) => (location.hash = `#/lock?netuid=1&hotkey=${h}`), AURORA);
    await expect.poll(() => popup.getByTestId('lock-status').textContent(), { timeout: 15_000 }).toMatch(/Locked 100/);
    await popup.getByTestId('lock-amount').fill('50');
    await popup.getByTestId('lock-review').click();
    await expect.poll(() => popup.getByTestId('review-summary').isVisible(), { timeout: 15_000 }).toBe(true);
    expect(await confirmAndWait()).toBe('finalized');
    await popup.evaluate(() => (location.hash = '#/portfolio'));
    const lock = position(1, AURORA).getByTestId('position-lock');
    await expect.poll(() => lock.getByTestId('lock-locked').textContent(), { timeout: 15_000 }).toMatch(/^149\.99|^150/);
    expect(await lock.getByTestId('lock-projection').textContent()).toMatch(/becomes available by \w+ \d+, \d{4}/);
    await shot('portfolio-lock');

    // The form refuses the whole position: more than the subnet's available part.
    await position(1, AURORA).getByRole('link', { name: /Unstake from/ }).click();
    await popup.getByRole('button', { name: 'All' }).click();
    await expect.poll(() => popup.getByTestId('amount-error').textContent().catch(() => ''), { timeout: 10_000 }).toMatch(/can leave it now: .* is locked/);
    expect(await popup.getByTestId('unstake-review').isDisabled()).toBe(true);
    await shot('unstake-refused');

  });
});
