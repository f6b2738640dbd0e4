/**
 * How the rules signal a dispatch error internally: they throw `DispatchFailure` while working on
 * a copy of the state, and `dispatch` turns it into `{ ok: false, error }` and drops the copy.
 */
import type { DispatchErrorName } from './types.ts';

/** Pallet names as the runtime metadata spells them (also used as the `section` of events). */
export const SUBTENSOR = 'SubtensorModule';
export const SWAP = 'Swap';
export const BALANCES = 'Balances';
export const SYSTEM = 'System';
/**
 * Not a pallet: FRAME's `DispatchError::Token(TokenError::<name>)`, which pallet-balances returns for
 * FundsUnavailable / NotExpendable / BelowMinimum. The RPC layer encodes section 'Token' as that variant.
 */
export const TOKEN = 'Token';

export class DispatchFailure extends Error {
  constructor(readonly error: DispatchErrorName) {
    super(`${error.section}.${error.name}`);
    this.name = 'DispatchFailure';
  }
}

export function fail(section: string, name: string): never {
  throw new DispatchFailure({ section, name });
}

/** A swap-model error as thrown by src/amm (an object with the chain error name in `.code`). */
export function swapErrorCode(e: unknown): string | undefined {
  if (typeof e === 'object' && e !== null && 'code' in e && typeof (e as { code: unknown }).code === 'string') {
    return (e as { code: string }).code;
  }
  return undefined;
}

/** Rethrows a swap-model error as the Swap pallet's dispatch error; anything else is a bug and propagates. */
export function asSwapFailure(e: unknown): never {
  const code = swapErrorCode(e);
  if (code === undefined) throw e;
  fail(SWAP, code);
}

/**
 * A call argument had the wrong shape. The RPC decodes calls from metadata, so this is a bug in
 * the caller, not a chain error: it is thrown, never returned as a dispatch outcome.
 */
export class CallArgumentError extends TypeError {
  constructor(message: string) {
    super(message);
    this.name = 'CallArgumentError';
  }
}
