import { useVirtualizer } from '@tanstack/react-virtual';
import { useDeferredValue, useId, useMemo, useRef, useState } from 'react';
import { formatAmount } from '../../src/amount.ts';
import { ApyNote } from '../components/ApyNote.tsx';
import { Header } from '../components/Header.tsx';
import { useSnapshot } from '../hooks/useSnapshot.ts';
import { href, navigate } from '../lib/router.ts';
import { useSubnetApy, useYields } from '../hooks/useYields.ts';
import { filterAndSort, SORT_LABELS, stakeByNetuid, type SubnetSortKey } from '../lib/subnets.ts';
import { APY_NOTE, formatApy } from '../../src/yield/apy.ts';

const ROW_HEIGHT = 52;
const short = (rao: string, decimals = 2) => formatAmount(BigInt(rao), { maxDecimals: decimals, grouping: true });

/** Every subnet, searchable and sortable; rows are virtualized so hundreds stay smooth. */
export function Subnets() {
  const id = useId();
  const { snapshot, state } = useSnapshot();
  const yields = useYields(state?.connection.network);
  const apy = useSubnetApy(yields);
  const yourStake = useMemo(() => stakeByNetuid(snapshot?.account?.positions), [snapshot]);
  const [hideEmpty, setHideEmpty] = useState(true);
  const [query, setQuery] = useState('');
  const [sortKey, setSortKey] = useState<SubnetSortKey>('taoReserve');
  const [descending, setDescending] = useState(true);
  const deferredQuery = useDeferredValue(query);
  const rows = useMemo(
    () => filterAndSort(snapshot?.subnets ?? [], deferredQuery, sortKey, descending, { apy, yourStake, hideEmpty }),
    [snapshot, deferredQuery, sortKey, descending, apy, yourStake, hideEmpty],
  );
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({ count: rows.length, getScrollElement: () => scrollRef.current, estimateSize: () => ROW_HEIGHT, overscan: 8 });

  return (
    <section className="subnets">
      <Header title="Subnets" />
      <div className="toolbar">
        <label htmlFor={`${id}-q`} className="sr-only">
          Search subnets by number, name or symbol
        </label>
        <input id={`${id}-q`} type="search" placeholder="Search number, name or symbol" value={query} onChange={(e) => setQuery(e.target.value)} autoComplete="off" />
        <label htmlFor={`${id}-sort`} className="sr-only">
          Sort by
        </label>
        <select id={`${id}-sort`} value={sortKey} onChange={(e) => setSortKey(e.target.value as SubnetSortKey)}>
          {(Object.keys(SORT_LABELS) as SubnetSortKey[]).map((k) => (
            <option key={k} value={k}>
              {SORT_LABELS[k]}
            </option>
          ))}
        </select>
        <button type="button" className="small" onClick={() => setDescending(!descending)} aria-label={descending ? 'Sorted high to low; switch to low to high' : 'Sorted low to high; switch to high to low'}>
          {descending ? '↓' : '↑'}
        </button>
      </div>
      <label className="check">
        <input type="checkbox" checked={hideEmpty} onChange={(e) => setHideEmpty(e.target.checked)} data-testid="hide-empty" /> Hide empty subnets (no TAO in the pool)
      </label>
      <p className="hint" role="status" data-testid="subnet-count">
        {rows.length} of {snapshot?.subnets.length ?? 0} subnets
      </p>
      <ApyNote />
      <div className="virtual-list" ref={scrollRef} role="list" aria-label="Subnets" data-testid="subnet-list">
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {virtualizer.getVirtualItems().map((item) => {
            const s = rows[item.index]!;
            return (
              <a
                key={s.netuid}
                role="listitem"
                className="subnet-row"
                href={href('/stake', { netuid: s.netuid })}
                data-testid={`subnet-row-${s.netuid}`}
                style={{ transform: `translateY(${item.start}px)`, height: ROW_HEIGHT }}
                onKeyDown={(e) => {
                  if (e.key === ' ') {
                    e.preventDefault();
                    navigate('/stake', { netuid: s.netuid });
                  }
                }}
              >
                <span className="netuid">SN{s.netuid}</span>
                <span className="name">
                  <span>
                    {s.name || '—'} <span className="symbol">{s.symbol}</span>
                  </span>
                  <small>
                    pool {short(s.taoReserve, 0)} τ · {short(s.alphaReserve, 0)} {s.symbol}
                  </small>
                </span>
                <span className="figures">
                  <span title="Price, τ per alpha">{short(s.price, 6)} τ</span>
                  <small title={APY_NOTE} data-testid="subnet-apy">
                    {apy.get(s.netuid) != null ? `APY ${formatApy(apy.get(s.netuid)!)}` : `emission ${short(s.emission, 4)} τ`}
                  </small>
                </span>
              </a>
            );
          })}
        </div>
      </div>
    </section>
  );
}
