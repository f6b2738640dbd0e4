import { describe, expect, it } from 'vitest';
import { AmountError, formatAmount, parseAmount, U64_MAX } from './amount.ts';

describe('parseAmount', () => {
  it.each([
    ['1', 1_000_000_000n],
    ['1.5', 1_500_000_000n],
    ['0.000000001', 1n],
    ['.5', 500_000_000n],
    ['5.', 5_000_000_000n],
    ['  2.25  ', 2_250_000_000n],
    ['1,000.25', 1_000_250_000_000n],
    ['0', 0n],
    ['18446744073.709551615', U64_MAX],
  ])('parses %s exactly', (input, rao) => {
    expect(parseAmount(input)).toBe(rao);
  });

  it.each([
    ['', /Enter an amount/],
    ['-1', /negative/],
    ['+1', /sign/],
    ['1.0000000001', /At most 9 decimal/],
    ['abc', /digits/],
    ['1e9', /digits/],
    ['1.2.3', /digits/],
    ['.', /digits/],
    ['1,00', /digits/],
    ['18446744073.709551616', /too large/],
    ['NaN', /digits/],
    ['0x10', /digits/],
  ])('rejects %j with a clear message', (input, message) => {
    expect(() => parseAmount(input)).toThrow(AmountError);
    expect(() => parseAmount(input)).toThrow(message);
  });
});

describe('formatAmount', () => {
  it('prints full precision without trailing zeros', () => {
    expect(formatAmount(1_500_000_000n)).toBe('1.5');
    expect(formatAmount(1n)).toBe('0.000000001');
    expect(formatAmount(0n)).toBe('0');
  });

  it('truncates to maxDecimals and never rounds up', () => {
    expect(formatAmount(1_999_999_999n, { maxDecimals: 4 })).toBe('1.9999');
    expect(formatAmount(1_234_567_890_123n, { maxDecimals: 2, grouping: true })).toBe('1,234.56');
  });

  it('marks dust that truncation would hide', () => {
    expect(formatAmount(5n, { maxDecimals: 4 })).toBe('<0.0001');
  });

  it('round-trips every parseable value', () => {
    for (const rao of [0n, 1n, 10n, 123_456_789n, 1_000_000_000n, 987_654_321_012n, U64_MAX]) {
      expect(parseAmount(formatAmount(rao))).toBe(rao);
    }
  });
});
