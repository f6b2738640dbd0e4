// The approval windows the background opens for dApps: `#/request/<id>` (a signature) and
// `#/authorize/<id>` (a site asking to connect). Both read the request from the background
// (pri(requests.get)), answer with pri(requests.approve | reject), and close themselves.
import { useEffect, useState, type FormEvent } from 'react';
import type { ArgView, CallNodeView, DappRequestDetail, RiskView } from '../../../src/protocol/dapp.ts';
import { AccountChecklist } from '../../components/AccountChecklist.tsx';
import { ErrorNote } from '../../components/ErrorNote.tsx';
import { Header } from '../../components/Header.tsx';
import { shortAddress } from '../../lib/format.ts';
import { onEvent, send } from '../../lib/messaging.ts';

type Outcome = 'approved' | 'rejected' | 'gone';

/**
 * Loads one pending request and notices when it stops being pending (answered elsewhere, tab
 * closed); `answer` and `reject` send the user's answer.
 */
function useRequest(id: string) {
  const [detail, setDetail] = useState<DappRequestDetail>();
  const [error, setError] = useState<unknown>();
  const [outcome, setOutcome] = useState<Outcome>();
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    let live = true;
    send('pri(requests.get)', { id }).then(
      (d) => live && setDetail(d),
      (e: { code?: string }) => live && (e?.code === 'NotFound' ? setOutcome('gone') : setError(e)),
    );
    const off = onEvent('requests.changed', ({ requests }) => {
      if (live && !requests.some((r) => r.id === id)) {
        setOutcome((o) => {
          // Answered elsewhere, or withdrawn because its page went away: nothing left to do here.
          if (!o) closeSoon();
          return o ?? 'gone';
        });
      }
    });
    return () => {
      live = false;
      off();
    };
  }, [id]);

  /** Runs one answer with the buttons disabled; on success shows the outcome and closes the window, on failure shows why. */
  const answer = async (step: () => Promise<Outcome>, onFailure?: (err: unknown) => void) => {
    setBusy(true);
    setError(undefined);
    try {
      setOutcome(await step());
      closeSoon();
    } catch (err) {
      onFailure?.(err);
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  const reject = () =>
    answer(async () => {
      await send('pri(requests.reject)', { id });
      return 'rejected';
    });
  return { detail, setDetail, error, outcome, busy, answer, reject };
}

function closeSoon() {
  // The background opened this window for this one request; a tab opened by hand stays.
  setTimeout(() => window.close(), 600);
}

function Done({ outcome }: { outcome: Outcome }) {
  const text = outcome === 'approved' ? 'Approved. You can close this window.' : outcome === 'rejected' ? 'Rejected. The site was told.' : 'This request is no longer pending.';
  return (
    <p className="hint" role="status" data-testid="request-done">
      {text}
    </p>
  );
}

/** The window before there is a request to show: its outcome once answered, else loading or why it failed. */
function NoRequest({ title, outcome, error }: { title: string; outcome: Outcome | undefined; error: unknown }) {
  return (
    <section className="request">
      <Header title={title} />
      {outcome ? <Done outcome={outcome} /> : error ? <ErrorNote error={error} /> : <p className="loading">Loading…</p>}
    </section>
  );
}

/** Reject and approve; `prefix` names their test ids (`<prefix>-reject`, `<prefix>-approve`). */
function Answers({ prefix, busy, onReject, approveDisabled, approveLabel }: { prefix: string; busy: boolean; onReject: () => void; approveDisabled: boolean; approveLabel: string }) {
  return (
    <div className="actions">
      <button type="button" className="danger" data-testid={`${prefix}-reject`} disabled={busy} onClick={onReject}>
        Reject
      </button>
      <button type="submit" className="primary" data-testid={`${prefix}-approve`} disabled={busy || approveDisabled}>
        {approveLabel}
      </button>
    </div>
  );
}

const RISK_LABEL: Record<RiskView['level'], string> = { low: 'Low risk', medium: 'Check carefully', high: 'High risk', critical: 'Dangerous' };

/** The request's risk level and the reason, first thing in the window. */
function Risk({ risk }: { risk: RiskView }) {
  return (
    <p className={`risk risk-${risk.level}`} role={risk.level === 'high' || risk.level === 'critical' ? 'alert' : undefined} data-testid="request-risk" data-level={risk.level}>
      <strong>{RISK_LABEL[risk.level]}:</strong> {risk.reason}
    </p>
  );
}

function Args({ args }: { args: ArgView[] }) {
  return (
    <dl className="args">
      {args.map((a, i) => (
        <div key={`${a.name}-${i}`} data-testid={`call-arg-${a.name}`}>
          <dt>{a.name}</dt>
          <dd className="mono">
            {a.text}
            {a.children && <Args args={a.children} />}
          </dd>
        </div>
      ))}
    </dl>
  );
}

/** One decoded call: what it does, its arguments, and the calls inside it, indented below. */
function CallNode({ node, path }: { node: CallNodeView; path: string }) {
  return (
    <div className="call-node" data-testid={`call-${path}`} data-call={`${node.pallet}.${node.call}`} data-level={node.risk.level}>
      <p className="call-name">
        <span className="mono">
          {node.pallet}.{node.call}
        </span>
        {node.risk.level !== 'low' && <span className={`badge risk-${node.risk.level}`}>{RISK_LABEL[node.risk.level]}</span>}
      </p>
      {node.summary && <p className="hint">{node.summary}</p>}
      <Args args={node.args} />
      {node.inner.length > 0 && (
        <ol className="inner-calls">
          {node.inner.map((c, i) => (
            <li key={i}>
              <CallNode node={c} path={`${path}-${i + 1}`} />
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}

function Origin({ origin, originName }: { origin: string; originName: string }) {
  return (
    <p className="request-origin">
      <strong data-testid="request-origin">{origin}</strong>
      {originName && originName !== origin && <span className="hint"> calls itself “{originName}” (not verified)</span>}
    </p>
  );
}

export function RequestScreen({ id }: { id: string }) {
  const { detail, setDetail, error, outcome, busy, answer, reject } = useRequest(id);
  const [password, setPassword] = useState('');

  if (outcome || !detail) return <NoRequest title="Signature request" outcome={outcome} error={error} />;
  if (detail.kind === 'authorize') return <AuthorizeScreen id={id} />;

  const approve = async (e: FormEvent) => {
    e.preventDefault();
    await answer(
      async () => {
        if (!detail.unlocked) {
          await send('pri(vault.unlock)', { password });
          setPassword('');
          setDetail({ ...detail, unlocked: true });
        }
        await send('pri(requests.approve)', { id });
        return 'approved';
      },
      (err) => {
        if ((err as { code?: string }).code === 'Locked') setDetail({ ...detail, unlocked: false });
      },
    );
  };

  return (
    <form className="request" onSubmit={approve}>
      <Header title={detail.kind === 'signRaw' ? 'Sign a message' : 'Sign a transaction'} />
      <Origin origin={detail.origin} originName={detail.originName} />
      <Risk risk={detail.risk} />
      <p>
        asks <strong data-testid="request-account">{detail.accountName ?? 'an account'}</strong> <span className="mono">{shortAddress(detail.address ?? '')}</span> to sign:
      </p>
      {detail.kind === 'signPayload' ? <PayloadDetails detail={detail} /> : <RawDetails detail={detail} />}
      {!detail.unlocked && (
        <div className="field">
          <label htmlFor="request-password">Wallet password</label>
          <input id="request-password" data-testid="request-password" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} />
        </div>
      )}
      <ErrorNote error={error} />
      <Answers
        prefix="request"
        busy={busy}
        onReject={reject}
        approveDisabled={!detail.unlocked && !password}
        approveLabel={busy ? 'Signing…' : detail.unlocked ? 'Approve and sign' : 'Unlock and sign'}
      />
    </form>
  );
}

function PayloadDetails({ detail }: { detail: Extract<DappRequestDetail, { kind: 'signPayload' }> }) {
  const { call, chain } = detail;
  return (
    <div className="card">
      {!chain.genesisMatches && (
        <p className="warning" role="alert">
          This transaction is for another chain than the one the wallet is connected to, or the chain is not reachable: the wallet cannot decode it and will not sign it.
        </p>
      )}
      {call && (
        <>
          <p className="summary" data-testid="request-summary">
            {call.summary ?? `${call.section}.${call.method}`}
          </p>
          {call.preview && (
            <p className="preview" data-testid="request-preview">
              Our preview: {call.preview}
            </p>
          )}
          {call.warnings.map((w) => (
            <p className="warning" key={w} data-testid="request-warning">
              {w}
            </p>
          ))}
          {call.tree && (
            <details open={call.tree.inner.length > 0 || call.tree.risk.level !== 'low'}>
              <summary>
                Call details: {call.tree.pallet}.{call.tree.call}
              </summary>
              <CallNode node={call.tree} path="0" />
            </details>
          )}
        </>
      )}
      <dl className="args">
        <div>
          <dt>Valid from block</dt>
          <dd>
            #{chain.blockNumber} ({chain.mortal ? 'expires after a few minutes' : 'never expires'})
          </dd>
        </div>
        <div>
          <dt>Nonce</dt>
          <dd>{chain.nonce}</dd>
        </div>
        {chain.tip !== '0' && (
          <div>
            <dt>Tip</dt>
            <dd>{chain.tip} rao</dd>
          </div>
        )}
        {chain.metadataHash && (
          <div>
            <dt>Metadata hash</dt>
            <dd className="mono">{shortAddress(chain.metadataHash, 10)}</dd>
          </div>
        )}
      </dl>
    </div>
  );
}

function RawDetails({ detail }: { detail: Extract<DappRequestDetail, { kind: 'signRaw' }> }) {
  return (
    <div className="card">
      <p className="hint">A message, not a transaction: it is signed wrapped in &lt;Bytes&gt;, so it cannot move funds.</p>
      <pre className="mono message" data-testid="request-message">
        {detail.text ?? detail.data}
      </pre>
    </div>
  );
}

export function AuthorizeScreen({ id }: { id: string }) {
  const { detail, error, outcome, busy, answer, reject } = useRequest(id);
  const [chosen, setChosen] = useState<Set<string>>();

  useEffect(() => {
    if (detail?.kind === 'authorize' && !chosen) {
      const first = detail.accounts.find((a) => !a.watchOnly) ?? detail.accounts[0];
      setChosen(new Set(detail.selected.length ? detail.selected : first ? [first.address] : []));
    }
  }, [detail, chosen]);

  if (outcome || !detail || !chosen) return <NoRequest title="Connect a site" outcome={outcome} error={error} />;
  if (detail.kind !== 'authorize') return <RequestScreen id={id} />;

  const approve = async (e: FormEvent) => {
    e.preventDefault();
    await answer(async () => {
      await send('pri(requests.approve)', { id, addresses: [...chosen] });
      return 'approved';
    });
  };

  return (
    <form className="request" onSubmit={approve}>
      <Header title="Connect a site" />
      <Origin origin={detail.origin} originName={detail.originName} />
      <Risk risk={detail.risk} />
      <p>wants to see your accounts. It will see only the ones you tick, and every transaction still needs your approval here.</p>
      <AccountChecklist legend="Accounts this site may see" accounts={detail.accounts} chosen={chosen} onChange={setChosen} testIdPrefix="authorize-account-" />
      <ErrorNote error={error} />
      <Answers prefix="authorize" busy={busy} onReject={reject} approveDisabled={chosen.size === 0} approveLabel={`Connect ${chosen.size} account${chosen.size === 1 ? '' : 's'}`} />
    </form>
  );
}
