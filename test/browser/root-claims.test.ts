import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDevnet, type Devnet } from '../../devnet/index.ts';
import { devAccount, validator } from '../../devnet/state/genesis.ts';
import { claimPreview } from '../../devnet/state/root-claims.ts';
import { formatAmount } from '../../src/amount.ts';
import { ApiPromise, Keyring, WsProvider } from '@polkadot/api';
import { u8aToHex } from '@polkadot/util';
import { cryptoWaitReady, encodeAddress } from '@polkadot/util-crypto';
import { tao } from '../../popup/lib/format.ts';
import { artifactPath, launchExtension, openPopupOn, sendFromPage, type ExtensionSession } from './harness.ts';

// Root claims through the popup on the devnet's `current` profile, and the `balancer` profile's
// fallback (no claim UI, today's flows). Setup (vault, //Alice, the basket) goes through the
// background's messages and the devnet's controls; every tested step is the UI.

const DEV_PHRASE = 'bottom drive obey lake curtain smoke basket hold race lonely fit walk';
const TAO = 1_000_000_000n;
const AURORA_HEX = validator('aurora').hex;
const AURORA = encodeAddress(AURORA_HEX, 42);
const ALICE_HEX = devAccount('Alice').hex;
const taoText = (rao: bigint) => `${formatAmount(rao, { maxDecimals: 9, grouping: true })} τ`;

async function dev(devnet: Devnet, method: string, params: unknown[]): Promise<void> {
  const res = await fetch(devnet.httpUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }) });
  const body = (await res.json()) as { error?: { message: string } };
  if (body.error) throw new Error(body.error.message);
}

async function setUp(runtime: 'current' | 'balancer') {
  const devnet = await startDevnet({ port: 0, blockTimeMs: 1000, finalityDelayMs: 200, runtime });
  const session = await launchExtension();
  const popup = await openPopupOn(session, devnet.url);
  await sendFromPage(popup, 'pri(vault.setup)', { password: 'correct horse battery' });
  await sendFromPage(popup, 'pri(accounts.create)', { mnemonic: DEV_PHRASE, name: 'Alice', derivationPath: '//Alice' });
  await popup.reload();
  await popup.locator(`[data-testid="position-0"][data-hotkey="${AURORA}"]`).waitFor({ timeout: 30_000 });
  return { devnet, session, popup };
}

async function confirmAndWait(popup: Page): Promise<string> {
  await popup.getByTestId('confirm-tx').click();
  const status = popup.getByTestId('tx-status');
  await expect.poll(() => status.getAttribute('data-status').catch(() => null), { timeout: 30_000 }).toMatch(/finalized|failed|dropped/);
  return (await status.getAttribute('data-status'))!;
}

describe('root claims through the popup (current profile)', () => {
  let devnet: Devnet;
  let session: ExtensionSession;
  let popup: Page;
  const shot = (name: string) => popup.screenshot({ path: artifactPath(`root-claims-${name}.png`) });
  const claimRow = () => popup.locator(`[data-testid="root-claim"][data-hotkey="${AURORA}"]`);
  const rootPosition = () => popup.locator(`[data-testid="position-0"][data-hotkey="${AURORA}"]`);

  beforeAll(async () => {
    ({ devnet, session, popup } = await setUp('current'));
  });

  afterAll(async () => {
    await session?.close();
    await devnet?.close();
  });

  it('shows what a claim pays and what it forfeits as dust per validator, and lands a claim: received == preview', async () => {
    // Alice owns 1,000 of 1,001 fund shares; her slice of the SN2 holding is below the dust floor.
    await dev(devnet, 'dev_setRootClaimParams', [{ sliceDust: 100_000, forfeitCap: 1_000_000 }]);
    await dev(devnet, 'dev_setRootBasket', [AURORA_HEX, { holdings: { 1: (3n * TAO).toString(), 2: 20_000, 0: (TAO / 2n).toString() }, owed: { [ALICE_HEX]: 1_000 }, shares: 1_001 }]);
    const preview = claimPreview(devnet.state(), AURORA_HEX, ALICE_HEX)!;
    expect(preview.forfeitedTaoEst).toBeGreaterThan(0n);
    await expect.poll(() => claimRow().getByTestId('claim-redeemable').textContent().catch(() => null), { timeout: 15_000 }).toBe(tao(preview.redeemableTao.toString()));
    // Dust is small by definition: shown to the rao.
    expect(await claimRow().getByTestId('claim-forfeited').textContent()).toBe(tao(preview.forfeitedTaoEst.toString(), 9));
    await claimRow().scrollIntoViewIfNeeded();
    await shot('portfolio');
    await claimRow().getByTestId('claim-button').click();
    await expect.poll(() => popup.locator('details.call summary').textContent(), { timeout: 15_000 }).toMatch(/claimRootWithHotkey$/);
    expect(await popup.getByTestId('review-summary').textContent()).toMatch(/Claim your root dividends/);
    expect(await confirmAndWait(popup)).toBe('finalized');
    await expect.poll(() => popup.getByTestId('tx-difference').textContent().catch(() => null), { timeout: 15_000 }).toMatch(/exactly as previewed/);
    expect(await popup.getByTestId('tx-received').textContent()).toBe(taoText(preview.redeemableTao));
    await popup.getByRole('link', { name: 'Done' }).click();
    await expect.poll(() => claimRow().count(), { timeout: 15_000 }).toBe(0);
  });

  it('a claim signed outside the wallet with Alice\'s key shows once in Activity, seen on chain, with the TAO the block\'s events paid', async () => {
    // Another client (btcli, another wallet) holding the same key: the wallet did not send this.
    await cryptoWaitReady();
    const pair = new Keyring({ type: 'sr25519' }).addFromUri(`${DEV_PHRASE}//Alice`);
    expect(u8aToHex(pair.publicKey)).toBe(ALICE_HEX);
    await dev(devnet, 'dev_setRootBasket', [AURORA_HEX, { holdings: { 1: (2n * TAO).toString(), 0: (TAO / 4n).toString() }, owed: { [ALICE_HEX]: 1_000 }, shares: 1_000 }]);
    const expected = claimPreview(devnet.state(), AURORA_HEX, ALICE_HEX)!.redeemableTao;
    expect(expected).toBeGreaterThan(0n);
    const api = await ApiPromise.create({ provider: new WsProvider(devnet.url), noInitWarn: true });
    let landed: { events: { method: string; data: string[] }[] };
    try {
      landed = await new Promise((resolve, reject) => {
        api.tx.subtensorModule!.claimRootWithHotkey!(AURORA).signAndSend(pair, (result) => {
          if (result.isError || result.dispatchError) reject(new Error(`claim failed: ${result.status.type} ${result.dispatchError?.toString() ?? ''}`));
          if (result.status.isInBlock) resolve({ events: result.events.map(({ event }) => ({ method: event.method, data: event.data.map((d) => d.toString()) })) });
        }).catch(reject);
      });
    } finally {
      await api.disconnect();
    }
    // The chain's own figure: BasketClaimed { hotkey, coldkey, tao } (and the claim's RootClaimed total).
    const basket = landed.events.find((e) => e.method === 'BasketClaimed')!.data;
    const total = landed.events.find((e) => e.method === 'RootClaimed')!.data;
    expect(basket[2]).toBe(total[1]);
    expect(BigInt(basket[2]!)).toBe(expected);

    await popup.evaluate(() => (location.hash = '#/activity'));
    const seenItems = popup.getByTestId('tx-item').filter({ has: popup.getByTestId('tx-seen') });
    await expect.poll(() => seenItems.count(), { timeout: 30_000 }).toBe(1);
    const item = seenItems.first();
    expect(await item.locator('.tx-summary').textContent()).toBe(`Seen on chain: claimed ${formatAmount(BigInt(basket[2]!))} TAO of root dividends, staked on root (SN0)`);
    await item.locator('summary').click();
    expect(await item.getByTestId('tx-item-received').textContent()).toBe(formatAmount(BigInt(basket[2]!), { grouping: true }));
    await shot('activity-seen-claim');
    // A refresh (reading the same head again) does not add it a second time; the wallet's own claim above is not "seen".
    await popup.reload();
    await popup.getByTestId('tx-item').first().waitFor({ timeout: 15_000 });
    expect(await seenItems.count()).toBe(1);
    await popup.evaluate(() => (location.hash = '#/portfolio'));
  });

  it('refuses a claim below the chain\'s minimum before signing, with the reason', async () => {
    await dev(devnet, 'dev_setRootClaimParams', [{ sliceDust: 0, forfeitCap: 0 }]);
    await dev(devnet, 'dev_setRootBasket', [AURORA_HEX, { holdings: { 0: 300_000, 1: 0, 2: 0 }, owed: { [ALICE_HEX]: 5 }, shares: 5 }]);
    await expect.poll(() => claimRow().getByTestId('claim-gate').textContent().catch(() => null), { timeout: 15_000 }).toMatch(/less than the chain's minimum claim of 0\.0005 τ.*pay nothing/);
    expect(await claimRow().getByTestId('claim-button').isDisabled()).toBe(true);
    expect(await claimRow().getByTestId('claim-exit-button').isDisabled()).toBe(true);
    await claimRow().scrollIntoViewIfNeeded();
    await shot('dust-gate');
  });

  it('under a hold: the root position says when it can move, the unstake form is refused before signing with the chain\'s reason', async () => {
    await dev(devnet, 'dev_setRootClaimParams', [{ unlockInterval: 5_000 }]);
    await expect.poll(() => rootPosition().getByTestId('root-hold').textContent().catch(() => null), { timeout: 15_000 }).toMatch(/can be unstaked or moved from block #\d+/);
    await shot('hold');
    await rootPosition().getByRole('link', { name: /Unstake from/ }).click();
    await popup.getByRole('button', { name: 'All' }).click();
    // Refused in the form, before anything is prepared or signed, with the chain's reason in words.
    await expect.poll(() => popup.getByTestId('amount-error').textContent().catch(() => ''), { timeout: 15_000 }).toMatch(/keeps root stake in place for 5000 blocks.*can leave from block #\d+/);
    expect(await popup.getByTestId('unstake-review').isDisabled()).toBe(true);
    await shot('hold-refused');
    await dev(devnet, 'dev_setRootClaimParams', [{ unlockInterval: 0 }]);
    await popup.evaluate(() => (location.hash = '#/portfolio'));
    await expect.poll(() => rootPosition().getByTestId('root-hold').count(), { timeout: 15_000 }).toBe(0);
  });

  it('claims then unstakes the whole root position in one batch_all', async () => {
    await dev(devnet, 'dev_setRootBasket', [AURORA_HEX, { holdings: { 1: (2n * TAO).toString() }, owed: { [ALICE_HEX]: 1_000 } }]);
    await expect.poll(() => claimRow().getByTestId('claim-exit-button').isEnabled().catch(() => false), { timeout: 15_000 }).toBe(true);
    await claimRow().getByTestId('claim-exit-button').click();
    await expect.poll(() => popup.locator('details.call summary').textContent(), { timeout: 15_000 }).toMatch(/batchAll$/);
    expect(await popup.getByTestId('review-summary').textContent()).toMatch(/all or nothing.*Claim your root dividends.*Unstake all your stake on root/);
    await shot('exit-review');
    expect(await confirmAndWait(popup)).toBe('finalized');
    await popup.getByRole('link', { name: 'Done' }).click();
    await expect.poll(() => rootPosition().count(), { timeout: 15_000 }).toBe(0);
    expect(await claimRow().count()).toBe(0);
  });

  it('claim all: refused with the reason while no validator reaches the minimum; then one claim_root pays every validator, the review lists each and the total, received == the sum', async () => {
    const MERIDIAN_HEX = validator('meridian').hex;
    const MERIDIAN = encodeAddress(MERIDIAN_HEX, 42);
    const claimAll = () => popup.getByTestId('claim-all');
    // The portfolio and the review show amounts to 6 decimals.
    const show = (rao: bigint) => `${formatAmount(rao, { maxDecimals: 6, grouping: true })} τ`;
    const meridianRow = () => popup.locator(`[data-testid="root-claim"][data-hotkey="${MERIDIAN}"]`);
    await dev(devnet, 'dev_setRootBasket', [AURORA_HEX, { holdings: { 0: 200_000, 1: 0, 2: 0 }, owed: { [ALICE_HEX]: 5 }, shares: 5 }]);
    await dev(devnet, 'dev_setRootBasket', [MERIDIAN_HEX, { holdings: { 0: 100_000 }, owed: { [ALICE_HEX]: 5 }, shares: 5 }]);
    await expect.poll(() => claimAll().getByTestId('claim-all-gate').textContent().catch(() => null), { timeout: 15_000 }).toMatch(/less than the chain's minimum claim of 0\.0005 τ, so claiming all now would pay nothing/);
    expect(await claimAll().getByTestId('claim-all-button').isDisabled()).toBe(true);
    await claimAll().scrollIntoViewIfNeeded();
    await shot('claim-all-refused');

    await dev(devnet, 'dev_setRootBasket', [AURORA_HEX, { holdings: { 1: (2n * TAO).toString(), 0: (TAO / 4n).toString() }, owed: { [ALICE_HEX]: 1_000 }, shares: 1_000 }]);
    await dev(devnet, 'dev_setRootBasket', [MERIDIAN_HEX, { holdings: { 3: (3n * TAO).toString(), 0: 0 }, owed: { [ALICE_HEX]: 1_000 }, shares: 1_000 }]);
    const previews = [claimPreview(devnet.state(), AURORA_HEX, ALICE_HEX)!.redeemableTao, claimPreview(devnet.state(), MERIDIAN_HEX, ALICE_HEX)!.redeemableTao];
    const total = previews[0]! + previews[1]!;
    // The button sits above the rows and shows what the rows add up to.
    await expect.poll(() => claimAll().getByTestId('claim-all-total').textContent().catch(() => null), { timeout: 15_000 }).toBe(show(total));
    expect(await meridianRow().getByTestId('claim-redeemable').textContent()).toBe(tao(previews[1]!.toString()));
    expect(await claimAll().getByTestId('claim-all-gate').count()).toBe(0);
    expect(await popup.locator('[data-testid="claim-all"] ~ ul [data-testid="root-claim"]').count()).toBe(2);
    await claimAll().scrollIntoViewIfNeeded();
    await shot('claim-all');
    await claimAll().getByTestId('claim-all-button').click();
    await expect.poll(() => popup.locator('details.call summary').textContent(), { timeout: 15_000 }).toMatch(/claimRoot$/);
    expect(await popup.getByTestId('review-summary').textContent()).toMatch(/^Claim your root dividends with every validator/);
    const lines = await popup.locator('.review-lines .row').evaluateAll((rows) => rows.map((r) => `${r.querySelector('dt')!.textContent}: ${r.querySelector('dd')!.textContent}`));
    expect(lines).toEqual(expect.arrayContaining([
      `You claim from Aurora Validator (preview): ${show(previews[0]!)}, staked on root with Aurora Validator`,
      `You claim from Meridian Stake (preview): ${show(previews[1]!)}, staked on root with Meridian Stake`,
      `You claim in total (preview): ${show(total)} from 2 validators`,
    ]));
    await shot('claim-all-review');
    expect(await confirmAndWait(popup)).toBe('finalized');
    await expect.poll(() => popup.getByTestId('tx-difference').textContent().catch(() => null), { timeout: 15_000 }).toMatch(/exactly as previewed/);
    expect(await popup.getByTestId('tx-received').textContent()).toBe(taoText(total));
    await popup.getByRole('link', { name: 'Done' }).click();
    await expect.poll(() => popup.getByTestId('root-claim').count(), { timeout: 15_000 }).toBe(0);
    expect(await claimAll().count()).toBe(0);
  });
});

describe('balancer profile: no root claims, today\'s flows', () => {
  let devnet: Devnet;
  let session: ExtensionSession;
  let popup: Page;

  beforeAll(async () => {
    ({ devnet, session, popup } = await setUp('balancer'));
  });

  afterAll(async () => {
    await session?.close();
    await devnet?.close();
  });

  it('shows no root dividends or hold, and a root unstake goes through the usual form', async () => {
    const root = popup.locator(`[data-testid="position-0"][data-hotkey="${AURORA}"]`);
    expect(await popup.getByRole('heading', { name: 'Root dividends' }).count()).toBe(0);
    expect(await popup.getByTestId('root-claim').count()).toBe(0);
    expect(await root.getByTestId('root-hold').count()).toBe(0);
    expect(await popup.locator('body').textContent()).not.toMatch(/claim/i);
    const before = await root.getByTestId('position-alpha').textContent();
    await root.getByRole('link', { name: /Unstake from/ }).click();
    await popup.getByTestId('unstake-amount').fill('10');
    await popup.getByTestId('unstake-review').click();
    await expect.poll(() => popup.getByTestId('review-summary').isVisible(), { timeout: 15_000 }).toBe(true);
    expect(await confirmAndWait(popup)).toBe('finalized');
    await popup.getByRole('link', { name: 'Done' }).click();
    await expect.poll(() => root.getByTestId('position-alpha').textContent(), { timeout: 15_000 }).not.toBe(before);
  });
});
