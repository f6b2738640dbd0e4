/** Chain constants the pool math uses (spec §2, §6). */
export const RAO_PER_TAO = 1_000_000_000n;
/** Perquintill accuracy: weights are parts of 1e18. */
export const PERQUINTILL = 1_000_000_000_000_000_000n;
/** Default buy price limit when none is given: 1e15 rao (1e6 TAO per alpha). */
export const MAX_PRICE_RAO = 1_000_000_000_000_000n;
/** Default sell price limit when none is given: 1000 rao. */
export const MIN_PRICE_RAO = 1_000n;
/** Swap input cap: net input ≤ 1000 × the input reserve (spec ≥ 424). */
export const MAX_SWAP_INPUT_RESERVE_MULTIPLIER = 1_000n;
/** `pow_ratio_scaled` precision inside exp_scaled (spec ≥ 424) and inside the limit deltas. */
export const EXP_PRECISION = 256;
export const DELTA_PRECISION = 1024;
/** SubtensorModule DefaultMinStake. */
export const DEFAULT_MIN_STAKE = 2_000_000n;
/** Swap.MinimumReserve runtime value. */
export const MINIMUM_RESERVE = 1_000_000n;
export const U16_MAX = 65_535;
