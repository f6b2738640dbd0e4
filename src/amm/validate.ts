import { AmmError } from './errors.ts';
import { U64_MAX, U128_MAX } from './fixed.ts';
import { PERQUINTILL } from './constants.ts';
import type { Pool, PoolModel } from './types.ts';

const MODELS: readonly PoolModel[] = ['balancer', 'constantProduct', 'v3', 'superellipse'];

/** A u64 amount, or a typed InvalidAmount error (never a silently wrong number). */
export function checkAmount(value: unknown, what = 'amount'): bigint {
  if (typeof value !== 'bigint') throw new AmmError('InvalidAmount', `${what} must be a bigint number of rao`);
  if (value < 0n) throw new AmmError('InvalidAmount', `${what} must not be negative`);
  if (value > U64_MAX) throw new AmmError('InvalidAmount', `${what} exceeds u64::MAX`);
  return value;
}

/** An optional u64 limit price in rao per alpha. */
export function checkLimit(value: unknown): bigint | undefined {
  if (value === undefined) return undefined;
  return checkAmount(value, 'limitPrice');
}

function isU(value: unknown, max: number): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= max;
}

function isU64(value: unknown): value is bigint {
  return typeof value === 'bigint' && value >= 0n && value <= U64_MAX;
}

/** Checks every field a quote reads; throws InvalidPool naming the first bad one. */
export function checkPool(pool: unknown, what = 'pool'): Pool {
  if (typeof pool !== 'object' || pool === null) throw new AmmError('InvalidPool', `${what} must be an object`);
  const p = pool as Record<string, unknown>;
  const bad = (field: string, why: string): never => {
    throw new AmmError('InvalidPool', `${what}.${field} ${why}`);
  };
  if (!isU(p.netuid, 0xffff)) bad('netuid', 'must be a u16');
  if (!isU(p.mechanism, 0xffff)) bad('mechanism', 'must be a u16');
  if (!isU64(p.taoReserve)) bad('taoReserve', 'must be a u64 bigint');
  if (!isU64(p.alphaReserve)) bad('alphaReserve', 'must be a u64 bigint');
  if (!isU64(p.minReserve)) bad('minReserve', 'must be a u64 bigint');
  if (!isU(p.feeRate, 0xffff)) bad('feeRate', 'must be a u16');
  const model = p.model ?? 'balancer';
  if (!MODELS.includes(model as PoolModel)) bad('model', `must be one of ${MODELS.join(', ')}`);
  if (typeof p.quoteWeight !== 'bigint') bad('quoteWeight', 'must be a bigint (parts of 1e18)');
  const w2 = p.quoteWeight as bigint;
  // Only dynamic balancer pools use the weights; a weight of 0 or 1 would divide by zero there.
  if (p.mechanism === 1 && model === 'balancer' && (w2 <= 0n || w2 >= PERQUINTILL)) bad('quoteWeight', 'must be strictly between 0 and 1e18');
  if (w2 < 0n || w2 > PERQUINTILL) bad('quoteWeight', 'must be within [0, 1e18]');
  if (model === 'v3' && p.mechanism === 1) {
    if (typeof p.sqrtPrice !== 'bigint' || p.sqrtPrice < 0n || p.sqrtPrice > U128_MAX) bad('sqrtPrice', 'must be U64F64 bits (a u128 bigint) for the v3 model');
    if (!isU64(p.liquidity)) bad('liquidity', 'must be a u64 bigint for the v3 model');
  }
  if (model === 'superellipse') {
    // Field ranges are not checked here: a curve the wallet cannot use is a pool it cannot price
    // (superellipseProblem says why), not a programming error.
    if (p.curve !== undefined) {
      const c = p.curve as Record<string, unknown> | null;
      if (typeof c !== 'object' || c === null || !['alphaScale', 'taoScale', 'centerAlpha', 'centerTao'].every((k) => typeof c[k] === 'bigint')) bad('curve', 'must be { alphaScale, taoScale, centerAlpha, centerTao } bigints');
    }
    if (p.swapInitialized !== undefined && typeof p.swapInitialized !== 'boolean') bad('swapInitialized', 'must be a boolean');
    if (p.curveProblem !== undefined && typeof p.curveProblem !== 'string') bad('curveProblem', 'must be a string');
  }
  return pool as Pool;
}
