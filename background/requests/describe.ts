// Turns a dApp's sign request into what the approval window shows: the call decoded from the
// chain's metadata (src/chain/decode), described and risk-rated call by call (src/chain/explain,
// risk), with our AMM preview beside staking calls. Pure apart from the registry it is handed.
import type { Registry } from '@polkadot/types/types';
import { u8aEq } from '@polkadot/util';
import { decodeAddress } from '@polkadot/util-crypto';
import { formatAmount } from '../../src/amount.ts';
import { quoteStake, quoteUnstake, type Pool } from '../../src/amm/index.ts';
import type { DecodedCall } from '../../src/chain/calls.ts';
import { decodeCallBytes, hexToBytes, runtimeTypes, type CallValue, type PortableType, type RuntimeTypes } from '../../src/chain/decode.ts';
import { generationOfPoolModel, limitRefusalStage } from '../../src/chain/errors.ts';
import { explainCall, legacyCall, accountStateWarnings } from '../../src/chain/explain.ts';
import { poolOf } from '../../src/chain/snapshot.ts';
import type { Snapshot } from '../../src/protocol/chain.ts';
import type { DappSignerPayload, DecodedCallView } from '../../src/protocol/dapp.ts';

function units(rao: bigint, unit: string): string {
  return `${formatAmount(rao, { maxDecimals: 4, grouping: true })} ${unit}`;
}

function rao(text: string | undefined): bigint | undefined {
  const clean = text?.replace(/,/g, '');
  return clean !== undefined && /^\d{1,39}$/.test(clean) ? BigInt(clean) : undefined;
}

function poolFor(snapshot: Snapshot | null | undefined, netuid: number): Pool | null {
  const subnet = snapshot?.subnets.find((s) => s.netuid === netuid);
  return subnet && snapshot ? poolOf(subnet, snapshot) : null;
}

/** Our preview of a staking call at the snapshot's pool state, and what the user should know. */
export function previewOf(call: DecodedCall, snapshot: Snapshot | null | undefined): { preview: string | null; warnings: string[] } {
  const key = `${call.section}.${call.method}`;
  const warnings: string[] = [];
  if (key === 'utility.batch' || key === 'utility.batchAll' || key === 'utility.forceBatch' || key === 'proxy.proxy') {
    const inner = (call.inner ?? []).map((c) => previewOf(c, snapshot));
    const previews = inner.map((p) => p.preview).filter((p): p is string => !!p);
    return { preview: previews.length ? previews.join('; ') : null, warnings: [...warnings, ...new Set(inner.flatMap((p) => p.warnings))] };
  }
  const stake = key === 'subtensorModule.addStake' || key === 'subtensorModule.addStakeLimit';
  const unstake = key === 'subtensorModule.removeStake' || key === 'subtensorModule.removeStakeLimit';
  if (!stake && !unstake) return { preview: null, warnings };
  const netuid = Number(call.args.netuid);
  const amount = rao(stake ? call.args.amount_staked : call.args.amount_unstaked);
  const limit = key.endsWith('Limit') ? rao(call.args.limit_price) : undefined;
  const pool = poolFor(snapshot, netuid);
  if (!pool || amount === undefined) return { preview: null, warnings };
  try {
    const quote = stake ? quoteStake(pool, amount) : quoteUnstake(pool, amount);
    const out = stake ? units(quote.amountOut, netuid === 0 ? 'TAO' : 'alpha') : units(quote.amountOut, 'TAO');
    const preview = `you receive about ${out} (our preview at block ${snapshot?.blockNumber ?? '?'}, fee ${units(quote.fee, stake ? 'TAO' : 'alpha')})`;
    if (limit !== undefined) {
      const capped = stake ? quoteStake(pool, amount, limit) : quoteUnstake(pool, amount, limit);
      if (capped.amountIn + capped.fee < amount) {
        // Older runtimes refuse it before inclusion (free); newer ones in a block (the fee is paid).
        const refused = snapshot && limitRefusalStage(generationOfPoolModel(snapshot.poolModel)) === 'beforeInclusion'
          ? 'the chain would refuse it before inclusion (nothing sent, no network fee)'
          : 'fail in its block (only the network fee is paid)';
        warnings.push(call.args.allow_partial === 'true' ? 'At the current price the limit stops this part way: only part of it would execute.' : `At the current price this would pass its price limit and ${refused}.`);
      }
    }
    return { preview, warnings };
  } catch (e) {
    warnings.push(`Our preview could not price this: ${e instanceof Error ? e.message : 'unknown error'}`);
    return { preview: null, warnings };
  }
}

const typesOf = new WeakMap<Registry, RuntimeTypes>();

/** The runtime's portable types for src/chain/decode, built once per registry (one per runtime). */
export function runtimeTypesOf(registry: Registry): RuntimeTypes {
  let types = typesOf.get(registry);
  if (!types) {
    const metadata = registry.metadata;
    types = runtimeTypes((metadata.lookup.toJSON() as unknown as { types: PortableType[] }).types, metadata.extrinsic.callType.toNumber());
    typesOf.set(registry, types);
  }
  return types;
}

export interface DescribeExtras {
  /** Known names by SS58 address (own accounts, validators, on-chain identities). */
  names?: Record<string, string>;
  /** The account asked to sign. */
  signer?: string | null;
  /** What each proxy type may do, from the chain's proxy filters (by type name). */
  proxyFilters?: Record<string, string>;
}

/** Decodes the call bytes with the runtime's metadata; throws if they are not exactly one call of this chain. */
export function decodeCallValue(registry: Registry, method: string): CallValue {
  return decodeCallBytes(runtimeTypesOf(registry), hexToBytes(method));
}

function sameAccount(a: string, b: string): boolean {
  try {
    return u8aEq(decodeAddress(a), decodeAddress(b));
  } catch {
    return false;
  }
}

/**
 * The snapshot's root claims and hold when they are the signer's: the snapshot holds one account
 * (the active one), and a dApp may ask another of the wallet's accounts to sign.
 */
export function rootClaimRulesFor(snapshot: Snapshot | null | undefined, signer: string | null | undefined) {
  const view = snapshot?.account?.rootClaims;
  if (!view || !signer || !sameAccount(snapshot.account!.address, signer)) return undefined;
  return { view, block: snapshot.blockNumber };
}

/** The snapshot's positions and lock availability when they are the signer's (as rootClaimRulesFor). */
export function lockRulesFor(snapshot: Snapshot | null | undefined, signer: string | null | undefined) {
  if (!snapshot?.account?.locks || !signer || !sameAccount(snapshot.account.address, signer)) return undefined;
  return { account: snapshot.account, subnets: snapshot.subnets };
}

/** Decodes and describes `payload.method`; throws if it is not exactly one call of this chain. */
export function decodeCall(registry: Registry, payload: Pick<DappSignerPayload, 'method'>, snapshot: Snapshot | null | undefined, extras: DescribeExtras = {}): DecodedCallView {
  const value = decodeCallValue(registry, payload.method);
  const rootClaims = rootClaimRulesFor(snapshot, extras.signer);
  const locks = lockRulesFor(snapshot, extras.signer);
  const ctx = {
    subnets: snapshot?.subnets ?? [], names: extras.names ?? {}, ss58: registry.chainSS58 ?? 42, signer: extras.signer ?? null, proxyFilters: extras.proxyFilters,
    // The runtime's rules decide whether a same-subnet move goes through the pool (and pays a fee).
    ...(snapshot?.swapRules ? { swapRules: snapshot.swapRules } : {}),
    ...(rootClaims ? { rootClaims } : {}),
    ...(locks ? { locks } : {}),
  };
  const legacy = legacyCall(value, ctx);
  const tree = explainCall(value, ctx);
  const { preview, warnings } = previewOf(legacy, snapshot);
  // The same rules as the wallet's own forms: a paid no-op claim, a root exit under the hold, locked alpha.
  return { section: legacy.section, method: legacy.method, args: legacy.args, summary: tree.summary, tree, preview, warnings: [...warnings, ...accountStateWarnings(value, ctx)] };
}
