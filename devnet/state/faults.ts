/**
 * Chain faults a test can switch on, wrapped around the correct rules (staking.ts stays the
 * chain as it should behave).
 *
 * Stranded stake TAO (subtensor#2735, fixed upstream): `stake_into_subnet` moved the whole
 * amount to the subnet account but swapped only part of it, and the rest stayed on the subnet
 * account, neither staked nor refunded. With `SubnetState.strandedStakeTao` set, every
 * `add_stake` / `add_stake_limit` on that subnet does the same: up to that much of the amount
 * is taken from the staker into the subnet's account without being swapped; `StakeAdded`
 * reports only the TAO that was swapped, as the buggy chain's event did.
 */
import type { AccountId, ChainState, DecodedCall, DispatchOutcome } from './types.ts';
import { transfer } from './balances.ts';
import { ControlError } from './controls.ts';
import { subnetAccountId } from './genesis.ts';
import { dispatch } from './staking.ts';

const STAKE_CALLS = new Set(['subtensorModule.addStake', 'subtensorModule.addStakeLimit']);

/** The rules with the switched-on faults applied. */
export function dispatchWithFaults(state: ChainState, origin: AccountId, call: DecodedCall): DispatchOutcome {
  if (!STAKE_CALLS.has(`${call.section}.${call.method}`)) return dispatch(state, origin, call);
  const netuid = call.args['netuid'];
  const amount = call.args['amountStaked'];
  const stranded = typeof netuid === 'number' ? state.subnets.get(netuid)?.strandedStakeTao : undefined;
  if (stranded === undefined || typeof amount !== 'bigint' || typeof netuid !== 'number') return dispatch(state, origin, call);
  const kept = stranded < amount ? stranded : amount;
  const outcome = dispatch(state, origin, { ...call, args: { ...call.args, amountStaked: amount - kept } });
  if (!outcome.ok || kept === 0n) return outcome;
  // Taken only if the (smaller) stake succeeded; if this last step cannot be paid the staker
  // simply keeps it (a devnet fault, not a chain rollback).
  try {
    return { ok: true, events: [...transfer(state, origin, subnetAccountId(netuid), kept, true), ...outcome.events] };
  } catch {
    return outcome;
  }
}

/** Test control: makes every later stake on `netuid` leave up to `tao` rao on the subnet account (0n or null switches it off). */
export function setStrandedStakeTao(state: ChainState, netuid: number, tao: bigint | null): void {
  const subnet = state.subnets.get(netuid);
  if (subnet === undefined) throw new ControlError(`subnet ${netuid} does not exist`);
  if (tao !== null && (tao < 0n || tao >= 1n << 64n)) throw new ControlError('tao must be a u64');
  if (tao === null || tao === 0n) delete subnet.strandedStakeTao;
  else subnet.strandedStakeTao = tao;
}
