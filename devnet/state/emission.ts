/**
 * Per-tempo emission on the devnet (simulated; a simple rule, not Yuma consensus), so that the
 * wallet's yield figures come from real chain data here too.
 *
 * The rule, for each dynamic subnet with trading on and an alpha emission rate:
 * - A subnet's epoch runs at the blocks where (block + netuid + 1) % (tempo + 1) == 0, the
 *   chain's schedule (`blocks_until_next_epoch`), so subnets with the same tempo do not all step
 *   in the same block.
 * - The epoch emits `SubnetAlphaOutEmission × (tempo + 1)` alpha; validators get 41 % of it (the
 *   chain's split after the owner's 18 %: half of the rest to miners, half to validators).
 *   Miners and the owner cut are not modelled (no alpha is minted for them).
 * - The validators' share goes to the hotkeys registered on the subnet in proportion to their
 *   stake (`TotalHotkeyAlpha`), standing in for consensus-weighted bonds; the remainder of the
 *   floor divisions is not minted.
 * - Each hotkey keeps its take (`Delegates`, /65535) as new stake of its owner coldkey; the rest
 *   is added to the hotkey's pool without new shares, so every staker's value grows pro rata.
 * - `AlphaDividendsPerSubnet[netuid, hotkey]` records each hotkey's gross dividend of the last
 *   epoch (take included); `SubnetAlphaOut` grows by what was credited. No TAO dividends
 *   (`TaoDividendsPerSubnet` stays 0), pool reserves do not change (prices stay put between
 *   blocks, which the preview tests rely on).
 */
import type { AccountId, ChainState, RuntimeEvent } from './types.ts';
import { increaseStake, poolKey } from './stake-pools.ts';
import { TAKE_DENOMINATOR } from '../../src/yield/apy.ts';

/** Validators' part of a subnet's epoch emission, parts per million. */
export const VALIDATOR_SHARE_PPM = 410_000n;

/** The chain's epoch schedule: does `netuid` run its epoch at `block`? */
export function isEpochBlock(block: number, netuid: number, tempo: number): boolean {
  return (block + netuid + 1) % (tempo + 1) === 0;
}

/** What one epoch pays each registered hotkey of the subnet (gross, take included), without crediting it. */
export function epochDividends(state: ChainState, netuid: number): Map<AccountId, bigint> {
  const out = new Map<AccountId, bigint>();
  const subnet = state.subnets.get(netuid);
  if (subnet === undefined || subnet.mechanism !== 1 || !subnet.subtokenEnabled || subnet.alphaOutEmission === 0n) return out;
  const validatorsShare = (subnet.alphaOutEmission * BigInt(subnet.tempo + 1) * VALIDATOR_SHARE_PPM) / 1_000_000n;
  const stakes: [AccountId, bigint][] = [];
  let total = 0n;
  for (const h of [...state.hotkeys.values()].sort((a, b) => (a.hotkey < b.hotkey ? -1 : 1))) {
    if (!h.registrations.includes(netuid)) continue;
    const stake = state.stakePools.get(poolKey(h.hotkey, netuid))?.totalAlpha ?? 0n;
    if (stake === 0n) continue;
    stakes.push([h.hotkey, stake]);
    total += stake;
  }
  for (const [hotkey, stake] of stakes) out.set(hotkey, (validatorsShare * stake) / total);
  return out;
}

/** Credits one epoch's dividends on `netuid` and records them as the last epoch's. */
export function runEpoch(state: ChainState, netuid: number): void {
  const subnet = state.subnets.get(netuid);
  if (subnet === undefined) return;
  const dividends = epochDividends(state, netuid);
  for (const [hotkey, gross] of dividends) {
    const h = state.hotkeys.get(hotkey)!;
    const take = (gross * BigInt(h.take)) / TAKE_DENOMINATOR;
    // The nominators' part first: the pool's value grows with no new shares.
    state.stakePools.get(poolKey(hotkey, netuid))!.totalAlpha += gross - take;
    increaseStake(state, hotkey, h.owner, netuid, take);
    subnet.alphaOut += gross;
  }
  subnet.lastDividends = dividends;
}

/** Block initialisation: every subnet whose epoch falls on this block. */
export function runEmission(state: ChainState): RuntimeEvent[] {
  for (const subnet of state.subnets.values()) {
    if (isEpochBlock(state.blockNumber, subnet.netuid, subnet.tempo)) runEpoch(state, subnet.netuid);
  }
  return [];
}

/**
 * Records, without crediting it, what the epoch before genesis would have paid, so a freshly
 * started devnet shows yields before its first epoch (up to `tempo + 1` blocks away).
 */
export function seedLastEpoch(state: ChainState): void {
  for (const subnet of state.subnets.values()) {
    if (subnet.lastDividends === undefined) subnet.lastDividends = epochDividends(state, subnet.netuid);
  }
}
