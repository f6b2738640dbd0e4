/**
 * User amounts: decimal strings with at most 9 decimals <-> u64 rao as bigint. Parsing never
 * goes through a float, and every rejection says why in words a person can act on.
 */
export const DECIMALS = 9;
export const RAO_PER_TAO = 1_000_000_000n;
export const U64_MAX = (1n << 64n) - 1n;

export class AmountError extends Error {
  override readonly name = 'AmountError';
  readonly code = 'InvalidAmount';
}

/**
 * Parses "1", "1.5", "0.000000001", ".5", "1,000.25" (thousands commas allowed only in groups of
 * three) into rao. Rejects empty input, signs, letters, exponents, more than 9 decimals and
 * anything above u64.
 */
export function parseAmount(input: string, decimals = DECIMALS): bigint {
  const text = input.trim();
  if (text === '') throw new AmountError('Enter an amount');
  if (text.startsWith('-')) throw new AmountError('The amount cannot be negative');
  if (text.startsWith('+')) throw new AmountError('Enter the amount without a sign');
  const grouped = /^\d{1,3}(,\d{3})+(\.\d*)?$/.test(text);
  const plain = grouped ? text.replace(/,/g, '') : text;
  const match = /^(\d*)(?:\.(\d*))?$/.exec(plain);
  if (!match || (match[1] === '' && (match[2] ?? '') === '')) {
    throw new AmountError('Use digits and one decimal point, like 1.25');
  }
  const whole = match[1] ?? '';
  const fraction = match[2] ?? '';
  if (fraction.length > decimals) throw new AmountError(`At most ${decimals} decimal places (1 rao = 0.${'0'.repeat(decimals - 1)}1)`);
  const rao = BigInt(whole || '0') * 10n ** BigInt(decimals) + BigInt((fraction || '0').padEnd(decimals, '0'));
  if (rao > U64_MAX) throw new AmountError('The amount is too large');
  return rao;
}

/**
 * Formats rao as a decimal string. `maxDecimals` truncates toward zero (display never rounds a
 * balance up); trailing zeros are dropped. `grouping` adds thousands separators.
 */
export function formatAmount(rao: bigint, options: { maxDecimals?: number; grouping?: boolean; decimals?: number } = {}): string {
  const decimals = options.decimals ?? DECIMALS;
  const maxDecimals = Math.min(options.maxDecimals ?? decimals, decimals);
  const negative = rao < 0n;
  const abs = negative ? -rao : rao;
  const unit = 10n ** BigInt(decimals);
  const whole = (abs / unit).toString();
  let fraction = (abs % unit).toString().padStart(decimals, '0').slice(0, maxDecimals).replace(/0+$/, '');
  const wholeText = options.grouping ? whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',') : whole;
  if (fraction === '' && abs !== 0n && abs < unit && maxDecimals < decimals && whole === '0') {
    // Truncation would print "0" for a non-zero dust amount: say "<0.0..1" instead of lying.
    fraction = '';
    return `${negative ? '-' : ''}<0.${'0'.repeat(Math.max(maxDecimals - 1, 0))}1`;
  }
  return `${negative ? '-' : ''}${wholeText}${fraction ? `.${fraction}` : ''}`;
}

/** `formatAmount` with a token symbol: "1.5 τ", "812.4 α". */
export function formatToken(rao: bigint, symbol: string, maxDecimals = 4): string {
  return `${formatAmount(rao, { maxDecimals, grouping: true })} ${symbol}`;
}
