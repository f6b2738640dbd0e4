/**
 * Chain errors in words a staker understands. Dispatch errors are decoded by name from the live
 * metadata (indices shift between runtimes, spec §13.1); pre-inclusion RPC rejections (1010 ...)
 * are parsed from the node's message, including the old `Custom error: N` codes of runtimes that
 * pre-validated staking calls in a transaction extension.
 */
import type { Registry } from '@polkadot/types/types';
import type { DispatchError } from '@polkadot/types/interfaces';

export interface ExplainedError {
  /** The chain's own error name (SlippageTooHigh...), or a transaction-validity name. */
  code: string;
  message: string;
  /** Pallet that raised it, when known. */
  section?: string;
}

/** A failed call still pays its network fee; the call itself changed nothing. */
const FEE_NOTE = 'Only the network fee was charged.';

/** Subtensor and Swap errors that staking calls raise (spec §13.1), and the common FRAME ones. */
export const ERROR_TEXTS: Record<string, string> = {
  // SubtensorModule
  SlippageTooHigh: 'The price moved past your limit, so nothing was staked or swapped; nothing was spent apart from the network fee. Try again, or allow more slippage.',
  PriceLimitExceeded: 'The pool price was already past your limit when the transaction ran (someone traded first), so nothing was swapped; nothing was spent apart from the network fee. Refresh the quote and try again.',
  AmountTooLow: 'The amount is below the minimum the chain accepts for staking (about 0.002 TAO plus the swap fee), or it would buy zero alpha.',
  NotEnoughBalanceToStake: 'Your free balance is too low for this stake (the chain keeps 500 rao in every account and also needs the network fee).',
  InsufficientBalance: 'Your free balance is too low for this amount plus the network fee.',
  NotEnoughStakeToWithdraw: 'You have less stake on this validator and subnet than the amount you asked to remove (a network fee paid in alpha may have reduced it). Use "unstake all" for a full exit.',
  HotKeyAccountNotExists: 'That validator hotkey is not registered on the chain.',
  NonAssociatedColdKey: 'This hotkey does not belong to your account.',
  SubnetNotExists: 'That subnet does not exist.',
  SubtokenDisabled: 'Trading of this subnet\'s token is not enabled yet.',
  InsufficientLiquidity: 'The pool does not have enough liquidity for this amount. Try a smaller amount.',
  ReservesTooLow: 'This trade would drain the pool below its minimum reserve. Try a smaller amount.',
  SwapInputTooLarge: 'The amount is too large for this pool (more than 1000 times its reserve).',
  ReservesOutOfBalance: 'The pool\'s price curve cannot take this trade at its current reserves. Try a smaller amount.',
  TransferDisallowed: 'Stake transfers are switched off on this subnet.',
  SameNetuid: 'The origin and destination subnet are the same; a swap needs two different subnets.',
  StakeUnavailable: 'Part of your alpha on this subnet is held by a conviction lock, and this would take more than the unlocked part off the subnet. Unstake or move at most the available amount, or wait for the lock to decay.',
  ColdkeySwapAnnounced: 'This account has announced a coldkey swap, so it cannot stake, unstake or transfer until the swap completes.',
  ColdkeySwapDisputed: 'This account\'s coldkey swap is disputed, so staking operations are blocked.',
  LockHotkeyMismatch: 'Your lock on this subnet is with another validator: top it up with that validator, or move the lock first.',
  InsufficientStakeForLock: 'You cannot lock more alpha than you hold on this subnet (over all validators).',
  NoExistingLock: 'You have no lock on this subnet to move.',
  AccountRejectsLockedAlpha: 'The destination account does not accept locked alpha.',
  RootStakeLocked: 'Your root stake with this validator changed too recently: the chain keeps root stake in place for a number of blocks (RootStakeUnlockInterval) after each stake, unstake or claim. Nothing moved; only the network fee was charged. Try again once the hold has passed.',
  RootClaimTooHeavy: 'This claim covers more validators or basket holdings than one transaction may. Claim validator by validator instead.',
  StakingRateLimitExceeded: 'Too many staking operations in a short time. Wait a block and try again.',
  StakingOperationRateLimitExceeded: 'This runtime allows one staking operation per validator and subnet per block. Wait for the next block (about 12 seconds) and try again.',
  TxRateLimitExceeded: 'Too many transactions from this account recently. Wait a little and try again.',
  Deprecated: 'This operation is no longer supported by the chain.',
  // Balances
  ExistentialDeposit: 'The amount is below the minimum an account must hold (500 rao), so the recipient would not exist.',
  Expendability: 'This transfer would empty your account below 500 rao; keep a little TAO or send less.',
  KeepAlive: 'This transfer would empty your account below 500 rao; keep a little TAO or send less.',
  LiquidityRestrictions: 'Part of your balance is locked and cannot be spent.',
  VestingBalance: 'Part of your balance is still vesting.',
  // FRAME / dispatch
  BadOrigin: 'The chain refused the caller for this operation.',
  CallFiltered: 'The chain does not allow this call right now.',
  CannotLookup: 'An account in the call could not be found.',
  FundsUnavailable: 'The funds are not available (locked or reserved).',
  Arithmetic: 'The amount overflowed or underflowed a chain limit.',
  Exhausted: 'The block is full; try again.',
  Corruption: 'The chain reported corrupted state.',
  Unavailable: 'A resource the call needs is unavailable.',
};

/** Transaction-validity rejections before inclusion (RPC error 1010 and friends). */
export const VALIDITY_TEXTS: Record<string, string> = {
  Payment: 'Your free balance cannot pay the network fee. Nothing was sent.',
  Stale: 'This transaction\'s nonce was already used (another transaction from this account went first). Nothing was sent twice; prepare it again.',
  Future: 'This transaction\'s nonce is ahead of the account; an earlier transaction is still pending.',
  BadProof: 'The chain rejected the signature (bad proof). Nothing was sent. The wallet may have signed for another runtime version; refresh and try again.',
  AncientBirthBlock: 'The transaction expired before it reached a block. Nothing was spent; prepare it again.',
  ExhaustsResources: 'The block is full. Try again in a moment.',
  BadMandatory: 'The chain rejected the transaction as invalid.',
  MandatoryValidation: 'The chain rejected the transaction as invalid.',
  BadSigner: 'The chain does not accept this signer.',
  Call: 'The chain does not accept this call.',
  CannotLookup: 'An account in the transaction could not be found.',
  NoUnsignedValidator: 'The chain does not accept this unsigned transaction.',
  TemporarilyBanned: 'The node recently rejected this exact transaction and is ignoring it for a while.',
  AlreadyImported: 'This exact transaction is already in the node\'s queue.',
  PriorityTooLow: 'A transaction with the same nonce is already pending with a higher priority.',
};

/**
 * `InvalidTransaction::Custom(N)` of older subtensor runtimes (spec §13.1,
 * `common/src/transaction_error.rs`): the extension rejected the staking call before inclusion.
 */
// Codes 1 to 9 except 6 are listed in the spec; 0 and 6 follow the same enum in subtensor's
// CustomTransactionError (inferred, not in the spec).
export const CUSTOM_CODE_NAMES: Record<number, string> = {
  0: 'ColdkeyInSwapSchedule',
  1: 'AmountTooLow',
  2: 'NotEnoughBalanceToStake',
  3: 'SubnetNotExists',
  4: 'HotKeyAccountNotExists',
  5: 'NotEnoughStakeToWithdraw',
  6: 'TxRateLimitExceeded',
  7: 'InsufficientLiquidity',
  8: 'SlippageTooHigh',
  9: 'TransferDisallowed',
};

const CUSTOM_EXTRA_TEXT: Record<string, string> = {
  ColdkeyInSwapSchedule: 'This account has a coldkey swap scheduled, so the chain refuses its staking calls.',
};

export function explainName(name: string, section?: string): ExplainedError {
  const text = ERROR_TEXTS[name] ?? CUSTOM_EXTRA_TEXT[name] ?? VALIDITY_TEXTS[name];
  const message = text ?? `The chain refused the transaction: ${section ? `${section}.` : ''}${name}. ${FEE_NOTE}`;
  return section ? { code: name, message, section } : { code: name, message };
}

/** Decodes a DispatchError from ExtrinsicFailed by name (via the live metadata) and explains it. */
export function explainDispatchError(registry: Registry, error: DispatchError): ExplainedError {
  if (error.isModule) {
    try {
      const meta = registry.findMetaError(error.asModule);
      // polkadot.js reports the pallet camelCased; show it as the metadata spells it.
      return explainName(meta.name, meta.section.charAt(0).toUpperCase() + meta.section.slice(1));
    } catch {
      return { code: 'Module', message: `The chain refused the transaction with an error this wallet cannot decode. ${FEE_NOTE}` };
    }
  }
  if (error.isToken) return explainName(error.asToken.type, 'Token');
  if (error.isArithmetic) return explainName('Arithmetic');
  if (error.isBadOrigin) return explainName('BadOrigin');
  if (error.isCannotLookup) return explainName('CannotLookup');
  return explainName(error.type);
}

/** Validity names as they appear squashed (lowercase, letters only) in node messages; most specific first. */
const VALIDITY_KEYS: [string, string][] = [
  ['badproof', 'BadProof'], ['ancientbirthblock', 'AncientBirthBlock'], ['exhaustsresources', 'ExhaustsResources'],
  ['badmandatory', 'BadMandatory'], ['mandatoryvalidation', 'MandatoryValidation'], ['badsigner', 'BadSigner'],
  ['cannotlookup', 'CannotLookup'], ['nounsignedvalidator', 'NoUnsignedValidator'], ['inabilitytopay', 'Payment'],
  ['payment', 'Payment'], ['outdated', 'Stale'], ['stale', 'Stale'], ['future', 'Future'],
];

/**
 * Explains a JSON-RPC rejection of author_submit(AndWatch)Extrinsic. Node messages look like
 * `1010: Invalid Transaction: Custom error: 8`, `1010: {"invalid":{"badProof":null}}` (chopsticks),
 * `1012: Transaction is temporarily banned`, `1013: Transaction Already Imported`,
 * `1014: Priority is too low`. Returns undefined for anything that is not a validity rejection.
 */
export function explainRpcError(raw: string): ExplainedError | undefined {
  const text = raw.trim();
  const custom = /Custom error:?\s*(\d+)|"custom"\s*:\s*(\d+)/i.exec(text);
  if (custom) {
    const code = Number(custom[1] ?? custom[2]);
    const name = CUSTOM_CODE_NAMES[code];
    if (name) return explainName(name);
    return { code: `Custom${code}`, message: `The chain refused the transaction before inclusion (custom error ${code}). Nothing was sent.` };
  }
  if (/^1012\b|temporarily banned/i.test(text)) return explainName('TemporarilyBanned');
  if (/^1013\b|already imported/i.test(text)) return explainName('AlreadyImported');
  if (/^1014\b|priority is too low/i.test(text)) return explainName('PriorityTooLow');
  if (/^101[01]\b|invalid transaction|"invalid"|"unknown"/i.test(text)) {
    const squashed = text.toLowerCase().replace(/[^a-z]/g, '');
    const hit = VALIDITY_KEYS.find(([key]) => squashed.includes(key));
    if (hit) return explainName(hit[1]);
    return { code: 'Invalid', message: `The chain refused the transaction before inclusion: ${text.slice(0, 200)}. Nothing was sent.` };
  }
  return undefined;
}
