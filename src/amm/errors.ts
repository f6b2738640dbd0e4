import { WalletError } from '../protocol/errors.ts';

/**
 * Error codes the AMM model raises. Chain failures keep the chain's own error name so the popup
 * can show the same reason the extrinsic would fail with; the rest describe bad input.
 */
export type AmmErrorCode =
  | 'PriceLimitExceeded'
  | 'ReservesTooLow'
  | 'SwapInputTooLarge'
  | 'ReservesOutOfBalance'
  | 'InsufficientLiquidity'
  | 'AmountTooLow'
  | 'SlippageTooHigh'
  /** V3 runtimes: get_max_amount_* found nothing executable at the limit (SubtensorModule error, validity code 14). */
  | 'ZeroMaxStakeAmount'
  | 'InvalidAmount'
  | 'InvalidPool'
  | 'InvalidTolerance'
  | 'UnknownPoolModel'
  | 'PoolUnpriceable';

/** Error names the chain itself raises (everything else is a wallet-side input error). */
export const CHAIN_ERROR_CODES: ReadonlySet<AmmErrorCode> = new Set<AmmErrorCode>([
  'PriceLimitExceeded',
  'ReservesTooLow',
  'SwapInputTooLarge',
  'ReservesOutOfBalance',
  'InsufficientLiquidity',
  'AmountTooLow',
  'SlippageTooHigh',
]);

/** Extends WalletError so it crosses the message boundary as `{ code, message }` unchanged. */
export class AmmError extends WalletError {
  declare readonly code: AmmErrorCode;
  constructor(code: AmmErrorCode, message: string = code) {
    super(code, message);
  }
}

export function isAmmError(e: unknown): e is AmmError {
  return e instanceof AmmError;
}
