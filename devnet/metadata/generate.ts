/**
 * Builds the devnet's runtime metadata (v15), one file per runtime profile (devnet/profiles.ts),
 * from real subtensor metadata, and writes them to devnet/metadata/, where the devnet loads
 * them at start (it never runs this).
 *
 * Provenance: the source is the spec-233 subtensor testnet metadata (v14) that ships in the npm
 * package `@bitgo/sdk-coin-tao@1.16.4`, file dist/src/resources/testnet.js, export
 * `testnetMaterial.metadata`. The package is NOT a dependency: this script fetches it with
 * `npm pack` into a temp dir (or takes `--source <testnet.js>`), reads the hex literal from the
 * file as text (the file is never executed) and checks its sha256.
 *
 * What each profile adds on top of the v14 source is listed in devnet/metadata/README.md, with
 * the sha256 of each output. Each profile's additions are separate functions below (one per
 * pallet or API group), so a generation can be extended without touching the others. The
 * balancer profile's steps run in the order the single-file generator ran them, so its file is
 * byte-identical to the one the devnet served before profiles. Re-run with
 *   node --import tsx devnet/metadata/generate.ts [--source path/to/testnet.js] [--profile name]
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
import { parseRuntimeName, PROFILES, RUNTIME_NAMES, type RuntimeName } from '../profiles.ts';

const HERE = dirname(fileURLToPath(import.meta.url));
/** The file the generator writes for a profile. */
export function outputFile(runtime: RuntimeName): string {
  return join(HERE, PROFILES[runtime].metadataFile);
}
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

  primitive(name: 'U8' | 'U16' | 'U32' | 'U64' | 'U128' | 'I32' | 'I128' | 'Bool' | 'Str'): number {
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

/**
 * SubtensorModule's `Error` variants at spec 293 (opentensor/subtensor dc5c11b55,
 * pallets/subtensor/src/macros/errors.rs), in declaration order = variant index.
 */
export const SPEC_293_SUBTENSOR_ERRORS = `
  SubNetworkDoesNotExist RootNetworkDoesNotExist InvalidIpType InvalidIpAddress InvalidPort
  HotKeyNotRegisteredInSubNet HotKeyAccountNotExists HotKeyNotRegisteredInNetwork NonAssociatedColdKey
  NotEnoughStake NotEnoughStakeToWithdraw NotEnoughStakeToSetWeights NotEnoughStakeToSetChildkeys
  NotEnoughBalanceToStake BalanceWithdrawalError ZeroBalanceAfterWithdrawn NeuronNoValidatorPermit
  WeightVecNotEqualSize DuplicateUids UidVecContainInvalidOne WeightVecLengthIsLow
  TooManyRegistrationsThisBlock HotKeyAlreadyRegisteredInSubNet NewHotKeyIsSameWithOld InvalidWorkBlock
  InvalidDifficulty InvalidSeal MaxWeightExceeded HotKeyAlreadyDelegate SettingWeightsTooFast
  IncorrectWeightVersionKey ServingRateLimitExceeded UidsLengthExceedUidsInSubNet
  NetworkTxRateLimitExceeded DelegateTxRateLimitExceeded HotKeySetTxRateLimitExceeded
  StakingRateLimitExceeded SubNetRegistrationDisabled TooManyRegistrationsThisInterval
  TransactorAccountShouldBeHotKey NotSenateMember FaucetDisabled NotSubnetOwner
  RegistrationNotPermittedOnRootSubnet StakeTooLowForRoot AllNetworksInImmunity
  NotEnoughBalanceToPaySwapHotKey NotRootSubnet CanNotSetRootNetworkWeights NoNeuronIdAvailable
  DelegateTakeTooLow DelegateTakeTooHigh NoWeightsCommitFound InvalidRevealCommitHashNotMatch
  CommitRevealEnabled CommitRevealDisabled CouldNotJoinSenate LiquidAlphaDisabled AlphaHighTooLow
  AlphaLowOutOfRange ColdKeyAlreadyAssociated NotEnoughBalanceToPaySwapColdKey ColdkeyIsInArbitration
  InvalidChild DuplicateChild ProportionOverflow TooManyChildren TxRateLimitExceeded SwapAlreadyScheduled
  FailedToSchedule NewColdKeyIsHotkey InvalidChildkeyTake TxChildkeyTakeRateLimitExceeded InvalidIdentity
  MechanismDoesNotExist CannotUnstakeLock SubnetNotExists TooManyUnrevealedCommits ExpiredWeightCommit
  RevealTooEarly InputLengthsUnequal CommittingWeightsTooFast AmountTooLow InsufficientLiquidity
  SlippageTooHigh TransferDisallowed ActivityCutoffTooLow CallDisabled FirstEmissionBlockNumberAlreadySet
  NeedWaitingMoreBlocksToStarCall NotEnoughAlphaOutToRecycle CannotBurnOrRecycleOnRootSubnet
  UnableToRecoverPublicKey InvalidRecoveredPublicKey SubtokenDisabled HotKeySwapOnSubnetIntervalNotPassed
  ZeroMaxStakeAmount SameNetuid InsufficientBalance StakingOperationRateLimitExceeded
  InvalidLeaseBeneficiary LeaseCannotEndInThePast LeaseNetuidNotFound LeaseDoesNotExist
  LeaseHasNoEndBlock LeaseHasNotEnded Overflow BeneficiaryDoesNotOwnHotkey ExpectedBeneficiaryOrigin
  SymbolDoesNotExist SymbolAlreadyInUse
`.trim().split(/\s+/);

/** Runtime version fields shared by every profile (spec and impl versions come from the profile). */
const VERSION_BASE = { specName: 'node-subtensor', implName: 'taostake-devnet', transactionVersion: 1, stateVersion: 1, authoringVersion: 1 };

interface ApiMethod { name: string; inputs: [string, number][]; output: number; docs?: string }
interface ApiDecl { name: string; version: number; methods: ApiMethod[] }

/** The metadata being built, its type registry and the type ids every step uses. */
interface Ctx {
  md: any;
  lookup: Lookup;
  pallet(name: string): any;
  u8: number; u16: number; u32: number; u64: number; u128: number; bool: number; bytes: number;
  accountId: number; h256: number; cU8: number; cU16: number; cU64: number; cU128: number;
  weight: number; dispatchClass: number; runtimeVersion: number; i96f32: number;
}

/** Types the runtime APIs take and return (created in one fixed order; unused ones are harmless). */
interface ApiTypes {
  subnetPrice: number; simSwapResult: number; dynamicInfo: number; stakeInfo: number; delegateInfo: number;
  runtimeDispatchInfo: number; feeDetails: number; transactionSource: number; transactionValidity: number;
  opaqueMetadata: number; extrinsic: number;
}

/**
 * One runtime generation's additions, in the order they run: SubtensorModule, then the Swap
 * pallet, then the runtime APIs it declares. The outer error enum and `System.Version` follow
 * from what these produce.
 */
interface Generation {
  subtensor(ctx: Ctx): void;
  swap(ctx: Ctx): void;
  apis(ctx: Ctx, types: ApiTypes): ApiDecl[];
}

const twox = (key: number, value: number) => ({ map: { hashers: ['Twox64Concat'], key, value } });

// --- SubtensorModule ---------------------------------------------------------------------------

/** `remove_stake_full_limit(hotkey, netuid, limit_price: Option<u64>)` at call index 103 (spec 293 has it too). */
function addRemoveStakeFullLimit(ctx: Ctx): void {
  const { lookup } = ctx;
  const callVariants = lookup.get(ctx.pallet('SubtensorModule').calls.type).def.variant.variants;
  if (callVariants.some((v: any) => v.index === 103)) return;
  callVariants.push({
    name: 'remove_stake_full_limit', index: 103,
    docs: [' Removes all stake of the coldkey on (hotkey, netuid), with an optional minimum price (rao per alpha).'],
    fields: [field('hotkey', ctx.accountId, 'T::AccountId'), field('netuid', ctx.u16, 'NetUid'), field('limit_price', lookup.option(ctx.u64), 'Option<TaoBalance>')],
  });
}

/** Appends error variants the source lacks after its last index. */
function appendSubtensorErrors(ctx: Ctx, names: readonly string[]): void {
  const errorVariants = ctx.lookup.get(ctx.pallet('SubtensorModule').errors.type).def.variant.variants;
  for (const name of names) {
    if (errorVariants.some((v: any) => v.name === name)) continue;
    const index = Math.max(...errorVariants.map((v: any) => v.index)) + 1;
    errorVariants.push({ name, index, fields: [], docs: [` (devnet) ${name}`] });
  }
}

/** Replaces the error enum's variants with a generation's own list (index = position). */
function replaceSubtensorErrors(ctx: Ctx, names: readonly string[]): void {
  const def = ctx.lookup.get(ctx.pallet('SubtensorModule').errors.type).def.variant;
  def.variants = names.map((name, index) => ({ name, index, fields: [], docs: [] }));
}

/** Newer subtensor's StakeAdded / StakeRemoved carry the swap fee as a sixth field (spec 233 has five; 293 has six). */
function addStakeEventFeeField(ctx: Ctx): void {
  const eventVariants = ctx.lookup.get(ctx.pallet('SubtensorModule').events.type).def.variant.variants;
  for (const name of ['StakeAdded', 'StakeRemoved']) {
    const v = eventVariants.find((x: any) => x.name === name);
    if (v.fields.length === 5) v.fields.push(field(null, ctx.u64, 'u64'));
  }
}

/** `SubtensorModule.SubtokenEnabled` (Identity u16 → bool, default false), which spec 233 lacks. */
function addSubtokenEnabled(ctx: Ctx): void {
  const subtensor = ctx.pallet('SubtensorModule');
  if (subtensor.storage.items.some((i: any) => i.name === 'SubtokenEnabled')) return;
  subtensor.storage.items.push({
    name: 'SubtokenEnabled', modifier: 'Default', type: { map: { hashers: ['Identity'], key: ctx.u16, value: ctx.bool } },
    fallback: '0x00', docs: [' Whether the subnet token can be staked and traded.'],
  });
}

function balancerSubtensor(ctx: Ctx): void {
  addRemoveStakeFullLimit(ctx);
  appendSubtensorErrors(ctx, ADDED_SUBTENSOR_ERRORS);
  addStakeEventFeeField(ctx);
  addSubtokenEnabled(ctx);
}

/** Appends a call variant at its chain index (RaoFoundation/subtensor macros/dispatches.rs). */
function addCall(ctx: Ctx, name: string, index: number, fields: [string, number, string][], doc: string): void {
  const callVariants = ctx.lookup.get(ctx.pallet('SubtensorModule').calls.type).def.variant.variants;
  if (callVariants.some((v: any) => v.index === index)) throw new Error(`call index ${index} is taken`);
  callVariants.push({ name, index, docs: [` ${doc}`], fields: fields.map(([n, t, tn]) => field(n, t, tn)) });
  callVariants.sort((a: any, b: any) => a.index - b.index);
}

/** Appends an event variant with named fields (macros/events.rs). */
function addEvent(ctx: Ctx, name: string, fields: [string, number, string][]): void {
  const eventVariants = ctx.lookup.get(ctx.pallet('SubtensorModule').events.type).def.variant.variants;
  const index = Math.max(...eventVariants.map((v: any) => v.index)) + 1;
  eventVariants.push({ name, index, docs: [], fields: fields.map(([n, t, tn]) => field(n, t, tn)) });
}

/** `LockState { locked_mass: AlphaBalance, conviction: U64F64, last_update: u64 }` (staking/lock/conviction_model.rs). */
function lockStateType(ctx: Ctx): number {
  const u64f64 = ctx.pallet('SubtensorModule').storage.items.find((i: any) => i.name === 'Alpha').type.map.value;
  return ctx.lookup.struct(['pallet_subtensor', 'staking', 'lock', 'conviction_model', 'LockState'], [
    ['locked_mass', ctx.u64, 'AlphaBalance'], ['conviction', u64f64, 'U64F64'], ['last_update', ctx.u64, 'u64'],
  ]);
}

/** Errors of move_stake_limit and the lock calls (macros/errors.rs), appended after the balancer profile's. */
export const CURRENT_SUBTENSOR_ERRORS = ['LockHotkeyMismatch', 'InsufficientStakeForLock', 'NoExistingLock', 'AccountRejectsLockedAlpha'];

/**
 * move_stake_limit (149) and conviction locks (136, 137, 138, 142) with their events, errors and
 * storage (RaoFoundation/subtensor pallets/subtensor/src/macros/dispatches.rs, lib.rs,
 * staking/lock/*.rs). Hashers and value types as the chain declares them.
 */
function addMovesAndLocks(ctx: Ctx): void {
  const { lookup, accountId: acc, u16, u64, bool } = ctx;
  addCall(ctx, 'lock_stake', 136, [['hotkey', acc, 'T::AccountId'], ['netuid', u16, 'NetUid'], ['amount', u64, 'AlphaBalance']],
    'Locks stake on a subnet to a hotkey (a top-up must use the lock\'s hotkey).');
  addCall(ctx, 'move_lock', 137, [['destination_hotkey', acc, 'T::AccountId'], ['netuid', u16, 'NetUid']],
    'Moves the coldkey\'s lock on a subnet to another hotkey; conviction resets unless both hotkeys share an owner.');
  addCall(ctx, 'set_perpetual_lock', 138, [['netuid', u16, 'NetUid'], ['enabled', bool, 'bool']], 'Sets or clears the perpetual (non-decaying) lock flag.');
  addCall(ctx, 'set_reject_locked_alpha', 142, [['enabled', bool, 'bool']], 'Sets whether the caller rejects incoming locked alpha (the default).');
  addCall(ctx, 'move_stake_limit', 149, [
    ['origin_hotkey', acc, 'T::AccountId'], ['destination_hotkey', acc, 'T::AccountId'], ['origin_netuid', u16, 'NetUid'],
    ['destination_netuid', u16, 'NetUid'], ['alpha_amount', u64, 'AlphaBalance'], ['limit_price', u64, 'TaoBalance'], ['allow_partial', bool, 'bool'],
  ], 'Moves stake to another hotkey and subnet; limit_price is the least destination alpha per origin alpha x 1e9.');
  appendSubtensorErrors(ctx, CURRENT_SUBTENSOR_ERRORS);
  addEvent(ctx, 'StakeLocked', [['coldkey', acc, 'T::AccountId'], ['hotkey', acc, 'T::AccountId'], ['netuid', u16, 'NetUid'], ['amount', u64, 'AlphaBalance']]);
  addEvent(ctx, 'LockMoved', [['coldkey', acc, 'T::AccountId'], ['origin_hotkey', acc, 'T::AccountId'], ['destination_hotkey', acc, 'T::AccountId'], ['netuid', u16, 'NetUid']]);
  addEvent(ctx, 'PerpetualLockUpdated', [['coldkey', acc, 'T::AccountId'], ['netuid', u16, 'NetUid'], ['enabled', bool, 'bool']]);
  addEvent(ctx, 'RejectLockedAlphaUpdated', [['coldkey', acc, 'T::AccountId'], ['enabled', bool, 'bool']]);
  const lockState = lockStateType(ctx);
  ctx.pallet('SubtensorModule').storage.items.push(
    { name: 'Lock', modifier: 'Optional', type: { map: { hashers: ['Blake2_128Concat', 'Identity', 'Blake2_128Concat'], key: lookup.tuple(acc, u16, acc), value: lockState } },
      fallback: '0x00', docs: [' ( coldkey, netuid, hotkey ) --> LockState: one exponential lock per coldkey per subnet.'] },
    { name: 'DecayingLock', modifier: 'Optional', type: { map: { hashers: ['Blake2_128Concat', 'Identity'], key: lookup.tuple(acc, u16), value: bool } },
      fallback: '0x00', docs: [' ( coldkey, netuid ) --> false: the lock is perpetual. Missing: it decays.'] },
    { name: 'UnlockRate', modifier: 'Default', type: { plain: u64 }, fallback: u64le(934_866n), docs: [' Decay timescale in blocks for locked mass.'] },
    { name: 'MaturityRate', modifier: 'Default', type: { plain: u64 }, fallback: u64le(934_866n), docs: [' Decay timescale in blocks for lock conviction.'] },
    { name: 'AccountFlags', modifier: 'Default', type: { map: { hashers: ['Blake2_128Concat'], key: acc, value: ctx.u128 } },
      fallback: `0x${'00'.repeat(16)}`, docs: [' Account-level flags (bit 0: accepts incoming locked alpha).'] },
  );
}

/** Errors of the root claims and the root-stake hold (macros/errors.rs), appended after the lock errors. */
export const ROOT_CLAIM_ERRORS = ['RootStakeLocked', 'RootClaimTooHeavy'];

/** `BTreeSet<T>` as scale-info describes it: a composite over Vec<T>. */
function btreeSet(ctx: Ctx, item: number): number {
  return ctx.lookup.ensure({ composite: { fields: [field(null, ctx.lookup.vec(item), null)] } }, ['BTreeSet'], [{ name: 'T', type: item }]);
}

/**
 * Root Reborn (spec 441+): root dividends wait in per-validator beta baskets until claimed.
 * `claim_root(subnets)` 121 (subnets ignored: every validator is claimed) and
 * `claim_root_with_hotkey(hotkey)` 148; the events `BasketClaimed`, `BasketClaimDustSkipped` and
 * `RootClaimed`; the dust threshold `RootClaimableThreshold` (Blake2_128Concat NetUid -> I96F32,
 * default 500,000 rao as rao<<32), the hold `RootStakeUnlockInterval` (u64, 0 = no hold) and the
 * per-(coldkey, hotkey) stamp it is measured from, `LastColdkeyHotkeyStakeBlock` (Twox64Concat x2,
 * OptionQuery). RaoFoundation/subtensor macros/dispatches.rs, lib.rs, staking/claim_root.rs,
 * staking/stake_utils.rs (`ensure_root_stake_unlocked`).
 */
function addRootClaims(ctx: Ctx): void {
  const { lookup, accountId: acc, u16, u32, u64 } = ctx;
  addCall(ctx, 'claim_root', 121, [['subnets', btreeSet(ctx, u16), 'BTreeSet<NetUid>']],
    'Claims the caller\'s root dividends on every validator it root-stakes to; `subnets` is ignored (kept for old call data).');
  addCall(ctx, 'claim_root_with_hotkey', 148, [['hotkey', acc, 'T::AccountId']],
    'Claims the caller\'s root dividends held in one validator\'s basket; the TAO is staked on root.');
  appendSubtensorErrors(ctx, ROOT_CLAIM_ERRORS);
  addEvent(ctx, 'BasketClaimed', [['hotkey', acc, 'T::AccountId'], ['coldkey', acc, 'T::AccountId'], ['tao', u64, 'TaoBalance']]);
  addEvent(ctx, 'BasketClaimDustSkipped', [['hotkey', acc, 'T::AccountId'], ['coldkey', acc, 'T::AccountId'], ['rows', u32, 'u32'], ['forfeited_tao_est', u64, 'TaoBalance']]);
  addEvent(ctx, 'RootClaimed', [['coldkey', acc, 'T::AccountId'], ['tao', u64, 'TaoBalance']]);
  const i96f32 = ctx.i96f32;
  ctx.pallet('SubtensorModule').storage.items.push(
    { name: 'RootClaimableThreshold', modifier: 'Default', type: { map: { hashers: ['Blake2_128Concat'], key: u16, value: i96f32 } },
      fallback: `0x${(500_000n << 32n).toString(16).padStart(32, '0').match(/../g)!.reverse().join('')}`,
      docs: [' ( netuid ) --> root claim dust threshold (rao, I96F32); only the root entry is read.'] },
    { name: 'RootStakeUnlockInterval', modifier: 'Default', type: { plain: u64 }, fallback: u64le(0n),
      docs: [' Blocks root stake stays unmovable after it last changed (0: no hold).'] },
    { name: 'LastColdkeyHotkeyStakeBlock', modifier: 'Optional', type: { map: { hashers: ['Twox64Concat', 'Twox64Concat'], key: lookup.tuple(acc, acc), value: u64 } },
      fallback: '0x00', docs: [' ( coldkey, hotkey ) --> the last block at which stake was added/removed.'] },
  );
}

/** `current`: the balancer profile's SubtensorModule plus move_stake_limit, conviction locks and root claims. */
function currentSubtensor(ctx: Ctx): void {
  balancerSubtensor(ctx);
  addMovesAndLocks(ctx);
  addRootClaims(ctx);
}

function v3Subtensor(ctx: Ctx): void {
  addRemoveStakeFullLimit(ctx);
  replaceSubtensorErrors(ctx, SPEC_293_SUBTENSOR_ERRORS);
  addStakeEventFeeField(ctx);
  addSubtokenEnabled(ctx);
}

// --- Swap pallet (index 28) --------------------------------------------------------------------

function addSwapPallet(ctx: Ctx, errorType: number, items: any[], constants: any[]): void {
  if (ctx.pallet('Swap')) throw new Error('the source already has a Swap pallet');
  ctx.md.pallets.push({
    name: 'Swap', index: 28, calls: null, events: null, docs: [],
    errors: { type: errorType }, storage: { prefix: 'Swap', items }, constants,
  });
  ctx.md.pallets.sort((a: any, b: any) => a.index - b.index);
}

/**
 * `Swap.FeeRate`, default 33 (~0.05 %), or `fallback` for a generation whose default differs
 * (spec 293: 196, 0.3 %, opentensor/subtensor dc5c11b55 pallets/swap/src/pallet/mod.rs
 * DefaultFeeRate; lowered to 33 with "waive fees for all intra-subnet stake moving", 904d7f51a).
 */
function feeRateItem(ctx: Ctx, fallback = '0x2100'): any {
  return { name: 'FeeRate', modifier: 'Default', type: twox(ctx.u16, ctx.u16), fallback, docs: [' Swap fee rate, parts of 65535.'] };
}

const MINIMUM_RESERVE_DOC = [' Minimum reserve left on the output side of a swap (rao).'];
const MAX_FEE_RATE_DOC = [' Maximum swap fee rate (parts of 65535).'];

/** The spec-425 Balancer swap: SwapBalancer, FeeRate, PalSwapInitialized; the four swap errors the rules raise. */
function balancerSwap(ctx: Ctx): void {
  const { lookup, u16, u64, bool } = ctx;
  const perquintill = lookup.struct(['sp_arithmetic', 'per_things', 'Perquintill'], [[null as unknown as string, u64, 'u64']]);
  const balancer = lookup.struct(['pallet_subtensor_swap', 'pallet', 'balancer', 'Balancer'], [['quote', perquintill, 'Perquintill']]);
  const swapError = lookup.enumOf(['pallet_subtensor_swap', 'pallet', 'Error'], [
    ['InsufficientLiquidity', 2, []],
    ['PriceLimitExceeded', 3, []],
    ['ReservesTooLow', 7, []],
    ['SwapInputTooLarge', 11, []],
  ]);
  addSwapPallet(ctx, swapError, [
    { name: 'SwapBalancer', modifier: 'Default', type: twox(u16, balancer), fallback: u64le(500_000_000_000_000_000n), docs: [' Pool weights: the quote (TAO) weight as Perquintill.'] },
    feeRateItem(ctx),
    { name: 'PalSwapInitialized', modifier: 'Default', type: twox(u16, bool), fallback: '0x00', docs: [' Whether the pool weights were initialised.'] },
  ], [
    { name: 'MinimumReserve', type: u64, value: u64le(1_000_000n), docs: MINIMUM_RESERVE_DOC },
    { name: 'MaxFeeRate', type: u16, value: '0x1027', docs: MAX_FEE_RATE_DOC },
  ]);
}

/**
 * RaoFoundation/subtensor pallets/swap/src/pallet/mod.rs: the superellipse record live pools
 * price with, the calibration target and the Balancer reservoirs; `ReservesOutOfBalance`, which
 * every curve error in a swap step becomes.
 */
function addSuperellipseSwap(ctx: Ctx): void {
  const { lookup, u16, u64, u128, bool } = ctx;
  const i128 = lookup.primitive('I128');
  const superellipse = lookup.struct(['pallet_subtensor_swap', 'pallet', 'superellipse', 'Superellipse'], [
    ['alpha_scale', u128, 'u128'], ['tao_scale', u128, 'u128'], ['center_alpha', i128, 'i128'], ['center_tao', i128, 'i128'],
  ]);
  const swap = ctx.pallet('Swap');
  swap.storage.items.push(
    { name: 'SwapSuperellipse', modifier: 'Optional', type: twox(u16, superellipse), fallback: '0x00', docs: [' Fixed exponent-two translated superellipse used by live dynamic pools (Q32 scales and centres).'] },
    { name: 'MinimumSellImpactBps', modifier: 'Default', type: twox(u16, u16), fallback: '0x6400', docs: [' Minimum spot-price fall at calibration for the 500-TAO reference sale, basis points.'] },
    { name: 'SlippageReferenceLimited', modifier: 'Default', type: twox(u16, bool), fallback: '0x00', docs: [' The reference sale cannot execute on this pool\'s curve.'] },
    { name: 'BalancerTaoReservoir', modifier: 'Default', type: twox(u16, u64), fallback: u64le(0n), docs: [' TAO protocol liquidity not yet injected.'] },
    { name: 'BalancerAlphaReservoir', modifier: 'Default', type: twox(u16, u64), fallback: u64le(0n), docs: [' Alpha protocol liquidity not yet injected.'] },
  );
  const errors = lookup.get(swap.errors.type).def.variant.variants;
  errors.push({ name: 'ReservesOutOfBalance', index: 10, fields: [], docs: [] });
  errors.sort((a: any, b: any) => a.index - b.index);
}

function currentSwap(ctx: Ctx): void {
  balancerSwap(ctx);
  addSuperellipseSwap(ctx);
}

/**
 * The V3 swap of spec 293 (opentensor/subtensor dc5c11b55 pallets/swap/src/pallet/mod.rs and
 * runtime/src/lib.rs): per-subnet sqrt price, liquidity and tick; its thirteen errors; its
 * constants. Not declared: the user-liquidity maps (Ticks, Positions, TickIndexBitmapWords) and
 * the pallet's calls and events, which no staker wallet reads.
 */
function v3Swap(ctx: Ctx): void {
  const { lookup, md, u16, u32, u64, u128, bool } = ctx;
  const subtensor = md.pallets.find((p: any) => p.name === 'SubtensorModule');
  // U64F64 (substrate_fixed::FixedU128<U64>), the type of SubtensorModule.Alpha's values.
  const u64f64 = subtensor.storage.items.find((i: any) => i.name === 'Alpha').type.map.value;
  const tickIndex = lookup.struct(['pallet_subtensor_swap', 'tick', 'TickIndex'], [[null as unknown as string, lookup.primitive('I32'), 'i32']]);
  const swapError = lookup.enumOf(['pallet_subtensor_swap', 'pallet', 'Error'], [
    'FeeRateTooHigh', 'InsufficientInputAmount', 'InsufficientLiquidity', 'PriceLimitExceeded', 'InsufficientBalance',
    'LiquidityNotFound', 'InvalidTickRange', 'MaxPositionsExceeded', 'TooManySwapSteps', 'InvalidLiquidityValue',
    'ReservesTooLow', 'SubNetworkDoesNotExist', 'UserLiquidityDisabled',
  ].map((name, index) => [name, index, []]));
  const zero128 = `0x${'00'.repeat(16)}`;
  addSwapPallet(ctx, swapError, [
    feeRateItem(ctx, '0xc400'),
    { name: 'FeeGlobalTao', modifier: 'Default', type: twox(u16, u64f64), fallback: zero128, docs: [' Global accrued TAO fees per unit of liquidity.'] },
    { name: 'FeeGlobalAlpha', modifier: 'Default', type: twox(u16, u64f64), fallback: zero128, docs: [' Global accrued alpha fees per unit of liquidity.'] },
    { name: 'SwapV3Initialized', modifier: 'Default', type: twox(u16, bool), fallback: '0x00', docs: [' Whether the subnet\'s V3 pool was initialised.'] },
    { name: 'AlphaSqrtPrice', modifier: 'Default', type: twox(u16, u64f64), fallback: zero128, docs: [' Square root of the alpha price (TAO per alpha), U64F64.'] },
    { name: 'CurrentTick', modifier: 'Default', type: twox(u16, tickIndex), fallback: '0x00000000', docs: [' The tick of the current price.'] },
    { name: 'CurrentLiquidity', modifier: 'Default', type: twox(u16, u64), fallback: u64le(0n), docs: [' Liquidity in range at the current price.'] },
    { name: 'EnabledUserLiquidity', modifier: 'Default', type: twox(u16, bool), fallback: '0x00', docs: [' Whether users may add liquidity.'] },
    { name: 'LastPositionId', modifier: 'Default', type: { plain: u128 }, fallback: zero128, docs: [' The last liquidity position id.'] },
  ], [
    { name: 'MaxFeeRate', type: u16, value: '0x1027', docs: MAX_FEE_RATE_DOC },
    { name: 'MaxPositions', type: u32, value: '0x64000000', docs: [' Maximum liquidity positions per account and subnet.'] },
    { name: 'MinimumLiquidity', type: u64, value: u64le(1_000n), docs: [' Minimum liquidity safe for rounding.'] },
    // NonZeroU64 on chain; the same eight bytes.
    { name: 'MinimumReserve', type: u64, value: u64le(1_000_000n), docs: MINIMUM_RESERVE_DOC },
  ]);
}

// --- Runtime APIs ------------------------------------------------------------------------------

function apiTypes(ctx: Ctx): ApiTypes {
  const { lookup, u8, u16, u64, bool, bytes, accountId, cU8, cU16, cU64, cU128, weight, dispatchClass, i96f32 } = ctx;
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
  return { subnetPrice, simSwapResult, dynamicInfo, stakeInfo, delegateInfo, runtimeDispatchInfo, feeDetails, transactionSource, transactionValidity, opaqueMetadata, extrinsic };
}

/** Core, Metadata, TaggedTransactionQueue, AccountNonceApi, TransactionPaymentApi: what every node client calls. */
function nodeApis(ctx: Ctx, t: ApiTypes): ApiDecl[] {
  const { lookup, u32, h256, accountId } = ctx;
  return [
    { name: 'Core', version: 5, methods: [{ name: 'version', inputs: [], output: ctx.runtimeVersion }] },
    { name: 'Metadata', version: 2, methods: [
      { name: 'metadata', inputs: [], output: t.opaqueMetadata },
      { name: 'metadata_at_version', inputs: [['version', u32]], output: lookup.option(t.opaqueMetadata) },
      { name: 'metadata_versions', inputs: [], output: lookup.vec(u32) },
    ] },
    { name: 'TaggedTransactionQueue', version: 3, methods: [
      { name: 'validate_transaction', inputs: [['source', t.transactionSource], ['tx', t.extrinsic], ['block_hash', h256]], output: t.transactionValidity },
    ] },
    { name: 'AccountNonceApi', version: 1, methods: [{ name: 'account_nonce', inputs: [['account', accountId]], output: u32 }] },
    { name: 'TransactionPaymentApi', version: 4, methods: [
      { name: 'query_info', inputs: [['uxt', t.extrinsic], ['len', u32]], output: t.runtimeDispatchInfo },
      { name: 'query_fee_details', inputs: [['uxt', t.extrinsic], ['len', u32]], output: t.feeDetails },
    ] },
  ];
}

/** SwapRuntimeApi of the Balancer and superellipse generations: prices and the two simulations. */
function swapApiWithSimulation(ctx: Ctx, t: ApiTypes): ApiDecl {
  const { lookup, u16, u64 } = ctx;
  return { name: 'SwapRuntimeApi', version: 1, methods: [
    { name: 'current_alpha_price', inputs: [['netuid', u16]], output: u64 },
    { name: 'current_alpha_price_all', inputs: [], output: lookup.vec(t.subnetPrice) },
    { name: 'sim_swap_tao_for_alpha', inputs: [['netuid', u16], ['tao', u64]], output: t.simSwapResult },
    { name: 'sim_swap_alpha_for_tao', inputs: [['netuid', u16], ['alpha', u64]], output: t.simSwapResult },
  ] };
}

/** SwapRuntimeApi at spec 293 (pallets/swap/runtime-api/src/lib.rs): the price only. */
function swapApiPriceOnly(ctx: Ctx): ApiDecl {
  return { name: 'SwapRuntimeApi', version: 1, methods: [{ name: 'current_alpha_price', inputs: [['netuid', ctx.u16]], output: ctx.u64 }] };
}

/** SubnetInfo, StakeInfo and DelegateInfo runtime APIs (shapes of staking spec §15). */
function subtensorInfoApis(ctx: Ctx, t: ApiTypes): ApiDecl[] {
  const { lookup, u16, accountId, cU16, cU64 } = ctx;
  return [
    { name: 'SubnetInfoRuntimeApi', version: 1, methods: [
      { name: 'get_dynamic_info', inputs: [['netuid', u16]], output: lookup.option(t.dynamicInfo) },
      { name: 'get_all_dynamic_info', inputs: [], output: lookup.vec(lookup.option(t.dynamicInfo)) },
    ] },
    { name: 'StakeInfoRuntimeApi', version: 1, methods: [
      { name: 'get_stake_info_for_coldkey', inputs: [['coldkey_account', accountId]], output: lookup.vec(t.stakeInfo) },
      { name: 'get_stake_info_for_coldkeys', inputs: [['coldkey_accounts', lookup.vec(accountId)]], output: lookup.vec(lookup.tuple(accountId, lookup.vec(t.stakeInfo))) },
      { name: 'get_stake_info_for_hotkey_coldkey_netuid', inputs: [['hotkey_account', accountId], ['coldkey_account', accountId], ['netuid', u16]], output: lookup.option(t.stakeInfo) },
    ] },
    { name: 'DelegateInfoRuntimeApi', version: 1, methods: [
      { name: 'get_delegates', inputs: [], output: lookup.vec(t.delegateInfo) },
      { name: 'get_delegate', inputs: [['delegate_account', accountId]], output: lookup.option(t.delegateInfo) },
      { name: 'get_delegated', inputs: [['delegatee_account', accountId]], output: lookup.vec(lookup.tuple(t.delegateInfo, lookup.tuple(cU16, cU64))) },
    ] },
  ];
}

function balancerApis(ctx: Ctx, t: ApiTypes): ApiDecl[] {
  return [...nodeApis(ctx, t), swapApiWithSimulation(ctx, t), ...subtensorInfoApis(ctx, t)];
}

/** BTreeMap<K, V> as scale-info describes it: a composite over Vec<(K, V)>. */
function btreeMap(ctx: Ctx, key: number, value: number): number {
  return ctx.lookup.ensure({ composite: { fields: [field(null, ctx.lookup.vec(ctx.lookup.tuple(key, value)), null)] } }, ['BTreeMap'], [{ name: 'K', type: key }, { name: 'V', type: value }]);
}

/**
 * `current`: the balancer profile's APIs, StakeInfoRuntimeApi with
 * `get_stake_availability_for_coldkeys(coldkeys, netuids?) -> BTreeMap<AccountId32, BTreeMap<NetUid, StakeAvailability>>`
 * (pallets/subtensor/runtime-api/src/lib.rs; StakeAvailability fields Compact<AlphaBalance>, rpc_info/stake_info.rs).
 */
function currentApis(ctx: Ctx, t: ApiTypes): ApiDecl[] {
  const apis = balancerApis(ctx, t);
  const { lookup, accountId, u16, cU64 } = ctx;
  const availability = lookup.struct(['pallet_subtensor', 'rpc_info', 'stake_info', 'StakeAvailability'], [
    ['total', cU64, 'Compact<AlphaBalance>'], ['locked', cU64, 'Compact<AlphaBalance>'], ['available', cU64, 'Compact<AlphaBalance>'],
  ]);
  const stakeInfoApi = apis.find((a) => a.name === 'StakeInfoRuntimeApi')!;
  stakeInfoApi.methods.push({
    name: 'get_stake_availability_for_coldkeys',
    inputs: [['coldkey_accounts', lookup.vec(accountId)], ['netuids', lookup.option(lookup.vec(u16))]],
    output: btreeMap(ctx, accountId, btreeMap(ctx, u16, availability)),
  });
  apis.push(betaBasketApi(ctx));
  return apis;
}

/**
 * `BetaBasketRuntimeApi` (RaoFoundation/subtensor pallets/subtensor/runtime-api/src/lib.rs,
 * rpc_info/basket.rs): what a root staker's claims would pay. `BasketClaimPreview` fields as the
 * chain's (spec 468): the full entitlement (`accrued_tao`), what the claim pays now
 * (`redeemable_tao`) and the estimate of the dust rows it leaves in the fund (`forfeited_tao_est`).
 */
function betaBasketApi(ctx: Ctx): ApiDecl {
  const { lookup, accountId: acc, u32, u64 } = ctx;
  const preview = lookup.struct(['pallet_subtensor', 'rpc_info', 'basket', 'BasketClaimPreview'], [
    ['hotkey', acc, 'AccountId'], ['owed_shares', u64, 'u64'], ['accrued_tao', u64, 'TaoBalance'], ['redeemable_tao', u64, 'TaoBalance'],
    ['forfeited_tao_est', u64, 'TaoBalance'], ['rows', u32, 'u32'], ['rows_to_sell', u32, 'u32'], ['dust_rows', u32, 'u32'],
    ['swept', u32, 'u32'], ['flushed_credits', u32, 'u32'],
  ]);
  return { name: 'BetaBasketRuntimeApi', version: 1, methods: [
    { name: 'get_root_basket_owed', inputs: [['coldkey', acc]], output: u64 },
    { name: 'get_basket_payout', inputs: [['hotkey', acc], ['coldkey', acc]], output: u64 },
    { name: 'get_root_basket_positions', inputs: [['coldkey', acc]], output: lookup.vec(lookup.tuple(acc, u64, u64)) },
    { name: 'get_basket_claim_preview', inputs: [['hotkey', acc], ['coldkey', acc]], output: lookup.option(preview) },
    { name: 'get_root_basket_claim_previews', inputs: [['coldkey', acc]], output: lookup.vec(preview) },
  ] };
}

function v3Apis(ctx: Ctx, t: ApiTypes): ApiDecl[] {
  return [...nodeApis(ctx, t), swapApiPriceOnly(ctx), ...subtensorInfoApis(ctx, t)];
}

export const GENERATIONS: Readonly<Record<RuntimeName, Generation>> = {
  balancer: { subtensor: balancerSubtensor, swap: balancerSwap, apis: balancerApis },
  current: { subtensor: currentSubtensor, swap: currentSwap, apis: currentApis },
  v3: { subtensor: v3Subtensor, swap: v3Swap, apis: v3Apis },
};

function build(sourceHex: string, runtime: RuntimeName): { bytes: Uint8Array; sourceSha256: string } {
  const sourceBytes = hexToU8a(sourceHex);
  const sourceSha256 = createHash('sha256').update(sourceBytes).digest('hex');
  if (SOURCE_SHA256 && sourceSha256 !== SOURCE_SHA256) throw new Error(`source metadata sha256 ${sourceSha256} != ${SOURCE_SHA256}`);

  const registry = new TypeRegistry();
  const v14 = new Metadata(registry, sourceBytes);
  if (v14.version !== 14) throw new Error(`expected v14 source, got v${v14.version}`);
  registry.setMetadata(v14);
  const md = v14.asV15.toJSON() as any;
  const lookup = new Lookup(md.lookup.types);

  // The order of these lookups fixes the ids of any type they append; keep it.
  const u8 = lookup.primitive('U8');
  const u16 = lookup.primitive('U16');
  const ctx: Ctx = {
    md, lookup, pallet: (name: string) => md.pallets.find((p: any) => p.name === name),
    u8, u16, u32: lookup.primitive('U32'), u64: lookup.primitive('U64'), u128: lookup.primitive('U128'), bool: lookup.primitive('Bool'),
    bytes: lookup.vec(u8), accountId: lookup.byPath('sp_core::crypto::AccountId32'), h256: lookup.byPath('primitive_types::H256'),
    cU16: lookup.compact(u16), cU64: 0, cU128: 0, cU8: 0,
    weight: 0, dispatchClass: 0, runtimeVersion: 0, i96f32: 0,
  };
  ctx.cU64 = lookup.compact(ctx.u64);
  ctx.cU128 = lookup.compact(ctx.u128);
  ctx.cU8 = lookup.compact(u8);
  ctx.weight = lookup.byPath('sp_weights::weight_v2::Weight');
  ctx.dispatchClass = lookup.byPath('frame_support::dispatch::DispatchClass');
  ctx.runtimeVersion = lookup.byPath('sp_version::RuntimeVersion');
  ctx.i96f32 = lookup.byPath('substrate_fixed::FixedI128');

  const generation = GENERATIONS[runtime];
  generation.subtensor(ctx);
  generation.swap(ctx);

  // --- outer RuntimeError enum (v15 outerEnums.errorType): one variant per pallet with errors
  const runtimeError = lookup.ensure(
    { variant: { variants: md.pallets.filter((p: any) => p.errors).map((p: any) => ({
      name: p.name, index: p.index, docs: [], fields: [field(null, p.errors.type, null)],
    })) } },
    ['node_subtensor_runtime', 'RuntimeError'],
  );
  md.outerEnums.errorType = runtimeError;

  const apis = generation.apis(ctx, apiTypes(ctx));
  md.apis = apis.map((api) => ({
    name: api.name, docs: [],
    methods: api.methods.map((m) => ({ name: m.name, inputs: m.inputs.map(([name, type]) => ({ name, type })), output: m.output, docs: [] })),
  }));

  // --- System.Version constant: our impl name, the profile's versions and the api list we declare
  const profile = PROFILES[runtime];
  const versionConst = ctx.pallet('System').constants.find((c: any) => c.name === 'Version');
  versionConst.value = registry.createTypeUnsafe(registry.createLookupType(ctx.runtimeVersion), [{
    ...VERSION_BASE, specVersion: profile.specVersion, implVersion: profile.implVersion,
    apis: apis.map((a) => [blake2AsHex(a.name, 64), a.version]),
  }]).toHex();

  const out = new Metadata(new TypeRegistry(), { magicNumber: 0x6174656d, metadata: { v15: md } } as any);
  return { bytes: out.toU8a(), sourceSha256 };
}

// ---------------------------------------------------------------------------------------------

function main(): void {
  const arg = (name: string): string | undefined => {
    const i = process.argv.indexOf(name);
    return i > 0 ? process.argv[i + 1] : undefined;
  };
  const only = arg('--profile');
  const runtimes = only === undefined ? RUNTIME_NAMES : [parseRuntimeName(only)];
  const sourceHex = readSourceHex(arg('--source'));
  for (const runtime of runtimes) {
    const { bytes, sourceSha256 } = build(sourceHex, runtime);
    const file = outputFile(runtime);
    writeFileSync(file, bytes);
    console.log(`${runtime}: source v14 sha256 ${sourceSha256}`);
    console.log(`${runtime}: wrote ${file}: ${bytes.length} bytes, sha256 ${createHash('sha256').update(bytes).digest('hex')}`);
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main();
