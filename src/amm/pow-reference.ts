/**
 * Direct transcription of safe-bigmath's `pow_ratio_scaled` (spec §5): floor(scale·(bn/bd)^(en/ed)).
 * Slow on the exact path (binary search over big n-th powers); kept as the reference the fast
 * implementation in pow.ts is tested against. Not used by the quote functions.
 */
import { bitLength, floorDiv, gcd, MAX_EXACT_EXPONENT, roundToPrecision, GUARD_BITS } from './bigmath.ts';

export function powRatioScaledReference(bn: bigint, bd: bigint, en: bigint, ed: bigint, precision: number, scale: bigint): bigint | undefined {
  if (bd === 0n || ed === 0n) return undefined;
  if (bn === 0n) return 0n;
  if (scale < 0n || bn < 0n || bd < 0n || en < 0n || ed < 0n) return undefined;
  if (en === 0n) return scale;
  const g = gcd(en, ed);
  if (g > 1n) {
    en /= g;
    ed /= g;
  }
  if (en <= MAX_EXACT_EXPONENT && ed <= MAX_EXACT_EXPONENT) {
    const q = ed;
    const num = bn ** en * scale ** ed;
    const den = bd ** en;
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
  return seriesPowReference(bn, bd, en, ed, precision, scale);
}

function seriesPowReference(bn: bigint, bd: bigint, en: bigint, ed: bigint, precision: number, scale: bigint): bigint {
  const requested = Math.max(precision, 32, bitLength(scale) + 8);
  const ip = requested + GUARD_BITS;
  const maxIters = Math.max(Math.min(4096, ip + 128), 1);
  const S = 1n << BigInt(ip);
  const g = 1n << BigInt(GUARD_BITS);
  const ln2 = -ln1p(-(S >> 1n), S, g, maxIters);
  const lnOf = (v: bigint): bigint => {
    let shift = bitLength(v) - 1;
    let m = (v << BigInt(ip)) >> BigInt(shift);
    if (m >= S + (S >> 1n)) {
      m >>= 1n;
      shift += 1;
    }
    return ln1p(m - S, S, g, maxIters) + ln2 * BigInt(shift);
  };
  const L = floorDiv((lnOf(bn) - lnOf(bd)) * en, ed);
  const e = expSeries(L, S, g, maxIters);
  return floorDiv(roundToPrecision(e, g) * scale, 1n << BigInt(requested));
}

function ln1p(t: bigint, S: bigint, g: bigint, maxIters: number): bigint {
  let term = t;
  let res = t;
  let prev = roundToPrecision(res, g);
  for (let n = 2; n <= maxIters; n++) {
    term = floorDiv(term * t, S);
    if (term === 0n) break;
    const next = floorDiv(term, BigInt(n));
    if (next === 0n) break;
    if (n % 2 === 0) res -= next;
    else res += next;
    const r = roundToPrecision(res, g);
    if ((next < 0n ? -next : next) < g || r === prev) break;
    prev = r;
  }
  return res;
}

function expSeries(L: bigint, S: bigint, g: bigint, maxIters: number): bigint {
  let term = S;
  let res = S;
  let prev = roundToPrecision(res, g);
  for (let n = 1; n <= maxIters; n++) {
    term = floorDiv(term * L, S * BigInt(n));
    if (term === 0n) break;
    res += term;
    const r = roundToPrecision(res, g);
    if ((term < 0n ? -term : term) < g || r === prev) break;
    prev = r;
  }
  return res;
}
