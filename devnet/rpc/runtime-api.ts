/**
 * `state_call`: runtime APIs. Parameters are decoded and results encoded with the types the v15
 * metadata declares for each method (devnet/metadata/generate.ts), so what @polkadot/api's
 * `api.call.*` sends and expects is exactly what this answers. The answers come from the staking
 * rules' read-only queries (devnet/state/queries.ts) on the state of the block asked about.
 */
import { compactToU8a, hexToU8a, stringToU8a, u8aConcat, u8aToHex } from '@polkadot/util';
import type { Codec } from '@polkadot/types/types';
import type { DevnetMetadata } from '../metadata/load.ts';
import type { AccountId } from '../state/types.ts';
import * as queries from '../state/queries.ts';
import { stakeAvailability } from '../state/locks.ts';
import { basketPayout, claimPreview, claimPreviews } from '../state/root-claims.ts';
import { feeDetails } from '../state/fees.ts';
import type { BlockRecord, Chain } from './blocks.ts';
import { RpcError, STATE_CALL_FAILED, invalidParams } from './errors.ts';
import { decodeCall, decodeExtrinsic, toPlain, verifyExtrinsic } from './extrinsic.ts';
import type { Hex } from './storage.ts';

interface MethodDecl {
  inputs: number[];
  output: number;
}

type Handler = (args: Codec[], at: BlockRecord, chain: Chain) => unknown;

const plain = (c: Codec | undefined): unknown => (c === undefined ? undefined : toPlain(c));
const account = (c: Codec | undefined): AccountId => c!.toHex() as AccountId;
const num = (c: Codec | undefined): number => Number(toPlain(c!));
const big = (c: Codec | undefined): bigint => BigInt(toPlain(c!) as bigint);

function bytesOf(text: string): number[] {
  return [...stringToU8a(text)];
}

function encodeDynamicInfo(d: queries.DynamicInfo | undefined): unknown {
  if (d === undefined) return null;
  const identity = d.subnetIdentity === null ? null : Object.fromEntries(Object.entries(d.subnetIdentity).map(([k, v]) => [k, bytesOf(v)]));
  return { ...d, subnetName: bytesOf(d.subnetName), tokenSymbol: bytesOf(d.tokenSymbol), subnetIdentity: identity, movingPrice: { bits: d.movingPrice } };
}

/**
 * `get_stake_availability_for_coldkeys` for one coldkey: every subnet (or the requested ones)
 * where it holds alpha or a lock; an empty request or one longer than the subnet count gives an
 * empty map, as on chain.
 */
function availabilityOf(at: BlockRecord, coldkey: AccountId, netuids: number[] | null): Map<number, { total: bigint; locked: bigint; available: bigint }> {
  const existing = [...at.state.subnets.keys()];
  if (netuids !== null && (netuids.length === 0 || netuids.length > existing.length)) return new Map();
  const wanted = netuids === null ? existing : [...new Set(netuids)].filter((n) => at.state.subnets.has(n)).sort((a, b) => a - b);
  const out = new Map<number, { total: bigint; locked: bigint; available: bigint }>();
  for (const n of wanted) {
    const a = stakeAvailability(at.state, coldkey, n);
    if (a.total > 0n || a.locked > 0n) out.set(n, a);
  }
  return out;
}

/** Runtime-API implementations, keyed `Api_method` as in `state_call`. */
const HANDLERS: Record<string, Handler> = {
  AccountNonceApi_account_nonce: ([who], at) => at.state.accounts.get(account(who))?.nonce ?? 0,

  SwapRuntimeApi_current_alpha_price: ([netuid], at) => queries.alphaPrice(at.state, num(netuid)),
  SwapRuntimeApi_current_alpha_price_all: (_, at) => queries.alphaPriceAll(at.state),
  SwapRuntimeApi_sim_swap_tao_for_alpha: ([netuid, tao], at) => queries.simSwapTaoForAlpha(at.state, num(netuid), big(tao)),
  SwapRuntimeApi_sim_swap_alpha_for_tao: ([netuid, alpha], at) => queries.simSwapAlphaForTao(at.state, num(netuid), big(alpha)),

  SubnetInfoRuntimeApi_get_dynamic_info: ([netuid], at) => encodeDynamicInfo(queries.dynamicInfo(at.state, num(netuid))),
  SubnetInfoRuntimeApi_get_all_dynamic_info: (_, at) => queries.allDynamicInfo(at.state).map(encodeDynamicInfo),

  StakeInfoRuntimeApi_get_stake_info_for_coldkey: ([coldkey], at) => queries.stakeInfoForColdkey(at.state, account(coldkey)),
  StakeInfoRuntimeApi_get_stake_info_for_coldkeys: ([coldkeys], at) =>
    (plain(coldkeys) as AccountId[]).map((c) => [c, queries.stakeInfoForColdkey(at.state, c)]),
  StakeInfoRuntimeApi_get_stake_info_for_hotkey_coldkey_netuid: ([hotkey, coldkey, netuid], at) =>
    queries.stakeInfoFor(at.state, account(hotkey), account(coldkey), num(netuid)) ?? null,

  StakeInfoRuntimeApi_get_stake_availability_for_coldkeys: ([coldkeys, netuids], at) =>
    // A BTreeMap encodes as its (key, value) pairs in key order.
    [...new Set(plain(coldkeys) as AccountId[])].sort().map((c) => [c, [...availabilityOf(at, c, plain(netuids) as number[] | null)]]),

  BetaBasketRuntimeApi_get_root_basket_owed: ([coldkey], at) => claimPreviews(at.state, account(coldkey)).reduce((s, p) => s + p.redeemableTao, 0n),
  BetaBasketRuntimeApi_get_basket_payout: ([hotkey, coldkey], at) => basketPayout(at.state, account(hotkey), account(coldkey)),
  BetaBasketRuntimeApi_get_root_basket_positions: ([coldkey], at) =>
    claimPreviews(at.state, account(coldkey)).map((p) => [p.hotkey, p.owedShares, p.redeemableTao]),
  BetaBasketRuntimeApi_get_basket_claim_preview: ([hotkey, coldkey], at) => claimPreview(at.state, account(hotkey), account(coldkey)) ?? null,
  BetaBasketRuntimeApi_get_root_basket_claim_previews: ([coldkey], at) => claimPreviews(at.state, account(coldkey)),

  DelegateInfoRuntimeApi_get_delegates: (_, at) => queries.delegates(at.state),
  DelegateInfoRuntimeApi_get_delegate: ([who], at) => queries.delegateInfo(at.state, account(who)) ?? null,
  DelegateInfoRuntimeApi_get_delegated: ([who], at) => queries.delegated(at.state, account(who)),
};

export class RuntimeApi {
  private readonly methods = new Map<string, MethodDecl>();

  constructor(private readonly meta: DevnetMetadata) {
    for (const api of meta.metadata.asLatest.apis) {
      for (const m of api.methods) {
        this.methods.set(`${api.name.toString()}_${m.name.toString()}`, {
          inputs: m.inputs.map((i) => i.type.toNumber()),
          output: m.output.toNumber(),
        });
      }
    }
  }

  /** Answers `state_call(name, data)` at block `at` with the SCALE-encoded result. */
  call(chain: Chain, name: string, data: string, at: BlockRecord): Hex {
    const decl = this.methods.get(name);
    if (!decl) throw new RpcError(STATE_CALL_FAILED, `Client error: Execution failed: Other: Exported method ${name} is not found`);
    const input = hexToU8a(data);
    const special = this.specialCall(chain, name, input, at);
    if (special instanceof RawAnswer) return u8aToHex(special.bytes);
    if (special !== NOT_SPECIAL) return u8aToHex(this.meta.encode(decl.output, special));
    const args: Codec[] = [];
    let offset = 0;
    try {
      for (const type of decl.inputs) {
        const value = this.meta.decode(type, input.subarray(offset));
        offset += value.encodedLength;
        args.push(value);
      }
    } catch (e) {
      throw badInput(name, (e as Error).message);
    }
    if (offset !== input.length) throw badInput(name, 'trailing bytes');
    const handler = HANDLERS[name];
    if (!handler) throw new RpcError(STATE_CALL_FAILED, `Client error: Execution failed: Other: ${name} is not implemented by the devnet`);
    return u8aToHex(this.meta.encode(decl.output, handler(args, at, chain)));
  }

  /** Methods whose input needs the extrinsic decoder or whose answer is the metadata itself. */
  private specialCall(chain: Chain, name: string, input: Uint8Array, at: BlockRecord): unknown {
    const meta = this.meta;
    switch (name) {
      case 'Core_version': {
        const v = meta.runtimeVersion;
        return { ...v, apis: v.apis.map(([id, version]) => [id, version]) };
      }
      case 'Metadata_metadata':
        return new RawAnswer(u8aConcat(compactToU8a(meta.bytes.length), meta.bytes));
      case 'Metadata_metadata_versions':
        // Only v15 is served: the devnet additions have no v14 form.
        return [15];
      case 'Metadata_metadata_at_version': {
        if (input.length !== 4) throw badInput(name, 'expected u32');
        const version = new DataView(input.buffer, input.byteOffset).getUint32(0, true);
        return new RawAnswer(version === 15 ? u8aConcat(new Uint8Array([1]), compactToU8a(meta.bytes.length), meta.bytes) : new Uint8Array([0]));
      }
      case 'TransactionPaymentApi_query_info':
      case 'TransactionPaymentApi_query_fee_details': {
        const { ext, len } = splitExtrinsicAndLen(meta, input);
        const d = feeDetails(len, decodeCall(ext.method));
        if (name === 'TransactionPaymentApi_query_info') {
          return { weight: d.weight, class: 'Normal', partialFee: d.baseFee + d.lenFee + d.adjustedWeightFee };
        }
        return { inclusionFee: { baseFee: d.baseFee, lenFee: d.lenFee, adjustedWeightFee: d.adjustedWeightFee }, tip: ext.tip.toBigInt() };
      }
      case 'TaggedTransactionQueue_validate_transaction': {
        // (source: TransactionSource (1 byte), tx: Extrinsic, block_hash: H256)
        if (input.length < 34) throw badInput(name, 'input too short');
        const { ext, bytes } = decodeExtrinsic(meta, u8aToHex(input.subarray(1, input.length - 32)));
        try {
          const checked = verifyExtrinsic(meta, { ...chain.validationContext(), state: at.state }, ext, bytes);
          const tag = (nonce: number): Hex => {
            const n = new Uint8Array(4);
            new DataView(n.buffer).setUint32(0, nonce, true);
            return u8aToHex(u8aConcat(hexToU8a(checked.signer), n));
          };
          return {
            Ok: { priority: 0n, requires: checked.nonce > 0 ? [tag(checked.nonce - 1)] : [], provides: [tag(checked.nonce)], longevity: checked.longevity, propagate: true },
          };
        } catch (e) {
          const data = (e as RpcError).data as { invalid?: Record<string, null | number>; unknown?: Record<string, null> } | undefined;
          if (typeof data?.invalid?.custom === 'number') return { Err: { Invalid: { Custom: data.invalid.custom } } };
          if (data?.invalid) return { Err: { Invalid: capitalise(Object.keys(data.invalid)[0]!) } };
          if (data?.unknown) return { Err: { Unknown: capitalise(Object.keys(data.unknown)[0]!) } };
          throw e;
        }
      }
      default:
        return NOT_SPECIAL;
    }
  }
}

const NOT_SPECIAL = Symbol('not special');

/** An answer that is already SCALE (the metadata blob: a Uint8Array would be read as encoded input by @polkadot/types). */
class RawAnswer {
  constructor(readonly bytes: Uint8Array) {}
}

function badInput(name: string, why: string): RpcError {
  return new RpcError(STATE_CALL_FAILED, `Client error: Execution failed: Runtime panicked: Bad input data provided to ${name}: ${why}`);
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** TransactionPaymentApi input: an encoded extrinsic (with its length prefix) then `len: u32`. */
function splitExtrinsicAndLen(meta: DevnetMetadata, input: Uint8Array) {
  if (input.length < 5) throw invalidParams('TransactionPaymentApi input too short');
  const len = new DataView(input.buffer, input.byteOffset).getUint32(input.length - 4, true);
  const { ext } = decodeExtrinsic(meta, u8aToHex(input.subarray(0, input.length - 4)));
  return { ext, len };
}

