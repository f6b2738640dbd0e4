/**
 * A decoded call in plain words, for the confirm screen and the dApp approval screen. Pure:
 * takes a DecodedCall (see calls.ts) and whatever the caller knows about subnets and names.
 */
import { formatAmount } from '../amount.ts';
import type { SwapRules } from '../amm/types.ts';
import type { DecodedCall } from './calls.ts';
import { rootClaimFigures, type RootClaimRules } from './risk.ts';

export interface DescribeContext {
  /** Subnets by netuid (name, token symbol); a snapshot's `subnets` fits. */
  subnets?: readonly { netuid: number; name: string; symbol: string }[];
  /** Known names by address (validators, the user's own accounts). */
  names?: Readonly<Record<string, string>>;
  /** Native token symbol; TAO by default. */
  token?: string;
  /** Native decimals; 9 by default. */
  decimals?: number;
  /** The window lists inner calls (batch, proxy, sudo) itself: wrappers say what they are, not what they hold. */
  innerListed?: boolean;
  /** The runtime's dispatch rules (a snapshot's `swapRules`); absent means the newest. */
  swapRules?: SwapRules;
  /** The signer's root claims, only when the signer is the snapshot's account: claims are described with their figures. */
  rootClaims?: RootClaimRules;
}

/** A claim's figures in words (what is waiting, the minimum, the hold it restarts), or '' without figures. */
function claimFigures(ctx: DescribeContext, hotkey: string | null): string {
  const f = rootClaimFigures(ctx.rootClaims, hotkey);
  if (!f) return '';
  const tao = (rao: bigint) => `${formatAmount(rao, { maxDecimals: 6, grouping: true })} τ`;
  const waiting = hotkey === null ? `${tao(f.waiting)} is waiting in total above the minimum claim` : `${tao(f.waiting)} is waiting with this validator`;
  const hold = f.unlockInterval > 0n ? ` A paying claim restarts the ${f.unlockInterval}-block hold during which your root stake ${hotkey === null ? 'with those validators' : 'with this validator'} cannot be unstaked or moved.` : '';
  return ` Now ${waiting}; the chain's minimum claim is ${tao(f.threshold)}.${hold}`;
}

export function shortAddress(address: string): string {
  return address.length > 16 ? `${address.slice(0, 6)}…${address.slice(-6)}` : address;
}

function who(address: string | undefined, ctx: DescribeContext): string {
  if (!address) return 'an unknown account';
  const name = ctx.names?.[address];
  return name ? `${name} (${shortAddress(address)})` : shortAddress(address);
}

/** `SN3 name` (or `root (SN0)`) for a netuid. */
export function subnetLabel(netuid: string | undefined, ctx: DescribeContext): string {
  const n = Number(netuid);
  const s = ctx.subnets?.find((x) => x.netuid === n);
  const label = n === 0 ? 'root (SN0)' : `SN${n}`;
  return s && s.name && s.name !== `SN${n}` && n !== 0 ? `${label} ${s.name}` : label;
}

function symbolOf(netuid: string | undefined, ctx: DescribeContext): string {
  const n = Number(netuid);
  return ctx.subnets?.find((x) => x.netuid === n)?.symbol || (n === 0 ? 'τ' : 'α');
}

/** Amount text from a decimal rao string (with the decimals of the chain). */
function amount(raw: string | undefined, unit: string, ctx: DescribeContext): string {
  if (raw === undefined || !/^\d+$/.test(raw.replace(/,/g, ''))) return `? ${unit}`;
  return `${formatAmount(BigInt(raw.replace(/,/g, '')), { grouping: true, decimals: ctx.decimals ?? 9 })} ${unit}`;
}

function partial(allow: string | undefined): string {
  return allow === 'true'
    ? 'If the price moves past the limit, only the part that fits is executed.'
    : 'If the price moves past the limit, nothing is executed.';
}

/**
 * How a move to another validator on the same subnet settles. On the V3 generation (spec 293,
 * rules 'v3') the chain sells the alpha into the pool and buys it back, paying the swap fee;
 * elsewhere it is a plain transfer of alpha.
 */
function sameSubnetMove(ctx: DescribeContext): string {
  return ctx.swapRules === 'v3' ? 'through the pool: the alpha is sold and bought back, paying the swap fee' : 'no swap, no swap fee';
}

function optionLimit(raw: string | undefined): string | undefined {
  if (raw === undefined || raw === 'none' || raw === '' || raw === 'null') return undefined;
  return raw;
}

/** One sentence (or a few) saying what the call does. Unknown calls are named, never guessed. */
export function describeCall(call: DecodedCall, ctx: DescribeContext = {}): string {
  const a = call.args;
  const token = ctx.token ?? 'TAO';
  const key = `${call.section}.${call.method}`;
  switch (key) {
    case 'subtensorModule.addStakeLimit':
      return `Stake ${amount(a.amount_staked, token, ctx)} into ${subnetLabel(a.netuid, ctx)} with validator ${who(a.hotkey, ctx)}, paying at most ${amount(a.limit_price, token, ctx)} per ${symbolOf(a.netuid, ctx)}. ${partial(a.allow_partial)}`;
    case 'subtensorModule.addStake':
      return `Stake ${amount(a.amount_staked, token, ctx)} into ${subnetLabel(a.netuid, ctx)} with validator ${who(a.hotkey, ctx)}, with no price limit.`;
    case 'subtensorModule.removeStakeLimit':
      return `Unstake ${amount(a.amount_unstaked, symbolOf(a.netuid, ctx), ctx)} from ${subnetLabel(a.netuid, ctx)} (validator ${who(a.hotkey, ctx)}) for TAO, accepting at least ${amount(a.limit_price, token, ctx)} per ${symbolOf(a.netuid, ctx)}. ${partial(a.allow_partial)}`;
    case 'subtensorModule.removeStake':
      return `Unstake ${amount(a.amount_unstaked, symbolOf(a.netuid, ctx), ctx)} from ${subnetLabel(a.netuid, ctx)} (validator ${who(a.hotkey, ctx)}) for TAO, with no price limit.`;
    case 'subtensorModule.removeStakeFullLimit': {
      const limit = optionLimit(a.limit_price);
      return `Unstake all your stake on ${subnetLabel(a.netuid, ctx)} from validator ${who(a.hotkey, ctx)} for TAO, ${limit ? `accepting at least ${amount(limit, token, ctx)} per ${symbolOf(a.netuid, ctx)}; nothing is executed if the price is lower.` : 'with no price limit.'}`;
    }
    case 'subtensorModule.swapStakeLimit':
      return `Swap ${amount(a.alpha_amount, symbolOf(a.origin_netuid, ctx), ctx)} of stake from ${subnetLabel(a.origin_netuid, ctx)} to ${subnetLabel(a.destination_netuid, ctx)} (validator ${who(a.hotkey, ctx)}), accepting at least ${amount(a.limit_price, symbolOf(a.destination_netuid, ctx), ctx)} per ${symbolOf(a.origin_netuid, ctx)}. ${partial(a.allow_partial)}`;
    case 'subtensorModule.swapStake':
      return `Swap ${amount(a.alpha_amount, symbolOf(a.origin_netuid, ctx), ctx)} of stake from ${subnetLabel(a.origin_netuid, ctx)} to ${subnetLabel(a.destination_netuid, ctx)} (validator ${who(a.hotkey, ctx)}), with no price limit.`;
    case 'subtensorModule.moveStake':
      return a.origin_netuid === a.destination_netuid
        ? `Move ${amount(a.alpha_amount, symbolOf(a.origin_netuid, ctx), ctx)} of stake on ${subnetLabel(a.origin_netuid, ctx)} from validator ${who(a.origin_hotkey, ctx)} to validator ${who(a.destination_hotkey, ctx)} (${sameSubnetMove(ctx)}).`
        : `Move ${amount(a.alpha_amount, symbolOf(a.origin_netuid, ctx), ctx)} of stake from validator ${who(a.origin_hotkey, ctx)} on ${subnetLabel(a.origin_netuid, ctx)} to validator ${who(a.destination_hotkey, ctx)} on ${subnetLabel(a.destination_netuid, ctx)}, with no price limit.`;
    case 'subtensorModule.moveStakeLimit':
      return a.origin_netuid === a.destination_netuid
        ? `Move ${amount(a.alpha_amount, symbolOf(a.origin_netuid, ctx), ctx)} of stake on ${subnetLabel(a.origin_netuid, ctx)} from validator ${who(a.origin_hotkey, ctx)} to validator ${who(a.destination_hotkey, ctx)} (${sameSubnetMove(ctx)}).`
        : `Move ${amount(a.alpha_amount, symbolOf(a.origin_netuid, ctx), ctx)} of stake from validator ${who(a.origin_hotkey, ctx)} on ${subnetLabel(a.origin_netuid, ctx)} to validator ${who(a.destination_hotkey, ctx)} on ${subnetLabel(a.destination_netuid, ctx)}, accepting at least ${amount(a.limit_price, symbolOf(a.destination_netuid, ctx), ctx)} per ${symbolOf(a.origin_netuid, ctx)}. ${partial(a.allow_partial)}`;
    case 'subtensorModule.transferStake':
      return `Give ${amount(a.alpha_amount, symbolOf(a.origin_netuid, ctx), ctx)} of your stake on ${subnetLabel(a.origin_netuid, ctx)} (validator ${who(a.hotkey, ctx)}) to account ${who(a.destination_coldkey, ctx)}${a.origin_netuid === a.destination_netuid ? '' : `, arriving as stake on ${subnetLabel(a.destination_netuid, ctx)}`}. The stake leaves your account.`;
    case 'subtensorModule.unstakeAll':
      return `Unstake everything you have with validator ${who(a.hotkey, ctx)} on every subnet, into free TAO, with no price limit.`;
    case 'subtensorModule.unstakeAllAlpha':
      return `Unstake all your subnet stake with validator ${who(a.hotkey, ctx)} and restake the TAO on root (SN0), with no price limit.`;
    case 'subtensorModule.claimRootWithHotkey':
      return `Claim your root dividends waiting with validator ${who(a.hotkey, ctx)}: the chain sells your share of the validator's basket and stakes the TAO on root (SN0) with that validator. A claim below the chain's minimum pays nothing but still costs the fee.${claimFigures(ctx, a.hotkey ?? null)}`;
    case 'subtensorModule.claimRoot':
      return `Claim your root dividends with every validator you root-stake to; the TAO is staked on root (SN0). The subnet list in the call is ignored by the chain.${claimFigures(ctx, null)}`;
    case 'balances.transferKeepAlive':
      return `Send ${amount(a.value, token, ctx)} to ${who(a.dest, ctx)}. Your account is kept open (at least 500 rao stays).`;
    case 'balances.transferAllowDeath':
    case 'balances.transfer':
      return `Send ${amount(a.value, token, ctx)} to ${who(a.dest, ctx)}. This may empty and close your account.`;
    case 'balances.transferAll':
      return `Send your whole free balance to ${who(a.dest, ctx)}${a.keep_alive === 'true' ? ', keeping the account open' : ''}.`;
    case 'utility.batch':
    case 'utility.batchAll':
    case 'utility.forceBatch': {
      const inner = call.inner ?? [];
      const mode = call.method === 'batchAll' ? 'all or nothing' : call.method === 'forceBatch' ? 'each on its own, failures skipped' : 'in order, stopping at the first failure';
      if (ctx.innerListed) return `A batch of ${inner.length} calls (${mode}), listed below.`;
      return `A batch of ${inner.length} calls (${mode}): ${inner.map((c, i) => `${i + 1}) ${describeCall(c, ctx)}`).join(' ')}`;
    }
    case 'proxy.proxy': {
      const inner = call.inner?.[0];
      if (ctx.innerListed) return `Acting for ${who(a.real, ctx)} as its proxy: the call below runs as that account.`;
      return `Acting for ${who(a.real, ctx)} as proxy: ${inner ? describeCall(inner, ctx) : 'an unknown call.'}`;
    }
    case 'proxy.addProxy':
      return `Make ${who(a.delegate, ctx)} a ${a.proxy_type} proxy of this account${a.delay && a.delay !== '0' ? `, with a delay of ${a.delay} blocks` : ''}.`;
    case 'proxy.removeProxy':
      return `Remove ${who(a.delegate, ctx)} as a ${a.proxy_type} proxy of this account.`;
    case 'proxy.removeProxies':
      return 'Remove every proxy of this account.';
    case 'sudo.sudo':
    case 'sudo.sudoUncheckedWeight':
      return 'Run the call below with root (sudo) rights.';
    case 'sudo.sudoAs':
      return `Run the call below as ${who(a.who, ctx)}, with sudo rights.`;
    case 'multisig.asMulti':
    case 'multisig.asMultiThreshold1':
      return `A multisig call (threshold ${a.threshold ?? 1}): the call below runs as the multisig account.`;
    case 'system.setCode':
    case 'system.setCodeWithoutChecks':
      return 'Replace the chain runtime with new code.';
    case 'subtensorModule.scheduleSwapColdkey':
    case 'subtensorModule.announceColdkeySwap':
      return `Announce a swap of this coldkey${a.new_coldkey ? ` to ${who(a.new_coldkey, ctx)}` : ''}: after the delay, all its TAO and stake move to the new coldkey.`;
    case 'system.remark':
    case 'system.remarkWithEvent':
      return 'Write a remark (a note) on chain. It moves no funds.';
    default: {
      const shown = Object.entries(a).slice(0, 6).map(([k, v]) => `${k}=${v.length > 48 ? `${v.slice(0, 45)}…` : v}`).join(', ');
      return `Call ${call.section}.${call.method}(${shown}). The wallet has no plain description for this call; check it carefully.`;
    }
  }
}
