import { describe, expect, it } from 'vitest';
import { passwordOk, passwordProblem, pickConfirmIndexes, splitMnemonic, wordMatches } from './onboarding.ts';

describe('onboarding rules', () => {
  it('needs 8 characters and a matching confirmation', () => {
    expect(passwordOk('short', 'short')).toBe(false);
    expect(passwordOk('long enough', 'long enough!')).toBe(false);
    expect(passwordOk('long enough', 'long enough')).toBe(true);
    expect(passwordProblem('short', '')).toEqual({ password: 'Use at least 8 characters' });
    expect(passwordProblem('long enough', 'long')).toEqual({ confirm: 'The passwords do not match' });
    expect(passwordProblem('', '')).toEqual({});
  });

  it('asks back distinct, sorted positions', () => {
    let seed = 0;
    const rnd = () => [0.5, 0.5, 0.1, 0.95][seed++ % 4]!;
    expect(pickConfirmIndexes(12, 3, rnd)).toEqual([1, 6, 11]);
  });

  it('compares words ignoring case and spaces', () => {
    expect(wordMatches('abandon', ' Abandon ')).toBe(true);
    expect(wordMatches('abandon', 'ability')).toBe(false);
    expect(splitMnemonic('  a  b\nc ')).toEqual(['a', 'b', 'c']);
  });
});
