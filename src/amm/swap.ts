/**
 * Model-independent quote API: validates input, handles root/stable subnets (mechanism ≠ 1: 1:1,
 * no fee, no limit), picks the pool model, and composes moves (spec §7, §8, §10).
 */
import { balancerCurrentPrice, balancerSwap, limitBits } from './balancer.ts';
import { MAX_PRICE_RAO, MAX_SWAP_INPUT_RESERVE_MULTIPLIER, MIN_PRICE_RAO, RAO_PER_TAO } from './constants.ts';
import { int, mul, ONE, satAddU64, satMulU64, toU64, U64_MAX } from './fixed.ts';
import { cpCurrentPrice, cpSwap, v3CurrentPriceRao, v3CurrentPrice, v3Swap } from './legacy.ts';
import { superellipseSpotBits, superellipseSwap } from './superellipse-swap.ts';
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

/** The pool swap for an already-validated pool and amount (limit in rao). */
export function swapUnchecked(pool: Pool, order: Order, amount: bigint, limitRao: bigint | undefined, dropFees: boolean): SwapQuote {
  if (!isDynamic(pool)) return { amountIn: amount, amountOut: amount, fee: 0n };
  const limit = limitBits(limitRao ?? (order === 'buy' ? MAX_PRICE_RAO : MIN_PRICE_RAO));
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

/** `get_max_amount_add`: the most TAO a stake at `limitPrice` executes (amount in + fee). */
export function maxStake(pool: Pool, limitPrice: bigint): bigint {
  checkPool(pool);
  const limit = checkAmount(limitPrice, 'limitPrice');
  if (!isDynamic(pool)) return limit >= RAO_PER_TAO ? U64_MAX : 0n;
  const q = swapUnchecked(pool, 'buy', satMulU64(pool.taoReserve, MAX_SWAP_INPUT_RESERVE_MULTIPLIER), limit, false);
  return satAddU64(q.amountIn, q.fee);
}

/** `get_max_amount_remove`: the most alpha an unstake at `limitPrice` executes (amount in + fee). */
export function maxUnstake(pool: Pool, limitPrice: bigint): bigint {
  checkPool(pool);
  const limit = checkAmount(limitPrice, 'limitPrice');
  if (!isDynamic(pool)) return limit <= RAO_PER_TAO ? U64_MAX : 0n;
  const q = swapUnchecked(pool, 'sell', satMulU64(pool.alphaReserve, MAX_SWAP_INPUT_RESERVE_MULTIPLIER), limit, false);
  return satAddU64(q.amountIn, q.fee);
}

/**
 * Move `alpha` of origin stake to the destination subnet (move_stake / swap_stake / transfer_stake
 * without a limit). Different subnets: sell on the origin at min_price with the fee, buy on the
 * destination at max_price fee-less; if the origin is root the fee moves to the destination leg.
 * Same netuid: no swap, no fee; tao is the TAO value at the current price.
 */
export function quoteMove(origin: Pool, destination: Pool, alpha: bigint): MoveQuote {
  checkPool(origin, 'origin');
  checkPool(destination, 'destination');
  const amount = checkAmount(alpha, 'alpha');
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
