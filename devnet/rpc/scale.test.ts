/**
 * The devnet's own SCALE encoder must produce exactly what @polkadot/types produces for the same
 * value and portable type (it replaces createType only for speed).
 */
import { describe, expect, it } from 'vitest';
import { u8aToHex } from '@polkadot/util';
import { loadMetadata } from '../metadata/load.ts';
import { ScaleEncoder } from './scale.ts';

const meta = loadMetadata();
const { registry } = meta;
const encoder = new ScaleEncoder(registry, () => {
  throw new Error('fallback not expected');
});

function viaPolkadot(typeId: number, value: unknown): string {
  return u8aToHex(registry.createTypeUnsafe(registry.createLookupType(typeId), [value]).toU8a());
}

function storageValueType(pallet: string, item: string): number {
  const p = meta.metadata.asLatest.pallets.find((x) => x.name.eq(pallet))!;
  const entry = p.storage.unwrap().items.find((i) => i.name.eq(item))!;
  return entry.type.isPlain ? entry.type.asPlain.toNumber() : entry.type.asMap.value.toNumber();
}

function apiOutputType(api: string, method: string): number {
  const a = meta.metadata.asLatest.apis.find((x) => x.name.eq(api))!;
  return a.methods.find((m) => m.name.eq(method))!.output.toNumber();
}

const ALICE = '0xd43593c715fdd31c61141abd04a99fd6822c8558854ccde39a5684e7a56da27d';
const BOB = '0x8eaf04151687736326c9fea17e25fc5287613693c912909cb226aa4794f26a48';

describe('ScaleEncoder', () => {
  const cases: [string, number, unknown][] = [
    ['AccountInfo', storageValueType('System', 'Account'), { nonce: 7, consumers: 0, providers: 1, sufficients: 0, data: { free: 123_456_789_000n, reserved: 0n, frozen: 5n, flags: 1n << 127n } }],
    ['SwapBalancer', storageValueType('Swap', 'SwapBalancer'), { quote: 487_123_456_789_012_345n }],
    ['U64F64 shares', storageValueType('SubtensorModule', 'Alpha'), { bits: 12_345n << 64n }],
    ['StakingHotkeys', storageValueType('SubtensorModule', 'StakingHotkeys'), [ALICE, BOB]],
    ['SubnetName bytes', storageValueType('SubtensorModule', 'SubnetName'), '0xce b1'.replace(' ', '')],
    ['SimSwapResult', apiOutputType('SwapRuntimeApi', 'sim_swap_tao_for_alpha'), { taoAmount: 1n, alphaAmount: 2n, taoFee: 3n, alphaFee: 0n, taoSlippage: 4n, alphaSlippage: 5n }],
    ['Option<StakeInfo>', apiOutputType('StakeInfoRuntimeApi', 'get_stake_info_for_hotkey_coldkey_netuid'), {
      hotkey: ALICE, coldkey: BOB, netuid: 3, stake: 10n ** 12n, locked: 0n, emission: 77n, taoEmission: 0n, drain: 0, isRegistered: true,
    }],
    ['Option<DynamicInfo> none', apiOutputType('SubnetInfoRuntimeApi', 'get_dynamic_info'), null],
    ['Vec<DelegateInfo>', apiOutputType('DelegateInfoRuntimeApi', 'get_delegates'), [{
      delegateSs58: ALICE, take: 11_796, nominators: [[BOB, [[1, 5n], [4, 70_000n]]]], ownerSs58: BOB, registrations: [0, 1], validatorPermits: [1], returnPer1000: 3n, totalDailyReturn: 9n,
    }]],
  ];

  for (const [name, typeId, value] of cases) {
    it(`encodes ${name} like @polkadot/types`, () => {
      expect(u8aToHex(encoder.encode(typeId, value))).toBe(viaPolkadot(typeId, value));
    });
  }

  it('encodes a module DispatchError and an ExtrinsicFailed-style enum like @polkadot/types', () => {
    const dispatchError = registry.lookup.getSiType(registry.lookup.types.find((t) => t.type.path.join('::') === 'sp_runtime::DispatchError')!.id).def;
    expect(dispatchError.isVariant).toBe(true);
    const id = registry.lookup.types.find((t) => t.type.path.join('::') === 'sp_runtime::DispatchError')!.id.toNumber();
    const value = { Module: { index: 7, error: [84, 0, 0, 0] } };
    expect(u8aToHex(encoder.encode(id, value))).toBe(viaPolkadot(id, { Module: { index: 7, error: '0x54000000' } }));
  });

  it('refuses values that do not fit their type', () => {
    const u16 = storageValueType('Swap', 'FeeRate');
    expect(() => encoder.encode(u16, 70_000)).toThrow(/does not fit/);
    expect(() => encoder.encode(storageValueType('System', 'Account'), 'nope')).toThrow();
  });
});
