import { describe, expect, it } from 'vitest';
import { reconcile, type ReconcileInput } from './reconcile.ts';

const TAO = 1_000_000_000n;
const stake: ReconcileInput = { kind: 'stake', tao: 10n * TAO, alpha: 200n * TAO, swapFee: 5_000_000n, networkFee: 1_000_000n, freeBefore: 100n * TAO, freeAfter: 100n * TAO - 10n * TAO - 1_000_000n, stakeBefore: 0n, stakeAfter: 200n * TAO, symbol: 'α' };

describe('reconcile', () => {
  it('a stake that moved exactly paid-in + fee and grew the stake by the alpha bought has no flag', () => {
    expect(reconcile(stake)).toEqual({ taoChange: 10n * TAO + 1_000_000n, taoExpected: 10n * TAO + 1_000_000n, alphaFee: null, flags: [] });
  });

  it('flags TAO debited beyond paid-in + fee as kept on the subnet account (subtensor#2735)', () => {
    const r = reconcile({ ...stake, freeAfter: stake.freeAfter - 400_000_000n });
    expect(r.taoChange - r.taoExpected).toBe(400_000_000n);
    expect(r.flags).toEqual(['The chain kept 0.4 TAO on the subnet account: it was debited, but neither staked nor refunded (the stranded-TAO failure, subtensor#2735).']);
  });

  it('reconstructs an alpha fee from the stake diff: a stake that grew less than bought', () => {
    const r = reconcile({ ...stake, stakeAfter: 200n * TAO - 3n });
    expect(r.alphaFee).toBe(3n);
    expect(r.flags[0]).toMatch(/0.000000003 α less than the 200 α bought/);
  });

  it('an unstake: credited TAO against paid-out minus fee, alpha removed against sold + its fee', () => {
    const unstake: ReconcileInput = { kind: 'unstake', tao: 5n * TAO, alpha: 99n * TAO, swapFee: TAO, networkFee: 1_000_000n, freeBefore: TAO, freeAfter: 6n * TAO - 1_000_000n, stakeBefore: 500n * TAO, stakeAfter: 400n * TAO, symbol: 'β' };
    expect(reconcile(unstake).flags).toEqual([]);
    const taken = reconcile({ ...unstake, stakeAfter: 400n * TAO - 7n });
    expect(taken.alphaFee).toBe(7n);
    expect(taken.flags[0]).toMatch(/took 0.000000007 β more/);
    expect(reconcile({ ...unstake, freeAfter: unstake.freeAfter - 2n }).flags[0]).toMatch(/^0.000000002 TAO less was credited/);
  });
});
