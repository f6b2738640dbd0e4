import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDevnet, type Devnet } from '../../devnet/index.ts';
import { DEV_PHRASE, VALIDATORS } from '../../devnet/state/genesis.ts';
import { alphaPrice } from '../../devnet/state/queries.ts';
import { poolKey } from '../../devnet/state/stake-pools.ts';
import type { YieldView } from '../../src/protocol/chain.ts';
import { blocksPerYear, formatApy, validatorApy } from '../../src/yield/apy.ts';
import { artifactPath, launchExtension, openPopupOn, sendFromPage, type ExtensionSession } from './harness.ts';

// What a staker decides with, end to end: the built extension in Chromium, its background, and
// the devnet with per-tempo emission over a real WebSocket. APYs in the picker are checked
// against the devnet's own state, the subnet card against the TAOApp spec vector seeded on SN1.

const PASSWORD = 'correct horse battery';
const ALICE = '5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY';

describe('yield, subnet cards and history against the devnet', () => {
  let devnet: Devnet;
  let session: ExtensionSession;
  let popup: Page;
  const shot = (name: string) => popup.screenshot({ path: artifactPath(`decide-${name}.png`) });

  beforeAll(async () => {
    devnet = await startDevnet({ port: 0, blockTimeMs: 1000, finalityDelayMs: 200, emission: true });
    session = await launchExtension();
    popup = await openPopupOn(session, devnet.url);
  });

  afterAll(async () => {
    await session?.close();
    await devnet?.close();
  });

  /** The APY of each validator on `netuid` as the devnet's state gives it, formatted as the picker shows it. */
  function expectedApyTexts(netuid: number): Map<string, string> {
    const state = devnet.state();
    const subnet = state.subnets.get(netuid)!;
    const out = new Map<string, string>();
    for (const [hex, alphaDividends] of subnet.lastDividends ?? []) {
      const apy = validatorApy(
        { alphaDividends, taoDividends: 0n, take: state.hotkeys.get(hex)!.take, stake: state.stakePools.get(poolKey(hex, netuid))!.totalAlpha, price: alphaPrice(state, netuid) },
        subnet.tempo,
        blocksPerYear(12_000n),
      )!;
      out.set(VALIDATORS.find((v) => v.hex === hex)!.address, formatApy(apy));
    }
    return out;
  }

  it('imports //Alice', async () => {
    await popup.getByRole('button', { name: 'Import an existing account' }).click();
    await popup.getByLabel('Recovery phrase (12 or 24 words)').fill(DEV_PHRASE);
    await popup.getByLabel('Derivation path (optional)').fill('//Alice');
    await popup.getByRole('button', { name: 'Continue' }).click();
    await popup.getByLabel('Account name').fill('Alice');
    await popup.getByLabel('New password').fill(PASSWORD);
    await popup.getByLabel('Confirm password').fill(PASSWORD);
    await popup.keyboard.press('Enter');
    await expect.poll(() => popup.getByTestId('active-address').getAttribute('data-address').catch(() => null), { timeout: 15_000 }).toBe(ALICE);
  });

  it('sorts the validator picker by APY; each figure is the devnet state’s', async () => {
    await popup.goto(popup.url().replace(/#.*$/, '#/stake?netuid=1'));
    const sort = popup.getByTestId('validator-sort');
    await sort.waitFor({ timeout: 20_000 });
    const expected = expectedApyTexts(1);
    expect(expected.size).toBeGreaterThan(1);
    await sort.selectOption('apy');
    const options = popup.getByTestId('validator-select').locator('option');
    await expect.poll(async () => (await options.allTextContents()).filter((t) => t.includes('APY')).length, { timeout: 15_000 }).toBe(expected.size);
    const rows = await options.evaluateAll((els) => els.map((e) => ({ hotkey: (e as HTMLOptionElement).value, text: e.textContent ?? '' })));
    const shown = rows.filter((r) => r.text.includes('APY')).map((r) => ({ hotkey: r.hotkey, apy: /APY ([\d,.]+%)/.exec(r.text)![1]! }));
    for (const r of shown) expect(r.apy).toBe(expected.get(r.hotkey));
    const figures = shown.map((r) => Number(r.apy.replace(/[,%]/g, '')));
    expect(figures).toEqual([...figures].sort((a, b) => b - a));
    expect(new Set(figures).size).toBeGreaterThan(1);
    await shot('picker-apy');
  });

  it('opens the subnet card of SN1: the TAOAppv1 tagline, category and only https links', async () => {
    await popup.getByTestId('subnet-card-toggle').click();
    const card = popup.getByTestId('subnet-card');
    await expect.poll(() => popup.getByTestId('subnet-card-tagline').textContent().catch(() => null), { timeout: 15_000 }).toBe('Decentralized inference for everyone');
    expect(await popup.getByTestId('subnet-card-category').textContent()).toBe('Category: inference');
    const links = await card.getByRole('link').evaluateAll((els) => els.map((e) => ({ href: (e as HTMLAnchorElement).href, rel: e.getAttribute('rel'), text: e.textContent })));
    expect(links.map((l) => l.text)).toEqual(['Website', 'Code', 'X', 'Telegram', 'Docs', 'GitHub']);
    for (const l of links) {
      expect(l.href).toMatch(/^https:\/\//);
      expect(l.rel).toBe('noopener noreferrer');
    }
    await shot('subnet-card');
    // SN4's plain-form payload has one http link: it is not shown.
    await popup.getByTestId('subnet-select').selectOption('4');
    await popup.getByTestId('subnet-card-toggle').click();
    await expect.poll(() => popup.getByTestId('subnet-card-tagline').textContent().catch(() => null), { timeout: 15_000 }).toBe('Plain form, hand written');
    expect(await popup.getByTestId('subnet-card').getByRole('link').allTextContents()).toEqual(['Docs']);
  });

  it('sorts the subnet list by APY, highest first', async () => {
    const yields = await sendFromPage<YieldView>(popup, 'pri(chain.yields)', {});
    const best = [...yields.subnets].filter((s) => s.apy !== null).sort((a, b) => (BigInt(b.apy!) > BigInt(a.apy!) ? 1 : -1))[0]!;
    await popup.goto(popup.url().replace(/#.*$/, '#/subnets'));
    await popup.getByLabel('Sort by').selectOption('apy');
    const first = popup.getByTestId('subnet-list').getByRole('listitem').first();
    await expect.poll(() => first.getAttribute('data-testid'), { timeout: 10_000 }).toBe(`subnet-row-${best.netuid}`);
    expect(await first.getByTestId('subnet-apy').textContent()).toBe(`APY ${formatApy(BigInt(best.apy!))}`);
    await shot('subnets-apy');
  });
});
