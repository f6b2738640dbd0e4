import { describe, expect, it } from 'vitest';
import type { SubnetView } from '../protocol/chain.ts';
import { poolOf } from './pool.ts';

const constants = { minStake: '2000000', minReserve: '1000000', existentialDeposit: '500', ss58: 42 };
const view = (extra: Partial<SubnetView> = {}): SubnetView => ({
  netuid: 7,
  name: 'x',
  symbol: 'ζ',
  mechanism: 1,
  taoReserve: '10000000000000',
  alphaReserve: '500000000000000',
  alphaOut: '0',
  quoteWeight: '498765432100000000',
  feeRate: 33,
  price: '0',
  emission: '0',
  volume: '0',
  subtokenEnabled: true,
  ...extra,
});

describe('poolOf', () => {
  it('turns the wire strings into the AMM pool, with the snapshot model and minimum reserve', () => {
    expect(poolOf(view(), { constants, poolModel: 'balancer' })).toEqual({
      netuid: 7,
      mechanism: 1,
      taoReserve: 10_000_000_000_000n,
      alphaReserve: 500_000_000_000_000n,
      quoteWeight: 498_765_432_100_000_000n,
      feeRate: 33,
      minReserve: 1_000_000n,
      model: 'balancer',
    });
  });

  it('carries the V3 fields only when the subnet has them', () => {
    const pool = poolOf(view({ sqrtPrice: '123', liquidity: '456' }), { constants, poolModel: 'v3' });
    expect(pool.sqrtPrice).toBe(123n);
    expect(pool.liquidity).toBe(456n);
    expect('sqrtPrice' in poolOf(view(), { constants, poolModel: 'v3' })).toBe(false);
  });

  it('builds once per subnet object, and again when the snapshot context differs', () => {
    const subnet = view();
    const first = poolOf(subnet, { constants, poolModel: 'balancer' });
    expect(poolOf(subnet, { constants, poolModel: 'balancer' })).toBe(first);
    expect(poolOf(view(), { constants, poolModel: 'balancer' })).not.toBe(first);
    const other = poolOf(subnet, { constants: { ...constants, minReserve: '5' }, poolModel: 'constantProduct' });
    expect(other).toMatchObject({ model: 'constantProduct', minReserve: 5n });
  });
});
