import { describe, expect, it } from 'vitest';
import type { RootClaimsView } from '../protocol/chain.ts';
import { claimAllOffered, claimAllPlan, claimAllRefusal, claimOutcomeNote, claimExitRefusal, claimRefusal, rootHoldBlocksLeft, rootHoldRefusal, rootHoldText, rootIntentRefusal, thresholdFromBits } from './root-claims.ts';

const H = '5HotkeyA';
const view = (over: Partial<RootClaimsView> = {}): RootClaimsView => ({
  threshold: '500000',
  unlockInterval: '0',
  blockTimeMs: 12_000,
  claims: [{ hotkey: H, accrued: '900000', redeemable: '800000', forfeited: '100000', dustRows: 1 }],
  lastStakeBlock: {},
  dustEstimated: true,
  ...over,
});

describe('root claim rules', () => {
  it('reads RootClaimableThreshold (I96F32 bits) as rao, rounding a fraction up so the gate stays closed', () => {
    expect(thresholdFromBits(500_000n << 32n)).toBe(500_000n);
    expect(thresholdFromBits((500_000n << 32n) + 1n)).toBe(500_001n);
    expect(thresholdFromBits(3n << 31n)).toBe(2n);
    expect(thresholdFromBits(0n)).toBe(0n);
  });

  it('refuses a claim that would be a paid no-op (below the threshold) or that has nothing owed; allows one at the threshold', () => {
    expect(claimRefusal(view(), H)).toBeNull();
    const below = claimRefusal(view({ claims: [{ hotkey: H, accrued: '499999', redeemable: '499999', forfeited: '0', dustRows: 0 }] }), H)!;
    expect(below.code).toBe('BelowClaimThreshold');
    expect(below.message).toMatch(/would pay 0\.000499 τ, less than the chain's minimum claim of 0\.0005 τ.*charge the network fee and pay nothing/);
    expect(claimRefusal(view({ claims: [{ hotkey: H, accrued: '500000', redeemable: '500000', forfeited: '0', dustRows: 0 }] }), H)).toBeNull();
    // All of it dust: accrued but nothing redeemable.
    expect(claimRefusal(view({ claims: [{ hotkey: H, accrued: '900000', redeemable: '0', forfeited: '900000', dustRows: 2 }] }), H)!.code).toBe('BelowClaimThreshold');
    expect(claimRefusal(view(), '5Other')!.code).toBe('NothingToClaim');
  });

  it('the hold: root stake moves again RootStakeUnlockInterval blocks after its last stamp, counted at the next block', () => {
    const held = view({ unlockInterval: '100', lastStakeBlock: { [H]: 1_000 } });
    expect(rootHoldBlocksLeft(held, H, 1_050)).toBe(49n);
    expect(rootHoldBlocksLeft(held, H, 1_099)).toBe(0n);
    expect(rootHoldBlocksLeft(held, H, 1_098)).toBe(1n);
    expect(rootHoldBlocksLeft(view(), H, 1_050)).toBe(0n);
    // Never stamped: measured from block 0, as the chain's unwrap_or(0).
    expect(rootHoldBlocksLeft(view({ unlockInterval: '100' }), H, 10)).toBe(89n);
    expect(rootHoldText(held, H, 1_050)).toMatch(/from block #1100 \(about 10 minutes from now\)/);
    expect(rootHoldRefusal(held, H, 1_050)!.code).toBe('RootStakeLocked');
    expect(rootHoldRefusal(held, H, 1_099)).toBeNull();
  });

  it('claim-then-exit is refused under any hold (the claim restarts it) and when the claim would pay nothing', () => {
    expect(claimExitRefusal(view(), H, 10)).toBeNull();
    expect(claimExitRefusal(view({ unlockInterval: '5', lastStakeBlock: { [H]: 0 } }), H, 1_000)!.code).toBe('ClaimExitNeedsNoHold');
    expect(claimExitRefusal(view({ unlockInterval: '5', lastStakeBlock: { [H]: 999 } }), H, 1_000)!.code).toBe('RootStakeLocked');
    const dust = claimExitRefusal(view({ claims: [{ hotkey: H, accrued: '10', redeemable: '10', forfeited: '0', dustRows: 0 }] }), H, 10)!;
    expect(dust.code).toBe('BelowClaimThreshold');
    expect(dust.message).toMatch(/use Unstake/);
  });

  it('checks intents off root against the hold, and nothing where the chain has no root claims', () => {
    const snapshot = { blockNumber: 1_050, account: { address: 'a', free: '0', positions: [], totalTao: '0', rootClaims: view({ unlockInterval: '100', lastStakeBlock: { [H]: 1_000 } }) } };
    expect(rootIntentRefusal({ kind: 'unstakeFull', hotkey: H, netuid: 0, limitPrice: null }, snapshot)!.code).toBe('RootStakeLocked');
    expect(rootIntentRefusal({ kind: 'unstakeFull', hotkey: H, netuid: 1, limitPrice: null }, snapshot)).toBeNull();
    expect(rootIntentRefusal({ kind: 'moveLimit', originHotkey: H, destinationHotkey: H, originNetuid: 0, destinationNetuid: 3, amount: '1', limitPrice: '1', allowPartial: false }, snapshot)!.code).toBe('RootStakeLocked');
    expect(rootIntentRefusal({ kind: 'claimRoot', hotkey: H }, snapshot)).toBeNull();
    // unstake_all would skip the held root position silently: refused only when there is one.
    expect(rootIntentRefusal({ kind: 'unstakeAll', hotkey: H }, snapshot)).toBeNull();
    const withRoot = { ...snapshot, account: { ...snapshot.account, positions: [{ hotkey: H, netuid: 0, alpha: '5', valueTao: '5', unstakeTao: '5' }] } };
    expect(rootIntentRefusal({ kind: 'unstakeAll', hotkey: H }, withRoot)!.message).toMatch(/silently leave your root stake behind/);
    const { rootClaims: _none, ...plain } = snapshot.account;
    expect(rootIntentRefusal({ kind: 'unstakeFull', hotkey: H, netuid: 0, limitPrice: null }, { blockNumber: 1_050, account: plain })).toBeNull();
  });

  it('says so when a landed claim paid nothing (the chain skipped it as dust), and only then', () => {
    expect(claimOutcomeNote({ kind: 'claimRoot', hotkey: H }, 0n)).toMatch(/paid nothing.*did not retry/);
    expect(claimOutcomeNote({ kind: 'claimRoot', hotkey: H }, 5n)).toBeNull();
    expect(claimOutcomeNote({ kind: 'claimRoot', hotkey: H }, null)).toBeNull();
    expect(claimOutcomeNote({ kind: 'claimRootExit', hotkey: H }, 0n)).toBeNull();
  });

  it('claim all: pays every validator at or above the minimum, skips the others, and totals the previews', () => {
    const H2 = '5HotkeyB';
    const H3 = '5HotkeyC';
    const three = view({
      claims: [
        { hotkey: H, accrued: '900000', redeemable: '800000', forfeited: '100000', dustRows: 1 },
        { hotkey: H2, accrued: '499999', redeemable: '499999', forfeited: '0', dustRows: 0 },
        { hotkey: H3, accrued: '500000', redeemable: '500000', forfeited: '0', dustRows: 0 },
      ],
    });
    const plan = claimAllPlan(three);
    expect(plan.claims.map((c) => c.hotkey)).toEqual([H, H3]);
    expect(plan.total).toBe(1_300_000n);
    expect(plan.skipped.map((c) => c.hotkey)).toEqual([H2]);
    expect(claimAllRefusal(three)).toBeNull();
    expect(claimAllOffered(three)).toBe(true);
    expect(rootIntentRefusal({ kind: 'claimRootAll' }, { blockNumber: 1, account: { address: 'a', free: '0', positions: [], totalTao: '0', rootClaims: three } })).toBeNull();
  });

  it('claim all: refused with the reason when no validator reaches the minimum (a paid no-op); offered only where it saves a transaction or must say why not', () => {
    const dust = view({
      claims: [
        { hotkey: H, accrued: '400000', redeemable: '400000', forfeited: '0', dustRows: 0 },
        { hotkey: '5HotkeyB', accrued: '900000', redeemable: '0', forfeited: '900000', dustRows: 2 },
      ],
    });
    const refusal = claimAllRefusal(dust)!;
    expect(refusal.code).toBe('BelowClaimThreshold');
    expect(refusal.message).toMatch(/less than the chain's minimum claim of 0\.0005 τ, so claiming all now would pay nothing/);
    expect(claimAllPlan(dust)).toEqual({ claims: [], total: 0n, skipped: dust.claims });
    expect(claimAllOffered(dust)).toBe(true);
    const snapshot = { blockNumber: 1, account: { address: 'a', free: '0', positions: [], totalTao: '0', rootClaims: dust } };
    expect(rootIntentRefusal({ kind: 'claimRootAll' }, snapshot)!.code).toBe('BelowClaimThreshold');
    expect(claimAllRefusal(view({ claims: [] }))!.code).toBe('NothingToClaim');
    // One validator that pays: its own Claim does the same for the same fee.
    expect(claimAllOffered(view())).toBe(false);
    expect(claimAllOffered(view({ claims: [...view().claims, { hotkey: '5HotkeyB', accrued: '1', redeemable: '1', forfeited: '0', dustRows: 0 }] }))).toBe(false);
    expect(claimAllOffered(view({ claims: [{ hotkey: H, accrued: '1', redeemable: '1', forfeited: '0', dustRows: 0 }] }))).toBe(false);
    expect(claimOutcomeNote({ kind: 'claimRootAll' }, 0n)).toMatch(/paid nothing/);
    expect(claimOutcomeNote({ kind: 'claimRootAll' }, 7n)).toBeNull();
  });
});
