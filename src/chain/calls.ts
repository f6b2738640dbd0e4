/**
 * Call builders: an Intent becomes a Call found by pallet and call *name* in the live metadata
 * (call indices are never hard-coded), with arguments matched by name, so a runtime that
 * reorders or renames arguments is refused clearly instead of being sent garbage.
 */
import type { Call } from '@polkadot/types/interfaces';
import type { Registry } from '@polkadot/types/types';
import type { Intent, StakingFeatures } from '../protocol/chain.ts';
import { WalletError } from '../protocol/errors.ts';

export interface CallMeta {
  pallet: string;
  call: string;
  palletIndex: number;
  callIndex: number;
  args: { name: string; type: string }[];
}

/** Pallet and call of the runtime by name, or undefined. */
export function findCallMeta(registry: Registry, pallet: string, call: string): CallMeta | undefined {
  const p = registry.metadata.pallets.find((x) => x.name.toString() === pallet);
  if (!p || p.calls.isNone) return undefined;
  const def = registry.lookup.getSiType(p.calls.unwrap().type).def;
  if (!def.isVariant) return undefined;
  const v = def.asVariant.variants.find((x) => x.name.toString() === call);
  if (!v) return undefined;
  return {
    pallet,
    call,
    palletIndex: p.index.toNumber(),
    callIndex: v.index.toNumber(),
    args: v.fields.map((f, i) => ({ name: f.name.isSome ? f.name.unwrap().toString() : `arg${i}`, type: registry.lookup.getTypeDef(f.type).type })),
  };
}

export function hasCall(registry: Registry, pallet: string, call: string): boolean {
  return findCallMeta(registry, pallet, call) !== undefined;
}

/** Builds pallet.call with arguments given by their metadata (snake_case) names. */
export function buildNamedCall(registry: Registry, pallet: string, call: string, values: Record<string, unknown>): Call {
  const meta = findCallMeta(registry, pallet, call);
  if (!meta) throw new WalletError('Unsupported', `This chain's runtime has no ${pallet}.${call}`);
  const args: Record<string, unknown> = {};
  for (const arg of meta.args) {
    if (!(arg.name in values)) {
      throw new WalletError('Unsupported', `${pallet}.${call} on this runtime takes an argument "${arg.name}" the wallet does not know; update the wallet`);
    }
    args[arg.name] = values[arg.name];
  }
  return registry.createType('Call', { callIndex: new Uint8Array([meta.palletIndex, meta.callIndex]), args });
}

export interface BuildContext {
  /** The signer's whole stake on (hotkey, netuid), for the fallback of remove_stake_full_limit on runtimes without it. */
  fullStake?: bigint;
}

/** The pallet.call an intent maps to (before fallbacks). */
export const INTENT_CALLS: Record<Intent['kind'], [string, string]> = {
  stake: ['SubtensorModule', 'add_stake_limit'],
  unstake: ['SubtensorModule', 'remove_stake_limit'],
  unstakeFull: ['SubtensorModule', 'remove_stake_full_limit'],
  swap: ['SubtensorModule', 'swap_stake_limit'],
  move: ['SubtensorModule', 'move_stake'],
  moveLimit: ['SubtensorModule', 'move_stake_limit'],
  lock: ['SubtensorModule', 'lock_stake'],
  moveLock: ['SubtensorModule', 'move_lock'],
  setPerpetualLock: ['SubtensorModule', 'set_perpetual_lock'],
  setRejectLockedAlpha: ['SubtensorModule', 'set_reject_locked_alpha'],
  transferStake: ['SubtensorModule', 'transfer_stake'],
  unstakeAll: ['SubtensorModule', 'unstake_all'],
  claimRoot: ['SubtensorModule', 'claim_root_with_hotkey'],
  claimRootExit: ['Utility', 'batch_all'],
  claimRootAll: ['SubtensorModule', 'claim_root'],
  transfer: ['Balances', 'transfer_keep_alive'],
};

/** Root's netuid: root stake is TAO at 1:1, so a full exit from it needs no price limit. */
const ROOT_NETUID = 0;

/** The Call for an intent, from the registry's metadata. Amounts are rao strings on the wire. */
export function buildIntentCall(registry: Registry, intent: Intent, ctx: BuildContext = {}): Call {
  const S = 'SubtensorModule';
  switch (intent.kind) {
    case 'stake':
      return buildNamedCall(registry, S, 'add_stake_limit', {
        hotkey: intent.hotkey, netuid: intent.netuid, amount_staked: BigInt(intent.amount), limit_price: BigInt(intent.limitPrice), allow_partial: intent.allowPartial,
      });
    case 'unstake':
      return buildNamedCall(registry, S, 'remove_stake_limit', {
        hotkey: intent.hotkey, netuid: intent.netuid, amount_unstaked: BigInt(intent.amount), limit_price: BigInt(intent.limitPrice), allow_partial: intent.allowPartial,
      });
    case 'unstakeFull': {
      if (hasCall(registry, S, 'remove_stake_full_limit')) {
        return buildNamedCall(registry, S, 'remove_stake_full_limit', { hotkey: intent.hotkey, netuid: intent.netuid, limit_price: intent.limitPrice === null ? null : BigInt(intent.limitPrice) });
      }
      // Older runtimes (spec §12.2): remove_stake_full_limit(Some(l)) = remove_stake_limit(all, l, false); None = remove_stake(all).
      if (ctx.fullStake === undefined) throw new WalletError('Unsupported', 'This runtime has no full-unstake call and the current stake is unknown');
      if (intent.limitPrice === null) return buildNamedCall(registry, S, 'remove_stake', { hotkey: intent.hotkey, netuid: intent.netuid, amount_unstaked: ctx.fullStake });
      return buildNamedCall(registry, S, 'remove_stake_limit', {
        hotkey: intent.hotkey, netuid: intent.netuid, amount_unstaked: ctx.fullStake, limit_price: BigInt(intent.limitPrice), allow_partial: false,
      });
    }
    case 'swap':
      return buildNamedCall(registry, S, 'swap_stake_limit', {
        hotkey: intent.hotkey, origin_netuid: intent.originNetuid, destination_netuid: intent.destinationNetuid, alpha_amount: BigInt(intent.amount),
        limit_price: BigInt(intent.limitPrice), allow_partial: intent.allowPartial,
      });
    case 'move':
      return buildNamedCall(registry, S, 'move_stake', {
        origin_hotkey: intent.originHotkey, destination_hotkey: intent.destinationHotkey, origin_netuid: intent.originNetuid,
        destination_netuid: intent.destinationNetuid, alpha_amount: BigInt(intent.amount),
      });
    case 'moveLimit':
      return buildNamedCall(registry, S, 'move_stake_limit', {
        origin_hotkey: intent.originHotkey, destination_hotkey: intent.destinationHotkey, origin_netuid: intent.originNetuid,
        destination_netuid: intent.destinationNetuid, alpha_amount: BigInt(intent.amount), limit_price: BigInt(intent.limitPrice), allow_partial: intent.allowPartial,
      });
    case 'lock':
      return buildNamedCall(registry, S, 'lock_stake', { hotkey: intent.hotkey, netuid: intent.netuid, amount: BigInt(intent.amount) });
    case 'moveLock':
      return buildNamedCall(registry, S, 'move_lock', { destination_hotkey: intent.destinationHotkey, netuid: intent.netuid });
    case 'setPerpetualLock':
      return buildNamedCall(registry, S, 'set_perpetual_lock', { netuid: intent.netuid, enabled: intent.enabled });
    case 'setRejectLockedAlpha':
      return buildNamedCall(registry, S, 'set_reject_locked_alpha', { enabled: intent.enabled });
    case 'transferStake':
      return buildNamedCall(registry, S, 'transfer_stake', {
        destination_coldkey: intent.destinationColdkey, hotkey: intent.hotkey, origin_netuid: intent.originNetuid,
        destination_netuid: intent.destinationNetuid, alpha_amount: BigInt(intent.amount),
      });
    case 'unstakeAll':
      return buildNamedCall(registry, S, 'unstake_all', { hotkey: intent.hotkey });
    case 'claimRoot':
      return buildNamedCall(registry, S, 'claim_root_with_hotkey', { hotkey: intent.hotkey });
    case 'claimRootExit': {
      // Claim first: remove_stake_full_limit resolves the whole root stake at dispatch, so the TAO
      // the claim just staked leaves with it; batch_all makes both happen or neither.
      const claim = buildNamedCall(registry, S, 'claim_root_with_hotkey', { hotkey: intent.hotkey });
      const exit = buildNamedCall(registry, S, 'remove_stake_full_limit', { hotkey: intent.hotkey, netuid: ROOT_NETUID, limit_price: null });
      return buildNamedCall(registry, 'Utility', 'batch_all', { calls: [claim, exit] });
    }
    case 'claimRootAll':
      // Root Reborn ignores `subnets` and claims every validator; an empty set is the smallest valid call data.
      return buildNamedCall(registry, S, 'claim_root', { subnets: [] });
    case 'transfer':
      return buildNamedCall(registry, 'Balances', 'transfer_keep_alive', { dest: { Id: intent.dest }, value: BigInt(intent.amount) });
  }
}

/** The optional staking calls of this runtime (the popup offers their flows only where they exist). */
export function stakingFeatures(registry: Registry, runtimeApis: { stakeAvailability: boolean; rootClaimReads?: boolean }): StakingFeatures {
  const rootClaims = (runtimeApis.rootClaimReads ?? false) && hasCall(registry, 'SubtensorModule', 'claim_root_with_hotkey');
  return {
    moveStakeLimit: hasCall(registry, 'SubtensorModule', 'move_stake_limit'),
    locks: runtimeApis.stakeAvailability && hasCall(registry, 'SubtensorModule', 'lock_stake'),
    rootClaims,
    rootClaimExit: rootClaims && hasCall(registry, 'Utility', 'batch_all') && hasCall(registry, 'SubtensorModule', 'remove_stake_full_limit'),
    rootClaimAll: rootClaims && hasCall(registry, 'SubtensorModule', 'claim_root'),
  };
}

/** A decoded call with plain-string arguments, for approval screens and the prepared-tx view. */
export interface DecodedCall {
  section: string;
  method: string;
  /** Arguments by metadata name (snake_case), rendered as strings (accounts in SS58 of the registry). */
  args: Record<string, string>;
  /** Inner calls of batch / proxy / sudo wrappers, decoded the same way. */
  inner?: DecodedCall[];
  hex: string;
}

function argText(value: unknown): string {
  const codec = value as { toRawType?: () => string; isNone?: boolean; toString(): string; toJSON?: () => unknown };
  if (codec.isNone === true) return 'none';
  const text = codec.toString();
  return text;
}

function isCallLike(x: unknown): x is Call {
  return typeof x === 'object' && x !== null && 'callIndex' in x && 'method' in x && 'section' in x && 'args' in x;
}

/** Decodes a Call (or call hex) with the registry's metadata. Throws a BadRequest on garbage. */
export function decodeCall(registry: Registry, callOrHex: Call | string | Uint8Array): DecodedCall {
  let call: Call;
  try {
    call = typeof callOrHex === 'string' || callOrHex instanceof Uint8Array ? registry.createType('Call', callOrHex) : callOrHex;
  } catch {
    throw new WalletError('BadRequest', 'The call could not be decoded with this chain\'s metadata');
  }
  const args: Record<string, string> = {};
  const inner: DecodedCall[] = [];
  // argsDef keys are the metadata's own (snake_case) argument names, in order.
  Object.keys(call.argsDef).forEach((name, i) => {
    const value = call.args[i];
    if (isCallLike(value)) {
      inner.push(decodeCall(registry, value));
      args[name] = `${value.section}.${value.method}`;
    } else if (Array.isArray(value) && value.length > 0 && value.every(isCallLike)) {
      for (const c of value) inner.push(decodeCall(registry, c));
      args[name] = `${value.length} calls`;
    } else {
      args[name] = argText(value);
    }
  });
  const out: DecodedCall = { section: call.section, method: call.method, args, hex: call.toHex() };
  if (inner.length) out.inner = inner;
  return out;
}
