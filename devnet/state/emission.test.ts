import { describe, expect, it } from 'vitest';
import { createGenesisState, validator } from './genesis.ts';
import { epochDividends, isEpochBlock, runEmission, seedLastEpoch, VALIDATOR_SHARE_PPM } from './emission.ts';
import { poolKey } from './stake-pools.ts';
import { stakeValue } from './queries.ts';
import { TAO } from './testing.ts';

describe('per-tempo emission', () => {
  it('follows the chain schedule: (block + netuid + 1) % (tempo + 1) == 0', () => {
    expect(isEpochBlock(360, 0, 360)).toBe(true);
    expect(isEpochBlock(359, 1, 360)).toBe(true);
    expect(isEpochBlock(360, 1, 360)).toBe(false);
    expect(isEpochBlock(93, 6, 99)).toBe(true);
  });

  it('pays 41% of tempo+1 blocks of alpha emission to validators, pro rata to stake', () => {
    const state = createGenesisState();
    const subnet = state.subnets.get(6)!;
    const d = epochDividends(state, 6);
    const share = (subnet.alphaOutEmission * 100n * VALIDATOR_SHARE_PPM) / 1_000_000n;
    expect(share).toBe(41n * TAO);
    const total = [...d.values()].reduce((a, b) => a + b, 0n);
    expect(total <= share && share - total < BigInt(d.size)).toBe(true);
    const stakes = [...d.keys()].map((h) => state.stakePools.get(poolKey(h, 6))!.totalAlpha);
    const sum = stakes.reduce((a, b) => a + b, 0n);
    [...d.values()].forEach((v, i) => expect(v).toBe((share * stakes[i]!) / sum));
  });

  it('at the epoch block credits nominators (value grows, take to the owner) and records AlphaDividendsPerSubnet', () => {
    const state = createGenesisState();
    const [hotkey, gross] = [...epochDividends(state, 6)][0]!;
    const h = state.hotkeys.get(hotkey)!;
    const pool = state.stakePools.get(poolKey(hotkey, 6))!;
    const [nominator] = [...pool.shares.keys()].filter((c) => c !== h.owner);
    const before = stakeValue(state, hotkey, nominator!, 6);
    const totalBefore = pool.totalAlpha;
    state.blockNumber = 92;
    runEmission(state);
    expect(state.subnets.get(6)!.lastDividends).toBeUndefined();
    state.blockNumber = 93;
    runEmission(state);
    const after = state.stakePools.get(poolKey(hotkey, 6))!;
    expect(after.totalAlpha - totalBefore).toBe(gross);
    expect(stakeValue(state, hotkey, nominator!, 6)).toBeGreaterThan(before);
    expect(state.subnets.get(6)!.lastDividends!.get(hotkey)).toBe(gross);
    expect(h.take).toBeGreaterThan(0);
  });

  it('pays nothing on root, stable or disabled subnets', () => {
    const state = createGenesisState();
    expect(epochDividends(state, 0).size).toBe(0);
    expect(epochDividends(state, 11).size).toBe(0);
    expect(epochDividends(state, 12).size).toBe(0);
  });

  it('seedLastEpoch records one epoch without crediting it', () => {
    const state = createGenesisState();
    const aurora = validator('aurora').hex;
    const total = state.stakePools.get(poolKey(aurora, 1))!.totalAlpha;
    seedLastEpoch(state);
    expect(state.subnets.get(1)!.lastDividends!.get(aurora)).toBeGreaterThan(0n);
    expect(state.stakePools.get(poolKey(aurora, 1))!.totalAlpha).toBe(total);
  });
});
