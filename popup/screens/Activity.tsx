import { useEffect } from 'react';
import { formatAmount } from '../../src/amount.ts';
import type { TxRecord } from '../../src/protocol/chain.ts';
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
  const list = [...(records?.values() ?? [])].sort((a, b) => b.createdAt - a.createdAt);
  return (
    <section className="activity">
      <Header title="Activity" />
      <ErrorNote error={error} />
      {records && list.length === 0 && <p className="empty">No transactions yet.</p>}
      <ul className="tx-list" aria-label="Transactions">
        {list.map((r) => (
          <TxItem key={r.id} record={r} />
        ))}
      </ul>
    </section>
  );
}

function TxItem({ record: r }: { record: TxRecord }) {
  return (
    <li className="tx" data-testid="tx-item" data-status={r.status}>
      <details>
        <summary>
          <span className={`badge ${r.status}`}>{STATUS_TEXT[r.status]}</span>
          <span className="tx-summary">{r.summary}</span>
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
              <dd>{formatAmount(BigInt(r.received), { grouping: true })}</dd>
            </div>
          )}
        </dl>
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
