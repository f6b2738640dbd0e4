/**
 * Exact local model of subtensor subnet pools (amounts in rao, bigint only). The popup's
 * slippage preview and the devnet's staking rules import from here.
 */
export type { Pool, PoolModel, SwapQuote, MoveQuote, Order, SwapRules } from './types.ts';
export { AmmError, isAmmError, CHAIN_ERROR_CODES, type AmmErrorCode } from './errors.ts';
export { spotPrice, currentPriceBits, quoteStake, quoteUnstake, maxStake, maxUnstake, quoteMove, isDynamic, hasV3Rules, movesThroughV3Pools, defaultBuyLimit, defaultSellLimit } from './swap.ts';
export { checkedSqrtBits, v3LimitSqrt, v3PoolState, v3PoolAfter, V3_LIMIT_SQRT_EPSILON, V3_INIT_SQRT_EPSILON, V3_MIN_PRICE_RAO, V3_MAX_PRICE_RAO } from './legacy.ts';
export {
  superellipseFromWeights,
  superellipseFromBalancer,
  superellipsePrice,
  superellipseBuyOutput,
  superellipseSellOutput,
  superellipseMaxBuyInput,
  superellipseMaxSellInput,
  superellipseQuoteDeltaToPrice,
  superellipseBaseDeltaToPrice,
  superellipseBaseNeededForQuote,
  superellipseQuoteNeededForBase,
  superellipseInvariant,
  SuperellipseError,
  isSuperellipseError,
  checkCurve,
  type SuperellipseCurve,
  type EllipseErrorCode,
} from './superellipse.ts';
export { superellipseCurveOf, superellipseProblem } from './superellipse-swap.ts';
export { poolPricingProblem, assertPriceable } from './priceable.ts';
export { DEFAULT_MIN_STAKE, MINIMUM_RESERVE, RAO_PER_TAO, PERQUINTILL, MAX_PRICE_RAO, MIN_PRICE_RAO } from './constants.ts';
export { checkAmount, checkPool } from './validate.ts';
export { detectPoolModel, detectSwapRules, swapStorageFor, V3_POOL_MOVES_FEE_RATE_DEFAULT, type SwapMetadataInput } from './model.ts';
export { parseTolerance, checkTolerancePpm, formatPpm, PPM } from './tolerance.ts';
export {
  previewStake,
  previewUnstake,
  previewMove,
  slippageSeries,
  maxMove,
  maxMoveOverflows,
  smallestMoveLimit,
  widestMoveTolerancePpm,
  stakeLimitPrice,
  unstakeLimitPrice,
  moveLimitPrice,
  type Preview,
  type PreviewKind,
  type Unit,
  type StakePreviewInput,
  type UnstakePreviewInput,
  type MovePreviewInput,
  type SeriesPoint,
} from './preview.ts';
