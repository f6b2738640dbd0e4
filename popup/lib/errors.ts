/**
 * Errors in words. Codes come from the background (WalletError codes) and from the chain (its
 * error names), so the popup can tell the user what happened and what to do about it.
 */
export interface Explained {
  code: string;
  title: string;
  detail?: string;
}

const CHAIN: Record<string, { title: string; detail: string }> = {
  SlippageTooHigh: {
    title: 'Refused by the chain: the price moved beyond your tolerance',
    detail: 'Between your review and the block, the pool price moved further than your slippage tolerance allows, so the chain refused the trade. Nothing was swapped. Review the new price and try again, or raise the tolerance.',
  },
  PriceLimitExceeded: {
    title: 'Refused by the chain: the price moved past your limit',
    detail: 'The pool price had already moved past the limit price you signed, so nothing executed. Review the new price and try again.',
  },
  // Whether a fee was paid depends on where the chain refused (in a block or before): the
  // background's message says which, so these fallbacks do not.
  ZeroMaxAmount: {
    title: 'Refused by the chain: the price moved past your limit',
    detail: 'Someone traded before you: at your limit price the pool would give you nothing, so nothing executed. Review the new price and try again.',
  },
  AmountTooLow: { title: 'Amount too small', detail: 'The chain requires at least 0.002 τ worth per stake or unstake (or the full position).' },
  NotEnoughBalanceToStake: { title: 'Not enough free TAO', detail: 'The free balance cannot cover this amount and the network fee.' },
  NotEnoughStakeToWithdraw: { title: 'Not enough stake', detail: 'The position is smaller than the amount (it may have changed since the preview).' },
  InsufficientLiquidity: { title: 'Not enough liquidity', detail: 'The pool cannot take a trade this large.' },
  ReservesTooLow: { title: 'Pool reserves too low', detail: 'The pool would fall below its minimum reserve.' },
  SwapInputTooLarge: { title: 'Amount too large for the pool', detail: 'The amount exceeds 1000× the pool reserve.' },
  ReservesOutOfBalance: { title: 'The pool cannot take this trade', detail: 'The pool\'s price curve cannot reach this amount at its current reserves.' },
  PoolUnpriceable: { title: 'This pool cannot be priced', detail: 'The pool\'s on-chain curve does not fit its reserves, so the wallet will not quote or sign trades on it.' },
  SubtokenDisabled: { title: 'Subnet trading is disabled', detail: 'This subnet does not accept stake yet.' },
  SubnetNotExists: { title: 'No such subnet', detail: 'The subnet does not exist on this network.' },
  HotKeyAccountNotExists: { title: 'Unknown validator', detail: 'The validator hotkey is not registered.' },
  StakeUnavailable: { title: 'Stake is locked', detail: 'Part of this stake is locked and cannot be moved yet.' },
  RootStakeLocked: { title: 'Root stake is on hold', detail: 'Root stake stays in place for a while after it changes (a claim counts too). Try again once the hold has passed.' },
  BelowClaimThreshold: { title: 'Too little to claim yet', detail: 'A claim this small would be accepted by the chain, charged the network fee, and pay nothing.' },
  NothingToClaim: { title: 'Nothing to claim', detail: 'No root dividends are waiting with this validator.' },
  ClaimExitNeedsNoHold: { title: 'Claim first, then unstake', detail: 'Under a root hold, claiming and unstaking cannot go in one transaction.' },
};

const WALLET: Record<string, string> = {
  Locked: 'The wallet is locked. Unlock it and try again.',
  WrongPassword: 'Wrong password.',
  TooManyAttempts: 'Too many wrong passwords. Wait a moment before trying again.',
  WatchOnly: 'This is a watch-only account: it has no key to sign with.',
  Disconnected: 'The wallet background did not answer. Close and reopen the popup.',
  NotImplemented: 'This part of the wallet is not available in this build yet.',
  WrongChain: 'The node is not the chain this network expects.',
  InvalidMnemonic: 'That recovery phrase is not valid.',
};

export function explainError(error: unknown): Explained {
  const code = typeof error === 'object' && error && 'code' in error ? String((error as { code: unknown }).code) : 'Error';
  const message = typeof error === 'object' && error && 'message' in error ? String((error as { message: unknown }).message) : String(error);
  const chain = CHAIN[code];
  // The background's message already explains chain errors in words; ours is the fallback.
  if (chain) return { code, title: chain.title, detail: message && message !== code && !/^\w+\.\w+$/.test(message) ? message : chain.detail };
  if (WALLET[code]) return { code, title: WALLET[code]!, ...(message && message !== WALLET[code] ? { detail: message } : {}) };
  return { code, title: message || code };
}
