import { useId } from 'react';
import type { AccountSummary } from '../../src/protocol/vault.ts';
import { useSettings } from '../hooks/useSettings.ts';
import { shortAddress } from '../lib/format.ts';

/** The active account; a select when there are several. */
export function AccountSwitcher({ accounts, active }: { accounts: AccountSummary[]; active: AccountSummary }) {
  const id = useId();
  const { update } = useSettings();
  const copy = () => void navigator.clipboard?.writeText(active.address).catch(() => undefined);
  return (
    <div className="account-switcher">
      {accounts.length > 1 ? (
        <>
          <label htmlFor={id} className="sr-only">
            Account
          </label>
          <select id={id} value={active.address} onChange={(e) => void update({ activeAddress: e.target.value })}>
            {accounts.map((a) => (
              <option key={a.address} value={a.address}>
                {a.name}
                {a.watchOnly ? ' (watch)' : ''}
              </option>
            ))}
          </select>
        </>
      ) : (
        <span className="account-name">{active.name}</span>
      )}
      <button type="button" className="address" onClick={copy} title="Copy address" aria-label={`Copy address ${active.address}`} data-testid="active-address" data-address={active.address}>
        {shortAddress(active.address)}
      </button>
      {active.watchOnly && <span className="badge">watch-only</span>}
    </div>
  );
}
