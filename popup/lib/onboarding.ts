/** Pure rules of the onboarding forms (password, backup check). */

export const MIN_PASSWORD_LENGTH = 8;

export function passwordProblem(password: string, confirm: string): { password?: string; confirm?: string } {
  const out: { password?: string; confirm?: string } = {};
  if (password.length > 0 && password.length < MIN_PASSWORD_LENGTH) out.password = `Use at least ${MIN_PASSWORD_LENGTH} characters`;
  if (confirm.length > 0 && confirm !== password) out.confirm = 'The passwords do not match';
  return out;
}

export function passwordOk(password: string, confirm: string): boolean {
  return password.length >= MIN_PASSWORD_LENGTH && password === confirm;
}

/** `count` distinct word positions (0-based, sorted) to ask back; `random` is injectable for tests. */
export function pickConfirmIndexes(wordCount: number, count = 3, random: () => number = Math.random): number[] {
  const picked = new Set<number>();
  while (picked.size < Math.min(count, wordCount)) picked.add(Math.floor(random() * wordCount));
  return [...picked].sort((a, b) => a - b);
}

export function wordMatches(expected: string, typed: string): boolean {
  return typed.trim().toLowerCase() === expected.toLowerCase();
}

export function splitMnemonic(mnemonic: string): string[] {
  return mnemonic.trim().split(/\s+/).filter(Boolean);
}
