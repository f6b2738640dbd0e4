import { describe, expect, it } from 'vitest';
import type { Intent } from '../protocol/chain.ts';
import { fillOf, partialFillText } from './fill.ts';

const H = '5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY';
const stake: Intent = { kind: 'stake', hotkey: H, netuid: 1, amount: '10000000000', limitPrice: '1', allowPartial: true };
const unstake: Intent = { kind: 'unstake', hotkey: H, netuid: 3, amount: '1000000000000', limitPrice: '1', allowPartial: true };

describe('partial fills in words', () => {
  it('says how much of the request executed when it is less', () => {
    expect(partialFillText({ intent: stake, executed: '5007712345' })).toBe('partially filled: 5.0077 of 10 TAO');
    expect(partialFillText({ intent: unstake, executed: '250500000000' }, 'γ')).toBe('partially filled: 250.5 of 1,000 γ');
    expect(fillOf({ intent: stake, executed: '5007712345' })).toMatchObject({ executed: 5_007_712_345n, requested: 10_000_000_000n, partial: true, unit: 'TAO', netuid: 1 });
  });

  it('says nothing for a complete fill, an unknown execution, or a call without an amount', () => {
    expect(partialFillText({ intent: stake, executed: '10000000000' })).toBeNull();
    expect(partialFillText({ intent: stake, executed: null })).toBeNull();
    expect(partialFillText({ intent: stake })).toBeNull();
    expect(partialFillText({ intent: { kind: 'unstakeFull', hotkey: H, netuid: 1, limitPrice: null }, executed: '5' })).toBeNull();
    // All-or-nothing calls: less in the events is not a partial fill (e.g. TAO kept on the subnet account).
    expect(partialFillText({ intent: { ...stake, allowPartial: false }, executed: '9600000000' })).toBeNull();
  });
});
