/**
 * Runtime-API definitions for subtensor (spec §15). Metadata v15 carries them (the devnet serves
 * v15); v14 chains do not, so they are declared here for ApiPromise's `runtime:` and `types:`
 * options. Calls are made with one `state_call` at an explicit block hash, encoding the
 * parameters and decoding the result with the registry, so reads pin one block.
 */
import type { ApiPromise } from '@polkadot/api';
import type { ProviderInterface } from '@polkadot/rpc-provider/types';
import type { DefinitionsCall, RegistryTypes } from '@polkadot/types/types';
import type { Codec } from '@polkadot/types/types';
import { hexToU8a, u8aConcat, u8aToHex } from '@polkadot/util';
import { blake2AsHex } from '@polkadot/util-crypto';
import { WalletError } from '../protocol/errors.ts';

/** Type names are prefixed so they cannot collide with polkadot.js's own known types. */
export const SUBTENSOR_TYPES: RegistryTypes = {
  /** substrate_fixed FixedI128<U32>: the raw bits. */
  SubtensorI96F32: { bits: 'i128' },
  SubtensorSubnetIdentityV3: {
    subnet_name: 'Bytes', github_repo: 'Bytes', subnet_contact: 'Bytes', subnet_url: 'Bytes',
    discord: 'Bytes', description: 'Bytes', logo_url: 'Bytes', additional: 'Bytes',
  },
  SubtensorDynamicInfo: {
    netuid: 'Compact<u16>', owner_hotkey: 'AccountId32', owner_coldkey: 'AccountId32',
    subnet_name: 'Vec<Compact<u8>>', token_symbol: 'Vec<Compact<u8>>', tempo: 'Compact<u16>',
    last_step: 'Compact<u64>', blocks_since_last_step: 'Compact<u64>', emission: 'Compact<u64>',
    alpha_in: 'Compact<u64>', alpha_out: 'Compact<u64>', tao_in: 'Compact<u64>',
    alpha_out_emission: 'Compact<u64>', alpha_in_emission: 'Compact<u64>', tao_in_emission: 'Compact<u64>',
    pending_alpha_emission: 'Compact<u64>', pending_root_emission: 'Compact<u64>', subnet_volume: 'Compact<u128>',
    network_registered_at: 'Compact<u64>', subnet_identity: 'Option<SubtensorSubnetIdentityV3>', moving_price: 'SubtensorI96F32',
  },
  SubtensorStakeInfo: {
    hotkey: 'AccountId32', coldkey: 'AccountId32', netuid: 'Compact<u16>', stake: 'Compact<u64>', locked: 'Compact<u64>',
    emission: 'Compact<u64>', tao_emission: 'Compact<u64>', drain: 'Compact<u64>', is_registered: 'bool',
  },
  SubtensorDelegateInfo: {
    delegate_ss58: 'AccountId32', take: 'Compact<u16>', nominators: 'Vec<(AccountId32, Vec<(Compact<u16>, Compact<u64>)>)>',
    owner_ss58: 'AccountId32', registrations: 'Vec<Compact<u16>>', validator_permits: 'Vec<Compact<u16>>',
    return_per_1000: 'Compact<u64>', total_daily_return: 'Compact<u64>',
  },
  SubtensorSimSwapResult: { tao_amount: 'u64', alpha_amount: 'u64', tao_fee: 'u64', alpha_fee: 'u64', tao_slippage: 'u64', alpha_slippage: 'u64' },
  SubtensorSubnetPrice: { netuid: 'u16', price: 'u64' },
};

type MethodDefs = Record<string, { description: string; params: { name: string; type: string }[]; type: string }>;

const SWAP_METHODS: MethodDefs = {
  current_alpha_price: { description: 'Spot price, rao per alpha', params: [{ name: 'netuid', type: 'u16' }], type: 'u64' },
  current_alpha_price_all: { description: 'Spot prices of every subnet', params: [], type: 'Vec<SubtensorSubnetPrice>' },
  sim_swap_tao_for_alpha: { description: 'Simulates a buy', params: [{ name: 'netuid', type: 'u16' }, { name: 'tao', type: 'u64' }], type: 'SubtensorSimSwapResult' },
  sim_swap_alpha_for_tao: { description: 'Simulates a sell', params: [{ name: 'netuid', type: 'u16' }, { name: 'alpha', type: 'u64' }], type: 'SubtensorSimSwapResult' },
};
const SUBNET_INFO_METHODS: MethodDefs = {
  get_dynamic_info: { description: 'One subnet', params: [{ name: 'netuid', type: 'u16' }], type: 'Option<SubtensorDynamicInfo>' },
  get_all_dynamic_info: { description: 'Every subnet', params: [], type: 'Vec<Option<SubtensorDynamicInfo>>' },
};
const STAKE_INFO_METHODS: MethodDefs = {
  get_stake_info_for_coldkey: { description: 'Stake of a coldkey', params: [{ name: 'coldkey_account', type: 'AccountId32' }], type: 'Vec<SubtensorStakeInfo>' },
  get_stake_info_for_coldkeys: { description: 'Stake of coldkeys', params: [{ name: 'coldkey_accounts', type: 'Vec<AccountId32>' }], type: 'Vec<(AccountId32, Vec<SubtensorStakeInfo>)>' },
  get_stake_info_for_hotkey_coldkey_netuid: {
    description: 'One position',
    params: [{ name: 'hotkey_account', type: 'AccountId32' }, { name: 'coldkey_account', type: 'AccountId32' }, { name: 'netuid', type: 'u16' }],
    type: 'Option<SubtensorStakeInfo>',
  },
};
const DELEGATE_INFO_METHODS: MethodDefs = {
  get_delegates: { description: 'Every delegate', params: [], type: 'Vec<SubtensorDelegateInfo>' },
  get_delegate: { description: 'One delegate', params: [{ name: 'delegate_account', type: 'AccountId32' }], type: 'Option<SubtensorDelegateInfo>' },
  get_delegated: { description: 'Delegations of a coldkey', params: [{ name: 'delegatee_account', type: 'AccountId32' }], type: 'Vec<(SubtensorDelegateInfo, (Compact<u16>, Compact<u64>))>' },
};

/**
 * polkadot.js only decorates a definition whose version matches the one the runtime reports, so
 * each API is declared at versions 1 and 2 (SubnetInfoRuntimeApi is at 2 on current runtimes).
 */
const both = (methods: MethodDefs) => [{ methods, version: 1 }, { methods, version: 2 }];

export const SUBTENSOR_RUNTIME: DefinitionsCall = {
  SwapRuntimeApi: both(SWAP_METHODS),
  SubnetInfoRuntimeApi: both(SUBNET_INFO_METHODS),
  StakeInfoRuntimeApi: both(STAKE_INFO_METHODS),
  DelegateInfoRuntimeApi: both(DELEGATE_INFO_METHODS),
};

const FALLBACK_DEFS: Record<string, MethodDefs> = {
  SwapRuntimeApi: SWAP_METHODS,
  SubnetInfoRuntimeApi: SUBNET_INFO_METHODS,
  StakeInfoRuntimeApi: STAKE_INFO_METHODS,
  DelegateInfoRuntimeApi: DELEGATE_INFO_METHODS,
};

/**
 * Subtensor's custom transaction extensions (spec §14): all zero-sized except the fee wrapper,
 * which carries the tip like ChargeTransactionPayment. Declared so polkadot.js encodes them
 * without guessing.
 */
export const SUBTENSOR_SIGNED_EXTENSIONS = {
  ChargeTransactionPaymentWrapper: { extrinsic: { tip: 'Compact<Balance>' }, payload: {} },
  SubtensorSignedExtension: { extrinsic: {}, payload: {} },
  CommitmentsSignedExtension: { extrinsic: {}, payload: {} },
  SudoTransactionExtension: { extrinsic: {}, payload: {} },
  CheckShieldedTxValidity: { extrinsic: {}, payload: {} },
  SubtensorTransactionExtension: { extrinsic: {}, payload: {} },
  DrandPriority: { extrinsic: {}, payload: {} },
};

export interface RuntimeCallDef {
  params: { name: string; type: string }[];
  type: string;
}

const camel = (s: string) => s.replace(/_([a-z0-9])/g, (_m, c: string) => c.toUpperCase());
const lowerFirst = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);

/**
 * The definition of `apiName.method`: from the decorated `api.call` (metadata v15, or the
 * `runtime:` option when the version matched), else from the hand-written table.
 */
export function runtimeCallDef(api: ApiPromise, apiName: string, method: string): RuntimeCallDef | undefined {
  const section = (api.call as unknown as Record<string, Record<string, { meta?: { params: { name: unknown; type: unknown }[]; type: unknown } }> | undefined>)[lowerFirst(apiName)];
  const decorated = section?.[camel(method)]?.meta;
  if (decorated) {
    return { params: decorated.params.map((p) => ({ name: String(p.name), type: String(p.type) })), type: String(decorated.type) };
  }
  return FALLBACK_DEFS[apiName]?.[method];
}

/** True when the runtime's version lists this API (by its blake2_64 id). */
export function hasRuntimeApi(api: ApiPromise, apiName: string): boolean {
  const id = blake2AsHex(apiName, 64);
  return api.runtimeVersion.apis.some(([apiId]) => apiId.toHex() === id);
}

/** Encodes the parameters of a runtime call as `state_call` expects them (concatenated SCALE). */
export function encodeRuntimeArgs(api: ApiPromise, def: RuntimeCallDef, args: unknown[]): Uint8Array {
  if (args.length !== def.params.length) throw new WalletError('Internal', `runtime call expects ${def.params.length} arguments`);
  return u8aConcat(...def.params.map((p, i) => api.registry.createType(p.type, args[i]).toU8a()));
}

/**
 * The api's JSON-RPC provider, for raw requests whose answers the wallet decodes itself
 * (state_queryStorageAt, state_getStorage at a hash). ApiPromise keeps it on its rpc core and
 * has no public getter.
 */
export function providerOf(api: ApiPromise): ProviderInterface {
  return (api as unknown as { _rpcCore: { provider: ProviderInterface } })._rpcCore.provider;
}

/** `state_call` of `apiName_method` at a block hash, decoded with the result type. One request. */
export async function callRuntime<T extends Codec = Codec>(api: ApiPromise, apiName: string, method: string, args: unknown[], at: string): Promise<T> {
  const def = runtimeCallDef(api, apiName, method);
  if (!def) throw new WalletError('Unsupported', `This runtime does not offer ${apiName}.${method}`);
  const data = encodeRuntimeArgs(api, def, args);
  const raw = (await providerOf(api).send('state_call', [`${apiName}_${method}`, u8aToHex(data), at])) as string;
  return api.registry.createType(def.type, hexToU8a(raw)) as unknown as T;
}
