/**
 * A small SCALE encoder driven by the metadata's portable type registry, for plain JS values
 * (hex strings for byte arrays and AccountIds, bigint or number for integers, objects with
 * camelCase or snake_case keys for structs, `null`/value for Option, `{ Variant: value }` or
 * `'Variant'` for enums). @polkadot/types' createType does the same but costs ~0.3 ms a value;
 * a block's storage has hundreds, so the devnet encodes them here and uses createType only for
 * shapes this does not cover (bit sequences).
 */
import { compactToU8a, hexToU8a, isHex, stringCamelCase, stringToU8a, u8aConcat } from '@polkadot/util';
import type { TypeRegistry } from '@polkadot/types';

type Fallback = (typeId: number, value: unknown) => Uint8Array;

const INT_BYTES: Record<string, number> = { U8: 1, U16: 2, U32: 4, U64: 8, U128: 16, U256: 32, I8: 1, I16: 2, I32: 4, I64: 8, I128: 16, I256: 32 };

export class ScaleEncoder {
  constructor(private readonly registry: TypeRegistry, private readonly fallback: Fallback) {}

  encode(typeId: number, value: unknown): Uint8Array {
    const def = this.registry.lookup.getSiType(typeId).def;
    if (def.isPrimitive) return encodePrimitive(def.asPrimitive.type, value);
    if (def.isCompact) return compactToU8a(toBigInt(value));
    if (def.isArray) {
      const { len, type } = def.asArray;
      if (this.isU8(type.toNumber())) {
        const bytes = toBytes(value);
        if (bytes.length !== len.toNumber()) throw new Error(`expected ${len.toNumber()} bytes, got ${bytes.length}`);
        return bytes;
      }
      const items = asArray(value);
      if (items.length !== len.toNumber()) throw new Error(`expected ${len.toNumber()} items, got ${items.length}`);
      return u8aConcat(...items.map((v) => this.encode(type.toNumber(), v)));
    }
    if (def.isSequence) {
      const inner = def.asSequence.type.toNumber();
      if (this.isU8(inner)) {
        const bytes = toBytes(value);
        return u8aConcat(compactToU8a(bytes.length), bytes);
      }
      const items = asArray(value);
      return u8aConcat(compactToU8a(items.length), ...items.map((v) => this.encode(inner, v)));
    }
    if (def.isTuple) {
      const types = def.asTuple.map((t) => t.toNumber());
      if (types.length === 0) return new Uint8Array();
      const items = asArray(value);
      return u8aConcat(...types.map((t, i) => this.encode(t, items[i])));
    }
    if (def.isComposite) {
      const fields = def.asComposite.fields;
      if (fields.length === 1 && fields[0]!.name.isNone) return this.encode(fields[0]!.type.toNumber(), value);
      if (fields.every((f) => f.name.isNone)) {
        const items = asArray(value);
        return u8aConcat(...fields.map((f, i) => this.encode(f.type.toNumber(), items[i])));
      }
      const obj = value as Record<string, unknown>;
      if (typeof obj !== 'object' || obj === null) throw new Error('expected an object for a struct');
      return u8aConcat(...fields.map((f) => {
        const name = f.name.unwrap().toString();
        const camel = stringCamelCase(name);
        return this.encode(f.type.toNumber(), camel in obj ? obj[camel] : obj[name]);
      }));
    }
    if (def.isVariant) {
      const variants = def.asVariant.variants;
      const isOption = variants.length === 2 && variants[0]!.name.eq('None') && variants[1]!.name.eq('Some');
      if (isOption) {
        if (value === null || value === undefined) return new Uint8Array([0]);
        return u8aConcat(new Uint8Array([1]), this.encode(variants[1]!.fields[0]!.type.toNumber(), value));
      }
      let name: string;
      let inner: unknown;
      if (typeof value === 'string') {
        name = value;
      } else if (typeof value === 'object' && value !== null && Object.keys(value).length === 1) {
        name = Object.keys(value)[0]!;
        inner = (value as Record<string, unknown>)[name];
      } else throw new Error('expected an enum as "Variant" or { Variant: value }');
      const v = variants.find((x) => x.name.toString().toLowerCase() === name.toLowerCase());
      if (!v) throw new Error(`unknown variant ${name}`);
      const head = new Uint8Array([v.index.toNumber()]);
      if (v.fields.length === 0) return head;
      if (v.fields.length === 1 && v.fields[0]!.name.isNone) return u8aConcat(head, this.encode(v.fields[0]!.type.toNumber(), inner));
      if (v.fields.every((f) => f.name.isNone)) {
        const items = asArray(inner);
        return u8aConcat(head, ...v.fields.map((f, i) => this.encode(f.type.toNumber(), items[i])));
      }
      const obj = inner as Record<string, unknown>;
      return u8aConcat(head, ...v.fields.map((f) => {
        const n = f.name.unwrap().toString();
        const camel = stringCamelCase(n);
        return this.encode(f.type.toNumber(), camel in obj ? obj[camel] : obj[n]);
      }));
    }
    return this.fallback(typeId, value);
  }

  private isU8(typeId: number): boolean {
    const def = this.registry.lookup.getSiType(typeId).def;
    return def.isPrimitive && def.asPrimitive.type === 'U8';
  }
}

function encodePrimitive(kind: string, value: unknown): Uint8Array {
  if (kind === 'Bool') {
    if (typeof value !== 'boolean') throw new Error('expected a boolean');
    return new Uint8Array([value ? 1 : 0]);
  }
  if (kind === 'Str') {
    const bytes = stringToU8a(String(value));
    return u8aConcat(compactToU8a(bytes.length), bytes);
  }
  if (kind === 'Char') return encodeInt(toBigInt(value), 4, false);
  const size = INT_BYTES[kind];
  if (size === undefined) throw new Error(`unsupported primitive ${kind}`);
  return encodeInt(toBigInt(value), size, kind.startsWith('I'));
}

function encodeInt(value: bigint, size: number, signed: boolean): Uint8Array {
  const bits = BigInt(size * 8);
  const min = signed ? -(1n << (bits - 1n)) : 0n;
  const max = signed ? (1n << (bits - 1n)) - 1n : (1n << bits) - 1n;
  if (value < min || value > max) throw new Error(`${value} does not fit ${signed ? 'i' : 'u'}${size * 8}`);
  let v = value < 0n ? (1n << bits) + value : value;
  const out = new Uint8Array(size);
  for (let i = 0; i < size; i++) {
    out[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  return out;
}

function toBigInt(value: unknown): bigint {
  if (typeof value === 'bigint') return value;
  if (typeof value === 'number' && Number.isInteger(value)) return BigInt(value);
  if (typeof value === 'boolean') return value ? 1n : 0n;
  if (typeof value === 'string' && /^-?(0x[0-9a-fA-F]+|\d+)$/.test(value)) {
    return value.startsWith('-') ? -BigInt(value.slice(1)) : BigInt(value);
  }
  throw new Error(`expected an integer, got ${typeof value}`);
}

function toBytes(value: unknown): Uint8Array {
  if (value instanceof Uint8Array) return value;
  if (typeof value === 'string' && isHex(value)) return hexToU8a(value);
  if (Array.isArray(value)) return Uint8Array.from(value as number[]);
  throw new Error('expected bytes as hex, Uint8Array or number[]');
}

function asArray(value: unknown): unknown[] {
  if (!Array.isArray(value)) throw new Error('expected an array');
  return value;
}
