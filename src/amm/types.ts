import type { SuperellipseCurve } from './superellipse.ts';

/** Which pool math a runtime uses (spec §1.3; 'superellipse' on runtimes with Swap.SwapSuperellipse). */
export type PoolModel = 'balancer' | 'constantProduct' | 'v3' | 'superellipse';

/**
 * One subnet's pool, read at a single block hash. Amounts in rao (u64).
 * - quoteWeight: `Swap.SwapBalancer[netuid].quote`, Perquintill parts of 1e18 (balancer model).
 * - feeRate: `Swap.FeeRate[netuid]` (u16; fee fraction feeRate/65535).
 * - minReserve: `Swap.MinimumReserve` (1_000_000 on the runtime).
 * - model: defaults to 'balancer'. The V3 model also needs sqrtPrice (`Swap.AlphaSqrtPrice`,
 *   U64F64 raw bits) and liquidity (`Swap.CurrentLiquidity`, u64).
 * - superellipse model: curve is `Swap.SwapSuperellipse[netuid]`. Without one the chain builds it
 *   at the current reserves on the first swap, from quoteWeight when `Swap.PalSwapInitialized`
 *   (swapInitialized, default true) else from 0.5; the spot price then still follows the Balancer
 *   formula (the chain's read-only fallback).
 */
export interface Pool {
  netuid: number;
  mechanism: number;
  taoReserve: bigint;
  alphaReserve: bigint;
  quoteWeight: bigint;
  feeRate: number;
  minReserve: bigint;
  model?: PoolModel;
  sqrtPrice?: bigint;
  liquidity?: bigint;
  curve?: SuperellipseCurve;
  swapInitialized?: boolean;
  /** Set by the chain reader when a SwapSuperellipse record exists but cannot be decoded. */
  curveProblem?: string;
}

/** A swap as sim_swap_* reports it: amountIn enters the pool net of fee; fee is in the input token. */
export interface SwapQuote {
  amountIn: bigint;
  amountOut: bigint;
  fee: bigint;
}

/** A stake move between subnets: destination alpha out, the intermediate TAO, and the one fee charged. */
export interface MoveQuote {
  amountOut: bigint;
  tao: bigint;
  fee: bigint;
  /** Which leg paid the fee: 'origin' (fee in origin alpha), 'destination' (fee in TAO), or 'none'. */
  feeLeg: 'origin' | 'destination' | 'none';
}

export type Order = 'buy' | 'sell';
