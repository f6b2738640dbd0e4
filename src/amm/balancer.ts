/**
 * The current subtensor pool: Balancer-style weighted pool in pallet-swap (spec §4, §6, §7),
 * U64F64 and safe-bigmath rounding reproduced step by step.
 */
import { DELTA_PRECISION, EXP_PRECISION, MAX_SWAP_INPUT_RESERVE_MULTIPLIER, PERQUINTILL, RAO_PER_TAO, U16_MAX } from './constants.ts';
import { AmmError } from './errors.ts';
import { div, int, mul, ONE, satAddU64, satMulU64, satSubU64, sub, toU64, U64_MAX } from './fixed.ts';
import { powRatioScaled } from './pow.ts';
import type { Order, Pool, SwapQuote } from './types.ts';

/** w1/w2 · y/x as U64F64 bits (`Balancer::calculate_price`). */
export function balancerPrice(w2: bigint, x: bigint, y: bigint): bigint {
  const w1 = PERQUINTILL - w2;
  return mul(div(int(w1), int(w2)), div(int(y), int(x)));
}

/** `Swap::current_price` for a dynamic balancer pool; 0 when the alpha reserve is empty. */
export function balancerCurrentPrice(pool: Pool): bigint {
  if (pool.alphaReserve === 0n) return 0n;
  return balancerPrice(pool.quoteWeight, pool.alphaReserve, pool.taoReserve);
}

/** (r/(r+d))^(w1/w2) if baseQuote else ^(w2/w1), as U64F64 capped at 1 (`exp_scaled`). */
export function expScaled(w2: bigint, r: bigint, d: bigint, baseQuote: boolean): bigint {
  const rp = satAddU64(r, d);
  if (rp === 0n) return 0n;
  const w1 = PERQUINTILL - w2;
  const e = baseQuote ? powRatioScaled(r, rp, w1, w2, EXP_PRECISION, PERQUINTILL) : powRatioScaled(r, rp, w2, w1, EXP_PRECISION, PERQUINTILL);
  // SafeInt::to_u64 fails for negative or > u64::MAX results; the chain then uses 0.
  if (e === undefined || e < 0n || e > U64_MAX) return 0n;
  const v = div(int(e), int(PERQUINTILL));
  return v > ONE ? ONE : v;
}

/** Alpha out for dy TAO in (`convert_deltas`, buy). */
export function alphaOut(pool: Pool, dy: bigint): bigint {
  return toU64(mul(int(pool.alphaReserve), sub(ONE, expScaled(pool.quoteWeight, pool.taoReserve, dy, false))));
}

/** TAO out for dx alpha in (`convert_deltas`, sell). */
export function taoOut(pool: Pool, dx: bigint): bigint {
  return toU64(mul(int(pool.taoReserve), sub(ONE, expScaled(pool.quoteWeight, pool.alphaReserve, dx, true))));
}

function limitExp(bn: bigint, bd: bigint, w: bigint): bigint {
  const e = powRatioScaled(bn, bd, w, PERQUINTILL, DELTA_PRECISION, PERQUINTILL);
  if (e === undefined) return -1n;
  if (e > U64_MAX) return U64_MAX;
  return e < 0n ? 0n : e;
}

/** TAO needed to move the price up from cur to tgt: y((tgt/cur)^w1 − 1) (`calculate_quote_delta_in`). */
export function quoteDeltaIn(pool: Pool, cur: bigint, tgt: bigint): bigint {
  const e = limitExp(tgt, cur, PERQUINTILL - pool.quoteWeight);
  if (e < 0n) return 0n;
  return toU64(mul(int(pool.taoReserve), sub(div(int(e), int(PERQUINTILL)), ONE)));
}

/** Alpha needed to move the price down from cur to tgt: x((cur/tgt)^w2 − 1) (`calculate_base_delta_in`). */
export function baseDeltaIn(pool: Pool, cur: bigint, tgt: bigint): bigint {
  const e = limitExp(cur, tgt, pool.quoteWeight);
  if (e < 0n) return 0n;
  return toU64(mul(int(pool.alphaReserve), sub(div(int(e), int(PERQUINTILL)), ONE)));
}

/** `calculate_fee_amount`: fee on the input, amount × (feeRate/65535), floored. */
export function feeAmount(pool: Pool, amount: bigint, dropFees: boolean): bigint {
  if (dropFees || pool.mechanism !== 1) return 0n;
  return toU64(mul(int(amount), div(int(BigInt(pool.feeRate)), int(BigInt(U16_MAX)))));
}

/** Fee re-derived from the executed (net) input when the limit binds: δ·r/(65535−r). */
export function feeOnNet(pool: Pool, delta: bigint, dropFees: boolean): bigint {
  const r = dropFees ? 0n : BigInt(pool.feeRate);
  return toU64(mul(int(delta), div(int(r), sub(int(BigInt(U16_MAX)), int(r)))));
}

/** The U64F64 price limit the chain derives from a u64 rao limit. */
export function limitBits(limitRao: bigint): bigint {
  return div(int(limitRao), int(RAO_PER_TAO));
}

/**
 * `do_swap` on a dynamic balancer pool, real (not simulated) semantics. Checks in chain order:
 * SwapInputTooLarge, ReservesTooLow, PriceLimitExceeded, then ReservesTooLow for zero output and
 * InsufficientLiquidity if the output would exceed the reserve.
 */
export function balancerSwap(pool: Pool, order: Order, amount: bigint, limit: bigint, dropFees: boolean): SwapQuote {
  const buy = order === 'buy';
  const reserveIn = buy ? pool.taoReserve : pool.alphaReserve;
  const reserveOut = buy ? pool.alphaReserve : pool.taoReserve;
  const fee0 = feeAmount(pool, amount, dropFees);
  const req = satSubU64(amount, fee0);
  if (req > satMulU64(reserveIn, MAX_SWAP_INPUT_RESERVE_MULTIPLIER)) throw new AmmError('SwapInputTooLarge', 'Swap input is more than 1000 times the pool reserve');
  if (reserveOut < pool.minReserve) throw new AmmError('ReservesTooLow', 'Pool reserve is below the minimum reserve');
  const cur = balancerCurrentPrice(pool);
  if (buy ? !(cur < limit) : !(cur > limit)) throw new AmmError('PriceLimitExceeded', 'The price limit is already reached at the current price');

  const x = pool.alphaReserve;
  const y = pool.taoReserve;
  let target: bigint;
  if (buy) {
    const dx = alphaOut(pool, req);
    target = balancerPrice(pool.quoteWeight, satSubU64(x, dx), satAddU64(y, req));
  } else {
    const dy = taoOut(pool, req);
    target = balancerPrice(pool.quoteWeight, satAddU64(x, req), satSubU64(y, dy));
  }
  let delta: bigint;
  let fee: bigint;
  if (buy ? target <= limit : target >= limit) {
    delta = req;
    fee = fee0;
  } else {
    delta = buy ? quoteDeltaIn(pool, cur, limit) : baseDeltaIn(pool, cur, limit);
    fee = feeOnNet(pool, delta, dropFees);
  }
  const out = buy ? alphaOut(pool, delta) : taoOut(pool, delta);
  if (delta !== 0n && out === 0n) throw new AmmError('ReservesTooLow', 'The swap output rounds to zero');
  if (reserveOut < out) throw new AmmError('InsufficientLiquidity', 'The pool cannot pay out that much');
  return { amountIn: delta, amountOut: out, fee };
}
