import { describe, expect, it } from 'vitest';
import type { SubnetView } from '../../src/protocol/chain.ts';
import { filterAndSort, matchesQuery, stakeByNetuid } from './subnets.ts';

const subnet = (netuid: number, name: string, symbol: string, price: bigint, tao: bigint, emission = 0n): SubnetView => ({
  netuid, name, symbol, mechanism: netuid === 0 ? 0 : 1, taoReserve: String(tao), alphaReserve: String(tao * 10n), alphaOut: '0', quoteWeight: '500000000000000000',
  feeRate: 33, price: String(price), emission: String(emission), volume: '0', subtokenEnabled: true,
});

const list = [subnet(0, 'root', 'τ', 1_000_000_000n, 5n), subnet(1, 'apex', 'α', 20n, 100n, 7n), subnet(12, 'compute horde', 'μ', 300n, 50n, 9n), subnet(120, 'affine', 'ε', 10n, 500n, 1n)];

describe('subnet search and sort', () => {
  it('finds by number, sn-number, name and symbol', () => {
    expect(list.filter((s) => matchesQuery(s, '12')).map((s) => s.netuid)).toEqual([12]);
    expect(list.filter((s) => matchesQuery(s, 'SN 1')).map((s) => s.netuid)).toEqual([1]);
    expect(list.filter((s) => matchesQuery(s, 'horde')).map((s) => s.netuid)).toEqual([12]);
    expect(list.filter((s) => matchesQuery(s, 'μ')).map((s) => s.netuid)).toEqual([12]);
    expect(list.filter((s) => matchesQuery(s, '')).length).toBe(4);
  });

  it('sorts by price, pool sizes and emission as bigints', () => {
    expect(filterAndSort(list, '', 'price', true).map((s) => s.netuid)).toEqual([0, 12, 1, 120]);
    expect(filterAndSort(list, '', 'taoReserve', false).map((s) => s.netuid)).toEqual([0, 12, 1, 120]);
    expect(filterAndSort(list, '', 'alphaReserve', true).map((s) => s.netuid)).toEqual([120, 1, 12, 0]);
    expect(filterAndSort(list, '', 'emission', true).map((s) => s.netuid)).toEqual([12, 1, 120, 0]);
  });
});

describe('subnet sort by yield and by your stake, hiding empty subnets', () => {
  const apy = new Map<number, bigint | null>([[1, 5n], [12, 50n], [120, null]]);
  it('sorts by APY with unknown figures last in either direction', () => {
    expect(filterAndSort(list, '', 'apy', true, { apy }).map((s) => s.netuid)).toEqual([12, 1, 0, 120]);
    expect(filterAndSort(list, '', 'apy', false, { apy }).map((s) => s.netuid)).toEqual([1, 12, 0, 120]);
  });

  it('sorts by the TAO value of your stake, summed over validators', () => {
    const yourStake = stakeByNetuid([{ netuid: 120, valueTao: '3' }, { netuid: 1, valueTao: '2' }, { netuid: 1, valueTao: '2' }]);
    expect(yourStake.get(1)).toBe(4n);
    expect(filterAndSort(list, '', 'yourStake', true, { yourStake }).map((s) => s.netuid)).toEqual([1, 120, 12, 0]);
  });

  it('hides subnets with no TAO in the pool only when asked', () => {
    const withEmpty = [...list, subnet(7, 'ghost', 'η', 0n, 0n)];
    expect(filterAndSort(withEmpty, '', 'netuid', false).map((s) => s.netuid)).toContain(7);
    expect(filterAndSort(withEmpty, '', 'netuid', false, { hideEmpty: true }).map((s) => s.netuid)).toEqual([0, 1, 12, 120]);
  });
});
