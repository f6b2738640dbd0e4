import { describe, expect, it } from 'vitest';
import { groupDigits } from './format.ts';

describe('groupDigits', () => {
  it('separates thousands like en-US without Intl', () => {
    for (const n of [0, 7, 999, 1_000, 12_345, 999_999, 1_000_000, 4_321_000, 123_456_789]) expect(groupDigits(n)).toBe(n.toLocaleString('en-US'));
  });
});
