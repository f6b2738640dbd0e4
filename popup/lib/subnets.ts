/** Subnet list search and sort, pure so it can be tested and run on every keystroke. */
import type { SubnetView } from '../../src/protocol/chain.ts';

export type SubnetSortKey = 'netuid' | 'price' | 'taoReserve' | 'alphaReserve' | 'emission';

export const SORT_LABELS: Record<SubnetSortKey, string> = {
  netuid: 'Number',
  price: 'Price',
  taoReserve: 'TAO in pool',
  alphaReserve: 'Alpha in pool',
  emission: 'Emission',
};

/** Matches "12", "sn12", a part of the name or the symbol (case-insensitive). */
export function matchesQuery(subnet: SubnetView, query: string): boolean {
  const q = query.trim().toLowerCase();
  if (q === '') return true;
  const number = /^(?:sn\s*)?(\d+)$/.exec(q);
  if (number) return String(subnet.netuid) === number[1] || subnet.name.toLowerCase().includes(q);
  return subnet.name.toLowerCase().includes(q) || subnet.symbol.toLowerCase() === q || subnet.symbol.toLowerCase().includes(q);
}

function keyOf(subnet: SubnetView, key: SubnetSortKey): bigint {
  return key === 'netuid' ? BigInt(subnet.netuid) : BigInt(subnet[key]);
}

export function filterAndSort(subnets: readonly SubnetView[], query: string, key: SubnetSortKey, descending: boolean): SubnetView[] {
  const out = subnets.filter((s) => matchesQuery(s, query));
  out.sort((a, b) => {
    const x = keyOf(a, key);
    const y = keyOf(b, key);
    const order = x < y ? -1 : x > y ? 1 : a.netuid - b.netuid;
    return descending ? -order : order;
  });
  return out;
}
