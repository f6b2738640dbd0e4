/**
 * Fast, bit-identical `pow_ratio_scaled(bn, bd, en, ed, precision, scale)` = floor(scale·(bn/bd)^(en/ed))
 * as safe-bigmath v0.4.1 computes it (spec §5). pow-reference.ts is the direct transcription the
 * tests compare this against.
 *
 * Exact path (reduced en, ed ≤ 1024). safe-bigmath returns the largest r with
 * r^ed·bd^en ≤ bn^en·scale^ed, i.e. exactly floor(V) for the real V = scale·(bn/bd)^(en/ed); its
 * binary search multiplies numbers of ~60·ed bits about sixty times. Here:
 *   1. a float estimate of V refined by two Newton steps in 160-bit floating point gives a
 *      candidate r (not trusted);
 *   2. r is accepted only if interval bounds prove r^ed ≤ U < (r+1)^ed, where U = scale^ed·(bn/bd)^en
 *      and every power is evaluated with directed rounding (bigfloat.ts) so the bounds are rigorous;
 *   3. if a bound is inconclusive (V within ~2^-90 of an integer) that one comparison is done
 *      exactly with full-size integers; if the candidate was off, it is stepped by one and
 *      re-checked, and after a few steps the exact binary search of the reference takes over.
 * Only proven comparisons decide the result, so it is identical to the chain's.
 *
 * Fallback series path: the same fixed-point ln/exp series with the same truncations (its
 * rounding is part of the result), written with shifts instead of divisions by powers of two;
 * ln 2 and ln of recently seen arguments (pool reserves, current prices) are cached because they
 * depend only on their argument and the precision.
 */
import { type BF, cmp, pow as bfPow, mulDown, mulUp, PREC } from './bigfloat.ts';
import { bitLength, floorDiv, gcd, GUARD_BITS, MAX_EXACT_EXPONENT } from './bigmath.ts';

export function powRatioScaled(bn: bigint, bd: bigint, en: bigint, ed: bigint, precision: number, scale: bigint): bigint | undefined {
  if (bd === 0n || ed === 0n) return undefined;
  if (bn === 0n) return 0n;
  if (scale < 0n || bn < 0n || bd < 0n || en < 0n || ed < 0n) return undefined;
  if (en === 0n) return scale;
  const g = gcd(en, ed);
  if (g > 1n) {
    en /= g;
    ed /= g;
  }
  if (en <= MAX_EXACT_EXPONENT && ed <= MAX_EXACT_EXPONENT) return exactPow(bn, bd, en, ed, scale);
  return seriesPow(bn, bd, en, ed, precision, scale);
}

/** Whether a (reduced) exponent takes the exact n-th root path. */
export function isExactExponent(en: bigint, ed: bigint): boolean {
  if (ed === 0n || en === 0n) return false;
  const g = gcd(en, ed);
  return en / g <= MAX_EXACT_EXPONENT && ed / g <= MAX_EXACT_EXPONENT;
}

// ---------------------------------------------------------------------------------------------
// Exact path

/** How the last exact-path calls were decided; read by tests to show both branches run. */
export const exactPathStats = { boundsOnly: 0, exactComparisons: 0, binarySearches: 0 };

function exactPow(bn: bigint, bd: bigint, en: bigint, ed: bigint, scale: bigint): bigint {
  if (ed === 1n) return (bn ** en * scale) / bd ** en;
  // A ratio of exactly 1 (a zero-amount swap) gives exactly scale; no need for bounds.
  if (bn === bd || scale === 0n) return scale;
  const ctx = new RootContext(bn, bd, en, ed, scale);
  let r = ctx.candidate();
  // Step the candidate until it is proven to be the floor; a handful of steps at most.
  for (let steps = 0; steps < 8; steps++) {
    if (!ctx.powAtMost(r)) {
      r -= 1n;
      continue;
    }
    if (ctx.powAtMost(r + 1n)) {
      r += 1n;
      continue;
    }
    if (ctx.usedExact) exactPathStats.exactComparisons++;
    else exactPathStats.boundsOnly++;
    return r;
  }
  exactPathStats.binarySearches++;
  return ctx.binarySearch();
}

/** Bounds on U = scale^ed·(bn/bd)^en and the comparisons r^ed ≤ U. */
class RootContext {
  readonly uLo: BF;
  readonly uHi: BF;
  usedExact = false;
  private exactNum: bigint | undefined;
  private exactDen: bigint | undefined;

  constructor(
    readonly bn: bigint,
    readonly bd: bigint,
    readonly en: bigint,
    readonly ed: bigint,
    readonly scale: bigint,
  ) {
    // t = bn/bd as q·2^-k with q = floor(bn·2^k/bd) of about PREC bits: t ∈ [q, q+1)·2^-k.
    const k = PREC + bitLength(bd) - bitLength(bn) + 2;
    const q = k >= 0 ? (bn << BigInt(k)) / bd : bn / (bd << BigInt(-k));
    const tLo: BF = { m: q, e: -k };
    const tHi: BF = { m: q + 1n, e: -k };
    const s: BF = { m: scale, e: 0 };
    this.uLo = q === 0n ? { m: 0n, e: 0 } : mulDown(bfPow(s, ed, -1), bfPow(tLo, en, -1));
    this.uHi = mulUp(bfPow(s, ed, 1), bfPow(tHi, en, 1));
  }

  /** A close guess of floor(V) from a float estimate and two Newton steps in 160-bit floats. */
  candidate(): bigint {
    const log2V = log2Big(this.scale) + (Number(this.en) / Number(this.ed)) * log2Ratio(this.bn, this.bd);
    if (!(log2V > -2)) return 0n;
    if (this.uLo.m === 0n) return 0n;
    const G = 64;
    // c = C·2^-G
    let C = guessFixed(log2V, G);
    const F = 160;
    const one = 1n << BigInt(F);
    for (let i = 0; i < 2 && C > 0n; i++) {
      const p = bfPow({ m: C, e: -G }, this.ed, -1);
      // rho = U / c^ed as a fixed-point number with F fraction bits
      const sh = this.uLo.e - p.e + F;
      const rho = sh >= 0 ? (this.uLo.m << BigInt(sh)) / p.m : this.uLo.m / (p.m << BigInt(-sh));
      if (rho > one << 8n) {
        C <<= 1n; // far too small a guess; grow and retry
        continue;
      }
      C += floorDiv(C * (rho - one), this.ed << BigInt(F));
    }
    return C > 0n ? C >> BigInt(G) : 0n;
  }

  /** r^ed ≤ U, proven by the bounds when they allow it, else by exact integers. */
  powAtMost(r: bigint): boolean {
    if (r <= 0n) return true;
    const rb: BF = { m: r, e: 0 };
    if (cmp(bfPow(rb, this.ed, 1), this.uLo) <= 0) return true;
    if (cmp(bfPow(rb, this.ed, -1), this.uHi) > 0) return false;
    this.usedExact = true;
    return r ** this.ed * this.den() <= this.num();
  }

  private num(): bigint {
    return (this.exactNum ??= this.bn ** this.en * this.scale ** this.ed);
  }

  private den(): bigint {
    return (this.exactDen ??= this.bd ** this.en);
  }

  /** safe-bigmath's own search; only reached if the candidate was far off. */
  binarySearch(): bigint {
    const num = this.num();
    const den = this.den();
    const q = this.ed;
    let low = 0n;
    let high = 1n;
    while (high ** q * den <= num) high <<= 1n;
    while (low < high) {
      const mid = (low + high + 1n) >> 1n;
      if (mid ** q * den <= num) low = mid;
      else high = mid - 1n;
    }
    return low;
  }
}

function log2Big(v: bigint): number {
  const bits = bitLength(v);
  if (bits <= 1000) return Math.log2(Number(v));
  const shift = bits - 64;
  return Math.log2(Number(v >> BigInt(shift))) + shift;
}

function log2Ratio(bn: bigint, bd: bigint): number {
  const shift = Math.max(0, Math.max(bitLength(bn), bitLength(bd)) - 1000);
  const ratio = Number(bn >> BigInt(shift)) / Number(bd >> BigInt(shift));
  return ratio > 0 && Number.isFinite(ratio) ? Math.log2(ratio) : log2Big(bn) - log2Big(bd);
}

/** 2^log2 · 2^G as an integer (53 significant bits). */
function guessFixed(log2: number, G: number): bigint {
  const k = Math.floor(log2) - 52 + G;
  const mantissa = BigInt(Math.round(2 ** (log2 - Math.floor(log2) + 52)));
  return k >= 0 ? mantissa << BigInt(k) : mantissa >> BigInt(-k);
}

// ---------------------------------------------------------------------------------------------
// Fallback series path

interface SeriesConsts {
  requested: number;
  ipBig: bigint;
  ip: number;
  maxIters: number;
  S: bigint;
  ln2: bigint;
  lnCache: Map<bigint, bigint>;
}

const seriesConsts = new Map<number, SeriesConsts>();
const LN_CACHE_LIMIT = 4096;
const G_BITS = BigInt(GUARD_BITS);
const G = 1n << G_BITS;
const HALF_G = G >> 1n;
/** BigInt(n) for the series indices, built once. */
const BIG_N: bigint[] = Array.from({ length: 4097 }, (_, i) => BigInt(i));

function constsFor(precision: number, scale: bigint): SeriesConsts {
  const requested = Math.max(precision, 32, bitLength(scale) + 8);
  let c = seriesConsts.get(requested);
  if (!c) {
    const ip = requested + GUARD_BITS;
    const maxIters = Math.max(Math.min(4096, ip + 128), 1);
    const S = 1n << BigInt(ip);
    const partial = { requested, ip, ipBig: BigInt(ip), maxIters, S, ln2: 0n, lnCache: new Map<bigint, bigint>() };
    partial.ln2 = -ln1p(-(S >> 1n), partial);
    c = partial;
    seriesConsts.set(requested, c);
  }
  return c;
}

/** round_to_precision with g = 2^24: |v| rounded half up to a multiple of g, sign restored. */
function rtp(v: bigint): bigint {
  return v < 0n ? -((-v + HALF_G) >> G_BITS) : (v + HALF_G) >> G_BITS;
}

function lnOf(v: bigint, c: SeriesConsts): bigint {
  const hit = c.lnCache.get(v);
  if (hit !== undefined) return hit;
  let shift = bitLength(v) - 1;
  let m = (v << c.ipBig) >> BigInt(shift);
  if (m >= c.S + (c.S >> 1n)) {
    m >>= 1n;
    shift += 1;
  }
  const r = ln1p(m - c.S, c) + c.ln2 * BigInt(shift);
  if (c.lnCache.size >= LN_CACHE_LIMIT) c.lnCache.clear();
  c.lnCache.set(v, r);
  return r;
}

function seriesPow(bn: bigint, bd: bigint, en: bigint, ed: bigint, precision: number, scale: bigint): bigint {
  const c = constsFor(precision, scale);
  const L = floorDiv((lnOf(bn, c) - lnOf(bd, c)) * en, ed);
  const e = expSeries(L, c);
  return (rtp(e) * scale) >> BigInt(c.requested);
}

/** Taylor series of ln(1 + t/S); `>>` on a bigint is floor division by a power of two. */
function ln1p(t: bigint, c: { ipBig: bigint; maxIters: number }): bigint {
  const ip = c.ipBig;
  let term = t;
  let res = t;
  let prev = rtp(res);
  for (let n = 2; n <= c.maxIters; n++) {
    term = (term * t) >> ip;
    if (term === 0n) break;
    const next = floorDiv(term, BIG_N[n]!);
    if (next === 0n) break;
    if (n % 2 === 0) res -= next;
    else res += next;
    const r = rtp(res);
    if ((next < 0n ? -next : next) < G || r === prev) break;
    prev = r;
  }
  return res;
}

/** Taylor series of exp(L/S)·S; floor(a/(S·n)) = floor(floor(a/S)/n). */
function expSeries(L: bigint, c: SeriesConsts): bigint {
  const ip = c.ipBig;
  let term = c.S;
  let res = c.S;
  let prev = rtp(res);
  for (let n = 1; n <= c.maxIters; n++) {
    term = floorDiv((term * L) >> ip, BIG_N[n]!);
    if (term === 0n) break;
    res += term;
    const r = rtp(res);
    if ((term < 0n ? -term : term) < G || r === prev) break;
    prev = r;
  }
  return res;
}
