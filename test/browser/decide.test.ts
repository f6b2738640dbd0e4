import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDevnet, type Devnet } from '../../devnet/index.ts';
import { VALIDATORS } from '../../devnet/state/genesis.ts';
import { alphaPrice } from '../../devnet/state/queries.ts';
import { poolKey } from '../../devnet/state/stake-pools.ts';
import { readFileSync } from 'node:fs';
import { formatAmount } from '../../src/amount.ts';
import { CSV_COLUMNS } from '../../src/history/csv.ts';
import { setStrandedStakeTao } from '../../devnet/state/faults.ts';
import type { TxRecord, YieldView } from '../../src/protocol/chain.ts';
import { blocksPerYear, formatApy, validatorApy } from '../../src/yield/apy.ts';
import { artifactPath, importDevAccount, launchExtension, openPopupOn, sendFromPage, type ExtensionSession } from './harness.ts';

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
    await importDevAccount(popup, '//Alice', 'Alice', PASSWORD);
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

  /** Stakes `amount` TAO on SN1 through the popup and waits for inclusion. */
  async function stakeThroughPopup(amount: string): Promise<void> {
    await popup.goto(popup.url().replace(/#.*$/, '#/stake?netuid=1'));
    await popup.getByTestId('stake-amount').fill(amount);
    await expect.poll(() => popup.getByTestId('stake-review').isEnabled(), { timeout: 15_000 }).toBe(true);
    await popup.getByTestId('stake-review').click();
    await popup.getByTestId('confirm-tx').click();
    const status = popup.getByTestId('tx-status');
    await expect.poll(() => status.getAttribute('data-status').catch(() => null), { timeout: 30_000 }).toMatch(/inBlock|finalized/);
  }

  /** The parsed rows of a CSV file of quoted cells (as the wallet writes it). */
  function parseCsv(text: string): string[][] {
    return text.trim().split('\r\n').map((line) => [...line.matchAll(/"((?:[^"]|"")*)"/g)].map((m) => m[1]!.replace(/""/g, '"')));
  }

  it('exports the history as CSV; its rows are the devnet blocks’ StakeAdded events', async () => {
    await stakeThroughPopup('10');
    await stakeThroughPopup('2.5');
    await popup.goto(popup.url().replace(/#.*$/, '#/activity'));
    await expect.poll(() => popup.getByTestId('tx-item').count(), { timeout: 15_000 }).toBe(2);
    // Wait until both records are settled (their block, events and prices read).
    await expect.poll(async () => (await sendFromPage<TxRecord[]>(popup, 'pri(tx.list)', {})).filter((r) => r.settlement).length, { timeout: 20_000 }).toBe(2);
    await popup.getByTestId('activity-type').selectOption('stake');
    await popup.getByTestId('activity-subnet').selectOption('1');
    const [download] = await Promise.all([popup.waitForEvent('download'), popup.getByTestId('export-csv').click()]);
    const rows = parseCsv(readFileSync((await download.path())!, 'utf8'));
    const header = rows[0]!;
    expect(header).toEqual(CSV_COLUMNS.map(([n]) => n));
    const col = (row: string[], name: string) => row[header.indexOf(name)]!;
    const data = rows.slice(1);
    expect(data).toHaveLength(2);
    for (const row of data) {
      const number = Number(col(row, 'block'));
      const events = blockEvents(number);
      const added = events.find((e) => e.method === 'StakeAdded')!;
      const paid = events.find((e) => e.method === 'TransactionFeePaid')!;
      expect(col(row, 'event')).toBe('stake');
      expect(col(row, 'netuid')).toBe(added.data[4]);
      expect(col(row, 'tao')).toBe(formatAmount(BigInt(added.data[2]!)));
      expect(col(row, 'alpha')).toBe(formatAmount(BigInt(added.data[3]!)));
      expect(col(row, 'swap_fee')).toBe(formatAmount(BigInt(added.data[5]!)));
      expect(col(row, 'network_fee_tao')).toBe(formatAmount(BigInt(paid.data[1]!) + BigInt(paid.data[2]!)));
      expect(col(row, 'time_utc')).toBe(new Date(Number(blockAt(number).timestamp)).toISOString());
      expect(col(row, 'reconciliation')).toBe('');
    }
    expect(data.map((r) => col(r, 'tao'))).toEqual(['10', '2.5']);
  });

  it('flags a stake that leaves TAO on the subnet account (the devnet’s stranded-TAO fault)', async () => {
    devnet.node.newBlocks(1, [(state) => setStrandedStakeTao(state, 1, 400_000_000n)]);
    await stakeThroughPopup('3');
    await popup.goto(popup.url().replace(/#.*$/, '#/activity'));
    await popup.getByTestId('tx-item').first().locator('summary').click();
    await expect.poll(() => popup.getByTestId('tx-flag').first().textContent().catch(() => null), { timeout: 20_000 }).toBe(
      'The chain kept 0.4 TAO on the subnet account: it was debited, but neither staked nor refunded (the stranded-TAO failure, subtensor#2735).',
    );
    await shot('activity-stranded');
  });

  /** A block of the devnet by number (the chain keeps the recent ones). */
  function blockAt(number: number) {
    let b = devnet.node.chain.head;
    while (b.number > number) b = devnet.node.chain.getBlock(b.parentHash)!;
    return b;
  }

  function blockEvents(number: number): { method: string; data: string[] }[] {
    const records = devnet.meta.registry.createType('Vec<FrameSystemEventRecord>', blockAt(number).events) as unknown as { event: { method: string; data: { toString(): string }[] } }[];
    return records.map((r) => ({ method: r.event.method, data: r.event.data.map((d) => d.toString()) }));
  }
});
