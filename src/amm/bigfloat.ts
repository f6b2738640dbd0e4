/**
 * Directed-rounding binary floating point on bigints: value = m·2^e with an m of at most PREC
 * bits, truncated down or up. Used to bound huge powers like r^1023 without materialising them,
 * so the exact-path root can be decided with small numbers whenever the bounds are conclusive.
 */
export const PREC = 160;

export interface BF {
  m: bigint;
  e: number;
}

/** Bit length of a positive bigint; cheap for the few-hundred-bit values used here. */
export function bitLen(m: bigint): number {
  if (m <= 0n) return 0;
  const n = Number(m);
  // The float guess can be off by one near powers of two (rounding); the shifts make it exact.
  let b = Number.isFinite(n) ? Math.floor(Math.log2(n)) + 1 : m.toString(16).length * 4;
  while (b > 0 && m >> BigInt(b - 1) === 0n) b--;
  while (m >> BigInt(b) !== 0n) b++;
  return b;
}

export function down(m: bigint, e: number): BF {
  const b = bitLen(m);
  if (b <= PREC) return { m, e };
  const s = b - PREC;
  return { m: m >> BigInt(s), e: e + s };
}

export function up(m: bigint, e: number): BF {
  const b = bitLen(m);
  if (b <= PREC) return { m, e };
  const s = BigInt(b - PREC);
  const q = m >> s;
  return { m: q << s === m ? q : q + 1n, e: e + Number(s) };
}

export function mulDown(a: BF, b: BF): BF {
  return down(a.m * b.m, a.e + b.e);
}

export function mulUp(a: BF, b: BF): BF {
  return up(a.m * b.m, a.e + b.e);
}

/** a^n rounded down (dir = -1) or up (dir = +1); all values positive so every step is monotone. */
export function pow(a: BF, n: bigint, dir: -1 | 1): BF {
  const mul = dir < 0 ? mulDown : mulUp;
  let result: BF = { m: 1n, e: 0 };
  let base = a;
  let k = n;
  for (;;) {
    if (k & 1n) result = mul(result, base);
    k >>= 1n;
    if (k === 0n) return result;
    base = mul(base, base);
  }
}

/** Sign of a − b. */
export function cmp(a: BF, b: BF): number {
  if (a.m === 0n || b.m === 0n) return a.m === b.m ? 0 : a.m === 0n ? -1 : 1;
  const la = bitLen(a.m) + a.e;
  const lb = bitLen(b.m) + b.e;
  if (la !== lb) return la < lb ? -1 : 1;
  const [x, y] = a.e >= b.e ? [a.m << BigInt(a.e - b.e), b.m] : [a.m, b.m << BigInt(b.e - a.e)];
  return x < y ? -1 : x > y ? 1 : 0;
}
