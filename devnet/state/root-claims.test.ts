import { beforeEach, describe, expect, it } from 'vitest';
import { createGenesisState, devAccount, validator } from './genesis.ts';
import { quoteUnstake } from '../../src/amm/index.ts';
import { poolOf, stakeValue } from './queries.ts';
import { BASKET_ESCROW, basketPayoutFrom, claimPreview, claimPreviews, setRootBasket, setRootClaimParams } from './root-claims.ts';
import { calls, checkInvariants, fails, ok, TAO } from './testing.ts';
import type { ChainState, DecodedCall } from './types.ts';

const alice = devAccount('Alice').hex;
const bob = devAccount('Bob').hex;
const aurora = validator('aurora').hex;
const claim = (hotkey: string): DecodedCall => ({ section: 'subtensorModule', method: 'claimRootWithHotkey', args: { hotkey } });
const batchAll = (...list: DecodedCall[]): DecodedCall => ({ section: 'utility', method: 'batchAll', args: { calls: list } });
let state: ChainState;

beforeEach(() => {
  state = createGenesisState('current');
});

describe('root claims (devnet rules)', () => {
  it('a claim of the whole basket pays exactly the preview (the sale quote of each holding), stakes it on root and burns the shares', () => {
    setRootBasket(state, aurora, { holdings: new Map([[1, 3n * TAO], [0, TAO / 2n]]), owed: new Map([[alice, 1_000n]]) });
    checkInvariants(state);
    const sale = quoteUnstake(poolOf(state, 1), 3n * TAO).amountOut;
    const preview = claimPreview(state, aurora, alice)!;
    expect(preview.accruedTao).toBe(sale + TAO / 2n);
    expect(preview.redeemableTao).toBe(preview.accruedTao);
    expect(preview.forfeitedTaoEst).toBe(0n);
    expect(preview.rowsToSell).toBe(1);
    const rootBefore = stakeValue(state, aurora, alice, 0);
    const outcome = ok(state, alice, claim(aurora));
    // The devnet's integer share pool may round the staked value by one rao.
    expect(Number(stakeValue(state, aurora, alice, 0) - rootBefore - preview.redeemableTao)).toBeOneOf([-1, 0, 1]);
    expect(outcome.events.at(-1)).toEqual({ section: 'SubtensorModule', method: 'RootClaimed', data: [alice, preview.redeemableTao] });
    expect(outcome.events.find((e) => e.method === 'BasketClaimed')!.data).toEqual([aurora, alice, preview.redeemableTao]);
    expect(stakeValue(state, aurora, BASKET_ESCROW, 1)).toBe(0n);
    expect(claimPreview(state, aurora, alice)).toBeUndefined();
    expect(state.rootClaims.lastStake.get(`${alice}:${aurora}`)).toBe(state.blockNumber);
  });

  it('below RootClaimableThreshold the claim succeeds as a paid no-op: nothing sold, nothing burned, RootClaimed with 0', () => {
    setRootBasket(state, aurora, { holdings: new Map([[0, 400_000n]]), owed: new Map([[alice, 10n]]) });
    expect(claimPreview(state, aurora, alice)!.redeemableTao).toBe(400_000n);
    const rootBefore = stakeValue(state, aurora, alice, 0);
    const outcome = ok(state, alice, claim(aurora));
    expect(outcome.events).toEqual([{ section: 'SubtensorModule', method: 'RootClaimed', data: [alice, 0n] }]);
    expect(stakeValue(state, aurora, alice, 0)).toBe(rootBefore);
    expect(state.rootClaims.baskets.get(aurora)!.owed.get(alice)).toBe(10n);
    // At the threshold it pays.
    setRootClaimParams(state, { threshold: 400_000n });
    expect(ok(state, alice, claim(aurora)).events.at(-1)!.data).toEqual([alice, 400_000n]);
    expect(Number(stakeValue(state, aurora, alice, 0) - rootBefore - 400_000n)).toBeOneOf([-1, 0, 1]);
  });

  it('a partial claim is paid its entitlement per holding; dust slices are skipped and reported as forfeited', () => {
    setRootBasket(state, aurora, { holdings: new Map([[1, 10n * TAO], [2, 20_000n]]), owed: new Map([[alice, 1n], [bob, 3n]]) });
    setRootClaimParams(state, { sliceDust: 100_000n, forfeitCap: 1_000_000n });
    const p = claimPreview(state, aurora, alice)!;
    const v1 = quoteUnstake(poolOf(state, 1), 10n * TAO).amountOut;
    const v2 = quoteUnstake(poolOf(state, 2), 20_000n).amountOut;
    expect(p.accruedTao).toBe(basketPayoutFrom(1n, v1 + v2, 4n));
    expect(p.redeemableTao).toBe(basketPayoutFrom(1n, v1, 4n));
    expect(p.forfeitedTaoEst).toBe(basketPayoutFrom(1n, v2, 4n));
    expect(p.dustRows).toBe(1);
    const rootBefore = stakeValue(state, aurora, alice, 0);
    const outcome = ok(state, alice, claim(aurora));
    expect(outcome.events.at(-1)!.data).toEqual([alice, p.redeemableTao]);
    expect(Number(stakeValue(state, aurora, alice, 0) - rootBefore - p.redeemableTao)).toBeOneOf([-1, 0, 1]);
    expect(outcome.events[0]).toEqual({ section: 'SubtensorModule', method: 'BasketClaimDustSkipped', data: [aurora, alice, 1, p.forfeitedTaoEst] });
    // The dust row stays whole in the fund for Bob.
    expect(stakeValue(state, aurora, BASKET_ESCROW, 2)).toBe(20_000n);
    expect(state.rootClaims.baskets.get(aurora)!.shares).toBe(3n);
    expect(claimPreviews(state, bob).map((x) => x.owedShares)).toEqual([3n]);
  });

  it('with a hold, root stake cannot leave until RootStakeUnlockInterval blocks after its last change (RootStakeLocked); a claim restarts it', () => {
    setRootClaimParams(state, { unlockInterval: 100n });
    state.blockNumber = 50;
    fails(state, alice, calls.removeStake(aurora, 0, TAO), 'SubtensorModule', 'RootStakeLocked');
    fails(state, alice, calls.moveStake(aurora, aurora, 0, 1, TAO), 'SubtensorModule', 'RootStakeLocked');
    state.blockNumber = 100;
    ok(state, alice, calls.removeStake(aurora, 0, TAO));
    // The removal itself stamped the pair.
    fails(state, alice, calls.removeStake(aurora, 0, TAO), 'SubtensorModule', 'RootStakeLocked');
    state.blockNumber = 200;
    setRootBasket(state, aurora, { holdings: new Map([[0, TAO]]), owed: new Map([[alice, 1n]]) });
    ok(state, alice, claim(aurora));
    fails(state, alice, calls.removeStake(aurora, 0, TAO), 'SubtensorModule', 'RootStakeLocked');
  });

  it('batch_all([claim, remove_stake_full_limit]) claims then exits the whole root position; a failing item reverts the claim too', () => {
    setRootBasket(state, aurora, { holdings: new Map([[1, 2n * TAO]]), owed: new Map([[alice, 5n]]) });
    const before = state.accounts.get(alice)!.free;
    const root = stakeValue(state, aurora, alice, 0);
    const payout = claimPreview(state, aurora, alice)!.redeemableTao;
    const outcome = ok(state, alice, batchAll(claim(aurora), calls.removeStakeFullLimit(aurora, 0, null)));
    expect(stakeValue(state, aurora, alice, 0)).toBe(0n);
    expect(Number(state.accounts.get(alice)!.free - before - root - payout)).toBeOneOf([-1, 0, 1]);
    expect(outcome.events.filter((e) => e.method === 'ItemCompleted')).toHaveLength(2);
    expect(outcome.events.at(-1)!.method).toBe('BatchCompleted');

    // Under a hold the claim restamps the pair, so the unstake in the same batch fails and nothing stays.
    setRootBasket(state, aurora, { holdings: new Map([[1, 2n * TAO]]), owed: new Map([[bob, 5n]]) });
    setRootClaimParams(state, { unlockInterval: 10n });
    state.blockNumber += 1_000;
    // Bob has no root stake with cobalt: the exit item fails, and the claim before it is undone.
    fails(state, bob, batchAll(claim(aurora), calls.removeStakeFullLimit(validator('cobalt').hex, 0, null)), 'SubtensorModule', 'AmountTooLow');
    fails(state, bob, batchAll(claim(aurora), calls.removeStakeFullLimit(aurora, 0, null)), 'SubtensorModule', 'RootStakeLocked');
  });

  it('claim_root ignores its subnets and claims every validator the coldkey is owed by, with one RootClaimed for the total', () => {
    const meridian = validator('meridian').hex;
    setRootBasket(state, aurora, { holdings: new Map([[0, 2n * TAO]]), owed: new Map([[alice, 1n]]) });
    setRootBasket(state, meridian, { holdings: new Map([[0, 3n * TAO]]), owed: new Map([[alice, 1n]]) });
    const outcome = ok(state, alice, { section: 'subtensorModule', method: 'claimRoot', args: { subnets: [7] } });
    expect(outcome.events.filter((e) => e.method === 'BasketClaimed').map((e) => e.data)).toEqual([[aurora, alice, 2n * TAO], [meridian, alice, 3n * TAO]]);
    expect(outcome.events.at(-1)).toEqual({ section: 'SubtensorModule', method: 'RootClaimed', data: [alice, 5n * TAO] });
    expect(claimPreviews(state, alice)).toEqual([]);
  });
});
