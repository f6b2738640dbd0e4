/**
 * Root claims (Root Reborn, spec 441+) as pure rules: root dividends wait in each validator's
 * basket until claimed; a claim that would pay less than `RootClaimableThreshold` is accepted by
 * the chain as a paid no-op; with `RootStakeUnlockInterval` > 0, root stake stays where it is for
 * that many blocks after it last changed (a claim changes it), else `RootStakeLocked`.
 *
 * Every refusal here is made before anything is signed, in a staker's words, from the snapshot
 * the wallet just read; the chain remains the judge (its errors are explained in errors.ts).
 */
import { formatAmount } from '../amount.ts';
import type { Intent, RootClaimsView, RootClaimView, Snapshot } from '../protocol/chain.ts';

/** Fractional bits of the chain's I96F32. */
const I96F32_FRACTION_BITS = 32n;

/**
 * `RootClaimableThreshold` bits (I96F32) as rao, rounded up: the chain compares the payout with
 * the fixed-point value, so a fractional threshold must never let a claim through that it skips.
 */
export function thresholdFromBits(bits: bigint): bigint {
  if (bits <= 0n) return 0n;
  const unit = 1n << I96F32_FRACTION_BITS;
  return (bits + unit - 1n) / unit;
}

export interface RootRefusal {
  /** The chain's own error name where one applies, else a wallet code. */
  code: 'RootStakeLocked' | 'BelowClaimThreshold' | 'NothingToClaim' | 'ClaimExitNeedsNoHold';
  message: string;
}

const tao = (rao: bigint) => `${formatAmount(rao, { maxDecimals: 6, grouping: true })} τ`;

export function claimOf(view: RootClaimsView, hotkey: string): RootClaimView | undefined {
  return view.claims.find((c) => c.hotkey === hotkey);
}

/** Why a claim on `hotkey` must not be signed now, or null: nothing owed, or a payout below the dust threshold. */
export function claimRefusal(view: RootClaimsView, hotkey: string): RootRefusal | null {
  const claim = claimOf(view, hotkey);
  const redeemable = claim ? BigInt(claim.redeemable) : 0n;
  if (!claim || (redeemable === 0n && BigInt(claim.accrued) === 0n)) {
    return { code: 'NothingToClaim', message: 'Nothing is waiting to be claimed from this validator.' };
  }
  const threshold = BigInt(view.threshold);
  if (redeemable < threshold || redeemable === 0n) {
    return {
      code: 'BelowClaimThreshold',
      message: `A claim now would pay ${tao(redeemable)}, less than the chain's minimum claim of ${tao(threshold)}. The chain would accept it, charge the network fee and pay nothing. Claim once at least ${tao(threshold)} is waiting.`,
    };
  }
  return null;
}

/** What a claim on this validator pays now, when it is at or above the chain's minimum (what claimRefusal lets through); else 0. */
function payingAmount(view: RootClaimsView, claim: RootClaimView): bigint {
  const redeemable = BigInt(claim.redeemable);
  return redeemable > 0n && redeemable >= BigInt(view.threshold) ? redeemable : 0n;
}

export interface ClaimAllPlan {
  /** The validators `claim_root` pays now (at or above the minimum), in the snapshot's order. */
  claims: RootClaimView[];
  /** What they pay together: the sum of their claim previews. */
  total: bigint;
  /** Validators with something waiting below the minimum: the chain skips them (nothing paid, nothing lost, still claimable). */
  skipped: RootClaimView[];
}

/**
 * What `claim_root` would do now: on Root Reborn it ignores its subnet list and claims every
 * validator the account has a basket share with, each by the rules of `claim_root_with_hotkey`,
 * so the ones below the minimum are skipped and the payout is the sum of the others' previews.
 */
export function claimAllPlan(view: RootClaimsView): ClaimAllPlan {
  const claims = view.claims.filter((c) => payingAmount(view, c) > 0n);
  const skipped = view.claims.filter((c) => payingAmount(view, c) === 0n && (BigInt(c.redeemable) > 0n || BigInt(c.accrued) > 0n));
  return { claims, total: claims.reduce((s, c) => s + BigInt(c.redeemable), 0n), skipped };
}

/** Why a claim of every validator must not be signed now, or null: it would pay nothing (a paid no-op) when no validator reaches the minimum. */
export function claimAllRefusal(view: RootClaimsView): RootRefusal | null {
  const plan = claimAllPlan(view);
  if (plan.claims.length > 0) return null;
  if (plan.skipped.length === 0) return { code: 'NothingToClaim', message: 'Nothing is waiting to be claimed from any validator.' };
  return {
    code: 'BelowClaimThreshold',
    message: `What is waiting with each validator is less than the chain's minimum claim of ${tao(BigInt(view.threshold))}, so claiming all now would pay nothing: the chain would accept it, charge the network fee and skip every validator. Claim once at least ${tao(BigInt(view.threshold))} is waiting with one of them.`,
  };
}

/**
 * Whether the portfolio offers "Claim all": when it saves transactions (two or more validators
 * pay now), or, refused with its reason, when there are two or more validators and none pays.
 * With exactly one paying validator its own Claim button does the same for the same fee.
 */
export function claimAllOffered(view: RootClaimsView): boolean {
  const plan = claimAllPlan(view);
  return plan.claims.length >= 2 || (plan.claims.length === 0 && view.claims.length >= 2);
}

/** The first block at which the chain lets root stake of (account, hotkey) move again; null when there is no hold. */
export function rootUnlockBlock(view: RootClaimsView, hotkey: string): bigint | null {
  const interval = BigInt(view.unlockInterval);
  if (interval === 0n) return null;
  const last = BigInt(view.lastStakeBlock[hotkey] ?? 0);
  return last + interval;
}

/** Blocks until root stake with `hotkey` can move, counted for a transaction in the block after `block`; 0 when free now. */
export function rootHoldBlocksLeft(view: RootClaimsView, hotkey: string, block: number): bigint {
  const unlock = rootUnlockBlock(view, hotkey);
  if (unlock === null) return 0n;
  // The chain checks at the including block, at the earliest the one after the snapshot's.
  const next = BigInt(block) + 1n;
  return unlock > next ? unlock - next : 0n;
}

function holdWords(blocks: bigint, blockTimeMs: number): string {
  const minutes = Number(blocks) * blockTimeMs / 60_000;
  if (minutes < 90) return `about ${Math.max(1, Math.round(minutes))} minute${Math.round(minutes) === 1 ? '' : 's'}`;
  const hours = minutes / 60;
  if (hours < 48) return `about ${Math.round(hours)} hours`;
  return `about ${Math.round(hours / 24)} days`;
}

/** The hold in words for the portfolio: null when root stake with `hotkey` can move now. */
export function rootHoldText(view: RootClaimsView, hotkey: string, block: number): string | null {
  const left = rootHoldBlocksLeft(view, hotkey, block);
  if (left === 0n) return null;
  return `Root stake with this validator can be unstaked or moved from block #${rootUnlockBlock(view, hotkey)!.toString()} (${holdWords(left, view.blockTimeMs)} from now).`;
}

/** Why root stake with `hotkey` must not leave now (unstake, move, swap, transfer), or null. */
export function rootHoldRefusal(view: RootClaimsView, hotkey: string, block: number): RootRefusal | null {
  const left = rootHoldBlocksLeft(view, hotkey, block);
  if (left === 0n) return null;
  return {
    code: 'RootStakeLocked',
    message: `Your root stake with this validator changed recently, and the chain keeps root stake in place for ${view.unlockInterval} blocks after each change (a claim counts too). It can leave from block #${rootUnlockBlock(view, hotkey)!.toString()}, ${holdWords(left, view.blockTimeMs)} from now.`,
  };
}

/**
 * Why claim-then-exit in one batch must not be signed, or null. Under a hold the claim restarts
 * it, so the unstake in the same batch would fail and undo the claim; a claim that would pay
 * nothing is not worth its fee (a plain unstake leaves the dividends claimable).
 */
export function claimExitRefusal(view: RootClaimsView, hotkey: string, block: number): RootRefusal | null {
  const hold = rootHoldRefusal(view, hotkey, block);
  if (hold) return hold;
  if (BigInt(view.unlockInterval) > 0n) {
    return {
      code: 'ClaimExitNeedsNoHold',
      message: `This chain keeps root stake in place for ${view.unlockInterval} blocks after it changes, and a claim changes it, so claiming and unstaking in one transaction would fail. Claim first, then unstake once the hold has passed.`,
    };
  }
  const claim = claimRefusal(view, hotkey);
  if (claim) return { code: claim.code, message: `${claim.message} To leave root now, use Unstake: what is waiting stays claimable.` };
  return null;
}

/**
 * The background's last check before building a transaction: a claim, a claim-then-exit, or
 * anything that takes stake off root, against the snapshot read for it. Null when allowed or when
 * the chain has no root claims (then there is nothing to check).
 */
export function rootIntentRefusal(intent: Intent, snapshot: Pick<Snapshot, 'account' | 'blockNumber'>): RootRefusal | null {
  const view = snapshot.account?.rootClaims;
  if (!view) return null;
  const block = snapshot.blockNumber;
  switch (intent.kind) {
    case 'claimRoot':
      return claimRefusal(view, intent.hotkey);
    case 'claimRootAll':
      return claimAllRefusal(view);
    case 'claimRootExit':
      return claimExitRefusal(view, intent.hotkey, block);
    case 'unstake':
    case 'unstakeFull':
      return intent.netuid === 0 ? rootHoldRefusal(view, intent.hotkey, block) : null;
    case 'swap':
    case 'transferStake':
      return intent.originNetuid === 0 ? rootHoldRefusal(view, intent.hotkey, block) : null;
    case 'move':
    case 'moveLimit':
      return intent.originNetuid === 0 ? rootHoldRefusal(view, intent.originHotkey, block) : null;
    case 'unstakeAll': {
      // unstake_all skips a position the chain refuses without failing: say so instead of leaving root stake behind unnoticed.
      const hasRoot = snapshot.account!.positions.some((p) => p.netuid === 0 && p.hotkey === intent.hotkey && BigInt(p.alpha) > 0n);
      const hold = hasRoot ? rootHoldRefusal(view, intent.hotkey, block) : null;
      return hold ? { code: hold.code, message: `${hold.message} Unstaking everything now would silently leave your root stake behind: unstake the subnets one by one, or wait.` } : null;
    }
    default:
      return null;
  }
}

/**
 * What to tell the staker after a claim landed: the chain accepts a claim whose payout fell below
 * its minimum between the wallet's check and the block (prices moved, or it was claimed from
 * another device) and pays nothing for the fee. Null for any other outcome.
 */
export function claimOutcomeNote(intent: Intent, received: bigint | null): string | null {
  if ((intent.kind !== 'claimRoot' && intent.kind !== 'claimRootAll') || received !== 0n) return null;
  return 'The chain accepted the claim but paid nothing: when it ran, the payout was below its minimum claim (or was already claimed elsewhere). Only the network fee was charged; what is waiting stays claimable. The wallet did not retry.';
}
