// The built extension in Firefox (dist-firefox/: an MV3 event page instead of a service worker):
// a real @polkadot/extension-dapp page finds the wallet, the relay reaches the background, the
// approval windows (the popup's own code) answer, and a stake the page submits lands on the devnet.
// Then the popup's portfolio shows the position. Firefox is Debian's firefox-esr over WebDriver BiDi.
import type { Page } from 'puppeteer-core';
import { cryptoWaitReady, signatureVerify } from '@polkadot/util-crypto';
import { stringToU8a, u8aWrapBytes } from '@polkadot/util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDevnet, type Devnet } from '../../devnet/index.ts';
import { DEV_PHRASE, validator } from '../../devnet/state/genesis.ts';
import type { AccountSummary } from '../../src/protocol/vault.ts';
import { firefoxAvailable, launchFirefox, sendFromExtensionPage, type FirefoxSession } from './firefox.ts';
import { artifactPath, servePages, type PageServer } from './harness.ts';
import { bundleDappPage, settledDappCall, type Settled } from './pages/bundle.ts';

const PASSWORD = 'firefox test password';
// CI installs firefox-esr (.ci/run); elsewhere a missing Firefox skips this file and says so.
const skip = !firefoxAvailable() && !process.env.CI;
if (skip) console.warn('firefox.test.ts skipped: no /usr/bin/firefox-esr (apt-get install firefox-esr) or no dist-firefox/');

describe.skipIf(skip)('Firefox: dApp connection and staking through the event-page background', () => {
  let devnet: Devnet;
  let site: PageServer;
  let firefox: FirefoxSession;
  let page: Page;
  let popup: Page;
  let alice = '';

  /** Evaluates `window.dapp.<body>` in the dApp page and settles it to a value or an error text. */
  const dapp = <T,>(call: string) => page.evaluate(settledDappCall(call)) as Promise<Settled<T>>;
  const text = (p: Page, testId: string) => p.$eval(`[data-testid="${testId}"]`, (el) => el.textContent);

  beforeAll(async () => {
    await cryptoWaitReady();
    const [{ html, code }] = await Promise.all([bundleDappPage(), (async () => (devnet = await startDevnet({ port: 0, mode: 'auto', blockTimeMs: 500, finalityDelayMs: 50 })))()]);
    site = await servePages({ '/': html, '/dapp.js': code });
    firefox = await launchFirefox();
    page = await firefox.browser.newPage();
    await page.goto(site.url('/'));
  });

  afterAll(async () => {
    await firefox?.close();
    await site?.close();
    await devnet?.close();
  });

  it('injects window.injectedWeb3 at document start; the approval window connects the account picked', async () => {
    expect(await page.evaluate(() => Object.keys((window as unknown as { injectedWeb3: object }).injectedWeb3))).toEqual(['taostake']);
    const enabled = dapp<string[]>(`enable('Firefox dApp')`);
    const win = await firefox.waitForExtensionPage('#/authorize/');
    await win.waitForSelector('[data-testid="request-origin"]', { timeout: 15_000 });
    expect(await text(win, 'request-origin')).toBe(site.origin);

    // Set the wallet up from this extension page, and open the popup in a tab of its own
    // (BiDi may not navigate a tab to moz-extension://; the extension's tabs API may).
    await sendFromExtensionPage(win, 'pri(vault.setup)', { password: PASSWORD });
    alice = (await sendFromExtensionPage<AccountSummary>(win, 'pri(accounts.create)', { mnemonic: DEV_PHRASE, name: 'Alice', derivationPath: '//Alice' })).address;
    await sendFromExtensionPage(win, 'pri(chain.selectNetwork)', { network: 'custom', url: devnet.url });
    const popupOpened = firefox.waitForExtensionPage('#/portfolio');
    await win.evaluate(() => (globalThis as unknown as { browser: { tabs: { create(o: { url: string }): Promise<unknown> } } }).browser.tabs.create({ url: '/popup.html#/portfolio' }));
    popup = await popupOpened;

    // The window was drawn before the account existed: reload it, as a person would reopen it.
    await win.evaluate(() => location.reload());
    await win.waitForSelector(`[data-testid="authorize-account-${alice}"]`, { timeout: 15_000 });
    expect(await win.$eval(`[data-testid="authorize-account-${alice}"]`, (el) => (el as HTMLInputElement).checked)).toBe(true);
    await win.click('[data-testid="authorize-approve"]');
    expect(await enabled).toEqual({ value: ['taostake'] });
    expect(await dapp(`accounts()`)).toEqual({ value: [{ address: alice, name: 'Alice', source: 'taostake', genesisHash: null }] });
  });

  it('a rejected request rejects the page promise', async () => {
    const signed = dapp(`signRaw(${JSON.stringify(alice)}, 'no thanks')`);
    const win = await firefox.waitForExtensionPage('#/request/');
    await win.waitForSelector('[data-testid="request-message"]', { timeout: 15_000 });
    await win.click('[data-testid="request-reject"]');
    expect(await signed).toEqual({ error: 'The user rejected the request' });
  });

  it('signs a message that verifies against the account', async () => {
    const signed = dapp<{ signature: `0x${string}` }>(`signRaw(${JSON.stringify(alice)}, 'hello from firefox')`);
    const win = await firefox.waitForExtensionPage('#/request/');
    await win.waitForSelector('[data-testid="request-message"]', { timeout: 15_000 });
    expect(await text(win, 'request-message')).toBe('hello from firefox');
    await win.click('[data-testid="request-approve"]');
    const result = await signed;
    expect(result.error).toBeUndefined();
    expect(signatureVerify(u8aWrapBytes(stringToU8a('hello from firefox')), result.value!.signature, alice).isValid).toBe(true);
  });

  it('signs add_stake_limit the page submits, it lands, and the popup shows the position', async () => {
    expect(await dapp<string>(`connect(${JSON.stringify(devnet.url)})`)).toMatchObject({ value: expect.stringMatching(/^0x/) });
    const staked = dapp<{ events: { name: string; data: unknown[] }[] }>(`stake(${JSON.stringify(alice)}, ${JSON.stringify(validator('aurora').address)}, 1, '10000000000', '210000000', ${JSON.stringify(devnet.meta.metadataHash)})`);
    const win = await firefox.waitForExtensionPage('#/request/');
    await win.waitForFunction(() => /^Stake 10 TAO into SN1/.test(document.querySelector('[data-testid="request-summary"]')?.textContent ?? ''), { timeout: 15_000 });
    await win.click('[data-testid="request-approve"]');
    const result = await staked;
    expect(result.error).toBeUndefined();
    expect(result.value!.events.map((e) => e.name)).toEqual(expect.arrayContaining(['subtensorModule.StakeAdded', 'system.ExtrinsicSuccess']));

    // The popup (preact/compat in Firefox) renders the portfolio with the new position.
    await popup.bringToFront();
    await popup.waitForSelector('[data-testid="position-1"]', { timeout: 30_000 });
    expect(await text(popup, 'network-name')).toBe('Custom');
    expect(await popup.$eval('[data-testid="position-1"] [data-testid="position-alpha"]', (el) => el.textContent)).toMatch(/\d/);
    await popup.screenshot({ path: artifactPath('firefox-portfolio.png') });
  });
});
