/**
 * A metadata-decoded call (decode.ts) as the approval window shows it: every argument by its
 * metadata name with its value in words (enum variants by name, accounts with known names, amounts
 * with units), nested calls as their own described nodes, and a risk per node (risk.ts). Pure.
 */
import { encodeAddress } from '@polkadot/util-crypto';
import { formatAmount } from '../amount.ts';
import type { ArgView, CallNodeView } from '../protocol/dapp.ts';
import type { DecodedCall } from './calls.ts';
import { innerCalls, optionValue, type CallValue, type Field, type Value } from './decode.ts';
import { describeCall, shortAddress, subnetLabel, type DescribeContext } from './describe.ts';
import { callRisk, lockRisks, rootClaimRisks, type RiskContext } from './risk.ts';

export interface ExplainContext extends DescribeContext {
  /** SS58 prefix of the chain (42 on Bittensor). */
  ss58?: number;
  signer?: string | null;
  proxyFilters?: RiskContext['proxyFilters'];
  /** The signer's positions and lock availability (see RiskContext.locks). */
  locks?: RiskContext['locks'];
}

type Unit = 'TAO' | 'α' | 'TAO per α' | 'α per α';

const MAX_TEXT = 400;
const MAX_LIST_INLINE = 6;

/** The unit of an integer argument, from its metadata type name, else from subtensor's field names. */
export function unitOf(pallet: string, call: string, field: string | null, typeName: string | null): Unit | null {
  const t = typeName ?? '';
  if (/Alpha(Currency|Balance)/.test(t)) return 'α';
  if (/TaoCurrency|TaoBalance|Balance\b|BalanceOf/.test(t)) return 'TAO';
  if (pallet !== 'SubtensorModule' || !field) return null;
  if (field === 'limit_price') return /swap|move/.test(call) ? 'α per α' : 'TAO per α';
  if (field === 'amount_unstaked' || field.includes('alpha')) return 'α';
  if (field === 'amount_staked' || field.includes('tao')) return 'TAO';
  return null;
}

function camel(snake: string): string {
  return snake.replace(/_([a-z0-9])/g, (_m, c: string) => c.toUpperCase());
}

function lowerFirst(name: string): string {
  return name.charAt(0).toLowerCase() + name.slice(1);
}

function clip(text: string): string {
  return text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT)}…` : text;
}

function printable(bytes: Uint8Array): string | null {
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    // eslint-disable-next-line no-control-regex
    return text.length > 0 && /^[^\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]*$/.test(text) ? text : null;
  } catch {
    return null;
  }
}

function hex(bytes: Uint8Array): string {
  return `0x${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

class Explainer {
  constructor(readonly ctx: ExplainContext) {}

  address(bytes: Uint8Array): string {
    return encodeAddress(bytes, this.ctx.ss58 ?? 42);
  }

  /** The value the way describeCall and the preview read arguments (SS58, decimal rao, 'true', 'none'). */
  raw(v: Value): string {
    switch (v.kind) {
      case 'bool':
        return String(v.value);
      case 'int':
        return v.value.toString();
      case 'str':
        return v.value;
      case 'bytes':
        return hex(v.value);
      case 'account':
        return this.address(v.value);
      case 'call':
        return `${lowerFirst(v.call.pallet)}.${camel(v.call.call)}`;
      case 'list':
        return v.items.some((i) => i.kind === 'call') ? `${v.items.length} calls` : `[${v.items.map((i) => this.raw(i)).join(',')}]`;
      case 'variant': {
        const option = optionValue(v);
        if (option === null) return 'none';
        if (option) return this.raw(option);
        return v.fields.length === 1 && (v.fields[0]!.value.kind === 'account' || v.name === 'Id') ? this.raw(v.fields[0]!.value) : v.fields.length === 0 ? v.name : `${v.name}(${v.fields.map((f) => this.raw(f.value)).join(',')})`;
      }
      case 'composite':
        return v.fields.length === 1 ? this.raw(v.fields[0]!.value) : `{${v.fields.map((f) => `${f.name ?? ''}:${this.raw(f.value)}`).join(',')}}`;
    }
  }

  account(bytes: Uint8Array): string {
    const address = this.address(bytes);
    const name = this.ctx.names?.[address];
    return name ? `${name} (${shortAddress(address)})` : address;
  }

  /** One argument in words; `unit` comes from its field. */
  arg(name: string, v: Value, unit: Unit | null, call: CallValue): ArgView {
    switch (v.kind) {
      case 'bool':
        return { name, text: v.value ? 'yes' : 'no' };
      case 'int': {
        if (unit) return { name, text: `${formatAmount(v.value, { grouping: true, decimals: this.ctx.decimals ?? 9 })} ${unit}` };
        if (/netuid/.test(name)) return { name, text: subnetLabel(v.value.toString(), this.ctx) };
        return { name, text: v.value.toString() };
      }
      case 'str':
        return { name, text: clip(JSON.stringify(v.value)) };
      case 'bytes': {
        const text = printable(v.value);
        return { name, text: clip(text !== null ? JSON.stringify(text) : v.value.length === 0 ? '(empty)' : `${hex(v.value)} (${v.value.length} bytes)`) };
      }
      case 'account':
        return { name, text: this.account(v.value) };
      case 'call':
        return { name, text: `${v.call.pallet}.${v.call.call} (below)` };
      case 'list': {
        if (v.items.length > 0 && v.items.every((i) => i.kind === 'call')) return { name, text: `${v.items.length} call${v.items.length === 1 ? '' : 's'} (below)` };
        const items = v.items.slice(0, 50).map((item, i) => this.arg(`#${i + 1}`, item, unit, call));
        const simple = items.every((i) => !i.children);
        if (items.length === 0) return { name, text: '(none)' };
        if (simple && items.length <= MAX_LIST_INLINE) return { name, text: clip(items.map((i) => i.text).join(', ')) };
        return { name, text: `${v.items.length} items`, children: items };
      }
      case 'variant': {
        const option = optionValue(v);
        if (option === null) return { name, text: 'none' };
        if (option) return this.arg(name, option, unit, call);
        if (v.fields.length === 0) return { name, text: v.name };
        // MultiAddress::Id(account) and other one-value variants read as "Name value".
        if (v.fields.length === 1 && v.fields[0]!.name === null) {
          const inner = this.arg(name, v.fields[0]!.value, unit, call);
          return v.name === 'Id' ? inner : { ...inner, text: `${v.name}: ${inner.text}` };
        }
        return { name, text: v.name, children: this.fields(v.fields, call) };
      }
      case 'composite': {
        if (v.fields.length === 1) return this.arg(name, v.fields[0]!.value, unit ?? unitOf(call.pallet, call.call, v.fields[0]!.name, v.fields[0]!.typeName), call);
        return { name, text: '', children: this.fields(v.fields, call) };
      }
    }
  }

  fields(fields: readonly Field[], call: CallValue): ArgView[] {
    return fields.map((f, i) => this.arg(f.name ?? `#${i + 1}`, f.value, unitOf(call.pallet, call.call, f.name, f.typeName), call));
  }

  /** The call in the shape describeCall and the staking preview read. */
  legacy(call: CallValue): DecodedCall {
    const args: Record<string, string> = {};
    call.fields.forEach((f, i) => (args[f.name ?? `arg${i}`] = clip(this.raw(f.value))));
    const inner = innerCalls(call).map((c) => this.legacy(c));
    return { section: lowerFirst(call.pallet), method: camel(call.call), args, hex: '', ...(inner.length ? { inner } : {}) };
  }

  riskContext(): RiskContext {
    return {
      signer: this.ctx.signer, names: this.ctx.names, proxyFilters: this.ctx.proxyFilters, address: (b) => this.address(b),
      ...(this.ctx.rootClaims ? { rootClaims: this.ctx.rootClaims } : {}),
      ...(this.ctx.locks ? { locks: this.ctx.locks } : {}),
    };
  }

  node(call: CallValue): CallNodeView {
    const legacy = this.legacy(call);
    const risk = callRisk(call, this.riskContext());
    // A utility batch's calls run as the signer; a proxy's, sudo's or multisig's as another origin,
    // so the signer's root-claim figures are not used below those.
    const batch = call.pallet === 'Utility' && ['batch', 'batch_all', 'force_batch'].includes(call.call);
    const inner = batch || (!this.ctx.rootClaims && !this.ctx.locks) ? this : new Explainer({ ...this.ctx, rootClaims: undefined, locks: undefined });
    return {
      pallet: call.pallet,
      call: call.call,
      summary: describeCall(legacy, { ...this.ctx, innerListed: true }),
      args: this.fields(call.fields, call),
      risk,
      inner: innerCalls(call).map((c) => inner.node(c)),
    };
  }
}

/** The approval window's view of a call: described, risk-rated, nested calls as child nodes. */
export function explainCall(call: CallValue, ctx: ExplainContext = {}): CallNodeView {
  return new Explainer(ctx).node(call);
}

/**
 * What the chain would do with the call's root claims, root exits and locked alpha, as warnings
 * (empty without the signer's `ctx.rootClaims` and `ctx.locks`).
 */
export function accountStateWarnings(call: CallValue, ctx: ExplainContext = {}): string[] {
  const risk = new Explainer(ctx).riskContext();
  return [...new Set([...rootClaimRisks(call, risk), ...lockRisks(call, risk)].map((r) => r.reason))];
}

/** The call as describeCall and the staking preview read it (string arguments, inner calls). */
export function legacyCall(call: CallValue, ctx: ExplainContext = {}): DecodedCall {
  return new Explainer(ctx).legacy(call);
}

/** Every netuid a call and its inner calls name (to look up validator names for them). */
export function netuidsOf(call: CallValue): number[] {
  const out = new Set<number>();
  const visit = (c: CallValue) => {
    for (const f of c.fields) if (f.name && /netuid/.test(f.name) && f.value.kind === 'int' && f.value.value < 65536n) out.add(Number(f.value.value));
    innerCalls(c).forEach(visit);
  };
  visit(call);
  return [...out];
}

/** Every account (SS58) a call and its inner calls name (to look up on-chain identities for them). */
export function accountsOf(call: CallValue, ss58 = 42): string[] {
  const out = new Set<string>();
  const visit = (v: Value) => {
    if (v.kind === 'account') out.add(encodeAddress(v.value, ss58));
    else if (v.kind === 'list') v.items.forEach(visit);
    else if (v.kind === 'variant' || v.kind === 'composite') v.fields.forEach((f) => visit(f.value));
    else if (v.kind === 'call') v.call.fields.forEach((f) => visit(f.value));
  };
  call.fields.forEach((f) => visit(f.value));
  return [...out];
}

