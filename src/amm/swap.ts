/**
 * Model-independent quote API: validates input, handles root/stable subnets (mechanism ≠ 1: 1:1,
 * no fee, no limit), picks the pool model, and composes moves (spec §7, §8, §10).
 */
import { balancerCurrentPrice, balancerSwap, limitBits } from './balancer.ts';
import { DEFAULT_MIN_STAKE, MAX_PRICE_RAO, MAX_SWAP_INPUT_RESERVE_MULTIPLIER, MIN_PRICE_RAO, RAO_PER_TAO } from './constants.ts';
import { int, mul, ONE, satAddU64, satMulU64, toU64, U64_MAX } from './fixed.ts';
import { cpCurrentPrice, cpSwap, v3CurrentPriceRao, v3CurrentPrice, v3PoolAfter, v3Swap, V3_MAX_PRICE_RAO, V3_MIN_PRICE_RAO } from './legacy.ts';
import { superellipseSpotBits, superellipseSwap } from './superellipse-swap.ts';
import { AmmError } from './errors.ts';
import type { MoveQuote, Order, Pool, SwapQuote } from './types.ts';
import { checkAmount, checkLimit, checkPool } from './validate.ts';

export function isDynamic(pool: Pool): boolean {
  return pool.mechanism === 1;
}

/** Current price as U64F64 bits (`Swap::current_price`): 1 for root and stable subnets. */
export function currentPriceBits(pool: Pool): bigint {
  checkPool(pool);
  if (!isDynamic(pool)) return ONE;
  switch (pool.model ?? 'balancer') {
    case 'balancer':
      return balancerCurrentPrice(pool);
    case 'constantProduct':
      return cpCurrentPrice(pool);
    case 'v3':
      return v3CurrentPrice(pool);
    case 'superellipse':
      return superellipseSpotBits(pool);
  }
}

/** Rao of TAO per alpha, floored: `SwapRuntimeApi.current_alpha_price`. */
export function spotPrice(pool: Pool): bigint {
  checkPool(pool);
  if (!isDynamic(pool)) return RAO_PER_TAO;
  if (pool.model === 'v3') return v3CurrentPriceRao(pool);
  return toU64(mul(currentPriceBits(pool), int(RAO_PER_TAO)));
}

/** Whether the pool's runtime runs the V3 generation's dispatch rules (types.ts SwapRules). */
export function hasV3Rules(pool: Pool): boolean {
  return pool.rules === 'v3' || pool.rules === 'v3Transfers';
}

/**
 * Whether a move from `origin` to `destination` runs the V3 transition (fee-less sale, fee on
 * the destination buy): every cross-subnet move on V3 rules, and same-subnet ones only where
 * they still go through the pool ('v3'); a 'v3Transfers' same-subnet move is a plain transfer.
 */
export function movesThroughV3Pools(origin: Pool, destination: Pool): boolean {
  if (!hasV3Rules(origin)) return false;
  return origin.netuid !== destination.netuid || origin.rules === 'v3';
}

/**
 * The limit a buy (stake, move destination) is given when the caller sets none: the V3 runtimes
 * pass the pool's max_price() (u64::MAX), the others MAX_PRICE_RAO.
 */
export function defaultBuyLimit(pool: Pool): bigint {
  return hasV3Rules(pool) ? V3_MAX_PRICE_RAO : MAX_PRICE_RAO;
}

/** Same for a sell (unstake, move origin): min_price() = 0 on the V3 runtimes, else MIN_PRICE_RAO. */
export function defaultSellLimit(pool: Pool): bigint {
  return hasV3Rules(pool) ? V3_MIN_PRICE_RAO : MIN_PRICE_RAO;
}

/** The pool swap for an already-validated pool and amount (limit in rao). */
export function swapUnchecked(pool: Pool, order: Order, amount: bigint, limitRao: bigint | undefined, dropFees: boolean): SwapQuote {
  if (!isDynamic(pool)) return { amountIn: amount, amountOut: amount, fee: 0n };
  const limit = limitBits(limitRao ?? (order === 'buy' ? defaultBuyLimit(pool) : defaultSellLimit(pool)));
  switch (pool.model ?? 'balancer') {
    case 'balancer':
      return balancerSwap(pool, order, amount, limit, dropFees);
    case 'constantProduct':
      return cpSwap(pool, order, amount, limit, dropFees);
    case 'v3':
      return v3Swap(pool, order, amount, limit, dropFees);
    case 'superellipse':
      return superellipseSwap(pool, order, amount, limit, dropFees);
  }
}

/** Stake `tao` rao into the pool (buy alpha) with an optional price limit in rao per alpha. */
export function quoteStake(pool: Pool, tao: bigint, limitPrice?: bigint): SwapQuote {
  checkPool(pool);
  const amount = checkAmount(tao, 'tao');
  const limit = checkLimit(limitPrice);
  return swapUnchecked(pool, 'buy', amount, limit, false);
}

/** Unstake `alpha` (sell alpha for TAO) with an optional price limit in rao per alpha. */
export function quoteUnstake(pool: Pool, alpha: bigint, limitPrice?: bigint): SwapQuote {
  checkPool(pool);
  const amount = checkAmount(alpha, 'alpha');
  const limit = checkLimit(limitPrice);
  return swapUnchecked(pool, 'sell', amount, limit, false);
}

/**
 * `get_max_amount_add`: the most TAO a stake at `limitPrice` executes (amount in + fee). The V3
 * runtimes simulate a u64::MAX buy (they have no input cap); there a failed simulation or a zero
 * result is the chain's ZeroMaxStakeAmount.
 */
export function maxStake(pool: Pool, limitPrice: bigint): bigint {
  checkPool(pool);
  const limit = checkAmount(limitPrice, 'limitPrice');
  if (!isDynamic(pool)) return limit >= RAO_PER_TAO ? U64_MAX : v3ZeroMax(pool, 0n);
  if (hasV3Rules(pool)) return v3ZeroMax(pool, v3MaxOf(() => swapUnchecked(pool, 'buy', U64_MAX, limit, false)));
  const q = swapUnchecked(pool, 'buy', satMulU64(pool.taoReserve, MAX_SWAP_INPUT_RESERVE_MULTIPLIER), limit, false);
  return satAddU64(q.amountIn, q.fee);
}

/** `get_max_amount_remove`: the most alpha an unstake at `limitPrice` executes (amount in + fee); V3 as maxStake. */
export function maxUnstake(pool: Pool, limitPrice: bigint): bigint {
  checkPool(pool);
  const limit = checkAmount(limitPrice, 'limitPrice');
  if (!isDynamic(pool)) return limit <= RAO_PER_TAO ? U64_MAX : v3ZeroMax(pool, 0n);
  if (hasV3Rules(pool)) return v3ZeroMax(pool, v3MaxOf(() => swapUnchecked(pool, 'sell', U64_MAX, limit, false)));
  const q = swapUnchecked(pool, 'sell', satMulU64(pool.alphaReserve, MAX_SWAP_INPUT_RESERVE_MULTIPLIER), limit, false);
  return satAddU64(q.amountIn, q.fee);
}

/** The V3 runtimes map any error of the reverting swap to ZeroMaxStakeAmount. */
function v3MaxOf(simulate: () => SwapQuote): bigint {
  try {
    const q = simulate();
    return satAddU64(q.amountIn, q.fee);
  } catch (e) {
    if (e instanceof AmmError) return 0n;
    throw e;
  }
}

/** On the V3 rules a zero maximum is an error (ZeroMaxStakeAmount), not an amount; elsewhere 0 is returned. */
function v3ZeroMax(pool: Pool, max: bigint): bigint {
  if (max === 0n && hasV3Rules(pool)) throw new AmmError('ZeroMaxStakeAmount', 'The limit price allows nothing to execute');
  return max;
}

/**
 * Move `alpha` of origin stake to the destination subnet (move_stake / swap_stake / transfer_stake
 * without a limit). Different subnets: sell on the origin at min_price with the fee, buy on the
 * destination at max_price fee-less; if the origin is root the fee moves to the destination leg.
 * Same netuid: no swap, no fee; tao is the TAO value at the current price. These are the
 * 'current' rules; pools on the V3 generation's rules go through quoteMoveV3 (below).
 */
export function quoteMove(origin: Pool, destination: Pool, alpha: bigint): MoveQuote {
  checkPool(origin, 'origin');
  checkPool(destination, 'destination');
  const amount = checkAmount(alpha, 'alpha');
  if (movesThroughV3Pools(origin, destination)) return quoteMoveV3(origin, destination, amount);
  if (origin.netuid === destination.netuid) {
    return { amountOut: amount, tao: toU64(mul(currentPriceBits(origin), int(amount))), fee: 0n, feeLeg: 'none' };
  }
  const feeOnDestination = origin.netuid === 0;
  const sell = swapUnchecked(origin, 'sell', amount, undefined, feeOnDestination);
  const buy = swapUnchecked(destination, 'buy', sell.amountOut, undefined, !feeOnDestination);
  const fee = feeOnDestination ? buy.fee : sell.fee;
  const feeLeg = fee === 0n && !(isDynamic(feeOnDestination ? destination : origin)) ? 'none' : feeOnDestination ? 'destination' : 'origin';
  return { amountOut: buy.amountOut, tao: sell.amountOut, fee, feeLeg };
}

/**
 * `transition_stake_internal` of the V3 runtimes (opentensor/subtensor dc5c11b55 move_stake.rs):
 * the origin alpha is sold at min_price() WITHOUT fee ("to avoid double fees"), then the TAO is
 * bought into the destination at max_price() WITH the fee, in TAO; a root or stable destination
 * takes no fee. This holds for every pair of subnets, the same one included: a move to another
 * hotkey on the same subnet sells into the pool and buys back from the moved pool. When the sale
 * brings less than the minimum stake the chain does not restake, and that TAO is not credited to
 * anyone: amountOut 0.
 */
function quoteMoveV3(origin: Pool, destination: Pool, amount: bigint): MoveQuote {
  const sell = swapUnchecked(origin, 'sell', amount, undefined, true);
  if (sell.amountOut < DEFAULT_MIN_STAKE) return { amountOut: 0n, tao: sell.amountOut, fee: 0n, feeLeg: 'none' };
  const same = origin.netuid === destination.netuid;
  const into = same && isDynamic(origin) && origin.model === 'v3' ? v3PoolAfter(origin, 'sell', sell) : destination;
  const buy = swapUnchecked(into, 'buy', sell.amountOut, undefined, false);
  return { amountOut: buy.amountOut, tao: sell.amountOut, fee: buy.fee, feeLeg: isDynamic(destination) ? 'destination' : 'none' };
}
