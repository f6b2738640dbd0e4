// Runtime APIs come from the runtime's own metadata: a method it does not list is not called
// (the v3 profile lists only current_alpha_price of SwapRuntimeApi), and a method it lists with
// another signature than the wallet decodes is skipped with a logged reason, never thrown.
import { readFileSync } from 'node:fs';
import { Metadata, TypeRegistry } from '@polkadot/types';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { PROFILES, RUNTIME_NAMES, type RuntimeName } from '../../devnet/profiles.ts';
import { resolveRuntimeCall, signatureMismatch, SUBTENSOR_RUNTIME, SUBTENSOR_TYPES, typeShape } from '../../src/chain/runtime-api.ts';

const metadataBytes = (runtime: RuntimeName) => new Uint8Array(readFileSync(new URL(`../../devnet/metadata/${PROFILES[runtime].metadataFile}`, import.meta.url)));

function registryOf(bytes: Uint8Array): TypeRegistry {
  const registry = new TypeRegistry();
  registry.register(SUBTENSOR_TYPES);
  registry.setMetadata(new Metadata(registry, bytes));
  return registry;
}

/** Every method the wallet has a hand-written expectation for: [api, method]. */
const EXPECTED = Object.entries(SUBTENSOR_RUNTIME).flatMap(([api, versions]) => Object.keys(versions[0]!.methods).map((m) => [api, m] as const));

afterEach(() => vi.restoreAllMocks());

describe('runtime calls resolved from each devnet profile\'s metadata', () => {
  for (const runtime of RUNTIME_NAMES) {
    it(`${runtime}: every method the metadata lists matches the wallet's decoding; a method it lacks is not callable`, () => {
      const registry = registryOf(metadataBytes(runtime));
      const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
      const listed = new Set(registry.metadata.apis.flatMap((a) => a.methods.map((m) => `${a.name.toString()}.${m.name.toString()}`)));
      for (const [api, method] of EXPECTED) {
        const def = resolveRuntimeCall(registry, api, method, { versionListsApi: () => true });
        expect(def !== undefined, `${runtime} ${api}.${method}`).toBe(listed.has(`${api}.${method}`));
      }
      expect(warn).not.toHaveBeenCalled();
    });
  }

  it('v3 (spec 293): SwapRuntimeApi offers current_alpha_price only, no simulation', () => {
    const registry = registryOf(metadataBytes('v3'));
    expect(resolveRuntimeCall(registry, 'SwapRuntimeApi', 'current_alpha_price', { versionListsApi: () => true })?.params).toHaveLength(1);
    for (const m of ['sim_swap_tao_for_alpha', 'sim_swap_alpha_for_tao', 'current_alpha_price_all']) {
      // The version lists SwapRuntimeApi; the hand-written table has the method; still not callable.
      expect(resolveRuntimeCall(registry, 'SwapRuntimeApi', m, { versionListsApi: () => true }), m).toBeUndefined();
    }
  });

  it('current: the sim methods decode through the metadata\'s own types', () => {
    const registry = registryOf(metadataBytes('current'));
    const def = resolveRuntimeCall(registry, 'SwapRuntimeApi', 'sim_swap_tao_for_alpha', { versionListsApi: () => true })!;
    expect(def.type).toMatch(/^Lookup\d+$/);
    expect(typeShape(registry, def.type)).toBe(typeShape(registry, 'SubtensorSimSwapResult'));
    const dynamic = resolveRuntimeCall(registry, 'SubnetInfoRuntimeApi', 'get_all_dynamic_info', { versionListsApi: () => true })!;
    expect(typeShape(registry, dynamic.type)).toMatch(/^Vec<Option<\{netuid:Compact<u16>,ownerhotkey:\[u8;32\],.*subnetidentity:Option<\{subnetname:Vec<u8>,.*movingprice:i128\}>>$/);
    expect(typeShape(registry, 'SubtensorSimSwapResult')).toBe('{taoamount:u64,alphaamount:u64,taofee:u64,alphafee:u64,taoslippage:u64,alphaslippage:u64}');
  });
});

describe('a runtime that declares a method with another signature', () => {
  it('is skipped with one logged reason (no secrets), never thrown', () => {
    const registry = new TypeRegistry();
    // Doctor the metadata: sim_swap_tao_for_alpha's `tao` parameter becomes u32 and its result a bare u64.
    const json = new Metadata(registry, metadataBytes('current')).toJSON() as { metadata: { v15: { apis: { name: string; methods: { name: string; inputs: { name: string; type: number }[]; output: number }[] }[]; lookup: { types: { id: number; type: { def: Record<string, unknown> } }[] } } } };
    const v15 = json.metadata.v15;
    const idOf = (prim: string) => v15.lookup.types.find((t) => (t.type.def as { primitive?: string }).primitive?.toLowerCase() === prim)!.id;
    const swap = v15.apis.find((a) => a.name === 'SwapRuntimeApi')!;
    const sim = swap.methods.find((m) => m.name === 'sim_swap_tao_for_alpha')!;
    sim.inputs[1]!.type = idOf('u32');
    const alpha = swap.methods.find((m) => m.name === 'sim_swap_alpha_for_tao')!;
    alpha.output = idOf('u64');
    const doctoredRegistry = new TypeRegistry();
    doctoredRegistry.register(SUBTENSOR_TYPES);
    doctoredRegistry.setMetadata(new Metadata(doctoredRegistry, new Metadata(registry, json as never).toU8a()));

    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    expect(() => resolveRuntimeCall(doctoredRegistry, 'SwapRuntimeApi', 'sim_swap_tao_for_alpha', { versionListsApi: () => true })).not.toThrow();
    expect(resolveRuntimeCall(doctoredRegistry, 'SwapRuntimeApi', 'sim_swap_tao_for_alpha', { versionListsApi: () => true })).toBeUndefined();
    expect(resolveRuntimeCall(doctoredRegistry, 'SwapRuntimeApi', 'sim_swap_alpha_for_tao', { versionListsApi: () => true })).toBeUndefined();
    // Untouched methods of the same API still resolve.
    expect(resolveRuntimeCall(doctoredRegistry, 'SwapRuntimeApi', 'current_alpha_price', { versionListsApi: () => true })).toBeDefined();
    // Once per method and runtime, however often it is asked.
    expect(warn).toHaveBeenCalledTimes(2);
    const lines = warn.mock.calls.map((c) => String(c[0]));
    expect(lines[0]).toMatch(/SwapRuntimeApi\.sim_swap_tao_for_alpha skipped.*parameter 2 \(tao\) is u32, the wallet encodes u64/);
    expect(lines[1]).toMatch(/SwapRuntimeApi\.sim_swap_alpha_for_tao skipped.*returns u64, the wallet decodes \{taoamount:u64/);
    for (const line of lines) expect(line).not.toMatch(/5[A-HJ-NP-Za-km-z1-9]{47}|0x[0-9a-f]{64}/);
  });

  it('signatureMismatch compares structure, not names: a newtype over u64 is u64, field spelling is free', () => {
    const registry = new TypeRegistry();
    registry.register({ ...SUBTENSOR_TYPES, TaoCurrency: { value: 'u64' }, Renamed: { taoAmount: 'TaoCurrency', alphaAmount: 'u64', taoFee: 'u64', alphaFee: 'u64', taoSlippage: 'u64', alphaSlippage: 'u64' } });
    const expected = { params: [{ name: 'netuid', type: 'u16' }, { name: 'tao', type: 'u64' }], type: 'SubtensorSimSwapResult' };
    expect(signatureMismatch(registry, { params: [{ name: 'n', type: 'u16' }, { name: 't', type: 'TaoCurrency' }], type: 'Renamed' }, expected)).toBeNull();
    expect(signatureMismatch(registry, { params: [{ name: 'netuid', type: 'u16' }], type: 'Renamed' }, expected)).toMatch(/takes 1 parameters/);
    expect(signatureMismatch(registry, { params: [{ name: 'netuid', type: 'Compact<u16>' }, { name: 'tao', type: 'u64' }], type: 'Renamed' }, expected)).toMatch(/parameter 1 \(netuid\) is Compact<u16>/);
  });
});

describe('v14 metadata (no runtime-API list)', () => {
  it('uses the api\'s decorations, else the wallet\'s table for an API the runtime version lists', () => {
    const registry = new TypeRegistry();
    const json = new Metadata(registry, metadataBytes('v3')).toJSON() as { metadata: { v15: { apis: unknown[] } } };
    json.metadata.v15.apis = [];
    const bare = new TypeRegistry();
    bare.register(SUBTENSOR_TYPES);
    bare.setMetadata(new Metadata(bare, new Metadata(registry, json as never).toU8a()));
    expect(bare.metadata.apis.length).toBe(0);
    // Nothing lists the method: the table answers only when the version lists the API.
    expect(resolveRuntimeCall(bare, 'SwapRuntimeApi', 'sim_swap_tao_for_alpha', { versionListsApi: () => false })).toBeUndefined();
    expect(resolveRuntimeCall(bare, 'SwapRuntimeApi', 'sim_swap_tao_for_alpha', { versionListsApi: () => true })?.type).toBe('SubtensorSimSwapResult');
    expect(resolveRuntimeCall(bare, 'TransactionPaymentApi', 'query_info', { versionListsApi: () => true })).toBeUndefined();
    const decorated = { params: [{ name: 'uxt', type: 'Extrinsic' }, { name: 'len', type: 'u32' }], type: 'RuntimeDispatchInfo' };
    expect(resolveRuntimeCall(bare, 'TransactionPaymentApi', 'query_info', { versionListsApi: () => true, decorated: () => decorated })).toBe(decorated);
  });
});
