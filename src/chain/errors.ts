/**
 * Chain errors in words a staker understands. Dispatch errors are decoded by name from the live
 * metadata (indices shift between runtimes, spec §13.1); pre-inclusion RPC rejections (1010 ...)
 * are parsed from the node's message, including the `Custom error: N` codes of subtensor's
 * transaction extension, whose table depends on the runtime generation (validityGeneration).
 *
 * Where a refusal happened decides what it cost: a call that failed inside a block paid its
 * network fee; one the chain refused before inclusion (a validity error) was never sent and
 * paid nothing. Every explanation says which.
 */
import type { Registry } from '@polkadot/types/types';
import type { DispatchError } from '@polkadot/types/interfaces';
import { detectPoolModel } from '../amm/model.ts';
import type { PoolModel } from '../amm/types.ts';

export interface ExplainedError {
  /** The chain's own error name (SlippageTooHigh...), or a transaction-validity name. */
  code: string;
  message: string;
  /** Pallet that raised it, when known. */
  section?: string;
}

/** Where the chain refused it: inside a block (the fee is paid) or before inclusion (nothing is). */
export type RefusalStage = 'inBlock' | 'beforeInclusion';

/** What the refusal cost, said after the reason. */
export const STAGE_NOTES: Record<RefusalStage, string> = {
  inBlock: 'It was included in a block, so nothing was spent apart from the network fee.',
  beforeInclusion: 'The chain refused it before it went into a block: nothing was sent and no network fee was paid.',
};

/** Subtensor and Swap errors that staking calls raise (spec §13.1), and the common FRAME ones. */
export const ERROR_TEXTS: Record<string, string> = {
  // SubtensorModule
  SlippageTooHigh: 'The price moved past your limit, so nothing was staked or swapped. Try again, or allow more slippage.',
  PriceLimitExceeded: 'The pool price was already past your limit when the transaction ran (someone traded first), so nothing was swapped. Refresh the quote and try again.',
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
 * The generations of subtensor's transaction extension, told apart by a metadata fact: the
 * `InvalidTransaction::Custom(u8)` codes are plain numbers that no metadata describes, so the
 * table is keyed by the swap generation the metadata shows (the Swap pallet's storage, as the
 * pool model is chosen), which moved in step with the extension's code list:
 * - `launch`: no Swap pallet (dTAO launch, spec 233 on chain): codes 0-9 and 255;
 * - `v3`: Swap with `AlphaSqrtPrice` (opentensor/subtensor spec 293): codes 0-14 and 255, the
 *   extension pre-checks staking limits (14 ZeroMaxAmount);
 * - `balancer`: Swap with `SwapBalancer` (spec 425, `common/src/transaction_error.rs`): codes
 *   0-27 and 255, staking checks moved into dispatch; 0 now means an announced coldkey swap;
 * - `current`: Swap with `SwapSuperellipse` (RaoFoundation/subtensor): the same numbers as
 *   balancer, 0 deprecated (the coldkey-swap check moved to a dispatch guard).
 * Never from spec_version: forks and test networks number their specs their own way.
 */
export type ValidityGeneration = 'launch' | 'v3' | 'balancer' | 'current';

export const VALIDITY_GENERATIONS: readonly ValidityGeneration[] = ['launch', 'v3', 'balancer', 'current'];

export function validityGeneration(registry: Registry): ValidityGeneration {
  const swap = registry.metadata.pallets.find((p) => p.name.toString() === 'Swap');
  const storage = swap?.storage.isSome ? swap.storage.unwrap().items.map((i) => i.name.toString()) : [];
  try {
    return generationOfPoolModel(detectPoolModel({ hasSwapPallet: swap !== undefined, swapStorage: storage }));
  } catch {
    // A Swap pallet of a shape the wallet does not know is newer than it: the newest table.
    return 'current';
  }
}

/** The generation from the pool model a snapshot already carries (the same metadata fact). */
export function generationOfPoolModel(model: PoolModel): ValidityGeneration {
  return model === 'constantProduct' ? 'launch' : model === 'superellipse' ? 'current' : model;
}

/**
 * Where a staking call past its price limit is refused: the launch and V3 extensions check the
 * limit before inclusion (custom codes 8 and 14, free); since Balancer the call fails in a block
 * (SlippageTooHigh / PriceLimitExceeded, the network fee is paid).
 */
export function limitRefusalStage(generation: ValidityGeneration): RefusalStage {
  return generation === 'launch' || generation === 'v3' ? 'beforeInclusion' : 'inBlock';
}

interface CustomCode {
  /** The name the wallet reports (a SubtensorModule error name where one says the same). */
  name: string;
  text: string;
}

/** Wording shared by every generation that has the code; generations override where it differs. */
const CODE_TEXTS: Record<number, CustomCode> = {
  0: { name: 'ColdkeyInSwapSchedule', text: 'This account has a coldkey swap scheduled, so the chain refuses its staking and transfer calls until the swap is done.' },
  1: { name: 'AmountTooLow', text: 'The amount is below the minimum the chain accepts for staking (about 0.002 TAO plus the swap fee), or it would buy zero alpha.' },
  2: { name: 'NotEnoughBalanceToStake', text: 'Your free balance is too low for this amount plus the network fee.' },
  3: { name: 'SubnetNotExists', text: 'That subnet does not exist on this chain.' },
  4: { name: 'HotKeyAccountNotExists', text: 'That validator hotkey is not registered on the chain.' },
  5: { name: 'NotEnoughStakeToWithdraw', text: 'You have less stake with this validator on this subnet than the amount you asked to remove. Use "unstake all" for a full exit.' },
  6: { name: 'TxRateLimitExceeded', text: 'Too many transactions of this kind from this account in a short time. Wait a few blocks and try again.' },
  7: { name: 'InsufficientLiquidity', text: 'The pool does not have enough liquidity for this amount. Try a smaller amount.' },
  8: { name: 'SlippageTooHigh', text: 'At the pool\'s price when the chain checked it, this amount would cross your limit (someone traded before you). Refresh the quote, allow more slippage, or allow a partial fill.' },
  9: { name: 'TransferDisallowed', text: 'Stake transfers are switched off on this subnet.' },
  10: { name: 'HotKeyNotRegisteredInNetwork', text: 'That hotkey is not registered on this subnet, so it cannot do this here.' },
  11: { name: 'InvalidIpAddress', text: 'The IP address in this serving call is not valid (a miner or validator setting, not a staking one).' },
  12: { name: 'ServingRateLimitExceeded', text: 'This hotkey updated its serving details too recently. Wait a while and try again.' },
  13: { name: 'InvalidPort', text: 'The port in this serving call is not valid (a miner or validator setting, not a staking one).' },
  14: { name: 'ZeroMaxAmount', text: 'The price moved: someone traded before you, and at your limit price the pool would give you nothing, so nothing could execute. Refresh the quote and try again, or allow more slippage.' },
  15: { name: 'InvalidRevealRound', text: 'This weights reveal names the wrong round (a validator operation, not staking).' },
  16: { name: 'CommitNotFound', text: 'There is no matching weights commit to reveal (a validator operation, not staking).' },
  17: { name: 'CommitBlockNotInRevealRange', text: 'This weights commit cannot be revealed in this block: it is outside its reveal window.' },
  18: { name: 'InputLengthsUnequal', text: 'The lists in this call have different lengths, so the chain cannot pair them up.' },
  19: { name: 'UidNotFound', text: 'That hotkey has no slot (UID) on this subnet.' },
  20: { name: 'EvmKeyAssociateRateLimitExceeded', text: 'An EVM key was associated with this hotkey too recently. Wait a while and try again.' },
  21: { name: 'ColdkeySwapDisputed', text: 'This account\'s coldkey swap is disputed, so the chain refuses its calls until the dispute is settled.' },
  22: { name: 'InvalidRealAccount', text: 'The account this proxy call acts for is not valid for this operation.' },
  23: { name: 'FailedShieldedTxParsing', text: 'The chain could not read this MEV-protected (encrypted) transaction. Prepare it again, or send it without MEV protection.' },
  24: { name: 'InvalidShieldedTxPubKeyHash', text: 'This MEV-protected transaction was sealed with a key the chain no longer accepts. Prepare it again.' },
  25: { name: 'NonAssociatedColdKey', text: 'This hotkey does not belong to your account.' },
  26: { name: 'DelegateTakeTooLow', text: 'The validator take in this call is below the chain\'s minimum.' },
  27: { name: 'DelegateTakeTooHigh', text: 'The validator take in this call is above the chain\'s maximum.' },
  255: { name: 'BadRequest', text: 'The chain\'s pre-check found this call invalid for this account or subnet (a "bad request"). Refresh and check the amounts and the validator.' },
};

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

/** Which codes each generation's extension can return, and where its wording differs. */
const GENERATION_CODES: Record<ValidityGeneration, { codes: number[]; overrides?: Record<number, CustomCode> }> = {
  launch: { codes: [...range(0, 9), 255] },
  v3: {
    codes: [...range(0, 14), 255],
    overrides: {
      // Spec 293 checks the limit before inclusion: with no room at the limit price, code 14.
      8: { name: 'SlippageTooHigh', text: 'At the pool\'s price when the chain checked it, this amount would cross your limit (someone traded before you), and a partial fill was not allowed. Refresh the quote, allow more slippage, or allow a partial fill.' },
    },
  },
  balancer: {
    codes: [...range(0, 27), 255],
    overrides: {
      0: { name: 'ColdkeySwapAnnounced', text: 'This account has announced a coldkey swap, so the chain refuses its calls (other than the swap itself) until the swap is done.' },
      1: { name: 'AmountTooLow', text: 'The amount is below the chain\'s minimum for this operation (for staking about 0.002 TAO plus the swap fee; for setting weights, the validator\'s minimum stake).' },
    },
  },
  current: {
    codes: [...range(0, 27), 255],
    overrides: {
      0: { name: 'ColdkeySwapAnnounced', text: 'This account has a coldkey swap under way, so the chain refuses its calls (other than the swap itself) until the swap is done.' },
      1: { name: 'AmountTooLow', text: 'The amount is below the chain\'s minimum for this operation (for staking about 0.002 TAO plus the swap fee; for setting weights, the validator\'s minimum stake).' },
    },
  },
};

/** The custom validity codes a generation's extension can return, in order. */
export function customCodes(generation: ValidityGeneration): number[] {
  return [...GENERATION_CODES[generation].codes];
}

/** A custom code of one generation in words, or undefined when that generation has no such code. */
export function customCode(generation: ValidityGeneration, code: number): CustomCode | undefined {
  const g = GENERATION_CODES[generation];
  if (!g.codes.includes(code)) return undefined;
  return g.overrides?.[code] ?? CODE_TEXTS[code];
}

/**
 * A custom code's explanation: always a pre-inclusion refusal, so never a fee. A code outside
 * the generation's table (a runtime between two generations) is read with the shared meaning:
 * subtensor never renumbers a code, it only adds new ones.
 */
export function explainCustomCode(code: number, generation: ValidityGeneration): ExplainedError {
  const known = customCode(generation, code) ?? CODE_TEXTS[code];
  if (known) return { code: known.name, message: `${known.text} ${STAGE_NOTES.beforeInclusion}` };
  return { code: `Custom${code}`, message: `The chain refused the transaction before inclusion (custom error ${code}, unknown to this wallet for this runtime). Nothing was sent and no network fee was paid.` };
}

/**
 * A chain error name in words, with what the refusal cost. Validity names (Payment, Stale, ...)
 * are pre-inclusion by nature and carry their own wording.
 */
export function explainName(name: string, section?: string, stage: RefusalStage = 'inBlock'): ExplainedError {
  const validity = VALIDITY_TEXTS[name];
  const reason = ERROR_TEXTS[name];
  const message = validity && (stage === 'beforeInclusion' || !reason)
    ? validity
    : `${reason ?? `The chain refused the transaction: ${section ? `${section}.` : ''}${name}.`} ${STAGE_NOTES[stage]}`;
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
      return { code: 'Module', message: `The chain refused the transaction with an error this wallet cannot decode. ${STAGE_NOTES.inBlock}` };
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
export function explainRpcError(raw: string, generation: ValidityGeneration = 'current'): ExplainedError | undefined {
  const text = raw.trim();
  const custom = /Custom error:?\s*(\d+)|"custom"\s*:\s*(\d+)/i.exec(text);
  if (custom) return explainCustomCode(Number(custom[1] ?? custom[2]), generation);
  if (/^1012\b|temporarily banned/i.test(text)) return explainName('TemporarilyBanned', undefined, 'beforeInclusion');
  if (/^1013\b|already imported/i.test(text)) return explainName('AlreadyImported', undefined, 'beforeInclusion');
  if (/^1014\b|priority is too low/i.test(text)) return explainName('PriorityTooLow', undefined, 'beforeInclusion');
  if (/^101[01]\b|invalid transaction|"invalid"|"unknown"/i.test(text)) {
    const squashed = text.toLowerCase().replace(/[^a-z]/g, '');
    const hit = VALIDITY_KEYS.find(([key]) => squashed.includes(key));
    if (hit) return explainName(hit[1], undefined, 'beforeInclusion');
    return { code: 'Invalid', message: `The chain refused the transaction before inclusion: ${text.slice(0, 200)}. Nothing was sent.` };
  }
  return undefined;
}
