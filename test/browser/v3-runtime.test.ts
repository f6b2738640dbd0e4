import type { Page } from 'playwright-core';
import { encodeAddress } from '@polkadot/util-crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDevnet, type Devnet } from '../../devnet/index.ts';
import { cloneState, devAccount, frontRun, maxAmountAdd, stakeInfoFor, validator, type ChainState } from '../../devnet/state/index.ts';
import { formatAmount, parseAmount } from '../../src/amount.ts';
import { NO_SIMULATION } from '../../src/chain/simulation.ts';
import type { Snapshot } from '../../src/protocol/chain.ts';
import { artifactPath, launchExtension, openPopupOn, sendFromPage, type ExtensionSession } from './harness.ts';

// Issue 14 through the real popup on the devnet's `v3` profile (spec 293: V3 sqrt-price pools, no
// sim_swap_* runtime API, the move fee on the destination leg, same-subnet moves through the pool,
// uninitialised pools priced at their reserves). Every flow is typed and clicked in the popup;
// the test side only sets up the vault and //Alice, plays the front-running whale and marks a
// pool as never traded. "Received" on the result screen comes from the chain's events; it is
// checked against the preview the popup showed and, independently, against the devnet's own
// state (stake and balance deltas), so a wallet that misread the events would fail here too.

const DEV_PHRASE = 'bottom drive obey lake curtain smoke basket hold race lonely fit walk';
const TAO = 1_000_000_000n;
const ALICE_HEX = devAccount('Alice').hex;
const AURORA_HEX = validator('aurora').hex;
const MERIDIAN_HEX = validator('meridian').hex;
const AURORA = encodeAddress(AURORA_HEX, 42);
const MERIDIAN = encodeAddress(MERIDIAN_HEX, 42);
const GRADIENT = 3; // γ, 95,000 τ deep; Aurora is registered there
const APEX = 1; // α; Alice holds 5,000 α with Aurora at genesis, Meridian is registered too
const EPSILON = 5; // ε; made "never traded" below

/** "1,234.5 γ" (the popup's grouped figures) -> rao. */
const raoOf = (text: string | null) => parseAmount(text!.replace(/\s*\S+$/, '').replace(/,/g, ''));
const stakeOnChain = (state: ChainState, hotkey: `0x${string}`, netuid: number) => stakeInfoFor(state, hotkey, ALICE_HEX, netuid)!.stake;

describe('v3 runtime (spec 293) through the popup', () => {
  let devnet: Devnet;
  let session: ExtensionSession;
  let popup: Page;
  const shot = (name: string) => popup.screenshot({ path: artifactPath(`v3-runtime-${name}.png`) });
  const position = (netuid: number, hotkey: string) => popup.locator(`[data-testid="position-${netuid}"][data-hotkey="${hotkey}"]`);
  const go = (hash: string) => popup.evaluate((h) => (location.hash = h), hash);

  async function dev(method: string, params: unknown[]): Promise<void> {
    const res = await fetch(devnet.httpUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }) });
    const body = (await res.json()) as { error?: { message: string } };
    if (body.error) throw new Error(body.error.message);
  }

  /** The wallet's snapshot once it satisfies `pred` (the popup reads the same one). */
  async function walletSnapshot(pred: (s: Snapshot) => boolean): Promise<Snapshot> {
    let found: Snapshot | null = null;
    await expect
      .poll(async () => {
        const s = (await sendFromPage<{ snapshot: Snapshot | null }>(popup, 'pri(chain.state)', {})).snapshot;
        found = s && pred(s) ? s : null;
        return found !== null;
      }, { timeout: 15_000 })
      .toBe(true);
    return found!;
  }

  /** Clicks the form's review button; waits for the review. */
  async function review(button: string): Promise<void> {
    await popup.getByTestId(button).click();
    await expect.poll(() => popup.getByTestId('review-summary').isVisible(), { timeout: 15_000 }).toBe(true);
  }

  async function confirmAndWait(): Promise<string> {
    await popup.getByTestId('confirm-tx').click();
    const status = popup.getByTestId('tx-status');
    await expect.poll(() => status.getAttribute('data-status').catch(() => null), { timeout: 30_000 }).toMatch(/finalized|failed|dropped/);
    return (await status.getAttribute('data-status'))!;
  }

  /**
   * The result screen after a full fill: received (from the events) equals the previewed figure
   * to the rao, and that figure is the one the form showed (the form rounds to 6 decimals).
   * Returns the received rao.
   */
  async function expectExactlyAsPreviewed(formPreview: string): Promise<bigint> {
    await expect.poll(() => popup.getByTestId('tx-difference').textContent().catch(() => null), { timeout: 15_000 }).toMatch(/exactly as previewed/);
    const received = await popup.getByTestId('tx-received').textContent();
    expect(received).toBe(await popup.getByTestId('tx-previewed').textContent());
    const rao = raoOf(received);
    const symbol = formPreview.split(' ').at(-1)!;
    expect(formPreview).toBe(`${formatAmount(rao, { maxDecimals: 6, grouping: true })} ${symbol}`);
    expect(await popup.getByTestId('tx-partial').count()).toBe(0);
    return rao;
  }

  beforeAll(async () => {
    devnet = await startDevnet({ port: 0, blockTimeMs: 1000, finalityDelayMs: 200, runtime: 'v3' });
    session = await launchExtension();
    popup = await openPopupOn(session, devnet.url);
    await sendFromPage(popup, 'pri(vault.setup)', { password: 'correct horse battery' });
    await sendFromPage(popup, 'pri(accounts.create)', { mnemonic: DEV_PHRASE, name: 'Alice', derivationPath: '//Alice' });
    await popup.reload();
    await position(APEX, AURORA).waitFor({ timeout: 30_000 });
  }, 60_000);

  afterAll(async () => {
    await session?.close();
    await devnet?.close();
  });

  it('stakes into a dynamic subnet: the review says there is no chain simulation, received == preview', async () => {
    const before = stakeOnChain(devnet.state(), AURORA_HEX, GRADIENT);
    await go(`#/stake?netuid=${GRADIENT}&hotkey=${AURORA}`);
    await expect.poll(() => popup.getByTestId('validator-select').inputValue()).toBe(AURORA);
    await popup.getByTestId('stake-amount').fill('10');
    await expect.poll(() => popup.getByTestId('preview-received').textContent()).toMatch(/γ$/);
    const formPreview = (await popup.getByTestId('preview-received').textContent())!;
    await review('stake-review');
    expect(await popup.locator('details.call summary').textContent()).toMatch(/addStakeLimit$/);
    // Spec 293 has no sim_swap_*: the review says so instead of showing a comparison table.
    expect(await popup.getByTestId('sim-unavailable').textContent()).toBe(NO_SIMULATION);
    expect(await popup.getByTestId('sim-agree').count()).toBe(0);
    await shot('stake-review');
    expect(await confirmAndWait()).toBe('finalized');
    const received = await expectExactlyAsPreviewed(formPreview);
    await shot('stake-result');
    // What the chain credited (its own state, not the wallet's reading of the events).
    expect(stakeOnChain(devnet.state(), AURORA_HEX, GRADIENT) - before).toBe(received);
  });

  it('unstakes part of it: received == preview', async () => {
    const chainBefore = devnet.state();
    const stakeBefore = stakeOnChain(chainBefore, AURORA_HEX, GRADIENT);
    const freeBefore = chainBefore.accounts.get(ALICE_HEX)!.free;
    await popup.getByRole('link', { name: 'Done' }).click();
    await position(GRADIENT, AURORA).getByRole('link', { name: /Unstake from/ }).click();
    await popup.getByRole('button', { name: '50%' }).click();
    const amount = parseAmount(await popup.getByTestId('unstake-amount').inputValue());
    await expect.poll(() => popup.getByTestId('preview-received').textContent()).toMatch(/τ$/);
    const formPreview = (await popup.getByTestId('preview-received').textContent())!;
    await review('unstake-review');
    expect(await popup.locator('details.call summary').textContent()).toMatch(/removeStakeLimit$/);
    expect(await popup.getByTestId('sim-unavailable').textContent()).toBe(NO_SIMULATION);
    expect(await confirmAndWait()).toBe('finalized');
    const received = await expectExactlyAsPreviewed(formPreview);
    const chainAfter = devnet.state();
    expect(stakeBefore - stakeOnChain(chainAfter, AURORA_HEX, GRADIENT)).toBe(amount);
    // The TAO credited is the received figure; the only other change is the network fee (> 0).
    const fee = received - (chainAfter.accounts.get(ALICE_HEX)!.free - freeBefore);
    expect(fee).toBeGreaterThan(0n);
    expect(fee).toBeLessThan(TAO / 100n);
    await shot('unstake-result');
  });

  it('fills part of a stake after a whale front-runs it, and says "partially filled: x of 10 TAO" on the result and in Activity', async () => {
    const before = stakeOnChain(devnet.state(), AURORA_HEX, GRADIENT);
    await go(`#/stake?netuid=${GRADIENT}&hotkey=${AURORA}`);
    await expect.poll(() => popup.getByTestId('validator-select').inputValue()).toBe(AURORA);
    await popup.getByTestId('stake-amount').fill('10');
    await popup.locator('details.trade-options summary').click();
    await popup.getByLabel('Allow a partial fill').check();
    await expect.poll(() => popup.locator('details.trade-options summary').textContent()).toMatch(/partial fill on/);
    await expect.poll(() => popup.getByTestId('preview-received').textContent()).toMatch(/γ$/);
    const formPreview = raoOf(await popup.getByTestId('preview-received').textContent());
    await review('stake-review');
    expect(await popup.getByTestId('review-summary').textContent()).toMatch(/only the part that fits is executed/);
    const limit = raoOf((await popup.getByTestId('review-limit').textContent())!.match(/pay at most ([\d,.]+ τ)/)![1]!);

    // A whale buys just enough ahead of us that only about 5 of our 10 TAO fit under the signed
    // limit: the smallest buy that leaves ≤ 5 TAO of room, found on a copy of the chain's state.
    const room = (whale: bigint) => {
      const copy = cloneState(devnet.state());
      frontRun(copy, GRADIENT, whale);
      try {
        return maxAmountAdd(copy, GRADIENT, limit);
      } catch {
        return 0n; // no room at all (ZeroMaxAmount)
      }
    };
    expect(room(0n)).toBeGreaterThan(10n * TAO);
    let lo = 0n;
    let hi = 10_000n * TAO;
    while (hi - lo > TAO / 1_000n) {
      const mid = (lo + hi) / 2n;
      if (room(mid) <= 5n * TAO) hi = mid;
      else lo = mid;
    }
    await dev('dev_frontRun', [GRADIENT, hi.toString()]);
    // The chain clamps the stake to what fits under the limit in the block it lands in.
    const fits = maxAmountAdd(devnet.state(), GRADIENT, limit);
    expect(fits).toBeGreaterThan(3n * TAO);
    expect(fits).toBeLessThan(10n * TAO);

    expect(await confirmAndWait()).toBe('finalized');
    const partial = popup.getByTestId('tx-partial');
    await expect.poll(() => partial.textContent().catch(() => null), { timeout: 15_000 }).toBe(`partially filled: ${formatAmount(fits, { maxDecimals: 4, grouping: true })} of 10 TAO`);
    const received = raoOf(await popup.getByTestId('tx-received').textContent());
    // Less than the full-size preview, and exactly what the chain staked.
    expect(received).toBeGreaterThan(0n);
    expect(received).toBeLessThan(formPreview);
    expect(stakeOnChain(devnet.state(), AURORA_HEX, GRADIENT) - before).toBe(received);
    expect(await popup.getByTestId('tx-difference').textContent()).toMatch(/^−/);
    await shot('partial-result');

    const said = await partial.textContent();
    await popup.getByRole('link', { name: 'Activity' }).click();
    // The newest transaction is this stake; its line carries the same words.
    const item = popup.getByTestId('tx-item').first();
    await expect.poll(() => item.getByTestId('tx-partial').textContent().catch(() => null), { timeout: 10_000 }).toBe(said);
    await shot('partial-activity');

    // Back to the default for the flows below (the option is saved in settings).
    await go(`#/stake?netuid=${GRADIENT}&hotkey=${AURORA}`);
    await popup.locator('details.trade-options summary').click();
    await popup.getByLabel('Allow a partial fill').uncheck();
    await expect.poll(() => popup.locator('details.trade-options summary').textContent()).toMatch(/partial fill off/);
  });

  it('swaps stake to another subnet (swap_stake_limit) with the fee in TAO on the destination leg: received == preview', async () => {
    const before = stakeOnChain(devnet.state(), AURORA_HEX, APEX);
    await go('#/portfolio');
    await position(GRADIENT, AURORA).getByRole('link', { name: /Move stake from/ }).click();
    await popup.getByTestId('subnet-select').selectOption(String(APEX));
    await popup.getByTestId('move-amount').fill('50');
    await expect.poll(() => popup.getByTestId('preview-received').textContent()).toMatch(/α$/);
    // Spec 293 charges the move's fee on the TAO bought into the destination, not on the origin alpha.
    expect(await popup.getByTestId('preview-fee').textContent()).toMatch(/^0\.\d+ τ$/);
    expect(raoOf(await popup.getByTestId('preview-fee').textContent())).toBeGreaterThan(0n);
    const formPreview = (await popup.getByTestId('preview-received').textContent())!;
    await shot('swap');
    await review('move-review');
    expect(await popup.locator('details.call summary').textContent()).toMatch(/swapStakeLimit$/);
    expect(await popup.getByTestId('sim-unavailable').textContent()).toBe(NO_SIMULATION);
    expect(await confirmAndWait()).toBe('finalized');
    const received = await expectExactlyAsPreviewed(formPreview);
    expect(stakeOnChain(devnet.state(), AURORA_HEX, APEX) - before).toBe(received);
  });

  it('moves stake to another validator on the same subnet through the pool: a swap fee is shown and received == preview', async () => {
    expect(stakeOnChain(devnet.state(), MERIDIAN_HEX, APEX)).toBe(0n);
    await go('#/portfolio');
    await position(APEX, AURORA).getByRole('link', { name: /Move stake from/ }).click();
    await popup.getByLabel('Another validator').check();
    const destination = popup.getByLabel('Destination validator');
    await expect.poll(() => destination.locator(`option[value="${MERIDIAN}"]`).count(), { timeout: 10_000 }).toBe(1);
    await destination.selectOption(MERIDIAN);
    await popup.getByTestId('move-amount').fill('50');
    await expect.poll(() => popup.getByTestId('preview-received').textContent()).toMatch(/α$/);
    // On spec 293 the alpha is sold and bought back: a fee, and less than 50 α arrives.
    const fee = raoOf(await popup.getByTestId('preview-fee').textContent());
    expect(fee).toBeGreaterThan(0n);
    const formPreview = (await popup.getByTestId('preview-received').textContent())!;
    expect(raoOf(formPreview)).toBeLessThan(50n * TAO);
    // move_stake signs no limit: no "1:1" and no minimum the chain would not enforce.
    expect(await popup.getByTestId('preview-limit').textContent()).toBe('none: this call signs no price limit');
    expect(await popup.getByTestId('preview-min-received').count()).toBe(0);
    await shot('same-subnet-move');
    await review('move-review');
    expect(await popup.locator('details.call summary').textContent()).toMatch(/moveStake$/);
    const summary = await popup.getByTestId('review-summary').textContent();
    expect(summary).not.toMatch(/no swap/);
    expect(summary).toMatch(/swap fee/);
    const lines = await popup.locator('.review-lines dt').allTextContents();
    expect(lines).toContain('Swap fee');
    // It swaps, so the review must not say "it does not swap in a pool": no simulation, in words.
    expect(await popup.getByTestId('sim-unavailable').textContent()).toBe(NO_SIMULATION);
    await shot('same-subnet-move-review');
    expect(await confirmAndWait()).toBe('finalized');
    const received = await expectExactlyAsPreviewed(formPreview);
    expect(stakeOnChain(devnet.state(), MERIDIAN_HEX, APEX)).toBe(received);
  });

  it('stakes into a pool that has never traded: a non-zero price from its reserves, received == preview', async () => {
    await dev('dev_setPool', [EPSILON, { v3Initialized: false }]);
    expect(devnet.state().subnets.get(EPSILON)!.v3Initialized).toBe(false);
    const { taoReserve, alphaReserve } = devnet.state().subnets.get(EPSILON)!;
    await walletSnapshot((s) => s.subnets.find((x) => x.netuid === EPSILON)?.v3Initialized === false);
    await go('#/subnets');
    await popup.getByPlaceholder('Search number, name or symbol').fill('epsilon');
    const row = popup.getByTestId(`subnet-row-${EPSILON}`);
    await row.waitFor({ timeout: 10_000 });
    // Priced at SubnetTAO / SubnetAlphaIn (the runtime's answer for a pool without a sqrt price), not 0.
    const shown = raoOf(await row.locator('[title="Price, τ per alpha"]').textContent());
    expect(shown).toBeGreaterThan(0n);
    const reservePrice = (((taoReserve << 32n) / alphaReserve) * TAO) >> 32n; // U96F32, as current_alpha_price
    expect(shown).toBe((reservePrice / 1_000n) * 1_000n); // the list shows 6 decimals
    await shot('uninitialised-subnet');
    await row.click();
    await expect.poll(() => popup.getByTestId('stake-amount').isVisible()).toBe(true);
    await popup.getByTestId('validator-select').selectOption(AURORA);
    const before = stakeOnChain(devnet.state(), AURORA_HEX, EPSILON);
    await popup.getByTestId('stake-amount').fill('5');
    await expect.poll(() => popup.getByTestId('preview-received').textContent()).toMatch(/ε$/);
    const formPreview = (await popup.getByTestId('preview-received').textContent())!;
    await review('stake-review');
    expect(await popup.getByTestId('sim-unavailable').textContent()).toBe(NO_SIMULATION);
    expect(await confirmAndWait()).toBe('finalized');
    const received = await expectExactlyAsPreviewed(formPreview);
    expect(stakeOnChain(devnet.state(), AURORA_HEX, EPSILON) - before).toBe(received);
    // The first swap initialised the pool, as the chain does.
    expect(devnet.state().subnets.get(EPSILON)!.v3Initialized).toBe(true);
    await shot('uninitialised-result');
  });
});
