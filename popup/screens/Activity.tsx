import { useEffect, useId, useMemo, useState } from 'react';
import { CSV_COLUMNS, historyCsv } from '../../src/history/csv.ts';
import { activityNetuids, filterActivity, type ActivityType } from '../lib/activity.ts';
import { formatAmount } from '../../src/amount.ts';
import { partialFillText } from '../../src/history/fill.ts';
import type { SettlementLeg, TxRecord } from '../../src/protocol/chain.ts';
import { ErrorNote } from '../components/ErrorNote.tsx';
import { Header } from '../components/Header.tsx';
import { STATUS_TEXT } from '../components/TxProgress.tsx';
import { useLive, useLiveError } from '../hooks/useLive.ts';
import { shortAddress, timeAgo } from '../lib/format.ts';
import { loadTransactions, transactions } from '../lib/store.ts';

/** Transactions sent from this wallet (tx.list, kept live by tx.updated). */
export function Activity() {
  const records = useLive(transactions);
  const error = useLiveError(transactions);
  useEffect(() => {
    void loadTransactions();
  }, []);
  const id = useId();
  const [netuid, setNetuid] = useState<number | 'all'>('all');
  const [type, setType] = useState<ActivityType>('all');
  const all = useMemo(() => [...(records?.values() ?? [])].sort((a, b) => b.createdAt - a.createdAt), [records]);
  const list = filterActivity(all, { netuid, type });
  const exportCsv = () => {
    const url = URL.createObjectURL(new Blob([historyCsv(list)], { type: 'text/csv;charset=utf-8' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = `taostake-history-${new Date().toISOString().slice(0, 10)}.csv`;
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  };
  return (
    <section className="activity">
      <Header title="Activity" />
      <ErrorNote error={error} />
      <div className="toolbar">
        <label htmlFor={`${id}-subnet`}>Subnet</label>
        <select id={`${id}-subnet`} value={String(netuid)} onChange={(e) => setNetuid(e.target.value === 'all' ? 'all' : Number(e.target.value))} data-testid="activity-subnet">
          <option value="all">All</option>
          {activityNetuids(all).map((n) => (
            <option key={n} value={n}>
              SN{n}
            </option>
          ))}
        </select>
        <label htmlFor={`${id}-type`}>Type</label>
        <select id={`${id}-type`} value={type} onChange={(e) => setType(e.target.value as ActivityType)} data-testid="activity-type">
          <option value="all">All</option>
          <option value="stake">Stake</option>
          <option value="unstake">Unstake</option>
          <option value="move">Move and swap</option>
          <option value="lock">Locks</option>
          <option value="transfer">Transfer</option>
        </select>
        <button type="button" className="small" onClick={exportCsv} disabled={list.length === 0} data-testid="export-csv">
          Export CSV
        </button>
      </div>
      <details className="hint">
        <summary>CSV columns</summary>
        <ul>
          {CSV_COLUMNS.map(([name, what]) => (
            <li key={name}>
              <code>{name}</code>: {what}
            </li>
          ))}
        </ul>
      </details>
      {records && list.length === 0 && <p className="empty">{all.length === 0 ? 'No transactions yet.' : 'No transaction matches the filter.'}</p>}
      <ul className="tx-list" aria-label="Transactions">
        {list.map((r) => (
          <TxItem key={r.id} record={r} />
        ))}
      </ul>
    </section>
  );
}

const LEG_TEXT: Record<SettlementLeg['kind'], string> = { stake: 'Staked', unstake: 'Unstaked', move: 'Moved to', swap: 'Swapped to', transfer: 'Transferred on', claim: 'Claimed onto' };

function TxItem({ record: r }: { record: TxRecord }) {
  const partial = partialFillText(r);
  return (
    <li className="tx" data-testid="tx-item" data-status={r.status}>
      <details>
        <summary>
          <span className={`badge ${r.status}`}>{STATUS_TEXT[r.status]}</span>
          <span className="tx-summary">{r.summary}</span>
          {partial && (
            <span className="badge partial" data-testid="tx-partial">
              {partial}
            </span>
          )}
          {r.source === 'chain' && (
            <span className="badge" data-testid="tx-seen" title="A staking event of this account seen on chain; this wallet did not send it">
              Seen on chain
            </span>
          )}
          <small>{timeAgo(r.createdAt)}</small>
        </summary>
        <dl>
          <div className="row">
            <dt>From</dt>
            <dd title={r.from}>{shortAddress(r.from)}</dd>
          </div>
          <div className="row">
            <dt>Network</dt>
            <dd>{r.network}</dd>
          </div>
          {r.blockNumber !== null && (
            <div className="row">
              <dt>Block</dt>
              <dd>#{r.blockNumber}</dd>
            </div>
          )}
          {r.hash && (
            <div className="row">
              <dt>Hash</dt>
              <dd className="mono" title={r.hash}>
                {shortAddress(r.hash, 8)}
              </dd>
            </div>
          )}
          {r.previewed !== null && (
            <div className="row">
              <dt>Previewed</dt>
              <dd>{formatAmount(BigInt(r.previewed), { grouping: true })}</dd>
            </div>
          )}
          {r.received !== null && (
            <div className="row">
              <dt>Received</dt>
              <dd data-testid="tx-item-received">{formatAmount(BigInt(r.received), { grouping: true })}</dd>
            </div>
          )}
          {r.settlement && (
            <div className="row">
              <dt>Network fee</dt>
              <dd>{formatAmount(BigInt(r.settlement.networkFee), { grouping: true })} τ</dd>
            </div>
          )}
          {r.settlement?.legs.map((l, i) => (
            <div className="row" key={i}>
              <dt>{LEG_TEXT[l.kind]} SN{l.netuid}</dt>
              <dd>
                {formatAmount(BigInt(l.tao), { grouping: true })} τ ↔ {formatAmount(BigInt(l.alpha), { grouping: true })} α at {formatAmount(BigInt(l.price), { grouping: true })} τ/α
              </dd>
            </div>
          ))}
          {r.settlement?.reconciliation && (
            <div className="row">
              <dt>{r.settlement.legs[0]?.kind === 'unstake' ? 'TAO credited' : 'TAO debited'}</dt>
              <dd data-testid="tx-tao-change">
                {formatAmount(BigInt(r.settlement.reconciliation.taoChange), { grouping: true })} τ (events and fee: {formatAmount(BigInt(r.settlement.reconciliation.taoExpected), { grouping: true })} τ)
              </dd>
            </div>
          )}
        </dl>
        {r.settlement?.reconciliation?.flags.map((f) => (
          <p className="warning" key={f} data-testid="tx-flag">
            {f}
          </p>
        ))}
        {r.error && <ErrorNote error={r.error} />}
      </details>
      {r.explorerUrl && (
        <a className="explorer" href={r.explorerUrl} target="_blank" rel="noreferrer noopener">
          Explorer ↗
        </a>
      )}
    </li>
  );
}
