import { beforeEach, describe, expect, it } from 'vitest';
import { maxMoveOverflows, maxStake, maxUnstake, quoteMove, smallestMoveLimit, quoteStake, quoteUnstake, spotPrice } from '../../src/amm/index.ts';
import { U64_MAX } from '../../src/amm/fixed.ts';
import type { AccountId, ChainState } from './types.ts';
import { BLOCK_AUTHOR, createGenesisState, devAccount, validator, WHALE } from './genesis.ts';
import { dispatch, maxAmountMove, minStakeAmount, stakingValidityCode, ZERO_MAX_AMOUNT_CODE } from './staking.ts';
import { RUNTIME_NAMES } from '../profiles.ts';
import { alphaPrice, freeBalance, poolOf, stakeInfoForColdkey, stakeValue } from './queries.ts';
import { frontRun, setPool } from './controls.ts';
import { calls, checkInvariants, fails, ok, TAO } from './testing.ts';

const alice = devAccount('Alice').hex;
const bob = devAccount('Bob').hex;
const eve = devAccount('Eve').hex;
const ferdie = devAccount('Ferdie').hex;
const aurora = validator('aurora').hex; // registered on 0, 1, 2, 3, 4, 5, 8, 11
const meridian = validator('meridian').hex;
const helix = validator('helix').hex;
const unknownHotkey = `0x${'ab'.repeat(32)}` as AccountId;
const author = BLOCK_AUTHOR.hex;

let state: ChainState;
beforeEach(() => {
  state = createGenesisState();
});

describe('add_stake_limit', () => {
  it('moves TAO, reserves, stake and the fee exactly as the AMM quote says', () => {
    const amount = 100n * TAO;
    const limit = 210_000_000n; // above the 0.2 TAO price of subnet 1, not binding for 100 TAO
    const pool = poolOf(state, 1);
    const quote = quoteStake(pool, amount, limit);
    const before = { free: freeBalance(state, eve), author: freeBalance(state, author), stake: stakeValue(state, aurora, eve, 1), alphaOut: state.subnets.get(1)!.alphaOut };

    const outcome = ok(state, eve, calls.addStakeLimit(aurora, 1, amount, limit, false));

    expect(quote.amountIn + quote.fee).toBe(amount);
    expect(quote.fee).toBeGreaterThan(0n);
    const subnet = state.subnets.get(1)!;
    expect(subnet.taoReserve).toBe(pool.taoReserve + quote.amountIn);
    expect(subnet.alphaReserve).toBe(pool.alphaReserve - quote.amountOut);
    expect(subnet.alphaOut).toBe(before.alphaOut + quote.amountOut);
    expect(freeBalance(state, eve)).toBe(before.free - amount);
    expect(freeBalance(state, author)).toBe(before.author + quote.fee);
    expect(stakeValue(state, aurora, eve, 1)).toBe(before.stake + quote.amountOut);
    expect(state.stakingHotkeys.get(eve)).toEqual([aurora]);
    expect(outcome.events).toEqual([{ section: 'SubtensorModule', method: 'StakeAdded', data: [eve, aurora, amount, quote.amountOut, 1, quote.fee] }]);
    expect(spotPrice(poolOf(state, 1))).toBeGreaterThan(spotPrice(pool));
  });

  it('stakes on a non-round quote weight (series path) the same way', () => {
    const pool = poolOf(state, 4);
    expect(pool.quoteWeight).toBe(487_123_456_789_012_345n);
    const quote = quoteStake(pool, 37n * TAO + 123_456_789n);
    ok(state, eve, calls.addStake(meridian, 4, 37n * TAO + 123_456_789n));
    expect(stakeValue(state, meridian, eve, 4)).toBe(quote.amountOut);
    expect(state.subnets.get(4)!.taoReserve).toBe(pool.taoReserve + quote.amountIn);
  });

  it('on root stakes 1:1 with no fee', () => {
    const authorBefore = freeBalance(state, author);
    const rootTao = state.subnets.get(0)!.taoReserve;
    ok(state, eve, calls.addStakeLimit(aurora, 0, 50n * TAO, TAO, false));
    expect(stakeValue(state, aurora, eve, 0)).toBe(50n * TAO);
    expect(state.subnets.get(0)!.taoReserve).toBe(rootTao + 50n * TAO);
    expect(freeBalance(state, author)).toBe(authorBefore);
  });

  it('keeps the existential deposit: staking the whole balance stakes free − 500', () => {
    const free = freeBalance(state, ferdie);
    const quote = quoteStake(poolOf(state, 1), free - 500n);
    ok(state, ferdie, calls.addStake(aurora, 1, free));
    expect(freeBalance(state, ferdie)).toBe(500n);
    expect(stakeValue(state, aurora, ferdie, 1)).toBe(quote.amountOut);
  });

  it('fills partially up to the limit with allow_partial', () => {
    const price = alphaPrice(state, 7);
    const limit = price + price / 100n; // +1 %
    const pool = poolOf(state, 7);
    const max = maxStake(pool, limit);
    const amount = max * 3n;
    expect(amount).toBeLessThan(freeBalance(state, bob));
    const before = freeBalance(state, bob);
    const quote = quoteStake(pool, max, limit);

    ok(state, bob, calls.addStakeLimit(meridian, 7, amount, limit, true));

    expect(before - freeBalance(state, bob)).toBe(max);
    expect(stakeValue(state, meridian, bob, 7)).toBe(quote.amountOut);
    const after = alphaPrice(state, 7);
    expect(after).toBeGreaterThan(price);
    expect(after).toBeLessThanOrEqual(limit);
  });

  it('refuses with SlippageTooHigh when the amount would cross the limit and partial is off', () => {
    const price = alphaPrice(state, 7);
    const limit = price + price / 100n;
    const max = maxStake(poolOf(state, 7), limit);
    fails(state, bob, calls.addStakeLimit(meridian, 7, max + 1_000_000_000n, limit, false), 'SubtensorModule', 'SlippageTooHigh');
  });

  it('protects the user after a front-run: refuses, or fills only up to the limit', () => {
    const amount = 200n * TAO;
    const price = alphaPrice(state, 3);
    const limit = price + price / 200n; // 0.5 % tolerance
    const quotedBefore = quoteStake(poolOf(state, 3), amount, limit);
    expect(quotedBefore.amountIn + quotedBefore.fee).toBe(amount); // would have filled in full

    frontRun(state, 3, 2_000n * TAO);
    checkInvariants(state);
    expect(alphaPrice(state, 3)).toBeGreaterThan(price);

    // The front-run pushed the price by more than the tolerance: even a partial fill is refused.
    expect(alphaPrice(state, 3)).toBeGreaterThanOrEqual(limit);
    fails(state, alice, calls.addStakeLimit(helix, 3, amount, limit, false), 'Swap', 'PriceLimitExceeded');
    fails(state, alice, calls.addStakeLimit(helix, 3, amount, limit, true), 'Swap', 'PriceLimitExceeded');
  });

  it('a smaller front-run leaves room: SlippageTooHigh without partial, a partial fill with it', () => {
    const amount = 200n * TAO;
    const price = alphaPrice(state, 3);
    const limit = price + price / 200n;
    expect(maxStake(poolOf(state, 3), limit)).toBeGreaterThan(amount); // would have filled in full
    frontRun(state, 3, 150n * TAO);
    const moved = alphaPrice(state, 3);
    expect(moved).toBeGreaterThan(price);
    expect(moved).toBeLessThan(limit);
    fails(state, alice, calls.addStakeLimit(helix, 3, amount, limit, false), 'SubtensorModule', 'SlippageTooHigh');

    const max = maxStake(poolOf(state, 3), limit);
    expect(max).toBeLessThan(amount);
    const before = freeBalance(state, alice);
    ok(state, alice, calls.addStakeLimit(helix, 3, amount, limit, true));
    expect(before - freeBalance(state, alice)).toBe(max);
    expect(alphaPrice(state, 3)).toBeLessThanOrEqual(limit);
  });

  it('without a limit the same front-run costs the user alpha', () => {
    const amount = 500n * TAO;
    const quotedBefore = quoteStake(poolOf(state, 3), amount);
    frontRun(state, 3, 2_000n * TAO);
    ok(state, eve, calls.addStake(helix, 3, amount));
    expect(stakeValue(state, helix, eve, 3)).toBeLessThan(quotedBefore.amountOut);
  });

  describe('errors in the chain order, each changing nothing', () => {
    it('InsufficientLiquidity (1000× the TAO reserve) comes before everything, even a missing hotkey', () => {
      setPool(state, 7, { taoReserve: 100_000_000n, alphaReserve: 20_000_000_000n }); // 0.1 TAO reserve
      fails(state, alice, calls.addStakeLimit(unknownHotkey, 7, 100_000_000n * 1_000n + 1n, 10n ** 15n, false), 'SubtensorModule', 'InsufficientLiquidity');
    });

    it('PriceLimitExceeded from get_max_amount_add for a limit at or below the price, even with allow_partial', () => {
      const price = alphaPrice(state, 1);
      fails(state, alice, calls.addStakeLimit(aurora, 1, 10n * TAO, price, true), 'Swap', 'PriceLimitExceeded');
      fails(state, alice, calls.addStakeLimit(aurora, 1, 10n * TAO, price - 1_000n, false), 'Swap', 'PriceLimitExceeded');
    });

    it('SubnetNotExists, then SubtokenDisabled', () => {
      fails(state, alice, calls.addStake(unknownHotkey, 99, 1n), 'SubtensorModule', 'SubnetNotExists');
      fails(state, alice, calls.addStake(unknownHotkey, 12, 1n), 'SubtensorModule', 'SubtokenDisabled');
    });

    it('AmountTooLow below DefaultMinStake + fee (2_001_007 rao at FeeRate 33), before a missing hotkey', () => {
      expect(minStakeAmount(state, 1)).toBe(2_001_007n);
      expect(minStakeAmount(state, 0)).toBe(2_000_000n);
      fails(state, alice, calls.addStake(unknownHotkey, 1, 2_001_006n), 'SubtensorModule', 'AmountTooLow');
      fails(state, alice, calls.addStake(aurora, 1, 2_001_006n), 'SubtensorModule', 'AmountTooLow');
      fails(state, alice, calls.addStake(aurora, 0, 1_999_999n), 'SubtensorModule', 'AmountTooLow');
      ok(state, alice, calls.addStake(aurora, 1, 2_001_007n));
    });

    it('AmountTooLow uses the subnet fee rate (FeeRate 655 on subnet 7), then checks the net amount', () => {
      const min = minStakeAmount(state, 7);
      expect(min).toBe(2_000_000n + (2_000_000n * 655n) / 65_535n);
      fails(state, alice, calls.addStake(meridian, 7, min - 1n), 'SubtensorModule', 'AmountTooLow');
      // Passes the first check, but the fee on the larger amount leaves less than DefaultMinStake for the pool.
      expect(quoteStake(poolOf(state, 7), min).amountIn).toBeLessThan(2_000_000n);
      fails(state, alice, calls.addStake(meridian, 7, min), 'SubtensorModule', 'AmountTooLow');
      ok(state, alice, calls.addStake(meridian, 7, 2_020_200n));
    });

    it('SlippageTooHigh comes before NotEnoughBalanceToStake', () => {
      const price = alphaPrice(state, 6);
      const limit = price + price / 1000n;
      const max = maxStake(poolOf(state, 6), limit);
      const amount = freeBalance(state, ferdie) + 1n;
      expect(amount).toBeGreaterThan(max);
      fails(state, ferdie, calls.addStakeLimit(unknownHotkey, 6, amount, limit, false), 'SubtensorModule', 'SlippageTooHigh');
    });

    it('NotEnoughBalanceToStake, before HotKeyAccountNotExists', () => {
      const amount = freeBalance(state, ferdie) + 1n;
      fails(state, ferdie, calls.addStake(unknownHotkey, 1, amount), 'SubtensorModule', 'NotEnoughBalanceToStake');
      fails(state, ferdie, calls.addStake(unknownHotkey, 1, 10n * TAO), 'SubtensorModule', 'HotKeyAccountNotExists');
    });

    it('InsufficientLiquidity when the simulation fails (alpha reserve below the minimum reserve)', () => {
      setPool(state, 7, { alphaReserve: 999_999n });
      fails(state, alice, calls.addStake(meridian, 7, 10n * TAO), 'SubtensorModule', 'InsufficientLiquidity');
    });
  });
});

describe('remove_stake_limit', () => {
  it('sells alpha, pays TAO, sells the alpha fee fee-less to the author (spec §6.4 example)', () => {
    // y = 10_000 TAO, x = 500_000 α, w2 = 0.5, FeeRate 33: unstaking 50 α charges 25_177_386 alpha units,
    // whose fee-less sale pays the author 503_447 rao.
    setPool(state, 6, { taoReserve: 10_000n * TAO, alphaReserve: 500_000n * TAO, quoteWeight: 500_000_000_000_000_000n, feeRate: 33 });
    ok(state, eve, calls.addStake(validator('quasar').hex, 6, 100n * TAO));
    setPool(state, 6, { taoReserve: 10_000n * TAO, alphaReserve: 500_000n * TAO });
    const quasar = validator('quasar').hex;
    const pool = poolOf(state, 6);
    const quote = quoteUnstake(pool, 50n * TAO);
    expect(quote.fee).toBe(25_177_386n);
    const feeSale = quoteUnstake(
      { ...pool, feeRate: 0, alphaReserve: pool.alphaReserve + quote.amountIn, taoReserve: pool.taoReserve - quote.amountOut },
      quote.fee,
    );
    expect(feeSale.amountOut).toBe(503_447n);

    const before = { eve: freeBalance(state, eve), author: freeBalance(state, author), stake: stakeValue(state, quasar, eve, 6), alphaOut: state.subnets.get(6)!.alphaOut };
    const outcome = ok(state, eve, calls.removeStakeLimit(quasar, 6, 50n * TAO, 1_000n, false));

    expect(freeBalance(state, eve)).toBe(before.eve + quote.amountOut);
    expect(freeBalance(state, author)).toBe(before.author + 503_447n);
    expect(stakeValue(state, quasar, eve, 6)).toBe(before.stake - 50n * TAO);
    const subnet = state.subnets.get(6)!;
    expect(subnet.alphaReserve).toBe(pool.alphaReserve + 50n * TAO);
    expect(subnet.taoReserve).toBe(pool.taoReserve - quote.amountOut - 503_447n);
    expect(subnet.alphaOut).toBe(before.alphaOut - 50n * TAO);
    expect(outcome.events).toEqual([{ section: 'SubtensorModule', method: 'StakeRemoved', data: [eve, quasar, quote.amountOut, quote.amountIn, 6, quote.fee] }]);
  });

  it('fills partially at the limit and refunds the unexecuted alpha to the stake', () => {
    const stake = stakeValue(state, aurora, bob, 1);
    const price = alphaPrice(state, 1);
    const limit = price - price / 1000n; // accept at most 0.1 % below the price
    const max = maxUnstake(poolOf(state, 1), limit);
    expect(max).toBeLessThan(stake);
    const before = freeBalance(state, bob);
    const quote = quoteUnstake(poolOf(state, 1), max, limit);
    ok(state, bob, calls.removeStakeLimit(aurora, 1, stake, limit, true));
    expect(stakeValue(state, aurora, bob, 1)).toBe(stake - quote.amountIn - quote.fee);
    expect(freeBalance(state, bob)).toBe(before + quote.amountOut);
    // The swap stopped at the limit: its average pool price (before the fee) is above it. The spot
    // price afterwards may sit a little below: the alpha fee is sold after the user's swap, as on chain.
    expect(quote.amountIn + quote.fee).toBeLessThan(stake);
    expect((quote.amountOut * TAO) / quote.amountIn).toBeGreaterThanOrEqual(limit);
    expect(alphaPrice(state, 1)).toBeGreaterThan(limit - limit / 10_000n);
  });

  it('refuses after a downward front-run (SlippageTooHigh), changing nothing', () => {
    const stake = stakeValue(state, aurora, bob, 1);
    const amount = stake / 10n;
    const price = alphaPrice(state, 1);
    const limit = price - price / 200n;
    expect(quoteUnstake(poolOf(state, 1), amount, limit).amountIn + quoteUnstake(poolOf(state, 1), amount, limit).fee).toBe(amount);
    frontRun(state, 1, -5_000n * TAO);
    checkInvariants(state);
    const moved = alphaPrice(state, 1);
    expect(moved).toBeLessThan(price);
    expect(moved).toBeGreaterThan(limit);
    fails(state, bob, calls.removeStakeLimit(aurora, 1, amount, limit, false), 'SubtensorModule', 'SlippageTooHigh');
  });

  it('errors in order: SubnetNotExists, SubtokenDisabled, AmountTooLow (0), NotEnoughStakeToWithdraw, AmountTooLow (dust left), SlippageTooHigh, HotKeyAccountNotExists', () => {
    fails(state, bob, calls.removeStakeLimit(aurora, 99, 1n, 1_000n, false), 'SubtensorModule', 'SubnetNotExists');
    fails(state, bob, calls.removeStakeLimit(aurora, 12, 1n, 1_000n, false), 'SubtensorModule', 'SubtokenDisabled');
    fails(state, bob, calls.removeStakeLimit(aurora, 1, 0n, 1_000n, false), 'SubtensorModule', 'AmountTooLow');
    const stake = stakeValue(state, aurora, bob, 1);
    fails(state, bob, calls.removeStakeLimit(aurora, 1, stake + 1n, 1_000n, false), 'SubtensorModule', 'NotEnoughStakeToWithdraw');
    // remove_stake_limit is not capped at the stake (remove_stake is).
    fails(state, eve, calls.removeStakeLimit(unknownHotkey, 1, 1n, 1_000n, false), 'SubtensorModule', 'NotEnoughStakeToWithdraw');
    // 1 alpha at 0.2 TAO is 0.2 TAO: fine; 0.005 alpha is 0.001 TAO < 0.002 TAO and leaves stake behind.
    fails(state, bob, calls.removeStakeLimit(aurora, 1, 5_000_000n, 1_000n, false), 'SubtensorModule', 'AmountTooLow');
    const price = alphaPrice(state, 1);
    fails(state, bob, calls.removeStakeLimit(aurora, 1, stake, price - price / 1000n, false), 'SubtensorModule', 'SlippageTooHigh');
  });

  it('a limit at or above the price is refused by get_max_amount_remove (PriceLimitExceeded)', () => {
    const price = alphaPrice(state, 1);
    fails(state, bob, calls.removeStakeLimit(aurora, 1, TAO, price + 1n, true), 'Swap', 'PriceLimitExceeded');
  });

  it('a full unstake may return less than the minimum stake', () => {
    ok(state, eve, calls.addStake(aurora, 6 - 5, 2_100_000n)); // ~0.0105 alpha on subnet 1
    const stake = stakeValue(state, aurora, eve, 1);
    expect(quoteUnstake(poolOf(state, 1), stake).amountOut).toBeLessThan(2_000_000n + 100_000n);
    ok(state, eve, calls.removeStakeLimit(aurora, 1, stake, 1_000n, false));
    expect(stakeValue(state, aurora, eve, 1)).toBe(0n);
  });
});

describe('remove_stake and remove_stake_full_limit', () => {
  it('remove_stake caps the amount at the stake', () => {
    const stake = stakeValue(state, helix, bob, 3);
    const quote = quoteUnstake(poolOf(state, 3), stake);
    const before = freeBalance(state, bob);
    ok(state, bob, calls.removeStake(helix, 3, stake * 2n));
    expect(stakeValue(state, helix, bob, 3)).toBe(0n);
    expect(freeBalance(state, bob)).toBe(before + quote.amountOut);
  });

  it('remove_stake_full_limit with a limit unstakes everything when the limit holds', () => {
    const stake = stakeValue(state, meridian, alice, 4);
    expect(stake).toBeGreaterThan(0n);
    const quote = quoteUnstake(poolOf(state, 4), stake);
    const price = alphaPrice(state, 4);
    const before = freeBalance(state, alice);
    ok(state, alice, calls.removeStakeFullLimit(meridian, 4, price / 2n));
    expect(stakeValue(state, meridian, alice, 4)).toBe(0n);
    expect(freeBalance(state, alice)).toBe(before + quote.amountOut);
    expect(stakeInfoForColdkey(state, alice).some((s) => s.netuid === 4)).toBe(false);
  });

  it('remove_stake_full_limit refuses (no partial) when the limit does not hold, and without a limit runs unprotected', () => {
    const stake = stakeValue(state, meridian, alice, 4);
    const price = alphaPrice(state, 4);
    fails(state, alice, calls.removeStakeFullLimit(meridian, 4, price - price / 1000n), 'SubtensorModule', 'SlippageTooHigh');
    ok(state, alice, calls.removeStakeFullLimit(meridian, 4, null));
    expect(stakeValue(state, meridian, alice, 4)).toBe(0n);
    expect(stake).toBeGreaterThan(0n);
  });

  it('remove_stake_full_limit with no stake is AmountTooLow', () => {
    fails(state, eve, calls.removeStakeFullLimit(aurora, 1, null), 'SubtensorModule', 'AmountTooLow');
  });
});

describe('moves', () => {
  it('alpha → alpha (swap_stake) charges one fee, on the origin leg', () => {
    const amount = 1_000n * TAO;
    const origin = poolOf(state, 1);
    const destination = poolOf(state, 2);
    const expected = quoteMove(origin, destination, amount);
    expect(expected.feeLeg).toBe('origin');
    const originFee = quoteUnstake(origin, amount).fee;
    expect(expected.fee).toBe(originFee);
    const twoFees = quoteStake(destination, quoteUnstake(origin, amount).amountOut).amountOut;
    expect(twoFees).toBeLessThan(expected.amountOut);

    const before = stakeValue(state, aurora, bob, 2);
    const outcome = ok(state, bob, calls.swapStake(aurora, 1, 2, amount));
    expect(stakeValue(state, aurora, bob, 2)).toBe(before + expected.amountOut);
    const last = outcome.events.at(-1)!;
    expect(last).toEqual({ section: 'SubtensorModule', method: 'StakeSwapped', data: [bob, aurora, 1, 2, expected.tao] });
    expect(outcome.events.map((e) => e.method)).toEqual(['StakeRemoved', 'StakeAdded', 'StakeSwapped']);
    expect(outcome.events[1]!.data[5]).toBe(0n); // the destination leg is fee-less
  });

  it('root → alpha (move_stake) charges the fee on the destination leg, in TAO', () => {
    const amount = 300n * TAO;
    const expected = quoteMove(poolOf(state, 0), poolOf(state, 1), amount);
    expect(expected.feeLeg).toBe('destination');
    expect(expected.tao).toBe(amount);
    const authorBefore = freeBalance(state, author);
    const stakeBefore = stakeValue(state, aurora, alice, 1);
    ok(state, alice, calls.moveStake(aurora, aurora, 0, 1, amount));
    expect(freeBalance(state, author) - authorBefore).toBe(expected.fee);
    expect(stakeValue(state, aurora, alice, 1)).toBe(stakeBefore + expected.amountOut);
  });

  it('alpha → root (move_stake to another hotkey) charges the fee on the origin leg', () => {
    const amount = 2_000n * TAO;
    const expected = quoteMove(poolOf(state, 1), poolOf(state, 0), amount);
    expect(expected.feeLeg).toBe('origin');
    ok(state, bob, calls.moveStake(aurora, meridian, 1, 0, amount));
    const rootBefore = createGenesisState();
    expect(stakeValue(state, meridian, bob, 0)).toBe(stakeValue(rootBefore, meridian, bob, 0) + expected.amountOut);
    expect(expected.amountOut).toBe(expected.tao);
  });

  it('same subnet, other hotkey: no swap, no fee, reserves untouched', () => {
    const amount = 1_000n * TAO;
    const subnetBefore = { ...state.subnets.get(1)! };
    const authorBefore = freeBalance(state, author);
    const outcome = ok(state, bob, calls.moveStake(aurora, validator('northwind').hex, 1, 1, amount));
    expect(state.subnets.get(1)).toEqual(subnetBefore);
    expect(freeBalance(state, author)).toBe(authorBefore);
    expect(stakeValue(state, validator('northwind').hex, bob, 1)).toBe(amount);
    const tao = quoteMove(poolOf(state, 1), poolOf(state, 1), amount).tao;
    expect(outcome.events.at(-1)).toEqual({ section: 'SubtensorModule', method: 'StakeMoved', data: [bob, aurora, 1, validator('northwind').hex, 1, tao] });
  });

  it('transfer_stake gives the stake to another coldkey; TransferDisallowed where the toggle is off', () => {
    const amount = 1_000n * TAO;
    const expected = quoteMove(poolOf(state, 1), poolOf(state, 8), amount);
    ok(state, bob, calls.transferStake(eve, aurora, 1, 8, amount));
    expect(stakeValue(state, aurora, eve, 8)).toBe(expected.amountOut);
    expect(state.stakingHotkeys.get(eve)).toContain(aurora);

    ok(state, bob, calls.transferStake(eve, aurora, 1, 1, amount));
    expect(stakeValue(state, aurora, eve, 1)).toBe(amount);

    const quasar = validator('quasar').hex;
    ok(state, eve, calls.addStake(quasar, 9, 10n * TAO));
    const stake9 = stakeValue(state, quasar, eve, 9);
    fails(state, eve, calls.transferStake(ferdie, quasar, 9, 9, stake9), 'SubtensorModule', 'TransferDisallowed');
    fails(state, bob, calls.transferStake(ferdie, aurora, 1, 9, amount), 'SubtensorModule', 'TransferDisallowed');
  });

  it('transition errors in order, changing nothing', () => {
    fails(state, bob, calls.swapStake(aurora, 1, 1, TAO), 'SubtensorModule', 'SameNetuid');
    fails(state, bob, calls.moveStake(aurora, aurora, 1, 1, TAO), 'SubtensorModule', 'SameNetuid');
    fails(state, bob, calls.moveStake(aurora, aurora, 1, 99, TAO), 'SubtensorModule', 'SubnetNotExists');
    fails(state, bob, calls.moveStake(aurora, aurora, 1, 12, TAO), 'SubtensorModule', 'SubtokenDisabled');
    fails(state, bob, calls.moveStake(aurora, unknownHotkey, 1, 2, TAO), 'SubtensorModule', 'HotKeyAccountNotExists');
    const stake = stakeValue(state, aurora, bob, 1);
    fails(state, bob, calls.moveStake(aurora, aurora, 1, 2, stake + 1n), 'SubtensorModule', 'NotEnoughStakeToWithdraw');
    // 0.01 alpha at 0.2 TAO = 0.002 TAO minus fee: not strictly above DefaultMinStake.
    fails(state, bob, calls.moveStake(aurora, aurora, 1, 2, 10_000_000n), 'SubtensorModule', 'AmountTooLow');
    fails(state, bob, calls.moveStake(aurora, meridian, 1, 1, 9_000_000n), 'SubtensorModule', 'AmountTooLow');
  });

  it('swap_stake_limit: SlippageTooHigh past the limit, partial fill with allow_partial', () => {
    // Subnets 1 and 8 both have w2 = 0.5, where the chain's closed form for the max move is the pools' own curve.
    const ratio = (alphaPrice(state, 1) * TAO) / alphaPrice(state, 8);
    const limit = ratio - ratio / 200n;
    const max = maxAmountMove(state, 1, 8, limit);
    expect(max).toBeGreaterThan(0n);
    const stake = stakeValue(state, aurora, bob, 1);
    expect(stake).toBeGreaterThan(max);
    fails(state, bob, calls.swapStakeLimit(aurora, 1, 8, stake, limit, false), 'SubtensorModule', 'SlippageTooHigh');
    const expected = quoteMove(poolOf(state, 1), poolOf(state, 8), max);
    const before8 = stakeValue(state, aurora, bob, 8);
    ok(state, bob, calls.swapStakeLimit(aurora, 1, 8, stake, limit, true));
    expect(stakeValue(state, aurora, bob, 1)).toBe(stake - max);
    expect(stakeValue(state, aurora, bob, 8)).toBe(before8 + expected.amountOut);
    // A limit above the current price ratio allows nothing: refused without partial; with it the
    // chain succeeds and moves nothing (transition_stake_internal unstakes 0, restakes nothing).
    expect(maxAmountMove(state, 1, 8, ratio * 2n)).toBe(0n);
    fails(state, bob, calls.swapStakeLimit(aurora, 1, 8, TAO * 100n, ratio * 2n, false), 'SubtensorModule', 'SlippageTooHigh');
    const stake1 = stakeValue(state, aurora, bob, 1);
    const stake8 = stakeValue(state, aurora, bob, 8);
    expect(ok(state, bob, calls.swapStakeLimit(aurora, 1, 8, TAO * 100n, ratio * 2n, true)).events).toEqual([
      { section: 'SubtensorModule', method: 'StakeRemoved', data: [bob, aurora, 0n, 0n, 1, 0n] },
      { section: 'SubtensorModule', method: 'StakeSwapped', data: [bob, aurora, 1, 8, 0n] },
    ]);
    expect(stakeValue(state, aurora, bob, 1)).toBe(stake1);
    expect(stakeValue(state, aurora, bob, 8)).toBe(stake8);
  });
});

describe.each(RUNTIME_NAMES)('swap_stake_limit with a tiny limit (limit_price = 1, ratio 1e-9) on the %s profile', (profile) => {
  // get_max_amount_move divides aD·tO/(tO+tD) by the limit as U64F64 with safe_div; the quotient
  // (~1.6e24 alpha here) does not fit, checked_div is None, so the maximum is 0, as on chain.
  const v3 = profile === 'v3';
  let s: ChainState;
  beforeEach(() => {
    s = createGenesisState(profile);
  });

  it('get_max_amount_move is 0 (v3: ZeroMaxStakeAmount), not u64::MAX; limit_price = 0 is u64::MAX', () => {
    expect(maxMoveOverflows(poolOf(s, 1), poolOf(s, 8), 1n)).toBe(true);
    if (v3) expect(() => maxAmountMove(s, 1, 8, 1n)).toThrow(expect.objectContaining({ error: expect.objectContaining({ name: 'ZeroMaxStakeAmount' }) }));
    else expect(maxAmountMove(s, 1, 8, 1n)).toBe(0n);
    expect(maxAmountMove(s, 1, 8, 0n)).toBe(U64_MAX);
  });

  it('without allow_partial the chain refuses it; with it, it moves nothing (v3: ZeroMaxStakeAmount, validity code 14)', () => {
    const who = stakeValue(s, aurora, bob, 1) > 0n ? bob : alice;
    const stake1 = stakeValue(s, aurora, who, 1);
    const stake8 = stakeValue(s, aurora, who, 8);
    const pools = [poolOf(s, 1), poolOf(s, 8)];
    if (v3) {
      fails(s, who, calls.swapStakeLimit(aurora, 1, 8, 10n * TAO, 1n, false), 'SubtensorModule', 'ZeroMaxStakeAmount');
      fails(s, who, calls.swapStakeLimit(aurora, 1, 8, 10n * TAO, 1n, true), 'SubtensorModule', 'ZeroMaxStakeAmount');
      expect(stakingValidityCode(s, who, calls.swapStakeLimit(aurora, 1, 8, 10n * TAO, 1n, true))).toBe(ZERO_MAX_AMOUNT_CODE);
      return;
    }
    fails(s, who, calls.swapStakeLimit(aurora, 1, 8, 10n * TAO, 1n, false), 'SubtensorModule', 'SlippageTooHigh');
    const out = ok(s, who, calls.swapStakeLimit(aurora, 1, 8, 10n * TAO, 1n, true));
    expect(out.events).toEqual([
      { section: 'SubtensorModule', method: 'StakeRemoved', data: [who, aurora, 0n, 0n, 1, 0n] },
      { section: 'SubtensorModule', method: 'StakeSwapped', data: [who, aurora, 1, 8, 0n] },
    ]);
    expect(stakeValue(s, aurora, who, 1)).toBe(stake1);
    expect(stakeValue(s, aurora, who, 8)).toBe(stake8);
    expect([poolOf(s, 1), poolOf(s, 8)]).toEqual(pools);
  });

  it('the smallest limit that does not overflow executes the whole amount, to the rao of quoteMove', () => {
    const who = stakeValue(s, aurora, bob, 1) > 0n ? bob : alice;
    const limit = smallestMoveLimit(poolOf(s, 1), poolOf(s, 8));
    expect(limit).toBeGreaterThan(1n);
    expect(maxMoveOverflows(poolOf(s, 1), poolOf(s, 8), limit - 1n)).toBe(true);
    expect(maxAmountMove(s, 1, 8, limit)).toBeGreaterThan(10n * TAO);
    const expected = quoteMove(poolOf(s, 1), poolOf(s, 8), 10n * TAO);
    const stake1 = stakeValue(s, aurora, who, 1);
    const stake8 = stakeValue(s, aurora, who, 8);
    expect(dispatch(s, who, calls.swapStakeLimit(aurora, 1, 8, 10n * TAO, limit, false)).ok).toBe(true);
    expect(stakeValue(s, aurora, who, 1)).toBe(stake1 - 10n * TAO);
    expect(stakeValue(s, aurora, who, 8)).toBe(stake8 + expected.amountOut);
  });
});

describe('move_stake_limit', () => {
  it('cross-subnet, cross-validator: the two legs of quoteMove under the ratio limit; SlippageTooHigh or a partial fill past it', () => {
    const ratio = (alphaPrice(state, 1) * TAO) / alphaPrice(state, 8);
    const limit = ratio - ratio / 200n;
    const max = maxAmountMove(state, 1, 8, limit);
    const stake = stakeValue(state, aurora, bob, 1);
    expect(stake).toBeGreaterThan(max);
    fails(state, bob, calls.moveStakeLimit(aurora, meridian, 1, 8, stake, limit, false), 'SubtensorModule', 'SlippageTooHigh');

    const small = max / 2n;
    const expected = quoteMove(poolOf(state, 1), poolOf(state, 8), small);
    const outcome = ok(state, bob, calls.moveStakeLimit(aurora, meridian, 1, 8, small, limit, false));
    expect(stakeValue(state, aurora, bob, 1)).toBe(stake - small);
    expect(stakeValue(state, meridian, bob, 8)).toBe(expected.amountOut);
    expect(outcome.events.map((e) => e.method)).toEqual(['StakeRemoved', 'StakeAdded', 'StakeMoved']);
    expect(outcome.events.at(-1)).toEqual({ section: 'SubtensorModule', method: 'StakeMoved', data: [bob, aurora, 1, meridian, 8, expected.tao] });

    const partial = createGenesisState();
    const moved = quoteMove(poolOf(partial, 1), poolOf(partial, 8), max);
    ok(partial, bob, calls.moveStakeLimit(aurora, meridian, 1, 8, stake, limit, true));
    expect(stakeValue(partial, aurora, bob, 1)).toBe(stake - max);
    expect(stakeValue(partial, meridian, bob, 8)).toBe(moved.amountOut);
  });

  it('u64::MAX moves the whole live position; same subnet ignores the limit; same hotkey and subnet is SameNetuid', () => {
    const stake = stakeValue(state, aurora, bob, 1);
    ok(state, bob, calls.moveStakeLimit(aurora, meridian, 1, 1, U64_MAX, U64_MAX, false));
    expect(stakeValue(state, aurora, bob, 1)).toBe(0n);
    expect(stakeValue(state, meridian, bob, 1)).toBe(stake);
    fails(state, bob, calls.moveStakeLimit(meridian, meridian, 1, 1, TAO, 0n, false), 'SubtensorModule', 'SameNetuid');
  });
});

describe('unstake_all and unstake_all_alpha', () => {
  it('unstake_all sells every position on the hotkey, root included', () => {
    const before = freeBalance(state, alice);
    const positions = [0, 1].map((n) => ({ n, out: quoteUnstake(poolOf(state, n), stakeValue(state, aurora, alice, n)).amountOut }));
    const outcome = ok(state, alice, calls.unstakeAll(aurora));
    expect(outcome.events.map((e) => e.method)).toEqual(['StakeRemoved', 'StakeRemoved']);
    expect(stakeValue(state, aurora, alice, 0)).toBe(0n);
    expect(stakeValue(state, aurora, alice, 1)).toBe(0n);
    expect(freeBalance(state, alice)).toBe(before + positions[0]!.out + positions[1]!.out);
    expect(stakeValue(state, meridian, alice, 4)).toBeGreaterThan(0n); // another hotkey: untouched
  });

  it('unstake_all_alpha sells non-root alpha and restakes the TAO on root', () => {
    const root = stakeValue(state, aurora, alice, 0);
    const out1 = quoteUnstake(poolOf(state, 1), stakeValue(state, aurora, alice, 1)).amountOut;
    const free = freeBalance(state, alice);
    const outcome = ok(state, alice, calls.unstakeAllAlpha(aurora));
    expect(stakeValue(state, aurora, alice, 1)).toBe(0n);
    expect(stakeValue(state, aurora, alice, 0)).toBe(root + out1);
    expect(freeBalance(state, alice)).toBe(free);
    expect(outcome.events.map((e) => e.method)).toEqual(['StakeRemoved', 'StakeAdded']);
  });

  it('unstake_all with an unknown hotkey is HotKeyAccountNotExists', () => {
    fails(state, alice, calls.unstakeAll(unknownHotkey), 'SubtensorModule', 'HotKeyAccountNotExists');
  });
});

describe('share pools', () => {
  it('two coldkeys on one hotkey share the pool in proportion, and one leaving does not change the other', () => {
    const hotkey = validator('lattice').hex;
    // Subnet 7 pool of lattice already has nominators whose value grew over their shares.
    const key = `${hotkey}:7`;
    const pool = state.stakePools.get(key)!;
    expect(pool.shares.size).toBeGreaterThan(1);
    expect(pool.totalAlpha * 1_000_000_000n).not.toBe(pool.totalShares); // value per share ≠ its value at entry

    ok(state, eve, calls.addStake(hotkey, 7, 100n * TAO));
    const eveStake = stakeValue(state, hotkey, eve, 7);
    ok(state, ferdie, calls.addStake(hotkey, 7, 100n * TAO));
    const ferdieStake = stakeValue(state, hotkey, ferdie, 7);
    expect(ferdieStake).toBeGreaterThan(0n);
    // Eve bought first, at a lower price, so she got more alpha; each value is within a rao of what was added.
    expect(eveStake).toBeGreaterThan(ferdieStake);
    expect(stakeValue(state, hotkey, eve, 7)).toBeGreaterThanOrEqual(eveStake - 1n);

    const sumOfValues = [...state.stakePools.get(key)!.shares.entries()].reduce((a, [c]) => a + stakeValue(state, hotkey, c, 7), 0n);
    expect(sumOfValues).toBeLessThanOrEqual(state.stakePools.get(key)!.totalAlpha);

    ok(state, eve, calls.removeStakeFullLimit(hotkey, 7, null));
    expect(stakeValue(state, hotkey, eve, 7)).toBe(0n);
    expect(state.stakePools.get(key)!.shares.has(eve)).toBe(false);
    const after = stakeValue(state, hotkey, ferdie, 7);
    expect(after === ferdieStake || after === ferdieStake + 1n).toBe(true);
  });

  it('a partial unstake never leaves the coldkey more than stake − amount', () => {
    const stake = stakeValue(state, validator('cobalt').hex, devAccount('Charlie').hex, 2);
    const amount = stake / 3n + 7n;
    ok(state, devAccount('Charlie').hex, calls.removeStake(validator('cobalt').hex, 2, amount));
    const left = stakeValue(state, validator('cobalt').hex, devAccount('Charlie').hex, 2);
    expect(left).toBeLessThanOrEqual(stake - amount);
    expect(left).toBeGreaterThanOrEqual(stake - amount - 1n);
  });
});

describe('dispatch', () => {
  it('refuses an unsupported call with System.CallFiltered and changes nothing', () => {
    fails(state, alice, { section: 'subtensorModule', method: 'burnedRegister', args: {} }, 'System', 'CallFiltered');
  });

  it('throws on malformed arguments (a caller bug), leaving the state alone', () => {
    const before = createGenesisState();
    expect(() => dispatch(state, alice, { section: 'subtensorModule', method: 'addStake', args: { hotkey: 'nope', netuid: 1, amountStaked: 1n } })).toThrow(/AccountId/);
    expect(() => dispatch(state, alice, { section: 'subtensorModule', method: 'addStake', args: { hotkey: aurora, netuid: 70_000, amountStaked: 1n } })).toThrow(/u16/);
    expect(state).toEqual(before);
  });

  it('accepts snake_case argument names too', () => {
    ok(state, eve, { section: 'subtensorModule', method: 'addStakeLimit', args: { hotkey: aurora, netuid: 1, amount_staked: 10n * TAO, limit_price: 10n ** 15n, allow_partial: false } });
    expect(stakeValue(state, aurora, eve, 1)).toBeGreaterThan(0n);
  });

  it('the whale used by frontRun exists and trades like anyone else', () => {
    expect(stakeValue(state, state.subnets.get(3)!.ownerHotkey, WHALE.hex, 3)).toBeGreaterThan(0n);
  });
});
