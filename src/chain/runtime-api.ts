/**
 * Runtime-API definitions for subtensor (spec §15). Metadata v15 carries them (the devnet serves
 * v15) and is then the only source of which methods exist and their types; v14 chains do not,
 * so the wallet's expected signatures are declared here for ApiPromise's `runtime:` and
 * `types:` options and as the reference a v15 declaration is checked against. Calls are made with one `state_call` at an explicit block hash, encoding the
 * parameters and decoding the result with the registry, so reads pin one block.
 */
import type { ApiPromise } from '@polkadot/api';
import type { ProviderInterface } from '@polkadot/rpc-provider/types';
import { TypeDefInfo } from '@polkadot/types';
import { getTypeDef } from '@polkadot/types/create';
import type { Codec, DefinitionsCall, Registry, RegistryTypes, TypeDef } from '@polkadot/types/types';
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

/**
 * The structure of a type as its SCALE bytes (and the wallet's field reads) see it, so the
 * metadata's declaration and the wallet's expectation can be compared whatever each calls its
 * types: one-field structs are transparent (a `TaoCurrency(u64)` newtype reads as u64), field
 * names are compared without case or underscores (the wallet reads `tao_amount` or
 * `taoAmount`), and named types are expanded through the registry.
 */
export function typeShape(registry: Registry, type: string): string {
  return shapeOf(registry, getTypeDef(type), 0);
}

const PLAIN_SHAPES: Record<string, string> = {
  AccountId32: '[u8;32]', AccountId: '[u8;32]', H256: '[u8;32]', Hash: '[u8;32]',
  Bytes: 'Vec<u8>', Text: 'Vec<u8>', Str: 'Vec<u8>', Null: '()',
};
const PRIMITIVE = /^(u|i)(8|16|32|64|128|256)$|^bool$|^char$/;

function shapeOf(registry: Registry, def: TypeDef, depth: number): string {
  if (depth > 24) return '…'; // recursive types: deep enough to tell signatures apart
  const sub = (d: TypeDef | TypeDef[] | undefined): TypeDef[] => (d === undefined ? [] : Array.isArray(d) ? d : [d]);
  const inner = (d: TypeDef) => shapeOf(registry, d, depth + 1);
  switch (def.info) {
    case TypeDefInfo.Si:
      return inner(registry.lookup.getTypeDef(def.lookupIndex ?? Number(/\d+$/.exec(def.type)?.[0] ?? -1)));
    case TypeDefInfo.Plain: {
      const name = def.type;
      if (PRIMITIVE.test(name)) return name;
      if (PLAIN_SHAPES[name]) return PLAIN_SHAPES[name];
      const lookup = /^Lookup(\d+)$/.exec(name);
      if (lookup) return inner(registry.lookup.getTypeDef(Number(lookup[1])));
      const definition = registry.getDefinition(name);
      return definition && definition !== name ? inner(getTypeDef(definition)) : name;
    }
    case TypeDefInfo.Null:
      return '()';
    case TypeDefInfo.Compact:
      return `Compact<${inner(sub(def.sub)[0]!)}>`;
    case TypeDefInfo.Vec:
      return `Vec<${inner(sub(def.sub)[0]!)}>`;
    case TypeDefInfo.VecFixed:
      return `[${inner(sub(def.sub)[0]!)};${def.length ?? 0}]`;
    case TypeDefInfo.Option:
      return `Option<${inner(sub(def.sub)[0]!)}>`;
    case TypeDefInfo.Result:
      return `Result<${sub(def.sub).map(inner).join(',')}>`;
    case TypeDefInfo.Tuple:
      return `(${sub(def.sub).map(inner).join(',')})`;
    case TypeDefInfo.Struct: {
      const fields = sub(def.sub);
      if (fields.length === 1) return inner(fields[0]!);
      return `{${fields.map((f) => `${(f.name ?? '').replace(/_/g, '').toLowerCase()}:${inner(f)}`).join(',')}}`;
    }
    case TypeDefInfo.Enum:
      return `enum{${sub(def.sub).map((v, i) => `${v.index ?? i}:${v.info === TypeDefInfo.Null ? '()' : inner(v)}`).join('|')}}`;
    case TypeDefInfo.Int:
    case TypeDefInfo.UInt:
      return `${def.info === TypeDefInfo.Int ? 'i' : 'u'}${def.length ?? 0}`;
    default:
      return `${TypeDefInfo[def.info]}<${def.type}>`;
  }
}

/** Why the metadata's declaration cannot be used with the wallet's decoding, or null when it can. */
export function signatureMismatch(registry: Registry, declared: RuntimeCallDef, expected: RuntimeCallDef): string | null {
  if (declared.params.length !== expected.params.length) {
    return `takes ${declared.params.length} parameters, the wallet passes ${expected.params.length}`;
  }
  for (let i = 0; i < expected.params.length; i++) {
    const got = typeShape(registry, declared.params[i]!.type);
    const want = typeShape(registry, expected.params[i]!.type);
    if (got !== want) return `parameter ${i + 1} (${expected.params[i]!.name}) is ${got}, the wallet encodes ${want}`;
  }
  const got = typeShape(registry, declared.type);
  const want = typeShape(registry, expected.type);
  return got === want ? null : `returns ${got}, the wallet decodes ${want}`;
}

/** What the runtime's metadata says about one method, if the metadata carries runtime APIs (v15+). */
function declaredInMetadata(registry: Registry, apiName: string, method: string): RuntimeCallDef | null | 'no-apis' {
  const apis = registry.metadata.apis;
  if (!apis || apis.length === 0) return 'no-apis';
  const api = apis.find((a) => a.name.toString() === apiName);
  const m = api?.methods.find((x) => x.name.toString() === method);
  if (!m) return null;
  return {
    params: m.inputs.map((p) => ({ name: p.name.toString(), type: registry.createLookupType(p.type) })),
    type: registry.createLookupType(m.output),
  };
}

/**
 * Resolutions per registry and metadata (one runtime): the signature check walks whole type
 * trees, and the snapshot calls some methods every block. A runtime upgrade may set new
 * metadata on the same registry, so the metadata object is part of the key. A mismatch is
 * logged once per runtime, not once per block.
 */
const resolved = new WeakMap<Registry, { metadata: unknown; defs: Map<string, RuntimeCallDef | undefined> }>();

function cacheOf(registry: Registry): Map<string, RuntimeCallDef | undefined> {
  const metadata = registry.metadata;
  let entry = resolved.get(registry);
  if (!entry || entry.metadata !== metadata) {
    entry = { metadata, defs: new Map() };
    resolved.set(registry, entry);
  }
  return entry.defs;
}

/**
 * The definition of `apiName.method`, or undefined when the wallet must not call it.
 *
 * Metadata v15+ lists the runtime's APIs and their methods: it is the only authority. A method
 * it does not list is absent from this runtime (spec 293 serves only `current_alpha_price` of
 * SwapRuntimeApi) and is never called; a method it lists with another signature than the one
 * the wallet decodes is skipped with a logged reason rather than decoded into nonsense. For v14
 * metadata, which cannot list methods, the api's decorations (version-matched definitions) are
 * used, else the hand-written table, and then only for an API the runtime version lists.
 */
export function resolveRuntimeCall(registry: Registry, apiName: string, method: string, v14: V14Sources): RuntimeCallDef | undefined {
  const expected = FALLBACK_DEFS[apiName]?.[method];
  const declared = declaredInMetadata(registry, apiName, method);
  // v14: no list to cache; the version's API list and the api's decorations are cheap to ask.
  if (declared === 'no-apis') return v14.decorated?.() ?? (expected && v14.versionListsApi() ? expected : undefined);
  const cache = cacheOf(registry);
  const key = `${apiName}.${method}`;
  if (cache.has(key)) return cache.get(key);
  const def = checkedDeclaration(registry, key, declared, expected);
  cache.set(key, def);
  return def;
}

function checkedDeclaration(registry: Registry, key: string, declared: RuntimeCallDef | null, expected: RuntimeCallDef | undefined): RuntimeCallDef | undefined {
  if (declared === null) return undefined;
  if (expected) {
    let problem: string | null;
    try {
      problem = signatureMismatch(registry, declared, expected);
    } catch (e) {
      problem = `its types cannot be read (${e instanceof Error ? e.message.slice(0, 120) : 'unknown'})`;
    }
    if (problem) {
      // Only method names and type shapes: nothing about accounts or keys.
      console.warn(`[runtime-api] ${key} skipped: the runtime's metadata declares another signature (${problem})`);
      return undefined;
    }
  }
  return declared;
}

/**
 * Where a definition can come from when the metadata (v14) lists no APIs: the runtime version's
 * API list (by id, no methods) and the api's own decorations, which polkadot.js builds from its
 * known definitions and the wallet's `runtime:` option for the API versions the runtime reports.
 */
export interface V14Sources {
  versionListsApi: () => boolean;
  decorated?: () => RuntimeCallDef | undefined;
}

const camel = (s: string) => s.replace(/_([a-z0-9])/g, (_m, c: string) => c.toUpperCase());
const lowerFirst = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);

function decoratedDef(api: ApiPromise, apiName: string, method: string): RuntimeCallDef | undefined {
  const section = (api.call as unknown as Record<string, Record<string, { meta?: { params: { name: unknown; type: unknown }[]; type: unknown } }> | undefined>)[lowerFirst(apiName)];
  const meta = section?.[camel(method)]?.meta;
  return meta ? { params: meta.params.map((p) => ({ name: String(p.name), type: String(p.type) })), type: String(meta.type) } : undefined;
}

export function runtimeCallDef(api: ApiPromise, apiName: string, method: string): RuntimeCallDef | undefined {
  return resolveRuntimeCall(api.registry, apiName, method, { versionListsApi: () => hasRuntimeApi(api, apiName), decorated: () => decoratedDef(api, apiName, method) });
}

/** True when the wallet may call `apiName.method` on this runtime (see resolveRuntimeCall). */
export function canCallRuntime(api: ApiPromise, apiName: string, method: string): boolean {
  return runtimeCallDef(api, apiName, method) !== undefined;
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
