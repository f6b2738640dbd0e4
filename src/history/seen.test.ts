import { describe, expect, it } from 'vitest';
import { CSV_COLUMNS, historyRows } from './csv.ts';
import { seenRecordId, seenRecords, type SeenBlock, type SeenStakingEvent } from './seen.ts';

const ME = '5Me';
const TAO = 1_000_000_000n;
const stakeAdded: SeenStakingEvent = { index: 4, extrinsic: 1, name: 'StakeAdded', coldkey: ME, hotkey: '5Hot', netuid: 3, tao: 10n * TAO, alpha: 200n * TAO, swapFee: 5035n };
const moved: SeenStakingEvent = { index: 7, extrinsic: 2, name: 'StakeMoved', coldkey: ME, hotkey: '5Hot', destinationHotkey: '5Other', netuid: 3, destinationNetuid: 5, tao: 2n * TAO, alpha: 0n, swapFee: 0n };

function block(over: Partial<SeenBlock> = {}): SeenBlock {
  return {
    network: 'devnet', genesisHash: '0x1234567890ab', blockHash: '0xbeef', blockNumber: 40, timestamp: Date.UTC(2026, 11, 4, 22, 0, 0),
    events: [{ event: stakeAdded, owner: ME }, { event: moved, owner: ME }], prices: new Map([[3, 50_000_000n], [5, 2n * TAO]]),
    extrinsics: new Map([[1, { hash: '0xaa', call: 'subtensorModule.addStake', fee: 1234n }], [2, { hash: '0xbb', call: 'subtensorModule.moveStake', fee: 99n }]]),
    existingIds: new Set(), now: 1, ...over,
  };
}

describe('staking events seen on chain', () => {
  it('one record per event with the block, amounts, price, TAO value and its extrinsic’s fee, marked as seen on chain', () => {
    const [stake, move] = seenRecords(block());
    expect(stake).toMatchObject({ id: seenRecordId('0x1234567890ab', '0xbeef', 4), source: 'chain', from: ME, blockNumber: 40, hash: '0xaa', received: (200n * TAO).toString() });
    expect(stake!.intent).toMatchObject({ kind: 'stake', netuid: 3, amount: (10n * TAO).toString() });
    expect(stake!.settlement).toMatchObject({ call: 'subtensorModule.addStake', networkFee: '1234' });
    // 200 alpha at 0.05 TAO per alpha
    expect(stake!.settlement!.legs[0]).toMatchObject({ kind: 'stake', tao: '10000000000', alpha: '200000000000', price: '50000000', valueTao: '10000000000' });
    expect(move!.settlement!.legs[0]).toMatchObject({ kind: 'move', netuid: 5, hotkey: '5Other', price: '2000000000', valueTao: '2000000000' });
    const source = CSV_COLUMNS.findIndex(([n]) => n === 'source');
    expect(historyRows([stake!, move!]).map((r) => r[source])).toEqual(['chain', 'chain']);
  });

  it('ids depend only on chain, block and event: the same block again, or after a restart, adds nothing', () => {
    const first = seenRecords(block({ now: 1 }));
    const again = seenRecords(block({ now: 99, existingIds: new Set(first.map((r) => r.id)) }));
    expect(again).toEqual([]);
    expect(seenRecords(block({ now: 99 })).map((r) => r.id)).toEqual(first.map((r) => r.id));
    // another block (a fork at the same height) is another event
    expect(seenRecords(block({ blockHash: '0xcafe' })).map((r) => r.id)).not.toContain(first[0]!.id);
  });

  it('the network fee goes on the first recorded event of an extrinsic only', () => {
    const second: SeenStakingEvent = { ...stakeAdded, index: 5, netuid: 5 };
    const records = seenRecords(block({ events: [{ event: stakeAdded, owner: ME }, { event: second, owner: ME }] }));
    expect(records.map((r) => r.settlement!.networkFee)).toEqual(['1234', '0']);
  });

  it('a root claim is a claimRoot record: its TAO received, staked on root at 1 TAO per root alpha, type claim in the CSV', () => {
    const claimed: SeenStakingEvent = { index: 9, extrinsic: 3, name: 'BasketClaimed', coldkey: ME, hotkey: '5Hot', netuid: 0, tao: 1_234_567n, alpha: 0n, swapFee: 0n };
    const [claim] = seenRecords(block({
      events: [{ event: claimed, owner: ME }],
      extrinsics: new Map([[3, { hash: '0xcc', call: 'subtensorModule.claimRootWithHotkey', fee: 777n }]]),
    }));
    expect(claim).toMatchObject({ source: 'chain', intent: { kind: 'claimRoot', hotkey: '5Hot' }, received: '1234567', hash: '0xcc' });
    expect(claim!.settlement!.legs).toEqual([{ kind: 'claim', netuid: 0, hotkey: '5Hot', tao: '1234567', alpha: '1234567', swapFee: '0', price: TAO.toString(), valueTao: '1234567' }]);
    expect(claim!.settlement!.networkFee).toBe('777');
    const row = historyRows([claim!])[0]!;
    const at = (name: string) => row[CSV_COLUMNS.findIndex(([n]) => n === name)];
    expect([at('type'), at('event'), at('tao'), at('value_tao'), at('source')]).toEqual(['claimRoot', 'claim', '0.001234567', '0.001234567', 'chain']);
  });
});
