/**
 * The devnet's state transition for the wallet's calls: subtensor staking (spec §6.4, §7, §10,
 * §11, §12) and balance transfers. `dispatch` applies a decoded call for a signed origin, or
 * returns the dispatch error by pallet and name and changes nothing.
 *
 * Simulated from the spec, not the real runtime. The swap math is src/amm (the wallet's own
 * model). Simplifications, each also noted where it applies:
 * - conviction locks without the conviction score (locks.ts), no coldkey-swap guard, no rate limits, no
 *   nominator floor (its mainnet factor is 0 by default), no root-claim bookkeeping;
 * - stable/root subnets: staking changes SubnetTAO and SubnetAlphaOut only (SubnetAlphaIn stays);
 * - the share-pool precision check of validate_add_stake is reduced to "alpha out ≠ 0";
 * - a stake whose swap stops at the limit refunds the unexecuted TAO to the coldkey.
 * A cross-subnet move whose executable amount is 0 (a limit that allows nothing, with allow_partial)
 * succeeds with nothing moved, as on chain (current/balancer rules; the V3 rules refuse it with
 * ZeroMaxStakeAmount): see `maxAmountMove` for why a tiny limit is such a limit.
 *
 * Event data, in metadata argument order (section = pallet name as the metadata spells it):
 * - SubtensorModule.StakeAdded     [coldkey, hotkey, taoStaked, alphaBought, netuid, feeTao]
 * - SubtensorModule.StakeRemoved   [coldkey, hotkey, taoOut, alphaPaidIn, netuid, feeAlpha]
 * - SubtensorModule.StakeMoved       [coldkey, originHotkey, originNetuid, destinationHotkey, destinationNetuid, tao]
 * - SubtensorModule.StakeTransferred [originColdkey, destinationColdkey, hotkey, originNetuid, destinationNetuid, tao]
 * - SubtensorModule.StakeSwapped     [coldkey, hotkey, originNetuid, destinationNetuid, tao]
 * - Balances.Transfer [from, to, amount]; Balances.Endowed [account, freeBalance];
 *   Balances.DustLost [account, amount]; System.NewAccount [account]; System.KilledAccount [account]
 * Swap fees moving to the block author are internal transfers on chain and emit no event here.
 * AccountIds are 0x hex, netuids numbers, amounts bigint.
 */
import {
  currentPriceBits,
  CHAIN_ERROR_CODES,
  DEFAULT_MIN_STAKE,
  isAmmError,
  maxStake,
  maxUnstake,
  MAX_PRICE_RAO,
  maxMove,
  MIN_PRICE_RAO,
  quoteStake,
  quoteUnstake,
  type AmmErrorCode,
  type Pool,
  type SwapQuote,
  V3_MAX_PRICE_RAO,
  V3_MIN_PRICE_RAO,
} from '../../src/amm/index.ts';
import { rulesOf } from '../profiles.ts';
import { div, int, mul, sub, toU64, U64_MAX } from '../../src/amm/fixed.ts';
import type { AccountId, ChainState, DecodedCall, DispatchOutcome, RuntimeEvent, SubnetState } from './types.ts';
import { cloneState, overwriteState } from './clone.ts';
import { CallArgumentError, DispatchFailure, SUBTENSOR, SWAP, SYSTEM, fail } from './errors.ts';
import { credit, debit, EXISTENTIAL_DEPOSIT, freeBalance, reducibleBalance, transferAll, transferAllowDeath, transferKeepAlive } from './balances.ts';
import { decreaseStake, increaseStake, stakeValue } from './stake-pools.ts';
import { poolOf, swapFee } from './queries.ts';
import { subnetAccountId } from './genesis.ts';
import { ensureAvailable, lockStake, moveLock, setPerpetualLock, setRejectLockedAlpha, transferLock } from './locks.ts';
import { claimRoot, claimRootWithHotkey, ensureRootStakeUnlocked, touchRootStakeAge } from './root-claims.ts';
import { advancePoolPrice, ensurePoolRecord } from './pool-models.ts';

const RAO_PER_TAO = 1_000_000_000n;

// ---- small helpers ------------------------------------------------------------------------

function min(a: bigint, b: bigint): bigint {
  return a < b ? a : b;
}

function isChainSwapError(e: unknown): e is { code: AmmErrorCode } {
  return isAmmError(e) && CHAIN_ERROR_CODES.has(e.code);
}

/** Runs a swap-model call; a chain swap error becomes the Swap pallet's dispatch error. */
function swapOrFail<T>(f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (isChainSwapError(e)) fail(SWAP, e.code);
    throw e;
  }
}

/** Runs a swap-model call; any chain swap error becomes SubtensorModule.InsufficientLiquidity (the validators' mapping). */
function simOrInsufficientLiquidity<T>(f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (isChainSwapError(e)) fail(SUBTENSOR, 'InsufficientLiquidity');
    throw e;
  }
}

/** Whether the state's runtime runs the V3 generation's staking rules (devnet/profiles.ts `swapRules`). */
function v3Rules(state: ChainState): boolean {
  return rulesOf(state).swapRules === 'v3';
}

/** The limit a stake without one is given: max_price() = u64::MAX on the V3 rules. */
function buyLimit(state: ChainState): bigint {
  return v3Rules(state) ? V3_MAX_PRICE_RAO : MAX_PRICE_RAO;
}

/** The limit an unstake without one is given: min_price() = 0 on the V3 rules. */
function sellLimit(state: ChainState): bigint {
  return v3Rules(state) ? V3_MIN_PRICE_RAO : MIN_PRICE_RAO;
}

/** get_max_amount_* of the V3 rules: src/amm throws ZeroMaxStakeAmount, the chain's SubtensorModule error. */
function maxOrZeroMax(f: () => bigint): bigint {
  try {
    return f();
  } catch (e) {
    if (isAmmError(e) && e.code === 'ZeroMaxStakeAmount') fail(SUBTENSOR, 'ZeroMaxStakeAmount');
    throw e;
  }
}

function existingSubnet(state: ChainState, netuid: number): SubnetState {
  const s = state.subnets.get(netuid);
  if (s === undefined) fail(SUBTENSOR, 'SubnetNotExists');
  return s;
}

function ensureSubtokenEnabled(subnet: SubnetState): void {
  if (subnet.netuid !== 0 && !subnet.subtokenEnabled) fail(SUBTENSOR, 'SubtokenDisabled');
}

function ensureHotkeyExists(state: ChainState, hotkey: AccountId): void {
  if (!state.hotkeys.has(hotkey)) fail(SUBTENSOR, 'HotKeyAccountNotExists');
}

function isDynamicSubnet(state: ChainState, netuid: number): boolean {
  return state.subnets.get(netuid)?.mechanism === 1;
}

function withoutFee(pool: Pool): Pool {
  return { ...pool, feeRate: 0 };
}

/** Credits TAO that may be below the existential deposit: FRAME drops (burns) a dust credit to a non-existent account. */
function creditOrBurn(state: ChainState, who: AccountId, amount: bigint): RuntimeEvent[] {
  if (amount === 0n) return [];
  if (!state.accounts.has(who) && amount < EXISTENTIAL_DEPOSIT) {
    state.totalIssuance -= amount;
    return [];
  }
  return credit(state, who, amount);
}

/** The swap fee goes to the block author's coldkey (spec §6.4 step 4); the transfer emits no event. */
function payAuthor(state: ChainState, amount: bigint): void {
  creditOrBurn(state, state.blockAuthor, amount);
}

function takeFromSubnetAccount(state: ChainState, netuid: number, amount: bigint): void {
  if (amount === 0n) return;
  debit(state, subnetAccountId(netuid), amount, false);
}

// ---- get_max_amount_* (spec §7) -------------------------------------------------------------

export function maxAmountAdd(state: ChainState, netuid: number, limitPrice: bigint): bigint {
  if (v3Rules(state)) return maxOrZeroMax(() => maxStake(poolOf(state, netuid), limitPrice));
  if (!isDynamicSubnet(state, netuid)) return limitPrice >= RAO_PER_TAO ? U64_MAX : 0n;
  return swapOrFail(() => maxStake(poolOf(state, netuid), limitPrice));
}

export function maxAmountRemove(state: ChainState, netuid: number, limitPrice: bigint): bigint {
  if (v3Rules(state)) return maxOrZeroMax(() => maxUnstake(poolOf(state, netuid), limitPrice));
  if (!isDynamicSubnet(state, netuid)) return limitPrice <= RAO_PER_TAO ? U64_MAX : 0n;
  return swapOrFail(() => maxUnstake(poolOf(state, netuid), limitPrice));
}

/**
 * `get_max_amount_move(origin, destination, limit)`, limit = origin price / destination price × 1e9.
 *
 * A tiny limit (e.g. limit_price = 1, a ratio of 1e-9) allows NOTHING, exactly as on chain: the
 * main case's quotient aD·(tO/(tO+tD)) ÷ (limit/1e9) is U64F64 `safe_div`, i.e.
 * `checked_div(..).unwrap_or_default()` (primitives/safe-math `FixedExt::safe_div`), and
 * substrate-fixed's `checked_div` is None on overflow, so a quotient of 2^64 alpha or more is 0 and
 * the maximum 0 (opentensor/subtensor spec 425 and RaoFoundation/subtensor
 * pallets/subtensor/src/staking/move_stake.rs: Ok(0); spec 293: Err(ZeroMaxStakeAmount)). Only
 * limit_price = 0 is the u64::MAX shortcut. `div` of src/amm/fixed.ts yields 0 on overflow the
 * same way; `maxMoveOverflows` (src/amm) tells the case apart. Then swap_stake_limit without
 * allow_partial is SlippageTooHigh, with it a success that moves nothing.
 */
export function maxAmountMove(state: ChainState, originNetuid: number, destinationNetuid: number, limitPrice: bigint): bigint {
  if (v3Rules(state)) return maxOrZeroMax(() => maxMove(poolOf(state, originNetuid), poolOf(state, destinationNetuid), limitPrice));
  const originDynamic = isDynamicSubnet(state, originNetuid);
  const destinationDynamic = isDynamicSubnet(state, destinationNetuid);
  if (!originDynamic && !destinationDynamic) return limitPrice > RAO_PER_TAO ? 0n : U64_MAX;
  if (!originDynamic) {
    if (limitPrice === 0n) return U64_MAX;
    return maxAmountAdd(state, destinationNetuid, (RAO_PER_TAO * RAO_PER_TAO) / limitPrice);
  }
  if (!destinationDynamic) return maxAmountRemove(state, originNetuid, limitPrice);
  // Dynamic ↔ dynamic: the chain's constant-product closed form (ignores weights and fees).
  const o = poolOf(state, originNetuid);
  const d = poolOf(state, destinationNetuid);
  if (o.taoReserve === 0n || d.taoReserve === 0n || o.alphaReserve === 0n || d.alphaReserve === 0n) return 0n;
  if (limitPrice === 0n) return U64_MAX;
  const limit = div(int(limitPrice), int(RAO_PER_TAO));
  const ratio = div(currentPriceBits(o), currentPriceBits(d));
  if (limit > ratio) return 0n;
  const taoSum = int(o.taoReserve + d.taoReserve);
  return toU64(sub(div(mul(int(d.alphaReserve), div(int(o.taoReserve), taoSum)), limit), mul(int(o.alphaReserve), div(int(d.taoReserve), taoSum))));
}

// ---- stake into / unstake from a subnet (spec §6.4) ----------------------------------------

interface StakeResult {
  alpha: bigint;
  quote: SwapQuote;
  events: RuntimeEvent[];
}

/** The subnet's pool as the swap sees it: fee-less for the chain's internal fee sales and move legs. */
function swapPool(state: ChainState, netuid: number, dropFees: boolean) {
  const pool = poolOf(state, netuid);
  return dropFees ? withoutFee(pool) : pool;
}

/**
 * Swaps `tao` into alpha on `netuid` and adds it to (hotkey, coldkey). The TAO comes from
 * `payer`'s free balance (kept alive), or, with payer null, is TAO in flight from an unstake
 * (a move): then unexecuted TAO is credited to the coldkey.
 */
function stakeIntoSubnet(
  state: ChainState,
  hotkey: AccountId,
  coldkey: AccountId,
  netuid: number,
  tao: bigint,
  limitPrice: bigint,
  dropFees: boolean,
  payer: AccountId | null,
): StakeResult {
  const subnet = existingSubnet(state, netuid);
  ensurePoolRecord(state, subnet);
  const pool = swapPool(state, netuid, dropFees);
  const q = swapOrFail(() => quoteStake(pool, tao, limitPrice));
  const events: RuntimeEvent[] = [];
  const taken = q.amountIn + q.fee;
  const v3 = v3Rules(state);
  if (v3) {
    // The V3 runtime withdraws the whole amount and refunds nothing the limit left unexecuted
    // (only rounding can leave any: the amount is clamped to get_max_amount_add first); that TAO
    // leaves the issuance. Its fee stays with the pool (the protocol position's TAO fees).
    if (payer !== null) events.push(...debit(state, payer, tao, true));
    state.totalIssuance -= tao - taken;
    events.push(...credit(state, subnetAccountId(netuid), taken));
  } else {
    if (payer !== null) {
      events.push(...debit(state, payer, taken, true));
    } else if (tao > taken) {
      events.push(...creditOrBurn(state, coldkey, tao - taken));
    }
    events.push(...credit(state, subnetAccountId(netuid), q.amountIn));
  }
  subnet.taoReserve += q.amountIn;
  if (subnet.mechanism === 1) {
    subnet.alphaReserve -= q.amountOut;
    advancePoolPrice(state, subnet, 'buy', q.amountIn, q.sqrtPriceAfter);
  }
  subnet.alphaOut += q.amountOut;
  subnet.volume += v3 ? tao : q.amountIn;
  if (!v3) payAuthor(state, q.fee);
  if (q.amountOut === 0n) fail(SUBTENSOR, 'AmountTooLow');
  increaseStake(state, hotkey, coldkey, netuid, q.amountOut);
  // StakeAdded's TAO is the amount handed to the swap on the V3 runtime, what was taken otherwise.
  events.push({ section: SUBTENSOR, method: 'StakeAdded', data: [coldkey, hotkey, v3 ? tao : taken, q.amountOut, netuid, q.fee] });
  return { alpha: q.amountOut, quote: q, events };
}

interface UnstakeResult {
  tao: bigint;
  quote: SwapQuote;
  events: RuntimeEvent[];
}

/**
 * Removes `alpha` from (hotkey, coldkey) on `netuid` and sells it. Unexecuted alpha (the limit
 * bound) returns to the stake; the alpha fee is then sold fee-less and its TAO paid to the block
 * author. The TAO out goes to `recipient`, or stays in flight (returned) when it is null.
 */
function unstakeFromSubnet(
  state: ChainState,
  hotkey: AccountId,
  coldkey: AccountId,
  netuid: number,
  alpha: bigint,
  limitPrice: bigint,
  dropFees: boolean,
  recipient: AccountId | null,
): UnstakeResult {
  const subnet = existingSubnet(state, netuid);
  ensurePoolRecord(state, subnet);
  const pool = swapPool(state, netuid, dropFees);
  const q = swapOrFail(() => quoteUnstake(pool, alpha, limitPrice));
  // The chain decreases the stake by `alpha` and refunds the unexecuted part; decreasing by the
  // executed part only is the same result without a second share rounding.
  decreaseStake(state, hotkey, coldkey, netuid, q.amountIn + q.fee);

  if (subnet.mechanism === 1) {
    subnet.alphaReserve += q.amountIn;
    advancePoolPrice(state, subnet, 'sell', q.amountIn, q.sqrtPriceAfter);
  }
  subnet.alphaOut -= q.amountIn;
  subnet.taoReserve -= q.amountOut;
  subnet.volume += q.amountOut;
  takeFromSubnetAccount(state, netuid, q.amountOut);
  const events: RuntimeEvent[] = [];
  if (recipient !== null) events.push(...creditOrBurn(state, recipient, q.amountOut));

  if (v3Rules(state)) {
    // The V3 runtime keeps the alpha fee in the pool for its liquidity (FeeGlobalAlpha); nothing
    // is sold for the author. StakeRemoved reports the whole alpha taken from the stake.
    events.push({ section: SUBTENSOR, method: 'StakeRemoved', data: [coldkey, hotkey, q.amountOut, q.amountIn + q.fee, netuid, q.fee] });
    return { tao: q.amountOut, quote: q, events };
  }

  if (q.fee > 0n) {
    // Sell the fee alpha fee-less against the updated reserves; its TAO goes to the author.
    subnet.alphaOut -= q.fee;
    try {
      const feeSale = quoteUnstake(swapPool(state, netuid, true), q.fee);
      subnet.alphaReserve += feeSale.amountIn;
      advancePoolPrice(state, subnet, 'sell', feeSale.amountIn);
      subnet.taoReserve -= feeSale.amountOut;
      takeFromSubnetAccount(state, netuid, feeSale.amountOut);
      payAuthor(state, feeSale.amountOut);
    } catch (e) {
      // The chain burns fee alpha it cannot sell; the user's swap stands.
      if (!isChainSwapError(e)) throw e;
    }
  }
  events.push({ section: SUBTENSOR, method: 'StakeRemoved', data: [coldkey, hotkey, q.amountOut, q.amountIn, netuid, q.fee] });
  return { tao: q.amountOut, quote: q, events };
}

/** A basket claim's sale of `alpha` of (hotkey, seller) on `netuid`: the TAO stays in flight (returned), no events. */
export function unstakeFromSubnetForClaim(state: ChainState, hotkey: AccountId, seller: AccountId, netuid: number, alpha: bigint): bigint {
  return unstakeFromSubnet(state, hotkey, seller, netuid, alpha, MIN_PRICE_RAO, false, null).tao;
}

/** Stakes TAO in flight from a basket claim on root for (hotkey, coldkey): 1:1, no fee, no events (the claim reports them). */
export function stakeIntoSubnetForClaim(state: ChainState, hotkey: AccountId, coldkey: AccountId, tao: bigint): void {
  stakeIntoSubnet(state, hotkey, coldkey, 0, tao, MAX_PRICE_RAO, true, null);
}

// ---- add_stake / add_stake_limit -----------------------------------------------------------

/** DefaultMinStake + fee(DefaultMinStake): 2_001_007 rao at FeeRate 33 on a dynamic subnet, 2_000_000 otherwise. */
export function minStakeAmount(state: ChainState, netuid: number): bigint {
  const s = state.subnets.get(netuid);
  const fee = s !== undefined && s.mechanism === 1 ? swapFee(DEFAULT_MIN_STAKE, s.feeRate) : 0n;
  return DEFAULT_MIN_STAKE + fee;
}

/** `validate_add_stake` (spec §11), in the chain's order. Returns the amount to execute. */
function validateAddStake(state: ChainState, coldkey: AccountId, hotkey: AccountId, netuid: number, amount: bigint, maxAmount: bigint, allowPartial: boolean): bigint {
  const subnet = existingSubnet(state, netuid);
  ensureSubtokenEnabled(subnet);
  if (amount < minStakeAmount(state, netuid)) fail(SUBTENSOR, 'AmountTooLow');
  if (!allowPartial && amount > maxAmount) fail(SUBTENSOR, 'SlippageTooHigh');
  const possible = min(amount, maxAmount);
  if (amount > freeBalance(state, coldkey)) fail(SUBTENSOR, 'NotEnoughBalanceToStake');
  ensureHotkeyExists(state, hotkey);
  const sim = simOrInsufficientLiquidity(() => quoteStake(poolOf(state, netuid), possible));
  if (sim.amountIn < DEFAULT_MIN_STAKE) fail(SUBTENSOR, 'AmountTooLow');
  if (sim.amountOut === 0n) fail(SUBTENSOR, 'InsufficientLiquidity');
  return possible;
}

function doAddStake(state: ChainState, coldkey: AccountId, hotkey: AccountId, netuid: number, amount: bigint, limit: { price: bigint; allowPartial: boolean } | null): RuntimeEvent[] {
  const subnet = state.subnets.get(netuid);
  // The input cap (1000 × the TAO reserve) came with the Balancer swap; the V3 runtime has none.
  if (!v3Rules(state) && subnet !== undefined && subnet.mechanism === 1 && amount > subnet.taoReserve * 1_000n) fail(SUBTENSOR, 'InsufficientLiquidity');
  const maxAmount = limit === null ? amount : maxAmountAdd(state, netuid, limit.price);
  const possible = validateAddStake(state, coldkey, hotkey, netuid, amount, maxAmount, limit?.allowPartial ?? false);
  // The existential deposit always stays (reducible_balance with Preserve).
  const taoStaked = min(possible, reducibleBalance(state, coldkey, true));
  const events = stakeIntoSubnet(state, hotkey, coldkey, netuid, taoStaked, limit?.price ?? buyLimit(state), false, coldkey).events;
  // Root stake that changed restarts the hold (a no-op clock where the runtime has none).
  if (netuid === 0) touchRootStakeAge(state, coldkey, hotkey);
  return events;
}

// ---- remove_stake / remove_stake_limit / remove_stake_full_limit --------------------------

/** `validate_remove_stake` (spec §11), in the chain's order. Returns the alpha to execute. */
function validateRemoveStake(state: ChainState, coldkey: AccountId, hotkey: AccountId, netuid: number, alpha: bigint, maxAmount: bigint, allowPartial: boolean): bigint {
  if (v3Rules(state)) return validateRemoveStakeV3(state, coldkey, hotkey, netuid, alpha, maxAmount, allowPartial);
  const subnet = existingSubnet(state, netuid);
  ensureSubtokenEnabled(subnet);
  if (netuid === 0) ensureRootStakeUnlocked(state, coldkey, hotkey);
  if (alpha === 0n) fail(SUBTENSOR, 'AmountTooLow');
  const stake = stakeValue(state, hotkey, coldkey, netuid);
  if (alpha > stake) fail(SUBTENSOR, 'NotEnoughStakeToWithdraw');
  const possible = min(alpha, maxAmount);
  const sim = simOrInsufficientLiquidity(() => quoteUnstake(poolOf(state, netuid), possible));
  // A full unstake may return less than the minimum; a partial one may not leave dust behind it.
  if (possible < stake && sim.amountOut < DEFAULT_MIN_STAKE) fail(SUBTENSOR, 'AmountTooLow');
  if (!allowPartial && alpha > maxAmount) fail(SUBTENSOR, 'SlippageTooHigh');
  ensureHotkeyExists(state, hotkey);
  // The lock is checked on the requested amount, not on the part the price limit lets execute
  // (ensure_available_to_unstake(coldkey, netuid, alpha_unstaked), spec 425 and RaoFoundation).
  ensureAvailable(state, coldkey, netuid, alpha);
  return possible;
}

/**
 * `validate_remove_stake` of spec 293: no subtoken check (it is commented out there), and the
 * minimum-value check simulates the sale of the whole requested amount (with fee) when stake would
 * remain; a failed simulation is InsufficientLiquidity.
 */
function validateRemoveStakeV3(state: ChainState, coldkey: AccountId, hotkey: AccountId, netuid: number, alpha: bigint, maxAmount: bigint, allowPartial: boolean): bigint {
  existingSubnet(state, netuid);
  if (alpha === 0n) fail(SUBTENSOR, 'AmountTooLow');
  const stake = stakeValue(state, hotkey, coldkey, netuid);
  if (alpha > stake) fail(SUBTENSOR, 'NotEnoughStakeToWithdraw');
  const sim = simOrInsufficientLiquidity(() => quoteUnstake(poolOf(state, netuid), alpha));
  if (stake - alpha > 0n && sim.amountOut < DEFAULT_MIN_STAKE) fail(SUBTENSOR, 'AmountTooLow');
  if (!allowPartial && alpha > maxAmount) fail(SUBTENSOR, 'SlippageTooHigh');
  ensureHotkeyExists(state, hotkey);
  return min(alpha, maxAmount);
}

function doRemoveStake(state: ChainState, coldkey: AccountId, hotkey: AccountId, netuid: number, amount: bigint, limit: { price: bigint; allowPartial: boolean } | null): RuntimeEvent[] {
  const events = removeStake(state, coldkey, hotkey, netuid, amount, limit);
  if (netuid === 0) touchRootStakeAge(state, coldkey, hotkey);
  return events;
}

function removeStake(state: ChainState, coldkey: AccountId, hotkey: AccountId, netuid: number, amount: bigint, limit: { price: bigint; allowPartial: boolean } | null): RuntimeEvent[] {
  if (limit === null) {
    // remove_stake caps the amount at the current stake (a fee paid in alpha may have reduced it);
    // spec 293's does not (validate_remove_stake refuses more than the stake).
    const alpha = v3Rules(state) ? amount : min(amount, stakeValue(state, hotkey, coldkey, netuid));
    const possible = validateRemoveStake(state, coldkey, hotkey, netuid, alpha, alpha, false);
    return unstakeFromSubnet(state, hotkey, coldkey, netuid, possible, sellLimit(state), false, coldkey).events;
  }
  const maxAmount = maxAmountRemove(state, netuid, limit.price);
  const possible = validateRemoveStake(state, coldkey, hotkey, netuid, amount, maxAmount, limit.allowPartial);
  return unstakeFromSubnet(state, hotkey, coldkey, netuid, possible, limit.price, false, coldkey).events;
}

// ---- unstake_all / unstake_all_alpha ------------------------------------------------------

function fullPositions(state: ChainState, coldkey: AccountId, hotkey: AccountId, includeRoot: boolean): { netuid: number; alpha: bigint }[] {
  return [...state.subnets.keys()]
    .sort((a, b) => a - b)
    .filter((n) => includeRoot || n !== 0)
    .map((netuid) => ({ netuid, alpha: stakeValue(state, hotkey, coldkey, netuid) }))
    .filter((p) => p.alpha > 0n);
}

/** Unstakes every position of (hotkey, coldkey) that validates; the others are skipped silently. Returns the TAO out and events. */
function unstakeEverything(state: ChainState, coldkey: AccountId, hotkey: AccountId, includeRoot: boolean, recipient: AccountId | null): { tao: bigint; events: RuntimeEvent[] } {
  ensureHotkeyExists(state, hotkey);
  let tao = 0n;
  const events: RuntimeEvent[] = [];
  for (const { netuid, alpha } of fullPositions(state, coldkey, hotkey, includeRoot)) {
    try {
      validateRemoveStake(state, coldkey, hotkey, netuid, alpha, alpha, false);
    } catch (e) {
      if (e instanceof DispatchFailure) continue;
      throw e;
    }
    const r = unstakeFromSubnet(state, hotkey, coldkey, netuid, alpha, sellLimit(state), false, recipient);
    if (netuid === 0) touchRootStakeAge(state, coldkey, hotkey);
    tao += r.tao;
    events.push(...r.events);
  }
  return { tao, events };
}

function doUnstakeAll(state: ChainState, coldkey: AccountId, hotkey: AccountId): RuntimeEvent[] {
  return unstakeEverything(state, coldkey, hotkey, true, coldkey).events;
}

/** Sells all non-root alpha and restakes the TAO on root (netuid 0) with the same hotkey. */
function doUnstakeAllAlpha(state: ChainState, coldkey: AccountId, hotkey: AccountId): RuntimeEvent[] {
  const { tao, events } = unstakeEverything(state, coldkey, hotkey, false, null);
  if (tao > 0n) {
    events.push(...stakeIntoSubnet(state, hotkey, coldkey, 0, tao, buyLimit(state), false, null).events);
    touchRootStakeAge(state, coldkey, hotkey);
  }
  return events;
}

// ---- moves: move_stake / transfer_stake / swap_stake(_limit) (spec §10, §11) ---------------

interface Transition {
  originColdkey: AccountId;
  destinationColdkey: AccountId;
  originHotkey: AccountId;
  destinationHotkey: AccountId;
  originNetuid: number;
  destinationNetuid: number;
  alpha: bigint;
  limit: { price: bigint; allowPartial: boolean } | null;
  checkTransferToggle: boolean;
}

/** `validate_stake_transition`, in the chain's order. */
function validateStakeTransition(state: ChainState, t: Transition, maxAmount: bigint): void {
  if (v3Rules(state)) return validateStakeTransitionV3(state, t, maxAmount);
  const crossSubnet = t.originNetuid !== t.destinationNetuid;
  if (t.originColdkey === t.destinationColdkey && t.originHotkey === t.destinationHotkey && !crossSubnet) fail(SUBTENSOR, 'SameNetuid');
  const origin = existingSubnet(state, t.originNetuid);
  const destination = existingSubnet(state, t.destinationNetuid);
  ensureSubtokenEnabled(origin);
  ensureSubtokenEnabled(destination);
  ensureHotkeyExists(state, t.originHotkey);
  ensureHotkeyExists(state, t.destinationHotkey);
  if (t.originNetuid === 0) ensureRootStakeUnlocked(state, t.originColdkey, t.originHotkey);
  if (t.alpha > stakeValue(state, t.originHotkey, t.originColdkey, t.originNetuid)) fail(SUBTENSOR, 'NotEnoughStakeToWithdraw');
  if (crossSubnet) {
    const sim = simOrInsufficientLiquidity(() => quoteUnstake(poolOf(state, t.originNetuid), t.alpha));
    if (!(sim.amountOut > DEFAULT_MIN_STAKE)) fail(SUBTENSOR, 'AmountTooLow');
    if (t.limit !== null && !t.limit.allowPartial && t.alpha > maxAmount) fail(SUBTENSOR, 'SlippageTooHigh');
  }
  if (t.checkTransferToggle) {
    if (!origin.transferToggle) fail(SUBTENSOR, 'TransferDisallowed');
    if (crossSubnet && !destination.transferToggle) fail(SUBTENSOR, 'TransferDisallowed');
  }
  // Last, and only across subnets, on the requested amount (not the part the limit lets execute).
  // Within one subnet the coldkey's total is unchanged, or, for another coldkey, transfer_lock
  // carries the locked part along at execution (see doTransition).
  if (crossSubnet) ensureAvailable(state, t.originColdkey, t.originNetuid, t.alpha);
}

/**
 * `validate_stake_transition` of spec 293, in its order. The value check simulates the origin
 * sale WITH fee for every move, same-subnet ones included (they go through the pool there).
 */
function validateStakeTransitionV3(state: ChainState, t: Transition, maxAmount: bigint): void {
  if (t.originColdkey === t.destinationColdkey && t.originHotkey === t.destinationHotkey && t.originNetuid === t.destinationNetuid) fail(SUBTENSOR, 'SameNetuid');
  const origin = existingSubnet(state, t.originNetuid);
  const destination = existingSubnet(state, t.destinationNetuid);
  ensureSubtokenEnabled(origin);
  ensureSubtokenEnabled(destination);
  ensureHotkeyExists(state, t.originHotkey);
  ensureHotkeyExists(state, t.destinationHotkey);
  if (t.alpha > stakeValue(state, t.originHotkey, t.originColdkey, t.originNetuid)) fail(SUBTENSOR, 'NotEnoughStakeToWithdraw');
  const sim = simOrInsufficientLiquidity(() => quoteUnstake(poolOf(state, t.originNetuid), t.alpha));
  if (!(sim.amountOut > DEFAULT_MIN_STAKE)) fail(SUBTENSOR, 'AmountTooLow');
  if (t.limit !== null && !t.limit.allowPartial && t.alpha > maxAmount) fail(SUBTENSOR, 'SlippageTooHigh');
  if (t.checkTransferToggle && (!origin.transferToggle || !destination.transferToggle)) fail(SUBTENSOR, 'TransferDisallowed');
}

/**
 * `transition_stake_internal` of spec 293: the origin alpha is sold at min_price() without fee,
 * and the TAO, when at least the minimum stake, bought into the destination at max_price() with
 * the fee (in TAO). Less than that is not restaked and is credited to no one. The same subnet is
 * no exception: the sale moves the pool, the buy-back pays the fee on the moved pool.
 */
function doTransitionV3(state: ChainState, t: Transition): { tao: bigint; events: RuntimeEvent[] } {
  const maxAmount = t.limit === null ? t.alpha : maxAmountMove(state, t.originNetuid, t.destinationNetuid, t.limit.price);
  validateStakeTransitionV3(state, t, maxAmount);
  const moveAmount = min(t.alpha, maxAmount);
  const unstaked = unstakeFromSubnet(state, t.originHotkey, t.originColdkey, t.originNetuid, moveAmount, V3_MIN_PRICE_RAO, true, null);
  const events = [...unstaked.events];
  if (unstaked.tao >= DEFAULT_MIN_STAKE) {
    events.push(...stakeIntoSubnet(state, t.destinationHotkey, t.destinationColdkey, t.destinationNetuid, unstaked.tao, V3_MAX_PRICE_RAO, false, null).events);
  } else {
    state.totalIssuance -= unstaked.tao;
  }
  return { tao: unstaked.tao, events };
}

/** Executes a validated transition; returns the TAO value moved and the leg events. */
function doTransition(state: ChainState, t: Transition): { tao: bigint; events: RuntimeEvent[] } {
  if (v3Rules(state)) return doTransitionV3(state, t);
  // The limit guards the swap only: within one subnet there is none (move_stake_limit ignores it there).
  const maxAmount = t.limit === null || t.originNetuid === t.destinationNetuid ? t.alpha : maxAmountMove(state, t.originNetuid, t.destinationNetuid, t.limit.price);
  validateStakeTransition(state, t, maxAmount);
  const moveAmount = min(t.alpha, maxAmount);
  if (moveAmount === 0n && t.originNetuid === t.destinationNetuid) fail(SUBTENSOR, 'AmountTooLow');
  if (t.originNetuid === 0) touchRootStakeAge(state, t.originColdkey, t.originHotkey);
  if (t.destinationNetuid === 0) touchRootStakeAge(state, t.destinationColdkey, t.destinationHotkey);
  if (moveAmount === 0n) {
    // A limit that allows nothing, with allow_partial (without it validation refused it): the chain
    // unstakes 0 (the swap step accepts a zero input: swap_step.rs checks delta_out only when
    // delta_in ≠ 0), emits StakeRemoved with zeros, restakes nothing (0 < DefaultMinStake) and
    // succeeds with 0 TAO moved (transition_stake_internal, spec 425 / RaoFoundation).
    return { tao: 0n, events: [{ section: SUBTENSOR, method: 'StakeRemoved', data: [t.originColdkey, t.originHotkey, 0n, 0n, t.originNetuid, 0n] }] };
  }

  if (t.originNetuid === t.destinationNetuid) {
    // transfer_stake_within_subnet: the lock follows the stake first, then no swap, no fee; the
    // TAO figure is price × alpha.
    transferLock(state, t.originColdkey, t.destinationColdkey, t.originNetuid, moveAmount);
    const tao = toU64(mul(currentPriceBits(poolOf(state, t.originNetuid)), int(moveAmount)));
    if (tao < DEFAULT_MIN_STAKE) fail(SUBTENSOR, 'AmountTooLow');
    decreaseStake(state, t.originHotkey, t.originColdkey, t.originNetuid, moveAmount);
    increaseStake(state, t.destinationHotkey, t.destinationColdkey, t.destinationNetuid, moveAmount);
    return {
      tao,
      events: [
        { section: SUBTENSOR, method: 'StakeRemoved', data: [t.originColdkey, t.originHotkey, tao, moveAmount, t.originNetuid, 0n] },
        { section: SUBTENSOR, method: 'StakeAdded', data: [t.destinationColdkey, t.destinationHotkey, tao, moveAmount, t.destinationNetuid, 0n] },
      ],
    };
  }

  // One fee: on the origin leg, unless the origin is root (then on the destination leg).
  const feeOnDestination = t.originNetuid === 0;
  const unstaked = unstakeFromSubnet(state, t.originHotkey, t.originColdkey, t.originNetuid, moveAmount, MIN_PRICE_RAO, feeOnDestination, null);
  const events = [...unstaked.events];
  if (unstaked.tao >= DEFAULT_MIN_STAKE) {
    events.push(...stakeIntoSubnet(state, t.destinationHotkey, t.destinationColdkey, t.destinationNetuid, unstaked.tao, MAX_PRICE_RAO, !feeOnDestination, null).events);
  } else {
    // Too little to stake: the TAO stays free on the destination coldkey.
    events.push(...creditOrBurn(state, t.destinationColdkey, unstaked.tao));
  }
  return { tao: unstaked.tao, events };
}

function doMoveStake(state: ChainState, coldkey: AccountId, originHotkey: AccountId, destinationHotkey: AccountId, originNetuid: number, destinationNetuid: number, alpha: bigint): RuntimeEvent[] {
  const { tao, events } = doTransition(state, { originColdkey: coldkey, destinationColdkey: coldkey, originHotkey, destinationHotkey, originNetuid, destinationNetuid, alpha, limit: null, checkTransferToggle: false });
  events.push({ section: SUBTENSOR, method: 'StakeMoved', data: [coldkey, originHotkey, originNetuid, destinationHotkey, destinationNetuid, tao] });
  return events;
}

/**
 * move_stake_limit: any (hotkey, subnet) to any other in one call, limited by the minimum
 * destination alpha per origin alpha (x 1e9) across subnets; u64::MAX means the whole live
 * position at execution.
 */
function doMoveStakeLimit(
  state: ChainState, coldkey: AccountId, originHotkey: AccountId, destinationHotkey: AccountId, originNetuid: number, destinationNetuid: number, alpha: bigint,
  limit: { price: bigint; allowPartial: boolean },
): RuntimeEvent[] {
  const amount = alpha === U64_MAX ? stakeValue(state, originHotkey, coldkey, originNetuid) : alpha;
  const { tao, events } = doTransition(state, { originColdkey: coldkey, destinationColdkey: coldkey, originHotkey, destinationHotkey, originNetuid, destinationNetuid, alpha: amount, limit, checkTransferToggle: false });
  events.push({ section: SUBTENSOR, method: 'StakeMoved', data: [coldkey, originHotkey, originNetuid, destinationHotkey, destinationNetuid, tao] });
  return events;
}

function doTransferStake(state: ChainState, coldkey: AccountId, destinationColdkey: AccountId, hotkey: AccountId, originNetuid: number, destinationNetuid: number, alpha: bigint): RuntimeEvent[] {
  const { tao, events } = doTransition(state, { originColdkey: coldkey, destinationColdkey, originHotkey: hotkey, destinationHotkey: hotkey, originNetuid, destinationNetuid, alpha, limit: null, checkTransferToggle: true });
  events.push({ section: SUBTENSOR, method: 'StakeTransferred', data: [coldkey, destinationColdkey, hotkey, originNetuid, destinationNetuid, tao] });
  return events;
}

function doSwapStake(state: ChainState, coldkey: AccountId, hotkey: AccountId, originNetuid: number, destinationNetuid: number, alpha: bigint, limit: { price: bigint; allowPartial: boolean } | null): RuntimeEvent[] {
  if (originNetuid === destinationNetuid) fail(SUBTENSOR, 'SameNetuid');
  const { tao, events } = doTransition(state, { originColdkey: coldkey, destinationColdkey: coldkey, originHotkey: hotkey, destinationHotkey: hotkey, originNetuid, destinationNetuid, alpha, limit, checkTransferToggle: false });
  events.push({ section: SUBTENSOR, method: 'StakeSwapped', data: [coldkey, hotkey, originNetuid, destinationNetuid, tao] });
  return events;
}

// ---- call arguments -----------------------------------------------------------------------

function arg(args: Record<string, unknown>, name: string): unknown {
  if (name in args) return args[name];
  const snake = name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
  if (snake in args) return args[snake];
  throw new CallArgumentError(`missing call argument ${name}`);
}

function toBigIntArg(v: unknown, name: string): bigint {
  if (typeof v === 'bigint') return v;
  if (typeof v === 'number' && Number.isSafeInteger(v)) return BigInt(v);
  if (typeof v === 'string' && /^(0x[0-9a-fA-F]+|\d+)$/.test(v)) return BigInt(v);
  if (typeof v === 'object' && v !== null && typeof (v as { toBigInt?: unknown }).toBigInt === 'function') return (v as { toBigInt(): bigint }).toBigInt();
  throw new CallArgumentError(`argument ${name} must be an integer, got ${typeof v}`);
}

function u64Arg(args: Record<string, unknown>, name: string): bigint {
  const v = toBigIntArg(arg(args, name), name);
  if (v < 0n || v > U64_MAX) throw new CallArgumentError(`argument ${name} is out of the u64 range`);
  return v;
}

function u16Arg(args: Record<string, unknown>, name: string): number {
  const v = toBigIntArg(arg(args, name), name);
  if (v < 0n || v > 65_535n) throw new CallArgumentError(`argument ${name} is out of the u16 range`);
  return Number(v);
}

function boolArg(args: Record<string, unknown>, name: string): boolean {
  const v = arg(args, name);
  if (typeof v === 'boolean') return v;
  if (typeof v === 'object' && v !== null && typeof (v as { isTrue?: unknown }).isTrue === 'boolean') return (v as { isTrue: boolean }).isTrue;
  throw new CallArgumentError(`argument ${name} must be a boolean`);
}

function optionU64Arg(args: Record<string, unknown>, name: string): bigint | null {
  const v = arg(args, name);
  if (v === null || v === undefined) return null;
  if (typeof v === 'object' && v !== null && 'isNone' in v && (v as { isNone: unknown }).isNone === true) return null;
  if (typeof v === 'object' && v !== null && 'unwrap' in v && typeof (v as { unwrap: unknown }).unwrap === 'function') return toBigIntArg((v as { unwrap(): unknown }).unwrap(), name);
  const b = toBigIntArg(v, name);
  if (b < 0n || b > U64_MAX) throw new CallArgumentError(`argument ${name} is out of the u64 range`);
  return b;
}

/** An AccountId as 0x-hex (32 bytes); also accepts a MultiAddress `{ Id | id: hex }` for balances' `dest`. */
export function toAccountId(v: unknown, name = 'account'): AccountId {
  let value: unknown = v;
  if (typeof value === 'object' && value !== null && !(value instanceof Uint8Array)) {
    const o = value as Record<string, unknown>;
    if ('Id' in o) value = o.Id;
    else if ('id' in o) value = o.id;
    else if (typeof (o as { toHex?: unknown }).toHex === 'function') value = (o as { toHex(): string }).toHex();
  }
  if (value instanceof Uint8Array) value = `0x${[...value].map((b) => b.toString(16).padStart(2, '0')).join('')}`;
  if (typeof value === 'string' && /^0x[0-9a-fA-F]{64}$/.test(value)) return value.toLowerCase() as AccountId;
  throw new CallArgumentError(`argument ${name} must be a 32-byte AccountId as 0x hex`);
}

function accountArg(args: Record<string, unknown>, name: string): AccountId {
  return toAccountId(arg(args, name), name);
}

// ---- transaction validity (V3 rules: SubtensorTransactionExtension of spec 293) ------------

/** `CustomTransactionError` codes of spec 293 (`result_to_validity`); anything else is BadRequest (255). */
const VALIDITY_CODES: Record<string, number> = {
  AmountTooLow: 1,
  NotEnoughBalanceToStake: 2,
  SubnetNotExists: 3,
  HotKeyAccountNotExists: 4,
  NotEnoughStakeToWithdraw: 5,
  InsufficientLiquidity: 7,
  SlippageTooHigh: 8,
  TransferDisallowed: 9,
  HotKeyNotRegisteredInNetwork: 10,
};
/** `CustomTransactionError::ZeroMaxAmount`: get_max_amount_* failed for a *_limit call. */
export const ZERO_MAX_AMOUNT_CODE = 14;

type ValidityCheck = (state: ChainState, origin: AccountId, args: Record<string, unknown>) => void;

const transition = (origin: AccountId, a: Record<string, unknown>, hotkeys: [string, string], destinationColdkey: AccountId, checkTransferToggle: boolean, limit: { price: bigint; allowPartial: boolean } | null): Transition => ({
  originColdkey: origin, destinationColdkey, originHotkey: accountArg(a, hotkeys[0]), destinationHotkey: accountArg(a, hotkeys[1]),
  originNetuid: u16Arg(a, 'originNetuid'), destinationNetuid: u16Arg(a, 'destinationNetuid'), alpha: u64Arg(a, 'alphaAmount'), limit, checkTransferToggle,
});

/**
 * What the spec-293 extension checks per call before a staking transaction enters the pool: the
 * dispatch's own validate_* with the same maximum (calls it does not list pass).
 */
const VALIDITY_CHECKS: Record<string, ValidityCheck> = {
  'subtensorModule.addStake': (s, o, a) => {
    const amount = u64Arg(a, 'amountStaked');
    validateAddStake(s, o, accountArg(a, 'hotkey'), u16Arg(a, 'netuid'), amount, amount, false);
  },
  'subtensorModule.addStakeLimit': (s, o, a) => {
    const netuid = u16Arg(a, 'netuid');
    const max = maxAmountAdd(s, netuid, u64Arg(a, 'limitPrice'));
    validateAddStake(s, o, accountArg(a, 'hotkey'), netuid, u64Arg(a, 'amountStaked'), max, boolArg(a, 'allowPartial'));
  },
  'subtensorModule.removeStake': (s, o, a) => {
    const amount = u64Arg(a, 'amountUnstaked');
    validateRemoveStake(s, o, accountArg(a, 'hotkey'), u16Arg(a, 'netuid'), amount, amount, false);
  },
  'subtensorModule.removeStakeLimit': (s, o, a) => {
    const netuid = u16Arg(a, 'netuid');
    const max = maxAmountRemove(s, netuid, u64Arg(a, 'limitPrice'));
    validateRemoveStake(s, o, accountArg(a, 'hotkey'), netuid, u64Arg(a, 'amountUnstaked'), max, boolArg(a, 'allowPartial'));
  },
  'subtensorModule.moveStake': (s, o, a) => {
    const t = transition(o, a, ['originHotkey', 'destinationHotkey'], o, false, null);
    validateStakeTransition(s, t, t.alpha);
  },
  'subtensorModule.transferStake': (s, o, a) => {
    const t = transition(o, a, ['hotkey', 'hotkey'], accountArg(a, 'destinationColdkey'), true, null);
    validateStakeTransition(s, t, t.alpha);
  },
  'subtensorModule.swapStake': (s, o, a) => {
    const t = transition(o, a, ['hotkey', 'hotkey'], o, false, null);
    validateStakeTransition(s, t, t.alpha);
  },
  'subtensorModule.swapStakeLimit': (s, o, a) => {
    const limit = { price: u64Arg(a, 'limitPrice'), allowPartial: boolArg(a, 'allowPartial') };
    const t = transition(o, a, ['hotkey', 'hotkey'], o, false, limit);
    validateStakeTransition(s, t, maxAmountMove(s, t.originNetuid, t.destinationNetuid, limit.price));
  },
};

/**
 * The `InvalidTransaction::Custom` code the runtime's staking extension refuses `call` with, or
 * null when it passes (or is not a call the extension checks). Reads `state`, changes nothing.
 */
export function stakingValidityCode(state: ChainState, origin: AccountId, call: DecodedCall): number | null {
  const check = VALIDITY_CHECKS[`${call.section}.${call.method}`];
  if (check === undefined) return null;
  try {
    check(cloneState(state), origin, call.args);
    return null;
  } catch (e) {
    if (!(e instanceof DispatchFailure)) throw e;
    if (e.error.name === 'ZeroMaxStakeAmount') return ZERO_MAX_AMOUNT_CODE;
    return VALIDITY_CODES[e.error.name] ?? 255;
  }
}

// ---- dispatch -----------------------------------------------------------------------------

type Handler = (state: ChainState, origin: AccountId, args: Record<string, unknown>) => RuntimeEvent[];

const HANDLERS: Record<string, Handler> = {
  'subtensorModule.addStake': (s, o, a) => doAddStake(s, o, accountArg(a, 'hotkey'), u16Arg(a, 'netuid'), u64Arg(a, 'amountStaked'), null),
  'subtensorModule.addStakeLimit': (s, o, a) =>
    doAddStake(s, o, accountArg(a, 'hotkey'), u16Arg(a, 'netuid'), u64Arg(a, 'amountStaked'), { price: u64Arg(a, 'limitPrice'), allowPartial: boolArg(a, 'allowPartial') }),
  'subtensorModule.removeStake': (s, o, a) => doRemoveStake(s, o, accountArg(a, 'hotkey'), u16Arg(a, 'netuid'), u64Arg(a, 'amountUnstaked'), null),
  'subtensorModule.removeStakeLimit': (s, o, a) =>
    doRemoveStake(s, o, accountArg(a, 'hotkey'), u16Arg(a, 'netuid'), u64Arg(a, 'amountUnstaked'), { price: u64Arg(a, 'limitPrice'), allowPartial: boolArg(a, 'allowPartial') }),
  'subtensorModule.removeStakeFullLimit': (s, o, a) => {
    const hotkey = accountArg(a, 'hotkey');
    const netuid = u16Arg(a, 'netuid');
    const limit = optionU64Arg(a, 'limitPrice');
    const alpha = stakeValue(s, hotkey, o, netuid);
    return doRemoveStake(s, o, hotkey, netuid, alpha, limit === null ? null : { price: limit, allowPartial: false });
  },
  'subtensorModule.unstakeAll': (s, o, a) => doUnstakeAll(s, o, accountArg(a, 'hotkey')),
  'subtensorModule.unstakeAllAlpha': (s, o, a) => doUnstakeAllAlpha(s, o, accountArg(a, 'hotkey')),
  'subtensorModule.moveStake': (s, o, a) =>
    doMoveStake(s, o, accountArg(a, 'originHotkey'), accountArg(a, 'destinationHotkey'), u16Arg(a, 'originNetuid'), u16Arg(a, 'destinationNetuid'), u64Arg(a, 'alphaAmount')),
  'subtensorModule.moveStakeLimit': (s, o, a) =>
    doMoveStakeLimit(s, o, accountArg(a, 'originHotkey'), accountArg(a, 'destinationHotkey'), u16Arg(a, 'originNetuid'), u16Arg(a, 'destinationNetuid'), u64Arg(a, 'alphaAmount'), {
      price: u64Arg(a, 'limitPrice'),
      allowPartial: boolArg(a, 'allowPartial'),
    }),
  'subtensorModule.transferStake': (s, o, a) =>
    doTransferStake(s, o, accountArg(a, 'destinationColdkey'), accountArg(a, 'hotkey'), u16Arg(a, 'originNetuid'), u16Arg(a, 'destinationNetuid'), u64Arg(a, 'alphaAmount')),
  'subtensorModule.swapStake': (s, o, a) => doSwapStake(s, o, accountArg(a, 'hotkey'), u16Arg(a, 'originNetuid'), u16Arg(a, 'destinationNetuid'), u64Arg(a, 'alphaAmount'), null),
  'subtensorModule.swapStakeLimit': (s, o, a) =>
    doSwapStake(s, o, accountArg(a, 'hotkey'), u16Arg(a, 'originNetuid'), u16Arg(a, 'destinationNetuid'), u64Arg(a, 'alphaAmount'), {
      price: u64Arg(a, 'limitPrice'),
      allowPartial: boolArg(a, 'allowPartial'),
    }),
  'subtensorModule.lockStake': (s, o, a) => lockStake(s, o, accountArg(a, 'hotkey'), u16Arg(a, 'netuid'), u64Arg(a, 'amount')),
  'subtensorModule.moveLock': (s, o, a) => moveLock(s, o, accountArg(a, 'destinationHotkey'), u16Arg(a, 'netuid')),
  'subtensorModule.setPerpetualLock': (s, o, a) => setPerpetualLock(s, o, u16Arg(a, 'netuid'), boolArg(a, 'enabled')),
  'subtensorModule.setRejectLockedAlpha': (s, o, a) => setRejectLockedAlpha(s, o, boolArg(a, 'enabled')),
  'subtensorModule.claimRootWithHotkey': (s, o, a) => claimRootWithHotkey(s, o, accountArg(a, 'hotkey')),
  'subtensorModule.claimRoot': (s, o) => claimRoot(s, o),
  'utility.batchAll': (s, o, a) => batchAll(s, o, a),
  'balances.transferKeepAlive': (s, o, a) => transferKeepAlive(s, o, accountArg(a, 'dest'), u64Arg(a, 'value')),
  'balances.transferAllowDeath': (s, o, a) => transferAllowDeath(s, o, accountArg(a, 'dest'), u64Arg(a, 'value')),
  'balances.transferAll': (s, o, a) => transferAll(s, o, accountArg(a, 'dest'), boolArg(a, 'keepAlive')),
};

/**
 * `Utility.batch_all(calls)`: every call on the same state in order; the first failure fails the
 * whole batch with that call's error and nothing of it stays (the dispatch's rollback). Each
 * success is followed by `ItemCompleted`, the batch by `BatchCompleted`, as FRAME's utility does.
 */
function batchAll(state: ChainState, origin: AccountId, args: Record<string, unknown>): RuntimeEvent[] {
  const calls = arg(args, 'calls');
  if (!Array.isArray(calls)) throw new CallArgumentError('calls must be a list of calls');
  const events: RuntimeEvent[] = [];
  for (const call of calls as DecodedCall[]) {
    const handler = HANDLERS[`${call.section}.${call.method}`];
    if (handler === undefined) fail(SYSTEM, 'CallFiltered');
    events.push(...handler(state, origin, call.args), { section: 'utility', method: 'ItemCompleted', data: [] });
  }
  events.push({ section: 'utility', method: 'BatchCompleted', data: [] });
  return events;
}

/** Whether `dispatch` implements this call (section and method in @polkadot/types camelCase). */
export function isSupportedCall(call: Pick<DecodedCall, 'section' | 'method'>): boolean {
  return `${call.section}.${call.method}` in HANDLERS;
}

/** The calls `dispatch` implements, as "section.method". */
export const SUPPORTED_CALLS: readonly string[] = Object.keys(HANDLERS);

/**
 * Applies `call` signed by `origin`. On success the state is updated in place and the call's
 * events returned; on a dispatch error the state is left exactly as it was. A call the devnet
 * does not implement fails with `System.CallFiltered`. Malformed arguments throw
 * `CallArgumentError` (a bug in the caller, not a chain outcome). The transaction fee is not
 * part of dispatch: see fees.ts.
 */
export function dispatch(state: ChainState, origin: AccountId, call: DecodedCall): DispatchOutcome {
  const handler = HANDLERS[`${call.section}.${call.method}`];
  if (handler === undefined) return { ok: false, error: { section: SYSTEM, name: 'CallFiltered' }, events: [] };
  const work = cloneState(state);
  try {
    const events = handler(work, origin, call.args);
    overwriteState(state, work);
    return { ok: true, events };
  } catch (e) {
    if (e instanceof DispatchFailure) return { ok: false, error: e.error, events: [] };
    throw e;
  }
}

