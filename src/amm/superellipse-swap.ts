/**
 * `do_swap` on a superellipse pool (RaoFoundation/subtensor `pallets/swap` `impls.rs` and
 * `swap_step.rs`), real (not simulated) semantics, checks in the chain's order:
 *   1. net input (amount − fee) ≤ 1000 × input reserve, else SwapInputTooLarge;
 *   2. output reserve ≥ MinimumReserve, else ReservesTooLow;
 *   3. the curve: the stored one, or built at the current reserves as the first swap does
 *      (ReservesTooLow for an empty side, ReservesOutOfBalance if it cannot be calibrated);
 *   4. the limit strictly past the current price, else PriceLimitExceeded;
 *   5. the step: the net input is clamped to the curve's reach above MinimumReserve, then to the
 *      price limit; the fee is recomputed on the net amount actually used when either clamp binds;
 *   6. a non-zero input paying nothing is ReservesTooLow; a payout above the reserve is
 *      InsufficientLiquidity.
 * Any curve error inside the step is the chain's ReservesOutOfBalance.
 */
import { balancerCurrentPrice, feeAmount, feeOnNet } from './balancer.ts';
import { MAX_SWAP_INPUT_RESERVE_MULTIPLIER, PERQUINTILL } from './constants.ts';
import { AmmError } from './errors.ts';
import { satMulU64, satSubU64, U64_MAX } from './fixed.ts';
import {
  checkCurve,
  isSuperellipseError,
  superellipseBaseDeltaToPrice,
  superellipseBuyOutput,
  superellipseFromWeights,
  superellipseMaxBuyInput,
  superellipseMaxSellInput,
  superellipsePrice,
  superellipseQuoteDeltaToPrice,
  superellipseSellOutput,
  type SuperellipseCurve,
} from './superellipse.ts';
import type { Order, Pool, SwapQuote } from './types.ts';

/** Balancer weight the chain initialises a never-initialised pool with: 0.5. */
const HALF_WEIGHT = PERQUINTILL / 2n;

/** Runs a curve function, reporting a curve error the way the swap step does. */
function step<T>(f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (isSuperellipseError(e)) throw new AmmError('ReservesOutOfBalance', `The pool's curve cannot take this trade (${e.code})`);
    throw e;
  }
}

/**
 * The curve a swap on this pool uses: the stored one, or `from_balancer` at the current reserves
 * with the Balancer quote weight if the pool was initialised, else 0.5 (`maybe_initialize_palswap`).
 */
export function superellipseCurveOf(pool: Pool): SuperellipseCurve {
  if (pool.curve) return pool.curve;
  if (pool.taoReserve === 0n || pool.alphaReserve === 0n) throw new AmmError('ReservesTooLow', 'The pool has an empty reserve');
  const weight = pool.swapInitialized === false ? HALF_WEIGHT : pool.quoteWeight;
  return step(() => {
    const curve = superellipseFromWeights(pool.alphaReserve, pool.taoReserve, weight);
    superellipsePrice(curve, pool.alphaReserve, pool.taoReserve);
    return curve;
  });
}

/** `current_price` with a curve: 0 for an empty alpha reserve or a curve error (unwrap_or_default). */
export function superellipseCurrentPriceWith(curve: SuperellipseCurve, pool: Pool): bigint {
  if (pool.alphaReserve === 0n) return 0n;
  try {
    return superellipsePrice(curve, pool.alphaReserve, pool.taoReserve);
  } catch (e) {
    if (isSuperellipseError(e)) return 0n;
    throw e;
  }
}

/**
 * Why the wallet cannot price this superellipse pool, in words, or null. The chain itself would
 * take such a trade only to fail it (a broken curve reads as price 0 there), so the wallet says
 * so instead of quoting: a record the reader could not decode, a malformed curve (a field outside
 * its type, a zero scale), reserves past the curve's centre, or a pool without a curve whose
 * Balancer weight cannot calibrate one.
 */
export function superellipseProblem(pool: Pool): string | null {
  if (pool.mechanism !== 1) return null;
  if (pool.curveProblem !== undefined) return `its Swap.SwapSuperellipse record is unreadable (${pool.curveProblem})`;
  const curve = pool.curve;
  if (curve === undefined) {
    if (pool.taoReserve === 0n || pool.alphaReserve === 0n) return null; // the chain says ReservesTooLow
    try {
      superellipseCurveOf(pool);
      return null;
    } catch {
      return 'it has no curve yet and its Balancer weight cannot calibrate one';
    }
  }
  try {
    checkCurve(curve);
  } catch (e) {
    return `its curve is malformed (${(e as Error).message})`;
  }
  if (curve.alphaScale === 0n || curve.taoScale === 0n) return `its curve is malformed (${curve.alphaScale === 0n ? 'alpha' : 'TAO'} scale is zero)`;
  try {
    superellipsePrice(curve, pool.alphaReserve, pool.taoReserve);
    return null;
  } catch (e) {
    if (!isSuperellipseError(e)) throw e;
    return e.code === 'OutsideDomain' ? "its reserves lie past the curve's centre (outside the curve's domain)" : `its curve cannot price the current reserves (${e.code})`;
  }
}

export function superellipseSwap(pool: Pool, order: Order, amount: bigint, limit: bigint, dropFees: boolean): SwapQuote {
  const problem = superellipseProblem(pool);
  if (problem !== null) throw new AmmError('PoolUnpriceable', `Subnet ${pool.netuid}'s pool cannot be priced: ${problem}`);
  const buy = order === 'buy';
  const alpha = pool.alphaReserve;
  const tao = pool.taoReserve;
  const reserveIn = buy ? tao : alpha;
  const reserveOut = buy ? alpha : tao;
  const fee0 = feeAmount(pool, amount, dropFees);
  const net = satSubU64(amount, fee0);
  if (net > satMulU64(reserveIn, MAX_SWAP_INPUT_RESERVE_MULTIPLIER)) throw new AmmError('SwapInputTooLarge', 'Swap input is more than 1000 times the pool reserve');
  if (reserveOut < pool.minReserve) throw new AmmError('ReservesTooLow', 'Pool reserve is below the minimum reserve');
  const curve = superellipseCurveOf(pool);
  const cur = superellipseCurrentPriceWith(curve, pool);
  if (buy ? !(cur < limit) : !(cur > limit)) throw new AmmError('PriceLimitExceeded', 'The price limit is already reached at the current price');

  const convert = (input: bigint): bigint => step(() => (buy ? superellipseBuyOutput(curve, alpha, tao, input) : superellipseSellOutput(curve, alpha, tao, input)));
  const toLimit = (): bigint => step(() => (buy ? superellipseQuoteDeltaToPrice(curve, alpha, tao, limit) : superellipseBaseDeltaToPrice(curve, alpha, tao, limit)));
  /** Price after `input` in and `output` out (the step's price_target). */
  const priceAfter = (input: bigint, output: bigint): bigint => {
    const a = buy ? alpha - output : alpha + input;
    const t = buy ? tao + input : tao - output;
    if (a < 0n || t < 0n) throw new AmmError('InsufficientLiquidity', 'The payout exceeds the reserve');
    if (a > U64_MAX || t > U64_MAX) throw new AmmError('ReservesOutOfBalance', 'The input reserve would overflow');
    return step(() => superellipsePrice(curve, a, t));
  };

  // BasicSwapStep::new
  const reach = step(() => (buy ? superellipseMaxBuyInput(curve, alpha, tao, pool.minReserve) : superellipseMaxSellInput(curve, alpha, tao, pool.minReserve)));
  let requested = net < reach ? net : reach;
  let clamped = requested < net;
  let requestedOut = convert(requested);
  // The step prices the current point before the target; a curve error there aborts the swap.
  priceAfter(0n, 0n);
  let target: bigint;
  try {
    target = priceAfter(requested, requestedOut);
  } catch (e) {
    if (!(e instanceof AmmError)) throw e;
    // A full fill near the curve's end can price past U64F64: solve the limit's fill first.
    const atLimit = toLimit();
    if (atLimit < requested) requested = atLimit;
    requestedOut = convert(requested);
    clamped = true;
    target = priceAfter(requested, requestedOut);
  }

  // determine_action
  let delta = requested;
  let recompute = clamped;
  if (!(buy ? target <= limit : target >= limit)) {
    const atLimit = toLimit();
    delta = atLimit < requested ? atLimit : requested;
    recompute = true;
  }
  const fee = recompute ? feeOnNet(pool, delta, dropFees) : fee0;

  // process_swap, then do_swap's reserve check
  const out = delta === requested ? requestedOut : convert(delta);
  if (delta !== 0n && out === 0n) throw new AmmError('ReservesTooLow', 'The swap output rounds to zero');
  if (reserveOut < out) throw new AmmError('InsufficientLiquidity', 'The pool cannot pay out that much');
  return { amountIn: delta, amountOut: out, fee };
}

/**
 * `Swap::current_price` of a superellipse-era runtime: the stored curve's price (0 on a curve
 * error or an empty alpha reserve), or, before the pool has a curve, the archived Balancer price.
 */
export function superellipseSpotBits(pool: Pool): bigint {
  if (pool.alphaReserve === 0n || superellipseProblem(pool) !== null) return 0n;
  return pool.curve ? superellipseCurrentPriceWith(pool.curve, pool) : balancerCurrentPrice(pool);
}
