/** Integer helpers shared by the pow implementations. */

/** Exponents up to this (after reducing en/ed) take safe-bigmath's exact n-th root path. */
export const MAX_EXACT_EXPONENT = 1024n;
/** Guard bits of the fallback series (safe-bigmath `guard_bits`). */
export const GUARD_BITS = 24;

/** Floor division (toward −∞); BigInt `/` truncates toward zero. */
export function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return (a % b !== 0n && (a < 0n) !== (b < 0n)) ? q - 1n : q;
}

export function gcd(a: bigint, b: bigint): bigint {
  while (b !== 0n) {
    const r = a % b;
    a = b;
    b = r;
  }
  return a;
}

/** Number of significant bits of a non-negative integer (0 for 0). */
export function bitLength(v: bigint): number {
  if (v === 0n) return 0;
  // toString(16) is fast for the sizes used here (< a few thousand bits).
  const hex = v.toString(16);
  const top = parseInt(hex[0]!, 16);
  return (hex.length - 1) * 4 + (32 - Math.clz32(top));
}

/** safe-bigmath `round_to_precision`: drop the guard bits, rounding half away from zero. */
export function roundToPrecision(v: bigint, g: bigint): bigint {
  let q = v / g; // truncating, as num-bigint div_rem
  const r = v - q * g;
  if (r !== 0n) {
    const ar = r < 0n ? -r : r;
    if (ar << 1n >= g) q += r < 0n ? -1n : 1n;
  }
  return q;
}
