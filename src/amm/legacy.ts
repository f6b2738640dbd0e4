/**
 * Pool models of runtimes that have not upgraded to the Balancer swap (spec §9).
 *
 * - constantProduct: dTAO launch era (no Swap pallet). x·y = k, floors as integer division, no
 *   pool fee (the launch-era estimators in the SDK and SubWallet charge none). The chain code of
 *   that era is not in the reference sources, so this is an estimate, not a rao-exact model.
 * - v3: Uniswap-V3-style pool with protocol liquidity only (spec ≤ 422). A single step over the
 *   full range, with the formulas of spec §9.2 in U64F64, written from opentensor/subtensor
 *   dc5c11b55 (spec 293) pallets/swap/src/pallet/impls.rs: the limit's square root by the
 *   chain's own bisection (safe-math checked_sqrt, tolerance 1e-10), a never-traded pool priced
 *   at its reserves and initialised as the chain's first swap does.
 * constantProduct follows the balancer's check order: ReservesTooLow, PriceLimitExceeded, zero
 * output; v3 the V3 runtime's (below).
 */
import { RAO_PER_TAO, U16_MAX } from './constants.ts';
import { AmmError } from './errors.ts';
import { add, div, int, mul, ONE, sub, toU64, U64_MAX } from './fixed.ts';
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

/**
 * The tolerances the V3 runtimes pass to safe-math's `checked_sqrt`, as U64F64 bits of the f64
 * literals (1e-10 · 2^64 and 1e-12 · 2^64, floored; the fractions are far from a rounding tie).
 * The limit price's root uses the first (SwapHandler::swap), a pool's first price the second
 * (maybe_initialize_v3).
 */
export const V3_LIMIT_SQRT_EPSILON = 1_844_674_407n;
export const V3_INIT_SQRT_EPSILON = 18_446_744n;
/** `min_price()` / `max_price()` of the V3 runtimes in rao: the tick range's ends squared × 1e9, saturated to u64 (0 and u64::MAX). */
export const V3_MIN_PRICE_RAO = 0n;
export const V3_MAX_PRICE_RAO = U64_MAX;
/**
 * √price at the protocol position's ticks (TickIndex::MIN / MAX), from the runtime's f64
 * constants. A step whose target passes one would cross the last tick, which this model does not
 * follow (no realistic amount gets there: it needs ~4e9 × the liquidity).
 */
const V3_EDGE_SQRT_LOW = 4_295_048_016n;
const V3_EDGE_SQRT_HIGH = 79_226_673_515_401_280_874_390_487_040n;
const TWO = 2n << 64n;

function absDiff(a: bigint, b: bigint): bigint {
  return a > b ? a - b : b - a;
}

/**
 * safe-math `checked_sqrt` on U64F64 bits: bisection between 0 and max(x, 1) that stops when
 * x / middle is within `epsilon` of middle, or after 129 halvings. Every operation floors like
 * substrate-fixed (safe_div of a zero divisor gives 0). It is not the exact root: for a price
 * limit it can differ from ⌊√x⌋ by up to the tolerance, which moves a partial fill by a few rao.
 */
export function checkedSqrtBits(x: bigint, epsilon: bigint): bigint {
  let high = x > ONE ? x : ONE;
  let low = x > ONE ? 0n : x;
  let middle = div(add(high, low), TWO);
  let check = div(x, middle);
  let iteration = 0;
  while (absDiff(check, middle) > epsilon) {
    if (check < middle) high = middle;
    else low = middle;
    middle = div(add(high, low), TWO);
    check = div(x, middle);
    iteration += 1;
    if (iteration > 128) break;
  }
  return middle;
}

/** The limit price's √ as `SwapHandler::swap` computes it: checked_sqrt(limit / 1e9, 1e-10). */
export function v3LimitSqrt(limitBitsU64F64: bigint): bigint {
  return checkedSqrtBits(limitBitsU64F64, V3_LIMIT_SQRT_EPSILON);
}

/**
 * The sqrt price and liquidity a swap on this pool starts from. An initialised pool: its stored
 * `AlphaSqrtPrice` and `CurrentLiquidity`. One that never traded (`SwapV3Initialized` false): what
 * `maybe_initialize_v3` sets, √(tao/alpha) by checked_sqrt with 1e-12 and the protocol's
 * full-range liquidity ⌊√(tao · alpha)⌋ (an exact integer root there).
 */
export function v3PoolState(pool: Pick<Pool, 'taoReserve' | 'alphaReserve' | 'sqrtPrice' | 'liquidity' | 'v3Initialized'>): { sqrtPrice: bigint; liquidity: bigint } {
  if (pool.v3Initialized === false) {
    return { sqrtPrice: checkedSqrtBits(div(int(pool.taoReserve), int(pool.alphaReserve)), V3_INIT_SQRT_EPSILON), liquidity: isqrt(pool.taoReserve * pool.alphaReserve) };
  }
  return { sqrtPrice: pool.sqrtPrice ?? 0n, liquidity: pool.liquidity ?? 0n };
}

/** √P² as U64F64 bits; a pool that never traded: tao / alpha (0 for an empty alpha reserve). */
export function v3CurrentPrice(pool: Pool): bigint {
  if (pool.v3Initialized === false) return div(int(pool.taoReserve), int(pool.alphaReserve));
  const sp = pool.sqrtPrice ?? 0n;
  return mul(sp, sp);
}

/**
 * `Swap::current_price` of the V3 runtimes as U96F32 bits (32 fractional bits): √P² taken in
 * U64F64, then truncated to U96F32; a pool that never traded: SubnetTAO / SubnetAlphaIn in U96F32
 * (0 when alpha is 0), not its (unset) sqrt price.
 */
export function v3PriceU96F32(pool: Pool): bigint {
  if (pool.v3Initialized === false) return pool.alphaReserve === 0n ? 0n : (pool.taoReserve << 32n) / pool.alphaReserve;
  const sp = pool.sqrtPrice ?? 0n;
  return mul(sp, sp) >> 32n;
}

/** `current_alpha_price` of the V3 runtimes: current_price × 1e9 in U96F32, to u64 (floors, saturates). */
export function v3CurrentPriceRao(pool: Pool): bigint {
  const rao = (v3PriceU96F32(pool) * RAO_PER_TAO) >> 32n;
  return rao > U64_MAX ? U64_MAX : rao;
}

/**
 * One `do_swap` on a V3 pool whose only liquidity is the protocol's full-range position (a
 * single step, no tick crossing), real semantics: ReservesTooLow on either reserve below the
 * minimum, the first-swap initialisation, PriceLimitExceeded on the sqrt prices, the fee off the
 * gross amount (recomputed on the net when the limit stops the step), and InsufficientLiquidity
 * when the output exceeds the output reserve. A zero output is not an error here (the staking
 * code refuses it as AmountTooLow).
 */
export function v3Swap(pool: Pool, order: Order, amount: bigint, limit: bigint, dropFees: boolean): SwapQuote {
  if (pool.taoReserve < pool.minReserve || pool.alphaReserve < pool.minReserve) throw new AmmError('ReservesTooLow', 'Pool reserve is below the minimum reserve');
  const { sqrtPrice: sp, liquidity } = v3PoolState(pool);
  const spLimit = v3LimitSqrt(limit);
  if (order === 'buy' ? !(sp < spLimit) : !(sp > spLimit)) throw new AmmError('PriceLimitExceeded', 'The price limit is already reached at the current price');
  if (liquidity === 0n) throw new AmmError('InsufficientLiquidity', 'The pool has no liquidity');
  const L = int(liquidity);
  const fee0 = feeOf(pool, amount, dropFees);
  const req = amount - fee0;
  let delta = req;
  let fee = fee0;
  let after: bigint;
  if (order === 'buy') {
    const target = add(div(int(req), L), sp);
    if (target <= spLimit) {
      after = target;
    } else {
      delta = toU64(mul(L, sub(spLimit, sp)));
      fee = feeOnNet(pool, delta, dropFees);
      after = spLimit;
    }
    if (after > V3_EDGE_SQRT_HIGH) throw new AmmError('InsufficientLiquidity', 'The swap would pass the top of the price range');
    const out = delta === 0n ? 0n : toU64(mul(div(L, mul(add(mul(L, sp), int(delta)), sp)), int(delta)));
    return v3Finish(pool, order, delta, out, fee, after);
  }
  const invSp = div(ONE, sp);
  const target = div(ONE, add(div(int(req), L), invSp));
  if (target >= spLimit) {
    after = target;
  } else {
    delta = toU64(mul(L, sub(div(ONE, spLimit), invSp)));
    fee = feeOnNet(pool, delta, dropFees);
    after = spLimit;
  }
  if (after < V3_EDGE_SQRT_LOW) throw new AmmError('InsufficientLiquidity', 'The swap would pass the bottom of the price range');
  const out = delta === 0n ? 0n : toU64(mul(int(delta), mul(div(L, add(div(L, sp), int(delta))), sp)));
  return v3Finish(pool, order, delta, out, fee, after);
}

function v3Finish(pool: Pool, order: Order, delta: bigint, out: bigint, fee: bigint, sqrtPriceAfter: bigint): SwapQuote {
  const reserveOut = order === 'buy' ? pool.alphaReserve : pool.taoReserve;
  if (out > reserveOut) throw new AmmError('InsufficientLiquidity', 'The pool cannot pay out that much');
  return { amountIn: delta, amountOut: out, fee, sqrtPriceAfter };
}

/**
 * The pool after a V3 swap executed: the new sqrt price, the same liquidity (protocol only), the
 * reserves moved by the executed amounts; initialised from then on. Used where one call trades
 * twice on the same pool (a same-subnet move to another hotkey on the V3 rules).
 */
export function v3PoolAfter(pool: Pool, order: Order, q: SwapQuote): Pool {
  const { liquidity } = v3PoolState(pool);
  const taoReserve = order === 'buy' ? pool.taoReserve + q.amountIn : pool.taoReserve - q.amountOut;
  const alphaReserve = order === 'buy' ? pool.alphaReserve - q.amountOut : pool.alphaReserve + q.amountIn;
  return { ...pool, taoReserve, alphaReserve, sqrtPrice: q.sqrtPriceAfter ?? pool.sqrtPrice, liquidity, v3Initialized: true };
}
