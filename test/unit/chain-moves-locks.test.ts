// move_stake_limit and conviction locks through the wallet's chain client against the devnet's
// `current` profile over a real WebSocket (the staking rules are the devnet's simulation,
// devnet/state/locks.ts), and the `balancer` profile, which has neither: the wallet falls back.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { previewMove } from '../../src/amm/index.ts';
import { poolOf } from '../../src/chain/snapshot.ts';
import type { VaultService } from '../../background/vault/service.ts';
import { aliceVault } from './helpers/alice-vault.ts';
import { ALICE, aliceOnDevnet } from './helpers/devnet-chain.ts';
import { validator } from '../../devnet/state/genesis.ts';
import { u8aToHex } from '@polkadot/util';
import { decodeAddress, encodeAddress } from '@polkadot/util-crypto';

const TAO = 1_000_000_000n;
const ss58 = (hex: string) => encodeAddress(hex, 42);

let vault: VaultService;
beforeAll(async () => {
  ({ vault } = await aliceVault());
});

const open = (runtime: 'current' | 'balancer') => aliceOnDevnet(runtime, vault);

describe('current profile', () => {
  let env: Awaited<ReturnType<typeof open>>;
  beforeAll(async () => {
    env = await open('current');
  });
  afterAll(async () => {
    await env?.close();
  });

  it('has move_stake_limit and locks in the snapshot features, with availability per subnet', async () => {
    const s = await env.snapshot((x) => x.account?.locks !== undefined);
    expect(s.features).toEqual({ moveStakeLimit: true, locks: true, rootClaims: true, rootClaimExit: true, rootClaimAll: true });
    const sn1 = s.account!.locks!.subnets.find((x) => x.netuid === 1)!;
    const position = s.account!.positions.filter((p) => p.netuid === 1).reduce((sum, p) => sum + BigInt(p.alpha), 0n);
    expect(sn1).toMatchObject({ total: position.toString(), locked: '0', available: position.toString(), perpetual: false });
    expect(s.account!.locks!.unlockRate).toBe('934866');
    expect(s.account!.locks!.rejectsLockedAlpha).toBe(true);
  });

  it('a cross-subnet, cross-validator move_stake_limit lands with received == the two-leg preview', async () => {
    const s = await env.snapshot();
    const aurora = ss58(validator('aurora').hex);
    const meridian = ss58(validator('meridian').hex);
    const origin = s.subnets.find((x) => x.netuid === 1)!;
    const destination = s.subnets.find((x) => x.netuid === 4)!;
    const amount = 50n * TAO;
    const preview = previewMove({ origin: poolOf(origin, s), destination: poolOf(destination, s), amount, tolerancePpm: 10_000n });
    expect(preview.error).toBeNull();
    const done = await env.land(
      { kind: 'moveLimit', originHotkey: aurora, destinationHotkey: meridian, originNetuid: 1, destinationNetuid: 4, amount: amount.toString(), limitPrice: preview.limitPrice!.toString(), allowPartial: false },
      preview.received,
    );
    expect(done.status).toBe('finalized');
    expect(done.received).toBe(preview.received.toString());
  });

  it('a move whose destination leg violates the ratio limit fails with SlippageTooHigh, explained', async () => {
    const s = await env.snapshot();
    const aurora = ss58(validator('aurora').hex);
    const meridian = ss58(validator('meridian').hex);
    const p1 = BigInt(s.subnets.find((x) => x.netuid === 1)!.price);
    const p4 = BigInt(s.subnets.find((x) => x.netuid === 4)!.price);
    const done = await env.land({ kind: 'moveLimit', originHotkey: aurora, destinationHotkey: meridian, originNetuid: 1, destinationNetuid: 4, amount: (10n * TAO).toString(), limitPrice: ((p1 * TAO * 2n) / p4).toString(), allowPartial: false });
    expect(done.status).toBe('failed');
    expect(done.error?.code).toBe('SlippageTooHigh');
  });

  it('lock, top-up and decay; an unstake above the available part is refused before signing with StakeUnavailable in words', async () => {
    const aurora = ss58(validator('aurora').hex);
    const meridian = ss58(validator('meridian').hex);
    expect((await env.land({ kind: 'lock', hotkey: aurora, netuid: 1, amount: (100n * TAO).toString() })).status).toBe('finalized');
    expect((await env.land({ kind: 'lock', hotkey: aurora, netuid: 1, amount: (50n * TAO).toString() })).status).toBe('finalized');
    const wrong = await env.land({ kind: 'lock', hotkey: meridian, netuid: 1, amount: TAO.toString() });
    expect(wrong.error?.code).toBe('LockHotkeyMismatch');
    // The first lock decayed for a block or two before the top-up rolled it forward: just under 150 α.
    const locked = await env.snapshot((x) => BigInt(x.account?.locks?.subnets.find((l) => l.netuid === 1)?.locked ?? '0') > 150n * TAO - TAO / 1000n);
    const sn1 = locked.account!.locks!.subnets.find((l) => l.netuid === 1)!;
    expect(sn1.hotkey).toBe(aurora);
    const available = BigInt(sn1.available);
    const stakeAurora = BigInt(locked.account!.positions.find((p) => p.netuid === 1 && p.hotkey === aurora)!.alpha);
    expect(stakeAurora).toBeGreaterThan(available);
    const price = BigInt(locked.subnets.find((x) => x.netuid === 1)!.price);
    // The chain would fail it with StakeUnavailable (devnet/state/locks.test.ts): the wallet refuses it unsigned.
    const unstake = { kind: 'unstake', hotkey: aurora, netuid: 1, amount: (available + TAO).toString(), limitPrice: (price / 2n).toString(), allowPartial: false } as const;
    await expect(env.chain.prepare(ALICE, unstake)).rejects.toMatchObject({ code: 'StakeUnavailable', message: expect.stringMatching(/conviction lock/) });

    // Half-life: 648,000 blocks old, the chain's own availability shows the lock halved.
    const ALICE_HEX = u8aToHex(decodeAddress(ALICE));
    await env.dev('dev_setLockAge', [ALICE_HEX, 1, 648_000]);
    const decayed = await env.snapshot((x) => BigInt(x.account?.locks?.subnets.find((l) => l.netuid === 1)?.locked ?? '0') <= 75n * TAO);
    expect(BigInt(decayed.account!.locks!.subnets.find((l) => l.netuid === 1)!.locked)).toBeGreaterThan(75n * TAO - TAO / 100n);

    expect((await env.land({ kind: 'setPerpetualLock', netuid: 1, enabled: true })).status).toBe('finalized');
    await env.snapshot((x) => x.account?.locks?.subnets.find((l) => l.netuid === 1)?.perpetual === true);
    expect((await env.land({ kind: 'moveLock', destinationHotkey: meridian, netuid: 1 })).status).toBe('finalized');
    await env.snapshot((x) => x.account?.locks?.subnets.find((l) => l.netuid === 1)?.hotkey === meridian);
    expect((await env.land({ kind: 'setRejectLockedAlpha', enabled: false })).status).toBe('finalized');
    await env.snapshot((x) => x.account?.locks?.rejectsLockedAlpha === false);
  }, 30_000);
});

describe('balancer profile', () => {
  it('has neither: no features, no availability, and the lock intents are refused as unsupported', async () => {
    const env = await open('balancer');
    try {
      const s = await env.snapshot();
      expect(s.features).toEqual({ moveStakeLimit: false, locks: false, rootClaims: false, rootClaimExit: false, rootClaimAll: false });
      expect(s.account!.locks).toBeUndefined();
      await expect(env.chain.prepare(ALICE, { kind: 'setPerpetualLock', netuid: 1, enabled: true })).rejects.toMatchObject({ code: 'Unsupported' });
    } finally {
      await env.close();
    }
  });
});
