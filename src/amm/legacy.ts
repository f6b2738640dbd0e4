/**
 * Pool models of runtimes that have not upgraded to the Balancer swap (spec §9).
 *
 * - constantProduct: dTAO launch era (no Swap pallet). x·y = k, floors as integer division, no
 *   pool fee (the launch-era estimators in the SDK and SubWallet charge none). The chain code of
 *   that era is not in the reference sources, so this is an estimate, not a rao-exact model.
 * - v3: Uniswap-V3-style pool with protocol liquidity only (spec ≤ 422). A single step over the
 *   full range, with the formulas of spec §9.2 in U64F64; the limit square root is taken exactly
 *   (the chain used checked_sqrt with ε = 1e-10). Transcribed from source, not numerically
 *   verified; on such chains prefer SwapRuntimeApi.sim_swap_* when a node is reachable.
 * Both follow the balancer's check order: ReservesTooLow, PriceLimitExceeded, zero output.
 */
import { RAO_PER_TAO, U16_MAX } from './constants.ts';
import { AmmError } from './errors.ts';
import { add, div, int, mul, ONE, sub, toU64, U128_MAX } from './fixed.ts';
import type { Order, Pool, SwapQuote } from './types.ts';

export function isqrt(n: bigint): bigint {
  if (n < 2n) return n;
  let x = BigInt(Math.floor(Math.sqrt(Number(n)))) + 1n;
  for (;;) {
    const y = (x + n / x) >> 1n;
    if (y >= x) break;
    x = y;
  }
  while (x * x > n) x--;
  while ((x + 1n) * (x + 1n) <= n) x++;
  return x;
}

function feeOf(pool: Pool, amount: bigint, dropFees: boolean): bigint {
  if (dropFees) return 0n;
  return toU64(mul(int(amount), div(int(BigInt(pool.feeRate)), int(BigInt(U16_MAX)))));
}

function feeOnNet(pool: Pool, delta: bigint, dropFees: boolean): bigint {
  const r = dropFees ? 0n : BigInt(pool.feeRate);
  return toU64(mul(int(delta), div(int(r), sub(int(BigInt(U16_MAX)), int(r)))));
}

function checkCommon(pool: Pool, order: Order, cur: bigint, limit: bigint): void {
  const reserveOut = order === 'buy' ? pool.alphaReserve : pool.taoReserve;
  if (reserveOut < pool.minReserve) throw new AmmError('ReservesTooLow', 'Pool reserve is below the minimum reserve');
  if (order === 'buy' ? !(cur < limit) : !(cur > limit)) throw new AmmError('PriceLimitExceeded', 'The price limit is already reached at the current price');
}

function finish(pool: Pool, order: Order, delta: bigint, out: bigint, fee: bigint): SwapQuote {
  const reserveOut = order === 'buy' ? pool.alphaReserve : pool.taoReserve;
  if (delta !== 0n && out === 0n) throw new AmmError('ReservesTooLow', 'The swap output rounds to zero');
  if (out > reserveOut) throw new AmmError('InsufficientLiquidity', 'The pool cannot pay out that much');
  return { amountIn: delta, amountOut: out, fee };
}

// --- constant product ------------------------------------------------------------------------

/** y/x as U64F64 bits (0 for an empty alpha reserve). */
export function cpCurrentPrice(pool: Pool): bigint {
  if (pool.alphaReserve === 0n) return 0n;
  return div(int(pool.taoReserve), int(pool.alphaReserve));
}

export function cpSwap(pool: Pool, order: Order, amount: bigint, limit: bigint, _dropFees: boolean): SwapQuote {
  const x = pool.alphaReserve;
  const y = pool.taoReserve;
  checkCommon(pool, order, cpCurrentPrice(pool), limit);
  const k = x * y;
  let delta = amount;
  if (order === 'buy') {
    // Price after the buy is (y+Δy)²/k; it reaches the limit at y' = sqrt(k·limit).
    const yAtLimit = isqrt((k * limit) >> 64n);
    if (yAtLimit > y && y + delta > yAtLimit) delta = yAtLimit - y;
    const out = delta === 0n ? 0n : x - k / (y + delta);
    return finish(pool, order, delta, out, 0n);
  }
  // Price after the sell is k/(x+Δx)²; it reaches the limit at x' = sqrt(k/limit).
  const xAtLimit = limit === 0n ? undefined : isqrt((k << 64n) / limit);
  if (xAtLimit !== undefined && xAtLimit > x && x + delta > xAtLimit) delta = xAtLimit - x;
  const out = delta === 0n ? 0n : y - k / (x + delta);
  return finish(pool, order, delta, out, 0n);
}

// --- V3, protocol liquidity only ------------------------------------------------------------

/** √P² as U64F64 bits. */
export function v3CurrentPrice(pool: Pool): bigint {
  const sp = pool.sqrtPrice ?? 0n;
  return mul(sp, sp);
}

/** `current_alpha_price` of the V3 runtimes: toU64(√P²·1e9) computed in U96F32. */
export function v3CurrentPriceRao(pool: Pool): bigint {
  const sp32 = (pool.sqrtPrice ?? 0n) >> 32n;
  const p32 = (sp32 * sp32) >> 32n;
  const rao = (p32 * RAO_PER_TAO) >> 32n;
  return rao > (1n << 64n) - 1n ? (1n << 64n) - 1n : rao;
}

export function v3Swap(pool: Pool, order: Order, amount: bigint, limit: bigint, dropFees: boolean): SwapQuote {
  const sp = pool.sqrtPrice ?? 0n;
  const L = int(pool.liquidity ?? 0n);
  checkCommon(pool, order, v3CurrentPrice(pool), limit);
  const fee0 = feeOf(pool, amount, dropFees);
  const req = amount - fee0;
  const spLimit = isqrt(limit << 64n);
  if (spLimit > U128_MAX) throw new AmmError('InvalidAmount', 'limit price out of range');
  let delta = req;
  let fee = fee0;
  if (order === 'buy') {
    const target = add(div(int(req), L), sp);
    if (target > spLimit) {
      delta = toU64(mul(L, sub(spLimit, sp)));
      fee = feeOnNet(pool, delta, dropFees);
    }
    const out = toU64(mul(div(L, mul(add(mul(L, sp), int(delta)), sp)), int(delta)));
    return finish(pool, order, delta, out, fee);
  }
  const invSp = div(ONE, sp);
  const target = div(ONE, add(div(int(req), L), invSp));
  if (target < spLimit) {
    delta = toU64(mul(L, sub(div(ONE, spLimit), invSp)));
    fee = feeOnNet(pool, delta, dropFees);
  }
  const out = toU64(mul(int(delta), mul(div(L, add(div(L, sp), int(delta))), sp)));
  return finish(pool, order, delta, out, fee);
}
