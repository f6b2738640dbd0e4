// A real dApp page (extension-dapp + @polkadot/api, pages/dapp.ts) asks the wallet to sign
// `claim_root_with_hotkey` for Alice while what her claim would pay is below the chain's
// `RootClaimableThreshold`: the approval window must say the claim is a paid no-op and rate it,
// and a reject must leave the page without a signature. The devnet runs the `current` profile
// (root claims); the basket and claim rules are set through its dev_ controls.
import type { Page } from 'playwright-core';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDevnet, type Devnet } from '../../devnet/index.ts';
import { DEV_PHRASE, devAccount, validator } from '../../devnet/state/genesis.ts';
import { claimPreview } from '../../devnet/state/root-claims.ts';
import type { AccountSummary } from '../../src/protocol/vault.ts';
import { artifactPath, launchExtension, sendFromPage, servePages, type ExtensionSession, type PageServer } from './harness.ts';
import { bundleDappPage, settledDappCall, type Settled } from './pages/bundle.ts';

const AURORA = validator('aurora');
const ALICE_HEX = devAccount('Alice').hex;

// expect.poll is only for inside a test; beforeAll waits with this.
async function until(check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function dev(devnet: Devnet, method: string, params: unknown[]): Promise<void> {
  const res = await fetch(devnet.httpUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }) });
  const body = (await res.json()) as { error?: { message: string } };
  if (body.error) throw new Error(body.error.message);
}

describe('dApp root claim below the chain\'s minimum (extension-dapp page, current devnet, Chromium)', () => {
  let session: ExtensionSession;
  let devnet: Devnet;
  let site: PageServer;
  let popup: Page;
  let page: Page;
  let alice = '';
  const send = <T,>(name: string, request: unknown = {}) => sendFromPage<T>(popup, name, request);

  beforeAll(async () => {
    await cryptoWaitReady();
    const [{ html, code }] = await Promise.all([bundleDappPage(), (async () => (devnet = await startDevnet({ port: 0, mode: 'auto', blockTimeMs: 500, finalityDelayMs: 50, runtime: 'current' })))()]);
    site = await servePages({ '/': html, '/dapp.js': code });
    session = await launchExtension();
    popup = await session.openPopup('#/dapp-test');
    await send('pri(vault.setup)', { password: 'dapp root claim password' });
    alice = (await send<AccountSummary>('pri(accounts.create)', { mnemonic: DEV_PHRASE, name: 'Alice', derivationPath: '//Alice' })).address;
    await send('pri(chain.selectNetwork)', { network: 'custom', url: devnet.url });
    await until(async () => (await send<{ connection: { status: string } }>('pri(chain.state)')).connection.status === 'connected', 30_000);
    page = await session.context.newPage();
    await page.goto(site.url('/'));
    const authorize = session.context.waitForEvent('page', { predicate: (p) => p.url().includes('#/authorize/'), timeout: 15_000 });
    const enabled = page.evaluate('window.dapp.enable("Claim dApp")');
    await (await authorize).getByTestId('authorize-approve').click();
    expect(await enabled).toEqual(['taostake']);
    await page.evaluate(`window.dapp.connect(${JSON.stringify(devnet.url)})`);
  });

  afterAll(async () => {
    await session?.close();
    await site?.close();
    await devnet?.close();
  });

  it('warns the claim would pay nothing and rates it medium; rejecting signs nothing', async () => {
    // Nothing is cut as dust, so the claim pays exactly Alice's slice: 0.0003 τ against a 0.0005 τ minimum.
    await dev(devnet, 'dev_setRootClaimParams', [{ sliceDust: 0, forfeitCap: 0 }]);
    await dev(devnet, 'dev_setRootBasket', [AURORA.hex, { holdings: { 0: 300_000, 1: 0, 2: 0 }, owed: { [ALICE_HEX]: 5 }, shares: 5 }]);
    const waiting = claimPreview(devnet.state(), AURORA.hex, ALICE_HEX)!.redeemableTao;
    const threshold = devnet.state().rootClaims.threshold;
    expect([waiting, threshold]).toEqual([300_000n, 500_000n]);
    // The window judges with the snapshot's figures: wait until the wallet has read this basket.
    await expect.poll(async () => {
      const state = await send<{ snapshot?: { account?: { rootClaims?: { claims: { hotkey: string; redeemable: string }[] } } } }>('pri(chain.state)');
      return state.snapshot?.account?.rootClaims?.claims.find((c) => c.hotkey === AURORA.address)?.redeemable ?? null;
    }, { timeout: 30_000 }).toBe(waiting.toString());

    const windowOpened = session.context.waitForEvent('page', { predicate: (p) => p.url().includes('#/request/'), timeout: 15_000 });
    const signed = page.evaluate(settledDappCall(`claimRoot(${JSON.stringify(alice)}, ${JSON.stringify(AURORA.address)})`)) as Promise<Settled<string>>;
    // A failed assertion closes the browser under this evaluate: not an unhandled rejection then.
    signed.catch(() => undefined);
    const win = await windowOpened;
    const risk = win.getByTestId('request-risk');
    await risk.waitFor({ timeout: 15_000 });
    expect(await risk.getAttribute('data-level')).toBe('medium');
    // The risk line carries the same reason, in the medium level's words.
    expect(await risk.textContent()).toMatch(/^Check carefully: A claim now would pay 0\.0003 τ, less than the chain's minimum claim of 0\.0005 τ\./);
    expect(await win.getByTestId('call-0').getAttribute('data-call')).toBe('SubtensorModule.claim_root_with_hotkey');
    expect(await win.getByTestId('request-warning').allTextContents()).toEqual([
      expect.stringMatching(/^A claim now would pay 0\.0003 τ, less than the chain's minimum claim of 0\.0005 τ\. The chain would accept it, charge the network fee and pay nothing/),
    ]);
    await win.screenshot({ path: artifactPath('dapp-root-claim-below-minimum.png'), fullPage: true });

    await win.getByTestId('request-reject').click();
    const result = await signed;
    expect(result).toEqual({ error: 'The user rejected the request' });
    expect(result.value).toBeUndefined();
    expect(await send<unknown[]>('pri(requests.list)')).toEqual([]);
  });
});
