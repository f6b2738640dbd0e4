/** Every case of test/fixtures/amm.json (copied from the shared vectors), one test per case. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { AmmError, maxStake, maxUnstake, quoteMove, quoteStake, quoteUnstake, spotPrice, type Pool } from './index.ts';

interface RawPool {
  netuid: number;
  mechanism: number;
  taoReserve: string;
  alphaReserve: string;
  quoteWeight: string;
  feeRate: number;
  minReserve: string;
}
interface Case {
  name: string;
  op: 'price' | 'stake' | 'unstake' | 'maxStake' | 'maxUnstake' | 'move';
  pool: RawPool;
  destination?: RawPool;
  amount?: string;
  limitPrice?: string;
  expect: Record<string, string>;
}

const fixture = JSON.parse(readFileSync(new URL('../../test/fixtures/amm.json', import.meta.url), 'utf8')) as { cases: Case[] };

export function poolFrom(raw: RawPool): Pool {
  return {
    netuid: raw.netuid,
    mechanism: raw.mechanism,
    taoReserve: BigInt(raw.taoReserve),
    alphaReserve: BigInt(raw.alphaReserve),
    quoteWeight: BigInt(raw.quoteWeight),
    feeRate: raw.feeRate,
    minReserve: BigInt(raw.minReserve),
  };
}

function run(c: Case): Record<string, string> {
  const pool = poolFrom(c.pool);
  const limit = c.limitPrice === undefined ? undefined : BigInt(c.limitPrice);
  const amount = c.amount === undefined ? 0n : BigInt(c.amount);
  const str = (o: object): Record<string, string> => Object.fromEntries(Object.entries(o).map(([k, v]) => [k, String(v)]));
  switch (c.op) {
    case 'price':
      return { price: String(spotPrice(pool)) };
    case 'stake':
      return str(quoteStake(pool, amount, limit));
    case 'unstake':
      return str(quoteUnstake(pool, amount, limit));
    case 'maxStake':
      return { amount: String(maxStake(pool, limit!)) };
    case 'maxUnstake':
      return { amount: String(maxUnstake(pool, limit!)) };
    case 'move': {
      const m = quoteMove(pool, poolFrom(c.destination!), amount);
      return { amountOut: String(m.amountOut), tao: String(m.tao), fee: String(m.fee) };
    }
  }
}

describe('shared AMM vectors', () => {
  it('has all 95 cases', () => {
    expect(fixture.cases.length).toBe(95);
  });
  for (const c of fixture.cases) {
    it(c.name, () => {
      if (c.expect.error !== undefined) {
        let thrown: unknown;
        try {
          run(c);
        } catch (e) {
          thrown = e;
        }
        expect(thrown).toBeInstanceOf(AmmError);
        expect((thrown as AmmError).code).toBe(c.expect.error);
      } else {
        expect(run(c)).toEqual(c.expect);
      }
    });
  }
});
