/**
 * Slippage tolerance as an integer number of parts per million (0.5 % = 5_000 ppm), and the
 * fixed-decimal formatting the popup shows. No floats anywhere.
 */
import { AmmError } from './errors.ts';

export const PPM = 1_000_000n;
/** Tolerances must leave a limit on the right side of the price: 0 < tol < 100 %. */
export const MAX_TOLERANCE_PPM = PPM - 1n;

/**
 * Parses a user tolerance in percent ("0.5", "1", "0.25 %", "5.5%") into ppm. Up to four
 * decimals (1 ppm = 0.0001 %). Throws AmmError('InvalidTolerance') with a reason a person can act on.
 */
export function parseTolerance(input: string): bigint {
  if (typeof input !== 'string') throw new AmmError('InvalidTolerance', 'Tolerance must be text such as "0.5"');
  const text = input.trim().replace(/\s*%$/, '').trim();
  if (text === '') throw new AmmError('InvalidTolerance', 'Enter a tolerance in percent, for example 0.5');
  if (text.startsWith('-')) throw new AmmError('InvalidTolerance', 'Tolerance cannot be negative');
  const m = /^(\d*)(?:[.,](\d*))?$/.exec(text);
  if (!m || (m[1] === '' && (m[2] ?? '') === '')) throw new AmmError('InvalidTolerance', `"${input}" is not a number; use digits and one decimal point, e.g. 0.5`);
  const whole = m[1] === '' ? '0' : m[1]!;
  const frac = m[2] ?? '';
  if (frac.length > 4) throw new AmmError('InvalidTolerance', 'Use at most 4 decimals (0.0001 % steps)');
  const ppm = BigInt(whole) * 10_000n + BigInt(frac.padEnd(4, '0') || '0');
  if (ppm === 0n) throw new AmmError('InvalidTolerance', 'Tolerance must be above 0 %, or the price limit fails at the current price');
  if (ppm > MAX_TOLERANCE_PPM) throw new AmmError('InvalidTolerance', 'Tolerance must be below 100 %');
  return ppm;
}

/** Validates a tolerance already in ppm. */
export function checkTolerancePpm(ppm: unknown): bigint {
  if (typeof ppm !== 'bigint') throw new AmmError('InvalidTolerance', 'Tolerance must be a bigint number of ppm');
  if (ppm <= 0n || ppm > MAX_TOLERANCE_PPM) throw new AmmError('InvalidTolerance', 'Tolerance must be between 1 ppm and 999999 ppm');
  return ppm;
}

/** ppm as a percentage string with `decimals` places, truncated: 5000n -> "0.50%". */
export function formatPpm(ppm: bigint, decimals = 2): string {
  const neg = ppm < 0n;
  const abs = neg ? -ppm : ppm;
  // percent = ppm / 10^4
  const scale = 10n ** BigInt(decimals);
  const units = (abs * scale) / 10_000n;
  const whole = units / scale;
  const frac = decimals > 0 ? '.' + (units % scale).toString().padStart(decimals, '0') : '';
  return `${neg && units !== 0n ? '-' : ''}${whole}${frac}%`;
}
