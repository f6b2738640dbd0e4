/**
 * Assembles the popup's Snapshot from raw query results read at one block hash, with the AMM
 * supplying prices and unstake values. Pure: the background does the reading.
 */
import { DEFAULT_MIN_STAKE, detectPoolModel, detectSwapRules, MINIMUM_RESERVE, quoteUnstake, RAO_PER_TAO, spotPrice, type Pool, type PoolModel, type SuperellipseCurve, type SwapRules } from '../amm/index.ts';
import type { PositionView, Snapshot, SnapshotHead, SubnetView } from '../protocol/chain.ts';

/** Swap.SwapBalancer default: w2 = 0.5 as Perquintill (spec §2). */
export const DEFAULT_QUOTE_WEIGHT = 500_000_000_000_000_000n;
/** Swap.FeeRate default (spec §2). */
export const DEFAULT_FEE_RATE = 33;
export const DEFAULT_EXISTENTIAL_DEPOSIT = 500n;

/** Per-subnet storage values (defaults already applied for absent keys). */
export interface RawSubnet {
  netuid: number;
  mechanism: number;
  taoReserve: bigint;
  alphaReserve: bigint;
  alphaOut: bigint;
  quoteWeight: bigint;
  feeRate: number;
  subtokenEnabled: boolean;
  sqrtPrice?: bigint;
  liquidity?: bigint;
  /** Superellipse runtimes: Swap.SwapSuperellipse (absent until the first swap), PalSwapInitialized. */
  curve?: SuperellipseCurve;
  swapInitialized?: boolean;
  /** V3 pools: Swap.SwapV3Initialized (false = never traded; absent where the runtime lacks the item). */
  v3Initialized?: boolean;
  /** Why a stored SwapSuperellipse record could not be decoded. */
  curveProblem?: string;
}

/** The display fields of DynamicInfo (get_all_dynamic_info). */
export interface RawDynamicInfo {
  netuid: number;
  name: string;
  symbol: string;
  taoInEmission: bigint;
  volume: bigint;
}

export interface RawStake {
  hotkey: string;
  netuid: number;
  alpha: bigint;
}

export interface RawRead extends SnapshotHead {
  constants: { minStake: bigint; minReserve: bigint; existentialDeposit: bigint; ss58: number };
  subnets: RawSubnet[];
  dynamicInfo: RawDynamicInfo[];
  account: null | { address: string; free: bigint; stakes: RawStake[] };
  hotkeyNames?: Record<string, string>;
  now: number;
}

/**
 * Pool model from the runtime's storage names (spec §1.3, detectPoolModel): Swap.SwapSuperellipse
 * means the superellipse pool, then Swap.SwapBalancer Balancer, Swap.AlphaSqrtPrice the V3-style
 * pool; no Swap pallet at all (or none of them) the launch-era constant-product pool.
 */
export function poolModelFromStorage(swapStorage: readonly string[] | null): PoolModel {
  try {
    return detectPoolModel(swapStorage);
  } catch {
    return 'constantProduct';
  }
}

/** The staking rules of the runtime generation from the same storage names (detectSwapRules). */
export function swapRulesFromStorage(swapStorage: readonly string[] | null, feeRateDefault?: number): SwapRules {
  return detectSwapRules(swapStorage, feeRateDefault === undefined ? {} : { feeRateDefault });
}

/** Default names when the chain has none: "SN7", and "τ" for root. */
export function subnetDisplayName(netuid: number, name: string | undefined): string {
  const trimmed = (name ?? '').trim();
  if (trimmed) return trimmed;
  return netuid === 0 ? 'Root' : `SN${netuid}`;
}

function curveView(c: SuperellipseCurve): NonNullable<SubnetView['curve']> {
  return { alphaScale: c.alphaScale.toString(), taoScale: c.taoScale.toString(), centerAlpha: c.centerAlpha.toString(), centerTao: c.centerTao.toString() };
}

/** The AMM's Pool for a subnet of a snapshot: one implementation, shared with the popup. */
export { poolOf } from './pool.ts';

function rawPool(s: RawSubnet, model: PoolModel, minReserve: bigint, rules: SwapRules | undefined): Pool {
  const pool: Pool = { netuid: s.netuid, mechanism: s.mechanism, taoReserve: s.taoReserve, alphaReserve: s.alphaReserve, quoteWeight: s.quoteWeight, feeRate: s.feeRate, minReserve, model };
  if (rules !== undefined && rules !== 'current') pool.rules = rules;
  if (s.v3Initialized !== undefined) pool.v3Initialized = s.v3Initialized;
  if (s.sqrtPrice !== undefined) pool.sqrtPrice = s.sqrtPrice;
  if (s.liquidity !== undefined) pool.liquidity = s.liquidity;
  if (s.curve !== undefined) pool.curve = s.curve;
  if (s.swapInitialized !== undefined) pool.swapInitialized = s.swapInitialized;
  if (s.curveProblem !== undefined) pool.curveProblem = s.curveProblem;
  return pool;
}

/**
 * Price that never throws: an empty or broken pool (or a pool model the AMM cannot price yet)
 * shows 0 rather than failing the whole portfolio.
 */
function safePrice(pool: Pool): bigint {
  try {
    return spotPrice(pool);
  } catch {
    return 0n;
  }
}

/** What a full unstake returns now; 0 when the pool cannot take it (reserves too low...) or cannot be modelled. */
export function safeUnstakeValue(pool: Pool, alpha: bigint): bigint {
  if (alpha === 0n) return 0n;
  try {
    return quoteUnstake(pool, alpha).amountOut;
  } catch {
    return 0n;
  }
}

/** alpha x price (rao per alpha), floored: what the position is worth at the spot price. */
export function alphaValue(alpha: bigint, price: bigint): bigint {
  return (alpha * price) / RAO_PER_TAO;
}

export function assembleSnapshot(raw: RawRead): Snapshot {
  const info = new Map(raw.dynamicInfo.map((d) => [d.netuid, d]));
  const pools = new Map<number, Pool>();
  const prices = new Map<number, bigint>();
  const subnets: SubnetView[] = [...raw.subnets]
    .sort((a, b) => a.netuid - b.netuid)
    .map((s) => {
      const pool = rawPool(s, raw.poolModel, raw.constants.minReserve, raw.swapRules);
      const price = safePrice(pool);
      pools.set(s.netuid, pool);
      prices.set(s.netuid, price);
      const d = info.get(s.netuid);
      const view: SubnetView = {
        netuid: s.netuid,
        name: subnetDisplayName(s.netuid, d?.name),
        symbol: d?.symbol || (s.netuid === 0 ? 'τ' : 'α'),
        mechanism: s.mechanism,
        taoReserve: s.taoReserve.toString(),
        alphaReserve: s.alphaReserve.toString(),
        alphaOut: s.alphaOut.toString(),
        quoteWeight: s.quoteWeight.toString(),
        feeRate: s.feeRate,
        price: price.toString(),
        emission: (d?.taoInEmission ?? 0n).toString(),
        volume: (d?.volume ?? 0n).toString(),
        subtokenEnabled: s.subtokenEnabled,
      };
      if (s.sqrtPrice !== undefined) view.sqrtPrice = s.sqrtPrice.toString();
      if (s.liquidity !== undefined) view.liquidity = s.liquidity.toString();
      if (s.curve !== undefined) view.curve = curveView(s.curve);
      if (s.swapInitialized !== undefined) view.swapInitialized = s.swapInitialized;
      if (s.v3Initialized !== undefined) view.v3Initialized = s.v3Initialized;
      if (s.curveProblem !== undefined) view.curveProblem = s.curveProblem;
      return view;
    });

  let account: Snapshot['account'] = null;
  if (raw.account) {
    const positions: PositionView[] = [];
    let staked = 0n;
    for (const st of raw.account.stakes) {
      if (st.alpha === 0n) continue;
      const pool = pools.get(st.netuid);
      const price = prices.get(st.netuid) ?? 0n;
      const valueTao = alphaValue(st.alpha, price);
      const unstakeTao = pool ? safeUnstakeValue(pool, st.alpha) : 0n;
      staked += valueTao;
      const p: PositionView = { hotkey: st.hotkey, netuid: st.netuid, alpha: st.alpha.toString(), valueTao: valueTao.toString(), unstakeTao: unstakeTao.toString() };
      const name = raw.hotkeyNames?.[st.hotkey];
      if (name) p.hotkeyName = name;
      positions.push(p);
    }
    positions.sort((a, b) => a.netuid - b.netuid || (BigInt(b.valueTao) > BigInt(a.valueTao) ? 1 : BigInt(b.valueTao) < BigInt(a.valueTao) ? -1 : 0));
    account = { address: raw.account.address, free: raw.account.free.toString(), positions, totalTao: (raw.account.free + staked).toString() };
  }

  return {
    network: raw.network,
    genesisHash: raw.genesisHash,
    blockNumber: raw.blockNumber,
    blockHash: raw.blockHash,
    specVersion: raw.specVersion,
    poolModel: raw.poolModel,
    ...(raw.swapRules !== undefined && raw.swapRules !== 'current' ? { swapRules: raw.swapRules } : {}),
    constants: {
      minStake: raw.constants.minStake.toString(),
      minReserve: raw.constants.minReserve.toString(),
      existentialDeposit: raw.constants.existentialDeposit.toString(),
      ss58: raw.constants.ss58,
    },
    subnets,
    account,
    updatedAt: raw.now,
  };
}

export const SNAPSHOT_DEFAULTS = { minStake: DEFAULT_MIN_STAKE, minReserve: MINIMUM_RESERVE, existentialDeposit: DEFAULT_EXISTENTIAL_DEPOSIT };
