/**
 * What the popup shows before signing a stake, unstake or move, computed with the exact pool
 * model (spec §10, §11, §19.4). One result shape for every kind so the popup renders it uniformly.
 */
import { DEFAULT_MIN_STAKE, MAX_SWAP_INPUT_RESERVE_MULTIPLIER, RAO_PER_TAO } from './constants.ts';
import { feeAmount } from './balancer.ts';
import { AmmError, type AmmErrorCode } from './errors.ts';
import { div, int, mul, satMulU64, sub, toU64, U64_MAX } from './fixed.ts';
import { currentPriceBits, hasV3Rules, isDynamic, maxStake, maxUnstake, movesThroughV3Pools, quoteMove, quoteStake, quoteUnstake, spotPrice, swapUnchecked } from './swap.ts';
import { v3PriceU96F32 } from './legacy.ts';
import { formatAmount } from '../amount.ts';
import { checkTolerancePpm, formatPpm, PPM } from './tolerance.ts';
import type { Pool, SwapQuote } from './types.ts';
import { checkAmount, checkPool } from './validate.ts';
import { assertPriceable } from './priceable.ts';

export type PreviewKind = 'stake' | 'unstake' | 'rootToAlpha' | 'alphaToRoot' | 'alphaToAlpha' | 'sameSubnet';
export type Unit = { token: 'tao' } | { token: 'alpha'; netuid: number };

export interface Preview {
  kind: PreviewKind;
  /** The amount the user entered (gross, before fee). */
  amount: bigint;
  inputUnit: Unit;
  outputUnit: Unit;
  /** What the chain executes: the full amount, or the partial fill when allowPartial clamps it. */
  executedAmount: bigint;
  /** Output the user receives (0 when `error` is set). */
  received: bigint;
  /** Intermediate TAO of a move (0 for stake/unstake). */
  tao: bigint;
  fee: bigint;
  feeUnit: Unit;
  /** Spot prices in rao per alpha (current_alpha_price): of the subnet, or origin/destination of a move. */
  spotPrice: bigint;
  destinationSpotPrice: bigint | null;
  /** Output at the spot price with no fee and no slippage (spec §19.4 "ideal"). */
  idealReceived: bigint;
  /** Effective rate: output rao per 1e9 rao of input actually executed. */
  rate: bigint;
  /** (ideal − received)/ideal in ppm: everything the user loses to fee and curve (spec §19.4). */
  slippagePpm: bigint;
  /** Same, excluding the fee: what the curve alone costs against spot. */
  priceImpactPpm: bigint;
  tolerancePpm: bigint;
  /** The limit_price to sign (stake/unstake: rao per alpha; move: origin/destination ratio × 1e9); null when no limit applies. */
  limitPrice: bigint | null;
  /** Least output the chain can deliver while the limit holds (average price never passes the limit). */
  minReceived: bigint;
  /** Most input the limit lets execute (get_max_amount_*); null where no limit applies. */
  maxAtLimit: bigint | null;
  exceedsLimit: boolean;
  /**
   * The move's limit is so small that the chain's get_max_amount_move overflows and allows nothing
   * (`maxMoveOverflows`): a wider tolerance makes it worse; `error` says which tolerance works.
   */
  limitOverflows: boolean;
  allowPartial: boolean;
  /** Smallest amount the chain accepts for this operation (spec §11). */
  minimumAmount: bigint;
  belowMinimum: boolean;
  /** The chain error the extrinsic would fail with, if any. */
  error: { code: AmmErrorCode | 'NotEnoughBalanceToStake' | 'NotEnoughStakeToWithdraw'; message: string } | null;
  /** Display strings (bigint-derived; never floats). */
  display: { received: string; fee: string; rate: string; slippage: string; priceImpact: string; minReceived: string; tolerance: string };
}

export interface StakePreviewInput {
  pool: Pool;
  amount: bigint;
  tolerancePpm: bigint;
  allowPartial?: boolean;
  /** Free balance available to stake (after ED and transaction fee), if known. */
  spendable?: bigint;
}

export interface UnstakePreviewInput {
  pool: Pool;
  amount: bigint;
  tolerancePpm: bigint;
  allowPartial?: boolean;
  /** Current stake on (hotkey, netuid), if known: enables the remaining-stake minimum check. */
  stake?: bigint;
}

export interface MovePreviewInput {
  origin: Pool;
  destination: Pool;
  amount: bigint;
  tolerancePpm: bigint;
  allowPartial?: boolean;
  stake?: bigint;
}

const TAO: Unit = { token: 'tao' };
const alphaOf = (pool: Pool): Unit => ({ token: 'alpha', netuid: pool.netuid });

/** limit_price for add_stake_limit: floor(price·(1 + tol)). */
export function stakeLimitPrice(price: bigint, tolerancePpm: bigint): bigint {
  const v = (price * (PPM + checkTolerancePpm(tolerancePpm))) / PPM;
  return v > U64_MAX ? U64_MAX : v;
}

/** limit_price for remove_stake_limit: floor(price·(1 − tol)). */
export function unstakeLimitPrice(price: bigint, tolerancePpm: bigint): bigint {
  return (price * (PPM - checkTolerancePpm(tolerancePpm))) / PPM;
}

/** limit_price for swap_stake_limit / move: floor(price_o/price_d · 1e9 · (1 − tol)). */
export function moveLimitPrice(originPrice: bigint, destinationPrice: bigint, tolerancePpm: bigint): bigint {
  const tol = checkTolerancePpm(tolerancePpm);
  if (destinationPrice === 0n) return U64_MAX;
  const v = (originPrice * RAO_PER_TAO * (PPM - tol)) / (destinationPrice * PPM);
  return v > U64_MAX ? U64_MAX : v;
}

/**
 * `get_max_amount_move(origin, destination, limit)` (spec §7): the most origin alpha a
 * swap_stake_limit at `limit` (origin/destination price ratio × 1e9) executes.
 *
 * A tiny limit gives 0, not u64::MAX: the chain's main case divides aD·tO/(tO+tD) by the limit
 * as U64F64 with `safe_div` (`checked_div(..).unwrap_or_default()`, primitives/safe-math), and a
 * quotient of 2^64 or more does not fit U64F64, so checked_div is None and the quotient 0
 * (substrate-fixed `checked_div`: "None if the divisor is zero or on overflow"). Only
 * limit_price = 0 is the u64::MAX shortcut. See `maxMoveOverflows` / `smallestMoveLimit`.
 */
export function maxMove(origin: Pool, destination: Pool, limitPrice: bigint): bigint {
  checkPool(origin, 'origin');
  checkPool(destination, 'destination');
  const limit = checkAmount(limitPrice, 'limitPrice');
  if (hasV3Rules(origin)) return maxMoveV3(origin, destination, limit);
  const dynO = isDynamic(origin);
  const dynD = isDynamic(destination);
  if (!dynO && !dynD) return limit > RAO_PER_TAO ? 0n : U64_MAX;
  if (!dynO) return limit === 0n ? U64_MAX : maxStake(destination, (RAO_PER_TAO * RAO_PER_TAO) / limit);
  if (!dynD) return maxUnstake(origin, limit);
  const tO = origin.taoReserve;
  const tD = destination.taoReserve;
  const aO = origin.alphaReserve;
  const aD = destination.alphaReserve;
  if (tO === 0n || tD === 0n || aO === 0n || aD === 0n) return 0n;
  const L = div(int(limit), int(RAO_PER_TAO));
  if (L > div(currentPriceBits(origin), currentPriceBits(destination))) return 0n;
  if (limit === 0n) return U64_MAX;
  const total = int(tO + tD);
  return toU64(sub(div(mul(int(aD), div(int(tO), total)), L), mul(int(aO), div(int(tD), total))));
}

/**
 * Whether `get_max_amount_move`'s main case (dynamic origin and destination, both pools funded)
 * overflows at `limitPrice`: the U64F64 quotient aD·(tO/(tO+tD)) ÷ (limit/1e9) is 2^64 alpha or
 * more, so the chain's safe_div yields 0 and the maximum is 0 (V3 rules: ZeroMaxStakeAmount).
 * The same on every generation (opentensor/subtensor spec 293 and 425, RaoFoundation/subtensor).
 * False for limit 0 (the chain's u64::MAX shortcut) and for every other case of the function.
 */
export function maxMoveOverflows(origin: Pool, destination: Pool, limitPrice: bigint): boolean {
  checkPool(origin, 'origin');
  checkPool(destination, 'destination');
  const limit = checkAmount(limitPrice, 'limitPrice');
  if (limit === 0n || !isDynamic(origin) || !isDynamic(destination)) return false;
  const { taoReserve: tO, alphaReserve: aO } = origin;
  const { taoReserve: tD, alphaReserve: aD } = destination;
  if (tO === 0n || tD === 0n || aO === 0n || aD === 0n) return false;
  const numerator = mul(int(aD), div(int(tO), int(tO + tD)));
  const L = div(int(limit), int(RAO_PER_TAO));
  // div() returns 0 exactly when the quotient overflows (L is never 0 here: limit ≥ 1 → ≥ 2^64/1e9 bits).
  return numerator !== 0n && div(numerator, L) === 0n;
}

/**
 * The smallest limit_price (≥ 1) at which `get_max_amount_move`'s main case does not overflow;
 * 1 when no limit overflows. Exact: a binary search over u64 on `maxMoveOverflows` (monotone:
 * a larger limit only shrinks the quotient).
 */
export function smallestMoveLimit(origin: Pool, destination: Pool): bigint {
  if (!maxMoveOverflows(origin, destination, 1n)) return 1n;
  let lo = 1n; // overflows
  let hi = U64_MAX; // ≥ 2^64/1e9 ≈ 1.8e10 alpha-ratio: never overflows for u64 reserves
  while (hi - lo > 1n) {
    const mid = (lo + hi) / 2n;
    if (maxMoveOverflows(origin, destination, mid)) lo = mid;
    else hi = mid;
  }
  return hi;
}

/**
 * The widest tolerance (ppm) whose `moveLimitPrice` still leaves `get_max_amount_move` without
 * overflow for these pools (limits from the pools' spot prices, as the move form signs them);
 * null when no tolerance up to 999999 ppm overflows, 0n when even 1 ppm does.
 */
export function widestMoveTolerancePpm(origin: Pool, destination: Pool): bigint | null {
  const floor = smallestMoveLimit(origin, destination);
  if (floor === 1n) return null;
  const pO = spotPrice(origin);
  const pD = spotPrice(destination);
  // A limit that floors to 0 is the chain's u64::MAX shortcut; it is counted as not fitting so the
  // search stays monotone (the answer is then conservative, never too wide).
  const fits = (tol: bigint): boolean => moveLimitPrice(pO, pD, tol) >= floor;
  if (fits(PPM - 1n)) return null;
  if (!fits(1n)) return 0n;
  let lo = 1n; // fits
  let hi = PPM - 1n; // does not
  while (hi - lo > 1n) {
    const mid = (lo + hi) / 2n;
    if (fits(mid)) lo = mid;
    else hi = mid;
  }
  return lo;
}

function zeroMax(): never {
  throw new AmmError('ZeroMaxStakeAmount', 'The limit price allows nothing to move');
}

/**
 * `get_max_amount_move` of the V3 runtimes (dc5c11b55 move_stake.rs): the same closed form, but
 * every "nothing" is the error ZeroMaxStakeAmount, the root → subnet case inverts the limit in
 * U64F64 (1e9 / limit × 1e9), and the price ratio the limit is checked against is
 * current_alpha_price's U96F32 quotient.
 */
function maxMoveV3(origin: Pool, destination: Pool, limit: bigint): bigint {
  const dynO = isDynamic(origin);
  const dynD = isDynamic(destination);
  if (!dynO && !dynD) return limit > RAO_PER_TAO ? zeroMax() : U64_MAX;
  if (!dynO) return limit === 0n ? U64_MAX : maxStake(destination, toU64(mul(div(int(RAO_PER_TAO), int(limit)), int(RAO_PER_TAO))));
  if (!dynD) return maxUnstake(origin, limit);
  const tO = origin.taoReserve;
  const tD = destination.taoReserve;
  const aO = origin.alphaReserve;
  const aD = destination.alphaReserve;
  if (tO === 0n || tD === 0n || aO === 0n || aD === 0n) zeroMax();
  const L = div(int(limit), int(RAO_PER_TAO));
  const pD = v3PriceU96F32(destination);
  const ratio32 = pD === 0n ? 0n : (v3PriceU96F32(origin) << 32n) / pD;
  // U64F64 against U96F32: compared as exact values (substrate-fixed orders mixed types exactly).
  if (L > ratio32 << 32n) zeroMax();
  if (limit === 0n) return U64_MAX;
  const total = int(tO + tD);
  const r = toU64(sub(div(mul(int(aD), div(int(tO), total)), L), mul(int(aO), div(int(tD), total))));
  return r === 0n ? zeroMax() : r;
}

/**
 * The preview error of a move whose limit makes `get_max_amount_move` overflow (`maxMoveOverflows`):
 * a wider tolerance makes it worse, so the message names the widest tolerance that works.
 */
function limitOverflowError(origin: Pool, destination: Pool, tol: bigint, code: AmmErrorCode, outcome: string): AmmError {
  const widest = widestMoveTolerancePpm(origin, destination);
  const advice = widest === null || widest === 0n ? 'Lower the tolerance.' : `Use a tolerance of at most ${formatPpm(widest, 4)}.`;
  return new AmmError(
    code,
    `A ${formatPpm(tol, 4)} tolerance is too wide for this pair: at so small a price-ratio limit the chain's maximum-move formula overflows and allows nothing to move, so ${outcome}. ${advice}`,
  );
}

function ppmLoss(ideal: bigint, got: bigint): bigint {
  if (ideal <= 0n) return 0n;
  return ((ideal - got) * PPM) / ideal;
}

function rateOf(out: bigint, input: bigint): bigint {
  return input === 0n ? 0n : (out * RAO_PER_TAO) / input;
}

/** What each preview computes; the rest of `Preview` is derived in `assemble`. */
type Parts = Pick<
  Preview,
  'kind' | 'amount' | 'inputUnit' | 'outputUnit' | 'feeUnit' | 'tao' | 'limitPrice' | 'minReceived' | 'maxAtLimit' | 'exceedsLimit' | 'allowPartial' | 'minimumAmount' | 'belowMinimum' | 'error'
> & {
  limitOverflows?: boolean;
  executed: bigint;
  quote: SwapQuote | null;
  spot: bigint;
  destSpot: bigint | null;
  ideal: bigint;
  idealNet: bigint;
  tol: bigint;
};

function assemble(p: Parts): Preview {
  const received = p.error ? 0n : (p.quote?.amountOut ?? 0n);
  const fee = p.error ? 0n : (p.quote?.fee ?? 0n);
  const slippagePpm = p.error ? 0n : ppmLoss(p.ideal, received);
  const priceImpactPpm = p.error ? 0n : ppmLoss(p.idealNet, received);
  const rate = rateOf(received, p.executed);
  return {
    kind: p.kind,
    amount: p.amount,
    inputUnit: p.inputUnit,
    outputUnit: p.outputUnit,
    executedAmount: p.error ? 0n : p.executed,
    received,
    tao: p.tao,
    fee,
    feeUnit: p.feeUnit,
    spotPrice: p.spot,
    destinationSpotPrice: p.destSpot,
    idealReceived: p.ideal,
    rate,
    slippagePpm,
    priceImpactPpm,
    tolerancePpm: p.tol,
    limitPrice: p.limitPrice,
    minReceived: p.minReceived,
    maxAtLimit: p.maxAtLimit,
    exceedsLimit: p.exceedsLimit,
    limitOverflows: p.limitOverflows ?? false,
    allowPartial: p.allowPartial,
    minimumAmount: p.minimumAmount,
    belowMinimum: p.belowMinimum,
    error: p.error,
    display: {
      received: formatAmount(received),
      fee: formatAmount(fee),
      rate: formatAmount(rate),
      slippage: formatPpm(slippagePpm),
      priceImpact: formatPpm(priceImpactPpm),
      minReceived: formatAmount(p.minReceived),
      tolerance: formatPpm(p.tol),
    },
  };
}

function asChainError(e: unknown): Preview['error'] {
  if (e instanceof AmmError && !['InvalidAmount', 'InvalidPool', 'InvalidTolerance', 'UnknownPoolModel'].includes(e.code)) return { code: e.code, message: e.message };
  throw e;
}

/** Output at spot: TAO in → alpha out is amount/price; alpha in → TAO out is amount·price (U64F64, floored). */
function atSpotBuy(pool: Pool, tao: bigint): bigint {
  const price = currentPriceBits(pool);
  return price === 0n ? 0n : toU64(div(int(tao), price));
}
function atSpotSell(pool: Pool, alpha: bigint): bigint {
  return toU64(mul(int(alpha), currentPriceBits(pool)));
}

export function previewStake(input: StakePreviewInput): Preview {
  const pool = checkPool(input.pool);
  const amount = checkAmount(input.amount);
  const tol = checkTolerancePpm(input.tolerancePpm);
  const allowPartial = input.allowPartial ?? false;
  const dynamic = isDynamic(pool);
  const spot = spotPrice(pool);
  const minimumAmount = dynamic ? DEFAULT_MIN_STAKE + feeAmount(pool, DEFAULT_MIN_STAKE, false) : DEFAULT_MIN_STAKE;
  const belowMinimum = amount < minimumAmount;
  // Root and stable subnets: the SDK and btcli sign no effective limit there (1:1).
  const limitPrice = dynamic ? stakeLimitPrice(spot, tol) : null;
  let error: Preview['error'] = null;
  let maxAtLimit: bigint | null = null;
  let executed = amount;
  let quote: SwapQuote | null = null;
  try {
    assertPriceable(pool);
    if (dynamic && !hasV3Rules(pool) && amount > satMulU64(pool.taoReserve, MAX_SWAP_INPUT_RESERVE_MULTIPLIER)) throw new AmmError('InsufficientLiquidity', 'Stake is more than 1000 times the subnet TAO reserve');
    if (belowMinimum) throw new AmmError('AmountTooLow', `Minimum stake is ${formatAmount(minimumAmount)} TAO`);
    if (limitPrice !== null) {
      maxAtLimit = maxStake(pool, limitPrice);
      executed = fillUnderLimit(amount, maxAtLimit, allowPartial, 'stake');
    }
    quote = limitPrice === null ? quoteStake(pool, executed) : quoteStake(pool, executed, limitPrice);
    if (quote.amountIn < DEFAULT_MIN_STAKE) throw new AmmError('AmountTooLow', 'Less than the minimum stake would enter the pool');
    if (quote.amountOut === 0n) throw new AmmError('AmountTooLow', 'The stake would buy no alpha');
    if (input.spendable !== undefined && executed > input.spendable) error = { code: 'NotEnoughBalanceToStake', message: 'Not enough free balance' };
  } catch (e) {
    error = asChainError(e);
  }
  const net = quote ? quote.amountIn : executed - feeAmount(pool, executed, false);
  return assemble({
    kind: 'stake',
    amount,
    executed,
    inputUnit: TAO,
    outputUnit: alphaOf(pool),
    feeUnit: TAO,
    quote,
    tao: 0n,
    spot,
    destSpot: null,
    ideal: atSpotBuy(pool, executed),
    idealNet: atSpotBuy(pool, net),
    tol,
    limitPrice,
    minReceived: error ? 0n : limitPrice === null ? (quote?.amountOut ?? 0n) : (net * RAO_PER_TAO) / limitPrice,
    maxAtLimit,
    exceedsLimit: maxAtLimit !== null && amount > maxAtLimit,
    allowPartial,
    minimumAmount,
    belowMinimum,
    error,
  });
}

/** What the chain executes under a limit: all of `amount`, the most the limit allows (a partial fill), or SlippageTooHigh. */
function fillUnderLimit(amount: bigint, maxAtLimit: bigint, allowPartial: boolean, action: 'stake' | 'unstake'): bigint {
  if (amount <= maxAtLimit) return amount;
  if (!allowPartial) throw new AmmError('SlippageTooHigh', `The price would move past your tolerance; lower the amount, raise the tolerance or allow a partial ${action}`);
  return maxAtLimit;
}

export function previewUnstake(input: UnstakePreviewInput): Preview {
  const pool = checkPool(input.pool);
  const amount = checkAmount(input.amount);
  const tol = checkTolerancePpm(input.tolerancePpm);
  const allowPartial = input.allowPartial ?? false;
  const dynamic = isDynamic(pool);
  const spot = spotPrice(pool);
  const limitPrice = dynamic ? unstakeLimitPrice(spot, tol) : null;
  let error: Preview['error'] = null;
  let maxAtLimit: bigint | null = null;
  let executed = amount;
  let quote: SwapQuote | null = null;
  const fullExit = input.stake !== undefined && amount === input.stake;
  try {
    assertPriceable(pool);
    if (amount === 0n) throw new AmmError('AmountTooLow', 'Enter an amount to unstake');
    if (input.stake !== undefined && amount > input.stake) {
      error = { code: 'NotEnoughStakeToWithdraw', message: 'More than the current stake' };
    } else {
      if (limitPrice !== null) {
        maxAtLimit = maxUnstake(pool, limitPrice);
        executed = fillUnderLimit(amount, maxAtLimit, allowPartial, 'unstake');
      }
      quote = limitPrice === null ? quoteUnstake(pool, executed) : quoteUnstake(pool, executed, limitPrice);
      // A partial exit must pay out at least the minimum stake; a full exit is exempt.
      if (!fullExit && quote.amountOut < DEFAULT_MIN_STAKE) throw new AmmError('AmountTooLow', `An unstake that leaves stake behind must pay out at least ${formatAmount(DEFAULT_MIN_STAKE)} TAO`);
    }
  } catch (e) {
    error = asChainError(e);
  }
  const net = quote ? quote.amountIn : executed - feeAmount(pool, executed, false);
  return assemble({
    kind: 'unstake',
    amount,
    executed,
    inputUnit: alphaOf(pool),
    outputUnit: TAO,
    feeUnit: alphaOf(pool),
    quote,
    tao: 0n,
    spot,
    destSpot: null,
    ideal: atSpotSell(pool, executed),
    idealNet: atSpotSell(pool, net),
    tol,
    limitPrice,
    minReceived: error ? 0n : limitPrice === null ? (quote?.amountOut ?? 0n) : (net * limitPrice) / RAO_PER_TAO,
    maxAtLimit,
    exceedsLimit: maxAtLimit !== null && amount > maxAtLimit,
    allowPartial,
    minimumAmount: fullExit ? 1n : 0n,
    belowMinimum: error?.code === 'AmountTooLow',
    error,
  });
}

/** Moves: root→alpha, alpha→root, alpha→alpha (swap through TAO) and same-subnet (no swap; through the pool on the V3 rules 'v3'). */
export function previewMove(input: MovePreviewInput): Preview {
  const origin = checkPool(input.origin, 'origin');
  const destination = checkPool(input.destination, 'destination');
  const amount = checkAmount(input.amount);
  const tol = checkTolerancePpm(input.tolerancePpm);
  const allowPartial = input.allowPartial ?? false;
  const spotO = spotPrice(origin);
  const spotD = spotPrice(destination);
  const same = origin.netuid === destination.netuid;
  const kind: PreviewKind = same ? 'sameSubnet' : origin.netuid === 0 ? 'rootToAlpha' : destination.netuid === 0 ? 'alphaToRoot' : 'alphaToAlpha';
  const v3 = movesThroughV3Pools(origin, destination);
  // The V3 rules charge the fee on the destination buy (in TAO), and none on a root/stable one.
  const feeOnDestination = v3 ? isDynamic(destination) : origin.netuid === 0;
  const limitPrice = same || (!isDynamic(origin) && !isDynamic(destination)) ? null : moveLimitPrice(spotO, spotD, tol);
  let error: Preview['error'] = null;
  let maxAtLimit: bigint | null = null;
  let executed = amount;
  let quote: SwapQuote | null = null;
  let tao = 0n;
  let limitOverflows = false;
  try {
    assertPriceable(origin);
    assertPriceable(destination);
    if (amount === 0n) throw new AmmError('AmountTooLow', 'Enter an amount to move');
    limitOverflows = limitPrice !== null && maxMoveOverflows(origin, destination, limitPrice);
    if (input.stake !== undefined && amount > input.stake) {
      error = { code: 'NotEnoughStakeToWithdraw', message: 'More than the current stake' };
    } else if (v3) {
      // transition_stake_internal of the V3 runtimes, in the chain's order: the limit's maximum
      // (ZeroMaxStakeAmount), then the value check on a simulated sale WITH fee of the whole
      // amount, then the slippage check; same-subnet moves trade through the pool too.
      if (limitPrice !== null) {
        if (limitOverflows) throw limitOverflowError(origin, destination, tol, 'ZeroMaxStakeAmount', 'the chain refuses the move (ZeroMaxStakeAmount)');
        maxAtLimit = maxMove(origin, destination, limitPrice);
      }
      let simTao: bigint;
      try {
        simTao = quoteUnstake(origin, amount).amountOut;
      } catch (e) {
        if (e instanceof AmmError) throw new AmmError('InsufficientLiquidity', `The origin pool cannot take this sale (${e.code})`);
        throw e;
      }
      if (!(simTao > DEFAULT_MIN_STAKE)) throw new AmmError('AmountTooLow', `A move must unstake more than ${formatAmount(DEFAULT_MIN_STAKE)} TAO`);
      if (maxAtLimit !== null && amount > maxAtLimit) {
        if (!allowPartial) throw new AmmError('SlippageTooHigh', 'The prices would move past your tolerance; lower the amount, raise the tolerance or allow a partial move');
        executed = maxAtLimit;
      }
      const m = quoteMove(origin, destination, executed);
      tao = m.tao;
      quote = { amountIn: executed, amountOut: m.amountOut, fee: m.fee };
    } else if (same) {
      const m = quoteMove(origin, destination, amount);
      tao = m.tao;
      quote = { amountIn: amount, amountOut: m.amountOut, fee: 0n };
      if (tao < DEFAULT_MIN_STAKE) throw new AmmError('AmountTooLow', `A transfer must be worth at least ${formatAmount(DEFAULT_MIN_STAKE)} TAO`);
    } else {
      if (limitPrice !== null) {
        maxAtLimit = maxMove(origin, destination, limitPrice);
        // The chain's own formula overflows: with allow_partial it accepts the call and moves
        // nothing (the fee is still paid), without it refuses with SlippageTooHigh. Neither is
        // worth signing; the message says why and which tolerance works.
        if (limitOverflows && allowPartial) throw limitOverflowError(origin, destination, tol, 'ZeroMaxStakeAmount', 'the chain would accept the move, take the transaction fee and move nothing');
        if (limitOverflows) throw limitOverflowError(origin, destination, tol, 'SlippageTooHigh', 'the chain refuses the move (SlippageTooHigh)');
        if (amount > maxAtLimit) {
          if (!allowPartial) throw new AmmError('SlippageTooHigh', 'The prices would move past your tolerance; lower the amount, raise the tolerance or allow a partial move');
          executed = maxAtLimit;
        }
      }
      const m = quoteMove(origin, destination, executed);
      tao = m.tao;
      quote = { amountIn: executed, amountOut: m.amountOut, fee: m.fee };
      if (tao <= DEFAULT_MIN_STAKE) throw new AmmError('AmountTooLow', `A move must unstake more than ${formatAmount(DEFAULT_MIN_STAKE)} TAO`);
    }
  } catch (e) {
    error = asChainError(e);
  }
  // Ideal: origin alpha valued at the origin spot, bought at the destination spot, no fee.
  const pO = currentPriceBits(origin);
  const pD = currentPriceBits(destination);
  const idealOf = (a: bigint): bigint => (same ? a : pD === 0n ? 0n : toU64(div(mul(int(a), pO), pD)));
  const fee = quote?.fee ?? 0n;
  const netAlpha = feeOnDestination ? executed : executed - fee;
  // A TAO fee on the destination leg: the ideal less that fee's worth at the destination spot
  // (root origin: the executed alpha is TAO 1:1).
  const feeAtDestination = pD === 0n ? 0n : toU64(div(int(fee), pD));
  const idealNet = v3 && feeOnDestination ? sub(int(idealOf(executed)), int(feeAtDestination)) >> 64n : feeOnDestination && pD !== 0n ? toU64(div(int(executed - fee), pD)) : idealOf(netAlpha);
  return assemble({
    kind,
    amount,
    executed,
    inputUnit: alphaOf(origin),
    outputUnit: alphaOf(destination),
    feeUnit: feeOnDestination ? TAO : alphaOf(origin),
    quote,
    tao,
    spot: spotO,
    destSpot: spotD,
    ideal: idealOf(executed),
    idealNet,
    tol,
    limitPrice,
    minReceived: error ? 0n : limitPrice === null ? (quote?.amountOut ?? 0n) : (netAlpha * limitPrice) / RAO_PER_TAO,
    maxAtLimit,
    exceedsLimit: maxAtLimit !== null && amount > maxAtLimit,
    limitOverflows,
    allowPartial,
    minimumAmount: DEFAULT_MIN_STAKE,
    belowMinimum: error?.code === 'AmountTooLow',
    error,
  });
}

export interface SeriesPoint {
  amount: bigint;
  /** Slippage in ppm (fee included, spec §19.4), or null where the chain would reject the amount. */
  slippagePpm: bigint | null;
  received: bigint;
  error: AmmErrorCode | null;
}

/** Slippage against amount for the popup's chart: `points` evenly spaced amounts up to maxAmount. */
export function slippageSeries(pool: Pool, kind: 'stake' | 'unstake', maxAmount: bigint, points = 64): SeriesPoint[] {
  checkPool(pool);
  const max = checkAmount(maxAmount, 'maxAmount');
  if (!Number.isInteger(points) || points < 1 || points > 4096) throw new AmmError('InvalidAmount', 'points must be an integer from 1 to 4096');
  const out: SeriesPoint[] = [];
  for (let i = 1; i <= points; i++) {
    const amount = (max * BigInt(i)) / BigInt(points);
    try {
      const q = swapUnchecked(pool, kind === 'stake' ? 'buy' : 'sell', amount, undefined, false);
      const ideal = kind === 'stake' ? atSpotBuy(pool, amount) : atSpotSell(pool, amount);
      out.push({ amount, slippagePpm: ppmLoss(ideal, q.amountOut), received: q.amountOut, error: null });
    } catch (e) {
      if (!(e instanceof AmmError)) throw e;
      out.push({ amount, slippagePpm: null, received: 0n, error: e.code });
    }
  }
  return out;
}
