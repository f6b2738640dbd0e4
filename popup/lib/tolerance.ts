/**
 * Slippage tolerance in the UI: presets, parsing a typed percentage (the AMM's parser), and how
 * loudly the popup warns about a loose tolerance. Limit prices come from src/amm.
 */
// Straight from the module, not the src/amm barrel: this file is in the first chunk, and the
// barrel would pull the whole pool model into it.
import { parseTolerance } from '../../src/amm/tolerance.ts';

export const DEFAULT_TOLERANCE_PPM = 5_000;
export const TOLERANCE_PRESETS_PPM = [1_000, 5_000, 10_000, 30_000] as const;
/** Above this a tolerance is flagged; above the second, bots can take a large bite. */
export const HIGH_TOLERANCE_PPM = 20_000;
export const VERY_HIGH_TOLERANCE_PPM = 100_000;

export type ToleranceLevel = 'normal' | 'high' | 'veryHigh';

export function toleranceLevel(ppm: number): ToleranceLevel {
  if (ppm > VERY_HIGH_TOLERANCE_PPM) return 'veryHigh';
  if (ppm > HIGH_TOLERANCE_PPM) return 'high';
  return 'normal';
}

export function toleranceWarning(ppm: number): string | undefined {
  switch (toleranceLevel(ppm)) {
    case 'veryHigh':
      return 'Very high tolerance: a front-running bot can take up to this share of your trade. Use it only if you know why.';
    case 'high':
      return 'High tolerance: the price may move this far against you before the chain refuses the trade.';
    default:
      return undefined;
  }
}

export type ToleranceParse = { ok: true; ppm: number } | { ok: false; reason: string };

/** A percentage typed by the user ("0.5", "1.25%") -> ppm, or the reason it is not usable. */
export function parseTolerancePercent(text: string): ToleranceParse {
  try {
    return { ok: true, ppm: Number(parseTolerance(text)) };
  } catch (e) {
    return { ok: false, reason: (e as Error).message };
  }
}
