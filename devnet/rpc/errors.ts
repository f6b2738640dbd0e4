/**
 * JSON-RPC errors with the codes a Substrate node uses, so clients (polkadot.js formats them as
 * `${code}: ${message}: ${data}`) see what they would see from a real node.
 */

export class RpcError extends Error {
  constructor(readonly code: number, message: string, readonly data?: unknown) {
    super(message);
    this.name = 'RpcError';
  }
}

export const PARSE_ERROR = -32700;
export const INVALID_REQUEST = -32600;
export const METHOD_NOT_FOUND = -32601;
export const INVALID_PARAMS = -32602;
export const INTERNAL_ERROR = -32603;

/** sc-rpc author errors (substrate/client/rpc-api/src/author/error.rs). */
export const AUTHOR_BAD_FORMAT = 1001;
export const AUTHOR_VERIFICATION = 1002;
export const AUTHOR_INVALID_TRANSACTION = 1010;
export const AUTHOR_UNKNOWN_TRANSACTION = 1011;
export const AUTHOR_ALREADY_IMPORTED = 1013;
export const AUTHOR_TOO_LOW_PRIORITY = 1014;

/** sc-rpc state/chain errors: unknown block, state discarded, runtime call failure. */
export const STATE_UNKNOWN_BLOCK = 4003;
export const STATE_CALL_FAILED = 4003;

/** `InvalidTransaction` variants as the node's JSON (`{"invalid":{"stale":null}}`). */
export type InvalidReason = 'call' | 'payment' | 'future' | 'stale' | 'badProof' | 'ancientBirthBlock' | 'exhaustsResources' | 'badSigner';

export function invalidTransaction(reason: InvalidReason): RpcError {
  return new RpcError(AUTHOR_INVALID_TRANSACTION, 'Invalid Transaction', { invalid: { [reason]: null } });
}

/** `InvalidTransaction::Custom(code)` (a runtime's own validity error), as the node's JSON `{"invalid":{"custom":14}}`. */
export function customInvalidTransaction(code: number): RpcError {
  return new RpcError(AUTHOR_INVALID_TRANSACTION, 'Invalid Transaction', { invalid: { custom: code } });
}

export function unknownTransaction(reason: 'cannotLookup' | 'noUnsignedValidator'): RpcError {
  return new RpcError(AUTHOR_UNKNOWN_TRANSACTION, 'Unknown Transaction Validity', { unknown: { [reason]: null } });
}

export function invalidParams(message: string): RpcError {
  return new RpcError(INVALID_PARAMS, `Invalid params: ${message}`);
}
