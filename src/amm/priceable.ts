/**
 * Whether the wallet can price a pool at all. Only the superellipse model can hold a pool the
 * wallet must refuse (a curve record it cannot use); every other model prices whatever the
 * chain stores. Previews report the reason as their error and the background refuses to prepare
 * a transaction on such a pool, so nothing unpriced is ever signed.
 */
import { AmmError } from './errors.ts';
import { superellipseProblem } from './superellipse-swap.ts';
import type { Pool } from './types.ts';

/** The reason in words ("its curve is malformed (TAO scale is zero)"), or null when it can be priced. */
export function poolPricingProblem(pool: Pool): string | null {
  return pool.model === 'superellipse' ? superellipseProblem(pool) : null;
}

/** Throws AmmError `PoolUnpriceable` naming the subnet and the reason. */
export function assertPriceable(pool: Pool): void {
  const problem = poolPricingProblem(pool);
  if (problem !== null) throw new AmmError('PoolUnpriceable', `Subnet ${pool.netuid}'s pool cannot be priced: ${problem}`);
}
