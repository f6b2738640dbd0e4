/**
 * A slow reference for the superellipse curve, written from the definitions rather than from the
 * chain's formulas, so the fast module (superellipse.ts) and its fixture can be checked against
 * something that does not share its algebra:
 *   - a payout is the largest n with (X + n·2³²)²b² + Y'²a² ≤ K (the invariant never rises),
 *     found by search over n: no square root, no difference form, no closed-form bound;
 *   - a maximal input is the largest input whose payout still fits the reserve, by search;
 *   - inputs to a price are the largest input whose post-trade price stays on the right side.
 * It ignores the chain's U512 overflow (the vectors stay far from it). Test-only: the quote
 * functions never use it.
 */
import type { SuperellipseCurve } from './superellipse.ts';

const S = 1n << 32n;
const U64_MAX = (1n << 64n) - 1n;
const U128_MAX = (1n << 128n) - 1n;

export class ReferenceError extends Error {
  constructor(readonly code: 'InvalidParameters' | 'Overflow' | 'OutsideDomain' | 'InsufficientReserves') {
    super(code);
  }
}

/** Largest n in [0, hi] with ok(n), for ok monotone (true then false) and ok(0) true. */
function largest(hi: bigint, ok: (n: bigint) => boolean): bigint {
  // Gallop up from 0, then bisect: a different probe sequence from the chain's bisection.
  let lo = 0n;
  let step = 1n;
  while (lo + step <= hi && ok(lo + step)) {
    lo += step;
    step *= 2n;
  }
  let top = lo + step > hi ? hi : lo + step - 1n;
  while (lo < top) {
    const mid = (lo + top + 1n) / 2n;
    if (ok(mid)) lo = mid;
    else top = mid - 1n;
  }
  return lo;
}

function coords(c: SuperellipseCurve, alpha: bigint, tao: bigint): { x: bigint; y: bigint; k: bigint; a2: bigint; b2: bigint } {
  if (c.alphaScale === 0n || c.taoScale === 0n) throw new ReferenceError('InvalidParameters');
  const x = c.centerAlpha - alpha * S;
  const y = c.centerTao - tao * S;
  if (x <= 0n || y <= 0n) throw new ReferenceError('OutsideDomain');
  const a2 = c.alphaScale ** 2n;
  const b2 = c.taoScale ** 2n;
  return { x, y, k: x * x * b2 + y * y * a2, a2, b2 };
}

/** a = floor(2·w·alpha·2³²), b = floor(2·(1−w)·tao·2³²), centres one scale past the reserves. */
export function refFromWeights(alpha: bigint, tao: bigint, w: bigint): SuperellipseCurve {
  const one = 10n ** 18n;
  if (alpha === 0n || tao === 0n || w === 0n || w >= one) throw new ReferenceError('InvalidParameters');
  const a = (2n * w * alpha * S) / one;
  const b = (2n * (one - w) * tao * S) / one;
  if (a === 0n || b === 0n) throw new ReferenceError('InvalidParameters');
  return { alphaScale: a, taoScale: b, centerAlpha: alpha * S + a, centerTao: tao * S + b };
}

/** floor(2⁶⁴ · b²X / (a²Y)). */
export function refPrice(c: SuperellipseCurve, alpha: bigint, tao: bigint): bigint {
  const { x, y, a2, b2 } = coords(c, alpha, tao);
  const p = (b2 * x * (1n << 64n)) / (a2 * y);
  if (p > U128_MAX) throw new ReferenceError('Overflow');
  return p;
}

function payout(c: SuperellipseCurve, alpha: bigint, tao: bigint, input: bigint, buy: boolean): bigint {
  if ((buy ? tao : alpha) + input > U64_MAX) throw new ReferenceError('Overflow');
  const { x, y, k, a2, b2 } = coords(c, alpha, tao);
  if (input === 0n) return 0n;
  const inCoord = (buy ? y : x) - input * S;
  if (inCoord <= 0n) throw new ReferenceError('OutsideDomain');
  const outCoord = buy ? x : y;
  const [inW, outW] = buy ? [a2, b2] : [b2, a2];
  const fixed = inCoord * inCoord * inW;
  // Any n with (outCoord + nS)² ≤ K/outW bounds the search; outCoord + nS ≤ √K/… ≤ K.
  const hi = k / (S * S) + 1n;
  const n = largest(hi, (m) => (outCoord + m * S) ** 2n * outW + fixed <= k);
  if (n > (buy ? alpha : tao)) throw new ReferenceError('InsufficientReserves');
  return n;
}

export const refBuyOutput = (c: SuperellipseCurve, alpha: bigint, tao: bigint, input: bigint): bigint => payout(c, alpha, tao, input, true);
export const refSellOutput = (c: SuperellipseCurve, alpha: bigint, tao: bigint, input: bigint): bigint => payout(c, alpha, tao, input, false);

function fits(f: () => boolean): boolean {
  try {
    return f();
  } catch (e) {
    if (e instanceof ReferenceError) return false;
    throw e;
  }
}

/** The largest input that stays in the domain and pays out at most reserve − floor. */
export function refMaxInput(c: SuperellipseCurve, alpha: bigint, tao: bigint, buy: boolean, floor = 0n): bigint {
  const { x, y } = coords(c, alpha, tao);
  const outReserve = buy ? alpha : tao;
  if (outReserve < floor) throw new ReferenceError('InsufficientReserves');
  const capacity = U64_MAX - (buy ? tao : alpha);
  const inDomain = ((buy ? y : x) - 1n) / S;
  const hi = inDomain < capacity ? inDomain : capacity;
  return largest(hi, (d) => fits(() => payout(c, alpha, tao, d, buy) <= outReserve - floor));
}

export function refQuoteDeltaToPrice(c: SuperellipseCurve, alpha: bigint, tao: bigint, target: bigint): bigint {
  if (target <= refPrice(c, alpha, tao)) return 0n;
  return largest(refMaxInput(c, alpha, tao, true), (d) => fits(() => refPrice(c, alpha - refBuyOutput(c, alpha, tao, d), tao + d) <= target));
}

export function refBaseDeltaToPrice(c: SuperellipseCurve, alpha: bigint, tao: bigint, target: bigint): bigint {
  if (target >= refPrice(c, alpha, tao)) return 0n;
  return largest(refMaxInput(c, alpha, tao, false), (d) => refPrice(c, alpha + d, tao - refSellOutput(c, alpha, tao, d)) >= target);
}

/** The least input whose payout is at least `output`. */
export function refInputNeeded(c: SuperellipseCurve, alpha: bigint, tao: bigint, output: bigint, buy: boolean): bigint {
  coords(c, alpha, tao);
  if (output === 0n) return 0n;
  if (output > (buy ? alpha : tao)) throw new ReferenceError('InsufficientReserves');
  const max = refMaxInput(c, alpha, tao, buy);
  if (payout(c, alpha, tao, max, buy) < output) throw new ReferenceError('OutsideDomain');
  // least d with payout(d) ≥ output = (largest d with payout(d) < output) + 1
  return largest(max, (d) => d === 0n || payout(c, alpha, tao, d, buy) < output) + 1n;
}

export interface RefPool {
  alpha: bigint;
  tao: bigint;
  curve: SuperellipseCurve;
  feeRate: bigint;
  minReserve: bigint;
}

/** U64F64 fee fraction r/d applied to an amount, floored (the chain's saturating U64F64 mul). */
function feeOf(amount: bigint, r: bigint, d: bigint): bigint {
  if (d === 0n) return 0n;
  const rate = (r << 128n) / (d << 64n); // U64F64 bits of r/d
  return (amount * rate) >> 64n;
}

/**
 * The swap step over the reference curve, in the chain's order (see superellipse-swap.ts); errors
 * are the chain's names. The point is the curve maths underneath, not a second reading of the step.
 */
export function refSwap(p: RefPool, buy: boolean, amount: bigint, limit: bigint, dropFees: boolean): { amountIn: bigint; amountOut: bigint; fee: bigint } | { error: string } {
  const r = dropFees ? 0n : p.feeRate;
  const fee0 = feeOf(amount, r, 65_535n);
  const net = amount - fee0;
  const reserveIn = buy ? p.tao : p.alpha;
  const reserveOut = buy ? p.alpha : p.tao;
  const cap = reserveIn * 1000n > U64_MAX ? U64_MAX : reserveIn * 1000n;
  if (net > cap) return { error: 'SwapInputTooLarge' };
  if (reserveOut < p.minReserve) return { error: 'ReservesTooLow' };
  const { alpha, tao, curve } = p;
  let cur = 0n;
  if (alpha !== 0n) cur = safe(() => refPrice(curve, alpha, tao), 0n);
  if (buy ? !(cur < limit) : !(cur > limit)) return { error: 'PriceLimitExceeded' };
  try {
    const out = (d: bigint): bigint => (buy ? refBuyOutput(curve, alpha, tao, d) : refSellOutput(curve, alpha, tao, d));
    const priceAfter = (d: bigint, o: bigint): bigint => {
      const a = buy ? alpha - o : alpha + d;
      const t = buy ? tao + d : tao - o;
      if (a < 0n || t < 0n || a > U64_MAX || t > U64_MAX) throw new ReferenceError('Overflow');
      return refPrice(curve, a, t);
    };
    const toLimit = (): bigint => (buy ? refQuoteDeltaToPrice(curve, alpha, tao, limit) : refBaseDeltaToPrice(curve, alpha, tao, limit));
    const reach = refMaxInput(curve, alpha, tao, buy, p.minReserve);
    let req = net < reach ? net : reach;
    let clamped = req < net;
    let reqOut = out(req);
    priceAfter(0n, 0n);
    let target: bigint;
    try {
      target = priceAfter(req, reqOut);
    } catch {
      const l = toLimit();
      if (l < req) req = l;
      reqOut = out(req);
      clamped = true;
      target = priceAfter(req, reqOut);
    }
    let delta = req;
    if (!(buy ? target <= limit : target >= limit)) {
      const l = toLimit();
      delta = l < req ? l : req;
      clamped = true;
    }
    const fee = clamped ? feeOf(delta, r, 65_535n - r) : fee0;
    const o = delta === req ? reqOut : out(delta);
    if (delta !== 0n && o === 0n) return { error: 'ReservesTooLow' };
    return { amountIn: delta, amountOut: o, fee };
  } catch (e) {
    if (e instanceof ReferenceError) return { error: 'ReservesOutOfBalance' };
    throw e;
  }
}

function safe<T>(f: () => T, fallback: T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof ReferenceError) return fallback;
    throw e;
  }
}
