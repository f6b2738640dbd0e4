/**
 * A SCALE decoder driven only by a runtime's portable type registry (metadata `lookup`), for the
 * approval window: it decodes a call's bytes into a tree of values that keeps what polkadot-js'
 * string forms lose (enum variant names, nested calls, exact u128 amounts), and refuses bytes that
 * are not exactly one call. Pure: the caller hands in the lookup as JSON
 * (`registry.metadata.lookup.toJSON().types`) and the RuntimeCall type id.
 */

/** One field of a composite or variant, as metadata JSON has it. */
export interface FieldDef {
  name: string | null;
  type: number;
  typeName: string | null;
}

export type TypeDef =
  | { composite: { fields: FieldDef[] } }
  | { variant: { variants: { name: string; fields: FieldDef[]; index: number }[] } }
  | { sequence: { type: number } }
  | { array: { len: number; type: number } }
  | { tuple: number[] }
  | { primitive: string }
  | { compact: { type: number } }
  | { bitSequence: { bitStoreType: number; bitOrderType: number } };

export interface PortableType {
  id: number;
  type: { path: string[]; def: TypeDef };
}

/** What decoding needs to know of one runtime. */
export interface RuntimeTypes {
  /** Types by id. */
  types: ReadonlyMap<number, PortableType['type']>;
  /** The RuntimeCall enum (metadata `extrinsic.callType`, or `outerEnums.callType`). */
  callType: number;
}

export function runtimeTypes(types: readonly PortableType[], callType: number): RuntimeTypes {
  return { types: new Map(types.map((t) => [t.id, t.type])), callType };
}

export interface Field {
  name: string | null;
  typeName: string | null;
  value: Value;
}

/** A decoded call: its pallet and call names as the metadata spells them (`Proxy`, `add_proxy`). */
export interface CallValue {
  pallet: string;
  call: string;
  fields: Field[];
}

export type Value =
  | { kind: 'bool'; value: boolean }
  | { kind: 'int'; value: bigint }
  | { kind: 'str'; value: string }
  | { kind: 'bytes'; value: Uint8Array }
  | { kind: 'account'; value: Uint8Array }
  | { kind: 'variant'; name: string; fields: Field[] }
  | { kind: 'composite'; fields: Field[] }
  | { kind: 'list'; items: Value[] }
  | { kind: 'call'; call: CallValue };

export class DecodeError extends Error {
  override name = 'DecodeError';
}

/** Calls inside calls (batch in proxy in batch ...) deeper than this are refused, as are huge trees. */
export const MAX_CALL_DEPTH = 8;
const MAX_TYPE_DEPTH = 64;
const MAX_NODES = 100_000;

const INT_BITS: Record<string, number> = { U8: 8, U16: 16, U32: 32, U64: 64, U128: 128, U256: 256, I8: 8, I16: 16, I32: 32, I64: 64, I128: 128, I256: 256 };

class Reader {
  offset = 0;
  nodes = 0;
  constructor(readonly bytes: Uint8Array) {}

  take(n: number): Uint8Array {
    if (n < 0 || this.offset + n > this.bytes.length) throw new DecodeError('the call ends too early');
    const out = this.bytes.subarray(this.offset, this.offset + n);
    this.offset += n;
    return out;
  }

  byte(): number {
    return this.take(1)[0]!;
  }

  uint(bits: number): bigint {
    const b = this.take(bits / 8);
    let v = 0n;
    for (let i = b.length - 1; i >= 0; i--) v = (v << 8n) | BigInt(b[i]!);
    return v;
  }

  compact(): bigint {
    const first = this.bytes[this.offset];
    if (first === undefined) throw new DecodeError('the call ends too early');
    switch (first & 3) {
      case 0:
        return BigInt(this.byte() >> 2);
      case 1:
        return this.uint(16) >> 2n;
      case 2:
        return this.uint(32) >> 2n;
      default: {
        const len = (this.byte() >> 2) + 4;
        return this.uint(len * 8);
      }
    }
  }

  /** A length prefix, checked against what is left (each element takes at least `minBytes`). */
  length(minBytes: number): number {
    const n = this.compact();
    const left = this.bytes.length - this.offset;
    if (n > BigInt(minBytes > 0 ? Math.floor(left / minBytes) : MAX_NODES)) throw new DecodeError('a length prefix is longer than the call');
    return Number(n);
  }

  count(): void {
    if (++this.nodes > MAX_NODES) throw new DecodeError('the call is too large to show');
  }
}

function typeOf(rt: RuntimeTypes, id: number): PortableType['type'] {
  const t = rt.types.get(id);
  if (!t) throw new DecodeError(`type ${id} is not in the metadata`);
  return t;
}

/** A u8 element type (so sequences and arrays of it are bytes). */
function isU8(rt: RuntimeTypes, id: number): boolean {
  const def = typeOf(rt, id).def;
  return 'primitive' in def && def.primitive === 'U8';
}

/** The smallest number of bytes a value of this type can take (0 for empty types), to bound length prefixes. */
function minSize(rt: RuntimeTypes, id: number, depth = 0): number {
  if (depth > 8) return 0;
  const def = typeOf(rt, id).def;
  if ('primitive' in def) return def.primitive === 'Str' ? 1 : (INT_BITS[def.primitive] ?? 8) / 8;
  if ('compact' in def || 'sequence' in def || 'variant' in def) return 1;
  if ('array' in def) return def.array.len * minSize(rt, def.array.type, depth + 1);
  if ('tuple' in def) return def.tuple.reduce((s, t) => s + minSize(rt, t, depth + 1), 0);
  if ('composite' in def) return def.composite.fields.reduce((s, f) => s + minSize(rt, f.type, depth + 1), 0);
  return 1;
}

function decodeFields(rt: RuntimeTypes, r: Reader, fields: readonly FieldDef[], depth: number, calls: number): Field[] {
  return fields.map((f) => ({ name: f.name, typeName: f.typeName, value: decodeValue(rt, r, f.type, depth + 1, calls) }));
}

function decodeValue(rt: RuntimeTypes, r: Reader, id: number, depth: number, calls: number): Value {
  if (depth > MAX_TYPE_DEPTH) throw new DecodeError('the call nests too deeply');
  r.count();
  if (id === rt.callType) return { kind: 'call', call: decodeCallAt(rt, r, depth, calls + 1) };
  const { path, def } = typeOf(rt, id);
  if ('primitive' in def) {
    const p = def.primitive;
    if (p === 'Bool') {
      const b = r.byte();
      if (b > 1) throw new DecodeError('a boolean is neither 0 nor 1');
      return { kind: 'bool', value: b === 1 };
    }
    if (p === 'Str') {
      const bytes = r.take(r.length(1));
      return { kind: 'str', value: new TextDecoder('utf-8', { fatal: false }).decode(bytes) };
    }
    if (p === 'Char') return { kind: 'str', value: String.fromCodePoint(Number(r.uint(32)) % 0x110000) };
    const bits = INT_BITS[p];
    if (!bits) throw new DecodeError(`unknown primitive ${p}`);
    let v = r.uint(bits);
    if (p.startsWith('I') && v >= 1n << BigInt(bits - 1)) v -= 1n << BigInt(bits);
    return { kind: 'int', value: v };
  }
  if ('compact' in def) {
    // Compact<T> of a composite wrapper (Compact<Perbill>) is still one integer.
    return { kind: 'int', value: r.compact() };
  }
  if ('sequence' in def) {
    if (isU8(rt, def.sequence.type)) return { kind: 'bytes', value: r.take(r.length(1)).slice() };
    const n = r.length(minSize(rt, def.sequence.type));
    const items: Value[] = [];
    for (let i = 0; i < n; i++) items.push(decodeValue(rt, r, def.sequence.type, depth + 1, calls));
    return { kind: 'list', items };
  }
  if ('array' in def) {
    if (isU8(rt, def.array.type)) return { kind: 'bytes', value: r.take(def.array.len).slice() };
    const items: Value[] = [];
    for (let i = 0; i < def.array.len; i++) items.push(decodeValue(rt, r, def.array.type, depth + 1, calls));
    return { kind: 'list', items };
  }
  if ('tuple' in def) return { kind: 'list', items: def.tuple.map((t) => decodeValue(rt, r, t, depth + 1, calls)) };
  if ('variant' in def) {
    const index = r.byte();
    const variant = def.variant.variants.find((v) => v.index === index);
    if (!variant) throw new DecodeError(`${path.at(-1) ?? 'an enum'} has no variant ${index}`);
    return { kind: 'variant', name: variant.name, fields: decodeFields(rt, r, variant.fields, depth, calls) };
  }
  if ('composite' in def) {
    const fields = def.composite.fields;
    // AccountId32([u8; 32]) and its kin: one account, not a struct holding bytes.
    if (path.at(-1) === 'AccountId32' && fields.length === 1) {
      const inner = decodeValue(rt, r, fields[0]!.type, depth + 1, calls);
      if (inner.kind !== 'bytes' && inner.kind !== 'account') throw new DecodeError('an account is not 32 bytes');
      return { kind: 'account', value: inner.value };
    }
    return { kind: 'composite', fields: decodeFields(rt, r, fields, depth, calls) };
  }
  if ('bitSequence' in def) {
    const bits = r.length(0);
    return { kind: 'bytes', value: r.take(Math.ceil(bits / 8)).slice() };
  }
  throw new DecodeError('a type the wallet cannot decode');
}

function decodeCallAt(rt: RuntimeTypes, r: Reader, depth: number, calls: number): CallValue {
  if (calls > MAX_CALL_DEPTH) throw new DecodeError(`calls nest more than ${MAX_CALL_DEPTH} deep`);
  const outer = typeOf(rt, rt.callType).def;
  if (!('variant' in outer)) throw new DecodeError('the metadata has no call enum');
  const palletIndex = r.byte();
  const pallet = outer.variant.variants.find((v) => v.index === palletIndex);
  const palletCalls = pallet?.fields[0] && typeOf(rt, pallet.fields[0].type).def;
  if (!pallet || !palletCalls || !('variant' in palletCalls)) throw new DecodeError(`no pallet ${palletIndex} with calls in this runtime`);
  const callIndex = r.byte();
  const call = palletCalls.variant.variants.find((v) => v.index === callIndex);
  if (!call) throw new DecodeError(`${pallet.name} has no call ${callIndex}`);
  return { pallet: pallet.name, call: call.name, fields: decodeFields(rt, r, call.fields, depth, calls) };
}

/** Decodes exactly one call from `bytes`; throws DecodeError on anything else (trailing bytes included). */
export function decodeCallBytes(rt: RuntimeTypes, bytes: Uint8Array): CallValue {
  const r = new Reader(bytes);
  const call = decodeCallAt(rt, r, 0, 1);
  if (r.offset !== bytes.length) throw new DecodeError('the call has trailing bytes');
  return call;
}

/** Decodes one value of type `id` from `bytes` (a runtime API's answer); trailing bytes are refused. */
export function decodeBytesAs(rt: RuntimeTypes, id: number, bytes: Uint8Array): Value {
  const r = new Reader(bytes);
  const value = decodeValue(rt, r, id, 0, 0);
  if (r.offset !== bytes.length) throw new DecodeError('the value has trailing bytes');
  return value;
}

export function hexToBytes(hex: string): Uint8Array {
  const body = hex.startsWith('0x') ? hex.slice(2) : hex;
  if (body.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(body)) throw new DecodeError('not hex');
  const out = new Uint8Array(body.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(body.slice(i * 2, i * 2 + 2), 16);
  return out;
}

/** A field of a call by its metadata name. */
export function fieldOf(call: CallValue, name: string): Value | undefined {
  return call.fields.find((f) => f.name === name)?.value;
}

/** The calls directly inside a call (batch lists, proxy/sudo/multisig wrappers), in order. */
export function innerCalls(call: CallValue): CallValue[] {
  const out: CallValue[] = [];
  const visit = (v: Value) => {
    if (v.kind === 'call') out.push(v.call);
    else if (v.kind === 'list') v.items.forEach(visit);
    else if (v.kind === 'variant' || v.kind === 'composite') v.fields.forEach((f) => visit(f.value));
  };
  call.fields.forEach((f) => visit(f.value));
  return out;
}

/** `Option<T>`-shaped variants (None / Some(x)): the inner value, null for None, undefined if not an option. */
export function optionValue(v: Value | undefined): Value | null | undefined {
  if (v?.kind !== 'variant') return undefined;
  if (v.name === 'None' && v.fields.length === 0) return null;
  if (v.name === 'Some' && v.fields.length === 1) return v.fields[0]!.value;
  return undefined;
}
