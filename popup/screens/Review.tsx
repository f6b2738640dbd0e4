import { useState } from 'react';
import { formatAmount } from '../../src/amount.ts';
import type { Intent, PreparedTx, SimulationView } from '../../src/protocol/chain.ts';
import { ErrorNote } from '../components/ErrorNote.tsx';
import { Header } from '../components/Header.tsx';
import { TxProgress } from '../components/TxProgress.tsx';
import { useAction } from '../hooks/useAction.ts';
import { useAutoFocus } from '../hooks/useAutoFocus.ts';
import { useLive } from '../hooks/useLive.ts';
import { TAO } from '../lib/format.ts';
import { send } from '../lib/messaging.ts';
import { applyTx, preparedTxs, transactions } from '../lib/store.ts';

const amt = (rao: string | bigint, unit = '', d = 9) => `${formatAmount(BigInt(rao), { maxDecimals: d, grouping: true })}${unit ? ` ${unit}` : ''}`;

/** The limit the call signs, in words. */
function limitText(intent: Intent): string | undefined {
  switch (intent.kind) {
    case 'stake':
      return `pay at most ${amt(intent.limitPrice, `${TAO} per alpha`)}`;
    case 'unstake':
      return `sell for at least ${amt(intent.limitPrice, `${TAO} per alpha`)}`;
    case 'unstakeFull':
      return intent.limitPrice === null ? 'no price limit' : `sell for at least ${amt(intent.limitPrice, `${TAO} per alpha`)}`;
    case 'swap':
      return `origin/destination price ratio at least ${amt(intent.limitPrice)}`;
    case 'move':
      return 'none (move_stake has no price limit on chain)';
    case 'moveLimit':
      return intent.originNetuid === intent.destinationNetuid
        ? 'none needed (same subnet: no swap)'
        : `at least ${amt(intent.limitPrice)} destination alpha per origin alpha`;
    case 'claimRootExit':
      return 'none needed (root stake leaves 1:1 as TAO)';
    default:
      return undefined;
  }
}

export function Review({ id }: { id: string }) {
  const entry = preparedTxs.get(id);
  const [txId, setTxId] = useState<string>();
  const { busy, error, run } = useAction();
  const records = useLive(transactions);
  const record = txId ? records?.get(txId) : undefined;
  const focusConfirm = useAutoFocus<HTMLButtonElement>(true);

  if (!entry) {
    return (
      <section>
        <Header title="Review" back="#/portfolio" />
        <p className="empty">This review is no longer open. Start the trade again; past transactions are in Activity.</p>
        <a href="#/activity">Activity</a>
      </section>
    );
  }
  const { prepared } = entry;

  const confirm = () =>
    void run(async () => {
      const submitted = await send('pri(tx.submit)', { id: prepared.id });
      applyTx(submitted);
      setTxId(submitted.id);
    });

  return (
    <section className="review">
      <Header title={record ? 'Transaction' : 'Review'} back={record ? undefined : entry.backHref} />
      <p className="summary" data-testid="review-summary">
        {prepared.summary}
      </p>
      {!record && <ReviewDetails prepared={prepared} lines={entry.lines} receivedSymbol={entry.receivedSymbol} />}
      {record && <TxProgress record={record} receivedSymbol={entry.receivedSymbol} />}
      {txId && !record && <p role="status">Submitting…</p>}
      <ErrorNote error={error} testId="submit-error" />
      {!txId && (
        <div className="actions">
          <a className="button" href={entry.backHref}>
            {error ? 'Back to the form' : 'Back'}
          </a>
          <button type="button" className="primary" onClick={confirm} disabled={busy} data-testid="confirm-tx" ref={focusConfirm}>
            {busy ? 'Signing…' : 'Confirm and sign'}
          </button>
        </div>
      )}
      {record && (record.status === 'finalized' || record.status === 'inBlock' || record.status === 'failed' || record.status === 'dropped') && (
        <div className="actions">
          <a className="button primary" href="#/portfolio">
            Done
          </a>
          <a className="button" href="#/activity">
            Activity
          </a>
        </div>
      )}
    </section>
  );
}

function ReviewDetails({ prepared, lines, receivedSymbol }: { prepared: PreparedTx; lines: { label: string; value: string }[]; receivedSymbol: string }) {
  const limit = limitText(prepared.intent);
  return (
    <>
      <dl className="review-lines">
        {lines.map((line) => (
          <div className="row" key={line.label}>
            <dt>{line.label}</dt>
            <dd>{line.value}</dd>
          </div>
        ))}
        {limit && (
          <div className="row">
            <dt>Limit signed</dt>
            <dd data-testid="review-limit">{limit}</dd>
          </div>
        )}
        <div className="row">
          <dt>Network fee</dt>
          <dd data-testid="review-network-fee">{amt(prepared.networkFee, TAO)}</dd>
        </div>
        <div className="row">
          <dt>Quoted at</dt>
          <dd>block #{prepared.blockNumber}</dd>
        </div>
      </dl>
      <details className="call" open>
        <summary>
          Call: {prepared.call.section}.{prepared.call.method}
        </summary>
        <dl data-testid="review-call">
          {Object.entries(prepared.call.args).map(([name, value]) => (
            <div className="row" key={name}>
              <dt>{name}</dt>
              <dd className="mono">{value}</dd>
            </div>
          ))}
        </dl>
      </details>
      <Simulation simulation={prepared.simulation} note={prepared.simulationNote ?? null} receivedSymbol={receivedSymbol} />
    </>
  );
}

/** The chain's simulation against the preview, or in words why there is none. */
export function Simulation({ simulation, note, receivedSymbol }: { simulation: SimulationView | null; note: string | null; receivedSymbol: string }) {
  if (!simulation && note) {
    return (
      <p className="hint" data-testid="sim-unavailable">
        {note}
      </p>
    );
  }
  if (!simulation) return <p className="hint">No chain simulation for this call (it does not swap in a pool).</p>;
  const rows: { label: string; key: keyof SimulationView['chain'] }[] = [
    { label: 'Into the pool', key: 'amountIn' },
    { label: `Out (${receivedSymbol})`, key: 'amountOut' },
    { label: 'Swap fee', key: 'fee' },
  ];
  const agree = simulation.differences.length === 0;
  return (
    <section className="simulation" aria-label="Chain simulation against ours">
      <table>
        <caption>Chain simulation vs. our preview (same block)</caption>
        <thead>
          <tr>
            <th scope="col" />
            <th scope="col">Chain</th>
            <th scope="col">Ours</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.key} className={simulation.chain[r.key] === simulation.local[r.key] ? '' : 'differs'}>
              <th scope="row">{r.label}</th>
              <td data-testid={`sim-chain-${r.key}`}>{amt(simulation.chain[r.key])}</td>
              <td data-testid={`sim-local-${r.key}`}>{amt(simulation.local[r.key])}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {agree ? (
        <p className="ok" data-testid="sim-agree">
          The chain agrees with our preview to the rao.
        </p>
      ) : (
        <ul className="warning" data-testid="sim-differences">
          {simulation.differences.map((d) => (
            <li key={d}>{d}</li>
          ))}
        </ul>
      )}
    </section>
  );
}
