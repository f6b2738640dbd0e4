/**
 * Which pool math a runtime uses, from its metadata (spec §1.3). The chain client passes either
 * the list of the Swap pallet's storage item names (empty or null when the runtime has no Swap
 * pallet) or `{ hasSwapPallet, swapStorage }`.
 */
import { AmmError } from './errors.ts';
import type { PoolModel, SwapRules } from './types.ts';

export type SwapMetadataInput = readonly string[] | null | undefined | { hasSwapPallet: boolean; swapStorage: readonly string[] };

function storageOf(input: SwapMetadataInput): { hasSwap: boolean; storage: readonly string[] } {
  let hasSwap: boolean;
  let storage: readonly string[];
  if (input === null || input === undefined) {
    hasSwap = false;
    storage = [];
  } else if (Array.isArray(input)) {
    storage = input as readonly string[];
    hasSwap = storage.length > 0;
  } else {
    const o = input as { hasSwapPallet: unknown; swapStorage: unknown };
    if (typeof o.hasSwapPallet !== 'boolean' || !Array.isArray(o.swapStorage) || !o.swapStorage.every((s) => typeof s === 'string')) {
      throw new AmmError('UnknownPoolModel', 'Expected { hasSwapPallet: boolean, swapStorage: string[] }');
    }
    hasSwap = o.hasSwapPallet;
    storage = o.swapStorage as string[];
  }
  return { hasSwap, storage };
}

export function detectPoolModel(input: SwapMetadataInput): PoolModel {
  const { hasSwap, storage } = storageOf(input);
  if (!hasSwap) return 'constantProduct';
  // The superellipse runtimes keep SwapBalancer archived for migration, so their item wins.
  if (storage.includes('SwapSuperellipse')) return 'superellipse';
  // The balancer migration deletes AlphaSqrtPrice, so SwapBalancer wins if both are listed.
  if (storage.includes('SwapBalancer')) return 'balancer';
  if (storage.includes('AlphaSqrtPrice')) return 'v3';
  throw new AmmError('UnknownPoolModel', 'The runtime has a Swap pallet with neither SwapBalancer nor AlphaSqrtPrice storage');
}

/** `Swap.FeeRate`'s declared default (DefaultFeeRate) on the V3 runtimes before intra-subnet moves stopped swapping. */
export const V3_POOL_MOVES_FEE_RATE_DEFAULT = 196;

/**
 * The dispatch rules around the pool (types.ts SwapRules), from the metadata, never a spec
 * version: a V3 pool runtime whose Swap pallet keeps `SwapV3Initialized` (pools initialised lazily
 * at their first swap) runs the V3 generation's staking rules. Within it, the one metadata trace
 * of the change that made same-subnet moves plain transfers again (opentensor/subtensor
 * 904d7f51a) is `Swap.FeeRate`'s declared default, lowered from 196 to 33 in the same commit:
 * 196 → 'v3' (same-subnet moves through the pool), anything else → 'v3Transfers'. Without the
 * default (`feeRateDefault` not given) the spec-293 rules are assumed.
 */
export function detectSwapRules(input: SwapMetadataInput, opts: { feeRateDefault?: number } = {}): SwapRules {
  const { storage } = storageOf(input);
  let model: PoolModel;
  try {
    model = detectPoolModel(input);
  } catch {
    return 'current';
  }
  if (model !== 'v3' || !storage.includes('SwapV3Initialized')) return 'current';
  return opts.feeRateDefault === undefined || opts.feeRateDefault === V3_POOL_MOVES_FEE_RATE_DEFAULT ? 'v3' : 'v3Transfers';
}

/** Storage items the chain client must read per subnet for a model (besides SubtensorModule's reserves). */
export function swapStorageFor(model: PoolModel): readonly string[] {
  switch (model) {
    case 'balancer':
      return ['SwapBalancer', 'FeeRate'];
    case 'v3':
      // SwapV3Initialized only where the runtime has it (a missing item reads as initialised).
      return ['AlphaSqrtPrice', 'CurrentLiquidity', 'SwapV3Initialized', 'FeeRate'];
    case 'constantProduct':
      return [];
    case 'superellipse':
      // SwapBalancer and PalSwapInitialized calibrate a pool that has no curve yet.
      return ['SwapSuperellipse', 'SwapBalancer', 'PalSwapInitialized', 'FeeRate'];
  }
}
