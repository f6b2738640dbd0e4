// The approval window's warning for a dApp's staking call past its limit says what a refusal
// costs on this runtime: launch and V3 extensions refuse it before inclusion (free), Balancer
// and later runtimes in a block (the network fee is paid).
import { describe, expect, it } from 'vitest';
import type { DecodedCall } from '../../src/chain/calls.ts';
import type { Snapshot } from '../../src/protocol/chain.ts';
import { previewOf } from './describe.ts';

const TAO = 1_000_000_000n;

function snapshot(poolModel: Snapshot['poolModel']): Snapshot {
  return {
    poolModel, blockNumber: 10, constants: { minReserve: '1000000' },
    subnets: [{ netuid: 1, mechanism: 1, taoReserve: (1_000n * TAO).toString(), alphaReserve: (5_000n * TAO).toString(), quoteWeight: '500000000000000000', feeRate: 33 }],
  } as unknown as Snapshot;
}

// 100 TAO into a 1,000 TAO pool at a limit 1 % over the price (0.2 TAO per alpha): far past it.
const call: DecodedCall = {
  section: 'subtensorModule', method: 'addStakeLimit', hex: '0x',
  args: { hotkey: '5Hot', netuid: '1', amount_staked: (100n * TAO).toString(), limit_price: '202000000', allow_partial: 'false' },
};

describe('dApp staking call past its limit', () => {
  it('on a launch-era runtime: refused before inclusion, no fee', () => {
    const { warnings } = previewOf(call, snapshot('constantProduct'));
    expect(warnings).toEqual(['At the current price this would pass its price limit and the chain would refuse it before inclusion (nothing sent, no network fee).']);
  });

  it('on a Balancer runtime: fails in its block, the fee is paid', () => {
    const { warnings } = previewOf(call, snapshot('balancer'));
    expect(warnings).toEqual(['At the current price this would pass its price limit and fail in its block (only the network fee is paid).']);
  });
});
