/**
 * Which pool math a runtime uses, from its metadata (spec §1.3). The chain client passes either
 * the list of the Swap pallet's storage item names (empty or null when the runtime has no Swap
 * pallet) or `{ hasSwapPallet, swapStorage }`.
 */
import { AmmError } from './errors.ts';
import type { PoolModel } from './types.ts';

export type SwapMetadataInput = readonly string[] | null | undefined | { hasSwapPallet: boolean; swapStorage: readonly string[] };

export function detectPoolModel(input: SwapMetadataInput): PoolModel {
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
  if (!hasSwap) return 'constantProduct';
  // The superellipse runtimes keep SwapBalancer archived for migration, so their item wins.
  if (storage.includes('SwapSuperellipse')) return 'superellipse';
  // The balancer migration deletes AlphaSqrtPrice, so SwapBalancer wins if both are listed.
  if (storage.includes('SwapBalancer')) return 'balancer';
  if (storage.includes('AlphaSqrtPrice')) return 'v3';
  throw new AmmError('UnknownPoolModel', 'The runtime has a Swap pallet with neither SwapBalancer nor AlphaSqrtPrice storage');
}

/** Storage items the chain client must read per subnet for a model (besides SubtensorModule's reserves). */
export function swapStorageFor(model: PoolModel): readonly string[] {
  switch (model) {
    case 'balancer':
      return ['SwapBalancer', 'FeeRate'];
    case 'v3':
      return ['AlphaSqrtPrice', 'CurrentLiquidity', 'FeeRate'];
    case 'constantProduct':
      return [];
    case 'superellipse':
      // SwapBalancer and PalSwapInitialized calibrate a pool that has no curve yet.
      return ['SwapSuperellipse', 'SwapBalancer', 'PalSwapInitialized', 'FeeRate'];
  }
}
