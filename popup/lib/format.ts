/** Display helpers. Amounts stay bigint rao; nothing here goes through a float except percentages. */
import { formatAmount } from '../../src/amount.ts';

export const TAO = 'τ';

/** "1,234.5678 τ" (truncated, never rounded up). */
export function tao(rao: bigint | string, maxDecimals = 4): string {
  return `${formatAmount(BigInt(rao), { maxDecimals, grouping: true })} ${TAO}`;
}

/** "812.4 α" with the subnet's symbol. */
export function alpha(rao: bigint | string, symbol: string, maxDecimals = 4): string {
  return `${formatAmount(BigInt(rao), { maxDecimals, grouping: true })} ${symbol || 'α'}`;
}

/** Parts per million as a percentage: 5000 -> "0.5%". */
export function ppmPercent(ppm: number, maxDecimals = 2): string {
  const value = ppm / 10_000;
  return `${Number(value.toFixed(maxDecimals))}%`;
}

/** A ratio of two bigints in parts per million (saturating to Number range, sign kept). */
export function ratioPpm(numerator: bigint, denominator: bigint): number {
  if (denominator === 0n) return 0;
  return Number((numerator * 1_000_000n) / denominator);
}

/**
 * A whole number with thousands separators: "4,321,000". Not toLocaleString: the first Intl
 * number format of a page costs tens of milliseconds, and the status bar is in the first render.
 */
export function groupDigits(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** "5FHne…M694ty" */
export function shortAddress(address: string, keep = 6): string {
  return address.length <= keep * 2 + 1 ? address : `${address.slice(0, keep)}…${address.slice(-keep)}`;
}

/** Rao per alpha as "0.0123 τ/α". */
export function price(raoPerAlpha: bigint | string, symbol = 'α', maxDecimals = 6): string {
  return `${formatAmount(BigInt(raoPerAlpha), { maxDecimals, grouping: true })} ${TAO}/${symbol || 'α'}`;
}

export function subnetLabel(netuid: number, name?: string): string {
  return name ? `SN${netuid} · ${name}` : `SN${netuid}`;
}

export function timeAgo(ms: number, now = Date.now()): string {
  const s = Math.max(0, Math.round((now - ms) / 1000));
  if (s < 60) return `${s}s ago`;
  const m = Math.round(s / 60);
  if (m < 60) return `${m} min ago`;
  const h = Math.round(m / 60);
  if (h < 48) return `${h} h ago`;
  return new Date(ms).toLocaleDateString();
}
