/** Subnet list search and sort, pure so it can be tested and run on every keystroke. */
import type { SubnetView } from '../../src/protocol/chain.ts';

export type SubnetSortKey = 'netuid' | 'price' | 'taoReserve' | 'alphaReserve' | 'emission' | 'apy' | 'yourStake';

export const SORT_LABELS: Record<SubnetSortKey, string> = {
  netuid: 'Number',
  price: 'Price',
  taoReserve: 'Pool depth (TAO in pool)',
  alphaReserve: 'Alpha in pool',
  emission: 'Emission',
  apy: 'APY',
  yourStake: 'Your stake',
};

/** Figures that are not in the subnet itself: yields and the account's stake (TAO value) per netuid. */
export interface SortContext {
  apy?: ReadonlyMap<number, bigint | null>;
  yourStake?: ReadonlyMap<number, bigint>;
  /** Leave out subnets with no TAO in their pool. */
  hideEmpty?: boolean;
}

/** Matches "12", "sn12", a part of the name or the symbol (case-insensitive). */
export function matchesQuery(subnet: SubnetView, query: string): boolean {
  const q = query.trim().toLowerCase();
  if (q === '') return true;
  const number = /^(?:sn\s*)?(\d+)$/.exec(q);
  if (number) return String(subnet.netuid) === number[1] || subnet.name.toLowerCase().includes(q);
  return subnet.name.toLowerCase().includes(q) || subnet.symbol.toLowerCase() === q || subnet.symbol.toLowerCase().includes(q);
}

/** A subnet with no TAO in its pool: nothing to trade against. */
export function isEmptySubnet(subnet: SubnetView): boolean {
  return BigInt(subnet.taoReserve) === 0n;
}

/** The sort key; a subnet without a figure (no yield known) sorts below every subnet that has one. */
function keyOf(subnet: SubnetView, key: SubnetSortKey, ctx: SortContext): bigint | null {
  switch (key) {
    case 'netuid':
      return BigInt(subnet.netuid);
    case 'apy':
      return ctx.apy?.get(subnet.netuid) ?? null;
    case 'yourStake':
      return ctx.yourStake?.get(subnet.netuid) ?? 0n;
    default:
      return BigInt(subnet[key]);
  }
}

export function filterAndSort(subnets: readonly SubnetView[], query: string, key: SubnetSortKey, descending: boolean, ctx: SortContext = {}): SubnetView[] {
  const out = subnets.filter((s) => matchesQuery(s, query) && !(ctx.hideEmpty && isEmptySubnet(s)));
  out.sort((a, b) => {
    const x = keyOf(a, key, ctx);
    const y = keyOf(b, key, ctx);
    if (x === null || y === null) return x === y ? a.netuid - b.netuid : x === null ? 1 : -1;
    const order = x < y ? -1 : x > y ? 1 : a.netuid - b.netuid;
    return descending ? -order : order;
  });
  return out;
}

/** The account's stake per netuid, in TAO at the spot price (summed over validators). */
export function stakeByNetuid(positions: readonly { netuid: number; valueTao: string }[] | undefined): Map<number, bigint> {
  const out = new Map<number, bigint>();
  for (const p of positions ?? []) out.set(p.netuid, (out.get(p.netuid) ?? 0n) + BigInt(p.valueTao));
  return out;
}
