/**
 * The devnet's chain state: the contract between the staking rules (devnet/state/) and the RPC
 * node that decodes extrinsics and encodes storage and runtime-API answers (devnet/rpc/).
 *
 * Everything here is simulated: the state transition is ours, written from the chain's rules in
 * the staking spec, and proves nothing about the real runtime (the real-runtime check is the
 * chopsticks test). Amounts are u64 rao as bigint.
 */

import type { LocksState } from './locks.ts';
import type { RootClaimsState } from './root-claims.ts';
import type { RuntimeName } from '../profiles.ts';
import type { SuperellipseCurve } from '../../src/amm/index.ts';

export type { RuntimeName } from '../profiles.ts';

/** An account as a 0x-prefixed lowercase hex public key (32 bytes). */
export type AccountId = `0x${string}`;

/** `System.Account` (FRAME AccountInfo with AccountData). */
export interface AccountInfo {
  nonce: number;
  consumers: number;
  providers: number;
  sufficients: number;
  free: bigint;
  reserved: bigint;
  frozen: bigint;
}

export interface SubnetState {
  netuid: number;
  /** `SubtensorModule.SubnetMechanism`: 0 stable (root too), 1 dynamic. */
  mechanism: number;
  name: string;
  /** Token symbol, e.g. "α", "β", "τ" for root. */
  symbol: string;
  /** `SubnetTAO`, rao. */
  taoReserve: bigint;
  /** `SubnetAlphaIn`. */
  alphaReserve: bigint;
  /** `SubnetAlphaOut`. */
  alphaOut: bigint;
  /** `Swap.SwapBalancer` quote weight, parts of 1e18. */
  quoteWeight: bigint;
  /** `Swap.FeeRate`, u16 (fee = feeRate / 65535). */
  feeRate: number;
  subtokenEnabled: boolean;
  transferToggle: boolean;
  ownerHotkey: AccountId;
  ownerColdkey: AccountId;
  tempo: number;
  registeredAt: number;
  /** Per-block emission figures shown in the subnet list (rao); not used in pricing. */
  taoInEmission: bigint;
  alphaInEmission: bigint;
  alphaOutEmission: bigint;
  /** Cumulative traded volume (u128 on chain). */
  volume: bigint;
  /**
   * `Swap.SwapSuperellipse[netuid]` on superellipse runtimes: the curve calibrated from the
   * Balancer weight (Q32 units, i.e. 2^-32 rao). Absent until calibrated (genesis, the first
   * swap, or the migration control).
   */
  curve?: SuperellipseCurve;
  /** `Swap.AlphaSqrtPrice[netuid]` on V3 runtimes: √(TAO per alpha) as U64F64 bits. */
  sqrtPrice?: bigint;
  /** `Swap.CurrentLiquidity[netuid]` on V3 runtimes (u64). */
  liquidity?: bigint;
  /**
   * `Swap.SwapV3Initialized[netuid]` on V3 runtimes: false for a pool that has never traded (no
   * sqrt price or liquidity stored; its first swap initialises it). Absent = initialised.
   */
  v3Initialized?: boolean;
  /**
   * `AlphaDividendsPerSubnet[netuid, hotkey]`: alpha each hotkey earned in the subnet's last
   * epoch (emission.ts). Replaced whole at each epoch and never mutated, so the shallow state
   * copies may share it.
   */
  lastDividends?: ReadonlyMap<AccountId, bigint>;
  /** `SubnetIdentitiesV3[netuid]` (also `DynamicInfo.subnet_identity`); absent = none set. Never mutated. */
  identity?: Readonly<SubnetIdentity>;
  /**
   * Test control (faults.ts): TAO each stake on this subnet leaves on the subnet account instead
   * of swapping, as the chain did before subtensor#2735 was fixed. Absent = the correct rules.
   */
  strandedStakeTao?: bigint;
}

/** `SubnetIdentityV3`: text fields as UTF-8 strings. */
export interface SubnetIdentity {
  subnetName: string;
  githubRepo: string;
  subnetContact: string;
  subnetUrl: string;
  discord: string;
  description: string;
  logoUrl: string;
  additional: string;
}

/** `pallet_subtensor_swap::pallet::superellipse::Superellipse` (u128, u128, i128, i128; Q32), as src/amm holds it. */
export type { SuperellipseCurve } from '../../src/amm/index.ts';

/** A registered hotkey (validator) and its owner. */
export interface HotkeyState {
  hotkey: AccountId;
  /** `SubtensorModule.Owner`: the coldkey that owns the hotkey. */
  owner: AccountId;
  /** Display name (the chain's identity) for the validator picker. */
  name: string;
  /** `Delegates` take, u16 parts of 65535. */
  take: number;
  /** Netuids on which the hotkey is registered (validator permits are given on all of them). */
  registrations: number[];
}

/**
 * `SubtensorModule.IdentitiesV2[coldkey]` (ChainIdentityOfV2): the identity a coldkey set with
 * `set_identity`. Wallets show the owner coldkey's identity name for its hotkeys.
 */
export interface ChainIdentity {
  name: string;
  url: string;
  githubRepo: string;
  image: string;
  discord: string;
  description: string;
  additional: string;
}

/** Stake of one hotkey on one subnet, as a share pool (`TotalHotkeyAlpha` over shares). */
export interface SharePool {
  /** `TotalHotkeyAlpha[hotkey, netuid]`: the alpha value of the whole pool. */
  totalAlpha: bigint;
  /** Sum of all shares (the denominator). Integer shares: a simplification of the chain's SafeFloat. */
  totalShares: bigint;
  /** coldkey -> shares. */
  shares: Map<AccountId, bigint>;
}

export interface ChainState {
  /**
   * The runtime generation this state runs (devnet/profiles.ts): the chain's `:code`. A runtime
   * upgrade (the migration control) changes it; each block's snapshot keeps its own.
   */
  runtime: RuntimeName;
  blockNumber: number;
  accounts: Map<AccountId, AccountInfo>;
  totalIssuance: bigint;
  subnets: Map<number, SubnetState>;
  hotkeys: Map<AccountId, HotkeyState>;
  /** Key `${hotkey}:${netuid}`. */
  stakePools: Map<string, SharePool>;
  /** `StakingHotkeys[coldkey]`: hotkeys this coldkey has staked to (scanned by stake info). */
  stakingHotkeys: Map<AccountId, AccountId[]>;
  /** `IdentitiesV2`: coldkey -> identity (set at genesis; the devnet has no `set_identity`). */
  identities: Map<AccountId, ChainIdentity>;
  /** The author of the block being built: receives swap fees and transaction fees. */
  blockAuthor: AccountId;
  /** Conviction locks (locks.ts): empty and unused on runtimes without lock_stake. */
  locks: LocksState;
  /** Root claims and the root-stake hold (root-claims.ts): defaults and unused on runtimes without them. */
  rootClaims: RootClaimsState;
}

/** A runtime event in the shape @polkadot/types can encode: pallet and variant names, args in metadata order. */
export interface RuntimeEvent {
  section: string;
  method: string;
  data: unknown[];
}

/** A dispatch error by pallet and name, as the metadata spells them (e.g. SubtensorModule.SlippageTooHigh). */
export interface DispatchErrorName {
  section: string;
  name: string;
}

export type DispatchOutcome =
  | { ok: true; events: RuntimeEvent[] }
  | { ok: false; error: DispatchErrorName; events: RuntimeEvent[] };

/**
 * A decoded call, as the RPC layer hands it to the rules: section and method in metadata
 * spelling (camelCase from @polkadot/types: `subtensorModule`, `addStakeLimit`) and the
 * arguments as plain values: AccountId as hex, numbers that fit u16 as number, u64 as bigint,
 * bool, Option as value | null.
 */
export interface DecodedCall {
  section: string;
  method: string;
  args: Record<string, unknown>;
}
