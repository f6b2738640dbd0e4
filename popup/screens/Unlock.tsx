import { useEffect, useLayoutEffect, useState, type FormEvent } from 'react';
import type { VaultStatus } from '../../src/protocol/vault.ts';
import { ErrorNote } from '../components/ErrorNote.tsx';
import { Field } from '../components/Field.tsx';
import { send } from '../lib/messaging.ts';
import { markFirstRender } from '../lib/perf.ts';
import { applyVault } from '../lib/store.ts';

const RESET_PHRASE = 'DELETE ALL KEYS';

export function Unlock({ status }: { status: VaultStatus }) {
  const [password, setPassword] = useState('');
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const [now, setNow] = useState(() => Date.now());
  useLayoutEffect(markFirstRender, []);

  const waitMs = status.retryAt ? status.retryAt - now : 0;
  useEffect(() => {
    if (waitMs <= 0) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [waitMs]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!password || busy || waitMs > 0) return;
    setBusy(true);
    setError(undefined);
    try {
      applyVault(await send('pri(vault.unlock)', { password }));
    } catch (err) {
      setError(err);
      send('pri(vault.status)', {}).then(applyVault, () => undefined);
    } finally {
      setPassword('');
      setBusy(false);
    }
  };

  if (status.corrupt) return <CorruptVault />;

  return (
    <form className="unlock" onSubmit={submit}>
      <div className="brand" aria-hidden="true">
        τ
      </div>
      <h1>Unlock TaoStake</h1>
      <Field label="Password" type="password" autoComplete="current-password" autoFocus value={password} onChange={(e) => setPassword(e.target.value)} />
      {waitMs > 0 && (
        <p className="warning" role="status">
          Too many wrong passwords: try again in {Math.ceil(waitMs / 1000)} s.
        </p>
      )}
      {status.failedAttempts > 0 && waitMs <= 0 && (
        <p className="hint">
          {status.failedAttempts} wrong attempt{status.failedAttempts === 1 ? '' : 's'}.
        </p>
      )}
      <ErrorNote error={error} />
      <button type="submit" className="primary" disabled={!password || busy || waitMs > 0}>
        {busy ? 'Unlocking…' : 'Unlock'}
      </button>
    </form>
  );
}

/** The stored vault cannot be read: the only way forward is to discard it and restore from a mnemonic. */
function CorruptVault() {
  const [confirm, setConfirm] = useState('');
  const [error, setError] = useState<unknown>();
  useLayoutEffect(markFirstRender, []);
  const reset = async (e: FormEvent) => {
    e.preventDefault();
    try {
      applyVault(await send('pri(vault.reset)', { confirm: RESET_PHRASE }));
    } catch (err) {
      setError(err);
    }
  };
  return (
    <form className="unlock" onSubmit={reset}>
      <h1>The wallet data cannot be read</h1>
      <p>
        The stored vault is damaged. If you have your recovery phrases, you can delete it and import your accounts again. Without them, the keys in it are lost.
      </p>
      <Field label={`Type ${RESET_PHRASE} to confirm`} value={confirm} onChange={(e) => setConfirm(e.target.value)} autoComplete="off" />
      <ErrorNote error={error} />
      <button type="submit" className="danger" disabled={confirm !== RESET_PHRASE}>
        Delete and start again
      </button>
    </form>
  );
}
