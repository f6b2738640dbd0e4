// The v3 profile's dispatch rules (devnet/profiles.ts `swapRules: 'v3'`, spec 293) on the state
// machine directly: balances, the author, the pool record and the validity codes.
import { beforeEach, describe, expect, it } from 'vitest';
import { quoteMove, quoteStake, V3_MAX_PRICE_RAO } from '../../src/amm/index.ts';
import type { ChainState } from './types.ts';
import { BLOCK_AUTHOR, createGenesisState, devAccount, subnetAccountId, validator } from './genesis.ts';
import { dispatch, stakingValidityCode, ZERO_MAX_AMOUNT_CODE } from './staking.ts';
import { alphaPrice, freeBalance, poolOf, stakeValue } from './queries.ts';
import { ControlError, setPool } from './controls.ts';
import { calls, TAO } from './testing.ts';

const alice = devAccount('Alice').hex;
const aurora = validator('aurora').hex;
const meridian = validator('meridian').hex;

let state: ChainState;
beforeEach(() => {
  state = createGenesisState('v3');
});

describe('v3 profile dispatch rules', () => {
  it('a stake pays its fee to the pool, not the block author, and StakeAdded reports the TAO handed in', () => {
    const author = freeBalance(state, BLOCK_AUTHOR.hex);
    const subnetAccount = freeBalance(state, subnetAccountId(1));
    const reserve = state.subnets.get(1)!.taoReserve;
    const q = quoteStake(poolOf(state, 1), 10n * TAO, V3_MAX_PRICE_RAO);
    const out = dispatch(state, alice, calls.addStake(aurora, 1, 10n * TAO));
    expect(out.ok).toBe(true);
    expect(freeBalance(state, BLOCK_AUTHOR.hex)).toBe(author);
    expect(freeBalance(state, subnetAccountId(1)) - subnetAccount).toBe(10n * TAO);
    expect(state.subnets.get(1)!.taoReserve - reserve).toBe(q.amountIn);
    expect(state.subnets.get(1)!.sqrtPrice).toBe(q.sqrtPriceAfter);
    const added = out.ok ? out.events.find((e) => e.method === 'StakeAdded')! : undefined;
    expect(added?.data[2]).toBe(10n * TAO);
    expect(added?.data[5]).toBe(q.fee);
  });

  it('a same-subnet move to another hotkey sells and buys back through the pool', () => {
    const before = stakeValue(state, aurora, alice, 1);
    const expected = quoteMove(poolOf(state, 1), poolOf(state, 1), 100n * TAO);
    const out = dispatch(state, alice, calls.moveStake(aurora, meridian, 1, 1, 100n * TAO));
    expect(out.ok).toBe(true);
    expect(before - stakeValue(state, aurora, alice, 1)).toBe(100n * TAO);
    expect(stakeValue(state, meridian, alice, 1)).toBe(expected.amountOut);
    expect(expected.amountOut).toBeLessThan(100n * TAO);
    expect(expected.fee).toBeGreaterThan(0n);
  });

  it('a never-traded pool is priced at its reserves and initialised by its first swap', () => {
    setPool(state, 5, { v3Initialized: false });
    const s = state.subnets.get(5)!;
    expect(s.sqrtPrice).toBeUndefined();
    expect(alphaPrice(state, 5)).toBe((((s.taoReserve << 32n) / s.alphaReserve) * TAO) >> 32n);
    const limit = (alphaPrice(state, 5) * 1_005n) / 1_000n;
    const q = quoteStake(poolOf(state, 5), 5n * TAO, limit);
    expect(dispatch(state, alice, calls.addStakeLimit(aurora, 5, 5n * TAO, limit, false)).ok).toBe(true);
    expect(state.subnets.get(5)!.v3Initialized).toBe(true);
    expect(stakeValue(state, aurora, alice, 5)).toBe(q.amountOut);
  });

  it('v3Initialized is a v3-only control', () => {
    expect(() => setPool(createGenesisState('current'), 5, { v3Initialized: false })).toThrow(ControlError);
  });

  it('a limit that allows nothing fails with ZeroMaxStakeAmount, and is refused at submission with code 14', () => {
    const price = alphaPrice(state, 1);
    const call = calls.addStakeLimit(aurora, 1, 10n * TAO, price / 2n, false);
    expect(stakingValidityCode(state, alice, call)).toBe(ZERO_MAX_AMOUNT_CODE);
    const out = dispatch(state, alice, call);
    expect(out.ok ? null : out.error).toEqual({ section: 'SubtensorModule', name: 'ZeroMaxStakeAmount' });
  });

  it('maps the other validation failures to spec 293 codes', () => {
    expect(stakingValidityCode(state, alice, calls.addStake(aurora, 1, 1_000n))).toBe(1); // AmountTooLow
    expect(stakingValidityCode(state, alice, calls.addStake(aurora, 99, 10n * TAO))).toBe(3); // SubnetNotExists
    expect(stakingValidityCode(state, alice, calls.removeStake(aurora, 1, 10n ** 18n))).toBe(5); // NotEnoughStakeToWithdraw
    const price = alphaPrice(state, 1);
    expect(stakingValidityCode(state, alice, calls.addStakeLimit(aurora, 1, 400_000n * TAO, price + price / 1_000n, false))).toBe(8); // SlippageTooHigh
    expect(stakingValidityCode(state, alice, calls.addStake(aurora, 1, 10n * TAO))).toBeNull();
    // The other profiles have no such extension wired to submission (rulesOf(...).stakingValidity).
  });
});
