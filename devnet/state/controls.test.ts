import { beforeEach, describe, expect, it } from 'vitest';
import type { ChainState } from './types.ts';
import { createGenesisState, devAccount, subnetAccountId, WHALE } from './genesis.ts';
import { ControlError, drain, frontRun, fund, setPool } from './controls.ts';
import { alphaPrice, freeBalance, stakeValue } from './queries.ts';
import { cloneState } from './clone.ts';
import { checkInvariants, TAO } from './testing.ts';

let state: ChainState;
beforeEach(() => {
  state = createGenesisState();
});

describe('test controls', () => {
  it('setPool overrides pool fields and keeps the subnet account in step with the TAO reserve', () => {
    setPool(state, 2, { taoReserve: 1_000n * TAO, alphaReserve: 50_000n * TAO, quoteWeight: 600_000_000_000_000_000n, feeRate: 500 });
    const s = state.subnets.get(2)!;
    expect([s.taoReserve, s.alphaReserve, s.quoteWeight, s.feeRate]).toEqual([1_000n * TAO, 50_000n * TAO, 600_000_000_000_000_000n, 500]);
    expect(freeBalance(state, subnetAccountId(2))).toBe(1_000n * TAO);
    checkInvariants(state);
    setPool(state, 2, { taoReserve: 900_000n * TAO });
    checkInvariants(state);
  });

  it('setPool rejects bad values and missing subnets, changing nothing', () => {
    const before = cloneState(state);
    expect(() => setPool(state, 99, { feeRate: 1 })).toThrow(ControlError);
    expect(() => setPool(state, 1, { quoteWeight: 0n })).toThrow(ControlError);
    expect(() => setPool(state, 1, { feeRate: 70_000 })).toThrow(ControlError);
    expect(() => setPool(state, 1, { taoReserve: -1n })).toThrow(ControlError);
    expect(state).toEqual(before);
  });

  it('frontRun buys (price up) and sells (price down) as the whale, through the real rules', () => {
    const price = alphaPrice(state, 5);
    const events = frontRun(state, 5, 1_000n * TAO);
    expect(events[0]!.method).toBe('StakeAdded');
    expect(alphaPrice(state, 5)).toBeGreaterThan(price);
    checkInvariants(state);
    const up = alphaPrice(state, 5);
    frontRun(state, 5, -100_000n * TAO);
    expect(alphaPrice(state, 5)).toBeLessThan(up);
    checkInvariants(state);
    expect(frontRun(state, 5, 0n)).toEqual([]);
  });

  it('frontRun refuses what the whale cannot do, changing nothing', () => {
    const before = cloneState(state);
    const owner = state.subnets.get(5)!.ownerHotkey;
    expect(() => frontRun(state, 5, -(stakeValue(state, owner, WHALE.hex, 5) + 1n))).toThrow(ControlError);
    expect(() => frontRun(state, 12, TAO)).toThrow(/SubtokenDisabled/);
    expect(() => frontRun(state, 99, TAO)).toThrow(ControlError);
    expect(state).toEqual(before);
  });

  it('fund mints and drain burns free TAO', () => {
    const eve = devAccount('Eve').hex;
    const fresh = `0x${'56'.repeat(32)}` as const;
    fund(state, fresh, 3n * TAO);
    expect(freeBalance(state, fresh)).toBe(3n * TAO);
    drain(state, eve, freeBalance(state, eve) - 500n);
    expect(freeBalance(state, eve)).toBe(500n);
    checkInvariants(state);
  });
});
