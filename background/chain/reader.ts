/**
 * Reads everything a snapshot needs at ONE block hash in as few JSON-RPC requests as possible:
 * one `state_queryStorageAt` for every per-subnet storage value and the account, plus one
 * `state_call` each for get_all_dynamic_info and get_stake_info_for_coldkey, all sent together.
 * The netuid list comes from the previous snapshot; only when the chain gained a subnet does a
 * second storage query follow. Values are decoded with the live metadata's types.
 */
import type { ApiPromise } from '@polkadot/api';
import type { Codec } from '@polkadot/types/types';
import type { StorageEntryMetadataLatest } from '@polkadot/types/interfaces';
import { hexToU8a, u8aToString } from '@polkadot/util';
import { decodeAddress, encodeAddress } from '@polkadot/util-crypto';
import { swapStorageFor, type PoolModel, type SwapRules } from '../../src/amm/index.ts';
import type { LocksView, NetworkId, RootClaimsView, RootClaimView, Snapshot, ValidatorView } from '../../src/protocol/chain.ts';
import { hasCall, stakingFeatures } from '../../src/chain/calls.ts';
import { hasStakeAvailabilityApi, lockStorageKeys, readLocks } from './locks.ts';
import { readRootClaims, rootClaimSource, rootClaimStorageKeys } from './root-claims.ts';
import { callRuntime, canCallRuntime, providerOf } from '../../src/chain/runtime-api.ts';
import {
  assembleSnapshot, DEFAULT_FEE_RATE, DEFAULT_QUOTE_WEIGHT, poolModelFromStorage, SNAPSHOT_DEFAULTS, swapRulesFromStorage,
  type RawDynamicInfo, type RawStake, type RawSubnet,
} from '../../src/chain/snapshot.ts';

type Entry = { key: (...args: unknown[]) => string; creator: { meta: StorageEntryMetadataLatest } };

/** The storage entry `pallet.item` (camelCase names as polkadot.js decorates them), or undefined. */
export function entry(api: ApiPromise, pallet: string, item: string): Entry | undefined {
  const section = (api.query as unknown as Record<string, Record<string, Entry> | undefined>)[pallet];
  return section?.[item];
}

/** Decodes a raw storage value (or its absence) with the entry's type, applying the metadata default. */
export function decodeStorage(api: ApiPromise, e: Entry, data: string | null): Codec {
  const meta = e.creator.meta;
  const typeId = meta.type.isPlain ? meta.type.asPlain : meta.type.asMap.value;
  const type = api.registry.createLookupType(typeId);
  if (data === null) {
    if (meta.modifier.isOptional) return api.registry.createType(`Option<${type}>`);
    return api.registry.createType(type, meta.fallback.toU8a(true));
  }
  const value = api.registry.createType(type, hexToU8a(data));
  return meta.modifier.isOptional ? api.registry.createType(`Option<${type}>`, value) : value;
}

/** state_queryStorageAt for many keys at one block: one request. Returns key -> hex | null. */
/**
 * Keys per `state_queryStorageAt`: a node or RPC provider may cap a request's key list (this
 * project's devnet does at 1,000, the size of Substrate's largest page of keys), and a
 * finney-sized chain's snapshot has more. Larger lists go as several requests sent together (one round trip).
 */
export const MAX_KEYS_PER_QUERY = 1000;

/** The number of requests queryStorageAt makes for `keyCount` keys. */
export const storageQueries = (keyCount: number): number => Math.ceil(keyCount / MAX_KEYS_PER_QUERY);

export async function queryStorageAt(api: ApiPromise, keys: string[], at: string): Promise<Map<string, string | null>> {
  const out = new Map<string, string | null>();
  const chunks = Array.from({ length: storageQueries(keys.length) }, (_, i) => keys.slice(i * MAX_KEYS_PER_QUERY, (i + 1) * MAX_KEYS_PER_QUERY));
  const results = await Promise.all(chunks.map((chunk) => providerOf(api).send('state_queryStorageAt', [chunk, at]) as Promise<{ block: string; changes: [string, string | null][] }[]>));
  for (const result of results) for (const set of result) for (const [k, v] of set.changes) out.set(k.toLowerCase(), v);
  for (const k of keys) if (!out.has(k.toLowerCase())) out.set(k.toLowerCase(), null);
  return out;
}

/** Reads a struct field by its metadata (snake_case) name or polkadot.js's camelCase name. */
export function field<T = Codec>(struct: Codec, name: string): T {
  const s = struct as unknown as { get(k: string): Codec | undefined };
  const camel = name.replace(/_([a-z0-9])/g, (_m, c: string) => c.toUpperCase());
  const v = s.get(name) ?? s.get(camel);
  if (v === undefined) throw new Error(`missing field ${name}`);
  return v as T;
}

const big = (c: Codec): bigint => BigInt((c as unknown as { toString(): string }).toString());
const num = (c: Codec): number => Number((c as unknown as { toString(): string }).toString());

/** Vec<Compact<u8>> or Bytes as text. */
function text(c: Codec): string {
  const u8a = c.toU8a(true);
  // Vec<Compact<u8>> encodes each byte as a compact; decode through the codec's JSON instead.
  const json = c.toJSON();
  if (Array.isArray(json)) return u8aToString(new Uint8Array(json.map((x) => Number(x))));
  return u8aToString(u8a);
}

/** The Swap pallet's storage item names in the live metadata; null without a Swap pallet. */
function swapStorageNames(api: ApiPromise): string[] | null {
  const swap = api.registry.metadata.pallets.find((p) => p.name.toString() === 'Swap');
  if (!swap) return null;
  return swap.storage.isSome ? swap.storage.unwrap().items.map((i) => i.name.toString()) : [];
}

export function poolModelOf(api: ApiPromise): PoolModel {
  return poolModelFromStorage(swapStorageNames(api));
}

/** The staking rules around the pool, from the same storage names and Swap.FeeRate's declared default (never the spec version). */
export function swapRulesOf(api: ApiPromise): SwapRules {
  return swapRulesFromStorage(swapStorageNames(api), feeRateDefaultOf(api));
}

/** `Swap.FeeRate`'s declared default (its metadata fallback, a little-endian u16), if the runtime has the item. */
function feeRateDefaultOf(api: ApiPromise): number | undefined {
  const swap = api.registry.metadata.pallets.find((p) => p.name.toString() === 'Swap');
  const item = swap?.storage.isSome ? swap.storage.unwrap().items.find((i) => i.name.toString() === 'FeeRate') : undefined;
  if (!item) return undefined;
  const bytes = item.fallback.toU8a(true);
  return bytes.length === 2 ? bytes[0]! | (bytes[1]! << 8) : undefined;
}

export function constU64(api: ApiPromise, pallet: string, name: string, fallback: bigint): bigint {
  const c = (api.consts as unknown as Record<string, Record<string, Codec> | undefined>)[pallet]?.[name];
  return c ? big(c) : fallback;
}

export interface ReadOptions {
  network: NetworkId;
  address: string | null;
  /** Netuids of the previous snapshot: their keys go in the first storage query. */
  knownNetuids: readonly number[];
  hotkeyNames?: Record<string, string>;
  now: number;
  /** Also read the block's System.Events, in the same storage query (the wallet's staking events). */
  readEvents?: boolean;
  /**
   * Lock availability carried from an earlier snapshot instead of read (null: it had none). The
   * first read after a worker restart does this so that its prices, balance and positions come in
   * one round trip of three reads; the locks are read right after it (readLocksAt).
   */
  carriedLocks?: LocksView | null;
  /** Pools that had a superellipse curve at the previous snapshot, with their archived Balancer weight (see subnetKeys). */
  curvePools?: ReadonlyMap<number, bigint>;
  /** The account's root validators at the previous snapshot: their root-hold stamps go in the first storage query. */
  knownRootHotkeys?: readonly string[];
  /**
   * Claimable root dividends carried from an earlier snapshot instead of asked of the runtime:
   * they change once per epoch, so the per-block refresh asks only every few blocks (the
   * threshold, hold and stake stamps are still read, from the storage query).
   */
  carriedRootClaims?: readonly RootClaimView[];
}

interface SubnetKeys {
  netuid: number;
  keys: Partial<Record<keyof typeof SUBNET_ITEMS, string>>;
  /** The archived Balancer weight of a pool that already had a curve (not read again). */
  archivedQuoteWeight?: bigint;
}

/** Storage items per subnet: [pallet, item]. */
const SUBNET_ITEMS = {
  taoReserve: ['subtensorModule', 'subnetTAO'],
  alphaReserve: ['subtensorModule', 'subnetAlphaIn'],
  alphaOut: ['subtensorModule', 'subnetAlphaOut'],
  mechanism: ['subtensorModule', 'subnetMechanism'],
  subtokenEnabled: ['subtensorModule', 'subtokenEnabled'],
  quoteWeight: ['swap', 'swapBalancer'],
  feeRate: ['swap', 'feeRate'],
  sqrtPrice: ['swap', 'alphaSqrtPrice'],
  liquidity: ['swap', 'currentLiquidity'],
  curve: ['swap', 'swapSuperellipse'],
  swapInitialized: ['swap', 'palSwapInitialized'],
  v3Initialized: ['swap', 'swapV3Initialized'],
} as const;

/** Swap items only some pool models use: read only when the chain's model needs them. */
const MODEL_ONLY = new Set<keyof typeof SUBNET_ITEMS>(['curve', 'swapInitialized', 'v3Initialized']);

/**
 * `archivedQuoteWeight`: the pool had a superellipse curve at the previous snapshot. A curve is
 * never removed, and the Balancer weight it was calibrated from is archived at migration (kept
 * for legacy queries, never updated), so neither SwapBalancer nor PalSwapInitialized is read
 * again: two keys fewer per pool keep a finney-sized chain (128+ subnets) within one storage query.
 */
function subnetKeys(api: ApiPromise, netuid: number, model: PoolModel, archivedQuoteWeight?: bigint): SubnetKeys {
  const keys: SubnetKeys['keys'] = {};
  const needed = swapStorageFor(model);
  const settled = model === 'superellipse' && archivedQuoteWeight !== undefined;
  for (const [name, [pallet, item]] of Object.entries(SUBNET_ITEMS) as [keyof typeof SUBNET_ITEMS, readonly [string, string]][]) {
    if (MODEL_ONLY.has(name) && !needed.includes(item[0]!.toUpperCase() + item.slice(1))) continue;
    if (settled && (name === 'quoteWeight' || name === 'swapInitialized')) continue;
    const e = entry(api, pallet, item);
    if (e) keys[name] = e.key(netuid).toLowerCase();
  }
  return settled ? { netuid, keys, archivedQuoteWeight } : { netuid, keys };
}

function decodeSubnet(api: ApiPromise, sk: SubnetKeys, values: Map<string, string | null>): RawSubnet {
  const get = (name: keyof typeof SUBNET_ITEMS): Codec | undefined => {
    const key = sk.keys[name];
    if (!key) return undefined;
    const [pallet, item] = SUBNET_ITEMS[name];
    return decodeStorage(api, entry(api, pallet, item)!, values.get(key) ?? null);
  };
  const balancer = get('quoteWeight');
  let quoteWeight = sk.archivedQuoteWeight ?? DEFAULT_QUOTE_WEIGHT;
  if (balancer) {
    // Balancer { quote: Perquintill }: one u64 whatever the field naming.
    const json = balancer.toJSON() as unknown;
    const inner = typeof json === 'object' && json !== null ? Object.values(json as Record<string, unknown>)[0] : json;
    quoteWeight = BigInt(String(inner));
  }
  const sqrt = get('sqrtPrice');
  const liq = get('liquidity');
  const subtoken = get('subtokenEnabled');
  const raw: RawSubnet = {
    netuid: sk.netuid,
    mechanism: num(get('mechanism')!),
    taoReserve: big(get('taoReserve')!),
    alphaReserve: big(get('alphaReserve')!),
    alphaOut: big(get('alphaOut')!),
    quoteWeight,
    feeRate: get('feeRate') ? num(get('feeRate')!) : DEFAULT_FEE_RATE,
    // Runtimes without the flag predate it: every subnet trades.
    subtokenEnabled: subtoken ? (subtoken as unknown as { isTrue: boolean }).isTrue : true,
  };
  if (sqrt) raw.sqrtPrice = BigInt((sqrt as unknown as { toBigInt?: () => bigint }).toBigInt?.() ?? String((sqrt.toJSON() as { bits?: unknown })?.bits ?? sqrt.toString()));
  if (liq) raw.liquidity = big(liq);
  const initialized = get('swapInitialized');
  if (initialized) raw.swapInitialized = (initialized as unknown as { isTrue: boolean }).isTrue;
  else if (sk.archivedQuoteWeight !== undefined) raw.swapInitialized = true;
  // An absent key reads as the item's default, false: a V3 pool that has never traded.
  const v3Initialized = get('v3Initialized');
  if (v3Initialized) raw.v3Initialized = (v3Initialized as unknown as { isTrue: boolean }).isTrue;
  if (sk.keys.curve) Object.assign(raw, decodeCurve(api, values.get(sk.keys.curve) ?? null));
  return raw;
}

/**
 * Swap.SwapSuperellipse[netuid] with the live metadata's type. Absent: no field (the chain builds
 * the curve on the first swap). A record the type cannot take exactly (wrong length, a decode
 * failure) is reported as curveProblem: such a pool cannot be priced, and is never quoted.
 */
export function decodeCurve(api: ApiPromise, data: string | null): Pick<RawSubnet, 'curve' | 'curveProblem'> {
  if (data === null) return {};
  const e = entry(api, 'swap', 'swapSuperellipse')!;
  const bytes = hexToU8a(data);
  try {
    const option = decodeStorage(api, e, data) as unknown as { isSome: boolean; unwrap(): Codec };
    const curve = option.unwrap();
    if (curve.encodedLength !== bytes.length) return { curveProblem: `the record is ${bytes.length} bytes, its type takes ${curve.encodedLength}` };
    return { curve: { alphaScale: big(field(curve, 'alpha_scale')), taoScale: big(field(curve, 'tao_scale')), centerAlpha: big(field(curve, 'center_alpha')), centerTao: big(field(curve, 'center_tao')) } };
  } catch (err) {
    return { curveProblem: `the record does not decode (${(err as Error).message})` };
  }
}

function decodeDynamicInfo(list: Codec): RawDynamicInfo[] {
  const out: RawDynamicInfo[] = [];
  for (const opt of list as unknown as Iterable<{ isSome: boolean; unwrap(): Codec }>) {
    if (!opt.isSome) continue;
    const d = opt.unwrap();
    out.push({
      netuid: num(field(d, 'netuid')),
      name: text(field(d, 'subnet_name')),
      symbol: text(field(d, 'token_symbol')),
      taoInEmission: big(field(d, 'tao_in_emission')),
      volume: big(field(d, 'subnet_volume')),
    });
  }
  return out;
}

function decodeStakes(api: ApiPromise, list: Codec): RawStake[] {
  const ss58 = api.registry.chainSS58 ?? 42;
  const out: RawStake[] = [];
  for (const s of list as unknown as Iterable<Codec>) {
    out.push({ hotkey: encodeAddress(field(s, 'hotkey').toU8a(), ss58), netuid: num(field(s, 'netuid')), alpha: big(field(s, 'stake')) });
  }
  return out;
}

/** Netuids from NetworksAdded keys, for runtimes without get_all_dynamic_info. */
async function netuidsFromStorage(api: ApiPromise, at: string): Promise<number[]> {
  const e = entry(api, 'subtensorModule', 'networksAdded');
  if (!e) return [];
  const prefix = (e as unknown as { keyPrefix(): string }).keyPrefix();
  const keys = (await providerOf(api).send('state_getKeysPaged', [prefix, 1000, null, at])) as string[];
  // Identity hasher: the u16 netuid is the last two bytes of the key.
  return keys.map((k) => { const b = hexToU8a(k); return b[b.length - 2]! | (b[b.length - 1]! << 8); }).sort((a, b) => a - b);
}

export interface ReadResult {
  snapshot: Snapshot;
  requests: number;
  /** The block's raw System.Events when asked for (readEvents), else null. */
  eventsHex: string | null;
}

/** Reads a full snapshot at `blockHash`. */
export async function readSnapshot(api: ApiPromise, blockHash: string, blockNumber: number, opts: ReadOptions): Promise<ReadResult> {
  let requests = 0;
  const accountEntry = entry(api, 'system', 'account')!;
  const accountKey = opts.address ? accountEntry.key(opts.address).toLowerCase() : null;
  const poolModel = poolModelOf(api);
  const known = opts.knownNetuids.map((n) => subnetKeys(api, n, poolModel, opts.curvePools?.get(n)));
  const withLocks = opts.carriedLocks === undefined && chainHasLocks(api, opts.address);
  const withRootClaims = chainHasRootClaims(api, opts.address);
  const knownRootHotkeys = opts.knownRootHotkeys ?? [];
  const eventsKey = opts.readEvents ? entry(api, 'system', 'events')?.key().toLowerCase() : undefined;
  const firstKeys = [
    ...known.flatMap((k) => Object.values(k.keys)),
    ...(accountKey ? [accountKey] : []),
    ...(withLocks ? lockStorageKeys(api, opts.address!) : []),
    ...(withRootClaims ? rootClaimStorageKeys(api, opts.address!, knownRootHotkeys) : []),
    ...(eventsKey ? [eventsKey] : []),
  ];

  const hasDynamic = canCallRuntime(api, 'SubnetInfoRuntimeApi', 'get_all_dynamic_info');
  const hasStakeInfo = canCallRuntime(api, 'StakeInfoRuntimeApi', 'get_stake_info_for_coldkey');
  const dynamicP = hasDynamic ? callRuntime(api, 'SubnetInfoRuntimeApi', 'get_all_dynamic_info', [], blockHash) : null;
  const stakesP = opts.address && hasStakeInfo ? callRuntime(api, 'StakeInfoRuntimeApi', 'get_stake_info_for_coldkey', [opts.address], blockHash) : null;
  const storageP = queryStorageAt(api, firstKeys, blockHash);
  const netuidsP = hasDynamic ? null : netuidsFromStorage(api, blockHash);
  const locksP = withLocks ? readLocks(api, opts.address!, blockHash, storageP) : null;
  if (locksP) requests += 1;
  // Decoded once: the root claims need the root validators, the account all its stakes.
  const decodedStakesP = Promise.resolve(stakesP).then((raw) => (raw ? decodeStakes(api, raw) : []));
  const rootHotkeysP = decodedStakesP.then((stakes) => stakes.filter((st) => st.netuid === 0).map((st) => st.hotkey));
  const rootClaimsP = withRootClaims ? readRootClaims(api, opts.address!, blockHash, storageP, knownRootHotkeys, rootHotkeysP, opts.hotkeyNames ?? {}, opts.carriedRootClaims) : null;
  requests += (dynamicP ? 1 : 0) + (stakesP ? 1 : 0) + storageQueries(firstKeys.length) + (netuidsP ? 1 : 0);

  const [dynamicRaw, stakes, values, storageNetuids, locks, rootClaims] = await Promise.all([dynamicP, decodedStakesP, storageP, netuidsP, locksP, rootClaimsP]);
  if (rootClaims) requests += rootClaims.requests;
  const dynamicInfo = dynamicRaw ? decodeDynamicInfo(dynamicRaw) : [];
  const netuids = dynamicRaw ? dynamicInfo.map((d) => d.netuid) : (storageNetuids ?? []);
  const knownSet = new Set(opts.knownNetuids);
  const missing = netuids.filter((n) => !knownSet.has(n)).map((n) => subnetKeys(api, n, poolModel));
  if (missing.length) {
    const missingKeys = missing.flatMap((k) => Object.values(k.keys));
    requests += storageQueries(missingKeys.length);
    const more = await queryStorageAt(api, missingKeys, blockHash);
    for (const [k, v] of more) values.set(k, v);
  }
  const wanted = new Set(netuids);
  const subnets = [...known.filter((k) => wanted.has(k.netuid)), ...missing].map((sk) => decodeSubnet(api, sk, values));

  let account: { address: string; free: bigint; stakes: RawStake[] } | null = null;
  if (opts.address && accountKey) {
    const info = decodeStorage(api, accountEntry, values.get(accountKey) ?? null);
    const free = big(field(field(info, 'data'), 'free'));
    account = { address: opts.address, free, stakes };
  }

  const snapshot = assembleSnapshot({
    network: opts.network,
    genesisHash: api.genesisHash.toHex(),
    blockNumber,
    blockHash,
    specVersion: api.runtimeVersion.specVersion.toNumber(),
    poolModel,
    swapRules: swapRulesOf(api),
    constants: {
      minStake: constU64(api, 'subtensorModule', 'initialMinStake', SNAPSHOT_DEFAULTS.minStake),
      minReserve: constU64(api, 'swap', 'minimumReserve', SNAPSHOT_DEFAULTS.minReserve),
      existentialDeposit: constU64(api, 'balances', 'existentialDeposit', SNAPSHOT_DEFAULTS.existentialDeposit),
      ss58: api.registry.chainSS58 ?? 42,
    },
    subnets,
    dynamicInfo,
    account,
    ...(opts.hotkeyNames ? { hotkeyNames: opts.hotkeyNames } : {}),
    now: opts.now,
  });
  snapshot.features = stakingFeatures(api.registry, { stakeAvailability: hasStakeAvailabilityApi(api), rootClaimReads: rootClaimSource(api) !== null });
  const accountLocks = locks ?? opts.carriedLocks;
  if (accountLocks && snapshot.account) snapshot.account.locks = accountLocks;
  if (rootClaims && snapshot.account) snapshot.account.rootClaims = rootClaims.view;
  return { snapshot, requests, eventsHex: eventsKey ? (values.get(eventsKey) ?? null) : null };
}

function chainHasLocks(api: ApiPromise, address: string | null): address is string {
  return !!address && hasStakeAvailabilityApi(api) && hasCall(api.registry, 'SubtensorModule', 'lock_stake');
}

/** The account's lock availability at `blockHash` on its own (two requests), or null where the chain has no locks. */
export async function readLocksAt(api: ApiPromise, address: string | null, blockHash: string): Promise<{ locks: LocksView | null; requests: number }> {
  if (!chainHasLocks(api, address)) return { locks: null, requests: 0 };
  const locks = await readLocks(api, address, blockHash, queryStorageAt(api, lockStorageKeys(api, address), blockHash));
  return { locks, requests: 2 };
}

function chainHasRootClaims(api: ApiPromise, address: string | null): address is string {
  return !!address && rootClaimSource(api) !== null && hasCall(api.registry, 'SubtensorModule', 'claim_root_with_hotkey');
}

/** The account's root claims at `blockHash` on their own (two requests), or null where the chain has none. */
export async function readRootClaimsAt(api: ApiPromise, address: string | null, blockHash: string, rootHotkeys: readonly string[], names: Record<string, string>): Promise<RootClaimsView | null> {
  if (!chainHasRootClaims(api, address)) return null;
  const storage = queryStorageAt(api, rootClaimStorageKeys(api, address, rootHotkeys), blockHash);
  return (await readRootClaims(api, address, blockHash, storage, rootHotkeys, Promise.resolve(rootHotkeys), names)).view;
}

/** A delegate as the validator picker needs it, for every subnet at once. */
export interface DelegateEntry {
  hotkey: string;
  owner: string;
  take: number;
  registrations: number[];
  nominators: number;
  /** Total stake per netuid (alpha), summed over nominators. */
  stakeByNetuid: Map<number, bigint>;
}

/**
 * Every delegate with a display name: get_delegates (one state_call) then the owners'
 * identities in one storage query. A validator without an identity gets its short address.
 */
export async function readDelegates(api: ApiPromise, at: string): Promise<{ delegates: DelegateEntry[]; names: Record<string, string>; requests: number }> {
  const ss58 = api.registry.chainSS58 ?? 42;
  let requests = 0;
  const delegates: DelegateEntry[] = [];
  if (canCallRuntime(api, 'DelegateInfoRuntimeApi', 'get_delegates')) {
    requests++;
    const list = await callRuntime(api, 'DelegateInfoRuntimeApi', 'get_delegates', [], at);
    for (const d of list as unknown as Iterable<Codec>) {
      const stakeByNetuid = new Map<number, bigint>();
      const noms = field(d, 'nominators') as unknown as Iterable<[Codec, Iterable<[Codec, Codec]>]>;
      let count = 0;
      for (const [, stakes] of noms) {
        count++;
        for (const [n, amount] of stakes) stakeByNetuid.set(num(n), (stakeByNetuid.get(num(n)) ?? 0n) + big(amount));
      }
      delegates.push({
        hotkey: encodeAddress(field(d, 'delegate_ss58').toU8a(), ss58),
        owner: encodeAddress(field(d, 'owner_ss58').toU8a(), ss58),
        take: num(field(d, 'take')),
        registrations: [...(field(d, 'registrations') as unknown as Iterable<Codec>)].map(num),
        nominators: count,
        stakeByNetuid,
      });
    }
  }
  const read = await readIdentityNames(api, delegates.map((d) => d.owner), at);
  requests += read.requests;
  const names: Record<string, string> = {};
  for (const d of delegates) {
    const name = read.names.get(d.owner);
    if (name) names[d.hotkey] = name;
  }
  return { delegates, names, requests };
}

/** Identity storage items, newest first: a coldkey's name is taken from the first that has one. */
const IDENTITY_ITEMS = ['identitiesV2', 'identities'] as const;

/**
 * Display names of coldkeys from their on-chain identities: `SubtensorModule.IdentitiesV2`, else
 * the older `Identities` (runtimes before the V2 migration, or a coldkey not yet migrated). Every
 * key of both items goes in ONE state_queryStorageAt. Coldkeys without a (non-blank) name are
 * absent from the result.
 */
export async function readIdentityNames(api: ApiPromise, coldkeys: readonly string[], at: string): Promise<{ names: Map<string, string>; requests: number }> {
  const names = new Map<string, string>();
  const items = IDENTITY_ITEMS.map((item) => entry(api, 'subtensorModule', item)).filter((e): e is Entry => e !== undefined);
  const owners = [...new Set(coldkeys)];
  if (items.length === 0 || owners.length === 0) return { names, requests: 0 };
  const keys = owners.map((owner) => items.map((e) => e.key(owner).toLowerCase()));
  const values = await queryStorageAt(api, keys.flat(), at);
  owners.forEach((owner, i) => {
    for (const [j, e] of items.entries()) {
      const name = identityName(decodeStorage(api, e, values.get(keys[i]![j]!) ?? null));
      if (name) {
        names.set(owner, name);
        break;
      }
    }
  });
  return { names, requests: 1 };
}

/** The trimmed `name` of an `Option<ChainIdentity(V2)>`, or null when absent or blank. */
export function identityName(value: Codec): string | null {
  const option = value as unknown as { isSome: boolean; unwrap(): Codec };
  if (!option.isSome) return null;
  const name = u8aToString(field(option.unwrap(), 'name').toU8a(true)).trim();
  return name || null;
}

export function validatorsForSubnet(delegates: DelegateEntry[], names: Record<string, string>, netuid: number): ValidatorView[] {
  return delegates
    .filter((d) => d.registrations.includes(netuid) || d.stakeByNetuid.has(netuid))
    .map((d) => ({
      hotkey: d.hotkey,
      name: names[d.hotkey] ?? `${d.hotkey.slice(0, 6)}…${d.hotkey.slice(-6)}`,
      take: d.take,
      stake: (d.stakeByNetuid.get(netuid) ?? 0n).toString(),
      nominators: d.nominators,
    }))
    .sort((a, b) => (BigInt(b.stake) > BigInt(a.stake) ? 1 : BigInt(b.stake) < BigInt(a.stake) ? -1 : a.hotkey.localeCompare(b.hotkey)));
}

/** Account id bytes of any SS58/hex address (throws on garbage). */
export function accountBytes(address: string): Uint8Array {
  return decodeAddress(address);
}
