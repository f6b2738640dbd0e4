// BIP39 checks that say what is wrong: which word is unknown, or that the checksum failed.
// (util-crypto's mnemonicValidate only answers true/false.)
import { sha256 } from '@noble/hashes/sha2.js';
import { mnemonicGenerate } from '@polkadot/util-crypto';
import english from '@polkadot/util-crypto/mnemonic/wordlists/en';
import { WalletError } from '../protocol/errors.ts';

const WORDS: readonly string[] = english as unknown as string[];
const INDEX = new Map(WORDS.map((w, i) => [w, i]));
export const VALID_WORD_COUNTS = [12, 15, 18, 21, 24] as const;

export function invalidMnemonic(message: string, details?: Record<string, string | number>): WalletError {
  return new WalletError('InvalidMnemonic', message, details);
}

/** Lower case, NFKD (as BIP39 specifies), single spaces. */
export function mnemonicWords(text: string): string[] {
  return text.normalize('NFKD').toLowerCase().trim().split(/\s+/).filter(Boolean);
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length]!;
}

/** The closest English BIP39 word (BIP39 words are unique in their first four letters). */
export function suggestWord(word: string): string | undefined {
  const byPrefix = word.length >= 4 ? WORDS.find((w) => w.startsWith(word.slice(0, 4))) : undefined;
  if (byPrefix) return byPrefix;
  let best: string | undefined;
  let bestDistance = 3;
  for (const w of WORDS) {
    const d = editDistance(word, w);
    if (d < bestDistance) {
      bestDistance = d;
      best = w;
    }
  }
  return best;
}

/**
 * Validates an English BIP39 mnemonic and returns its entropy (the caller wipes it). Errors name
 * the problem: word count, the first unknown word and its position, or a failed checksum.
 */
export function mnemonicToEntropyChecked(text: string): { words: string[]; entropy: Uint8Array } {
  const words = mnemonicWords(text);
  if (words.length === 0) throw invalidMnemonic('Enter the recovery phrase');
  if (!(VALID_WORD_COUNTS as readonly number[]).includes(words.length)) {
    throw invalidMnemonic(`A recovery phrase has 12, 15, 18, 21 or 24 words; this one has ${words.length}`, { words: words.length });
  }
  const indices: number[] = [];
  for (const [i, word] of words.entries()) {
    const index = INDEX.get(word);
    if (index === undefined) {
      const suggestion = suggestWord(word);
      const hint = suggestion ? ` (did you mean '${suggestion}'?)` : '';
      throw invalidMnemonic(`Unknown word '${word.slice(0, 32)}' (word ${i + 1})${hint}`, { word: word.slice(0, 32), position: i + 1 });
    }
    indices.push(index);
  }
  const totalBits = words.length * 11;
  const checksumBits = totalBits / 33;
  const entropyBits = totalBits - checksumBits;
  const bits = new Uint8Array(totalBits);
  indices.forEach((index, w) => {
    for (let b = 0; b < 11; b++) bits[w * 11 + b] = (index >> (10 - b)) & 1;
  });
  const entropy = new Uint8Array(entropyBits / 8);
  for (let i = 0; i < entropyBits; i++) entropy[i >> 3]! |= bits[i]! << (7 - (i & 7));
  const hash = sha256(entropy);
  let ok = true;
  for (let i = 0; i < checksumBits; i++) if (bits[entropyBits + i] !== ((hash[i >> 3]! >> (7 - (i & 7))) & 1)) ok = false;
  bits.fill(0);
  hash.fill(0);
  if (!ok) {
    entropy.fill(0);
    throw invalidMnemonic('Checksum failed: check the words and their order');
  }
  return { words, entropy };
}

/** The phrase for stored entropy (reveal flow only). */
export function entropyToMnemonic(entropy: Uint8Array): string {
  if (entropy.length < 16 || entropy.length > 32 || entropy.length % 4 !== 0) throw new Error('bad entropy length');
  const entropyBits = entropy.length * 8;
  const checksumBits = entropyBits / 32;
  const hash = sha256(entropy);
  const bit = (i: number) => (i < entropyBits ? (entropy[i >> 3]! >> (7 - (i & 7))) & 1 : (hash[(i - entropyBits) >> 3]! >> (7 - ((i - entropyBits) & 7))) & 1);
  const words: string[] = [];
  for (let w = 0; w < (entropyBits + checksumBits) / 11; w++) {
    let index = 0;
    for (let b = 0; b < 11; b++) index = (index << 1) | bit(w * 11 + b);
    words.push(WORDS[index]!);
  }
  hash.fill(0);
  return words.join(' ');
}

export function generateMnemonic(words: 12 | 24): string {
  return mnemonicGenerate(words);
}
