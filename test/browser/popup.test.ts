import { decodeAddress } from '@polkadot/util-crypto';
import { u8aToHex } from '@polkadot/util';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDevnet, type Devnet } from '../../devnet/index.ts';
import { fund, frontRun } from '../../devnet/state/index.ts';
import { accessibilityAudit, artifactPath, launchExtension, openPopupOn, type ExtensionSession } from './harness.ts';

// The popup end to end: the real built extension in Chromium, the real background, and the
// project's devnet over a real WebSocket. Every step goes through the UI a person would use;
// test-side controls only fund the new account and play the front-running bot.

const TAO = 1_000_000_000n;
const PASSWORD = 'correct horse battery';
const SUBNET = 3; // Gradient (γ): dynamic, validator Helix registered
const ROOT = 0;
const BOB = '5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty';

describe('popup against the devnet', () => {
  let devnet: Devnet;
  let session: ExtensionSession;
  let popup: Page;
  let address: string;

  const shot = (name: string) => popup.screenshot({ path: artifactPath(`popup-${name}.png`) });

  /** Runs a test control at the start of a new block (not a chain action: a test helper). */
  const control = (hook: Parameters<Devnet['node']['newBlocks']>[1] extends (infer H)[] | undefined ? H : never) => devnet.node.newBlocks(1, [hook]);

  beforeAll(async () => {
    // The balancer profile: the flows of a chain without move_stake_limit or locks (swap_stake_limit,
    // move_stake, no lock figures). The current profile's moves and locks: moves-locks.test.ts.
    devnet = await startDevnet({ port: 0, blockTimeMs: 1000, finalityDelayMs: 200, runtime: 'balancer' });
    session = await launchExtension();
    popup = await openPopupOn(session, devnet.url);
  });

  afterAll(async () => {
    await session?.close();
    await devnet?.close();
  });

  async function confirmAndWait(): Promise<string> {
    await popup.getByTestId('confirm-tx').click();
    const status = popup.getByTestId('tx-status');
    await expect.poll(() => status.getAttribute('data-status').catch(() => null), { timeout: 30_000 }).toMatch(/inBlock|finalized|failed|dropped/);
    return (await status.getAttribute('data-status'))!;
  }

  it('creates a wallet through onboarding, from the keyboard', async () => {
    await popup.getByRole('button', { name: 'Create a new wallet' }).click();
    await expect.poll(() => popup.getByTestId('mnemonic-word-12').isVisible()).toBe(true);
    await shot('onboarding-mnemonic');
    const words = await popup.getByTestId('mnemonic').locator('li').allTextContents();
    expect(words).toHaveLength(12);
    await popup.getByLabel('I have written down my recovery phrase').check();
    await popup.getByRole('button', { name: 'Continue' }).click();
    // Confirm the words asked for, by their labels.
    for (const input of await popup.getByLabel(/^Word #\d+$/).all()) {
      const label = await input.evaluate((el) => document.querySelector(`label[for="${el.id}"]`)!.textContent!);
      const index = Number(label.replace('Word #', '')) - 1;
      await input.fill(words[index]!);
    }
    await popup.keyboard.press('Enter');
    await popup.getByLabel('Account name').fill('Main');
    await popup.getByLabel('New password').fill(PASSWORD);
    await popup.getByLabel('Confirm password').fill(PASSWORD);
    await popup.keyboard.press('Enter');
    await expect.poll(() => popup.getByTestId('active-address').isVisible(), { timeout: 15_000 }).toBe(true);
    address = (await popup.getByTestId('active-address').getAttribute('data-address'))!;
    expect(address).toMatch(/^5/);
  });

  it('shows the funded portfolio with network and block', async () => {
    control((state) => fund(state, u8aToHex(decodeAddress(address)) as `0x${string}`, 1_000n * TAO));
    await expect.poll(() => popup.getByTestId('free-tao').textContent(), { timeout: 20_000 }).toMatch(/^1,000 τ$/);
    await expect.poll(() => popup.getByTestId('block-number').textContent()).toMatch(/^#\d/);
    expect(await popup.getByTestId('network-name').textContent()).toBe('Custom');
    await shot('portfolio-empty');
  });

  it('lists every subnet, searchable', async () => {
    await popup.getByRole('link', { name: 'Subnets', exact: true }).click();
    await expect.poll(() => popup.getByTestId('subnet-row-3').isVisible()).toBe(true);
    await shot('subnets');
    await popup.getByPlaceholder('Search number, name or symbol').fill('gradient');
    await expect.poll(() => popup.getByTestId('subnet-count').textContent()).toMatch(/^1 of \d+ subnets/);
    await popup.getByTestId('subnet-row-3').click();
    await expect.poll(() => popup.getByTestId('stake-amount').isVisible()).toBe(true);
  });

  it('refuses bad amounts by the field and previews a good one as it is typed', async () => {
    const amount = popup.getByTestId('stake-amount');
    const review = popup.getByTestId('stake-review');
    const error = popup.getByTestId('amount-error');
    await expect.poll(() => popup.getByTestId('validator-select').inputValue()).toMatch(/^5/);
    for (const [text, why] of [
      ['1.0000000001', /9 decimal/],
      ['abc', /digits/],
      ['-1', /negative/],
      ['5000', /More than your free balance/],
      ['0.001', /minimum stake/],
    ] as const) {
      await amount.fill(text);
      await expect.poll(() => error.textContent()).toMatch(why);
      expect(await review.isDisabled()).toBe(true);
      // The reason is announced with the field.
      expect(await amount.getAttribute('aria-describedby')).toContain(await error.getAttribute('id'));
    }
    await amount.fill('10');
    await expect.poll(() => popup.getByTestId('preview-received').textContent()).toMatch(/γ$/);
    expect(await popup.getByTestId('preview-slippage').textContent()).toMatch(/%$/);
    expect(await popup.getByTestId('chart-marker').count()).toBe(1);
    expect(await review.isEnabled()).toBe(true);
    await shot('stake');
  });

  it('stakes into a subnet and shows the position', async () => {
    await popup.getByTestId('stake-review').click();
    await expect.poll(() => popup.getByTestId('review-summary').isVisible(), { timeout: 15_000 }).toBe(true);
    expect(await popup.getByTestId('review-call').textContent()).toContain('5'); // decoded args
    await shot('review');
    expect(await confirmAndWait()).toMatch(/inBlock|finalized/);
    await expect.poll(() => popup.getByTestId('tx-received').isVisible(), { timeout: 15_000 }).toBe(true);
    await shot('result');
    await popup.getByRole('link', { name: 'Done' }).click();
    const position = popup.getByTestId(`position-${SUBNET}`);
    await expect.poll(() => position.isVisible(), { timeout: 15_000 }).toBe(true);
    expect(await position.getByTestId('position-alpha').textContent()).toMatch(/γ$/);
    await shot('portfolio');
  });

  it('opens with the cached portfolio before the background answers, then refreshes', async () => {
    const total = await popup.getByTestId('total-tao').textContent();
    const alpha = await popup.getByTestId(`position-${SUBNET}`).getByTestId('position-alpha').textContent();
    const slow = await session.context.newPage();
    // Every reply from the background is held back 2 s in this page: whatever it shows before
    // that can only come from the popup's own cache.
    await slow.addInitScript(() => {
      const runtime = (globalThis as unknown as { chrome: { runtime: { sendMessage: (m: unknown) => Promise<unknown> } } }).chrome.runtime;
      const send = runtime.sendMessage.bind(runtime);
      runtime.sendMessage = (m) => send(m).then((r) => new Promise((done) => setTimeout(() => done(r), 2_000)));
    });
    await slow.goto(popup.url().replace(/#.*$/, '#/portfolio'));
    await slow.getByTestId(`position-${SUBNET}`).waitFor({ timeout: 1_500 });
    expect(await slow.getByTestId('total-tao').textContent()).toBe(total);
    expect(await slow.getByTestId(`position-${SUBNET}`).getByTestId('position-alpha').textContent()).toBe(alpha);
    expect(await slow.evaluate(() => performance.getEntriesByName('taostake:chain-state').length)).toBe(0); // no reply yet
    // Then the background's answer arrives and replaces the cache.
    await expect.poll(() => slow.evaluate(() => performance.getEntriesByName('taostake:chain-state').length), { timeout: 10_000 }).toBeGreaterThan(0);
    expect(await slow.getByTestId('block-number').textContent()).toMatch(/^#\d/);
    await slow.close();
  });

  it('unstakes half of the position', async () => {
    const position = popup.getByTestId(`position-${SUBNET}`);
    const before = await position.getByTestId('position-alpha').textContent();
    await position.getByRole('link', { name: /Unstake from/ }).click();
    await popup.getByRole('button', { name: '50%' }).click();
    await expect.poll(() => popup.getByTestId('preview-received').textContent()).toMatch(/τ$/);
    await shot('unstake');
    await popup.getByTestId('unstake-review').click();
    await expect.poll(() => popup.getByTestId('review-summary').isVisible(), { timeout: 15_000 }).toBe(true);
    expect(await confirmAndWait()).toMatch(/inBlock|finalized/);
    await popup.getByRole('link', { name: 'Done' }).click();
    await expect.poll(() => popup.getByTestId(`position-${SUBNET}`).getByTestId('position-alpha').textContent(), { timeout: 15_000 }).not.toBe(before);
  });

  it('moves stake from root to a subnet (swap_stake_limit)', async () => {
    // A root position first, through the stake form.
    await popup.getByRole('link', { name: 'Stake', exact: true }).click();
    await popup.getByTestId('subnet-select').selectOption(String(ROOT));
    await expect.poll(() => popup.getByTestId('validator-select').inputValue()).toMatch(/^5/);
    const hotkey = await popup.getByTestId('validator-select').inputValue();
    await popup.getByTestId('stake-amount').fill('20');
    await popup.getByTestId('stake-review').click();
    await expect.poll(() => popup.getByTestId('review-summary').isVisible(), { timeout: 15_000 }).toBe(true);
    expect(await confirmAndWait()).toMatch(/inBlock|finalized/);
    await popup.getByRole('link', { name: 'Done' }).click();
    const rootPosition = popup.locator(`[data-testid="position-${ROOT}"][data-hotkey="${hotkey}"]`);
    await expect.poll(() => rootPosition.isVisible(), { timeout: 15_000 }).toBe(true);

    await rootPosition.getByRole('link', { name: /Move stake from/ }).click();
    await popup.getByTestId('subnet-select').selectOption('1');
    await popup.getByTestId('move-amount').fill('5');
    await expect.poll(() => popup.getByTestId('preview-received').textContent()).toMatch(/α$/);
    await shot('move');
    await popup.getByTestId('move-review').click();
    await expect.poll(() => popup.getByTestId('review-summary').isVisible(), { timeout: 15_000 }).toBe(true);
    expect(await popup.getByTestId('review-call').textContent()).toBeTruthy();
    expect(await confirmAndWait()).toMatch(/inBlock|finalized/);
    await popup.getByRole('link', { name: 'Done' }).click();
    await expect.poll(() => popup.locator(`[data-testid="position-1"][data-hotkey="${hotkey}"]`).isVisible(), { timeout: 15_000 }).toBe(true);
  });

  it('changes validator within a subnet (move_stake)', async () => {
    const position = popup.getByTestId(`position-${SUBNET}`).first();
    const from = (await position.getAttribute('data-hotkey'))!;
    await position.getByRole('link', { name: /Move stake from/ }).click();
    await popup.getByLabel('Another validator').check();
    const destination = popup.getByLabel('Destination validator');
    await expect.poll(() => destination.locator('option').count(), { timeout: 10_000 }).toBeGreaterThan(1);
    const to = (await destination.locator('option').nth(1).getAttribute('value'))!;
    await destination.selectOption(to);
    await popup.getByRole('button', { name: 'All' }).click();
    await expect.poll(() => popup.getByTestId('preview-received').textContent()).toMatch(/γ$/);
    await popup.getByTestId('move-review').click();
    await expect.poll(() => popup.getByTestId('review-call').textContent(), { timeout: 15_000 }).toContain(to);
    expect(await popup.getByTestId('review-limit').textContent()).toMatch(/no price limit/);
    expect(await confirmAndWait()).toMatch(/inBlock|finalized/);
    await popup.getByRole('link', { name: 'Done' }).click();
    await expect.poll(() => popup.locator(`[data-testid="position-${SUBNET}"][data-hotkey="${to}"]`).isVisible(), { timeout: 15_000 }).toBe(true);
    expect(await popup.locator(`[data-testid="position-${SUBNET}"][data-hotkey="${from}"]`).count()).toBe(0);
  });

  it('moves alpha to another subnet and all of it to root (swap_stake_limit), and unstakes all (remove_stake_full_limit)', async () => {
    const callName = () => popup.locator('details.call summary').textContent();
    const review = async (button: string) => {
      await popup.getByTestId(button).click();
      await expect.poll(() => popup.getByTestId('review-summary').isVisible(), { timeout: 15_000 }).toBe(true);
    };
    const land = async () => {
      expect(await confirmAndWait()).toMatch(/inBlock|finalized/);
      await popup.getByRole('link', { name: 'Done' }).click();
    };
    const positionOf = (netuid: number, hotkey: string) => popup.locator(`[data-testid="position-${netuid}"][data-hotkey="${hotkey}"]`);

    // Alpha to alpha: 1 γ of the SN3 position into SN1, same validator.
    const hotkey = (await popup.getByTestId(`position-${SUBNET}`).first().getAttribute('data-hotkey'))!;
    await positionOf(SUBNET, hotkey).getByRole('link', { name: /Move stake from/ }).click();
    await popup.getByTestId('subnet-select').selectOption('1');
    await popup.getByTestId('move-amount').fill('1');
    await expect.poll(() => popup.getByTestId('preview-received').textContent()).toMatch(/α$/);
    await review('move-review');
    expect(await callName()).toMatch(/swapStakeLimit$/);
    await land();
    await expect.poll(() => positionOf(1, hotkey).isVisible(), { timeout: 15_000 }).toBe(true);

    // Alpha to root: all of the new SN1 position.
    await positionOf(1, hotkey).getByRole('link', { name: /Move stake from/ }).click();
    await popup.getByTestId('subnet-select').selectOption(String(ROOT));
    await popup.getByRole('button', { name: 'All' }).click();
    await expect.poll(() => popup.getByTestId('preview-received').textContent()).toMatch(/τ$/);
    await review('move-review');
    expect(await callName()).toMatch(/swapStakeLimit$/);
    await land();
    await expect.poll(() => positionOf(ROOT, hotkey).isVisible(), { timeout: 15_000 }).toBe(true);
    await expect.poll(() => positionOf(1, hotkey).count(), { timeout: 15_000 }).toBe(0);

    // Unstake all of the root position: the full-exit call, and the position is gone.
    await positionOf(ROOT, hotkey).getByRole('link', { name: /Unstake from/ }).click();
    await popup.getByRole('button', { name: 'All' }).click();
    await expect.poll(() => popup.getByTestId('preview-received').textContent()).toMatch(/τ$/);
    await review('unstake-review');
    expect(await callName()).toMatch(/removeStakeFullLimit$/);
    await land();
    await expect.poll(() => positionOf(ROOT, hotkey).count(), { timeout: 15_000 }).toBe(0);
  });

  it('explains a front-run beyond tolerance that the chain refuses', async () => {
    await popup.evaluate(() => (location.hash = '#/stake?netuid=3'));
    await expect.poll(() => popup.getByTestId('validator-select').inputValue()).toMatch(/^5/);
    await popup.getByTestId('stake-amount').fill('5');
    await popup.getByTestId('stake-review').click();
    await expect.poll(() => popup.getByTestId('review-summary').isVisible(), { timeout: 15_000 }).toBe(true);
    // A bot buys 2,000 τ of alpha between our review and our submission: the price jumps far past 0.5%.
    control((state) => frontRun(state, SUBNET, 2_000n * TAO));
    const status = await confirmAndWait().catch(() => 'none');
    const explained = status === 'failed' ? popup.getByTestId('tx-error') : popup.getByTestId('submit-error');
    await expect.poll(() => explained.textContent(), { timeout: 15_000 }).toMatch(/price moved beyond your tolerance|past your limit/);
    await shot('front-run-refused');
  });

  it('shows activity and settings', async () => {
    await popup.evaluate(() => (location.hash = '#/activity'));
    await expect.poll(() => popup.getByTestId('tx-item').count(), { timeout: 10_000 }).toBeGreaterThanOrEqual(4);
    await shot('activity');
    await popup.evaluate(() => (location.hash = '#/settings'));
    await expect.poll(() => popup.getByTestId('connection-status').textContent()).toMatch(/connected/);
    await shot('settings');
  });

  it('gives every control on every screen an accessible name', async () => {
    // The position's own links carry its validator (the trade screens need netuid and hotkey).
    await popup.evaluate(() => (location.hash = '#/portfolio'));
    const position = popup.getByTestId(`position-${SUBNET}`).first();
    await position.waitFor({ timeout: 15_000 });
    const linkOf = async (name: RegExp) => (await position.getByRole('link', { name }).first().getAttribute('href'))!;
    // [screen, something that is there once it has rendered with data, a control to open first]
    const screens: [string, string, string?][] = [
      ['#/portfolio', `[data-testid="position-${SUBNET}"]`],
      ['#/subnets', '[data-testid^="subnet-row-"]'],
      ['#/stake?netuid=3', '[data-testid="stake-amount"]'],
      [await linkOf(/Unstake from/), '[data-testid="unstake-amount"]'],
      [await linkOf(/Move stake from/), '[data-testid="move-amount"]'],
      ['#/activity', '[data-testid="tx-item"]'],
      ['#/settings', '[data-testid="connection-status"]', 'summary'],
      ['#/add-account', 'main h1', 'Import an existing account'],
    ];
    const found: Record<string, { controls: number; unnamed: string[] }> = {};
    try {
      for (const [hash, ready, open] of screens) {
        await popup.evaluate((h) => (location.hash = h), hash);
        await popup
          .locator(ready)
          .first()
          .waitFor({ timeout: 15_000 })
          .catch((e: Error) => Promise.reject(new Error(`${hash}: ${e.message}`)));
        if (open === 'summary') await popup.locator('main summary').first().click();
        else if (open) await popup.getByRole('button', { name: open }).click();
        found[hash] = await accessibilityAudit(popup);
      }
    } finally {
      await popup.evaluate(() => (location.hash = '#/settings')); // where the next test starts
    }
    for (const [hash, audit] of Object.entries(found)) {
      expect(audit.controls, `${hash} has controls`).toBeGreaterThan(2);
      expect(audit.unnamed, `unnamed controls on ${hash}`).toEqual([]);
    }
  });

  it('reveals the recovery phrase only with the password', async () => {
    await popup.getByRole('button', { name: 'Recovery phrase' }).click();
    await popup.getByLabel('Wallet password').fill('wrong password');
    await popup.getByRole('button', { name: 'Show' }).click();
    await expect.poll(() => popup.getByTestId('error').first().textContent(), { timeout: 15_000 }).toMatch(/password/i);
    expect(await popup.getByTestId('revealed-mnemonic').count()).toBe(0);
    await popup.getByLabel('Wallet password').fill(PASSWORD);
    await popup.getByRole('button', { name: 'Show' }).click();
    await expect.poll(() => popup.getByTestId('revealed-mnemonic').textContent(), { timeout: 15_000 }).toMatch(/^(\w+ ){11}\w+$/);
    await popup.getByRole('button', { name: 'Hide' }).click();
    expect(await popup.getByTestId('revealed-mnemonic').count()).toBe(0);
  });

  it('locks from settings and unlocks from the keyboard', async () => {
    await popup.getByTestId('lock-now').click();
    const password = popup.getByLabel('Password', { exact: true });
    await expect.poll(() => password.isVisible(), { timeout: 10_000 }).toBe(true);
    await shot('unlock');
    // The password field has focus; type and press Enter, no mouse.
    await popup.keyboard.type('not the password');
    await popup.keyboard.press('Enter');
    await expect.poll(() => popup.getByTestId('error').textContent(), { timeout: 15_000 }).toMatch(/password/i);
    await password.focus();
    await popup.keyboard.type(PASSWORD);
    await popup.keyboard.press('Enter');
    // Back where the user was.
    await expect.poll(() => popup.getByTestId('lock-now').isVisible(), { timeout: 15_000 }).toBe(true);
  });

  it('adds a watch-only account, shows its portfolio and offers no signing', async () => {
    await popup.getByRole('link', { name: 'Add an account' }).click();
    await popup.getByRole('button', { name: 'Import an existing account' }).click();
    await popup.getByLabel('Watch-only address').check();
    await popup.getByLabel('Address (SS58)').fill(BOB);
    await popup.keyboard.press('Enter');
    await popup.getByLabel('Account name').fill('Bob (watch)');
    await popup.keyboard.press('Enter');
    await expect.poll(() => popup.getByTestId('active-address').getAttribute('data-address'), { timeout: 15_000 }).toBe(BOB);
    await expect.poll(() => popup.getByTestId(`position-${SUBNET}`).isVisible(), { timeout: 20_000 }).toBe(true); // Bob's genesis stake
    expect(await popup.getByRole('button', { name: 'Stake', exact: true }).isDisabled()).toBe(true);
    expect(await popup.getByRole('link', { name: /Unstake from/ }).count()).toBe(0);
    await shot('portfolio-watch-only');
    // Back to the first account through the switcher.
    await popup.getByLabel('Account').selectOption({ label: 'Main' });
    await expect.poll(() => popup.getByTestId('active-address').getAttribute('data-address'), { timeout: 15_000 }).toBe(address);
  });
});
