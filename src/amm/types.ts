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
  /**
   * V3 pools: `Swap.SwapV3Initialized[netuid]` (absent means initialised). A pool that has never
   * traded stores no sqrt price or liquidity yet; the chain prices it at SubnetTAO / SubnetAlphaIn
   * and builds its protocol position at the first swap (src/amm/legacy.ts `v3PoolState`).
   */
  v3Initialized?: boolean;
  /**
   * The dispatch rules around the pool math of the runtime generation, chosen from the metadata
   * (model.ts `detectSwapRules`); absent means the newest rules.
   */
  rules?: SwapRules;
}

/**
 * How a runtime generation uses its pools beyond the swap itself:
 * - 'current': a cross-subnet move pays one fee on the origin sale (in alpha; TAO on the
 *   destination when the origin is root); a same-subnet move to another hotkey is a transfer
 *   of alpha, no swap, no fee; default limits MIN_PRICE_RAO / MAX_PRICE_RAO.
 * - 'v3' (the V3 sqrt-price runtimes with `Swap.SwapV3Initialized` whose `Swap.FeeRate` default
 *   is 196, e.g. spec 293): every move sells the origin alpha without fee and pays the fee in TAO
 *   on the destination buy (none when the destination is root or stable); a same-subnet move to
 *   another hotkey goes through the pool, sell then buy; default limits are the pool's
 *   min_price() = 0 / max_price() = u64::MAX.
 * - 'v3Transfers' (later V3 runtimes, FeeRate default 33: opentensor/subtensor 904d7f51a "waive
 *   fees for all intra-subnet stake moving"): as 'v3' across subnets; within one subnet a move is
 *   a transfer of alpha again, no swap, no fee.
 */
export type SwapRules = 'current' | 'v3' | 'v3Transfers';

/** A swap as sim_swap_* reports it: amountIn enters the pool net of fee; fee is in the input token. */
export interface SwapQuote {
  amountIn: bigint;
  amountOut: bigint;
  fee: bigint;
  /** V3 pools: `Swap.AlphaSqrtPrice` after the swap (the target or the limit sqrt price). */
  sqrtPriceAfter?: bigint;
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
