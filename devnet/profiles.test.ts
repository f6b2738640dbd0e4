/**
 * What each runtime profile's committed metadata declares (devnet/metadata/*.scale from
 * generate.ts): the Swap storage that picks the wallet's pool model, the runtime APIs, the spec
 * version, and the staking calls and errors of that generation.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { loadMetadata } from './metadata/load.ts';
import { PROFILES, RUNTIME_NAMES, parseRuntimeName } from './profiles.ts';

function swapStorage(runtime: keyof typeof PROFILES): string[] {
  const swap = loadMetadata(runtime).metadata.asLatest.pallets.find((p) => p.name.eq('Swap'))!;
  return swap.storage.unwrap().items.map((i) => i.name.toString());
}

function subtensorStorage(runtime: keyof typeof PROFILES) {
  return loadMetadata(runtime).metadata.asLatest.pallets.find((p) => p.name.eq('SubtensorModule'))!.storage.unwrap().items;
}

function apiMethods(runtime: keyof typeof PROFILES, api: string): string[] {
  return loadMetadata(runtime).metadata.asLatest.apis.find((a) => a.name.eq(api))!.methods.map((m) => m.name.toString());
}

describe('runtime profiles', () => {
  it('balancer serves the file the devnet served before profiles, byte for byte', () => {
    expect(createHash('sha256').update(loadMetadata('balancer').bytes).digest('hex')).toBe('0835b2b6226c8b4361a8465520be1951a0f24dda448a96b11e0bea924ba18ad2');
  });

  it('each metadata carries its profile\'s spec version, and the runtime-version api list matches its apis', () => {
    for (const name of RUNTIME_NAMES) {
      const meta = loadMetadata(name);
      expect(meta.runtime).toBe(name);
      expect(meta.runtimeVersion.specVersion).toBe(PROFILES[name].specVersion);
      expect(meta.runtimeVersion.apis.length).toBe(meta.metadata.asLatest.apis.length);
    }
    expect(() => parseRuntimeName('v4')).toThrow(/current, balancer, v3/);
  });

  it('current adds SwapSuperellipse (Optional, 64-byte Superellipse) to the Balancer storage', () => {
    expect(swapStorage('current')).toEqual(expect.arrayContaining(['SwapBalancer', 'FeeRate', 'PalSwapInitialized', 'SwapSuperellipse', 'MinimumSellImpactBps']));
    const meta = loadMetadata('current');
    const item = meta.metadata.asLatest.pallets.find((p) => p.name.eq('Swap'))!.storage.unwrap().items.find((i) => i.name.eq('SwapSuperellipse'))!;
    expect(item.modifier.isOptional).toBe(true);
    const type = meta.registry.lookup.getSiType(item.type.asMap.value);
    expect(type.path.map((p) => p.toString()).join('::')).toBe('pallet_subtensor_swap::pallet::superellipse::Superellipse');
    const curve = meta.registry.createType(meta.registry.createLookupType(item.type.asMap.value), new Uint8Array(64));
    expect(curve.encodedLength).toBe(64);
    expect(swapStorage('balancer')).not.toContain('SwapSuperellipse');
  });

  it('v3 is the V3 pool of spec 293: AlphaSqrtPrice and CurrentLiquidity, no SwapBalancer, current_alpha_price only', () => {
    const storage = swapStorage('v3');
    expect(storage).toEqual(expect.arrayContaining(['AlphaSqrtPrice', 'CurrentLiquidity', 'SwapV3Initialized', 'FeeRate']));
    expect(storage).not.toContain('SwapBalancer');
    expect(storage).not.toContain('SwapSuperellipse');
    expect(apiMethods('v3', 'SwapRuntimeApi')).toEqual(['current_alpha_price']);
    expect(apiMethods('balancer', 'SwapRuntimeApi')).toEqual(['current_alpha_price', 'current_alpha_price_all', 'sim_swap_tao_for_alpha', 'sim_swap_alpha_for_tao']);
    const meta = loadMetadata('v3');
    const subtensor = meta.metadata.asLatest.pallets.find((p) => p.name.eq('SubtensorModule'))!;
    const errors = meta.registry.lookup.getSiType(subtensor.errors.unwrap().type).def.asVariant.variants.map((v) => v.name.toString());
    // Spec 293's own order (opentensor/subtensor dc5c11b55 macros/errors.rs).
    expect(errors.indexOf('SubtokenDisabled')).toBe(94);
    expect(errors.indexOf('SameNetuid')).toBe(97);
    expect(errors).not.toContain('StakeUnavailable');
    expect(meta.decorated.tx['subtensorModule']!['removeStakeFullLimit']!.callIndex).toEqual(new Uint8Array([7, 103]));
  });
  it('current declares root claims (calls 121 and 148, the threshold, the hold, BetaBasketRuntimeApi); balancer and v3 do not', () => {
    const meta = loadMetadata('current');
    const tx = meta.decorated.tx['subtensorModule']!;
    expect(tx['claimRootWithHotkey']!.callIndex).toEqual(new Uint8Array([7, 148]));
    expect(tx['claimRoot']!.callIndex).toEqual(new Uint8Array([7, 121]));
    expect(meta.decorated.tx['utility']!['batchAll']!.callIndex).toEqual(new Uint8Array([11, 2]));
    // The threshold's metadata default is 500,000 rao stored as I96F32 bits (rao << 32).
    const threshold = subtensorStorage('current').find((i) => i.name.eq('RootClaimableThreshold'))!;
    const fallback = meta.registry.createType('i128', threshold.fallback.toU8a(true));
    expect(fallback.toBigInt()).toBe(500_000n << 32n);
    expect(apiMethods('current', 'BetaBasketRuntimeApi')).toEqual(['get_root_basket_owed', 'get_basket_payout', 'get_root_basket_positions', 'get_basket_claim_preview', 'get_root_basket_claim_previews']);
    const subtensor = meta.metadata.asLatest.pallets.find((p) => p.name.eq('SubtensorModule'))!;
    const errors = meta.registry.lookup.getSiType(subtensor.errors.unwrap().type).def.asVariant.variants.map((v) => v.name.toString());
    expect(errors).toContain('RootStakeLocked');
    for (const other of ['balancer', 'v3'] as const) {
      const m = loadMetadata(other);
      expect(m.decorated.tx['subtensorModule']!['claimRootWithHotkey']).toBeUndefined();
      expect(m.metadata.asLatest.apis.find((a) => a.name.eq('BetaBasketRuntimeApi'))).toBeUndefined();
    }
  });
});
