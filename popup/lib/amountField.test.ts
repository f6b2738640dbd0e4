import { describe, expect, it } from 'vitest';
import { parseAmount } from '../../src/amount.ts';
import { formatPpm, widestMoveTolerancePpm, type Pool } from '../../src/amm/index.ts';
import { checkAmount, maxStakeable, parseForPreview, type AmountRules } from './amountField.ts';
import { computePreview } from './preview.ts';

const TAO = 1_000_000_000n;
// A small pool, so a few TAO already move the price past a 0.5% limit.
const pool: Pool = { netuid: 3, mechanism: 1, taoReserve: 1_000n * TAO, alphaReserve: 50_000n * TAO, quoteWeight: 500_000_000_000_000_000n, feeRate: 33, minReserve: 1_000_000n };

/** The stake form's rules for `text`, with the real AMM preview of that amount. */
function rulesFor(text: string, allowPartial = false, available = 100n * TAO): AmountRules {
  const amount = parseForPreview(text);
  const preview = amount === undefined ? undefined : computePreview({ kind: 'stake', pool }, amount, { tolerancePpm: 5_000, allowPartial }).preview;
  return { available, unit: 'τ', availableText: 'your free balance', preview, toleranceText: '0.5%' };
}

function reason(text: string, allowPartial = false): string | undefined {
  const check = checkAmount(text, rulesFor(text, allowPartial));
  return check.status === 'invalid' ? check.reason : undefined;
}

describe('amount field rules', () => {
  it('accepts a valid amount as rao', () => {
    expect(checkAmount('1.5', rulesFor('1.5'))).toEqual({ status: 'ok', rao: 1_500_000_000n });
    expect(checkAmount('  ', rulesFor(''))).toEqual({ status: 'empty' });
  });

  it('refuses more than 9 decimals, letters and a negative sign with the parser reason', () => {
    expect(reason('1.0000000001')).toMatch(/9 decimal/);
    expect(reason('12abc')).toMatch(/digits/);
    expect(reason('-1')).toMatch(/negative/);
    expect(reason('0')).toMatch(/above zero/);
  });

  it('refuses more than the balance, naming it', () => {
    expect(reason('100.000000001')).toMatch(/More than your free balance \(100 τ\)/);
  });

  it('refuses an amount below the minimum stake (2_001_007 rao at FeeRate 33)', () => {
    expect(reason('0.002')).toBe('The minimum stake here is 0.002001007 τ');
    expect(checkAmount('0.002001007', rulesFor('0.002001007')).status).toBe('ok');
  });

  it('refuses more than the price limit allows unless partial fills are on', () => {
    const text = '20';
    const limit = rulesFor(text).preview!.maxAtLimit!;
    expect(limit).toBeLessThan(parseAmount(text));
    expect(reason(text)).toMatch(/price limit lets at most .* execute/);
    expect(checkAmount(text, rulesFor(text, true)).status).toBe('ok');
    const below = (limit / 1_000_000n) * 1_000_000n;
    const belowText = `${below / TAO}.${(below % TAO).toString().padStart(9, '0')}`;
    expect(checkAmount(belowText, rulesFor(belowText)).status).toBe('ok');
  });

  it('a move tolerance so wide that the chain\'s max-move formula overflows: says so and names the widest tolerance, never "raise the tolerance"', () => {
    const other: Pool = { ...pool, netuid: 9, taoReserve: 3_000n * TAO, alphaReserve: 90_000n * TAO };
    const spec = { kind: 'move' as const, origin: pool, destination: other };
    const check = (allowPartial: boolean): string | undefined => {
      const preview = computePreview(spec, 10n * TAO, { tolerancePpm: 999_999, allowPartial }).preview;
      const c = checkAmount('10', { available: 100n * TAO, unit: 'α', preview, toleranceText: '99.9999%' });
      return c.status === 'invalid' ? c.reason : undefined;
    };
    const widest = formatPpm(widestMoveTolerancePpm(pool, other)!, 4);
    for (const allowPartial of [false, true]) {
      const text = check(allowPartial);
      expect(text).toMatch(/overflows and allows nothing to move/);
      expect(text).toContain(`at most ${widest}`);
      expect(text).not.toMatch(/raise the tolerance/);
    }
    expect(check(false)).toMatch(/refuses the move/);
    expect(check(true)).toMatch(/take the transaction fee and move nothing/);
  });

  it('ignores a preview of another amount (stale preview never blocks or passes input)', () => {
    const rules = rulesFor('20');
    expect(checkAmount('1', rules).status).toBe('ok');
  });

  it('keeps the existential deposit and the fee out of Max', () => {
    expect(maxStakeable(10n * TAO, 500n, 300_000n)).toBe(10n * TAO - 300_500n);
    expect(maxStakeable(100n, 500n, 300_000n)).toBe(0n);
  });
});
