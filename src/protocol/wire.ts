import * as v from 'valibot';

/**
 * Extension messaging serialises as JSON, which has no bigint. Amounts cross the wire as decimal
 * strings of rao (u64); both sides convert with BigInt() at the edge.
 */
export type RaoString = string;

const U64_MAX = (1n << 64n) - 1n;

export const RaoSchema = v.pipe(
  v.string(),
  v.regex(/^(0|[1-9][0-9]{0,19})$/, 'must be a whole number of rao'),
  v.check((s) => BigInt(s) <= U64_MAX, 'exceeds u64'),
);

/** SS58 or 0x-hex account, checked properly by the handler (the schema only bounds it). */
export const AddressSchema = v.pipe(v.string(), v.minLength(40), v.maxLength(70), v.regex(/^[1-9A-HJ-NP-Za-km-z]+$|^0x[0-9a-fA-F]{64}$/, 'not an address'));

export const NetuidSchema = v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(65535));

export const PasswordSchema = v.pipe(v.string(), v.minLength(1), v.maxLength(1024));

export const NameSchema = v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(64));
