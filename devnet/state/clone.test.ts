import { describe, expect, it } from 'vitest';
import { cloneState, SnapshotHistory } from './clone.ts';
import { createGenesisState, devAccount, validator } from './genesis.ts';
import { poolKey } from './stake-pools.ts';

describe('cloneState', () => {
  it('is deep: changing the copy never touches the original', () => {
    const original = createGenesisState();
    const reference = createGenesisState();
    const copy = cloneState(original);
    expect(copy).toEqual(original);
    const alice = devAccount('Alice').hex;
    copy.accounts.get(alice)!.free = 1n;
    copy.subnets.get(1)!.taoReserve = 1n;
    copy.hotkeys.get(validator('aurora').hex)!.registrations.push(99);
    copy.stakePools.get(poolKey(validator('aurora').hex, 1))!.shares.set(alice, 1n);
    copy.stakingHotkeys.get(alice)!.push(alice);
    copy.identities.get(validator('aurora').owner)!.name = 'changed';
    copy.blockNumber = 7;
    expect(original).toEqual(reference);
  });
});

describe('SnapshotHistory', () => {
  it('keeps the newest snapshots up to its capacity, as copies', () => {
    const history = new SnapshotHistory(3);
    const state = createGenesisState();
    for (let n = 0; n < 5; n++) {
      state.blockNumber = n;
      history.put(`0x${n}`, state);
    }
    expect(history.size).toBe(3);
    expect(history.keys()).toEqual(['0x2', '0x3', '0x4']);
    expect(history.has('0x1')).toBe(false);
    expect(history.get('0x3')!.blockNumber).toBe(3);
    state.subnets.get(1)!.taoReserve = 5n;
    expect(history.get('0x4')!.subnets.get(1)!.taoReserve).not.toBe(5n);
    expect(() => new SnapshotHistory(0)).toThrow(RangeError);
  });
});
