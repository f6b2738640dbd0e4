// A dApp asking the wallet to sign a call that takes locked alpha off a subnet: the approval
// window applies the rule of the wallet's own forms and prepare (src/chain/locks.ts): the chain
// checks the whole requested amount against what the conviction lock leaves available, and fails
// the call with StakeUnavailable (the network fee paid). Moves within one subnet are not checked.
import { beforeAll, describe, expect, it } from 'vitest';
import { buildNamedCall } from '../../src/chain/calls.ts';
import type { Snapshot } from '../../src/protocol/chain.ts';
import { decodeCall } from './describe.ts';
import { loadMetadata } from '../../devnet/metadata/load.ts';
import { devAccounts } from './testing.ts';

const TAO = 1_000_000_000n;
const HOT = '5FLSigC9HGRKVhB9FiEo4Y3koPsNmBmLJbpXg2mp1hXcS59Y';
const HOT2 = '5DAAnrj7VHTznn2AWBemMuyBwZWs6FNFjdyVXUeYum3PTXFy';

let alice = '';
let bob = '';
beforeAll(async () => {
  ({ alice, bob } = await devAccounts());
});

/** Alice holds 100 α on SN1 with HOT, 60 α of it locked: 40 α may leave the subnet. */
function snapshot(): Snapshot {
  return {
    genesisHash: '0x00', blockNumber: 100, poolModel: 'superellipse', constants: { minReserve: '1000000' },
    subnets: [],
    account: {
      address: alice, free: '0', totalTao: '0',
      positions: [{ netuid: 1, hotkey: HOT, alpha: (100n * TAO).toString() }],
      locks: {
        unlockRate: '934866', blockTimeMs: 12_000, rejectsLockedAlpha: true,
        subnets: [{ netuid: 1, total: (100n * TAO).toString(), locked: (60n * TAO).toString(), available: (40n * TAO).toString(), hotkey: HOT, perpetual: false }],
      },
    },
  } as unknown as Snapshot;
}

const reg = () => loadMetadata('current').registry;
const unstake = (alpha: bigint) => buildNamedCall(reg(), 'SubtensorModule', 'remove_stake_limit', { hotkey: HOT, netuid: 1, amount_unstaked: alpha, limit_price: 1, allow_partial: true });
const exit = () => buildNamedCall(reg(), 'SubtensorModule', 'remove_stake_full_limit', { hotkey: HOT, netuid: 1, limit_price: null });
const move = (alpha: bigint, destination: number) => buildNamedCall(reg(), 'SubtensorModule', 'move_stake', { origin_hotkey: HOT, destination_hotkey: HOT2, origin_netuid: 1, destination_netuid: destination, alpha_amount: alpha });
const batchAll = (...calls: ReturnType<typeof exit>[]) => buildNamedCall(reg(), 'Utility', 'batch_all', { calls });
const describeFor = (method: { toHex(): string }, signer = alice) => decodeCall(reg(), { method: method.toHex() }, snapshot(), { signer, names: {} });

describe('a dApp asks to take locked alpha off a subnet', () => {
  it('an unstake above the available part: warned as StakeUnavailable, high risk, even with partial fills allowed', () => {
    const call = describeFor(unstake(50n * TAO));
    expect(call.warnings).toEqual([expect.stringMatching(/^Only 40 α of your 100 α on this subnet can leave it now: 60 α is held by a conviction lock\..*StakeUnavailable; the network fee is paid\.$/)]);
    expect(call.tree!.risk.level).toBe('high');
  });

  it('within the available part: no warning', () => {
    const call = describeFor(unstake(40n * TAO));
    expect(call.warnings).toEqual([]);
    expect(call.tree!.risk.level).not.toBe('high');
  });

  it('a full exit counts the whole position; inside a batch_all the call is named', () => {
    expect(describeFor(exit()).warnings).toHaveLength(1);
    expect(describeFor(batchAll(unstake(TAO), exit())).warnings).toEqual([expect.stringMatching(/^Call 2 of 2 in this batch: Only 40 α/)]);
  });

  it('a move is checked across subnets only', () => {
    expect(describeFor(move(50n * TAO, 2)).warnings).toHaveLength(1);
    expect(describeFor(move(50n * TAO, 1)).warnings).toEqual([]);
  });

  it('signed by another account than the snapshot\'s: not rated with these figures', () => {
    const call = describeFor(unstake(50n * TAO), bob);
    expect(call.warnings).toEqual([]);
  });
});
