import type { ReactNode } from 'react';
import { shortAddress } from '../lib/format.ts';

interface CheckableAccount {
  address: string;
  name: string;
  watchOnly?: boolean;
}

/**
 * Which of the wallet's accounts a site may see: used when a site asks to connect and when the
 * user edits a connected site in Settings. `testIdPrefix` + address names each checkbox.
 */
export function AccountChecklist({
  legend,
  accounts,
  chosen,
  onChange,
  testIdPrefix,
}: {
  legend: ReactNode;
  accounts: readonly CheckableAccount[];
  chosen: ReadonlySet<string>;
  onChange: (next: Set<string>) => void;
  testIdPrefix: string;
}) {
  const toggle = (address: string) => {
    const next = new Set(chosen);
    if (next.has(address)) next.delete(address);
    else next.add(address);
    onChange(next);
  };
  return (
    <fieldset className="card">
      <legend>{legend}</legend>
      {accounts.map((a) => (
        <label key={a.address} className="check">
          <input type="checkbox" data-testid={`${testIdPrefix}${a.address}`} checked={chosen.has(a.address)} onChange={() => toggle(a.address)} />
          <span>{a.name}</span> <span className="mono hint">{shortAddress(a.address)}</span>
          {a.watchOnly && <span className="hint"> (watch-only: cannot sign)</span>}
        </label>
      ))}
      {accounts.length === 0 && <p className="hint">The wallet has no accounts yet.</p>}
    </fieldset>
  );
}
