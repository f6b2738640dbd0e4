import type { ReactNode } from 'react';
import { formatAmount } from '../../src/amount.ts';
import { partialFillText } from '../../src/history/fill.ts';
import type { TxRecord, TxStatus } from '../../src/protocol/chain.ts';
import { ErrorNote } from './ErrorNote.tsx';
import { claimOutcomeNote } from '../../src/chain/root-claims.ts';

const STEPS: { status: TxStatus; label: string }[] = [
  { status: 'signing', label: 'Signing' },
  { status: 'broadcast', label: 'Broadcast' },
  { status: 'inBlock', label: 'In block' },
  { status: 'finalized', label: 'Finalized' },
];
const ORDER: Record<TxStatus, number> = { signing: 0, broadcast: 1, inBlock: 2, finalized: 3, failed: -1, dropped: -1, unknown: -1 };

export const STATUS_TEXT: Record<TxStatus, string> = {
  signing: 'Signing',
  broadcast: 'Broadcast',
  inBlock: 'In block',
  finalized: 'Finalized',
  failed: 'Failed',
  dropped: 'Dropped',
  unknown: 'Unknown',
};

/** Signing -> broadcast -> in block -> finalized, then what was received against the preview. */
export function TxProgress({ record, receivedSymbol }: { record: TxRecord; receivedSymbol: string }) {
  // A transaction that failed in a block still went through signing, broadcast and inclusion.
  const reached = record.status === 'failed' && record.blockNumber !== null ? ORDER.inBlock : ORDER[record.status];
  const ended = record.status === 'failed' || record.status === 'dropped';
  const received = record.received === null ? null : BigInt(record.received);
  const previewed = record.previewed === null ? null : BigInt(record.previewed);
  const diff = received !== null && previewed !== null ? received - previewed : null;
  const partial = partialFillText(record);
  return (
    <section className="progress" aria-label="Transaction progress">
      <ol className="steps">
        {STEPS.map((step, i) => (
          <li key={step.status} className={reached >= i ? 'done' : ended ? 'skipped' : ''} aria-current={reached === i ? 'step' : undefined}>
            {step.label}
          </li>
        ))}
      </ol>
      <p role="status" data-testid="tx-status" data-status={record.status}>
        {STATUS_TEXT[record.status]}
        {record.blockNumber !== null ? ` · block #${record.blockNumber}` : ''}
      </p>
      {record.error && <ErrorNote error={record.error} testId="tx-error" />}
      {record.status === 'dropped' && !record.error && <ErrorNote error={{ code: 'Dropped', message: 'The network dropped the transaction; nothing happened. Check Activity before trying again.' }} testId="tx-error" />}
      {claimOutcomeNote(record.intent, received) && (
        <p className="hint" role="status" data-testid="claim-noop">
          {claimOutcomeNote(record.intent, received)}
        </p>
      )}
      {received !== null && (
        <dl className="result" data-testid="tx-result">
          {partial && (
            <ResultRow label="Filled" testId="tx-partial" strong>
              {partial}
            </ResultRow>
          )}
          <ResultRow label="Received" testId="tx-received" strong>
            {formatAmount(received, { maxDecimals: 9, grouping: true })} {receivedSymbol}
          </ResultRow>
          {previewed !== null && (
            <ResultRow label="Previewed" testId="tx-previewed">
              {formatAmount(previewed, { maxDecimals: 9, grouping: true })} {receivedSymbol}
            </ResultRow>
          )}
          {diff !== null && (
            <ResultRow label="Difference" testId="tx-difference">
              {diff === 0n ? 'none: exactly as previewed' : `${diff > 0n ? '+' : '−'}${formatAmount(diff < 0n ? -diff : diff, { grouping: true })} ${receivedSymbol}`}
            </ResultRow>
          )}
        </dl>
      )}
      {record.explorerUrl && (
        <a href={record.explorerUrl} target="_blank" rel="noreferrer noopener">
          View on the block explorer
        </a>
      )}
    </section>
  );
}

function ResultRow({ label, testId, strong = false, children }: { label: string; testId: string; strong?: boolean; children: ReactNode }) {
  return (
    <div className={strong ? 'row strong' : 'row'}>
      <dt>{label}</dt>
      <dd data-testid={testId}>{children}</dd>
    </div>
  );
}
