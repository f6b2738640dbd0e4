/**
 * Test controls: god-mode changes a test (or the devnet's dev_* RPCs) applies between blocks.
 * Not chain behaviour; nothing a signed extrinsic can do.
 */
import { MAX_PRICE_RAO, MIN_PRICE_RAO } from '../../src/amm/index.ts';
import type { ChainState, RuntimeEvent, SubnetState } from './types.ts';
import { cloneState, overwriteState } from './clone.ts';
import { credit, debit } from './balances.ts';
import { subnetAccountId, WHALE } from './genesis.ts';
import { stakeValue } from './stake-pools.ts';
import { dispatch } from './staking.ts';
import { afterPoolOverride, migrateBalancerToSuperellipse } from './pool-models.ts';
import { rulesOf } from '../profiles.ts';

export type PoolOverride = Partial<Pick<SubnetState, 'taoReserve' | 'alphaReserve' | 'quoteWeight' | 'feeRate' | 'mechanism' | 'subtokenEnabled' | 'transferToggle' | 'tempo' | 'v3Initialized'>>;

export class ControlError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ControlError';
  }
}

/**
 * Overrides pool fields of a subnet. A changed TAO reserve is minted into (or burned from) the
 * subnet's pallet account so total issuance still equals the sum of balances.
 */
export function setPool(state: ChainState, netuid: number, override: PoolOverride): void {
  const subnet = state.subnets.get(netuid);
  if (subnet === undefined) throw new ControlError(`subnet ${netuid} does not exist`);
  if (override.taoReserve !== undefined && (override.taoReserve < 0n || override.taoReserve >= 1n << 64n)) throw new ControlError('taoReserve must be a u64');
  if (override.alphaReserve !== undefined && (override.alphaReserve < 0n || override.alphaReserve >= 1n << 64n)) throw new ControlError('alphaReserve must be a u64');
  if (override.quoteWeight !== undefined && (override.quoteWeight <= 0n || override.quoteWeight >= 1_000_000_000_000_000_000n)) throw new ControlError('quoteWeight must be strictly between 0 and 1e18');
  if (override.feeRate !== undefined && (!Number.isInteger(override.feeRate) || override.feeRate < 0 || override.feeRate > 65_535)) throw new ControlError('feeRate must be a u16');
  if (override.v3Initialized !== undefined) {
    if (typeof override.v3Initialized !== 'boolean') throw new ControlError('v3Initialized must be a boolean');
    if (rulesOf(state).poolModel !== 'v3') throw new ControlError('v3Initialized applies to the v3 runtime only');
  }

  if (override.taoReserve !== undefined && override.taoReserve !== subnet.taoReserve) {
    const account = subnetAccountId(netuid);
    const delta = override.taoReserve - subnet.taoReserve;
    if (delta > 0n) {
      const held = state.accounts.get(account);
      if (held !== undefined) held.free += delta;
      else state.accounts.set(account, { nonce: 0, consumers: 0, providers: 1, sufficients: 0, free: delta, reserved: 0n, frozen: 0n });
      state.totalIssuance += delta;
    } else {
      const held = state.accounts.get(account);
      const take = held === undefined ? 0n : -delta > held.free ? held.free : -delta;
      if (held !== undefined) {
        held.free -= take;
        if (held.free === 0n) state.accounts.delete(account);
      }
      state.totalIssuance -= take;
    }
  }
  Object.assign(subnet, override);
  afterPoolOverride(state, subnet, {
    reserves: override.taoReserve !== undefined || override.alphaReserve !== undefined || override.mechanism !== undefined || override.v3Initialized === true,
    weight: override.quoteWeight !== undefined,
  });
}

/**
 * A third party (the genesis `WHALE`) trades on `netuid` ahead of the user: `amount > 0` buys
 * alpha with that much TAO (the price goes up), `amount < 0` sells that much alpha (the price
 * goes down). Runs the real add_stake / remove_stake rules, with the swap fee, so reserves,
 * fees and stake stay consistent. Throws ControlError if the trade is refused.
 */
export function frontRun(state: ChainState, netuid: number, amount: bigint): RuntimeEvent[] {
  const subnet = state.subnets.get(netuid);
  if (subnet === undefined) throw new ControlError(`subnet ${netuid} does not exist`);
  if (amount === 0n) return [];
  const hotkey = subnet.ownerHotkey;
  const call =
    amount > 0n
      ? { section: 'subtensorModule', method: 'addStakeLimit', args: { hotkey, netuid, amountStaked: amount, limitPrice: MAX_PRICE_RAO, allowPartial: false } }
      : { section: 'subtensorModule', method: 'removeStakeLimit', args: { hotkey, netuid, amountUnstaked: -amount, limitPrice: MIN_PRICE_RAO, allowPartial: false } };
  if (amount < 0n && -amount > stakeValue(state, hotkey, WHALE.hex, netuid)) {
    throw new ControlError(`the whale holds only ${stakeValue(state, hotkey, WHALE.hex, netuid)} alpha on subnet ${netuid}`);
  }
  const outcome = dispatch(state, WHALE.hex, call);
  if (!outcome.ok) throw new ControlError(`front-run refused: ${outcome.error.section}.${outcome.error.name}`);
  return outcome.events;
}

/**
 * A runtime upgrade from the balancer generation to the current one, as the chain ran it: the
 * state starts running the `current` runtime (its metadata, spec version, storage and runtime
 * APIs from this block on) and its migration gives every funded dynamic subnet a superellipse
 * calibrated from its Balancer weight, leaving reserves and weights untouched
 * (migrate_balancer_to_superellipse.rs). Emits `System.CodeUpdated`, as `set_code` does.
 */
export function migratePools(state: ChainState): RuntimeEvent[] {
  if (state.runtime !== 'balancer') throw new ControlError(`dev_migratePools upgrades the balancer runtime; this chain runs ${state.runtime}`);
  state.runtime = 'current';
  migrateBalancerToSuperellipse(state);
  return [{ section: 'System', method: 'CodeUpdated', data: [] }];
}

/** Gives `who` free TAO (minted: total issuance grows with it). */
export function fund(state: ChainState, who: `0x${string}`, amount: bigint): RuntimeEvent[] {
  if (amount <= 0n) throw new ControlError('fund amount must be positive');
  const work = cloneState(state);
  const events = credit(work, who, amount);
  work.totalIssuance += amount;
  overwriteState(state, work);
  return events;
}

/** Takes free TAO away from `who` (burned), keeping the account alive. */
export function drain(state: ChainState, who: `0x${string}`, amount: bigint): void {
  const work = cloneState(state);
  debit(work, who, amount, true);
  work.totalIssuance -= amount;
  overwriteState(state, work);
}
