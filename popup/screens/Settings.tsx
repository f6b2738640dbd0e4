import { useEffect, useId, useState, type FormEvent } from 'react';
import type { NetworkConfig, NetworkId } from '../../src/protocol/chain.ts';
import type { AuthorizationView } from '../../src/protocol/dapp.ts';
import type { AccountSummary } from '../../src/protocol/vault.ts';
import { AccountChecklist } from '../components/AccountChecklist.tsx';
import { ErrorNote } from '../components/ErrorNote.tsx';
import { Field } from '../components/Field.tsx';
import { Header } from '../components/Header.tsx';
import { ToleranceControl } from '../components/ToleranceControl.tsx';
import { useAction } from '../hooks/useAction.ts';
import { useSettings } from '../hooks/useSettings.ts';
import { useSnapshot } from '../hooks/useSnapshot.ts';
import { useVault } from '../hooks/useVault.ts';
import { shortAddress } from '../lib/format.ts';
import { onEvent, send } from '../lib/messaging.ts';
import { applyVault, chainState, refreshChain } from '../lib/store.ts';

export function Settings() {
  return (
    <section className="settings">
      <Header title="Settings" />
      <NetworkSection />
      <TradingSection />
      <SecuritySection />
      <AccountsSection />
      <div className="card">
        <ConnectedSites />
      </div>
    </section>
  );
}

function NetworkSection() {
  const id = useId();
  const { state } = useSnapshot();
  const [networks, setNetworks] = useState<NetworkConfig[]>();
  const [selected, setSelected] = useState<NetworkId>('devnet');
  const [customUrl, setCustomUrl] = useState('');
  const { busy, error, setError, run } = useAction();
  useEffect(() => {
    send('pri(chain.networks)', {}).then((r) => {
      setNetworks(r.networks);
      setSelected(r.selected);
      setCustomUrl(r.customUrl ?? '');
    }, setError);
  }, []);
  const urlProblem = selected === 'custom' && customUrl !== '' && !/^wss?:\/\/.+/.test(customUrl.trim()) ? 'Enter a ws:// or wss:// URL' : undefined;

  const connect = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => {
      const connection = await send('pri(chain.selectNetwork)', selected === 'custom' ? { network: 'custom', url: customUrl.trim() } : { network: selected });
      chainState.set({ connection, snapshot: chainState.get()?.snapshot ?? null });
      void refreshChain();
    });
  };

  return (
    <form className="card" onSubmit={connect} aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>Network</h2>
      <div className="field">
        <label htmlFor={`${id}-net`}>Network</label>
        <select id={`${id}-net`} value={selected} onChange={(e) => setSelected(e.target.value as NetworkId)}>
          {(networks ?? []).map((n) => (
            <option key={n.id} value={n.id}>
              {n.name}
            </option>
          ))}
        </select>
      </div>
      {selected === 'custom' && <Field label="Node URL" placeholder="ws://127.0.0.1:9944" value={customUrl} onChange={(e) => setCustomUrl(e.target.value)} error={urlProblem} autoComplete="off" spellCheck={false} />}
      <p className="hint" role="status" data-testid="connection-status">
        {state ? `${state.connection.status} · ${state.connection.url}` : 'Not connected'}
        {state?.connection.error ? ` · ${state.connection.error}` : ''}
      </p>
      <ErrorNote error={error} />
      <button type="submit" disabled={busy || !!urlProblem || (selected === 'custom' && customUrl.trim() === '')}>
        {busy ? 'Connecting…' : 'Connect'}
      </button>
    </form>
  );
}

function TradingSection() {
  const id = useId();
  const { settings, update } = useSettings();
  return (
    <div className="card" aria-labelledby={`${id}-h`} role="group">
      <h2 id={`${id}-h`}>Trading</h2>
      <ToleranceControl tolerancePpm={settings.tolerancePpm} onChange={(tolerancePpm) => void update({ tolerancePpm })} />
      <div className="check">
        <input id={`${id}-partial`} type="checkbox" checked={settings.allowPartial} onChange={(e) => void update({ allowPartial: e.target.checked })} />
        <label htmlFor={`${id}-partial`}>Allow partial fills by default</label>
      </div>
    </div>
  );
}

const AUTO_LOCK_CHOICES = [5, 15, 30, 60, 240, 1440];

function SecuritySection() {
  const id = useId();
  const { status } = useVault();
  const [error, setError] = useState<unknown>();
  const [oldPassword, setOldPassword] = useState('');
  const [newPassword, setNewPassword] = useState('');
  const [changed, setChanged] = useState(false);
  const run = (p: Promise<unknown>) => p.catch(setError);
  const changePassword = async (e: FormEvent) => {
    e.preventDefault();
    setError(undefined);
    setChanged(false);
    try {
      applyVault(await send('pri(vault.changePassword)', { oldPassword, newPassword }));
      setChanged(true);
    } catch (err) {
      setError(err);
    } finally {
      setOldPassword('');
      setNewPassword('');
    }
  };
  return (
    <div className="card" role="group" aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>Security</h2>
      <div className="field inline">
        <label htmlFor={`${id}-lock`}>Lock after</label>
        <select id={`${id}-lock`} value={status?.autoLockMinutes ?? 15} onChange={(e) => void run(send('pri(vault.setAutoLock)', { minutes: Number(e.target.value) }).then(applyVault))}>
          {[...new Set([...AUTO_LOCK_CHOICES, status?.autoLockMinutes ?? 15])].sort((a, b) => a - b).map((m) => (
            <option key={m} value={m}>
              {m < 60 ? `${m} minutes` : m === 60 ? '1 hour' : `${m / 60} hours`}
            </option>
          ))}
        </select>
      </div>
      <button type="button" onClick={() => void run(send('pri(vault.lock)', {}).then(applyVault))} data-testid="lock-now">
        Lock now
      </button>
      <details>
        <summary>Change password</summary>
        <form onSubmit={changePassword}>
          <Field label="Current password" type="password" autoComplete="current-password" value={oldPassword} onChange={(e) => setOldPassword(e.target.value)} />
          <Field label="New password" type="password" autoComplete="new-password" value={newPassword} onChange={(e) => setNewPassword(e.target.value)} error={newPassword && newPassword.length < 8 ? 'Use at least 8 characters' : undefined} />
          <button type="submit" disabled={!oldPassword || newPassword.length < 8}>
            Change password
          </button>
          {changed && <p role="status">Password changed.</p>}
        </form>
      </details>
      <ErrorNote error={error} />
    </div>
  );
}

function AccountsSection() {
  const id = useId();
  const { status } = useVault();
  const [error, setError] = useState<unknown>();
  const accounts = status?.accounts ?? [];
  const move = async (index: number, delta: number) => {
    const order = accounts.map((a) => a.address);
    const [item] = order.splice(index, 1);
    order.splice(index + delta, 0, item!);
    try {
      applyVault(await send('pri(accounts.reorder)', { addresses: order }));
    } catch (err) {
      setError(err);
    }
  };
  return (
    <div className="card" role="group" aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>Accounts</h2>
      <ErrorNote error={error} />
      <ul className="accounts">
        {accounts.map((a, i) => (
          <AccountItem key={a.address} account={a} first={i === 0} last={i === accounts.length - 1} onMove={(d) => void move(i, d)} />
        ))}
      </ul>
      <a className="button" href="#/add-account">
        Add an account
      </a>
    </div>
  );
}

type Panel = 'none' | 'rename' | 'export' | 'reveal' | 'remove';

function AccountItem({ account, first, last, onMove }: { account: AccountSummary; first: boolean; last: boolean; onMove: (delta: number) => void }) {
  const [panel, setPanel] = useState<Panel>('none');
  const [name, setName] = useState(account.name);
  const [password, setPassword] = useState('');
  const [mnemonic, setMnemonic] = useState('');
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  // A revealed phrase never outlives the panel.
  useEffect(() => {
    if (panel !== 'reveal') setMnemonic('');
  }, [panel]);
  useEffect(() => () => setMnemonic(''), []);

  const open = (next: Panel) => {
    setPanel(panel === next ? 'none' : next);
    setError(undefined);
    setPassword('');
  };

  const act = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      if (panel === 'rename') {
        await send('pri(accounts.rename)', { address: account.address, name });
        await send('pri(vault.status)', {}).then(applyVault);
        setPanel('none');
      } else if (panel === 'export') {
        const { json } = await send('pri(accounts.exportJson)', { address: account.address, password });
        download(`${account.name || account.address}.json`, json);
        setPanel('none');
      } else if (panel === 'reveal') {
        setMnemonic((await send('pri(accounts.revealMnemonic)', { address: account.address, password })).mnemonic);
      } else if (panel === 'remove') {
        applyVault(await send('pri(accounts.remove)', { address: account.address, ...(account.watchOnly ? {} : { password }) }));
      }
    } catch (err) {
      setError(err);
    } finally {
      setPassword('');
      setBusy(false);
    }
  };

  const needsPassword = panel === 'export' || panel === 'reveal' || (panel === 'remove' && !account.watchOnly);
  return (
    <li className="account" data-testid={`account-${account.address}`}>
      <div className="account-head">
        <span className="account-name">{account.name}</span>
        <span className="mono" title={account.address}>
          {shortAddress(account.address)}
        </span>
        <span className="badge">{account.watchOnly ? 'watch' : account.type}</span>
      </div>
      <div className="account-actions">
        <button type="button" className="small" onClick={() => onMove(-1)} disabled={first} aria-label={`Move ${account.name} up`}>
          ↑
        </button>
        <button type="button" className="small" onClick={() => onMove(1)} disabled={last} aria-label={`Move ${account.name} down`}>
          ↓
        </button>
        <button type="button" className="small" onClick={() => open('rename')} aria-expanded={panel === 'rename'}>
          Rename
        </button>
        {!account.watchOnly && (
          <button type="button" className="small" onClick={() => open('export')} aria-expanded={panel === 'export'}>
            Export JSON
          </button>
        )}
        {account.hasMnemonic && (
          <button type="button" className="small" onClick={() => open('reveal')} aria-expanded={panel === 'reveal'}>
            Recovery phrase
          </button>
        )}
        <button type="button" className="small danger" onClick={() => open('remove')} aria-expanded={panel === 'remove'}>
          Remove
        </button>
      </div>
      {panel !== 'none' && (
        <form className="account-panel" onSubmit={act}>
          {panel === 'rename' && <Field label="New name" value={name} maxLength={64} onChange={(e) => setName(e.target.value)} autoFocus />}
          {panel === 'remove' && <p className="warning">Removing deletes this key from the wallet. Without its recovery phrase or a JSON backup, the funds are lost.</p>}
          {panel === 'export' && <p className="hint">The file is encrypted with your wallet password.</p>}
          {needsPassword && !(panel === 'reveal' && mnemonic) && <Field label="Wallet password" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} autoFocus />}
          {panel === 'reveal' && mnemonic && (
            <>
              <p className="warning">Anyone who sees these words controls this account.</p>
              <p className="mnemonic-text mono" data-testid="revealed-mnemonic">
                {mnemonic}
              </p>
            </>
          )}
          <ErrorNote error={error} />
          <div className="actions">
            <button type="button" onClick={() => setPanel('none')}>
              {panel === 'reveal' && mnemonic ? 'Hide' : 'Cancel'}
            </button>
            {!(panel === 'reveal' && mnemonic) && (
              <button type="submit" className={panel === 'remove' ? 'danger' : 'primary'} disabled={busy || (needsPassword && !password) || (panel === 'rename' && !name.trim())}>
                {panel === 'rename' ? 'Save' : panel === 'export' ? 'Export' : panel === 'reveal' ? 'Show' : 'Remove'}
              </button>
            )}
          </div>
        </form>
      )}
    </li>
  );
}

function download(fileName: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** Sites the user connected (pri(authorizations.*)): which accounts each sees, edit that, and disconnect. */
function ConnectedSites() {
  const id = useId();
  const [sites, setSites] = useState<AuthorizationView[]>();
  const [error, setError] = useState<unknown>();
  useEffect(() => {
    send('pri(authorizations.list)', {}).then(setSites, setError);
    return onEvent('authorizations.changed', ({ authorizations }) => setSites(authorizations));
  }, []);
  return (
    <div role="group" aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>Connected sites</h2>
      <ErrorNote error={error} />
      {sites && sites.length === 0 && <p className="hint">No site is connected.</p>}
      <ul className="accounts">
        {sites?.map((site) => (
          <ConnectedSite key={site.origin} site={site} onChanged={(next) => setSites((list) => (next ? list?.map((s) => (s.origin === next.origin ? next : s)) : list?.filter((s) => s.origin !== site.origin)))} />
        ))}
      </ul>
    </div>
  );
}

/** One connected site: the accounts it sees, a checklist to change them, and disconnect. `onChanged(undefined)` = disconnected. */
function ConnectedSite({ site, onChanged }: { site: AuthorizationView; onChanged: (next: AuthorizationView | undefined) => void }) {
  const { status } = useVault();
  const [editing, setEditing] = useState<Set<string>>();
  const { busy, error, run } = useAction();
  const names = new Map(status?.accounts.map((a) => [a.address, a.name]));
  const save = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => {
      onChanged(await send('pri(authorizations.update)', { origin: site.origin, addresses: [...editing!] }));
      setEditing(undefined);
    });
  };
  const disconnect = () =>
    void run(async () => {
      await send('pri(authorizations.revoke)', { origin: site.origin });
      onChanged(undefined);
    });
  const unchanged = editing !== undefined && editing.size === site.addresses.length && site.addresses.every((a) => editing.has(a));
  return (
    <li className="account" data-testid="connected-site">
      <div className="account-head">
        <span className="account-name" title={site.originName}>
          {site.origin}
        </span>
        <button type="button" className="small" onClick={() => setEditing(editing ? undefined : new Set(site.addresses))} aria-expanded={editing !== undefined} aria-label={`Choose the accounts ${site.origin} sees`}>
          Accounts
        </button>
        <button type="button" className="small danger" onClick={disconnect} disabled={busy} aria-label={`Disconnect ${site.origin}`}>
          Disconnect
        </button>
      </div>
      <p className="hint" data-testid="connected-site-sees">
        {site.addresses.length === 0 ? 'Sees no account' : `Sees ${site.addresses.map((a) => names.get(a) ?? shortAddress(a)).join(', ')}`}
      </p>
      {editing && (
        <form className="account-panel" onSubmit={save}>
          <AccountChecklist legend={`Accounts ${site.origin} may see`} accounts={status?.accounts ?? []} chosen={editing} onChange={setEditing} testIdPrefix="site-account-" />
          {editing.size === 0 && <p className="hint">With no account ticked the site stays connected but sees nothing.</p>}
          <div className="actions">
            <button type="button" onClick={() => setEditing(undefined)}>
              Cancel
            </button>
            <button type="submit" className="primary" disabled={busy || unchanged}>
              Save
            </button>
          </div>
        </form>
      )}
      <ErrorNote error={error} />
    </li>
  );
}
