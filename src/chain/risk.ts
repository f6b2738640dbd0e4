/**
 * How dangerous a call is, in one level and one sentence, for the approval window. Pure: works on
 * the metadata-decoded call tree (decode.ts). Wrappers (batch, proxy, sudo, multisig, scheduler)
 * take the highest risk of what they wrap.
 */
import { formatAmount } from '../amount.ts';
import type { RootClaimsView, Snapshot } from '../protocol/chain.ts';
import { fieldOf, innerCalls, optionValue, type CallValue, type Value } from './decode.ts';
import { lockRefusal } from './locks.ts';
import { claimOf, claimRefusal, rootHoldRefusal } from './root-claims.ts';

export type RiskLevel = 'low' | 'medium' | 'high' | 'critical';
export interface Risk {
  level: RiskLevel;
  reason: string;
}

const ORDER: Record<RiskLevel, number> = { low: 0, medium: 1, high: 2, critical: 3 };

export function higher(a: Risk, b: Risk): Risk {
  return ORDER[b.level] > ORDER[a.level] ? b : a;
}

export interface RiskContext {
  /** The signing account (SS58), to tell "to yourself" from "to someone else". */
  signer?: string | null;
  /** Account (SS58) of a 32-byte public key. */
  address(bytes: Uint8Array): string;
  /** Known names by SS58 address. */
  names?: Readonly<Record<string, string>>;
  /**
   * What each proxy type may do, by type name, in words, as read from the chain's own proxy
   * filters (ProxyFilterRuntimeApi) where the runtime has them.
   */
  proxyFilters?: Readonly<Record<string, string>>;
  /**
   * The signer's root claims and hold, from the snapshot the wallet's own forms use. Only given
   * when the signer is the snapshot's account: another account's figures would be wrong, so then
   * the call is rated without them (as it is inside a proxy, sudo or multisig call).
   */
  rootClaims?: RootClaimRules;
  /**
   * The signer's positions and lock availability, from the snapshot, under the same condition as
   * `rootClaims`: a call that takes locked alpha off a subnet is rated by what the chain will do.
   */
  locks?: LockRules;
}

export type LockRules = Pick<Snapshot, 'account' | 'subnets'>;

export interface RootClaimRules {
  /** The snapshot's `account.rootClaims`. */
  view: RootClaimsView;
  /** The snapshot's block: the hold is counted for a transaction in the block after it. */
  block: number;
}

function accountOf(v: Value | undefined, ctx: RiskContext): string | null {
  if (!v) return null;
  if (v.kind === 'account') return ctx.address(v.value);
  // MultiAddress::Id(account), and any one-field wrapper around an account.
  if ((v.kind === 'variant' || v.kind === 'composite') && v.fields.length === 1) return accountOf(v.fields[0]!.value, ctx);
  return null;
}

function who(v: Value | undefined, ctx: RiskContext): string {
  const address = accountOf(v, ctx);
  if (!address) return 'an account';
  const name = ctx.names?.[address];
  const short = `${address.slice(0, 6)}…${address.slice(-6)}`;
  return name ? `${name} (${short})` : short;
}

function int(v: Value | undefined): bigint | null {
  if (v?.kind === 'int') return v.value;
  if ((v?.kind === 'composite' || v?.kind === 'variant') && v.fields.length === 1) return int(v.fields[0]!.value);
  return null;
}

function variantName(v: Value | undefined): string | null {
  return v?.kind === 'variant' ? v.name : null;
}

/** What a proxy of each well-known type may do, when the chain does not say. */
const PROXY_TYPE_TEXT: Record<string, { level: RiskLevel; allows: string }> = {
  Any: { level: 'critical', allows: 'full control of this account: it could send all your TAO and stake anywhere, at any time' },
  NonTransfer: { level: 'high', allows: 'control of everything except sending TAO or giving stake away: it can stake, unstake, move stake and register for this account' },
  NonCritical: { level: 'high', allows: 'control of most calls of this account, except the most critical ones (such as a coldkey swap)' },
  Staking: { level: 'high', allows: 'the right to stake, unstake and move your stake between validators and subnets, at prices it chooses (it cannot send TAO or give stake away)' },
  Transfer: { level: 'critical', allows: 'the right to send your TAO and stake to any account' },
  SmallTransfer: { level: 'high', allows: 'the right to send small amounts of your TAO to any account' },
  Owner: { level: 'high', allows: 'control of the subnets this account owns' },
  Registration: { level: 'medium', allows: 'the right to register neurons with this account, paying the registration cost' },
  ChildKeys: { level: 'medium', allows: 'the right to set child keys and their take' },
  RootWeights: { level: 'medium', allows: 'the right to set root weights' },
  SudoUncheckedSetCode: { level: 'critical', allows: 'the right to replace the chain runtime with this account\'s sudo rights' },
  SwapHotkey: { level: 'high', allows: 'the right to swap this account\'s hotkeys' },
  RootClaim: { level: 'medium', allows: 'the right to claim root dividends for this account' },
};

function proxyGrant(call: CallValue, ctx: RiskContext): Risk {
  const type = variantName(fieldOf(call, 'proxy_type')) ?? 'unknown';
  const delay = int(fieldOf(call, 'delay')) ?? 0n;
  const known = PROXY_TYPE_TEXT[type];
  const fromChain = ctx.proxyFilters?.[type];
  const allows = fromChain ? `a ${type} proxy: ${fromChain}` : known ? `${known.allows} (a ${type} proxy)` : `the rights of a ${type} proxy`;
  const delayText = delay > 0n ? `; each use is announced ${delay} blocks ahead, so you can reject it in time` : '';
  return { level: known?.level ?? 'high', reason: `Gives ${who(fieldOf(call, 'delegate'), ctx)} ${allows}${delayText}.` };
}

const LIMITED_STAKING = new Set(['add_stake_limit', 'remove_stake_limit', 'swap_stake_limit', 'move_stake_limit']);
const WRAPPERS = new Set(['Utility.batch', 'Utility.batch_all', 'Utility.force_batch']);
const RUNTIME_CODE = new Set(['System.set_code', 'System.set_code_without_checks', 'System.authorize_upgrade', 'System.authorize_upgrade_without_checks', 'System.apply_authorized_upgrade']);
const COLDKEY_SWAP = new Set(['schedule_swap_coldkey', 'announce_coldkey_swap', 'swap_coldkey']);
const HARMLESS = new Set(['System.remark', 'System.remark_with_event', 'Proxy.remove_proxy', 'Proxy.remove_proxies', 'Proxy.remove_announcement', 'Proxy.reject_announcement', 'Multisig.cancel_as_multi']);

function wrapped(call: CallValue, ctx: RiskContext, floor: Risk, label: (inner: Risk) => string): Risk {
  // Proxy, sudo and multisig calls run their inner call as another origin: the signer's root figures do not apply.
  const inner = innerCalls(call).map((c) => callRisk(c, { ...ctx, rootClaims: undefined }));
  const worst = inner.reduce(higher, { level: 'low', reason: '' } as Risk);
  if (ORDER[worst.level] > ORDER[floor.level]) return { level: worst.level, reason: label(worst) };
  return floor;
}

/**
 * The risk of one call and everything inside it. With the signer's root claims, what the chain
 * would do with a root claim or root exit (a paid no-op, a RootStakeLocked failure) outranks the
 * call's own rating at the same level: it is what this particular signature would cost.
 */
export function callRisk(call: CallValue, ctx: RiskContext): Risk {
  const base = baseRisk(call, ctx);
  return [...rootClaimRisks(call, ctx), ...lockRisks(call, ctx)].reduce((worst, r) => (ORDER[r.level] >= ORDER[worst.level] ? r : worst), base);
}

function baseRisk(call: CallValue, ctx: RiskContext): Risk {
  const key = `${call.pallet}.${call.call}`;
  if (RUNTIME_CODE.has(key)) return { level: 'critical', reason: 'Replaces the chain\'s runtime code: this changes the rules of the whole chain, and only its governance should ever sign it.' };
  if (WRAPPERS.has(key)) {
    const inner = innerCalls(call);
    const risks = inner.map((c) => callRisk(c, ctx));
    let worst = 0;
    risks.forEach((r, i) => (ORDER[r.level] > ORDER[risks[worst]!.level] ? (worst = i) : undefined));
    const top = risks[worst];
    if (!top || top.level === 'low') return { level: 'low', reason: `A batch of ${inner.length} calls, each listed below; none of them is flagged.` };
    return { level: top.level, reason: `Call ${worst + 1} of ${inner.length} in this batch: ${top.reason}` };
  }
  switch (key) {
    case 'Proxy.add_proxy':
      return proxyGrant(call, ctx);
    case 'Proxy.create_pure':
      return { level: 'medium', reason: 'Creates a new pure proxy account controlled by this account; funds sent to it can only be moved through this account.' };
    case 'Proxy.proxy':
    case 'Proxy.proxy_announced':
      return wrapped(call, ctx, { level: 'high', reason: `Signs as a proxy: the inner call runs as ${who(fieldOf(call, 'real'), ctx)}, not as this account.` }, (r) => `As proxy of ${who(fieldOf(call, 'real'), ctx)}: ${r.reason}`);
    case 'Sudo.sudo':
    case 'Sudo.sudo_unchecked_weight':
    case 'Sudo.sudo_as':
    case 'SubtensorModule.sudo':
    case 'SubtensorModule.sudo_unchecked_weight':
      return wrapped(call, ctx, { level: 'high', reason: 'Runs the inner call with root (sudo) rights over the chain.' }, (r) => `With root (sudo) rights: ${r.reason}`);
    case 'Sudo.set_key':
      return { level: 'critical', reason: `Hands the chain's sudo key to ${who(fieldOf(call, 'new'), ctx)}.` };
    case 'Multisig.approve_as_multi':
      return { level: 'medium', reason: 'Approves a multisig call known here only by its hash: the wallet cannot show what it does.' };
    case 'Balances.transfer_all':
      return { level: 'high', reason: `Sends your entire free balance to ${who(fieldOf(call, 'dest'), ctx)}${fieldOf(call, 'keep_alive')?.kind === 'bool' && (fieldOf(call, 'keep_alive') as { value: boolean }).value ? '' : ', which may also close this account'}.` };
    case 'Balances.transfer_keep_alive':
    case 'Balances.transfer_allow_death':
    case 'Balances.transfer': {
      const value = int(fieldOf(call, 'value'));
      return { level: 'medium', reason: `Sends ${value === null ? 'TAO' : `${formatAmount(value, { grouping: true })} TAO`} to ${who(fieldOf(call, 'dest'), ctx)}; a transfer cannot be undone.` };
    }
  }
  if (call.pallet === 'SubtensorModule') {
    if (COLDKEY_SWAP.has(call.call)) {
      const to = fieldOf(call, 'new_coldkey');
      return { level: 'critical', reason: `Hands this whole account (all its TAO and stake) to ${to ? `the new coldkey ${who(to, ctx)}` : 'a new coldkey'} once the swap delay has passed; other calls are blocked meanwhile.` };
    }
    if (call.call === 'transfer_stake') {
      const dest = accountOf(fieldOf(call, 'destination_coldkey'), ctx);
      if (dest && dest !== ctx.signer) return { level: 'high', reason: `Gives stake to another account (${who(fieldOf(call, 'destination_coldkey'), ctx)}): it leaves your control for good.` };
      return { level: 'low', reason: 'Moves stake between subnets within your own account.' };
    }
    if (call.call === 'claim_root_with_hotkey' || call.call === 'claim_root') {
      return { level: 'low', reason: 'Claims root dividends of this account: the TAO is staked on root (SN0); nothing leaves the account but the network fee.' };
    }
    if (call.call === 'unstake_all' || call.call === 'unstake_all_alpha') {
      const to = call.call === 'unstake_all' ? 'into free TAO' : 'and restakes the TAO on root';
      return { level: 'high', reason: `Unstakes everything you have with ${who(fieldOf(call, 'hotkey'), ctx)} on every subnet ${to}, at whatever price the pools have (no price limit).` };
    }
    if (call.call === 'remove_stake_full_limit' && optionValue(fieldOf(call, 'limit_price')) === null) {
      return { level: 'high', reason: 'Unstakes your whole position on this subnet at whatever price the pool has (no price limit).' };
    }
    if (['add_stake', 'remove_stake', 'swap_stake'].includes(call.call) || (call.call === 'move_stake' && int(fieldOf(call, 'origin_netuid')) !== int(fieldOf(call, 'destination_netuid')))) {
      return { level: 'medium', reason: 'No price limit: this executes at whatever price the pool has when it lands.' };
    }
    if (LIMITED_STAKING.has(call.call) || call.call === 'remove_stake_full_limit' || call.call === 'move_stake') {
      return { level: 'low', reason: 'A staking call on your own account, protected by its price limit where a swap is involved.' };
    }
  }
  if (HARMLESS.has(key)) return { level: 'low', reason: 'Moves no funds and grants no rights.' };
  const inner = innerCalls(call);
  if (inner.length > 0) {
    return wrapped(call, ctx, { level: 'medium', reason: `${call.pallet}.${call.call} dispatches the calls listed below; check each of them.` }, (r) => `Inside ${call.pallet}.${call.call}: ${r.reason}`);
  }
  return { level: 'medium', reason: `The wallet has no plain description for ${call.pallet}.${call.call}; check every detail below before approving.` };
}

/** The validator whose root stake a call takes off root (unstake, move, swap, transfer from SN0), or null. */
function rootExitHotkey(call: CallValue, ctx: RiskContext): string | null {
  if (call.pallet !== 'SubtensorModule') return null;
  switch (call.call) {
    case 'remove_stake':
    case 'remove_stake_limit':
    case 'remove_stake_full_limit':
      return int(fieldOf(call, 'netuid')) === 0n ? accountOf(fieldOf(call, 'hotkey'), ctx) : null;
    case 'swap_stake':
    case 'swap_stake_limit':
    case 'transfer_stake':
      return int(fieldOf(call, 'origin_netuid')) === 0n ? accountOf(fieldOf(call, 'hotkey'), ctx) : null;
    case 'move_stake':
    case 'move_stake_limit':
      return int(fieldOf(call, 'origin_netuid')) === 0n ? accountOf(fieldOf(call, 'origin_hotkey'), ctx) : null;
    default:
      return null;
  }
}

const pays = (view: RootClaimsView, hotkey: string): boolean => claimRefusal(view, hotkey) === null;
const rootTao = (rao: bigint) => `${formatAmount(rao, { maxDecimals: 6, grouping: true })} τ`;

/**
 * One call against the root-claim rules (src/chain/root-claims.ts, the same checks the wallet's
 * forms make before signing). `restarted` holds the validators whose hold an earlier call of the
 * same batch restarts (a paying claim, or root stake added or removed, when the chain has a hold):
 * the chain runs a batch's calls in order, so a root exit after them fails although the snapshot
 * shows no hold now.
 */
function rootStep(call: CallValue, ctx: RiskContext, rules: RootClaimRules, restarted: Set<string>, atomic: boolean): Risk | null {
  if (call.pallet !== 'SubtensorModule') return null;
  const { view, block } = rules;
  const hold = BigInt(view.unlockInterval) > 0n;
  if (call.call === 'claim_root_with_hotkey') {
    const hotkey = accountOf(fieldOf(call, 'hotkey'), ctx);
    if (!hotkey) return null;
    const refused = claimRefusal(view, hotkey);
    if (refused) return { level: 'medium', reason: refused.message };
    if (hold) restarted.add(hotkey);
    return null;
  }
  if (call.call === 'claim_root') {
    // claim_root claims every validator; those below the threshold are skipped by the chain.
    const paying = view.claims.filter((c) => pays(view, c.hotkey));
    if (hold) paying.forEach((c) => restarted.add(c.hotkey));
    if (paying.length > 0) return null;
    return {
      level: 'medium',
      reason: `A claim now would pay nothing: what is waiting with each validator is below the chain's minimum claim of ${rootTao(BigInt(view.threshold))} (or nothing is waiting). The chain would accept it, charge the network fee and pay nothing.`,
    };
  }
  if ((call.call === 'add_stake' || call.call === 'add_stake_limit') && int(fieldOf(call, 'netuid')) === 0n) {
    const hotkey = accountOf(fieldOf(call, 'hotkey'), ctx);
    if (hotkey && hold) restarted.add(hotkey);
    return null;
  }
  const undone = atomic ? ' and the whole batch is undone' : '';
  if (call.call === 'unstake_all') {
    // unstake_all leaves held root stake behind without failing (the wallet's forms say the same).
    const hotkey = accountOf(fieldOf(call, 'hotkey'), ctx);
    const held = hotkey && hotkey in view.lastStakeBlock ? rootHoldRefusal(view, hotkey, block) : null;
    return held ? { level: 'medium', reason: `${held.message} Unstaking everything now would silently leave your root stake behind.` } : null;
  }
  const hotkey = rootExitHotkey(call, ctx);
  if (!hotkey) return null;
  let risk: Risk | null = null;
  if (restarted.has(hotkey)) {
    risk = {
      level: 'high',
      reason: `An earlier call in this batch changes your root stake with this validator (a paying claim does), which restarts the chain's ${view.unlockInterval}-block hold: this would fail with RootStakeLocked; the network fee is paid${undone}. Claim first, then unstake once the hold has passed.`,
    };
  } else {
    const held = rootHoldRefusal(view, hotkey, block);
    if (held) risk = { level: 'high', reason: `${held.message} The chain would fail this with RootStakeLocked; the network fee is paid${undone}.` };
  }
  if (hold) restarted.add(hotkey);
  return risk;
}

/**
 * What the chain would do with the root claims and root exits of a call (alone, or in order inside
 * utility batches), as risks worded for the approval window; empty without `ctx.rootClaims`.
 * Proxy, sudo and multisig calls are not looked into: they run as another origin.
 */
export function rootClaimRisks(call: CallValue, ctx: RiskContext): Risk[] {
  const rules = ctx.rootClaims;
  if (!rules) return [];
  const restarted = new Set<string>();
  const out: Risk[] = [];
  const visit = (c: CallValue, label: string, atomic: boolean) => {
    const key = `${c.pallet}.${c.call}`;
    if (WRAPPERS.has(key)) {
      const inner = innerCalls(c);
      // batch_all reverts everything when one call fails; batch stops there; force_batch goes on.
      const all = atomic || key === 'Utility.batch_all';
      inner.forEach((x, i) => visit(x, `${label}Call ${i + 1} of ${inner.length} in this batch: `, all));
      return;
    }
    const r = rootStep(c, ctx, rules, restarted, atomic);
    if (r) out.push({ level: r.level, reason: `${label}${r.reason}` });
  };
  visit(call, '', false);
  return out;
}

/**
 * The alpha a staking call asks to take off a subnet, as the chain checks it against a conviction
 * lock (src/chain/locks.ts `alphaLeavingSubnet` for intents): the whole requested amount; moves,
 * swaps and transfers only across subnets; the full position for remove_stake_full_limit.
 */
function alphaLeaving(call: CallValue, ctx: RiskContext, account: NonNullable<Snapshot['account']>): { netuid: number; amount: bigint } | null {
  if (call.pallet !== 'SubtensorModule') return null;
  const n = (name: string) => int(fieldOf(call, name));
  switch (call.call) {
    case 'remove_stake':
    case 'remove_stake_limit': {
      const [netuid, amount] = [n('netuid'), n('amount_unstaked')];
      return netuid === null || amount === null ? null : { netuid: Number(netuid), amount };
    }
    case 'remove_stake_full_limit': {
      const hotkey = accountOf(fieldOf(call, 'hotkey'), ctx);
      const netuid = n('netuid');
      if (!hotkey || netuid === null) return null;
      const amount = account.positions.filter((p) => p.hotkey === hotkey && p.netuid === Number(netuid)).reduce((sum, p) => sum + BigInt(p.alpha), 0n);
      return { netuid: Number(netuid), amount };
    }
    case 'move_stake':
    case 'move_stake_limit':
    case 'swap_stake':
    case 'swap_stake_limit':
    case 'transfer_stake': {
      const [origin, destination, amount] = [n('origin_netuid'), n('destination_netuid'), n('alpha_amount')];
      if (origin === null || destination === null || amount === null || origin === destination) return null;
      return { netuid: Number(origin), amount };
    }
    default:
      return null;
  }
}

/**
 * Calls (alone or inside utility batches) that the chain would fail with StakeUnavailable against
 * the signer's lock availability; empty without `ctx.locks`. Proxy, sudo and multisig calls run as
 * another origin and are not looked into.
 */
export function lockRisks(call: CallValue, ctx: RiskContext): Risk[] {
  const account = ctx.locks?.account;
  if (!ctx.locks || !account?.locks) return [];
  const out: Risk[] = [];
  const visit = (c: CallValue, label: string) => {
    if (c.pallet === 'Utility' && ['batch', 'batch_all', 'force_batch'].includes(c.call)) {
      const inner = innerCalls(c);
      inner.forEach((x, i) => visit(x, `${label}Call ${i + 1} of ${inner.length} in this batch: `));
      return;
    }
    const leaving = alphaLeaving(c, ctx, account);
    const refused = leaving ? lockRefusal(leaving, ctx.locks!) : null;
    if (refused) out.push({ level: 'high', reason: `${label}${refused.message} The chain would fail this with StakeUnavailable; the network fee is paid.` });
  };
  visit(call, '');
  return out;
}

/** What a claim of the signer would pay, for the call's description (null without figures). */
export function rootClaimFigures(rules: RootClaimRules | undefined, hotkey: string | null): { waiting: bigint; threshold: bigint; unlockInterval: bigint } | null {
  if (!rules) return null;
  const { view } = rules;
  const waiting = hotkey === null
    ? view.claims.filter((c) => pays(view, c.hotkey)).reduce((s, c) => s + BigInt(c.redeemable), 0n)
    : BigInt(claimOf(view, hotkey)?.redeemable ?? '0');
  return { waiting, threshold: BigInt(view.threshold), unlockInterval: BigInt(view.unlockInterval) };
}

function text(v: Value | undefined): string | null {
  if (v?.kind === 'bytes') return new TextDecoder().decode(v.value);
  if (v?.kind === 'str') return v.value;
  return null;
}

/**
 * One proxy type's filter (a `ProxyFilterInfo` from ProxyFilterRuntimeApi, decoded) in words, or
 * null if its shape is not understood. Field names are read, not positions, because runtimes differ
 * (`filter_mode: Allow(calls)` in some, `filter_mode: Allow` + `calls` + `exceptions` in others).
 */
export function proxyFilterText(info: Value): { name: string; text: string } | null {
  if (info.kind !== 'composite') return null;
  const get = (n: string) => info.fields.find((f) => f.name === n)?.value;
  const name = text(get('name'));
  const mode = get('filter_mode');
  if (!name || mode?.kind !== 'variant') return null;
  if (get('deprecated')?.kind === 'bool' && (get('deprecated') as { value: boolean }).value) return { name, text: 'it is deprecated and may make no call' };
  const callsOf = (v: Value | undefined): string[] =>
    v?.kind === 'list'
      ? v.items.flatMap((c) => {
          if (c.kind !== 'composite') return [];
          const g = (n: string) => c.fields.find((f) => f.name === n)?.value;
          const pallet = text(g('pallet_name'));
          const callName = g('call_name');
          const callText = text(optionValue(callName) ?? callName ?? undefined);
          return pallet ? [callText ? `${pallet}.${callText}` : `every ${pallet} call`] : [];
        })
      : [];
  const listed = callsOf(mode.fields[0]?.value).concat(callsOf(get('calls')));
  const except = callsOf(get('exceptions'));
  const list = (calls: string[]) => (calls.length > 12 ? `${calls.slice(0, 12).join(', ')} and ${calls.length - 12} more` : calls.join(', '));
  switch (mode.name) {
    case 'AllowAll':
      return { name, text: 'the chain lets it make any call for this account, including sending all your TAO and stake' };
    case 'DenyAll':
      return { name, text: 'the chain lets it make no call' };
    case 'Allow':
      return listed.length === 0 ? { name, text: 'the chain lets it make no call' } : { name, text: `the chain lets it call only ${list(listed)}${except.length ? ` (except ${list(except)})` : ''}` };
    case 'Deny':
      return { name, text: `the chain lets it make any call except ${list(listed)}` };
    default:
      return null;
  }
}
