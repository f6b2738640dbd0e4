import { describe, expect, it } from 'vitest';
import { WalletError } from '../../src/protocol/errors.ts';
import { explainError } from './errors.ts';

describe('explainError', () => {
  it('explains a refused front-run in words with the chain error name kept as code', () => {
    const e = explainError(new WalletError('SlippageTooHigh', 'SubtensorModule.SlippageTooHigh'));
    expect(e.code).toBe('SlippageTooHigh');
    expect(e.title).toMatch(/price moved beyond your tolerance/);
    expect(e.detail).toMatch(/Nothing was swapped/);
  });

  it('prefers the background explanation over the generic one', () => {
    const e = explainError(new WalletError('PriceLimitExceeded', 'Someone traded first, so nothing was swapped.'));
    expect(e.title).toMatch(/moved past your limit/);
    expect(e.detail).toBe('Someone traded first, so nothing was swapped.');
  });

  it('falls back to the message for unknown codes', () => {
    expect(explainError(new WalletError('Weird', 'Something odd')).title).toBe('Something odd');
    expect(explainError('plain').title).toBe('plain');
  });
});
