/**
 * The runtime generations the devnet can run (`DEVNET_RUNTIME`, `startDevnet({ runtime })`), in
 * one place. A profile picks the metadata file the devnet serves (built by
 * devnet/metadata/generate.ts, which takes the spec versions from here), the pool model its
 * swaps price with, and the dispatch rules the staking code consults. What each profile's
 * metadata declares decides which storage items and runtime APIs are served: the storage
 * encoder and the runtime-API table only answer for what the metadata has.
 *
 * Pure data, no imports of the chain code, so the generator, the state rules and the RPC layer
 * can all read it. Where each fact comes from is in devnet/README.md ("Runtime profiles").
 */

export type RuntimeName = 'current' | 'balancer' | 'v3';

export const RUNTIME_NAMES: readonly RuntimeName[] = ['current', 'balancer', 'v3'];

export const DEFAULT_RUNTIME: RuntimeName = 'current';

/** How a generation prices a dynamic subnet's swaps. */
export type DevnetPoolModel = 'superellipse' | 'balancer' | 'v3';

/**
 * The generation-specific switches of the staking rules (devnet/state/). The rules read them
 * through `rulesOf(state)`; a branch that implements another generation's behaviour adds a
 * field here and sets it on that profile, so every difference stays visible in this file.
 */
export interface DispatchRules {
  /** The pool model swaps price with (devnet/state/queries.ts `poolOf`). */
  readonly poolModel: DevnetPoolModel;
  /**
   * Superellipse chains build a funded subnet's curve from its Balancer weight at its first
   * swap when none is stored yet (RaoFoundation/subtensor pallets/swap impls.rs); the devnet
   * does the same when a state has no curve for a subnet.
   */
  readonly lazyCurveInit: boolean;
  /**
   * The staking rules around the swap (src/amm types.ts `SwapRules`). 'v3' is the V3 pool
   * generation as opentensor/subtensor dc5c11b55 (spec 293) dispatches it
   * (pallets/subtensor/src/staking/{add_stake,remove_stake,move_stake,stake_utils}.rs,
   * pallets/swap/src/pallet/impls.rs): moves sell the origin alpha without fee and pay the fee in
   * TAO on the destination buy; a same-subnet move to another hotkey sells and buys back through
   * the pool; the default limits are min_price() = 0 and max_price() = u64::MAX; a limit's √ is the
   * chain's bisection; a pool with SwapV3Initialized false is priced at its reserves and
   * initialised by its first swap; get_max_amount_* failing is ZeroMaxStakeAmount; swap fees
   * stay with the pool (the protocol position) instead of going to the block author; a limit stake
   * refunds nothing.
   */
  readonly swapRules: 'current' | 'v3';
  /**
   * Whether the pool checks staking calls as the runtime's transaction extension does
   * (`SubtensorTransactionExtension::validate` of spec 293): the dispatch's own validation run at
   * submission, refusing with `InvalidTransaction::Custom(code)` (`CustomTransactionError`, e.g.
   * 14 = ZeroMaxAmount). Only the v3 profile does; the others accept such calls into a block,
   * where they fail at dispatch.
   */
  readonly stakingValidity: boolean;
}

export interface RuntimeProfile {
  readonly name: RuntimeName;
  /** One line for logs and the README. */
  readonly summary: string;
  /** File in devnet/metadata/ (v15 metadata, SCALE). */
  readonly metadataFile: string;
  /** `System.Version` / `Core_version` / `state_getRuntimeVersion`. */
  readonly specVersion: number;
  readonly implVersion: number;
  readonly rules: DispatchRules;
}

export const PROFILES: Readonly<Record<RuntimeName, RuntimeProfile>> = {
  current: {
    name: 'current',
    summary: 'newest subtensor code (RaoFoundation/subtensor): superellipse pools, SwapSuperellipse storage',
    metadataFile: 'subtensor-current.scale',
    // RaoFoundation/subtensor runtime/src/lib.rs (file version 005a8dc0): the newest runtime
    // in reference whose Swap pallet has SwapSuperellipse. Above balancer's 233, so the
    // migration control is a spec bump as on chain.
    specVersion: 459,
    implVersion: 1,
    rules: { poolModel: 'superellipse', lazyCurveInit: true, swapRules: 'current', stakingValidity: false },
  },
  balancer: {
    name: 'balancer',
    summary: 'spec 233 metadata with the Balancer swap of spec 425 (the devnet before profiles)',
    // Kept under its old name: other code and tests read this file directly.
    metadataFile: 'subtensor-devnet.scale',
    specVersion: 233,
    implVersion: 1,
    rules: { poolModel: 'balancer', lazyCurveInit: false, swapRules: 'current', stakingValidity: false },
  },
  v3: {
    name: 'v3',
    summary: 'subtensor spec 293 (opentensor/subtensor dc5c11b55): V3 sqrt-price pools, current_alpha_price only',
    metadataFile: 'subtensor-v3.scale',
    specVersion: 293,
    implVersion: 1,
    rules: { poolModel: 'v3', lazyCurveInit: false, swapRules: 'v3', stakingValidity: true },
  },
};

/** Parses a runtime name (e.g. DEVNET_RUNTIME); throws with the accepted names otherwise. */
export function parseRuntimeName(value: unknown): RuntimeName {
  if (typeof value === 'string' && (RUNTIME_NAMES as readonly string[]).includes(value)) return value as RuntimeName;
  throw new Error(`runtime must be one of ${RUNTIME_NAMES.join(', ')}, got ${String(value)}`);
}

export function profileOf(name: RuntimeName): RuntimeProfile {
  return PROFILES[name];
}

/** The dispatch rules of the runtime a state runs (its `runtime` field, the chain's `:code`). */
export function rulesOf(state: { runtime: RuntimeName }): DispatchRules {
  return PROFILES[state.runtime].rules;
}
