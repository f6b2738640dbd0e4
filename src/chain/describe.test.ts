// A same-subnet move_stake in words depends on the runtime: the V3 generation (spec 293) sells
// the alpha into the pool and buys it back, paying the swap fee; other runtimes transfer it.
import { describe, expect, it } from 'vitest';
import type { DecodedCall } from './calls.ts';
import { describeCall } from './describe.ts';

const move = (destinationNetuid: string): DecodedCall => ({
  section: 'subtensorModule',
  method: 'moveStake',
  args: { origin_hotkey: '5Aurora', destination_hotkey: '5Meridian', origin_netuid: '1', destination_netuid: destinationNetuid, alpha_amount: '50000000000' },
  hex: '0x',
});

describe('describeCall: a move to another validator on the same subnet', () => {
  it('says it goes through the pool and pays the swap fee under the V3 rules', () => {
    const text = describeCall(move('1'), { swapRules: 'v3' });
    expect(text).toMatch(/^Move 50 α of stake on SN1 from validator 5Aurora to validator 5Meridian \(through the pool: .*paying the swap fee\)\.$/);
    expect(text).not.toMatch(/no swap/);
  });

  it('says no swap and no fee where the move is a transfer (current rules, later V3 runtimes, or rules unknown)', () => {
    for (const ctx of [{}, { swapRules: 'current' as const }, { swapRules: 'v3Transfers' as const }]) {
      expect(describeCall(move('1'), ctx)).toMatch(/\(no swap, no swap fee\)\.$/);
    }
  });

  it('does not change the wording of a move across subnets', () => {
    expect(describeCall(move('4'), { swapRules: 'v3' })).toMatch(/on SN1 to validator 5Meridian on SN4, with no price limit\.$/);
  });
});
