import { useEffect, useLayoutEffect, useMemo, useState, type FormEvent } from 'react';
import type { AccountSummary } from '../../src/protocol/vault.ts';
import { ErrorNote } from '../components/ErrorNote.tsx';
import { Field, TextArea } from '../components/Field.tsx';
import { send } from '../lib/messaging.ts';
import { passwordOk, passwordProblem, pickConfirmIndexes, splitMnemonic, wordMatches } from '../lib/onboarding.ts';
import { markFirstRender } from '../lib/perf.ts';
import { navigate } from '../lib/router.ts';
import { applySettings, applyVault, refreshVault, vaultStatus } from '../lib/store.ts';

type ImportKind = 'mnemonic' | 'seed' | 'json' | 'btcli' | 'watch';
type Step = { name: 'choose' } | { name: 'show' } | { name: 'confirm' } | { name: 'import' } | { name: 'finish'; from: 'create' | 'import' };

const IMPORT_KINDS: { kind: ImportKind; label: string }[] = [
  { kind: 'mnemonic', label: 'Recovery phrase' },
  { kind: 'seed', label: 'Raw seed' },
  { kind: 'json', label: 'JSON keystore' },
  { kind: 'btcli', label: 'btcli coldkey' },
  { kind: 'watch', label: 'Watch-only address' },
];

interface ImportForm {
  kind: ImportKind;
  mnemonic: string;
  /** Optional derivation path for a recovery phrase, e.g. //Alice or //0. */
  derivationPath: string;
  seed: string;
  fileText: string;
  fileName: string;
  filePassword: string;
  address: string;
}

const EMPTY_IMPORT: ImportForm = { kind: 'mnemonic', mnemonic: '', derivationPath: '', seed: '', fileText: '', fileName: '', filePassword: '', address: '' };

/**
 * First run (mode "new": also sets the wallet password) and "add an account" later. The
 * generated mnemonic lives only in this component's state and is dropped on leaving it.
 */
export function Onboarding({ mode }: { mode: 'new' | 'add' }) {
  const [step, setStep] = useState<Step>({ name: 'choose' });
  const [mnemonic, setMnemonic] = useState('');
  const [form, setForm] = useState<ImportForm>(EMPTY_IMPORT);
  const [error, setError] = useState<unknown>();
  useLayoutEffect(markFirstRender, []);
  // Forget secrets when the flow is left.
  useEffect(() => () => setMnemonic(''), []);

  const startCreate = async () => {
    setError(undefined);
    try {
      const { mnemonic: words } = await send('pri(mnemonic.generate)', { words: 12 });
      setMnemonic(words);
      setStep({ name: 'show' });
    } catch (e) {
      setError(e);
    }
  };

  const done = () => {
    setMnemonic('');
    setForm(EMPTY_IMPORT);
    navigate('/portfolio');
  };

  return (
    <section className="onboarding">
      {step.name === 'choose' && (
        <div className="choose">
          <div className="brand" aria-hidden="true">
            τ
          </div>
          <h1>{mode === 'new' ? 'Welcome to TaoStake' : 'Add an account'}</h1>
          <p className="lead">Stake TAO into subnets with an exact slippage preview and a price limit on every trade.</p>
          <button type="button" className="primary" onClick={startCreate}>
            Create a new wallet
          </button>
          <button type="button" onClick={() => setStep({ name: 'import' })}>
            Import an existing account
          </button>
          {mode === 'add' && (
            <a className="link" href="#/portfolio">
              Cancel
            </a>
          )}
          <ErrorNote error={error} />
        </div>
      )}
      {step.name === 'show' && <ShowMnemonic mnemonic={mnemonic} onBack={() => setStep({ name: 'choose' })} onNext={() => setStep({ name: 'confirm' })} />}
      {step.name === 'confirm' && <ConfirmMnemonic mnemonic={mnemonic} onBack={() => setStep({ name: 'show' })} onNext={() => setStep({ name: 'finish', from: 'create' })} />}
      {step.name === 'import' && <ImportStep form={form} setForm={setForm} onBack={() => setStep({ name: 'choose' })} onNext={() => setStep({ name: 'finish', from: 'import' })} />}
      {step.name === 'finish' && (
        <Finish
          onBack={() => setStep(step.from === 'create' ? { name: 'confirm' } : { name: 'import' })}
          defaultName={step.from === 'import' && form.kind === 'watch' ? 'Watched' : 'Account 1'}
          nameOptional={step.from === 'import' && form.kind === 'json'}
          create={(name) =>
            step.from === 'create'
              ? send('pri(accounts.create)', { mnemonic, name, origin: 'created' }).then((a) => [a])
              : importAccount(form, name)
          }
          onDone={done}
        />
      )}
    </section>
  );
}

function importAccount(form: ImportForm, name: string): Promise<AccountSummary[]> {
  switch (form.kind) {
    case 'mnemonic':
      return send('pri(accounts.create)', {
        mnemonic: splitMnemonic(form.mnemonic).join(' '),
        name,
        origin: 'mnemonic',
        ...(form.derivationPath.trim() ? { derivationPath: form.derivationPath.trim() } : {}),
      }).then((a) => [a]);
    case 'seed':
      return send('pri(accounts.importSeed)', { seed: form.seed.trim(), name }).then((a) => [a]);
    case 'json':
      return send('pri(accounts.importJson)', { json: form.fileText, password: form.filePassword, ...(name ? { name } : {}) });
    case 'btcli':
      return send('pri(accounts.importBtcli)', { file: form.fileText, name, ...(form.filePassword ? { password: form.filePassword } : {}) }).then((a) => [a]);
    case 'watch':
      return send('pri(accounts.addWatch)', { address: form.address.trim(), name }).then((a) => [a]);
  }
}

function ShowMnemonic({ mnemonic, onBack, onNext }: { mnemonic: string; onBack: () => void; onNext: () => void }) {
  const [saved, setSaved] = useState(false);
  const words = splitMnemonic(mnemonic);
  return (
    <div>
      <h1>Your recovery phrase</h1>
      <p className="warning">Write these 12 words down in order and keep them offline. Anyone with them controls your funds; TaoStake cannot recover them for you.</p>
      <ol className="mnemonic" aria-label="Recovery phrase" data-testid="mnemonic">
        {words.map((word, i) => (
          <li key={i} data-testid={`mnemonic-word-${i + 1}`}>
            {word}
          </li>
        ))}
      </ol>
      <label className="check">
        <input type="checkbox" checked={saved} onChange={(e) => setSaved(e.target.checked)} />I have written down my recovery phrase
      </label>
      <div className="actions">
        <button type="button" onClick={onBack}>
          Back
        </button>
        <button type="button" className="primary" disabled={!saved} onClick={onNext}>
          Continue
        </button>
      </div>
    </div>
  );
}

function ConfirmMnemonic({ mnemonic, onBack, onNext }: { mnemonic: string; onBack: () => void; onNext: () => void }) {
  const words = useMemo(() => splitMnemonic(mnemonic), [mnemonic]);
  const indexes = useMemo(() => pickConfirmIndexes(words.length), [words]);
  const [typed, setTyped] = useState<Record<number, string>>({});
  const [checked, setChecked] = useState(false);
  const allRight = indexes.every((i) => wordMatches(words[i]!, typed[i] ?? ''));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setChecked(true);
    if (allRight) onNext();
  };
  return (
    <form onSubmit={submit}>
      <h1>Confirm your phrase</h1>
      <p>Type the words at these positions to show you saved the phrase.</p>
      {indexes.map((i, n) => (
        <Field
          key={i}
          label={`Word #${i + 1}`}
          autoComplete="off"
          spellCheck={false}
          autoFocus={n === 0}
          value={typed[i] ?? ''}
          onChange={(e) => setTyped({ ...typed, [i]: e.target.value })}
          error={checked && !wordMatches(words[i]!, typed[i] ?? '') ? `That is not word #${i + 1}` : undefined}
        />
      ))}
      <div className="actions">
        <button type="button" onClick={onBack}>
          Back
        </button>
        <button type="submit" className="primary">
          Confirm
        </button>
      </div>
    </form>
  );
}

/** A file's bytes as a base64 data: URL. */
function dataUrlOf(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(reader.result as string);
    reader.onerror = () => reject(reader.error ?? new Error('The file could not be read'));
    reader.readAsDataURL(file);
  });
}

function ImportStep({ form, setForm, onBack, onNext }: { form: ImportForm; setForm: (f: ImportForm) => void; onBack: () => void; onNext: () => void }) {
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const set = (patch: Partial<ImportForm>) => {
    setError(undefined);
    setForm({ ...form, ...patch });
  };

  const ready =
    (form.kind === 'mnemonic' && splitMnemonic(form.mnemonic).length >= 12) ||
    (form.kind === 'seed' && form.seed.trim() !== '') ||
    (form.kind === 'json' && form.fileText !== '' && form.filePassword !== '') ||
    (form.kind === 'btcli' && form.fileText !== '') ||
    (form.kind === 'watch' && form.address.trim() !== '');

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!ready) return;
    if (form.kind === 'seed' && !/^0x[0-9a-fA-F]{64}$/.test(form.seed.trim())) {
      setError('A seed is 0x followed by 64 hex digits');
      return;
    }
    if (form.kind === 'mnemonic') {
      setBusy(true);
      try {
        await send('pri(mnemonic.validate)', { mnemonic: splitMnemonic(form.mnemonic).join(' ') });
      } catch (err) {
        setError((err as Error).message);
        return;
      } finally {
        setBusy(false);
      }
    }
    onNext();
  };

  const readFile = async (file: File | undefined) => {
    if (!file) return;
    if (file.size > 2 * 1024 * 1024) {
      setError('The file is larger than 2 MB');
      return;
    }
    // An encrypted btcli coldkey is binary ($NACL + nonce + ciphertext): decoding it as text would
    // destroy it, so it travels as a base64 data: URL. Keystores are JSON text.
    const fileText = form.kind === 'btcli' ? await dataUrlOf(file) : await file.text();
    set({ fileText, fileName: file.name });
  };

  return (
    <form onSubmit={submit}>
      <h1>Import an account</h1>
      <fieldset className="segmented wrap">
        <legend>What do you have?</legend>
        {IMPORT_KINDS.map(({ kind, label }) => (
          <label key={kind} className={form.kind === kind ? 'selected' : ''}>
            <input type="radio" name="import-kind" checked={form.kind === kind} onChange={() => set({ kind, fileText: '', fileName: '', filePassword: '' })} />
            {label}
          </label>
        ))}
      </fieldset>
      {form.kind === 'mnemonic' && <TextArea label="Recovery phrase (12 or 24 words)" value={form.mnemonic} onChange={(mnemonic) => set({ mnemonic })} error={error} spellCheck={false} />}
      {form.kind === 'mnemonic' && (
        <Field
          label="Derivation path (optional)"
          autoComplete="off"
          spellCheck={false}
          placeholder="//0"
          value={form.derivationPath}
          onChange={(e) => set({ derivationPath: e.target.value })}
          hint="Leave empty for the phrase's own account."
        />
      )}
      {form.kind === 'seed' && <Field label="Seed (0x + 64 hex digits)" type="password" autoComplete="off" value={form.seed} onChange={(e) => set({ seed: e.target.value })} error={error} />}
      {(form.kind === 'json' || form.kind === 'btcli') && (
        <>
          <Field
            label={form.kind === 'json' ? 'Keystore file (.json)' : 'btcli coldkey file (or coldkeypub.txt)'}
            type="file"
            accept={form.kind === 'json' ? '.json,application/json' : undefined}
            onChange={(e) => void readFile(e.target.files?.[0])}
            hint={form.fileName ? `Loaded ${form.fileName}` : undefined}
            error={error}
          />
          <Field
            label={form.kind === 'json' ? 'Password of the keystore' : 'Password of the coldkey (if encrypted)'}
            type="password"
            autoComplete="off"
            value={form.filePassword}
            onChange={(e) => set({ filePassword: e.target.value })}
          />
        </>
      )}
      {form.kind === 'watch' && <Field label="Address (SS58)" autoComplete="off" spellCheck={false} value={form.address} onChange={(e) => set({ address: e.target.value })} error={error} hint="Watch-only: you can see its portfolio but not sign." />}
      <div className="actions">
        <button type="button" onClick={onBack}>
          Back
        </button>
        <button type="submit" className="primary" disabled={!ready || busy}>
          Continue
        </button>
      </div>
    </form>
  );
}

function Finish({ defaultName, nameOptional, create, onBack, onDone }: { defaultName: string; nameOptional: boolean; create: (name: string) => Promise<AccountSummary[]>; onBack: () => void; onDone: () => void }) {
  const initialized = vaultStatus.get()?.initialized ?? false;
  const [name, setName] = useState(nameOptional ? '' : defaultName);
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const problems = passwordProblem(password, confirm);
  const ready = (nameOptional || name.trim() !== '') && (initialized || passwordOk(password, confirm));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!ready || busy) return;
    setBusy(true);
    setError(undefined);
    try {
      if (!(vaultStatus.get()?.initialized ?? false)) applyVault(await send('pri(vault.setup)', { password }));
      const accounts = await create(name.trim());
      const first = accounts[0];
      if (first) await send('pri(settings.update)', { activeAddress: first.address }).then(applySettings, () => undefined);
      await refreshVault();
      onDone();
    } catch (err) {
      setError(err);
    } finally {
      setPassword('');
      setConfirm('');
      setBusy(false);
    }
  };

  return (
    <form onSubmit={submit}>
      <h1>{initialized ? 'Name the account' : 'Protect your wallet'}</h1>
      <Field label={nameOptional ? 'Account name (optional)' : 'Account name'} value={name} maxLength={64} onChange={(e) => setName(e.target.value)} autoFocus />
      {!initialized && (
        <>
          <p>This password encrypts your keys on this device and unlocks the wallet.</p>
          <Field label="New password" type="password" autoComplete="new-password" value={password} onChange={(e) => setPassword(e.target.value)} error={problems.password} />
          <Field label="Confirm password" type="password" autoComplete="new-password" value={confirm} onChange={(e) => setConfirm(e.target.value)} error={problems.confirm} />
        </>
      )}
      <ErrorNote error={error} />
      <div className="actions">
        <button type="button" onClick={onBack} disabled={busy}>
          Back
        </button>
        <button type="submit" className="primary" disabled={!ready || busy}>
          {busy ? 'Saving…' : 'Finish'}
        </button>
      </div>
    </form>
  );
}
