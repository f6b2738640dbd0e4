/**
 * Decoding and node-side validation of submitted extrinsics, in the order FRAME applies its
 * checks: format → signer → era birth block (AncientBirthBlock) → signature over the real signing
 * payload with the node's implicit values (spec and tx version, genesis hash, birth block hash,
 * CheckMetadataHash's hash: BadProof on any mismatch) → nonce (Stale / Future) → fee (Payment).
 *
 * The signature check is strict like sp_runtime's MultiSignature: the variant byte picks the
 * scheme (0 ed25519, 1 sr25519), the message is the payload (blake2_256 of it when longer than
 * 256 bytes), never a `<Bytes>`-wrapped variant. ECDSA (variant 2) is not supported: BadProof.
 */
import type { GenericExtrinsic } from '@polkadot/types';
import type { Codec } from '@polkadot/types/types';
import { u8aToHex, hexToU8a, isHex, isU8a, stringCamelCase } from '@polkadot/util';
import { blake2AsU8a, ed25519Verify, sr25519Verify } from '@polkadot/util-crypto';
import type { DevnetMetadata } from '../metadata/load.ts';
import type { AccountId, ChainState, DecodedCall } from '../state/types.ts';
import { cloneState } from '../state/clone.ts';
import { chargeTransactionFee, transactionFee } from '../state/fees.ts';
import { AUTHOR_ALREADY_IMPORTED, AUTHOR_BAD_FORMAT, AUTHOR_TOO_LOW_PRIORITY, RpcError, customInvalidTransaction, invalidTransaction, unknownTransaction } from './errors.ts';
import { stakingValidityCode } from '../state/staking.ts';
import { rulesOf } from '../profiles.ts';
import type { Hex } from './storage.ts';

/** A validated signed extrinsic, ready for the pool. */
export interface CheckedExtrinsic {
  hash: Hex;
  hex: Hex;
  /** Encoded length including the compact length prefix (what the fee is charged on). */
  length: number;
  signer: AccountId;
  nonce: number;
  tip: bigint;
  fee: bigint;
  call: DecodedCall;
  /** Blocks after its birth block until the era ends (u64::MAX for immortal). */
  longevity: bigint;
}

/** The node-side view that validation needs. */
export interface ValidationContext {
  genesisHash: Hex;
  bestNumber: number;
  /** Hash of a recent block (System.BlockHash), or undefined if unknown or pruned. */
  blockHashAt(n: number): Hex | undefined;
  /** The state at the best block. */
  state: ChainState;
  /** Nonces of this signer's transactions already in the pool, and their hashes. */
  pending(signer: AccountId): { nonce: number; hash: Hex }[];
}

export function decodeExtrinsic(meta: DevnetMetadata, input: unknown): { ext: GenericExtrinsic; bytes: Uint8Array } {
  if (typeof input !== 'string' || !isHex(input)) throw new RpcError(AUTHOR_BAD_FORMAT, 'Extrinsic has invalid format: expected a 0x-prefixed hex string');
  const bytes = hexToU8a(input);
  let ext: GenericExtrinsic;
  try {
    ext = meta.registry.createType('Extrinsic', bytes);
  } catch (e) {
    throw new RpcError(AUTHOR_BAD_FORMAT, `Extrinsic has invalid format: ${(e as Error).message}`);
  }
  if (ext.encodedLength !== bytes.length) {
    throw new RpcError(AUTHOR_BAD_FORMAT, `Extrinsic has invalid format: ${bytes.length - ext.encodedLength} trailing bytes`);
  }
  return { ext, bytes };
}

export function verifyExtrinsic(meta: DevnetMetadata, ctx: ValidationContext, ext: GenericExtrinsic, bytes: Uint8Array): CheckedExtrinsic {
  if (!ext.isSigned) throw unknownTransaction('noUnsignedValidator');
  if ((ext.version & 0x7f) !== 4) throw new RpcError(AUTHOR_BAD_FORMAT, `Extrinsic has invalid format: unsupported version ${ext.version & 0x7f}`);
  // With subtensor's MultiAddress, the signer decodes as a GenericMultiAddress.
  const address = ext.signer as unknown as { type: string; value: Codec };
  if (address.type !== 'Id') throw unknownTransaction('cannotLookup');
  const signer = address.value.toHex() as AccountId;
  if (/^0x0+$/.test(signer)) throw invalidTransaction('badSigner');

  // CheckMortality: implicit = hash of the birth block, computed for the block being built.
  const current = ctx.bestNumber + 1;
  let birthHash: Hex | undefined = ctx.genesisHash;
  let longevity = (1n << 64n) - 1n;
  if (ext.era.isMortalEra) {
    const era = ext.era.asMortalEra;
    const birth = Number(era.birth(current));
    birthHash = birth > ctx.bestNumber ? undefined : ctx.blockHashAt(birth);
    longevity = BigInt(Number(era.death(current)) - current);
  }
  if (!birthHash) throw invalidTransaction('ancientBirthBlock');

  // CheckMetadataHash: the runtime's implicit hash is None in mode 0 and its own hash in mode 1.
  const mode = ext.mode.toNumber();
  const metadataHash = mode === 1 ? meta.metadataHash : null;

  const payload = meta.registry.createTypeUnsafe('ExtrinsicPayload', [{
    method: ext.method.toHex(),
    era: ext.era,
    nonce: ext.nonce,
    tip: ext.tip,
    mode,
    metadataHash,
    specVersion: meta.runtimeVersion.specVersion,
    transactionVersion: meta.runtimeVersion.transactionVersion,
    genesisHash: ctx.genesisHash,
    blockHash: birthHash,
  }, { version: 4 }]);
  let message = payload.toU8a({ method: true });
  if (message.length > 256) message = blake2AsU8a(message, 256);
  if (!verifyMultiSignature(message, (ext.inner.signature as unknown as { multiSignature: Codec }).multiSignature.toU8a(), hexToU8a(signer))) {
    throw invalidTransaction('badProof');
  }

  const hash = u8aToHex(blake2AsU8a(bytes, 256));
  const nonce = ext.nonce.toNumber();
  const accountNonce = ctx.state.accounts.get(signer)?.nonce ?? 0;
  if (nonce < accountNonce) throw invalidTransaction('stale');
  const pending = ctx.pending(signer);
  const same = pending.find((p) => p.nonce === nonce);
  if (same) {
    if (same.hash === hash) throw new RpcError(AUTHOR_ALREADY_IMPORTED, 'Transaction Already Imported');
    throw new RpcError(AUTHOR_TOO_LOW_PRIORITY, 'Priority is too low: (0 vs 0)', 'The transaction has too low priority to replace another transaction already in the pool.');
  }
  // The pool keeps only a gapless sequence per account; a nonce past it is refused as Future.
  if (nonce > accountNonce + pending.length) throw invalidTransaction('future');

  const call = decodeCall(ext.method);
  const tip = ext.tip.toBigInt();
  const fee = transactionFee(bytes.length, call);
  const trial = chargeTransactionFee(cloneState(ctx.state), signer, fee, tip);
  if (!trial.ok) throw invalidTransaction('payment');
  // The staking extension runs after ChargeTransactionPayment (the v3 profile's runtime has it).
  if (rulesOf(ctx.state).stakingValidity) {
    const code = stakingValidityCode(ctx.state, signer, call);
    if (code !== null) throw customInvalidTransaction(code);
  }

  return { hash, hex: u8aToHex(bytes), length: bytes.length, signer, nonce, tip, fee, call, longevity };
}

function verifyMultiSignature(message: Uint8Array, multi: Uint8Array, publicKey: Uint8Array): boolean {
  const signature = multi.subarray(1);
  try {
    if (multi[0] === 0 && signature.length === 64) return ed25519Verify(message, signature, publicKey);
    if (multi[0] === 1 && signature.length === 64) return sr25519Verify(message, signature, publicKey);
  } catch {
    return false;
  }
  return false;
}

/** A call as the staking rules take it (section/method camelCase, args camelCase plain values). */
export function decodeCall(method: GenericExtrinsic['method']): DecodedCall {
  const args: Record<string, unknown> = {};
  const names = method.meta.fields.map((f) => stringCamelCase(f.name.unwrapOr('').toString()));
  method.args.forEach((arg, i) => {
    args[names[i]!] = toPlain(arg);
  });
  return { section: method.section, method: method.method, args };
}

/** Codec → plain value: AccountId as hex, ints up to 32 bits as number, larger as bigint, Option as value | null. */
export function toPlain(codec: Codec): unknown {
  const raw = codec.toRawType();
  if (raw === 'AccountId' || raw === 'AccountId32' || /AccountId/.test(codec.constructor.name)) return codec.toHex();
  if (raw === 'bool') return codec.toJSON();
  const c = codec as Codec & Record<string, unknown>;
  if (typeof c['isSome'] === 'boolean' && typeof c['unwrap'] === 'function' && raw.startsWith('Option<')) {
    return c['isSome'] ? toPlain((c['unwrap'] as () => Codec)()) : null;
  }
  if (raw.startsWith('Compact<')) return toPlain((c['unwrap'] as () => Codec)());
  if (/^[ui](8|16|32)$/.test(raw)) return (c['toNumber'] as () => number)();
  if (/^[ui](64|128|256)$/.test(raw)) return (c['toBigInt'] as () => bigint)();
  if (raw.includes('"Address32"') && typeof c['type'] === 'string') {
    // MultiAddress: only the Id variant is an account the rules can use.
    return c['type'] === 'Id' ? (c['value'] as Codec).toHex() : { [c['type'] as string]: (c['value'] as Codec).toHex() };
  }
  // A nested call (batch_all's `calls`): decoded the way the top-level call is.
  if (c['callIndex'] instanceof Uint8Array && typeof c['section'] === 'string' && typeof c['method'] === 'string' && 'meta' in c) {
    return decodeCall(codec as unknown as GenericExtrinsic['method']);
  }
  if (Array.isArray(codec)) return (codec as unknown as Codec[]).map(toPlain);
  if (isU8a(codec)) return u8aToHex(codec);
  return codec.toJSON();
}
