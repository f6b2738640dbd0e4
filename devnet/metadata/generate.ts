/**
 * Builds the devnet's runtime metadata (v15) from real subtensor metadata and writes it to
 * devnet/metadata/subtensor-devnet.scale, which the devnet loads at start (it never runs this).
 *
 * Provenance: the source is the spec-233 subtensor testnet metadata (v14) that ships in the npm
 * package `@bitgo/sdk-coin-tao@1.16.4`, file dist/src/resources/testnet.js, export
 * `testnetMaterial.metadata`. The package is NOT a dependency: this script fetches it with
 * `npm pack` into a temp dir (or takes `--source <testnet.js>`), reads the hex literal from the
 * file as text (the file is never executed) and checks its sha256.
 *
 * What it adds on top of the v14 source is listed in devnet/metadata/README.md. Re-run with
 *   node --import tsx devnet/metadata/generate.ts [--source path/to/testnet.js]
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Metadata, TypeRegistry } from '@polkadot/types';
import { blake2AsHex } from '@polkadot/util-crypto';
import { hexToU8a, u8aToHex } from '@polkadot/util';

const HERE = dirname(fileURLToPath(import.meta.url));
export const OUTPUT = join(HERE, 'subtensor-devnet.scale');
const SOURCE_PACKAGE = '@bitgo/sdk-coin-tao@1.16.4';
const SOURCE_FILE = 'package/dist/src/resources/testnet.js';
/** sha256 of the source v14 metadata bytes, so a changed upstream file is noticed. */
const SOURCE_SHA256 = 'aee3d693fb8a7b1eb922b6c9e245d801b116430c996794563308288253bf6296';

// ---------------------------------------------------------------------------------------------
// Source

function readSourceHex(sourcePath: string | undefined): string {
  let text: string;
  if (sourcePath) {
    text = readFileSync(sourcePath, 'utf8');
  } else {
    const dir = mkdtempSync(join(tmpdir(), 'bitgo-tao-'));
    try {
      const out = execFileSync('npm', ['pack', SOURCE_PACKAGE, '--silent'], { cwd: dir, encoding: 'utf8' }).trim();
      const tgz = out.split('\n').pop()!;
      execFileSync('tar', ['xzf', tgz, SOURCE_FILE], { cwd: dir });
      text = readFileSync(join(dir, SOURCE_FILE), 'utf8');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  const match = /metadata:\s*'(0x[0-9a-f]+)'/.exec(text);
  if (!match) throw new Error('no metadata hex literal in the source file');
  return match[1]!;
}

// ---------------------------------------------------------------------------------------------
// Portable-registry editing on the JSON form of MetadataV15

/* eslint-disable @typescript-eslint/no-explicit-any */
type TypeDef = any;
interface Field { name: string | null; type: number; typeName: string | null; docs: string[] }

class Lookup {
  constructor(private readonly types: { id: number; type: TypeDef }[]) {}

  get(id: number): TypeDef {
    return this.types[id]!.type;
  }

  /** Returns an existing type with the same path, params and def, or appends it. */
  ensure(def: TypeDef, path: string[] = [], params: { name: string; type: number | null }[] = []): number {
    const wanted = JSON.stringify({ path, params, def });
    for (const t of this.types) {
      if (JSON.stringify({ path: t.type.path, params: t.type.params, def: t.type.def }) === wanted) return t.id;
    }
    const id = this.types.length;
    this.types.push({ id, type: { path, params, def, docs: [] } });
    return id;
  }

  primitive(name: 'U8' | 'U16' | 'U32' | 'U64' | 'U128' | 'I128' | 'Bool' | 'Str'): number {
    return this.ensure({ primitive: name });
  }
  compact(type: number): number {
    return this.ensure({ compact: { type } });
  }
  vec(type: number): number {
    return this.ensure({ sequence: { type } });
  }
  tuple(...types: number[]): number {
    return this.ensure({ tuple: types });
  }
  option(type: number): number {
    return this.ensure(
      { variant: { variants: [
        { name: 'None', fields: [], index: 0, docs: [] },
        { name: 'Some', fields: [{ name: null, type, typeName: null, docs: [] }], index: 1, docs: [] },
      ] } },
      ['Option'],
      [{ name: 'T', type }],
    );
  }
  result(ok: number, err: number): number {
    return this.ensure(
      { variant: { variants: [
        { name: 'Ok', fields: [{ name: null, type: ok, typeName: null, docs: [] }], index: 0, docs: [] },
        { name: 'Err', fields: [{ name: null, type: err, typeName: null, docs: [] }], index: 1, docs: [] },
      ] } },
      ['Result'],
      [{ name: 'T', type: ok }, { name: 'E', type: err }],
    );
  }
  struct(path: string[], fields: [string, number, string?][]): number {
    return this.ensure({ composite: { fields: fields.map(([name, type, typeName]) => field(name, type, typeName ?? null)) } }, path);
  }
  enumOf(path: string[], variants: [string, number, number[]][]): number {
    return this.ensure(
      { variant: { variants: variants.map(([name, index, types]) => ({
        name, index, docs: [], fields: types.map((type) => field(null, type, null)),
      })) } },
      path,
    );
  }
  /** Finds a type by its full path. */
  byPath(path: string): number {
    const t = this.types.find((x) => x.type.path.join('::') === path);
    if (!t) throw new Error(`no type ${path}`);
    return t.id;
  }
}

function field(name: string | null, type: number, typeName: string | null): Field {
  return { name, type, typeName, docs: [] };
}

function u64le(value: bigint): string {
  const bytes = new Uint8Array(8);
  new DataView(bytes.buffer).setBigUint64(0, value, true);
  return u8aToHex(bytes);
}

// ---------------------------------------------------------------------------------------------
// The additions

/** Errors the staking rules raise that spec 233's SubtensorModule lacks; appended at the end. */
export const ADDED_SUBTENSOR_ERRORS = ['SubtokenDisabled', 'SameNetuid', 'InsufficientBalance', 'StakeUnavailable'];

/** Runtime version of the devnet runtime (System.Version constant and state_getRuntimeVersion). */
export const DEVNET_SPEC = { specName: 'node-subtensor', implName: 'taostake-devnet', specVersion: 233, implVersion: 1, transactionVersion: 1, stateVersion: 1, authoringVersion: 1 };

interface ApiMethod { name: string; inputs: [string, number][]; output: number; docs?: string }
interface ApiDecl { name: string; version: number; methods: ApiMethod[] }

function build(sourceHex: string): { bytes: Uint8Array; sourceSha256: string } {
  const sourceBytes = hexToU8a(sourceHex);
  const sourceSha256 = createHash('sha256').update(sourceBytes).digest('hex');
  if (SOURCE_SHA256 && sourceSha256 !== SOURCE_SHA256) throw new Error(`source metadata sha256 ${sourceSha256} != ${SOURCE_SHA256}`);

  const registry = new TypeRegistry();
  const v14 = new Metadata(registry, sourceBytes);
  if (v14.version !== 14) throw new Error(`expected v14 source, got v${v14.version}`);
  registry.setMetadata(v14);
  const md = v14.asV15.toJSON() as any;
  const lookup = new Lookup(md.lookup.types);

  const u8 = lookup.primitive('U8');
  const u16 = lookup.primitive('U16');
  const u32 = lookup.primitive('U32');
  const u64 = lookup.primitive('U64');
  const u128 = lookup.primitive('U128');
  const bool = lookup.primitive('Bool');
  const bytes = lookup.vec(u8);
  const accountId = lookup.byPath('sp_core::crypto::AccountId32');
  const h256 = lookup.byPath('primitive_types::H256');
  const cU16 = lookup.compact(u16);
  const cU64 = lookup.compact(u64);
  const cU128 = lookup.compact(u128);
  const cU8 = lookup.compact(u8);
  const weight = lookup.byPath('sp_weights::weight_v2::Weight');
  const dispatchClass = lookup.byPath('frame_support::dispatch::DispatchClass');
  const runtimeVersion = lookup.byPath('sp_version::RuntimeVersion');
  const i96f32 = lookup.byPath('substrate_fixed::FixedI128');
  const pallet = (name: string) => md.pallets.find((p: any) => p.name === name);

  // --- SubtensorModule: remove_stake_full_limit (call 103), extra errors, SubtokenEnabled storage
  const subtensor = pallet('SubtensorModule');
  const callVariants = lookup.get(subtensor.calls.type).def.variant.variants;
  if (!callVariants.some((v: any) => v.index === 103)) {
    callVariants.push({
      name: 'remove_stake_full_limit', index: 103,
      docs: [' Removes all stake of the coldkey on (hotkey, netuid), with an optional minimum price (rao per alpha).'],
      fields: [field('hotkey', accountId, 'T::AccountId'), field('netuid', u16, 'NetUid'), field('limit_price', lookup.option(u64), 'Option<TaoBalance>')],
    });
  }
  const errorVariants = lookup.get(subtensor.errors.type).def.variant.variants;
  for (const name of ADDED_SUBTENSOR_ERRORS) {
    if (errorVariants.some((v: any) => v.name === name)) continue;
    const index = Math.max(...errorVariants.map((v: any) => v.index)) + 1;
    errorVariants.push({ name, index, fields: [], docs: [` (devnet) ${name}`] });
  }
  // Current subtensor's StakeAdded / StakeRemoved carry the swap fee as a sixth field (spec 233 has five).
  const eventVariants = lookup.get(subtensor.events.type).def.variant.variants;
  for (const name of ['StakeAdded', 'StakeRemoved']) {
    const v = eventVariants.find((x: any) => x.name === name);
    if (v.fields.length === 5) v.fields.push(field(null, u64, 'u64'));
  }
  if (!subtensor.storage.items.some((i: any) => i.name === 'SubtokenEnabled')) {
    subtensor.storage.items.push({
      name: 'SubtokenEnabled', modifier: 'Default', type: { map: { hashers: ['Identity'], key: u16, value: bool } },
      fallback: '0x00', docs: [' Whether the subnet token can be staked and traded.'],
    });
  }

  // --- Swap pallet (index 28): storage, constants, errors
  const perquintill = lookup.struct(['sp_arithmetic', 'per_things', 'Perquintill'], [[null as unknown as string, u64, 'u64']]);
  const balancer = lookup.struct(['pallet_subtensor_swap', 'pallet', 'balancer', 'Balancer'], [['quote', perquintill, 'Perquintill']]);
  const swapError = lookup.enumOf(['pallet_subtensor_swap', 'pallet', 'Error'], [
    ['InsufficientLiquidity', 2, []],
    ['PriceLimitExceeded', 3, []],
    ['ReservesTooLow', 7, []],
    ['SwapInputTooLarge', 11, []],
  ]);
  const twox = (key: number, value: number) => ({ map: { hashers: ['Twox64Concat'], key, value } });
  if (!pallet('Swap')) {
    md.pallets.push({
      name: 'Swap', index: 28, calls: null, events: null, docs: [],
      errors: { type: swapError },
      storage: { prefix: 'Swap', items: [
        { name: 'SwapBalancer', modifier: 'Default', type: twox(u16, balancer), fallback: u64le(500_000_000_000_000_000n), docs: [' Pool weights: the quote (TAO) weight as Perquintill.'] },
        { name: 'FeeRate', modifier: 'Default', type: twox(u16, u16), fallback: '0x2100', docs: [' Swap fee rate, parts of 65535.'] },
        { name: 'PalSwapInitialized', modifier: 'Default', type: twox(u16, bool), fallback: '0x00', docs: [' Whether the pool weights were initialised.'] },
      ] },
      constants: [
        { name: 'MinimumReserve', type: u64, value: u64le(1_000_000n), docs: [' Minimum reserve left on the output side of a swap (rao).'] },
        { name: 'MaxFeeRate', type: u16, value: '0x1027', docs: [' Maximum swap fee rate (parts of 65535).'] },
      ],
    });
    md.pallets.sort((a: any, b: any) => a.index - b.index);
  }

  // --- outer RuntimeError enum (v15 outerEnums.errorType): one variant per pallet with errors
  const runtimeError = lookup.ensure(
    { variant: { variants: md.pallets.filter((p: any) => p.errors).map((p: any) => ({
      name: p.name, index: p.index, docs: [], fields: [field(null, p.errors.type, null)],
    })) } },
    ['node_subtensor_runtime', 'RuntimeError'],
  );
  md.outerEnums.errorType = runtimeError;

  // --- Runtime-API types
  const subnetPrice = lookup.struct(['pallet_subtensor_swap_runtime_api', 'SubnetPrice'], [['netuid', u16, 'NetUid'], ['price', u64, 'u64']]);
  const simSwapResult = lookup.struct(['pallet_subtensor_swap_runtime_api', 'SimSwapResult'], [
    ['tao_amount', u64, 'TaoBalance'], ['alpha_amount', u64, 'AlphaBalance'], ['tao_fee', u64, 'TaoBalance'],
    ['alpha_fee', u64, 'AlphaBalance'], ['tao_slippage', u64, 'TaoBalance'], ['alpha_slippage', u64, 'AlphaBalance'],
  ]);
  const subnetIdentityV3 = lookup.struct(['pallet_subtensor', 'pallet', 'SubnetIdentityV3'], [
    ['subnet_name', bytes], ['github_repo', bytes], ['subnet_contact', bytes], ['subnet_url', bytes],
    ['discord', bytes], ['description', bytes], ['logo_url', bytes], ['additional', bytes],
  ]);
  const cBytes = lookup.vec(cU8);
  const dynamicInfo = lookup.struct(['pallet_subtensor', 'rpc_info', 'dynamic_info', 'DynamicInfo'], [
    ['netuid', cU16, 'Compact<NetUid>'], ['owner_hotkey', accountId, 'AccountId'], ['owner_coldkey', accountId, 'AccountId'],
    ['subnet_name', cBytes, 'Vec<Compact<u8>>'], ['token_symbol', cBytes, 'Vec<Compact<u8>>'], ['tempo', cU16, 'Compact<u16>'],
    ['last_step', cU64, 'Compact<u64>'], ['blocks_since_last_step', cU64, 'Compact<u64>'], ['emission', cU64, 'Compact<u64>'],
    ['alpha_in', cU64, 'Compact<AlphaBalance>'], ['alpha_out', cU64, 'Compact<AlphaBalance>'], ['tao_in', cU64, 'Compact<TaoBalance>'],
    ['alpha_out_emission', cU64, 'Compact<AlphaBalance>'], ['alpha_in_emission', cU64, 'Compact<AlphaBalance>'],
    ['tao_in_emission', cU64, 'Compact<TaoBalance>'], ['pending_alpha_emission', cU64, 'Compact<AlphaBalance>'],
    ['pending_root_emission', cU64, 'Compact<TaoBalance>'], ['subnet_volume', cU128, 'Compact<u128>'],
    ['network_registered_at', cU64, 'Compact<u64>'], ['subnet_identity', lookup.option(subnetIdentityV3), 'Option<SubnetIdentityV3>'],
    ['moving_price', i96f32, 'I96F32'],
  ]);
  const stakeInfo = lookup.struct(['pallet_subtensor', 'rpc_info', 'stake_info', 'StakeInfo'], [
    ['hotkey', accountId, 'AccountId'], ['coldkey', accountId, 'AccountId'], ['netuid', cU16, 'Compact<NetUid>'],
    ['stake', cU64, 'Compact<AlphaBalance>'], ['locked', cU64, 'Compact<u64>'], ['emission', cU64, 'Compact<AlphaBalance>'],
    ['tao_emission', cU64, 'Compact<TaoBalance>'], ['drain', cU64, 'Compact<u64>'], ['is_registered', bool, 'bool'],
  ]);
  const netuidStake = lookup.vec(lookup.tuple(cU16, cU64));
  const delegateInfo = lookup.struct(['pallet_subtensor', 'rpc_info', 'delegate_info', 'DelegateInfo'], [
    ['delegate_ss58', accountId, 'AccountId'], ['take', cU16, 'Compact<u16>'],
    ['nominators', lookup.vec(lookup.tuple(accountId, netuidStake)), 'Vec<(AccountId, Vec<(Compact<NetUid>, Compact<u64>)>)>'],
    ['owner_ss58', accountId, 'AccountId'], ['registrations', lookup.vec(cU16), 'Vec<Compact<NetUid>>'],
    ['validator_permits', lookup.vec(cU16), 'Vec<Compact<NetUid>>'], ['return_per_1000', cU64, 'Compact<u64>'],
    ['total_daily_return', cU64, 'Compact<u64>'],
  ]);
  const runtimeDispatchInfo = lookup.struct(['pallet_transaction_payment', 'types', 'RuntimeDispatchInfo'], [
    ['weight', weight, 'Weight'], ['class', dispatchClass, 'DispatchClass'], ['partial_fee', u64, 'Balance'],
  ]);
  const inclusionFee = lookup.struct(['pallet_transaction_payment', 'types', 'InclusionFee'], [
    ['base_fee', u64, 'Balance'], ['len_fee', u64, 'Balance'], ['adjusted_weight_fee', u64, 'Balance'],
  ]);
  const feeDetails = lookup.struct(['pallet_transaction_payment', 'types', 'FeeDetails'], [
    ['inclusion_fee', lookup.option(inclusionFee), 'Option<InclusionFee<Balance>>'], ['tip', u64, 'Balance'],
  ]);
  const transactionSource = lookup.enumOf(['sp_runtime', 'transaction_validity', 'TransactionSource'], [
    ['InBlock', 0, []], ['Local', 1, []], ['External', 2, []],
  ]);
  const invalidTransaction = lookup.enumOf(['sp_runtime', 'transaction_validity', 'InvalidTransaction'], [
    ['Call', 0, []], ['Payment', 1, []], ['Future', 2, []], ['Stale', 3, []], ['BadProof', 4, []], ['AncientBirthBlock', 5, []],
    ['ExhaustsResources', 6, []], ['Custom', 7, [u8]], ['BadMandatory', 8, []], ['MandatoryValidation', 9, []], ['BadSigner', 10, []],
  ]);
  const unknownTransaction = lookup.enumOf(['sp_runtime', 'transaction_validity', 'UnknownTransaction'], [
    ['CannotLookup', 0, []], ['NoUnsignedValidator', 1, []], ['Custom', 2, [u8]],
  ]);
  const validityError = lookup.enumOf(['sp_runtime', 'transaction_validity', 'TransactionValidityError'], [
    ['Invalid', 0, [invalidTransaction]], ['Unknown', 1, [unknownTransaction]],
  ]);
  const validTransaction = lookup.struct(['sp_runtime', 'transaction_validity', 'ValidTransaction'], [
    ['priority', u64, 'TransactionPriority'], ['requires', lookup.vec(bytes), 'Vec<TransactionTag>'],
    ['provides', lookup.vec(bytes), 'Vec<TransactionTag>'], ['longevity', u64, 'TransactionLongevity'], ['propagate', bool, 'bool'],
  ]);
  const transactionValidity = lookup.result(validTransaction, validityError);
  const opaqueMetadata = lookup.struct(['sp_core', 'OpaqueMetadata'], [[null as unknown as string, bytes, 'Vec<u8>']]);
  // The runtime's UncheckedExtrinsic (v15's extrinsic metadata no longer names it).
  const extrinsic = lookup.byPath('fp_self_contained::unchecked_extrinsic::UncheckedExtrinsic');

  const apis: ApiDecl[] = [
    { name: 'Core', version: 5, methods: [{ name: 'version', inputs: [], output: runtimeVersion }] },
    { name: 'Metadata', version: 2, methods: [
      { name: 'metadata', inputs: [], output: opaqueMetadata },
      { name: 'metadata_at_version', inputs: [['version', u32]], output: lookup.option(opaqueMetadata) },
      { name: 'metadata_versions', inputs: [], output: lookup.vec(u32) },
    ] },
    { name: 'TaggedTransactionQueue', version: 3, methods: [
      { name: 'validate_transaction', inputs: [['source', transactionSource], ['tx', extrinsic], ['block_hash', h256]], output: transactionValidity },
    ] },
    { name: 'AccountNonceApi', version: 1, methods: [{ name: 'account_nonce', inputs: [['account', accountId]], output: u32 }] },
    { name: 'TransactionPaymentApi', version: 4, methods: [
      { name: 'query_info', inputs: [['uxt', extrinsic], ['len', u32]], output: runtimeDispatchInfo },
      { name: 'query_fee_details', inputs: [['uxt', extrinsic], ['len', u32]], output: feeDetails },
    ] },
    { name: 'SwapRuntimeApi', version: 1, methods: [
      { name: 'current_alpha_price', inputs: [['netuid', u16]], output: u64 },
      { name: 'current_alpha_price_all', inputs: [], output: lookup.vec(subnetPrice) },
      { name: 'sim_swap_tao_for_alpha', inputs: [['netuid', u16], ['tao', u64]], output: simSwapResult },
      { name: 'sim_swap_alpha_for_tao', inputs: [['netuid', u16], ['alpha', u64]], output: simSwapResult },
    ] },
    { name: 'SubnetInfoRuntimeApi', version: 1, methods: [
      { name: 'get_dynamic_info', inputs: [['netuid', u16]], output: lookup.option(dynamicInfo) },
      { name: 'get_all_dynamic_info', inputs: [], output: lookup.vec(lookup.option(dynamicInfo)) },
    ] },
    { name: 'StakeInfoRuntimeApi', version: 1, methods: [
      { name: 'get_stake_info_for_coldkey', inputs: [['coldkey_account', accountId]], output: lookup.vec(stakeInfo) },
      { name: 'get_stake_info_for_coldkeys', inputs: [['coldkey_accounts', lookup.vec(accountId)]], output: lookup.vec(lookup.tuple(accountId, lookup.vec(stakeInfo))) },
      { name: 'get_stake_info_for_hotkey_coldkey_netuid', inputs: [['hotkey_account', accountId], ['coldkey_account', accountId], ['netuid', u16]], output: lookup.option(stakeInfo) },
    ] },
    { name: 'DelegateInfoRuntimeApi', version: 1, methods: [
      { name: 'get_delegates', inputs: [], output: lookup.vec(delegateInfo) },
      { name: 'get_delegate', inputs: [['delegate_account', accountId]], output: lookup.option(delegateInfo) },
      { name: 'get_delegated', inputs: [['delegatee_account', accountId]], output: lookup.vec(lookup.tuple(delegateInfo, lookup.tuple(cU16, cU64))) },
    ] },
  ];
  md.apis = apis.map((api) => ({
    name: api.name, docs: [],
    methods: api.methods.map((m) => ({ name: m.name, inputs: m.inputs.map(([name, type]) => ({ name, type })), output: m.output, docs: [] })),
  }));

  // --- System.Version constant: our impl name and the api list we declare
  const system = pallet('System');
  const versionConst = system.constants.find((c: any) => c.name === 'Version');
  versionConst.value = registry.createTypeUnsafe(registry.createLookupType(runtimeVersion), [{
    specName: DEVNET_SPEC.specName, implName: DEVNET_SPEC.implName, authoringVersion: DEVNET_SPEC.authoringVersion,
    specVersion: DEVNET_SPEC.specVersion, implVersion: DEVNET_SPEC.implVersion, transactionVersion: DEVNET_SPEC.transactionVersion,
    stateVersion: DEVNET_SPEC.stateVersion, apis: apis.map((a) => [blake2AsHex(a.name, 64), a.version]),
  }]).toHex();

  const out = new Metadata(new TypeRegistry(), { magicNumber: 0x6174656d, metadata: { v15: md } } as any);
  return { bytes: out.toU8a(), sourceSha256 };
}

// ---------------------------------------------------------------------------------------------

function main(): void {
  const idx = process.argv.indexOf('--source');
  const sourcePath = idx > 0 ? process.argv[idx + 1] : undefined;
  const { bytes, sourceSha256 } = build(readSourceHex(sourcePath));
  writeFileSync(OUTPUT, bytes);
  console.log(`source v14 sha256 ${sourceSha256}`);
  console.log(`wrote ${OUTPUT}: ${bytes.length} bytes, sha256 ${createHash('sha256').update(bytes).digest('hex')}`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main();
