// Call builders, decoding and plain-words descriptions against the devnet's v15 subtensor
// metadata (spec-233 SubtensorModule plus the Swap pallet and remove_stake_full_limit).
import { readFileSync } from 'node:fs';
import { Metadata, TypeRegistry } from '@polkadot/types';
import { Keyring } from '@polkadot/keyring';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildIntentCall, decodeCall, findCallMeta, stakingFeatures } from '../../src/chain/calls.ts';
import { describeCall } from '../../src/chain/describe.ts';
import type { Intent } from '../../src/protocol/chain.ts';

const registry = new TypeRegistry();
let alice = '';
let bob = '';

beforeAll(async () => {
  await cryptoWaitReady();
  const metadata = new Metadata(registry, new Uint8Array(readFileSync(new URL('../../devnet/metadata/subtensor-devnet.scale', import.meta.url))));
  registry.setMetadata(metadata);
  registry.setChainProperties(registry.createType('ChainProperties', { ss58Format: 42, tokenDecimals: 9, tokenSymbol: 'TAO' }) as never);
  const keyring = new Keyring({ type: 'sr25519', ss58Format: 42 });
  alice = keyring.addFromUri('//Alice').address;
  bob = keyring.addFromUri('//Bob').address;
});

const subnets = [
  { netuid: 0, name: 'Root', symbol: 'τ' },
  { netuid: 3, name: 'Templar', symbol: 'γ' },
  { netuid: 7, name: 'SN7', symbol: 'η' },
];

describe('call builders from metadata', () => {
  it('finds call indices by name, not by constants', () => {
    const meta = findCallMeta(registry, 'SubtensorModule', 'add_stake_limit')!;
    expect(meta.palletIndex).toBe(7);
    expect(meta.callIndex).toBe(88);
    expect(meta.args.map((a) => a.name)).toEqual(['hotkey', 'netuid', 'amount_staked', 'limit_price', 'allow_partial']);
    expect(findCallMeta(registry, 'SubtensorModule', 'no_such_call')).toBeUndefined();
  });

  it('encodes add_stake_limit as pallet 7 call 88 with u64 amounts (not compact)', () => {
    const intent: Intent = { kind: 'stake', hotkey: bob, netuid: 3, amount: '10000000000', limitPrice: '123456789', allowPartial: false };
    const call = buildIntentCall(registry, intent);
    const hex = call.toHex();
    expect(hex.startsWith('0x0758')).toBe(true);
    // 2 index bytes + 32 hotkey + 2 netuid + 8 amount + 8 limit + 1 bool
    expect(call.toU8a().length).toBe(2 + 32 + 2 + 8 + 8 + 1);
    const decoded = decodeCall(registry, hex);
    expect(decoded.section).toBe('subtensorModule');
    expect(decoded.method).toBe('addStakeLimit');
    expect(decoded.args).toEqual({ hotkey: bob, netuid: '3', amount_staked: '10000000000', limit_price: '123456789', allow_partial: 'false' });
  });

  it('builds every intent kind and round-trips through decode', () => {
    const intents: [Intent, string][] = [
      [{ kind: 'unstake', hotkey: bob, netuid: 3, amount: '5', limitPrice: '1', allowPartial: true }, 'removeStakeLimit'],
      [{ kind: 'unstakeFull', hotkey: bob, netuid: 3, limitPrice: '99' }, 'removeStakeFullLimit'],
      [{ kind: 'unstakeFull', hotkey: bob, netuid: 3, limitPrice: null }, 'removeStakeFullLimit'],
      [{ kind: 'swap', hotkey: bob, originNetuid: 3, destinationNetuid: 7, amount: '5', limitPrice: '7', allowPartial: false }, 'swapStakeLimit'],
      [{ kind: 'move', originHotkey: bob, destinationHotkey: alice, originNetuid: 3, destinationNetuid: 3, amount: '5' }, 'moveStake'],
      [{ kind: 'transferStake', destinationColdkey: alice, hotkey: bob, originNetuid: 3, destinationNetuid: 7, amount: '5' }, 'transferStake'],
      [{ kind: 'unstakeAll', hotkey: bob }, 'unstakeAll'],
      [{ kind: 'transfer', dest: bob, amount: '1234' }, 'transferKeepAlive'],
    ];
    for (const [intent, method] of intents) {
      const decoded = decodeCall(registry, buildIntentCall(registry, intent).toHex());
      expect(decoded.method).toBe(method);
    }
    const full = decodeCall(registry, buildIntentCall(registry, { kind: 'unstakeFull', hotkey: bob, netuid: 3, limitPrice: '99' }));
    expect(full.args.limit_price).toBe('99');
    const none = decodeCall(registry, buildIntentCall(registry, { kind: 'unstakeFull', hotkey: bob, netuid: 3, limitPrice: null }));
    expect(none.args.limit_price).toBe('none');
  });

  it('rejects undecodable call bytes with a typed error', () => {
    expect(() => decodeCall(registry, '0xff00')).toThrowError(/could not be decoded/);
  });
});

describe('describeCall', () => {
  it('says what a limited stake does, with subnet and validator names', () => {
    const call = decodeCall(registry, buildIntentCall(registry, { kind: 'stake', hotkey: bob, netuid: 3, amount: '10500000000', limitPrice: '25000000', allowPartial: false }));
    const text = describeCall(call, { subnets, names: { [bob]: 'Bob Validator' } });
    expect(text).toContain('Stake 10.5 TAO into SN3 Templar');
    expect(text).toContain('Bob Validator');
    expect(text).toContain('at most 0.025 TAO per γ');
    expect(text).toContain('nothing is executed');
  });

  it('describes partial fills, full unstake without a limit, swaps and transfers', () => {
    const unstake = describeCall(decodeCall(registry, buildIntentCall(registry, { kind: 'unstake', hotkey: bob, netuid: 7, amount: '2000000000', limitPrice: '1000', allowPartial: true })), { subnets });
    expect(unstake).toMatch(/^Unstake 2 η from SN7/);
    expect(unstake).toContain('only the part that fits');
    const full = describeCall(decodeCall(registry, buildIntentCall(registry, { kind: 'unstakeFull', hotkey: bob, netuid: 7, limitPrice: null })), { subnets });
    expect(full).toContain('with no price limit');
    const swap = describeCall(decodeCall(registry, buildIntentCall(registry, { kind: 'swap', hotkey: bob, originNetuid: 3, destinationNetuid: 7, amount: '1000000000', limitPrice: '500000000', allowPartial: false })), { subnets });
    expect(swap).toContain('from SN3 Templar to SN7');
    expect(swap).toContain('at least 0.5 η per γ');
    const send = describeCall(decodeCall(registry, buildIntentCall(registry, { kind: 'transfer', dest: alice, amount: '1000000000' })), { names: { [alice]: 'Alice' } });
    expect(send).toBe(`Send 1 TAO to Alice (${alice.slice(0, 6)}…${alice.slice(-6)}). Your account is kept open (at least 500 rao stays).`);
  });

  it('describes batches call by call and names unknown calls without guessing', () => {
    const stake = buildIntentCall(registry, { kind: 'stake', hotkey: bob, netuid: 3, amount: '1000000000', limitPrice: '1', allowPartial: true });
    const send = buildIntentCall(registry, { kind: 'transfer', dest: alice, amount: '5' });
    const batch = registry.createType('Call', { callIndex: findIndex('Utility', 'batch_all'), args: { calls: [stake, send] } });
    const text = describeCall(decodeCall(registry, batch.toHex()), { subnets });
    expect(text).toMatch(/^A batch of 2 calls \(all or nothing\): 1\) Stake 1 TAO/);
    expect(text).toContain('2) Send 0.000000005 TAO');
    const remarkless = registry.createType('Call', { callIndex: findIndex('SubtensorModule', 'burned_register'), args: { netuid: 3, hotkey: bob } });
    expect(describeCall(decodeCall(registry, remarkless.toHex()))).toMatch(/^Call subtensorModule\.burnedRegister\(netuid=3, hotkey=5F/);
  });
});

function findIndex(pallet: string, call: string): Uint8Array {
  const m = findCallMeta(registry, pallet, call)!;
  return new Uint8Array([m.palletIndex, m.callIndex]);
}

describe('move_stake_limit and lock calls on the current profile metadata', () => {
  const current = new TypeRegistry();
  beforeAll(() => {
    current.setMetadata(new Metadata(current, new Uint8Array(readFileSync(new URL('../../devnet/metadata/subtensor-current.scale', import.meta.url)))));
  });

  it('encodes at the chain indices (149, 136, 137, 138, 142) and reports the features; the balancer metadata has none', () => {
    const cases: [Intent, string][] = [
      [{ kind: 'moveLimit', originHotkey: bob, destinationHotkey: alice, originNetuid: 3, destinationNetuid: 7, amount: '5', limitPrice: '7', allowPartial: true }, '0x0795'],
      [{ kind: 'lock', hotkey: bob, netuid: 3, amount: '5' }, '0x0788'],
      [{ kind: 'moveLock', destinationHotkey: bob, netuid: 3 }, '0x0789'],
      [{ kind: 'setPerpetualLock', netuid: 3, enabled: true }, '0x078a'],
      [{ kind: 'setRejectLockedAlpha', enabled: false }, '0x078e'],
    ];
    for (const [intent, prefix] of cases) expect(buildIntentCall(current, intent).toHex().startsWith(prefix), intent.kind).toBe(true);
    const move = decodeCall(current, buildIntentCall(current, cases[0]![0]));
    expect(move.args).toMatchObject({ origin_netuid: '3', destination_netuid: '7', alpha_amount: '5', limit_price: '7', allow_partial: 'true' });
    expect(stakingFeatures(current, { stakeAvailability: true })).toEqual({ moveStakeLimit: true, locks: true, rootClaims: false, rootClaimExit: false, rootClaimAll: false });
    expect(stakingFeatures(registry, { stakeAvailability: false })).toEqual({ moveStakeLimit: false, locks: false, rootClaims: false, rootClaimExit: false, rootClaimAll: false });
    expect(() => buildIntentCall(registry, cases[1]![0])).toThrowError(/no SubtensorModule.lock_stake/);
  });

  it('root claims: claim_root_with_hotkey at 148, and claim-then-exit as batch_all([claim, remove_stake_full_limit(root, None)]); the balancer metadata has neither', () => {
    expect(buildIntentCall(current, { kind: 'claimRoot', hotkey: bob }).toHex().startsWith('0x0794')).toBe(true);
    const exit = decodeCall(current, buildIntentCall(current, { kind: 'claimRootExit', hotkey: bob }));
    expect(`${exit.section}.${exit.method}`).toBe('utility.batchAll');
    expect(exit.inner!.map((c) => `${c.section}.${c.method}`)).toEqual(['subtensorModule.claimRootWithHotkey', 'subtensorModule.removeStakeFullLimit']);
    expect(exit.inner![1]!.args).toMatchObject({ netuid: '0', limit_price: 'none' });
    expect(exit.inner![0]!.args['hotkey']).toBe(exit.inner![1]!.args['hotkey']);
    expect(stakingFeatures(current, { stakeAvailability: true, rootClaimReads: true })).toMatchObject({ rootClaims: true, rootClaimExit: true, rootClaimAll: true });
    expect(stakingFeatures(registry, { stakeAvailability: false, rootClaimReads: true })).toMatchObject({ rootClaims: false, rootClaimExit: false, rootClaimAll: false });
    expect(() => buildIntentCall(registry, { kind: 'claimRoot', hotkey: bob })).toThrowError(/no SubtensorModule.claim_root_with_hotkey/);
  });

  it('claim all: claim_root (call 121) with an empty subnet set, which Root Reborn ignores; not on the balancer metadata', () => {
    const all = buildIntentCall(current, { kind: 'claimRootAll' });
    expect(all.toHex()).toBe('0x077900');
    expect(decodeCall(current, all)).toMatchObject({ section: 'subtensorModule', method: 'claimRoot', args: { subnets: '[]' } });
    expect(() => buildIntentCall(registry, { kind: 'claimRootAll' })).toThrowError(/no SubtensorModule.claim_root/);
  });
});
