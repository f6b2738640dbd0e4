// Root claims through the wallet's chain client against the devnet's `current` profile over a
// real WebSocket (the claim rules are the devnet's simulation, devnet/state/root-claims.ts), and
// the `balancer` profile, which has none: the wallet falls back and says nothing about them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Snapshot } from '../../src/protocol/chain.ts';
import type { VaultService } from '../../background/vault/service.ts';
import { waitFor } from './helpers/wait.ts';
import { aliceVault } from './helpers/alice-vault.ts';
import { ALICE, aliceOnDevnet } from './helpers/devnet-chain.ts';
import { validator } from '../../devnet/state/genesis.ts';
import { u8aToHex } from '@polkadot/util';
import { decodeAddress, encodeAddress } from '@polkadot/util-crypto';
import { devnetWithApi } from './helpers/devnet-api.ts';
import { readSnapshot } from '../../background/chain/reader.ts';
import * as devnetRootClaims from '../../devnet/state/root-claims.ts';
import { claimPreview } from '../../devnet/state/root-claims.ts';

const ALICE_HEX = u8aToHex(decodeAddress(ALICE));
const TAO = 1_000_000_000n;
const AURORA_HEX = validator('aurora').hex;
const AURORA = encodeAddress(AURORA_HEX, 42);

let vault: VaultService;
beforeAll(async () => {
  ({ vault } = await aliceVault());
});

// Blocks pass while waiting (the devnet makes them only on demand here): the per-block refresh
// asks for root claims every few blocks, as on a live chain.
const open = (runtime: 'current' | 'balancer') => aliceOnDevnet(runtime, vault, { blocksWhileWaiting: true });

const rootOf = (s: Snapshot, hotkey: string) => BigInt(s.account!.positions.find((p) => p.netuid === 0 && p.hotkey === hotkey)?.alpha ?? '0');
const claimOf = (s: Snapshot, hotkey: string) => s.account!.rootClaims?.claims.find((c) => c.hotkey === hotkey);

describe('current profile', () => {
  let env: Awaited<ReturnType<typeof open>>;
  beforeAll(async () => {
    env = await open('current');
  });
  afterAll(async () => {
    await env?.close();
  });

  it('reads claimable root dividends per validator from the chain\'s preview, with the threshold and the hold, in one more request', async () => {
    await env.dev('dev_setRootBasket', [AURORA_HEX, { holdings: { 1: (3n * TAO).toString(), 0: (TAO / 2n).toString() }, owed: { [ALICE_HEX]: 1_000 } }]);
    const s = await env.snapshot((x) => claimOf(x, AURORA) !== undefined);
    expect(s.features).toMatchObject({ rootClaims: true, rootClaimExit: true, rootClaimAll: true });
    const state = env.devnet.state();
    const chainPreview = claimPreview(state, AURORA_HEX, ALICE_HEX as `0x${string}`)!;
    expect(claimOf(s, AURORA)).toMatchObject({ redeemable: chainPreview.redeemableTao.toString(), accrued: chainPreview.accruedTao.toString(), forfeited: '0', dustRows: 0 });
    expect(s.account!.rootClaims).toMatchObject({ threshold: '500000', unlockInterval: '0' });
    // Steady state: locks add one runtime call to the three base requests; root claims one more,
    // but only every ROOT_CLAIMS_EVERY_BLOCKS (5) blocks: once in any 5 consecutive blocks.
    const perBlock: number[] = [];
    for (let i = 0; i < 5; i++) {
      const target = env.devnet.newBlock().number;
      await waitFor(async () => (await env.chain.state()).snapshot?.blockNumber === target, `the snapshot at #${target}`);
      perBlock.push(env.chain.lastRefresh!.requests);
    }
    expect(Math.max(...perBlock)).toBeLessThanOrEqual(5);
    expect(perBlock.filter((n) => n === 5)).toHaveLength(1);
    expect(perBlock.filter((n) => n <= 4)).toHaveLength(4);
  });

  it('a claim lands: received (RootClaimed) == the preview, and the root position grows by it', async () => {
    const s = await env.snapshot((x) => claimOf(x, AURORA) !== undefined);
    const redeemable = BigInt(claimOf(s, AURORA)!.redeemable);
    const before = rootOf(s, AURORA);
    const done = await env.land({ kind: 'claimRoot', hotkey: AURORA }, redeemable);
    expect(done.status).toBe('finalized');
    expect(done.received).toBe(redeemable.toString());
    const after = await env.snapshot((x) => claimOf(x, AURORA) === undefined);
    // The devnet's integer share pool may round the root stake's value by a rao.
    expect(Number(rootOf(after, AURORA) - before - redeemable)).toBeOneOf([-1, 0, 1]);
  });

  it('a claim below the threshold is refused before signing, in words; nothing is sent', async () => {
    await env.dev('dev_setRootBasket', [AURORA_HEX, { holdings: { 0: 300_000 }, owed: { [ALICE_HEX]: 5 } }]);
    await env.snapshot((x) => claimOf(x, AURORA)?.redeemable === '300000');
    const sent = env.devnet.head().number;
    await expect(env.chain.prepare(ALICE, { kind: 'claimRoot', hotkey: AURORA })).rejects.toMatchObject({ code: 'BelowClaimThreshold', message: expect.stringMatching(/pay nothing/) });
    await expect(env.chain.prepare(ALICE, { kind: 'claimRootExit', hotkey: AURORA })).rejects.toMatchObject({ code: 'BelowClaimThreshold', message: expect.stringMatching(/use Unstake/) });
    expect(env.devnet.head().number).toBe(sent);
  });

  it('if the payout drops below the minimum after the wallet checked, the chain skips the claim as a paid no-op: received 0, nothing retried', async () => {
    await env.dev('dev_setRootBasket', [AURORA_HEX, { holdings: { 0: 700_000 }, owed: { [ALICE_HEX]: 5 } }]);
    await env.snapshot((x) => claimOf(x, AURORA)?.redeemable === '700000');
    const prepared = await env.chain.prepare(ALICE, { kind: 'claimRoot', hotkey: AURORA }, 700_000n.toString());
    // The chain's minimum rises in the block before the claim's (to a value whose I96F32 bits pass 2^53).
    await env.dev('dev_setRootClaimParams', [{ threshold: 5_000_000 }]);
    const done = await env.submitAndWait(prepared.id);
    expect(done.status).toBe('finalized');
    expect(done.received).toBe('0');
    const after = await env.snapshot((x) => x.account?.rootClaims?.threshold === '5000000');
    expect(claimOf(after, AURORA)?.redeemable).toBe('700000');
    await env.dev('dev_setRootClaimParams', [{ threshold: 500_000 }]);
  });

  it('claim then exit in one batch_all: the claimed TAO leaves with the whole root stake', async () => {
    await env.dev('dev_setRootBasket', [AURORA_HEX, { holdings: { 1: (2n * TAO).toString() }, owed: { [ALICE_HEX]: 1_000 } }]);
    const s = await env.snapshot((x) => BigInt(claimOf(x, AURORA)?.redeemable ?? '0') > 1_000_000n);
    const redeemable = BigInt(claimOf(s, AURORA)!.redeemable);
    const root = rootOf(s, AURORA);
    const prepared = await env.chain.prepare(ALICE, { kind: 'claimRootExit', hotkey: AURORA }, (root + redeemable).toString());
    expect(prepared.call.section).toBe('utility');
    expect(prepared.call.method).toBe('batchAll');
    const done = await env.submitAndWait(prepared.id);
    expect(done.status).toBe('finalized');
    expect(Number(BigInt(done.received!) - root - redeemable)).toBeOneOf([-1, 0, 1]);
    // The first snapshot without the root stake already has the claims asked for again: the claim is gone.
    const after = await env.snapshot((x) => rootOf(x, AURORA) === 0n);
    expect(claimOf(after, AURORA)).toBeUndefined();
  });

  it('under a hold: an unstake off root is refused before signing; if the hold starts after the wallet checked, the chain\'s RootStakeLocked is explained', async () => {
    const meridian = encodeAddress(validator('meridian').hex, 42);
    // Alice has no root stake with meridian yet: stake some (root is 1:1).
    expect((await env.land({ kind: 'stake', hotkey: meridian, netuid: 0, amount: (10n * TAO).toString(), limitPrice: (2n * TAO).toString(), allowPartial: false })).status).toBe('finalized');
    const s = await env.snapshot((x) => rootOf(x, meridian) > 0n);
    // Prepared without a hold; the hold starts in the block before the transaction's.
    const prepared = await env.chain.prepare(ALICE, { kind: 'unstakeFull', hotkey: meridian, netuid: 0, limitPrice: null });
    await env.dev('dev_setRootClaimParams', [{ unlockInterval: 1_000 }]);
    const failed = await env.submitAndWait(prepared.id);
    expect(failed.status).toBe('failed');
    expect(failed.error?.code).toBe('RootStakeLocked');
    expect(failed.error?.message).toMatch(/keeps root stake in place/);
    // Now the wallet sees the hold and refuses before signing.
    const held = await env.snapshot((x) => x.account?.rootClaims?.unlockInterval === '1000' && x.account.rootClaims.lastStakeBlock[meridian] !== undefined);
    expect(held.account!.rootClaims!.lastStakeBlock[meridian]).toBeGreaterThan(s.blockNumber - 1);
    await expect(env.chain.prepare(ALICE, { kind: 'unstakeFull', hotkey: meridian, netuid: 0, limitPrice: null })).rejects.toMatchObject({ code: 'RootStakeLocked' });
    await expect(env.chain.prepare(ALICE, { kind: 'claimRootExit', hotkey: meridian })).rejects.toMatchObject({ code: 'RootStakeLocked' });
    await env.dev('dev_setRootClaimParams', [{ unlockInterval: 0 }]);
  }, 30_000);

  it('claim all (claim_root): refused while no validator reaches the minimum; then one transaction pays each validator its preview, received == the sum, the dust one skipped', async () => {
    const hex = (slug: string) => validator(slug).hex;
    const ss58 = (slug: string) => encodeAddress(hex(slug), 42);
    // Everything below the minimum first: a claim of all would be a paid no-op.
    await env.dev('dev_setRootBasket', [hex('aurora'), { holdings: { 0: 200_000 }, owed: { [ALICE_HEX]: 5 }, shares: 5 }]);
    await env.dev('dev_setRootBasket', [hex('cobalt'), { holdings: { 0: 100_000 }, owed: { [ALICE_HEX]: 5 }, shares: 5 }]);
    await env.snapshot((x) => claimOf(x, ss58('aurora'))?.redeemable === '200000' && claimOf(x, ss58('cobalt'))?.redeemable === '100000');
    const sent = env.devnet.head().number;
    await expect(env.chain.prepare(ALICE, { kind: 'claimRootAll' })).rejects.toMatchObject({ code: 'BelowClaimThreshold', message: expect.stringMatching(/claiming all now would pay nothing/) });
    expect(env.devnet.head().number).toBe(sent);

    // Two validators above the minimum (one with a subnet holding to sell), cobalt still below it.
    await env.dev('dev_setRootBasket', [hex('aurora'), { holdings: { 1: (3n * TAO).toString(), 0: (TAO / 2n).toString() }, owed: { [ALICE_HEX]: 1_000 }, shares: 1_000 }]);
    await env.dev('dev_setRootBasket', [hex('meridian'), { holdings: { 3: (2n * TAO).toString() }, owed: { [ALICE_HEX]: 500 }, shares: 1_000 }]);
    const s = await env.snapshot((x) => BigInt(claimOf(x, ss58('aurora'))?.redeemable ?? '0') > 1_000_000n && BigInt(claimOf(x, ss58('meridian'))?.redeemable ?? '0') > 1_000_000n);
    const previews = [ss58('aurora'), ss58('meridian')].map((h) => BigInt(claimOf(s, h)!.redeemable));
    const state = env.devnet.state();
    expect(previews).toEqual([claimPreview(state, hex('aurora'), ALICE_HEX as `0x${string}`)!.redeemableTao, claimPreview(state, hex('meridian'), ALICE_HEX as `0x${string}`)!.redeemableTao]);
    const before = [rootOf(s, ss58('aurora')), rootOf(s, ss58('meridian'))];
    const sum = previews[0]! + previews[1]!;

    const prepared = await env.chain.prepare(ALICE, { kind: 'claimRootAll' }, sum.toString());
    expect(`${prepared.call.section}.${prepared.call.method}`).toBe('subtensorModule.claimRoot');
    const done = await env.submitAndWait(prepared.id);
    expect(done.status).toBe('finalized');
    expect(done.received).toBe(sum.toString());
    const after = await env.snapshot((x) => claimOf(x, ss58('aurora')) === undefined && claimOf(x, ss58('meridian')) === undefined);
    // Each claim is staked on root with its own validator (the share pool may round by a rao).
    expect(Number(rootOf(after, ss58('aurora')) - before[0]! - previews[0]!)).toBeOneOf([-1, 0, 1]);
    expect(Number(rootOf(after, ss58('meridian')) - before[1]! - previews[1]!)).toBeOneOf([-1, 0, 1]);
    // The one below the minimum was skipped by the chain: still waiting, unchanged.
    expect(claimOf(after, ss58('cobalt'))?.redeemable).toBe('100000');
  }, 30_000);
});

describe('balancer profile', () => {
  it('has no root claims: no features, no view, and a claim intent is refused as unsupported', async () => {
    const env = await open('balancer');
    try {
      const s = await env.snapshot();
      expect(s.features).toEqual({ moveStakeLimit: false, locks: false, rootClaims: false, rootClaimExit: false, rootClaimAll: false });
      expect(s.account!.rootClaims).toBeUndefined();
      await expect(env.chain.prepare(ALICE, { kind: 'claimRoot', hotkey: AURORA })).rejects.toMatchObject({ code: 'Unsupported' });
      await expect(env.dev('dev_setRootBasket', [AURORA_HEX, { owed: { [ALICE_HEX]: 1 } }])).rejects.toThrow(/no root claims/);
    } finally {
      await env.close();
    }
  });
});

describe('a Root Reborn runtime without claim previews (before spec 468)', () => {
  it('reads each validator\'s payout from get_root_basket_positions instead, and says dust is not estimated', async () => {
    const { devnet, api, close } = await devnetWithApi({ runtime: 'current' });
    try {
      devnet.node.newBlocks(1, [(state) => devnetRootClaims.setRootBasket(state, AURORA_HEX, { holdings: new Map([[1, 3n * TAO]]), owed: new Map([[ALICE_HEX as `0x${string}`, 10n]]) })]);
      const head = devnet.head();
      const expected = claimPreview(devnet.state(), AURORA_HEX, ALICE_HEX as `0x${string}`)!.redeemableTao;
      const read = () => readSnapshot(api, head.hash, head.number, { network: 'devnet', address: ALICE, knownNetuids: [], now: 0 });
      const withPreviews = await read();
      expect(withPreviews.snapshot.account!.rootClaims!.dustEstimated).toBe(true);
      // As if the metadata declared BetaBasketRuntimeApi without the preview methods.
      const section = (api.call as unknown as Record<string, Record<string, unknown>>)['betaBasketRuntimeApi']!;
      Object.defineProperty(section, 'getRootBasketClaimPreviews', { value: undefined, configurable: true });
      const fallback = await read();
      expect(fallback.snapshot.features).toMatchObject({ rootClaims: true });
      expect(fallback.snapshot.account!.rootClaims).toMatchObject({ dustEstimated: false, threshold: '500000' });
      expect(fallback.snapshot.account!.rootClaims!.claims).toEqual([{ hotkey: AURORA, accrued: expected.toString(), redeemable: expected.toString(), forfeited: '0', dustRows: 0 }]);
      expect(fallback.requests).toBe(withPreviews.requests);
    } finally {
      await close();
    }
  });
});
