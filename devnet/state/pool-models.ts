/**
 * The per-generation pool state of the devnet: which record a subnet's pool prices with on the
 * runtime a state runs (devnet/profiles.ts `rules.poolModel`), how genesis seeds it, how a swap
 * moves it, and the Balancer → superellipse migration.
 *
 * - balancer: `Swap.SwapBalancer` quote weight over the reserves (the subnet's `quoteWeight`);
 * - superellipse: `Swap.SwapSuperellipse` (the subnet's `curve`), calibrated from the Balancer
 *   weight with src/amm's `superellipseFromWeights`, as the chain's migration
 *   (RaoFoundation/subtensor pallets/swap/src/pallet/migrations/migrate_balancer_to_superellipse.rs)
 *   and its lazy first-swap initialisation do;
 * - v3: `Swap.AlphaSqrtPrice` and `Swap.CurrentLiquidity` of a V3 pool holding protocol
 *   liquidity only (spec 293), seeded from the reserves so that src/amm/legacy.ts prices it.
 */
import { v3PoolState as ammV3PoolState } from '../../src/amm/legacy.ts';
import { isSuperellipseError, MINIMUM_RESERVE, superellipseFromBalancer, superellipsePrice, type Pool } from '../../src/amm/index.ts';
import { add, div, int, ONE } from '../../src/amm/fixed.ts';
import { rulesOf } from '../profiles.ts';
import type { ChainState, SubnetState, SuperellipseCurve } from './types.ts';

/** Whether a subnet trades through a swap pool (dynamic, with both reserves funded). */
function isFundedDynamic(subnet: SubnetState): boolean {
  return subnet.mechanism === 1 && subnet.alphaReserve > 0n && subnet.taoReserve > 0n;
}

/**
 * The curve the chain's migration builds for this pool now: `from_balancer(alpha, tao, quote
 * weight)`, kept only if its price at the reserves is computable (else the chain logs and keeps
 * the pool for a retry); undefined for an unfunded or non-dynamic subnet.
 */
export function calibratedCurve(subnet: SubnetState): SuperellipseCurve | undefined {
  if (!isFundedDynamic(subnet)) return undefined;
  try {
    const curve = superellipseFromBalancer(subnet.alphaReserve, subnet.taoReserve, subnet.quoteWeight);
    superellipsePrice(curve, subnet.alphaReserve, subnet.taoReserve);
    return curve;
  } catch (e) {
    if (isSuperellipseError(e)) return undefined;
    throw e;
  }
}

/**
 * Before a swap on a superellipse runtime: a funded subnet without a curve gets one at its
 * current reserves, as the chain does on the first swap (the quote builds the same curve).
 */
export function ensurePoolRecord(state: ChainState, subnet: SubnetState): void {
  const rules = rulesOf(state);
  if (rules.poolModel === 'v3') {
    // maybe_initialize_v3 runs after the reserve check and before the price-limit check; a
    // failed swap rolls it back with the rest of the call (dispatch works on a copy).
    if (subnet.v3Initialized === false && subnet.taoReserve >= MINIMUM_RESERVE && subnet.alphaReserve >= MINIMUM_RESERVE) {
      Object.assign(subnet, v3PoolState(subnet.alphaReserve, subnet.taoReserve));
      subnet.v3Initialized = true;
    }
    return;
  }
  if (!rules.lazyCurveInit || subnet.curve !== undefined) return;
  const curve = calibratedCurve(subnet);
  if (curve !== undefined) subnet.curve = curve;
}

/**
 * The V3 state of a pool whose whole liquidity is the protocol's full-range position over the
 * reserves, as the chain's `maybe_initialize_v3` sets it: √(tao / alpha) by safe-math's bisection
 * (tolerance 1e-12) as U64F64 bits, and ⌊√(alpha · tao)⌋ (src/amm/legacy.ts `v3PoolState`).
 */
export function v3PoolState(alpha: bigint, tao: bigint): { sqrtPrice: bigint; liquidity: bigint } {
  if (alpha === 0n || tao === 0n) return { sqrtPrice: 0n, liquidity: 0n };
  return ammV3PoolState({ taoReserve: tao, alphaReserve: alpha, v3Initialized: false });
}

/** Gives every funded dynamic subnet the pool record its runtime prices with (genesis). */
export function seedPoolModel(state: ChainState): void {
  const model = rulesOf(state).poolModel;
  for (const subnet of state.subnets.values()) {
    if (!isFundedDynamic(subnet)) continue;
    if (model === 'superellipse') {
      const curve = calibratedCurve(subnet);
      if (curve !== undefined) subnet.curve = curve;
    } else if (model === 'v3') {
      Object.assign(subnet, v3PoolState(subnet.alphaReserve, subnet.taoReserve));
    }
  }
}

/** Sets the model fields of `pool` (a Balancer-shaped pool of `subnet`) for the state's runtime. */
export function applyPoolModel(state: ChainState, subnet: SubnetState, pool: Pool): Pool {
  const model = rulesOf(state).poolModel;
  if (rulesOf(state).swapRules === 'v3') pool.rules = 'v3';
  if (model === 'v3') {
    pool.model = 'v3';
    pool.sqrtPrice = subnet.sqrtPrice ?? 0n;
    pool.liquidity = subnet.liquidity ?? 0n;
    if (subnet.v3Initialized === false) pool.v3Initialized = false;
  } else if (model === 'superellipse') {
    pool.model = 'superellipse';
    // Without a curve, src/amm builds the one the chain's first swap would (PalSwapInitialized
    // is true on every devnet subnet, so from the Balancer weight).
    if (subnet.curve !== undefined) pool.curve = subnet.curve;
    pool.swapInitialized = true;
  }
  return pool;
}

/**
 * Moves a V3 pool's sqrt price after a swap. The chain stores the step's final price: the target
 * or, when the limit stopped it, the limit's root (`sqrtPriceAfter` of src/amm's quote). Without
 * it (the balancer-era fee sale of the other rules) the price moves by `amountIn / L` on a buy
 * and `1 / √P` by `amountIn / L` on a sell. Other models keep no price of their own.
 */
export function advancePoolPrice(state: ChainState, subnet: SubnetState, order: 'buy' | 'sell', amountIn: bigint, sqrtPriceAfter?: bigint): void {
  if (rulesOf(state).poolModel !== 'v3') return;
  if (sqrtPriceAfter !== undefined) {
    subnet.sqrtPrice = sqrtPriceAfter;
    return;
  }
  if (subnet.sqrtPrice === undefined || !subnet.liquidity || amountIn === 0n) return;
  const L = int(subnet.liquidity);
  const step = div(int(amountIn), L);
  subnet.sqrtPrice = order === 'buy' ? add(subnet.sqrtPrice, step) : div(ONE, add(div(ONE, subnet.sqrtPrice), step));
}

/**
 * After a test control overrode pool fields: a V3 pool is re-seeded from its new reserves (its
 * sqrt price and liquidity follow them); a superellipse pool whose weight was set is
 * recalibrated from it, as a fresh `from_weights` would be.
 */
export function afterPoolOverride(state: ChainState, subnet: SubnetState, changed: { reserves: boolean; weight: boolean }): void {
  const model = rulesOf(state).poolModel;
  if (model === 'v3' && subnet.v3Initialized === false) {
    // A never-traded pool stores no price: its reserves price it until its first swap.
    delete subnet.sqrtPrice;
    delete subnet.liquidity;
  } else if (model === 'v3' && (changed.reserves || subnet.sqrtPrice === undefined)) {
    if (isFundedDynamic(subnet)) Object.assign(subnet, v3PoolState(subnet.alphaReserve, subnet.taoReserve));
  } else if (model === 'superellipse' && changed.weight) {
    const curve = calibratedCurve(subnet);
    if (curve !== undefined) subnet.curve = curve;
  }
}

/**
 * The chain's Balancer → superellipse migration: every funded dynamic subnet without a curve
 * gets `from_weights(alpha, tao, quote weight)`; reserves, weights and everything else are
 * untouched. Returns the netuids it calibrated.
 */
export function migrateBalancerToSuperellipse(state: ChainState): number[] {
  const migrated: number[] = [];
  for (const subnet of [...state.subnets.values()].sort((a, b) => a.netuid - b.netuid)) {
    if (subnet.curve !== undefined) continue;
    const curve = calibratedCurve(subnet);
    if (curve === undefined) continue;
    subnet.curve = curve;
    migrated.push(subnet.netuid);
  }
  return migrated;
}
