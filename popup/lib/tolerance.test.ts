import { describe, expect, it } from 'vitest';
import { parseTolerancePercent, toleranceLevel, toleranceWarning } from './tolerance.ts';

describe('tolerance', () => {
  it('parses percentages into ppm without floats', () => {
    expect(parseTolerancePercent('0.5')).toEqual({ ok: true, ppm: 5_000 });
    expect(parseTolerancePercent('1.25%')).toEqual({ ok: true, ppm: 12_500 });
    expect(parseTolerancePercent('.1')).toEqual({ ok: true, ppm: 1_000 });
  });

  it('refuses empty, negative, zero, too precise and too large tolerances with a reason', () => {
    for (const bad of ['', '-1', '0', 'abc', '1.23456', '100', '1e2']) {
      const result = parseTolerancePercent(bad);
      expect(result.ok, bad).toBe(false);
      if (!result.ok) expect(result.reason.length).toBeGreaterThan(5);
    }
  });

  it('warns above 2% and more strongly above 10%', () => {
    expect(toleranceLevel(20_000)).toBe('normal');
    expect(toleranceWarning(20_000)).toBeUndefined();
    expect(toleranceLevel(20_001)).toBe('high');
    expect(toleranceLevel(100_000)).toBe('high');
    expect(toleranceLevel(100_001)).toBe('veryHigh');
    expect(toleranceWarning(100_001)).toMatch(/Very high/);
  });
});
