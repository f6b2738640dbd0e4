/**
 * Errors cross every boundary as `{ code, message }`. Codes are stable identifiers the UI and
 * tests switch on; messages are for people. Chain errors keep the chain's own name as the code
 * (`SlippageTooHigh`, `PriceLimitExceeded`, ...), so they are an open set of strings.
 */
export const WalletErrorCode = {
  UnknownMessage: 'UnknownMessage',
  BadRequest: 'BadRequest',
  Forbidden: 'Forbidden',
  TooLarge: 'TooLarge',
  RateLimited: 'RateLimited',
  Locked: 'Locked',
  WrongPassword: 'WrongPassword',
  TooManyAttempts: 'TooManyAttempts',
  NoVault: 'NoVault',
  VaultExists: 'VaultExists',
  CorruptVault: 'CorruptVault',
  InvalidMnemonic: 'InvalidMnemonic',
  InvalidAmount: 'InvalidAmount',
  UnknownAccount: 'UnknownAccount',
  WatchOnly: 'WatchOnly',
  Unauthorized: 'Unauthorized',
  Rejected: 'Rejected',
  NotFound: 'NotFound',
  Disconnected: 'Disconnected',
  WrongChain: 'WrongChain',
  Internal: 'Internal',
} as const;

export type KnownErrorCode = (typeof WalletErrorCode)[keyof typeof WalletErrorCode];
export type ErrorCode = KnownErrorCode | (string & {});

export interface WireError {
  code: ErrorCode;
  message: string;
  details?: Record<string, string | number | boolean | null>;
}

export class WalletError extends Error {
  override readonly name = 'WalletError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: WireError['details'],
  ) {
    super(message);
  }

  toWire(): WireError {
    return this.details ? { code: this.code, message: this.message, details: this.details } : { code: this.code, message: this.message };
  }

  static fromWire(e: WireError): WalletError {
    return new WalletError(e.code, e.message, e.details);
  }
}

/** Anything thrown, as a wire error. Unexpected errors are reported without their internals. */
export function toWireError(error: unknown): WireError {
  if (error instanceof WalletError) return error.toWire();
  return { code: WalletErrorCode.Internal, message: 'Internal error in the wallet background' };
}
