/**
 * The wallet's yield table from raw chain reads at one block: per validator per subnet, and per
 * subnet (every validator's payout after its take over all stake on the subnet, so a subnet
 * sorts by what its average staker earns). Pure: background/chain/yields.ts does the reading.
 */
import type { YieldView } from '../protocol/chain.ts';
import { blocksPerYear, TAKE_DENOMINATOR, validatorApy } from './apy.ts';

export interface RawDividend {
  netuid: number;
  hotkey: string;
  alphaDividends: bigint;
  taoDividends: bigint;
  /** TotalHotkeyAlpha[hotkey, netuid]. */
  stake: bigint;
}

export interface RawYieldRead {
  blockNumber: number;
  blockTimeMs: bigint;
  dividends: readonly RawDividend[];
  /** Delegates[hotkey]; a hotkey without an entry has the chain's default take. */
  takes: ReadonlyMap<string, number>;
  defaultTake: number;
  tempos: ReadonlyMap<number, number>;
  /** Spot price per netuid, rao per alpha. */
  prices: ReadonlyMap<number, bigint>;
}


export function assembleYields(raw: RawYieldRead): YieldView {
  const yearBlocks = blocksPerYear(raw.blockTimeMs);
  const validators: YieldView['validators'] = [];
  const bySubnet = new Map<number, { kept: bigint; tao: bigint; stake: bigint }>();
  for (const d of raw.dividends) {
    const tempo = raw.tempos.get(d.netuid);
    const price = raw.prices.get(d.netuid) ?? 0n;
    if (tempo === undefined) continue;
    const take = raw.takes.get(d.hotkey) ?? raw.defaultTake;
    const apy = validatorApy({ alphaDividends: d.alphaDividends, taoDividends: d.taoDividends, take, stake: d.stake, price }, tempo, yearBlocks);
    validators.push({ netuid: d.netuid, hotkey: d.hotkey, apy: apy === null ? null : apy.toString() });
    const kept = BigInt(65_535 - take);
    const s = bySubnet.get(d.netuid) ?? { kept: 0n, tao: 0n, stake: 0n };
    s.kept += (d.alphaDividends * kept) / TAKE_DENOMINATOR;
    s.tao += (d.taoDividends * kept) / TAKE_DENOMINATOR;
    s.stake += d.stake;
    bySubnet.set(d.netuid, s);
  }
  const subnets: YieldView['subnets'] = [...bySubnet.entries()]
    .sort(([a], [b]) => a - b)
    .map(([netuid, s]) => {
      const apy = validatorApy({ alphaDividends: s.kept, taoDividends: s.tao, take: 0, stake: s.stake, price: raw.prices.get(netuid) ?? 0n }, raw.tempos.get(netuid)!, yearBlocks);
      return { netuid, apy: apy === null ? null : apy.toString() };
    });
  validators.sort((a, b) => a.netuid - b.netuid || a.hotkey.localeCompare(b.hotkey));
  return { blockNumber: raw.blockNumber, blocksPerYear: yearBlocks.toString(), validators, subnets };
}

/** hotkey -> APY (decimal string of a 1e18 fraction) on one subnet. */
export function validatorYields(view: YieldView | undefined, netuid: number): Map<string, bigint | null> {
  const out = new Map<string, bigint | null>();
  for (const v of view?.validators ?? []) if (v.netuid === netuid) out.set(v.hotkey, v.apy === null ? null : BigInt(v.apy));
  return out;
}
