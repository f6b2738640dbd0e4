/**
 * Helpers for the devnet state's own tests (and the RPC's): call builders and invariant checks.
 */
import { expect } from 'vitest';
import type { AccountId, ChainState, DecodedCall, DispatchOutcome } from './types.ts';
import { cloneState } from './clone.ts';
import { dispatch } from './staking.ts';
import { subnetAccountId } from './genesis.ts';

export const TAO = 1_000_000_000n;

export const calls = {
  addStake: (hotkey: AccountId, netuid: number, amountStaked: bigint): DecodedCall => ({ section: 'subtensorModule', method: 'addStake', args: { hotkey, netuid, amountStaked } }),
  addStakeLimit: (hotkey: AccountId, netuid: number, amountStaked: bigint, limitPrice: bigint, allowPartial: boolean): DecodedCall => ({
    section: 'subtensorModule',
    method: 'addStakeLimit',
    args: { hotkey, netuid, amountStaked, limitPrice, allowPartial },
  }),
  removeStake: (hotkey: AccountId, netuid: number, amountUnstaked: bigint): DecodedCall => ({ section: 'subtensorModule', method: 'removeStake', args: { hotkey, netuid, amountUnstaked } }),
  removeStakeLimit: (hotkey: AccountId, netuid: number, amountUnstaked: bigint, limitPrice: bigint, allowPartial: boolean): DecodedCall => ({
    section: 'subtensorModule',
    method: 'removeStakeLimit',
    args: { hotkey, netuid, amountUnstaked, limitPrice, allowPartial },
  }),
  removeStakeFullLimit: (hotkey: AccountId, netuid: number, limitPrice: bigint | null): DecodedCall => ({ section: 'subtensorModule', method: 'removeStakeFullLimit', args: { hotkey, netuid, limitPrice } }),
  moveStake: (originHotkey: AccountId, destinationHotkey: AccountId, originNetuid: number, destinationNetuid: number, alphaAmount: bigint): DecodedCall => ({
    section: 'subtensorModule',
    method: 'moveStake',
    args: { originHotkey, destinationHotkey, originNetuid, destinationNetuid, alphaAmount },
  }),
  transferStake: (destinationColdkey: AccountId, hotkey: AccountId, originNetuid: number, destinationNetuid: number, alphaAmount: bigint): DecodedCall => ({
    section: 'subtensorModule',
    method: 'transferStake',
    args: { destinationColdkey, hotkey, originNetuid, destinationNetuid, alphaAmount },
  }),
  swapStake: (hotkey: AccountId, originNetuid: number, destinationNetuid: number, alphaAmount: bigint): DecodedCall => ({
    section: 'subtensorModule',
    method: 'swapStake',
    args: { hotkey, originNetuid, destinationNetuid, alphaAmount },
  }),
  swapStakeLimit: (hotkey: AccountId, originNetuid: number, destinationNetuid: number, alphaAmount: bigint, limitPrice: bigint, allowPartial: boolean): DecodedCall => ({
    section: 'subtensorModule',
    method: 'swapStakeLimit',
    args: { hotkey, originNetuid, destinationNetuid, alphaAmount, limitPrice, allowPartial },
  }),
  moveStakeLimit: (originHotkey: AccountId, destinationHotkey: AccountId, originNetuid: number, destinationNetuid: number, alphaAmount: bigint, limitPrice: bigint, allowPartial: boolean): DecodedCall => ({
    section: 'subtensorModule',
    method: 'moveStakeLimit',
    args: { originHotkey, destinationHotkey, originNetuid, destinationNetuid, alphaAmount, limitPrice, allowPartial },
  }),
  lockStake: (hotkey: AccountId, netuid: number, amount: bigint): DecodedCall => ({ section: 'subtensorModule', method: 'lockStake', args: { hotkey, netuid, amount } }),
  moveLock: (destinationHotkey: AccountId, netuid: number): DecodedCall => ({ section: 'subtensorModule', method: 'moveLock', args: { destinationHotkey, netuid } }),
  setPerpetualLock: (netuid: number, enabled: boolean): DecodedCall => ({ section: 'subtensorModule', method: 'setPerpetualLock', args: { netuid, enabled } }),
  setRejectLockedAlpha: (enabled: boolean): DecodedCall => ({ section: 'subtensorModule', method: 'setRejectLockedAlpha', args: { enabled } }),
  unstakeAll: (hotkey: AccountId): DecodedCall => ({ section: 'subtensorModule', method: 'unstakeAll', args: { hotkey } }),
  unstakeAllAlpha: (hotkey: AccountId): DecodedCall => ({ section: 'subtensorModule', method: 'unstakeAllAlpha', args: { hotkey } }),
  transferKeepAlive: (dest: AccountId, value: bigint): DecodedCall => ({ section: 'balances', method: 'transferKeepAlive', args: { dest: { Id: dest }, value } }),
  transferAllowDeath: (dest: AccountId, value: bigint): DecodedCall => ({ section: 'balances', method: 'transferAllowDeath', args: { dest: { Id: dest }, value } }),
  transferAll: (dest: AccountId, keepAlive: boolean): DecodedCall => ({ section: 'balances', method: 'transferAll', args: { dest: { Id: dest }, keepAlive } }),
};

/** Dispatches and asserts success; returns the events. */
export function ok(state: ChainState, origin: AccountId, call: DecodedCall): DispatchOutcome & { ok: true } {
  const outcome = dispatch(state, origin, call);
  if (!outcome.ok) throw new Error(`expected success, got ${outcome.error.section}.${outcome.error.name}`);
  checkInvariants(state);
  return outcome;
}

/** Dispatches, asserts the given error, and asserts the state is deep-equal to before. */
export function fails(state: ChainState, origin: AccountId, call: DecodedCall, section: string, name: string): void {
  const before = cloneState(state);
  const outcome = dispatch(state, origin, call);
  expect(outcome.ok ? 'ok' : `${outcome.error.section}.${outcome.error.name}`).toBe(`${section}.${name}`);
  expect(state).toEqual(before);
}

/**
 * The bookkeeping identities the rules keep: issuance = Σ free; each subnet's TAO reserve sits
 * in its pallet account; SubnetAlphaOut = Σ TotalHotkeyAlpha on the subnet; pool totals add up.
 */
export function checkInvariants(state: ChainState): void {
  let free = 0n;
  for (const info of state.accounts.values()) {
    free += info.free;
    expect(info.free >= 500n, 'every stored account holds at least the existential deposit').toBe(true);
  }
  expect(free).toBe(state.totalIssuance);
  const alphaOut = new Map<number, bigint>();
  for (const [key, pool] of state.stakePools) {
    const netuid = Number(key.slice(key.lastIndexOf(':') + 1));
    alphaOut.set(netuid, (alphaOut.get(netuid) ?? 0n) + pool.totalAlpha);
    let shares = 0n;
    for (const s of pool.shares.values()) shares += s;
    expect(shares).toBe(pool.totalShares);
  }
  for (const subnet of state.subnets.values()) {
    expect(alphaOut.get(subnet.netuid) ?? 0n, `alphaOut of subnet ${subnet.netuid}`).toBe(subnet.alphaOut);
    expect(state.accounts.get(subnetAccountId(subnet.netuid))?.free ?? 0n, `TAO held for subnet ${subnet.netuid}`).toBe(subnet.taoReserve);
  }
}
