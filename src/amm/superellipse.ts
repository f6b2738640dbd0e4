/**
 * The translated exponent-two superellipse that prices dynamic pools on the newest subtensor
 * runtimes (RaoFoundation/subtensor `pallets/swap/src/pallet/superellipse.rs`), exact to the rao.
 *
 * With X = centerAlpha − alpha·2³² and Y = centerTao − tao·2³², the invariant is
 * X²b² + Y²a² = K (a = alphaScale, b = taoScale) and the marginal TAO-per-alpha price is
 * b²X/(a²Y). Scales and centres are in units of 2⁻³² rao ("Q32"). The chain does every product in
 * checked U512; here each intermediate is a bigint checked against the same bounds, so a value the
 * chain could not hold throws `Overflow` instead of silently giving a number the chain never would.
 * Payouts are floored (the pool keeps the residue); inverse quotes round the input up.
 *
 * Every function throws `SuperellipseError` whose `.code` is the chain's `EllipseError` variant.
 * Amount arguments must be u64 bigints (AmmError `InvalidAmount` otherwise).
 */
import { PERQUINTILL } from './constants.ts';
import { AmmError } from './errors.ts';
import { U64_MAX, U128_MAX } from './fixed.ts';
import { checkAmount } from './validate.ts';
import { WalletError } from '../protocol/errors.ts';

/** `Superellipse { alpha_scale: u128, tao_scale: u128, center_alpha: i128, center_tao: i128 }`. */
export interface SuperellipseCurve {
  alphaScale: bigint;
  taoScale: bigint;
  centerAlpha: bigint;
  centerTao: bigint;
}

/** The chain's `EllipseError` variants. */
export type EllipseErrorCode = 'InvalidParameters' | 'Overflow' | 'OutsideDomain' | 'InsufficientReserves';

export class SuperellipseError extends WalletError {
  declare readonly code: EllipseErrorCode;
  constructor(code: EllipseErrorCode, message: string = code) {
    super(code, message);
  }
}

export function isSuperellipseError(e: unknown): e is SuperellipseError {
  return e instanceof SuperellipseError;
}

const Q32_SHIFT = 32n;
const Q32 = 1n << Q32_SHIFT;
const U512_LIMIT = 1n << 512n;
const I128_MAX = (1n << 127n) - 1n;
const I128_MIN = -(1n << 127n);

const fail = (code: EllipseErrorCode, message?: string): never => {
  throw new SuperellipseError(code, message);
};

// Checked U512 arithmetic on non-negative bigints, failing the way the chain's helpers do.
function mul(a: bigint, b: bigint): bigint {
  const r = a * b;
  return r >= U512_LIMIT ? fail('Overflow', 'U512 product overflows') : r;
}
function add(a: bigint, b: bigint): bigint {
  const r = a + b;
  return r >= U512_LIMIT ? fail('Overflow', 'U512 sum overflows') : r;
}
function sub(a: bigint, b: bigint): bigint {
  return a < b ? fail('Overflow', 'U512 difference is negative') : a - b;
}
function div(a: bigint, b: bigint): bigint {
  return b === 0n ? fail('InvalidParameters', 'division by zero') : a / b;
}
/** U512 -> u128. */
function narrow(v: bigint): bigint {
  return v > U128_MAX ? fail('Overflow', 'value does not fit in u128') : v;
}
/** u128 -> u64 payout. */
function narrowAmount(v: bigint): bigint {
  return v > U64_MAX ? fail('Overflow', 'amount does not fit in u64') : v;
}
/** The chain's `u64::checked_add`. */
function addU64(a: bigint, b: bigint): bigint {
  const r = a + b;
  return r > U64_MAX ? fail('Overflow', 'u64 sum overflows') : r;
}
function subU64(a: bigint, b: bigint): bigint {
  return a < b ? fail('Overflow', 'u64 difference is negative') : a - b;
}
/** `i128::try_from(u128)`. */
function toI128(v: bigint): bigint {
  return v > I128_MAX ? fail('Overflow', 'value does not fit in i128') : v;
}

/**
 * Floor square root. The chain's Newton iteration returns the exact floor for every U512, so any
 * exact method gives the same integer; this one starts from a float estimate pushed safely above
 * the root (fewer steps) and descends, which Newton's iteration does monotonically from above.
 */
export function sqrtFloor(v: bigint): bigint {
  if (v < 0n) throw new RangeError('sqrtFloor of a negative number');
  if (v < 2n) return v;
  let x = BigInt(Math.ceil(Math.sqrt(Number(v)) * (1 + 2 ** -40))) + 1n;
  for (;;) {
    const next = (x + v / x) >> 1n;
    if (next >= x) return x;
    x = next;
  }
}

function isU128(v: unknown): v is bigint {
  return typeof v === 'bigint' && v >= 0n && v <= U128_MAX;
}
function isI128(v: unknown): v is bigint {
  return typeof v === 'bigint' && v >= I128_MIN && v <= I128_MAX;
}

/** A curve whose fields fit the chain's types (u128 scales, i128 centres); InvalidPool otherwise. */
export function checkCurve(curve: unknown, what = 'curve'): SuperellipseCurve {
  if (typeof curve !== 'object' || curve === null) throw new AmmError('InvalidPool', `${what} must be an object`);
  const c = curve as Record<string, unknown>;
  if (!isU128(c.alphaScale)) throw new AmmError('InvalidPool', `${what}.alphaScale must be a u128 bigint`);
  if (!isU128(c.taoScale)) throw new AmmError('InvalidPool', `${what}.taoScale must be a u128 bigint`);
  if (!isI128(c.centerAlpha)) throw new AmmError('InvalidPool', `${what}.centerAlpha must be an i128 bigint`);
  if (!isI128(c.centerTao)) throw new AmmError('InvalidPool', `${what}.centerTao must be an i128 bigint`);
  return curve as SuperellipseCurve;
}

/** Curve coordinates X, Y (> 0) at the given reserves. */
function coordinates(curve: SuperellipseCurve, alpha: bigint, tao: bigint): [bigint, bigint] {
  if (curve.alphaScale === 0n || curve.taoScale === 0n) fail('InvalidParameters', 'a curve scale is zero');
  const x = curve.centerAlpha - (alpha << Q32_SHIFT);
  const y = curve.centerTao - (tao << Q32_SHIFT);
  // i128::checked_sub: only the low side can be left, since the subtrahend is non-negative.
  if (x < I128_MIN || y < I128_MIN) fail('Overflow', 'coordinate underflows i128');
  if (x <= 0n || y <= 0n) fail('OutsideDomain', 'the reserves lie past the curve centre');
  return [x, y];
}

function squares(curve: SuperellipseCurve): [bigint, bigint] {
  return [mul(curve.alphaScale, curve.alphaScale), mul(curve.taoScale, curve.taoScale)];
}

function args(curve: unknown, alpha: unknown, tao: unknown): [SuperellipseCurve, bigint, bigint] {
  return [checkCurve(curve), checkAmount(alpha, 'alpha'), checkAmount(tao, 'tao')];
}

function calibrate(alpha: bigint, tao: bigint, a: bigint, b: bigint): SuperellipseCurve {
  if (a === 0n || b === 0n) fail('InvalidParameters', 'a calibrated scale rounds to zero');
  // (reserve << 32) + scale is a checked u128 add, then i128::try_from.
  return {
    alphaScale: a,
    taoScale: b,
    centerAlpha: toI128(narrow((alpha << Q32_SHIFT) + a)),
    centerTao: toI128(narrow((tao << Q32_SHIFT) + b)),
  };
}

/**
 * `Superellipse::from_weights(alpha, tao, quote)`: the curve that keeps a Balancer pool's spot price
 * and local price sensitivity at these reserves. quoteWeightParts is the Perquintill quote weight
 * (parts of 1e18, as `Pool.quoteWeight`). a = 2·w·alpha, b = 2·(1−w)·tao, centres one scale past
 * the reserves, all in Q32.
 */
export function superellipseFromWeights(alpha: bigint, tao: bigint, quoteWeightParts: bigint): SuperellipseCurve {
  checkAmount(alpha, 'alpha');
  checkAmount(tao, 'tao');
  // Perquintill::deconstruct is a u64; the chain never holds more.
  const w = checkAmount(quoteWeightParts, 'quoteWeightParts');
  if (alpha === 0n || tao === 0n || w === 0n || w >= PERQUINTILL) fail('InvalidParameters', 'reserves must be non-zero and the weight strictly between 0 and 1');
  const a = narrow(div(mul(alpha, w << 33n), PERQUINTILL));
  const b = narrow(div(mul(tao, (PERQUINTILL - w) << 33n), PERQUINTILL));
  return calibrate(alpha, tao, a, b);
}

/** `Superellipse::from_balancer`: the migration's entry point; the same calibration as from_weights. */
export const superellipseFromBalancer = superellipseFromWeights;

/** `calculate_price`: b²X·2⁶⁴/(a²Y) as U64F64 bits. */
export function superellipsePrice(curve: SuperellipseCurve, alpha: bigint, tao: bigint): bigint {
  return priceAt(...args(curve, alpha, tao));
}

function priceAt(curve: SuperellipseCurve, alpha: bigint, tao: bigint): bigint {
  const [x, y] = coordinates(curve, alpha, tao);
  const [a2, b2] = squares(curve);
  return narrow(div(mul(mul(b2, x), 1n << 64n), mul(a2, y)));
}

/**
 * One side of a trade: the input coordinate falls by input·2³², the output coordinate rises to
 * keep K (difference form, as the chain, to avoid cancellation), payout floored.
 */
function tradeOutput(inCoord: bigint, outCoord: bigint, inScale2: bigint, outScale2: bigint, input: bigint, outReserve: bigint): bigint {
  const moved = mul(input, Q32);
  if (inCoord <= moved) fail('OutsideDomain', 'the input reaches the curve centre');
  const newIn = inCoord - moved;
  const gain = mul(sub(inCoord, newIn), add(inCoord, newIn));
  const newOut = sqrtFloor(add(mul(outCoord, outCoord), div(mul(gain, inScale2), outScale2)));
  const output = narrow(div(sub(newOut, outCoord), Q32));
  if (output > outReserve) fail('InsufficientReserves', 'the payout exceeds the reserve');
  return narrowAmount(output);
}

function buyOutput(curve: SuperellipseCurve, alpha: bigint, tao: bigint, input: bigint): bigint {
  addU64(tao, input);
  const [x, y] = coordinates(curve, alpha, tao);
  if (input === 0n) return 0n;
  const [a2, b2] = squares(curve);
  return tradeOutput(y, x, a2, b2, input, alpha);
}

function sellOutput(curve: SuperellipseCurve, alpha: bigint, tao: bigint, input: bigint): bigint {
  addU64(alpha, input);
  const [x, y] = coordinates(curve, alpha, tao);
  if (input === 0n) return 0n;
  const [a2, b2] = squares(curve);
  return tradeOutput(x, y, b2, a2, input, tao);
}

/** `buy_output`: alpha paid out for an exact net TAO input, floored. */
export function superellipseBuyOutput(curve: SuperellipseCurve, alpha: bigint, tao: bigint, input: bigint): bigint {
  return buyOutput(...args(curve, alpha, tao), checkAmount(input, 'input'));
}

/** `sell_output`: TAO paid out for an exact net alpha input, floored. */
export function superellipseSellOutput(curve: SuperellipseCurve, alpha: bigint, tao: bigint, input: bigint): bigint {
  return sellOutput(...args(curve, alpha, tao), checkAmount(input, 'input'));
}

/**
 * `max_input`: the largest input whose floored payout leaves at least `floor` in the output
 * reserve, capped so the input reserve stays a u64. A payout floor((√T − X)/S) stays ≤ R exactly
 * when T < (X + (R+1)·S)², which bounds the post-trade input coordinate from below.
 */
function maxInput(curve: SuperellipseCurve, alpha: bigint, tao: bigint, buy: boolean, floor: bigint): bigint {
  const [x, y] = coordinates(curve, alpha, tao);
  const [a2, b2] = squares(curve);
  const coord = buy ? y : x;
  const outCoord = buy ? x : y;
  const inScale2 = buy ? a2 : b2;
  const outScale2 = buy ? b2 : a2;
  const capacity = U64_MAX - (buy ? tao : alpha);
  const outReserve = buy ? alpha : tao;
  if (outReserve < floor) fail('InsufficientReserves', 'the reserve is below the floor');
  const allowance = mul(outReserve - floor + 1n, Q32);
  const headroom = mul(allowance, add(mul(outCoord, 2n), allowance));
  const initial = mul(mul(coord, coord), inScale2);
  const bound = mul(headroom, outScale2);
  const minimum = initial >= bound ? add(sqrtFloor(div(sub(initial, bound), inScale2)), 1n) : 1n;
  if (coord < minimum) fail('OutsideDomain', 'no input keeps the curve in its domain');
  const amount = narrow(div(coord - minimum, Q32));
  return amount < capacity ? amount : capacity;
}

/**
 * `max_buy_input_with_reserve_floor` (`max_buy_input` when floor is 0): the most net TAO a buy can
 * take while leaving at least `floor` alpha.
 */
export function superellipseMaxBuyInput(curve: SuperellipseCurve, alpha: bigint, tao: bigint, floor: bigint = 0n): bigint {
  return maxInput(...args(curve, alpha, tao), true, checkAmount(floor, 'floor'));
}

/** `max_sell_input_with_reserve_floor` (`max_sell_input` when floor is 0). */
export function superellipseMaxSellInput(curve: SuperellipseCurve, alpha: bigint, tao: bigint, floor: bigint = 0n): bigint {
  return maxInput(...args(curve, alpha, tao), false, checkAmount(floor, 'floor'));
}

/** `last_true`: the chain's bisection, midpoint rounded up, so the probed inputs are the same. */
function lastTrue(upper: bigint, predicate: (input: bigint) => boolean): bigint {
  let low = 0n;
  let high = upper;
  while (low < high) {
    const mid = low + ((high - low + 1n) >> 1n);
    if (predicate(mid)) low = mid;
    else high = mid - 1n;
  }
  return low;
}

function quoteDeltaToPrice(curve: SuperellipseCurve, alpha: bigint, tao: bigint, target: bigint): bigint {
  if (target <= priceAt(curve, alpha, tao)) return 0n;
  const max = maxInput(curve, alpha, tao, true, 0n);
  return lastTrue(max, (input) => {
    const output = buyOutput(curve, alpha, tao, input);
    const a = subU64(alpha, output);
    const t = addU64(tao, input);
    try {
      return priceAt(curve, a, t) <= target;
    } catch (e) {
      // A price past u128 is certainly above the target; other curve errors abort.
      if (e instanceof SuperellipseError && e.code === 'Overflow') return false;
      throw e;
    }
  });
}

function baseDeltaToPrice(curve: SuperellipseCurve, alpha: bigint, tao: bigint, target: bigint): bigint {
  if (target >= priceAt(curve, alpha, tao)) return 0n;
  const max = maxInput(curve, alpha, tao, false, 0n);
  return lastTrue(max, (input) => {
    const output = sellOutput(curve, alpha, tao, input);
    return priceAt(curve, addU64(alpha, input), subU64(tao, output)) >= target;
  });
}

/**
 * `quote_delta_to_price`: the largest net TAO input whose actual post-trade price (payout
 * rounding included) stays at or below `targetBits` (U64F64); 0 if the price is already there.
 */
export function superellipseQuoteDeltaToPrice(curve: SuperellipseCurve, alpha: bigint, tao: bigint, targetBits: bigint): bigint {
  return quoteDeltaToPrice(...args(curve, alpha, tao), checkBits(targetBits));
}

/** `base_delta_to_price`: the largest net alpha input whose post-trade price stays at or above the target. */
export function superellipseBaseDeltaToPrice(curve: SuperellipseCurve, alpha: bigint, tao: bigint, targetBits: bigint): bigint {
  return baseDeltaToPrice(...args(curve, alpha, tao), checkBits(targetBits));
}

function checkBits(bits: unknown): bigint {
  if (!isU128(bits)) throw new AmmError('InvalidAmount', 'targetBits must be U64F64 bits (a u128 bigint)');
  return bits;
}

/** The least input whose payout reaches `output` (lower-bound bisection, midpoint rounded down). */
function inputNeeded(curve: SuperellipseCurve, alpha: bigint, tao: bigint, output: bigint, buy: boolean): bigint {
  coordinates(curve, alpha, tao);
  if (output === 0n) return 0n;
  if (output > (buy ? alpha : tao)) fail('InsufficientReserves', 'the requested payout exceeds the reserve');
  const pay = (input: bigint): bigint => (buy ? buyOutput(curve, alpha, tao, input) : sellOutput(curve, alpha, tao, input));
  let high = maxInput(curve, alpha, tao, buy, 0n);
  if (pay(high) < output) fail('OutsideDomain', 'no input on the curve pays that much');
  let low = 0n;
  while (low < high) {
    const mid = low + ((high - low) >> 1n);
    if (pay(mid) >= output) high = mid;
    else low = mid + 1n;
  }
  return low;
}

/** `base_needed_for_quote`: the least alpha input that pays at least `output` TAO (input rounded up). */
export function superellipseBaseNeededForQuote(curve: SuperellipseCurve, alpha: bigint, tao: bigint, output: bigint): bigint {
  return inputNeeded(...args(curve, alpha, tao), checkAmount(output, 'output'), false);
}

/** `quote_needed_for_base`: the least net TAO input that buys at least `output` alpha. */
export function superellipseQuoteNeededForBase(curve: SuperellipseCurve, alpha: bigint, tao: bigint, output: bigint): bigint {
  return inputNeeded(...args(curve, alpha, tao), checkAmount(output, 'output'), true);
}

/**
 * `K = X²b² + Y²a²` at the given reserves (the chain's test-only `invariant`), for property tests
 * and diagnostics.
 */
export function superellipseInvariant(curve: SuperellipseCurve, alpha: bigint, tao: bigint): bigint {
  const [c, a, t] = args(curve, alpha, tao);
  const [x, y] = coordinates(c, a, t);
  const [a2, b2] = squares(c);
  return add(mul(mul(x, x), b2), mul(mul(y, y), a2));
}

function shiftCentres(curve: SuperellipseCurve, alphaDelta: bigint, taoDelta: bigint, sign: 1n | -1n): SuperellipseCurve {
  const centerAlpha = curve.centerAlpha + sign * (alphaDelta << Q32_SHIFT);
  const centerTao = curve.centerTao + sign * (taoDelta << Q32_SHIFT);
  if (centerAlpha < I128_MIN || centerAlpha > I128_MAX || centerTao < I128_MIN || centerTao > I128_MAX) fail('Overflow', 'a centre does not fit in i128');
  return { ...curve, centerAlpha, centerTao };
}

/**
 * `translate_liquidity`: protocol liquidity injected into the reserves moves both centres by the
 * same amounts, so price, local response and reachable range are unchanged. Returns a new curve.
 */
export function superellipseTranslateLiquidity(curve: SuperellipseCurve, alphaDelta: bigint, taoDelta: bigint): SuperellipseCurve {
  return shiftCentres(checkCurve(curve), checkAmount(alphaDelta, 'alphaDelta'), checkAmount(taoDelta, 'taoDelta'), 1n);
}

/** `withdraw_liquidity`: the reverse move, for reserves taken out of the pool. Returns a new curve. */
export function superellipseWithdrawLiquidity(curve: SuperellipseCurve, alphaDelta: bigint, taoDelta: bigint): SuperellipseCurve {
  return shiftCentres(checkCurve(curve), checkAmount(alphaDelta, 'alphaDelta'), checkAmount(taoDelta, 'taoDelta'), -1n);
}

/**
 * `extractable_reserves`: per side, the reserve no point of this invariant's positive-price branch
 * can pay out (one Q32 unit of margin), less `reserveFloor`, at most the reserve. [alpha, tao].
 */
export function superellipseExtractableReserves(curve: SuperellipseCurve, alpha: bigint, tao: bigint, reserveFloor: bigint): [bigint, bigint] {
  const [c, a, t] = args(curve, alpha, tao);
  const floor = checkAmount(reserveFloor, 'reserveFloor');
  const k = superellipseInvariant(c, a, t);
  const [a2, b2] = squares(c);
  const alphaBound = add(sqrtFloor(div(k, b2)), 1n);
  const taoBound = add(sqrtFloor(div(k, a2)), 1n);
  const unreachable = (center: bigint, bound: bigint, reserve: bigint): bigint => {
    if (center <= 0n || bound >= center) return 0n;
    const amount = narrowAmount(narrow(div(center - bound, Q32)));
    const left = amount > floor ? amount - floor : 0n;
    return left < reserve ? left : reserve;
  };
  return [unreachable(c.centerAlpha, alphaBound, a), unreachable(c.centerTao, taoBound, t)];
}
