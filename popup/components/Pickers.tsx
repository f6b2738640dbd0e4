import { memo, useId } from 'react';
import type { SubnetView, ValidatorView } from '../../src/protocol/chain.ts';
import { shortAddress } from '../lib/format.ts';

/** Memoised: it lists every subnet, and must not re-render on each keystroke of the amount. */
export const SubnetSelect = memo(function SubnetSelect({ subnets, value, onChange, label = 'Subnet', exclude }: { subnets: readonly SubnetView[]; value: number | undefined; onChange: (netuid: number) => void; label?: string; exclude?: number }) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value ?? ''} onChange={(e) => onChange(Number(e.target.value))} data-testid="subnet-select">
        {value === undefined && <option value="">Choose a subnet</option>}
        {subnets
          .filter((s) => s.netuid !== exclude)
          .map((s) => (
            <option key={s.netuid} value={s.netuid} disabled={!s.subtokenEnabled && s.netuid !== 0}>
              SN{s.netuid} · {s.name || 'unnamed'} ({s.symbol}){!s.subtokenEnabled && s.netuid !== 0 ? ' (trading disabled)' : ''}
            </option>
          ))}
      </select>
    </div>
  );
});

export const ValidatorSelect = memo(function ValidatorSelect({ validators, value, onChange, error, label = 'Validator', exclude }: { validators: ValidatorView[] | undefined; value: string | undefined; onChange: (hotkey: string) => void; error?: string | undefined; label?: string; exclude?: string }) {
  const id = useId();
  const list = (validators ?? []).filter((v) => v.hotkey !== exclude);
  const known = value === undefined || list.some((v) => v.hotkey === value);
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value ?? ''} onChange={(e) => onChange(e.target.value)} disabled={!validators && !value} aria-describedby={error ? `${id}-error` : undefined} data-testid="validator-select">
        {value === undefined && <option value="">{validators ? (list.length ? 'Choose a validator' : 'No validators on this subnet') : 'Loading validators…'}</option>}
        {!known && value && <option value={value}>{shortAddress(value)}</option>}
        {list.map((v) => (
          <option key={v.hotkey} value={v.hotkey}>
            {v.name || shortAddress(v.hotkey)} · take {((v.take / 65_535) * 100).toFixed(1)}%
          </option>
        ))}
      </select>
      {error && (
        <p className="field-error" id={`${id}-error`}>
          {error}
        </p>
      )}
    </div>
  );
});
