import { describe, expect, it } from 'vitest';
import type { Intent, TxRecord } from '../../src/protocol/chain.ts';
import { activityNetuids, filterActivity } from './activity.ts';

const record = (id: string, intent: Intent): TxRecord => ({
  id, network: 'devnet', from: '5A', summary: id, intent, hash: null, status: 'finalized', blockHash: null, blockNumber: 1, error: null, previewed: null, received: null, createdAt: 0, updatedAt: 0, explorerUrl: null,
});
const list = [
  record('s3', { kind: 'stake', hotkey: '5H', netuid: 3, amount: '1', limitPrice: '1', allowPartial: false }),
  record('u1', { kind: 'unstakeFull', hotkey: '5H', netuid: 1, limitPrice: null }),
  record('w', { kind: 'swap', hotkey: '5H', originNetuid: 1, destinationNetuid: 4, amount: '1', limitPrice: '1', allowPartial: false }),
  record('t', { kind: 'transfer', dest: '5B', amount: '1' }),
];

describe('activity filters', () => {
  it('filters by type (full unstakes are unstakes, swaps are moves) and by any subnet touched', () => {
    expect(filterActivity(list, { netuid: 'all', type: 'unstake' }).map((r) => r.id)).toEqual(['u1']);
    expect(filterActivity(list, { netuid: 'all', type: 'move' }).map((r) => r.id)).toEqual(['w']);
    expect(filterActivity(list, { netuid: 1, type: 'all' }).map((r) => r.id)).toEqual(['u1', 'w']);
    expect(filterActivity(list, { netuid: 4, type: 'stake' })).toEqual([]);
    expect(activityNetuids(list)).toEqual([1, 3, 4]);
  });
});
