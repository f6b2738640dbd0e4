/**
 * Read helpers over ChainState: what the RPC layer encodes for storage and runtime-API answers,
 * and what tests assert on. Pure; nothing here mutates the state.
 *
 * Pool math comes from src/amm (the same model the wallet previews with).
 * Simulated, display-only figures: `emission` in StakeInfo, `returnPer1000`/`totalDailyReturn` in
 * DelegateInfo, `pendingAlphaEmission` and `movingPrice` in DynamicInfo are derived from the
 * genesis emission rates with simple formulas; they do not affect any swap.
 */
import { currentPriceBits, isAmmError, MINIMUM_RESERVE, quoteStake, quoteUnstake, spotPrice, type Pool } from '../../src/amm/index.ts';
import { div, int, mul, toU64 } from '../../src/amm/fixed.ts';
import type { AccountId, ChainState, SubnetState } from './types.ts';
import { parsePoolKey, shareValue, stakeValue } from './stake-pools.ts';
import { applyPoolModel } from './pool-models.ts';

export { stakeValue, totalHotkeyAlpha } from './stake-pools.ts';
export { accountInfo, freeBalance, reducibleBalance } from './balances.ts';

const RAO_PER_TAO = 1_000_000_000n;

/** The subnet, or undefined if it does not exist. */
export function subnetOf(state: ChainState, netuid: number): SubnetState | undefined {
  return state.subnets.get(netuid);
}

/** The AMM pool of a subnet (`Swap.MinimumReserve` = 1_000_000). A missing subnet reads as the chain's storage defaults: mechanism 0, empty reserves. */
export function poolOf(state: ChainState, netuid: number): Pool {
  const s = state.subnets.get(netuid);
  if (s === undefined) {
    return { netuid, mechanism: 0, taoReserve: 0n, alphaReserve: 0n, quoteWeight: 500_000_000_000_000_000n, feeRate: 33, minReserve: MINIMUM_RESERVE };
  }
  return applyPoolModel(state, s, {
    netuid,
    mechanism: s.mechanism,
    taoReserve: s.taoReserve,
    alphaReserve: s.alphaReserve,
    quoteWeight: s.quoteWeight,
    feeRate: s.feeRate,
    minReserve: MINIMUM_RESERVE,
  });
}

/** `SwapRuntimeApi.current_alpha_price(netuid)`: rao per alpha; 1e9 on root and stable subnets (and for a missing subnet, as the chain's default mechanism). */
export function alphaPrice(state: ChainState, netuid: number): bigint {
  return spotPrice(poolOf(state, netuid));
}

/** `current_alpha_price_all()`. */
export function alphaPriceAll(state: ChainState): { netuid: number; price: bigint }[] {
  return [...state.subnets.keys()].sort((a, b) => a - b).map((netuid) => ({ netuid, price: alphaPrice(state, netuid) }));
}

/** `SimSwapResult` (spec §15.1). */
export interface SimSwapResult {
  taoAmount: bigint;
  alphaAmount: bigint;
  taoFee: bigint;
  alphaFee: bigint;
  taoSlippage: bigint;
  alphaSlippage: bigint;
}

const ZERO_SIM: SimSwapResult = { taoAmount: 0n, alphaAmount: 0n, taoFee: 0n, alphaFee: 0n, taoSlippage: 0n, alphaSlippage: 0n };

/**
 * `sim_swap_tao_for_alpha(netuid, tao)`: taoAmount = paid in (net of fee), alphaAmount = paid out,
 * taoFee = fee, alphaSlippage = sat_sub(toU64(div(int(tao), price)), paid_out). Any error (and a
 * missing subnet) gives all zeros.
 */
export function simSwapTaoForAlpha(state: ChainState, netuid: number, tao: bigint): SimSwapResult {
  if (!state.subnets.has(netuid)) return { ...ZERO_SIM };
  const pool = poolOf(state, netuid);
  try {
    const q = quoteStake(pool, tao);
    const ideal = toU64(div(int(tao), currentPriceBits(pool)));
    return { taoAmount: q.amountIn, alphaAmount: q.amountOut, taoFee: q.fee, alphaFee: 0n, taoSlippage: 0n, alphaSlippage: ideal > q.amountOut ? ideal - q.amountOut : 0n };
  } catch (e) {
    if (isAmmError(e)) return { ...ZERO_SIM };
    throw e;
  }
}

/**
 * `sim_swap_alpha_for_tao(netuid, alpha)`: alphaAmount = paid in (net of fee), taoAmount = paid out,
 * alphaFee = fee, taoSlippage = sat_sub(toU64(mul(int(alpha), price)), paid_out). Errors give zeros.
 */
export function simSwapAlphaForTao(state: ChainState, netuid: number, alpha: bigint): SimSwapResult {
  if (!state.subnets.has(netuid)) return { ...ZERO_SIM };
  const pool = poolOf(state, netuid);
  try {
    const q = quoteUnstake(pool, alpha);
    const ideal = toU64(mul(int(alpha), currentPriceBits(pool)));
    return { taoAmount: q.amountOut, alphaAmount: q.amountIn, taoFee: 0n, alphaFee: q.fee, taoSlippage: ideal > q.amountOut ? ideal - q.amountOut : 0n, alphaSlippage: 0n };
  } catch (e) {
    if (isAmmError(e)) return { ...ZERO_SIM };
    throw e;
  }
}

/** Display-only alpha dividends per tempo for a stake: its share of half the subnet's alpha emission over one tempo. */
function stakeEmission(subnet: SubnetState | undefined, stake: bigint): bigint {
  if (subnet === undefined || subnet.alphaOut === 0n || stake === 0n) return 0n;
  return (stake * subnet.alphaOutEmission * BigInt(subnet.tempo)) / (2n * subnet.alphaOut);
}

export function isRegistered(state: ChainState, hotkey: AccountId, netuid: number): boolean {
  return state.hotkeys.get(hotkey)?.registrations.includes(netuid) ?? false;
}

/** `StakeInfo` (spec §15.3), fields in SCALE order. */
export interface StakeInfo {
  hotkey: AccountId;
  coldkey: AccountId;
  netuid: number;
  stake: bigint;
  locked: bigint;
  emission: bigint;
  taoEmission: bigint;
  drain: number;
  isRegistered: boolean;
}

function stakeInfo(state: ChainState, hotkey: AccountId, coldkey: AccountId, netuid: number, stake: bigint): StakeInfo {
  return {
    hotkey,
    coldkey,
    netuid,
    stake,
    locked: 0n,
    emission: stakeEmission(state.subnets.get(netuid), stake),
    taoEmission: 0n,
    drain: 0,
    isRegistered: isRegistered(state, hotkey, netuid),
  };
}

/**
 * `get_stake_info_for_coldkey(coldkey)`: every non-zero stake over the hotkeys in
 * `StakingHotkeys[coldkey]` (in that order), subnets ascending.
 */
export function stakeInfoForColdkey(state: ChainState, coldkey: AccountId): StakeInfo[] {
  const out: StakeInfo[] = [];
  const netuids = [...state.subnets.keys()].sort((a, b) => a - b);
  for (const hotkey of state.stakingHotkeys.get(coldkey) ?? []) {
    for (const netuid of netuids) {
      const stake = stakeValue(state, hotkey, coldkey, netuid);
      if (stake > 0n) out.push(stakeInfo(state, hotkey, coldkey, netuid, stake));
    }
  }
  return out;
}

/** `get_stake_info_for_hotkey_coldkey_netuid`: the StakeInfo even when the stake is 0; undefined only for a missing subnet. */
export function stakeInfoFor(state: ChainState, hotkey: AccountId, coldkey: AccountId, netuid: number): StakeInfo | undefined {
  if (!state.subnets.has(netuid)) return undefined;
  return stakeInfo(state, hotkey, coldkey, netuid, stakeValue(state, hotkey, coldkey, netuid));
}

/** `DelegateInfo` (spec §15.4), fields in SCALE order. */
export interface DelegateInfo {
  delegateSs58: AccountId;
  take: number;
  /** (coldkey, [(netuid, stake)]) for every coldkey with stake on this hotkey. */
  nominators: [AccountId, [number, bigint][]][];
  ownerSs58: AccountId;
  registrations: number[];
  validatorPermits: number[];
  returnPer1000: bigint;
  totalDailyReturn: bigint;
}

export function delegateInfo(state: ChainState, hotkey: AccountId): DelegateInfo | undefined {
  const h = state.hotkeys.get(hotkey);
  if (h === undefined) return undefined;
  const byColdkey = new Map<AccountId, [number, bigint][]>();
  let totalTaoValue = 0n;
  let dailyReturnTao = 0n;
  const pools = [...state.stakePools.entries()]
    .map(([key, pool]) => ({ ...parsePoolKey(key), pool }))
    .filter((p) => p.hotkey === hotkey)
    .sort((a, b) => a.netuid - b.netuid);
  for (const { netuid, pool } of pools) {
    for (const [coldkey, shares] of pool.shares) {
      const stake = shareValue(pool, shares);
      if (stake === 0n) continue;
      const list = byColdkey.get(coldkey) ?? [];
      list.push([netuid, stake]);
      byColdkey.set(coldkey, list);
    }
    const price = alphaPrice(state, netuid);
    const subnet = state.subnets.get(netuid);
    totalTaoValue += (pool.totalAlpha * price) / RAO_PER_TAO;
    // Blocks per day / tempo tempos per day (7200 blocks of 12 s).
    const perTempo = stakeEmission(subnet, pool.totalAlpha);
    const temposPerDay = subnet === undefined ? 0n : 7_200n / BigInt(subnet.tempo + 1);
    dailyReturnTao += (perTempo * temposPerDay * price) / RAO_PER_TAO;
  }
  // Nominators see returns after the validator's take.
  const afterTake = (dailyReturnTao * BigInt(65_535 - h.take)) / 65_535n;
  return {
    delegateSs58: hotkey,
    take: h.take,
    nominators: [...byColdkey.entries()],
    ownerSs58: h.owner,
    registrations: [...h.registrations],
    validatorPermits: [...h.registrations],
    returnPer1000: totalTaoValue === 0n ? 0n : (afterTake * 1_000n * RAO_PER_TAO) / totalTaoValue,
    totalDailyReturn: afterTake,
  };
}

/** `get_delegates()`: every registered hotkey, in hotkey order. */
export function delegates(state: ChainState): DelegateInfo[] {
  return [...state.hotkeys.keys()].sort().map((h) => delegateInfo(state, h)!);
}

/** `get_delegated(coldkey)`: (DelegateInfo, (netuid, stake)) for each position of the coldkey. */
export function delegated(state: ChainState, coldkey: AccountId): [DelegateInfo, [number, bigint]][] {
  const out: [DelegateInfo, [number, bigint]][] = [];
  for (const info of stakeInfoForColdkey(state, coldkey)) {
    const d = delegateInfo(state, info.hotkey);
    if (d !== undefined) out.push([d, [info.netuid, info.stake]]);
  }
  return out;
}

/** `DynamicInfo` (spec §15.2) as plain values, fields in SCALE order. */
export interface DynamicInfo {
  netuid: number;
  ownerHotkey: AccountId;
  ownerColdkey: AccountId;
  /** UTF-8 text; SCALE carries it as Vec<Compact<u8>> of its bytes. */
  subnetName: string;
  tokenSymbol: string;
  tempo: number;
  lastStep: bigint;
  blocksSinceLastStep: bigint;
  emission: bigint;
  alphaIn: bigint;
  alphaOut: bigint;
  taoIn: bigint;
  alphaOutEmission: bigint;
  alphaInEmission: bigint;
  taoInEmission: bigint;
  pendingAlphaEmission: bigint;
  pendingRootEmission: bigint;
  subnetVolume: bigint;
  networkRegisteredAt: bigint;
  subnetIdentity: null;
  /** I96F32 raw bits (value · 2^32): the spot price, standing in for the chain's EMA. */
  movingPrice: bigint;
}

export function dynamicInfo(state: ChainState, netuid: number): DynamicInfo | undefined {
  const s = state.subnets.get(netuid);
  if (s === undefined) return undefined;
  const period = BigInt(s.tempo + 1);
  const block = BigInt(state.blockNumber);
  const blocksSinceLastStep = block % period;
  const price = alphaPrice(state, netuid);
  return {
    netuid,
    ownerHotkey: s.ownerHotkey,
    ownerColdkey: s.ownerColdkey,
    subnetName: s.name,
    tokenSymbol: s.symbol,
    tempo: s.tempo,
    lastStep: block - blocksSinceLastStep,
    blocksSinceLastStep,
    emission: 0n,
    alphaIn: s.alphaReserve,
    alphaOut: s.alphaOut,
    taoIn: s.taoReserve,
    alphaOutEmission: s.alphaOutEmission,
    alphaInEmission: s.alphaInEmission,
    taoInEmission: s.taoInEmission,
    pendingAlphaEmission: s.alphaOutEmission * blocksSinceLastStep,
    pendingRootEmission: 0n,
    subnetVolume: s.volume,
    networkRegisteredAt: BigInt(s.registeredAt),
    subnetIdentity: null,
    movingPrice: (price << 32n) / RAO_PER_TAO,
  };
}

/** `get_all_dynamic_info()`: one entry per netuid from 0 to the highest, undefined for gaps. */
export function allDynamicInfo(state: ChainState): (DynamicInfo | undefined)[] {
  const max = Math.max(-1, ...state.subnets.keys());
  return Array.from({ length: max + 1 }, (_, n) => dynamicInfo(state, n));
}

/** Every (hotkey, coldkey, netuid, stake) with a non-zero stake: handy for storage iteration (`AlphaV2` keys). */
export function allStakes(state: ChainState): { hotkey: AccountId; coldkey: AccountId; netuid: number; shares: bigint; stake: bigint }[] {
  const out: { hotkey: AccountId; coldkey: AccountId; netuid: number; shares: bigint; stake: bigint }[] = [];
  for (const [key, pool] of state.stakePools) {
    const { hotkey, netuid } = parsePoolKey(key);
    for (const [coldkey, shares] of pool.shares) out.push({ hotkey, coldkey, netuid, shares, stake: shareValue(pool, shares) });
  }
  return out;
}

/** `get_stake_fee` approximation (spec §15.3): the swap fee of `amount` on the destination (or origin) subnet. */
export function stakeFee(state: ChainState, origin: { netuid: number } | null, destination: { netuid: number } | null, amount: bigint): bigint {
  const netuid = destination?.netuid ?? origin?.netuid;
  if (netuid === undefined) return 0n;
  const s = state.subnets.get(netuid);
  if (s === undefined || s.mechanism !== 1) return 0n;
  return swapFee(amount, s.feeRate);
}

/** fee(a) = toU64(mul(int(a), div(int(feeRate), int(65535)))) (spec §6.1) for a dynamic subnet. */
export function swapFee(amount: bigint, feeRate: number): bigint {
  return toU64(mul(int(amount), div(int(BigInt(feeRate)), int(65_535n))));
}
