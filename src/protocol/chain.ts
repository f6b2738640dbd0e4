// Messages of the chain client (background/chain): network choice, the per-block snapshot the
// popup renders, validators, and transactions (prepare -> cross-check -> sign and submit -> watch).
import * as v from 'valibot';
import { message } from './define.ts';
import { AddressSchema, NetuidSchema, RaoSchema, type RaoString } from './wire.ts';
import type { SubnetCard } from '../taoapp/decode.ts';

export type NetworkId = 'finney' | 'testnet' | 'devnet' | 'custom';

export interface NetworkConfig {
  id: NetworkId;
  name: string;
  url: string;
  /** Block explorer base for links (public networks only). */
  explorer?: string;
}

export interface ConnectionState {
  network: NetworkId;
  url: string;
  status: 'connecting' | 'connected' | 'reconnecting' | 'error';
  /** Why the last attempt failed (wrong chain, unreachable...), in words. */
  error?: string;
  /** Machine-readable kind of `error`: 'WrongChain' (no retry; pick another network) or 'Disconnected' (retrying). */
  errorCode?: 'WrongChain' | 'Disconnected';
  attempt: number;
  nextRetryAt: number | null;
}

export type PoolModel = 'balancer' | 'constantProduct' | 'v3' | 'superellipse';
/** The runtime generation's staking rules around the pool (src/amm types.ts SwapRules), from the metadata. */
export type SwapRules = 'current' | 'v3' | 'v3Transfers';

/** One subnet as the popup needs it: the AMM's Pool fields plus display data. */
export interface SubnetView {
  netuid: number;
  name: string;
  symbol: string;
  mechanism: number;
  taoReserve: RaoString;
  alphaReserve: RaoString;
  alphaOut: RaoString;
  /** Swap.SwapBalancer quote weight, parts of 1e18. */
  quoteWeight: RaoString;
  feeRate: number;
  /** Spot price, rao per alpha (SwapRuntimeApi.current_alpha_price). */
  price: RaoString;
  /** TAO emission into the pool per block (tao_in_emission). */
  emission: RaoString;
  volume: RaoString;
  subtokenEnabled: boolean;
  /** V3 pools only: sqrt price (U64F64 bits) and liquidity. */
  sqrtPrice?: RaoString;
  liquidity?: RaoString;
  /** Superellipse pools: Swap.SwapSuperellipse in units of 2^-32 rao (decimal strings; centres may be negative), absent before the pool's first swap. */
  curve?: { alphaScale: string; taoScale: string; centerAlpha: string; centerTao: string };
  /** Swap.PalSwapInitialized (superellipse pools): whether the Balancer weight calibrates a missing curve. */
  swapInitialized?: boolean;
  /** Swap.SwapV3Initialized (V3 pools, where the runtime has it): false for a pool that never traded (priced at its reserves). */
  v3Initialized?: boolean;
  /** Why the stored curve record could not be decoded; such a pool cannot be priced. */
  curveProblem?: string;
}

export interface PositionView {
  hotkey: string;
  hotkeyName?: string;
  netuid: number;
  /** Stake in alpha units (rao-sized u64). */
  alpha: RaoString;
  /** alpha x spot price. */
  valueTao: RaoString;
  /** What a full unstake would actually return now (local AMM, fee and slippage included). */
  unstakeTao: RaoString;
}

/** Which chain, block and runtime a snapshot was read at. */
export interface SnapshotHead {
  network: NetworkId;
  genesisHash: string;
  blockNumber: number;
  blockHash: string;
  specVersion: number;
  poolModel: PoolModel;
  /** Absent: 'current'. V3 pool runtimes with Swap.SwapV3Initialized: 'v3' (fee on the destination leg of moves, same-subnet moves through the pool) or 'v3Transfers' (same-subnet moves are transfers); src/amm types.ts SwapRules. */
  swapRules?: SwapRules;
}

/** Staking calls the connected runtime has beyond the base set, from its metadata. */
export interface StakingFeatures {
  /** SubtensorModule.move_stake_limit: change validator and subnet in one limit-protected call. */
  moveStakeLimit: boolean;
  /** Conviction locks: lock_stake and the runtime API get_stake_availability_for_coldkeys. */
  locks: boolean;
  /**
   * Root claims (Root Reborn): claim_root_with_hotkey and the runtime API
   * BetaBasketRuntimeApi (claim previews, or positions on runtimes before them). Absent on
   * snapshots of older wallets.
   */
  rootClaims?: boolean;
  /** Utility.batch_all with claim_root_with_hotkey and remove_stake_full_limit: claim then exit root in one transaction. */
  rootClaimExit?: boolean;
  /** SubtensorModule.claim_root (call 121): one transaction claims every validator (its `subnets` argument is ignored). */
  rootClaimAll?: boolean;
}

/** What claiming one validator's root basket would do now (the chain's claim preview). */
export interface RootClaimView {
  hotkey: string;
  hotkeyName?: string;
  /** The whole entitlement at today's sale quotes. */
  accrued: RaoString;
  /** What a claim now pays (staked on root with the validator). */
  redeemable: RaoString;
  /** The estimated value of the dust holdings the claim would leave in the fund. */
  forfeited: RaoString;
  dustRows: number;
}

export interface RootClaimsView {
  /** `RootClaimableThreshold[0]` in rao (rounded up): a claim paying less is a paid no-op. */
  threshold: RaoString;
  /** `RootStakeUnlockInterval`, blocks; 0 = no hold. */
  unlockInterval: string;
  /** Block time for dates, ms. */
  blockTimeMs: number;
  /** One entry per validator with something owed. */
  claims: RootClaimView[];
  /** False on runtimes without claim previews: `redeemable` is then the whole entitlement and dust is not estimated. */
  dustEstimated: boolean;
  /** `LastColdkeyHotkeyStakeBlock` per root validator of the account (absent = never stamped). */
  lastStakeBlock: Record<string, number>;
}

/** The account's alpha on one subnet over every hotkey, and the part a conviction lock holds. */
export interface SubnetLockView {
  netuid: number;
  total: RaoString;
  locked: RaoString;
  available: RaoString;
  /** The hotkey the lock is tied to (top-ups must use it), when there is a lock. */
  hotkey?: string;
  /** Perpetual: the locked mass does not decay until switched back. */
  perpetual: boolean;
}

export interface LocksView {
  /** `UnlockRate`: the decay time constant τ, blocks. */
  unlockRate: RaoString;
  /** Block time for dates, ms (the chain's slot: 2 x Timestamp.MinimumPeriod). */
  blockTimeMs: number;
  /** Subnets where the account holds alpha or a lock (the runtime leaves out the empty ones). */
  subnets: SubnetLockView[];
  /** The account refuses incoming locked alpha (the chain's default). */
  rejectsLockedAlpha: boolean;
}

export interface Snapshot extends SnapshotHead {
  /** Absent on snapshots cached by an older wallet: read as "none of them". */
  features?: StakingFeatures;
  /** Chain constants the previews need. */
  constants: { minStake: RaoString; minReserve: RaoString; existentialDeposit: RaoString; ss58: number };
  subnets: SubnetView[];
  account: null | {
    address: string;
    free: RaoString;
    positions: PositionView[];
    /** free + sum(valueTao). */
    totalTao: RaoString;
    /** Per-subnet availability; absent where the chain has no conviction locks. */
    locks?: LocksView;
    /** Claimable root dividends and the root hold; absent where the chain has no root claims. */
    rootClaims?: RootClaimsView;
  };
  updatedAt: number;
}

export interface ValidatorView {
  hotkey: string;
  name: string;
  /** u16 parts of 65535. */
  take: number;
  /** Total alpha staked to this hotkey on the subnet. */
  stake: RaoString;
  nominators: number;
}

/**
 * Yield estimates at one block (src/yield): APY as a fraction scaled by 1e18, decimal string;
 * null where it cannot be valued (no stake, no price).
 */
export interface YieldView {
  blockNumber: number;
  blocksPerYear: string;
  validators: { netuid: number; hotkey: string; apy: string | null }[];
  subnets: { netuid: number; apy: string | null }[];
}

/** A subnet's on-chain identity and its TAOAppv1 card (src/taoapp), for the card in the picker. */
export interface SubnetCardView {
  netuid: number;
  /** Identity text fields; null when the owner set none. URLs only when https. */
  identity: null | { name: string; description: string; url: string | null; github: string | null; discord: string };
  /** Decoded from the identity's `additional` field; null when it holds no TAOAppv1 payload. */
  card: SubnetCard | null;
  /** `additional` when it is ordinary owner text (not a payload of any TAOApp version). */
  notes: string | null;
}

/** What the user wants to do; the background turns it into a call built from live metadata. */
export const IntentSchema = v.variant('kind', [
  v.strictObject({ kind: v.literal('stake'), hotkey: AddressSchema, netuid: NetuidSchema, amount: RaoSchema, limitPrice: RaoSchema, allowPartial: v.boolean() }),
  v.strictObject({ kind: v.literal('unstake'), hotkey: AddressSchema, netuid: NetuidSchema, amount: RaoSchema, limitPrice: RaoSchema, allowPartial: v.boolean() }),
  v.strictObject({ kind: v.literal('unstakeFull'), hotkey: AddressSchema, netuid: NetuidSchema, limitPrice: v.nullable(RaoSchema) }),
  /** swap_stake_limit: same hotkey, another subnet (root <-> alpha, alpha <-> alpha). */
  v.strictObject({ kind: v.literal('swap'), hotkey: AddressSchema, originNetuid: NetuidSchema, destinationNetuid: NetuidSchema, amount: RaoSchema, limitPrice: RaoSchema, allowPartial: v.boolean() }),
  /** move_stake: change validator (same or other subnet). No price limit on chain. */
  v.strictObject({ kind: v.literal('move'), originHotkey: AddressSchema, destinationHotkey: AddressSchema, originNetuid: NetuidSchema, destinationNetuid: NetuidSchema, amount: RaoSchema }),
  /** move_stake_limit: any (hotkey, subnet) to any other, with a minimum destination-alpha per origin-alpha ratio x 1e9. */
  v.strictObject({
    kind: v.literal('moveLimit'), originHotkey: AddressSchema, destinationHotkey: AddressSchema, originNetuid: NetuidSchema, destinationNetuid: NetuidSchema,
    amount: RaoSchema, limitPrice: RaoSchema, allowPartial: v.boolean(),
  }),
  /** lock_stake: lock (or top up with the same hotkey) alpha on a subnet. */
  v.strictObject({ kind: v.literal('lock'), hotkey: AddressSchema, netuid: NetuidSchema, amount: RaoSchema }),
  /** move_lock: the subnet's lock goes to another hotkey (conviction resets). */
  v.strictObject({ kind: v.literal('moveLock'), destinationHotkey: AddressSchema, netuid: NetuidSchema }),
  v.strictObject({ kind: v.literal('setPerpetualLock'), netuid: NetuidSchema, enabled: v.boolean() }),
  v.strictObject({ kind: v.literal('setRejectLockedAlpha'), enabled: v.boolean() }),
  v.strictObject({ kind: v.literal('transferStake'), destinationColdkey: AddressSchema, hotkey: AddressSchema, originNetuid: NetuidSchema, destinationNetuid: NetuidSchema, amount: RaoSchema }),
  v.strictObject({ kind: v.literal('unstakeAll'), hotkey: AddressSchema }),
  // Root claims: one validator's basket, or claim then unstake the whole root position (batch_all).
  v.strictObject({ kind: v.literal('claimRoot'), hotkey: AddressSchema }),
  v.strictObject({ kind: v.literal('claimRootExit'), hotkey: AddressSchema }),
  // claim_root: every validator the account has a basket share with, in one transaction.
  v.strictObject({ kind: v.literal('claimRootAll') }),
  v.strictObject({ kind: v.literal('transfer'), dest: AddressSchema, amount: RaoSchema }),
]);
export type Intent = v.InferOutput<typeof IntentSchema>;

export interface SimulationView {
  /** What the chain's sim_swap_* says, at the same block as our quote. */
  chain: { amountIn: RaoString; amountOut: RaoString; fee: RaoString };
  local: { amountIn: RaoString; amountOut: RaoString; fee: RaoString };
  /** Empty when they agree to the rao; otherwise each difference in words. */
  differences: string[];
}

export interface PreparedTx {
  id: string;
  from: string;
  intent: Intent;
  /** The call as the chain will see it, decoded from metadata (section.method and named args). */
  call: { section: string; method: string; args: Record<string, string>; hex: string };
  /** Plain-words description ("Stake 10 TAO into SN19 with validator X, limit ..."). */
  summary: string;
  /** payment_queryInfo partial fee, rao. */
  networkFee: RaoString;
  blockHash: string;
  blockNumber: number;
  simulation: SimulationView | null;
  /**
   * Said on the review when there is no chain simulation to compare with although the call
   * swaps (the runtime does not offer sim_swap_*): the preview is the wallet's own model.
   */
  simulationNote?: string | null;
}

export type TxStatus = 'signing' | 'broadcast' | 'inBlock' | 'finalized' | 'failed' | 'dropped' | 'unknown';

export interface TxRecord {
  id: string;
  network: NetworkId;
  from: string;
  summary: string;
  intent: Intent;
  hash: string | null;
  status: TxStatus;
  blockHash: string | null;
  blockNumber: number | null;
  /** Chain error name when failed (SlippageTooHigh...) and its explanation in words. */
  error: null | { code: string; message: string };
  /** What the preview promised and what the StakeAdded/StakeRemoved event says was received. */
  previewed: RaoString | null;
  received: RaoString | null;
  /**
   * What the chain executed of the input (TAO staked, alpha unstaked or moved), from the same
   * events: below the request when a limit with allow_partial filled only part of it. Absent on
   * records made before it existed.
   */
  executed?: RaoString | null;
  createdAt: number;
  updatedAt: number;
  explorerUrl: string | null;
  /** After inclusion: events, prices and the reconciliation (absent on records made before it existed). */
  settlement?: TxSettlement;
  /**
   * 'chain': a staking event of one of the wallet's accounts that this wallet did not send, seen
   * in a block's System.Events (src/history/seen.ts); its intent is rebuilt from the event.
   * Absent: a transaction this wallet sent.
   */
  source?: 'chain';
}

/** One staking event of a transaction, as the history and its CSV export show it. */
export interface SettlementLeg {
  /**
   * StakeAdded, StakeRemoved, or (seen on chain only) StakeMoved, StakeSwapped, StakeTransferred,
   * and `claim` for a root claim (BasketClaimed / RootClaimed: TAO staked on root, alpha == tao).
   */
  kind: 'stake' | 'unstake' | 'move' | 'swap' | 'transfer' | 'claim';
  netuid: number;
  hotkey: string;
  /** TAO in (stake: taken, swap fee included) or out (unstake), rao. */
  tao: RaoString;
  /** Alpha bought (stake) or sold (unstake, net of its fee). */
  alpha: RaoString;
  /** The swap fee from the event: TAO on a stake, alpha on an unstake. */
  swapFee: RaoString;
  /** Pool spot price at the inclusion block (after it), rao per alpha. */
  price: RaoString;
  /** The leg's TAO value: TAO received on an unstake, alpha x price on a stake. */
  valueTao: RaoString;
}

/** What the chain did, read after inclusion from the block's events and its storage diff. */
export interface TxSettlement {
  /** Timestamp.Now of the block, ms since 1970 (UTC). */
  timestamp: number | null;
  /** section.method of the call, as the chain names it. */
  call: string;
  /** TransactionFeePaid: actual fee + tip, rao. */
  networkFee: RaoString;
  legs: SettlementLeg[];
  /**
   * Stake and unstake only: the account's TAO and alpha before (parent block) and after (this
   * block) against what the events say. `flags` says each difference beyond the preview in words.
   */
  reconciliation: null | { taoChange: RaoString; taoExpected: RaoString; alphaFee: RaoString | null; flags: string[] };
}

export interface Settings {
  /** Slippage tolerance in parts per million (0.5% = 5000). */
  tolerancePpm: number;
  allowPartial: boolean;
  /** The account the portfolio shows. */
  activeAddress: string | null;
}

export const chainMessages = {
  'pri(chain.networks)': message<{ networks: NetworkConfig[]; selected: NetworkId; customUrl: string | null }>()(v.strictObject({})),
  /** Switches network; a custom URL must be a subtensor chain (genesis/metadata checked). */
  'pri(chain.selectNetwork)': message<ConnectionState>()(
    v.strictObject({ network: v.picklist(['finney', 'testnet', 'devnet', 'custom']), url: v.optional(v.pipe(v.string(), v.maxLength(512), v.regex(/^wss?:\/\//, 'a ws:// or wss:// URL'))) }),
  ),
  /** The cached snapshot at once (may be from the last session) and the connection state. */
  'pri(chain.state)': message<{ connection: ConnectionState; snapshot: Snapshot | null }>()(v.strictObject({})),
  'pri(chain.validators)': message<ValidatorView[]>()(v.strictObject({ netuid: NetuidSchema })),
  /** The subnet's identity and TAOAppv1 card at the best block. */
  'pri(chain.subnetCard)': message<SubnetCardView>()(v.strictObject({ netuid: NetuidSchema })),
  /** APY per validator per subnet and per subnet, from the last epoch's dividends (re-read every few blocks). */
  'pri(chain.yields)': message<YieldView>()(v.strictObject({})),
  'pri(settings.get)': message<Settings>()(v.strictObject({})),
  'pri(settings.update)': message<Settings>()(
    v.strictObject({
      tolerancePpm: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(1_000_000))),
      allowPartial: v.optional(v.boolean()),
      activeAddress: v.optional(v.nullable(AddressSchema)),
    }),
  ),
  /** Builds the call from live metadata, estimates the fee, and cross-checks the swap with the chain's simulation. */
  'pri(tx.prepare)': message<PreparedTx>()(v.strictObject({ from: AddressSchema, intent: IntentSchema, previewed: v.optional(RaoSchema) })),
  /** Signs (wallet must be unlocked) and submits a prepared transaction; progress arrives as tx.updated. */
  'pri(tx.submit)': message<TxRecord>()(v.strictObject({ id: v.pipe(v.string(), v.maxLength(64)) })),
  'pri(tx.list)': message<TxRecord[]>()(v.strictObject({})),
  /** Local devnet only: tops the account up to 1,000 test TAO so a new wallet can stake. */
  'pri(chain.devnetFaucet)': message<{ free: RaoString }>()(v.strictObject({ address: AddressSchema })),
} as const;

export interface ChainEvents {
  'chain.updated': { connection: ConnectionState; snapshot: Snapshot | null };
  'tx.updated': TxRecord;
}
