// A dApp asking the wallet to sign a root claim, or a root exit (alone or after a claim in a
// batch): the approval window applies the rules of the wallet's own forms (src/chain/root-claims.ts)
// to the signer's figures from the snapshot: a claim below the chain's minimum is a paid no-op,
// a root exit under the hold (or after a paying claim in the same batch, which restarts it)
// fails with RootStakeLocked. Another account than the snapshot's is described without figures.
import { beforeAll, describe, expect, it } from 'vitest';
import { buildNamedCall } from '../../src/chain/calls.ts';
import type { RootClaimsView, Snapshot } from '../../src/protocol/chain.ts';
import { decodeCall } from './describe.ts';
import { loadMetadata } from '../../devnet/metadata/load.ts';
import { devAccounts, pageAt, payloadFor, registryChain, setup, TEST_GENESIS, until } from './testing.ts';

const TAO = 1_000_000_000n;
// Two validators (any valid SS58 keys): the dev //Charlie and //Dave public keys.
const HOT = '5FLSigC9HGRKVhB9FiEo4Y3koPsNmBmLJbpXg2mp1hXcS59Y';
const HOT2 = '5DAAnrj7VHTznn2AWBemMuyBwZWs6FNFjdyVXUeYum3PTXFy';

let alice = '';
let bob = '';
beforeAll(async () => {
  ({ alice, bob } = await devAccounts());
});

function view(over: Partial<RootClaimsView> = {}): RootClaimsView {
  return {
    threshold: '500000', unlockInterval: '0', blockTimeMs: 12_000, dustEstimated: true, lastStakeBlock: {},
    claims: [{ hotkey: HOT, accrued: (2n * TAO).toString(), redeemable: (2n * TAO).toString(), forfeited: '0', dustRows: 0 }],
    ...over,
  };
}

function snapshot(rootClaims: RootClaimsView): Snapshot {
  return {
    genesisHash: TEST_GENESIS, blockNumber: 100, poolModel: 'balancer', constants: { minReserve: '1000000' }, subnets: [],
    account: { address: alice, free: '0', totalTao: '0', positions: [{ netuid: 0, hotkey: HOT, alpha: (50n * TAO).toString() }], rootClaims },
  } as unknown as Snapshot;
}

// The `current` profile's metadata: the runtime with root claims (spec 441+).
const reg = () => loadMetadata('current').registry;
const claim = (hotkey = HOT) => buildNamedCall(reg(), 'SubtensorModule', 'claim_root_with_hotkey', { hotkey });
const claimAll = () => buildNamedCall(reg(), 'SubtensorModule', 'claim_root', { subnets: [] });
const exitRoot = (hotkey = HOT) => buildNamedCall(reg(), 'SubtensorModule', 'remove_stake_full_limit', { hotkey, netuid: 0, limit_price: null });
const moveFromRoot = () => buildNamedCall(reg(), 'SubtensorModule', 'move_stake', { origin_hotkey: HOT, destination_hotkey: HOT2, origin_netuid: 0, destination_netuid: 1, alpha_amount: TAO });
const transferFromRoot = () => buildNamedCall(reg(), 'SubtensorModule', 'transfer_stake', { destination_coldkey: bob, hotkey: HOT, origin_netuid: 0, destination_netuid: 0, alpha_amount: TAO });
const batchAll = (...calls: ReturnType<typeof claim>[]) => buildNamedCall(reg(), 'Utility', 'batch_all', { calls });

const describeFor = (method: { toHex(): string }, rootClaims: RootClaimsView, signer = alice) =>
  decodeCall(reg(), { method: method.toHex() }, snapshot(rootClaims), { signer, names: {} });

describe('a dApp asks for a root claim', () => {
  it('below the chain\'s minimum: described with the figures, warned as a paid no-op, medium risk', () => {
    const dust = view({ claims: [{ hotkey: HOT, accrued: '400000', redeemable: '400000', forfeited: '0', dustRows: 0 }] });
    const call = describeFor(claim(), dust);
    expect(call.summary).toMatch(/^Claim your root dividends waiting with validator .*Now 0\.0004 τ is waiting with this validator; the chain's minimum claim is 0\.0005 τ\.$/);
    expect(call.warnings).toEqual([expect.stringMatching(/^A claim now would pay 0\.0004 τ, less than the chain's minimum claim of 0\.0005 τ\. The chain would accept it, charge the network fee and pay nothing/)]);
    expect(call.tree!.risk.level).toBe('medium');
  });

  it('above it: no warning, low risk; under a hold the description says the claim restarts it', () => {
    const call = describeFor(claim(), view({ unlockInterval: '7200' }));
    expect(call.warnings).toEqual([]);
    expect(call.tree!.risk.level).toBe('low');
    expect(call.summary).toContain('Now 2 τ is waiting with this validator; the chain\'s minimum claim is 0.0005 τ. A paying claim restarts the 7200-block hold');
  });

  it('claim_root with nothing above the minimum anywhere: a paid no-op', () => {
    const dust = view({ claims: [{ hotkey: HOT, accrued: '1000', redeemable: '1000', forfeited: '0', dustRows: 0 }, { hotkey: HOT2, accrued: '0', redeemable: '0', forfeited: '0', dustRows: 0 }] });
    const call = describeFor(claimAll(), dust);
    expect(call.warnings).toEqual([expect.stringMatching(/^A claim now would pay nothing: .* minimum claim of 0\.0005 τ/)]);
    expect(call.tree!.risk.level).toBe('medium');
    expect(describeFor(claimAll(), view()).warnings).toEqual([]);
  });

  it('signed by another account than the snapshot\'s: described without the figures, nothing flagged from them', () => {
    const dust = view({ claims: [{ hotkey: HOT, accrued: '400000', redeemable: '400000', forfeited: '0', dustRows: 0 }] });
    const call = describeFor(claim(), dust, bob);
    expect(call.summary).not.toContain('Now ');
    expect(call.warnings).toEqual([]);
    expect(call.tree!.risk.level).toBe('low');
  });

  it('inside a proxy call (it runs as another account): no figures, nothing flagged from the signer\'s', () => {
    const dust = view({ claims: [{ hotkey: HOT, accrued: '400000', redeemable: '400000', forfeited: '0', dustRows: 0 }] });
    const proxied = buildNamedCall(reg(), 'Proxy', 'proxy', { real: bob, force_proxy_type: null, call: claim() });
    const call = describeFor(proxied, dust);
    expect(call.warnings).toEqual([]);
    expect(call.tree!.inner[0]!.summary).not.toContain('Now ');
    expect(call.tree!.risk.reason).not.toContain('minimum claim');
  });
});

describe('a dApp asks for a root exit', () => {
  // Last change at block 95, hold 10 blocks: root stake can leave from block 105; the snapshot is at 100.
  const held = view({ unlockInterval: '10', lastStakeBlock: { [HOT]: 95 } });

  it('inside the hold: an unstake, a move or a transfer off root is flagged to fail with RootStakeLocked (high)', () => {
    for (const method of [exitRoot(), moveFromRoot(), transferFromRoot()]) {
      const call = describeFor(method, held);
      expect(call.warnings).toEqual([expect.stringMatching(/It can leave from block #105.*The chain would fail this with RootStakeLocked; the network fee is paid\.$/)]);
      expect(call.tree!.risk).toMatchObject({ level: 'high', reason: expect.stringContaining('RootStakeLocked') });
    }
    // After the hold, or off another validator, nothing is said.
    expect(describeFor(exitRoot(), view({ unlockInterval: '10', lastStakeBlock: { [HOT]: 80 } })).warnings).toEqual([]);
    expect(describeFor(exitRoot(HOT2), held).warnings).toEqual([]);
    expect(describeFor(exitRoot(), held, bob).warnings).toEqual([]);
  });

  it('unstake_all inside the hold: flagged as leaving the root stake behind (the chain skips it without failing)', () => {
    const all = buildNamedCall(reg(), 'SubtensorModule', 'unstake_all', { hotkey: HOT });
    expect(describeFor(all, held).warnings).toEqual([expect.stringMatching(/It can leave from block #105.*Unstaking everything now would silently leave your root stake behind\.$/)]);
    expect(describeFor(all, view({ unlockInterval: '10', lastStakeBlock: { [HOT]: 80 } })).warnings).toEqual([]);
  });

  it('after a paying claim in one batch_all on a chain with a hold: the claim restarts it, the unstake fails and undoes the batch', () => {
    const batch = batchAll(claim(), exitRoot());
    const call = describeFor(batch, view({ unlockInterval: '10', lastStakeBlock: { [HOT]: 10 } }));
    expect(call.warnings).toEqual([expect.stringMatching(/^Call 2 of 2 in this batch: An earlier call in this batch changes your root stake .*10-block hold: this would fail with RootStakeLocked; the network fee is paid and the whole batch is undone\./)]);
    expect(call.tree!.risk).toMatchObject({ level: 'high', reason: expect.stringContaining('Call 2 of 2 in this batch: An earlier call') });
    expect(call.tree!.inner.map((n) => n.call)).toEqual(['claim_root_with_hotkey', 'remove_stake_full_limit']);
    expect(call.tree!.inner[0]!.summary).toContain('Now 2 τ is waiting with this validator');
    // No hold on the chain: claim-then-exit is fine.
    expect(describeFor(batch, view()).warnings).toEqual([]);
    // A claim that pays nothing changes no stake, so it restarts nothing; it is flagged as the no-op it is.
    const dust = view({ unlockInterval: '10', lastStakeBlock: { [HOT]: 10 }, claims: [{ hotkey: HOT, accrued: '1', redeemable: '1', forfeited: '0', dustRows: 0 }] });
    expect(describeFor(batch, dust).warnings).toEqual([expect.stringMatching(/^Call 1 of 2 in this batch: A claim now would pay <0\.000001 τ, less than the chain's minimum claim of 0\.0005 τ/)]);
  });
});

describe('the approval window', () => {
  it('rates the whole request by what the chain would do: a claim-then-unstake batch under a hold is high risk, said in its warnings', async () => {
    const rootClaims = view({ unlockInterval: '10', lastStakeBlock: { [HOT]: 10 } });
    const t = await setup(undefined, undefined, { ...registryChain(reg()), getSnapshot: () => snapshot(rootClaims) });
    const auth = t.send(pageAt('https://tao.app'), 'pub(authorize.request)', { originName: 'tao.app' });
    await until(() => t.windows.length === 1);
    await t.fromPopup('pri(requests.approve)', { id: t.windows[0]!.path.split('/').pop()!, addresses: [alice] });
    await auth;
    void t.send(pageAt('https://tao.app'), 'pub(signer.signPayload)', { payload: payloadFor(reg(), alice, batchAll(claim(), exitRoot()).toHex()) });
    await until(() => t.windows.length === 2);
    const detail = (await t.fromPopup('pri(requests.get)', { id: t.windows[1]!.path.split('/').pop()! })).response;
    expect(detail.risk).toMatchObject({ level: 'high', reason: expect.stringContaining('RootStakeLocked') });
    expect(detail.call.warnings.join(' ')).toContain('RootStakeLocked');
    expect(t.vault.signed).toEqual([]);
  });
});
