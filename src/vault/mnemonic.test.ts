import { cryptoWaitReady, mnemonicGenerate, mnemonicToEntropy, mnemonicToMiniSecret } from '@polkadot/util-crypto';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { WalletError } from '../protocol/errors.ts';
import { miniSecretFromEntropy } from './keys.ts';
import { entropyToMnemonic, mnemonicToEntropyChecked } from './mnemonic.ts';

const DEV = 'bottom drive obey lake curtain smoke basket hold race lonely fit walk';

beforeAll(async () => expect(await cryptoWaitReady()).toBe(true));

function errorOf(fn: () => unknown): WalletError {
  try {
    fn();
  } catch (e) {
    if (e instanceof WalletError) return e;
    throw e;
  }
  throw new Error('expected a WalletError');
}

describe('mnemonic checks', () => {
  it('names an unknown word and its position, with a suggestion', () => {
    const e = errorOf(() => mnemonicToEntropyChecked('abandon abandon abandn abandon abandon abandon abandon abandon abandon abandon abandon about'));
    expect(e.code).toBe('InvalidMnemonic');
    expect(e.message).toContain("Unknown word 'abandn' (word 3)");
    expect(e.message).toContain("'abandon'");
    expect(e.details).toEqual({ word: 'abandn', position: 3 });
  });

  it('reports a failed checksum when valid words are in the wrong order', () => {
    const swapped = DEV.split(' ');
    [swapped[0], swapped[1]] = [swapped[1]!, swapped[0]!];
    const e = errorOf(() => mnemonicToEntropyChecked(swapped.join(' ')));
    expect(e.code).toBe('InvalidMnemonic');
    expect(e.message).toBe('Checksum failed: check the words and their order');
  });

  it('reports a wrong word count', () => {
    expect(errorOf(() => mnemonicToEntropyChecked('bottom drive obey')).message).toMatch(/12, 15, 18, 21 or 24 words; this one has 3/);
  });

  it('accepts case and spacing variations', () => {
    const { entropy } = mnemonicToEntropyChecked(`  ${DEV.toUpperCase().replace(/ /g, '   ')}\n`);
    expect(entropy).toEqual(mnemonicToEntropy(DEV));
  });

  it('agrees with util-crypto on entropy and mini-secret for generated phrases, and round-trips', () => {
    fc.assert(
      fc.property(fc.constantFrom(12, 15, 18, 21, 24) as fc.Arbitrary<12 | 15 | 18 | 21 | 24>, (words) => {
        const phrase = mnemonicGenerate(words);
        const { entropy } = mnemonicToEntropyChecked(phrase);
        expect(entropy).toEqual(mnemonicToEntropy(phrase));
        expect(miniSecretFromEntropy(entropy)).toEqual(mnemonicToMiniSecret(phrase));
        expect(entropyToMnemonic(entropy)).toBe(phrase);
      }),
      { numRuns: 25 },
    );
  });
});
