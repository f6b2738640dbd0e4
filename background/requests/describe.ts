// Turns a dApp's sign request into what the approval window shows: the call decoded with the
// chain's metadata and described in words (src/chain decodeCall/describeCall), with our AMM preview
// beside staking calls. Pure apart from the registry it is handed; no browser APIs.
import type { Registry } from '@polkadot/types/types';
import { formatAmount } from '../../src/amount.ts';
import { quoteStake, quoteUnstake, type Pool } from '../../src/amm/index.ts';
import { decodeCall as decodeChainCall, type DecodedCall } from '../../src/chain/calls.ts';
import { describeCall } from '../../src/chain/describe.ts';
import { poolOf } from '../../src/chain/snapshot.ts';
import type { Snapshot } from '../../src/protocol/chain.ts';
import type { DappSignerPayload, DecodedCallView } from '../../src/protocol/dapp.ts';

const MAX_ARG_TEXT = 400;
const NO_LIMIT = new Set(['subtensorModule.addStake', 'subtensorModule.removeStake', 'subtensorModule.swapStake', 'subtensorModule.moveStake', 'subtensorModule.unstakeAll', 'subtensorModule.unstakeAllAlpha']);
const DESCRIBED = new Set([
  ...NO_LIMIT,
  'subtensorModule.addStakeLimit',
  'subtensorModule.removeStakeLimit',
  'subtensorModule.removeStakeFullLimit',
  'subtensorModule.swapStakeLimit',
  'subtensorModule.transferStake',
  'balances.transferKeepAlive',
  'balances.transferAllowDeath',
  'balances.transfer',
  'balances.transferAll',
  'utility.batch',
  'utility.batchAll',
  'utility.forceBatch',
  'proxy.proxy',
  'system.remark',
  'system.remarkWithEvent',
]);

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
  if (NO_LIMIT.has(key)) warnings.push('No price limit: this executes at whatever price the pool has when it lands.');
  if (!DESCRIBED.has(key)) warnings.push(`The wallet has no plain description for ${key}; check the details before approving.`);
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
        warnings.push(call.args.allow_partial === 'true' ? 'At the current price the limit stops this part way: only part of it would execute.' : 'At the current price this would pass its price limit and fail (only the network fee is paid).');
      }
    }
    return { preview, warnings };
  } catch (e) {
    warnings.push(`Our preview could not price this: ${e instanceof Error ? e.message : 'unknown error'}`);
    return { preview: null, warnings };
  }
}

/** Decodes `payload.method` with the chain's registry; throws if it is not exactly one call of this chain. */
export function decodeCall(registry: Registry, payload: Pick<DappSignerPayload, 'method'>, snapshot: Snapshot | null | undefined, names: Record<string, string> = {}): DecodedCallView {
  const decoded = decodeChainCall(registry, payload.method);
  // A call that does not consume every byte is not what it claims to be.
  if (decoded.hex.toLowerCase() !== payload.method.toLowerCase()) throw new Error('the call has trailing bytes');
  const args: Record<string, string> = {};
  for (const [k, v] of Object.entries(decoded.args)) args[k] = v.length > MAX_ARG_TEXT ? `${v.slice(0, MAX_ARG_TEXT)}…` : v;
  const summary = describeCall(decoded, { subnets: snapshot?.subnets ?? [], names });
  return { section: decoded.section, method: decoded.method, args, summary, ...previewOf(decoded, snapshot) };
}
