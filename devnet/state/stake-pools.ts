/**
 * Stake of (hotkey, netuid) as a share pool: `TotalHotkeyAlpha` over shares (spec §16).
 *
 * Simplification (documented in the contract): shares are integers, not the chain's SafeFloat
 * mantissa/exponent pairs. The read rule is the chain's: a coldkey's stake is
 * floor(totalAlpha · share / totalShares). To keep integer rounding below one rao, a pool starts
 * at SHARE_SCALE shares per alpha rao; minting rounds the new shares up (the depositor's value
 * then reads exactly the alpha added, where a floor would often show one rao less) and burning
 * rounds down (the remaining stake reads exactly stake − amount). Either way the rounding moves
 * at most one share unit (≈1e-9 rao) of exact value between holders, far below one rao. A full unstake burns every share. The sum of all
 * values never exceeds `totalAlpha`.
 */
import type { AccountId, ChainState, SharePool } from './types.ts';

/** Shares minted per alpha rao when a pool starts. */
export const SHARE_SCALE = 1_000_000_000n;

export function poolKey(hotkey: AccountId, netuid: number): string {
  return `${hotkey}:${netuid}`;
}

export function parsePoolKey(key: string): { hotkey: AccountId; netuid: number } {
  const at = key.lastIndexOf(':');
  return { hotkey: key.slice(0, at) as AccountId, netuid: Number(key.slice(at + 1)) };
}

/** floor(totalAlpha · share / totalShares): the chain's share-pool read rule; 0 for an empty pool. */
export function shareValue(pool: SharePool, shares: bigint): bigint {
  if (pool.totalShares === 0n || shares === 0n) return 0n;
  return (pool.totalAlpha * shares) / pool.totalShares;
}

/** The alpha a coldkey has staked to a hotkey on a subnet (`get_stake_for_hotkey_and_coldkey_on_subnet`). */
export function stakeValue(state: ChainState, hotkey: AccountId, coldkey: AccountId, netuid: number): bigint {
  const pool = state.stakePools.get(poolKey(hotkey, netuid));
  if (pool === undefined) return 0n;
  return shareValue(pool, pool.shares.get(coldkey) ?? 0n);
}

/** `TotalHotkeyAlpha[hotkey, netuid]`. */
export function totalHotkeyAlpha(state: ChainState, hotkey: AccountId, netuid: number): bigint {
  return state.stakePools.get(poolKey(hotkey, netuid))?.totalAlpha ?? 0n;
}

/** Adds `alpha` to the coldkey's stake, minting shares in proportion; records the hotkey in `StakingHotkeys`. */
export function increaseStake(state: ChainState, hotkey: AccountId, coldkey: AccountId, netuid: number, alpha: bigint): void {
  if (alpha < 0n) throw new RangeError('stake increase must be non-negative');
  const staking = state.stakingHotkeys.get(coldkey);
  if (staking === undefined) state.stakingHotkeys.set(coldkey, [hotkey]);
  else if (!staking.includes(hotkey)) staking.push(hotkey);
  if (alpha === 0n) return;

  const key = poolKey(hotkey, netuid);
  let pool = state.stakePools.get(key);
  if (pool === undefined) {
    pool = { totalAlpha: 0n, totalShares: 0n, shares: new Map() };
    state.stakePools.set(key, pool);
  }
  if (pool.totalShares === 0n || pool.totalAlpha === 0n) {
    // An empty pool (or one drained to zero value) restarts at SHARE_SCALE shares per alpha rao.
    // Rounding dust left in a pool without holders goes to the next staker, so no alpha is lost.
    pool.shares.clear();
    pool.totalShares = 0n;
  }
  const minted = pool.totalShares === 0n ? alpha * SHARE_SCALE : ceilDiv(alpha * pool.totalShares, pool.totalAlpha);
  pool.shares.set(coldkey, (pool.shares.get(coldkey) ?? 0n) + minted);
  pool.totalShares += minted;
  pool.totalAlpha += alpha;
}

/**
 * Removes `alpha` of value from the coldkey's stake. The caller has checked `alpha ≤ stakeValue`.
 * Removing the whole value burns all the coldkey's shares.
 */
export function decreaseStake(state: ChainState, hotkey: AccountId, coldkey: AccountId, netuid: number, alpha: bigint): void {
  if (alpha === 0n) return;
  const key = poolKey(hotkey, netuid);
  const pool = state.stakePools.get(key);
  const held = pool?.shares.get(coldkey) ?? 0n;
  if (pool === undefined || held === 0n) throw new RangeError('decreaseStake on an empty position');
  const value = shareValue(pool, held);
  if (alpha > value) throw new RangeError(`decreaseStake of ${alpha} exceeds the stake ${value}`);
  let burned: bigint;
  if (alpha === value) {
    burned = held;
  } else {
    // Floor: the holder keeps at most one share unit (≈1e-9 rao) of exact value too much, so the
    // remaining stake reads exactly value − alpha instead of often one rao less.
    burned = (alpha * pool.totalShares) / pool.totalAlpha;
    if (burned > held) burned = held;
  }
  const left = held - burned;
  if (left === 0n) pool.shares.delete(coldkey);
  else pool.shares.set(coldkey, left);
  pool.totalShares -= burned;
  pool.totalAlpha -= alpha;
  if (pool.shares.size === 0 && pool.totalAlpha === 0n) state.stakePools.delete(key);
  else if (pool.shares.size === 0) pool.totalShares = 0n;
}

function ceilDiv(a: bigint, b: bigint): bigint {
  return (a + b - 1n) / b;
}
