/**
 * U64F64 fixed point as substrate-fixed implements it (spec §3): a value is its raw 128-bit
 * unsigned "bits" in a bigint. Every operation floors; mul and sub saturate; div of an overflowing
 * quotient or by zero yields 0 (the chain's safe_div = checked_div().unwrap_or_default()).
 */
export const FRAC_BITS = 64n;
export const ONE = 1n << 64n;
export const U64_MAX = (1n << 64n) - 1n;
export const U128_MAX = (1n << 128n) - 1n;

/** saturating_from_num of a non-negative integer (callers pass u64/u128 values). */
export function int(u: bigint): bigint {
  const bits = u << 64n;
  return bits > U128_MAX ? U128_MAX : bits;
}

export function mul(a: bigint, b: bigint): bigint {
  const r = (a * b) >> 64n;
  return r > U128_MAX ? U128_MAX : r;
}

export function div(a: bigint, b: bigint): bigint {
  if (b === 0n) return 0n;
  const q = (a << 64n) / b;
  return q > U128_MAX ? 0n : q;
}

export function add(a: bigint, b: bigint): bigint {
  const r = a + b;
  return r > U128_MAX ? U128_MAX : r;
}

export function sub(a: bigint, b: bigint): bigint {
  return a > b ? a - b : 0n;
}

/** saturating_to_num::<u64>(): floor, capped at u64::MAX. */
export function toU64(a: bigint): bigint {
  const r = a >> 64n;
  return r > U64_MAX ? U64_MAX : r;
}

/** u64 saturating add / sub, as the chain does on reserves and amounts. */
export function satAddU64(a: bigint, b: bigint): bigint {
  const r = a + b;
  return r > U64_MAX ? U64_MAX : r;
}

export function satSubU64(a: bigint, b: bigint): bigint {
  return a > b ? a - b : 0n;
}

export function satMulU64(a: bigint, b: bigint): bigint {
  const r = a * b;
  return r > U64_MAX ? U64_MAX : r;
}
