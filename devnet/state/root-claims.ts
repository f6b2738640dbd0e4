/**
 * Root claims on the devnet ("Root Reborn", spec 441+), for the `current` profile: root dividends
 * wait in a per-validator beta basket until the staker claims them; a claim sells the staker's
 * pro-rata slice of every basket holding and stakes the TAO on root with that validator.
 *
 * Rules followed (RaoFoundation/subtensor staking/claim_root.rs, rpc_info/basket.rs,
 * staking/stake_utils.rs):
 * - a staker owes `owed` of the basket's `shares` P; a claim pays `min(owed · value / P, value)`
 *   per holding (`basket_payout_from`), the holding's value being its realizable sale now (the
 *   same quote as `sim_swap_alpha_for_tao`; root cash 1:1);
 * - a holding whose claimant slice is dust is skipped and left in the fund (forfeited by this
 *   claimant) unless the claimant takes the whole fund;
 * - when what the claim would pay (the non-dust rows) is below `RootClaimableThreshold[0]`, the
 *   claim is a successful no-op that still pays its fee: nothing is sold, nothing is burned, and
 *   `RootClaimed { tao: 0 }` is all that happens;
 * - a paying claim sells each slice, pays the claimant at most its entitlement (the sale surplus
 *   of a partial claim stays in the fund's root slot), stakes the TAO on root with the validator,
 *   burns the owed shares and stamps `LastColdkeyHotkeyStakeBlock`, which restarts the hold;
 * - with `RootStakeUnlockInterval` > 0, root stake cannot leave (unstake, move, swap, transfer)
 *   until that many blocks after the pair's last stamp (`RootStakeLocked`); adding or removing
 *   root stake stamps it too.
 *
 * Simplified (the devnet's own choices, documented in devnet/README.md): owed shares are set per
 * staker by the `dev_setRootBasket` control instead of accruing through BasketRate and the claimed
 * watermark; the dust rule is the claimant-slice floor only (`sliceDust`, capped by `forfeitCap`;
 * no row floor in basis points, no fast-EMA anchor); no dust consolidation, no deposit queue, no
 * terminal write-offs, no claim weight envelope (`RootClaimTooHeavy` is declared, never raised).
 */
import type { AccountId, ChainState, RuntimeEvent } from './types.ts';
import { ControlError } from './controls.ts';
import { fail, SUBTENSOR } from './errors.ts';
import { decreaseStake, increaseStake, stakeValue } from './stake-pools.ts';
import { poolOf } from './queries.ts';
import { quoteUnstake } from '../../src/amm/index.ts';
import { credit, debit } from './balances.ts';
import { subnetAccountId } from './genesis.ts';
import { stakeIntoSubnetForClaim, unstakeFromSubnetForClaim } from './staking.ts';

/** `DefaultMinRootClaimAmount`: 500,000 rao (stored on chain as I96F32, i.e. rao << 32). */
export const DEFAULT_ROOT_CLAIM_THRESHOLD = 500_000n;

/**
 * The account that holds every basket's alpha as ordinary stake (hotkey, escrow, netuid), so it
 * counts toward the validator's stake as on chain. The chain derives it from its pallet id
 * (`beta/esc` sub-account); this fixed key is the devnet's stand-in, nobody holds its secret.
 */
export const BASKET_ESCROW: AccountId = `0x${Buffer.from('modlbeta/esc-devnet').toString('hex').padEnd(64, '0')}`;

export interface BasketState {
  /** `BasketShares[hotkey]`: outstanding fund shares P. */
  shares: bigint;
  /** Owed shares per staker coldkey (on chain: `BasketRate · root stake − BasketClaimed`). */
  owed: Map<AccountId, bigint>;
}

export interface RootClaimsState {
  /** `RootClaimableThreshold[0]`, rao. */
  threshold: bigint;
  /** `RootStakeUnlockInterval`, blocks (0 = no hold). */
  unlockInterval: bigint;
  /** `LastColdkeyHotkeyStakeBlock`, keyed `${coldkey}:${hotkey}`. */
  lastStake: Map<string, number>;
  /** Baskets by validator hotkey; holdings are the escrow's stake on (hotkey, netuid). */
  baskets: Map<AccountId, BasketState>;
  /** A claimant slice worth less than this (rao) is dust (stand-in for `BasketClaimSliceDustTao`; 0 = off). */
  sliceDust: bigint;
  /** A dust slice worth more than this is sold anyway (`BasketClaimForfeitCapTao`). */
  forfeitCap: bigint;
}

export function emptyRootClaims(): RootClaimsState {
  return { threshold: DEFAULT_ROOT_CLAIM_THRESHOLD, unlockInterval: 0n, lastStake: new Map(), baskets: new Map(), sliceDust: 0n, forfeitCap: 0n };
}

export function cloneRootClaims(r: RootClaimsState): RootClaimsState {
  const baskets = new Map<AccountId, BasketState>();
  for (const [k, b] of r.baskets) baskets.set(k, { shares: b.shares, owed: new Map(b.owed) });
  return { ...r, lastStake: new Map(r.lastStake), baskets };
}

const stampKey = (coldkey: AccountId, hotkey: AccountId) => `${coldkey}:${hotkey}`;

/** `touch_root_stake_age`: root stake of the pair changed at this block. */
export function touchRootStakeAge(state: ChainState, coldkey: AccountId, hotkey: AccountId): void {
  state.rootClaims.lastStake.set(stampKey(coldkey, hotkey), state.blockNumber);
}

/** `ensure_root_stake_unlocked`: no-op without a hold; else the pair's last stamp must be `interval` blocks old. */
export function ensureRootStakeUnlocked(state: ChainState, coldkey: AccountId, hotkey: AccountId): void {
  const interval = state.rootClaims.unlockInterval;
  if (interval === 0n) return;
  const last = BigInt(state.rootClaims.lastStake.get(stampKey(coldkey, hotkey)) ?? 0);
  if (BigInt(state.blockNumber) - last < interval) fail(SUBTENSOR, 'RootStakeLocked');
}

/** `basket_payout_from`: min(owed · nav / P, nav), floored; 0 for an empty fund. */
export function basketPayoutFrom(owed: bigint, nav: bigint, shares: bigint): bigint {
  if (shares === 0n) return 0n;
  const v = (owed * nav) / shares;
  return v < nav ? v : nav;
}

/** Realizable TAO of `alpha` on `netuid` now: root (and stable subnets) 1:1, else the pool's sale quote. */
export function realizableTao(state: ChainState, netuid: number, alpha: bigint): bigint {
  if (alpha === 0n) return 0n;
  const subnet = state.subnets.get(netuid);
  if (netuid === 0 || subnet === undefined || subnet.mechanism !== 1) return alpha;
  try {
    return quoteUnstake(poolOf(state, netuid), alpha).amountOut;
  } catch {
    // A pool that cannot take the sale values the row at nothing (the chain's terminal case).
    return 0n;
  }
}

export interface PlannedRow {
  netuid: number;
  alpha: bigint;
  value: bigint;
  dust: boolean;
}

/** The basket's holdings as a claim of `owed` out of `shares` sees them (`plan_basket_claim`). */
export function planClaim(state: ChainState, hotkey: AccountId, owed: bigint, shares: bigint): PlannedRow[] {
  const r = state.rootClaims;
  const rows: PlannedRow[] = [];
  for (const netuid of [...state.subnets.keys()].sort((a, b) => a - b)) {
    const alpha = stakeValue(state, hotkey, BASKET_ESCROW, netuid);
    if (alpha === 0n) continue;
    const value = realizableTao(state, netuid, alpha);
    let dust = false;
    if (owed < shares && netuid !== 0 && r.forfeitCap > 0n) {
      const slice = basketPayoutFrom(owed, value, shares);
      dust = slice <= r.forfeitCap && r.sliceDust > 0n && slice < r.sliceDust;
    }
    rows.push({ netuid, alpha, value, dust });
  }
  return rows;
}

export interface ClaimPreview {
  hotkey: AccountId;
  owedShares: bigint;
  accruedTao: bigint;
  redeemableTao: bigint;
  forfeitedTaoEst: bigint;
  rows: number;
  rowsToSell: number;
  dustRows: number;
  swept: number;
  flushedCredits: number;
}

/** The staker's owed shares on the basket, capped at the outstanding shares. */
function owedOf(state: ChainState, hotkey: AccountId, coldkey: AccountId): { owed: bigint; shares: bigint } {
  const basket = state.rootClaims.baskets.get(hotkey);
  if (!basket) return { owed: 0n, shares: 0n };
  const owed = basket.owed.get(coldkey) ?? 0n;
  return { owed: owed < basket.shares ? owed : basket.shares, shares: basket.shares };
}

/** `get_basket_claim_preview`: None (undefined) when nothing is owed. */
export function claimPreview(state: ChainState, hotkey: AccountId, coldkey: AccountId): ClaimPreview | undefined {
  const { owed, shares } = owedOf(state, hotkey, coldkey);
  if (owed === 0n) return undefined;
  const rows = planClaim(state, hotkey, owed, shares);
  const sum = (list: PlannedRow[]) => list.reduce((s, row) => s + basketPayoutFrom(owed, row.value, shares), 0n);
  const kept = rows.filter((row) => !row.dust);
  return {
    hotkey,
    owedShares: owed,
    accruedTao: basketPayoutFrom(owed, rows.reduce((s, row) => s + row.value, 0n), shares),
    redeemableTao: sum(kept),
    forfeitedTaoEst: sum(rows.filter((row) => row.dust)),
    rows: rows.length,
    rowsToSell: kept.filter((row) => row.netuid !== 0).length,
    dustRows: rows.length - kept.length,
    swept: 0,
    flushedCredits: 0,
  };
}

/** `get_root_basket_claim_previews`: one preview per staking hotkey with owed shares, in `StakingHotkeys` order. */
export function claimPreviews(state: ChainState, coldkey: AccountId): ClaimPreview[] {
  const hotkeys = state.stakingHotkeys.get(coldkey) ?? [];
  return hotkeys.map((h) => claimPreview(state, h, coldkey)).filter((p): p is ClaimPreview => p !== undefined);
}

/** `get_basket_payout`: what a claim would pay now (the dust-aware redeemable amount). */
export function basketPayout(state: ChainState, hotkey: AccountId, coldkey: AccountId): bigint {
  return claimPreview(state, hotkey, coldkey)?.redeemableTao ?? 0n;
}

/** One validator's claim (`root_claim_for_hotkey`); returns the TAO paid and the events. */
function claimForHotkey(state: ChainState, hotkey: AccountId, coldkey: AccountId): { tao: bigint; events: RuntimeEvent[] } {
  const none = { tao: 0n, events: [] };
  const { owed, shares } = owedOf(state, hotkey, coldkey);
  if (owed === 0n) return none;
  const rows = planClaim(state, hotkey, owed, shares);
  const kept = rows.filter((row) => !row.dust);
  const redeemableNav = kept.reduce((s, row) => s + row.value, 0n);
  const estimated = basketPayoutFrom(owed, redeemableNav, shares);
  // Below the dust threshold the claim succeeds as a paid no-op: nothing sold, nothing burned.
  if (estimated < state.rootClaims.threshold || estimated === 0n) return none;

  let rootSlot = 0n;
  let claimantSold = 0n;
  let retained = 0n;
  for (const row of kept) {
    const entitlement = basketPayoutFrom(owed, row.value, shares);
    let take = (row.alpha * owed) / shares;
    if (take === 0n && entitlement > 0n && row.netuid !== 0) take = 1n;
    if (take === 0n) continue;
    if (row.netuid === 0) {
      decreaseStake(state, hotkey, BASKET_ESCROW, 0, take);
      rootSlot += take;
      continue;
    }
    const sold = unstakeFromSubnetForClaim(state, hotkey, BASKET_ESCROW, row.netuid, take);
    // A partial claim is paid its NAV entitlement only; the concave curve's surplus stays in the fund.
    const paid = owed === shares ? sold : sold < entitlement ? sold : entitlement;
    claimantSold += paid;
    retained += sold - paid;
  }
  const total = rootSlot + claimantSold;
  if (total === 0n) return none;
  if (retained > 0n) stakeIntoSubnetForClaim(state, hotkey, BASKET_ESCROW, retained);
  if (claimantSold > 0n) stakeIntoSubnetForClaim(state, hotkey, coldkey, claimantSold);
  if (rootSlot > 0n) increaseStake(state, hotkey, coldkey, 0, rootSlot);
  touchRootStakeAge(state, coldkey, hotkey);

  const basket = state.rootClaims.baskets.get(hotkey)!;
  basket.shares -= owed;
  basket.owed.delete(coldkey);
  const events: RuntimeEvent[] = [];
  const dust = rows.filter((row) => row.dust);
  if (dust.length > 0) {
    const forfeited = dust.reduce((s, row) => s + basketPayoutFrom(owed, row.value, shares), 0n);
    events.push({ section: SUBTENSOR, method: 'BasketClaimDustSkipped', data: [hotkey, coldkey, dust.length, forfeited] });
  }
  events.push({ section: SUBTENSOR, method: 'BasketClaimed', data: [hotkey, coldkey, total] });
  return { tao: total, events };
}

/** `claim_root_with_hotkey(hotkey)`. */
export function claimRootWithHotkey(state: ChainState, coldkey: AccountId, hotkey: AccountId): RuntimeEvent[] {
  const { tao, events } = claimForHotkey(state, hotkey, coldkey);
  return [...events, { section: SUBTENSOR, method: 'RootClaimed', data: [coldkey, tao] }];
}

/** `claim_root(subnets)`: `subnets` is ignored; every staking hotkey with root stake or owed shares is claimed. */
export function claimRoot(state: ChainState, coldkey: AccountId): RuntimeEvent[] {
  const events: RuntimeEvent[] = [];
  let total = 0n;
  for (const hotkey of state.stakingHotkeys.get(coldkey) ?? []) {
    const r = claimForHotkey(state, hotkey, coldkey);
    total += r.tao;
    events.push(...r.events);
  }
  events.push({ section: SUBTENSOR, method: 'RootClaimed', data: [coldkey, total] });
  return events;
}

// ---- test controls -------------------------------------------------------------------------

export interface BasketSetting {
  /** The basket's holdings after the control: netuid -> alpha (root: TAO). Unlisted subnets keep theirs. */
  holdings?: Map<number, bigint>;
  /** Owed shares per staker after the control. */
  owed?: Map<AccountId, bigint>;
  /** Outstanding shares P; default: at least the sum of the owed shares. */
  shares?: bigint;
}

/**
 * `dev_setRootBasket`: sets a validator's basket (what its stakers have accrued). Holdings are
 * minted into (or burned from) the escrow's stake as emission would: alpha out of the subnet for a
 * dynamic subnet, TAO into the root subnet account for root.
 */
export function setRootBasket(state: ChainState, hotkey: AccountId, setting: BasketSetting): void {
  if (!state.hotkeys.has(hotkey)) throw new ControlError(`${hotkey} is not a registered hotkey`);
  for (const [netuid, alpha] of setting.holdings ?? []) {
    const subnet = state.subnets.get(netuid);
    if (!subnet) throw new ControlError(`subnet ${netuid} does not exist`);
    const current = stakeValue(state, hotkey, BASKET_ESCROW, netuid);
    if (alpha > current) {
      const add = alpha - current;
      increaseStake(state, hotkey, BASKET_ESCROW, netuid, add);
      subnet.alphaOut += add;
      if (netuid === 0 || subnet.mechanism !== 1) {
        subnet.taoReserve += add;
        credit(state, subnetAccountId(netuid), add);
        state.totalIssuance += add;
      }
    } else if (alpha < current) {
      const remove = current - alpha;
      decreaseStake(state, hotkey, BASKET_ESCROW, netuid, remove);
      subnet.alphaOut -= remove;
      if (netuid === 0 || subnet.mechanism !== 1) {
        subnet.taoReserve -= remove;
        debit(state, subnetAccountId(netuid), remove, false);
        state.totalIssuance -= remove;
      }
    }
  }
  const basket = state.rootClaims.baskets.get(hotkey) ?? { shares: 0n, owed: new Map<AccountId, bigint>() };
  for (const [coldkey, owed] of setting.owed ?? []) {
    if (owed === 0n) basket.owed.delete(coldkey);
    else basket.owed.set(coldkey, owed);
    // Claims walk StakingHotkeys (as on chain), so a staker with owed shares must be listed there.
    increaseStake(state, hotkey, coldkey, 0, 0n);
  }
  const owedSum = [...basket.owed.values()].reduce((s, v) => s + v, 0n);
  const shares = setting.shares ?? (basket.shares > owedSum ? basket.shares : owedSum);
  if (shares < owedSum) throw new ControlError(`shares ${shares} are fewer than the owed shares ${owedSum}`);
  basket.shares = shares;
  state.rootClaims.baskets.set(hotkey, basket);
}

/** `dev_setRootClaimParams`: the dust threshold, the hold interval and the devnet's dust-slice knobs. */
export function setRootClaimParams(state: ChainState, p: { threshold?: bigint; unlockInterval?: bigint; sliceDust?: bigint; forfeitCap?: bigint }): void {
  const r = state.rootClaims;
  if (p.threshold !== undefined) r.threshold = p.threshold;
  if (p.unlockInterval !== undefined) r.unlockInterval = p.unlockInterval;
  if (p.sliceDust !== undefined) r.sliceDust = p.sliceDust;
  if (p.forfeitCap !== undefined) r.forfeitCap = p.forfeitCap;
}
