// Root-claim events read from System.Events by their metadata field names: one record per
// validator's BasketClaimed, the claim's RootClaimed total left out when those said it already,
// and RootClaimed alone recorded on a runtime without the per-validator event (or for a claim
// that paid nothing, which emits no BasketClaimed).
import type { ApiPromise } from '@polkadot/api';
import type { Codec } from '@polkadot/types/types';
import { encodeAddress } from '@polkadot/util-crypto';
import { describe, expect, it } from 'vitest';
import { stakingEvents } from './seen-events.ts';

const key = (b: number) => new Uint8Array(32).fill(b);
const ME = encodeAddress(key(1), 42);
const HOT_A = encodeAddress(key(2), 42);
const HOT_B = encodeAddress(key(3), 42);
const api = { registry: { chainSS58: 42 } } as unknown as ApiPromise;

const account = (b: number) => ({ toU8a: () => key(b), toString: () => encodeAddress(key(b), 42) }) as unknown as Codec;
const int = (v: bigint) => ({ toString: () => v.toString() }) as unknown as Codec;

/** One event record as @polkadot/api decodes it: fields in metadata order, with their names. */
function record(extrinsic: number, method: string, fields: [string, Codec][]) {
  const data = Object.assign(fields.map(([, c]) => c), { names: fields.map(([n]) => n) });
  return { phase: { isApplyExtrinsic: true, asApplyExtrinsic: int(BigInt(extrinsic)) }, event: { section: 'subtensorModule', method, data } };
}

const records = (list: ReturnType<typeof record>[]) => list as unknown as Codec;

describe('root-claim events seen on chain', () => {
  it('claim_root over two validators: one event per BasketClaimed, the RootClaimed total not a third', () => {
    const { events } = stakingEvents(api, records([
      // Fields in another order than the devnet's: they are read by name.
      record(2, 'BasketClaimed', [['tao', int(700n)], ['coldkey', account(1)], ['hotkey', account(2)]]),
      record(2, 'BasketClaimed', [['hotkey', account(3)], ['coldkey', account(1)], ['tao', int(300n)]]),
      record(2, 'RootClaimed', [['coldkey', account(1)], ['tao', int(1000n)]]),
    ]));
    expect(events.map((e) => [e.name, e.coldkey, e.hotkey, e.netuid, e.tao])).toEqual([
      ['BasketClaimed', ME, HOT_A, 0, 700n],
      ['BasketClaimed', ME, HOT_B, 0, 300n],
    ]);
  });

  it('RootClaimed alone (a runtime without BasketClaimed, or a claim that paid nothing) is recorded, once per extrinsic', () => {
    const { events } = stakingEvents(api, records([
      record(1, 'BasketClaimed', [['hotkey', account(2)], ['coldkey', account(1)], ['tao', int(5n)]]),
      record(1, 'RootClaimed', [['coldkey', account(1)], ['tao', int(5n)]]),
      record(4, 'RootClaimed', [['coldkey', account(1)], ['tao', int(0n)]]),
    ]));
    expect(events.map((e) => [e.name, e.extrinsic, e.tao])).toEqual([['BasketClaimed', 1, 5n], ['RootClaimed', 4, 0n]]);
    expect(events[1]!.hotkey).toBe('');
  });
});
