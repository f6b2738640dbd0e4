/**
 * Staking yield from on-chain data only, per validator per subnet, per epoch (tempo-aware).
 *
 * Each epoch (every `tempo + 1` blocks) the chain pays a validator dividends for the epoch just
 * ended (`AlphaDividendsPerSubnet`, plus `TaoDividendsPerSubnet` where root pays TAO); the
 * validator keeps its take (`Delegates`, parts of 65535) and the rest grows the stake of everyone
 * staked to it (`TotalHotkeyAlpha`). So one epoch returns, in TAO at the pool's spot price,
 *
 *   r = (alphaDividends * price + taoDividends * 1e9) * (1 - take) / (stake * price)
 *
 * and a year of epochs compounds it: APY = (1 + r)^(blocksPerYear / (tempo + 1)) - 1. Using the
 * last epoch's payout (not an average over days that mixes blocks with and without an epoch)
 * is what keeps the figure from undercounting; it assumes the next epochs pay like the last one.
 *
 * Pure bigint maths: rates are fixed point with RATE_SCALE = 1e18 (floor at every step).
 */
import { RAO_PER_TAO } from '../amm/constants.ts';

export const RATE_SCALE = 10n ** 18n;
/** Validator take is a u16 fraction of 65535 (`Delegates`). */
export const TAKE_DENOMINATOR = 65_535n;
/** 365.25 days, in milliseconds. */
const YEAR_MS = 31_557_600_000n;

/** The shown one-line explanation of how the figure is computed. */
export const APY_NOTE = 'APY = (1 + r)^(epochs per year) − 1, where r is the validator’s dividends in its last epoch, less its take, over its total stake, valued in TAO at the pool price; epochs per year = blocks per year ÷ (tempo + 1). An estimate: future epochs may pay differently.';

export interface EpochInputs {
  /** Alpha the validator earned in its last epoch (AlphaDividendsPerSubnet), rao-sized. */
  alphaDividends: bigint;
  /** TAO the validator earned in its last epoch (TaoDividendsPerSubnet), rao. */
  taoDividends: bigint;
  /** Validator take, u16 parts of 65535. */
  take: number;
  /** Total alpha staked to the validator on the subnet (TotalHotkeyAlpha). */
  stake: bigint;
  /** Pool spot price, rao per alpha. */
  price: bigint;
}

/** Blocks in a year at the chain's block time (ms). */
export function blocksPerYear(blockTimeMs: bigint): bigint {
  if (blockTimeMs <= 0n) throw new RangeError('block time must be positive');
  return YEAR_MS / blockTimeMs;
}

/**
 * The nominator's return over one epoch, scaled by RATE_SCALE, or null when it cannot be valued
 * (no stake, or a pool with no price).
 */
export function epochRate(i: EpochInputs): bigint | null {
  if (i.stake <= 0n || i.price <= 0n) return null;
  if (i.take < 0 || i.take > 65_535) throw new RangeError('take must be a u16');
  if (i.alphaDividends < 0n || i.taoDividends < 0n) throw new RangeError('dividends must be non-negative');
  // Both sides in rao * 1e9 so the price division never floors the numerator away.
  const earned = i.alphaDividends * i.price + i.taoDividends * RAO_PER_TAO;
  const kept = TAKE_DENOMINATOR - BigInt(i.take);
  const staked = i.stake * i.price;
  return (earned * kept * RATE_SCALE) / (staked * TAKE_DENOMINATOR);
}

/** (RATE_SCALE + rate)^n / RATE_SCALE^(n-1), flooring at every product. */
function compound(rate: bigint, n: bigint): bigint {
  let result = RATE_SCALE;
  let base = RATE_SCALE + rate;
  let e = n;
  while (e > 0n) {
    if (e & 1n) result = (result * base) / RATE_SCALE;
    e >>= 1n;
    if (e > 0n) base = (base * base) / RATE_SCALE;
  }
  return result;
}

/**
 * APY scaled by RATE_SCALE, from a per-epoch rate: whole epochs compound, the fraction of an
 * epoch left in the year earns its share linearly (simple interest within one epoch).
 */
export function apyFromEpochRate(rate: bigint, tempo: number, yearBlocks: bigint): bigint {
  if (rate < 0n) throw new RangeError('rate must be non-negative');
  if (!Number.isInteger(tempo) || tempo < 0) throw new RangeError('tempo must be a non-negative integer');
  const period = BigInt(tempo) + 1n;
  const whole = yearBlocks / period;
  const rest = yearBlocks % period;
  const grown = compound(rate, whole);
  const partial = RATE_SCALE + (rate * rest) / period;
  return (grown * partial) / RATE_SCALE - RATE_SCALE;
}

/** APY of staking with one validator on one subnet (RATE_SCALE fixed point), or null when it cannot be valued. */
export function validatorApy(i: EpochInputs, tempo: number, yearBlocks: bigint): bigint | null {
  const rate = epochRate(i);
  return rate === null ? null : apyFromEpochRate(rate, tempo, yearBlocks);
}

/** A RATE_SCALE fraction as a percent string with two decimals, floored ("12.34%"). */
export function formatApy(apy: bigint): string {
  const hundredths = (apy * 10_000n) / RATE_SCALE;
  const whole = hundredths / 100n;
  const frac = (hundredths % 100n).toString().padStart(2, '0');
  return `${whole.toLocaleString('en-US')}.${frac}%`;
}
