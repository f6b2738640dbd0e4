import { memo, useId, useState } from 'react';
import type { SubnetView, ValidatorView } from '../../src/protocol/chain.ts';
import { shortAddress } from '../lib/format.ts';
import { formatApy } from '../../src/yield/apy.ts';

function apyText(apy: ReadonlyMap<string, bigint | null> | undefined, hotkey: string): string {
  const figure = apy?.get(hotkey);
  return figure == null ? '' : ` · APY ${formatApy(figure)}`;
}

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

export type ValidatorSortKey = 'stake' | 'apy' | 'take';
const VALIDATOR_SORT_LABELS: Record<ValidatorSortKey, string> = { stake: 'Stake', apy: 'APY', take: 'Lowest take' };

/** Validators in the chosen order; ones without an APY figure sort last by APY. */
export function sortValidators(list: readonly ValidatorView[], key: ValidatorSortKey, apy: ReadonlyMap<string, bigint | null> | undefined): ValidatorView[] {
  const stake = (v: ValidatorView) => BigInt(v.stake);
  const cmp = (x: bigint, y: bigint) => (x > y ? -1 : x < y ? 1 : 0);
  return [...list].sort((a, b) => {
    if (key === 'take') return a.take - b.take || cmp(stake(a), stake(b));
    if (key === 'apy') {
      const x = apy?.get(a.hotkey) ?? null;
      const y = apy?.get(b.hotkey) ?? null;
      if (x === null || y === null) return x === y ? cmp(stake(a), stake(b)) : x === null ? 1 : -1;
      return cmp(x, y) || cmp(stake(a), stake(b));
    }
    return cmp(stake(a), stake(b));
  });
}

export const ValidatorSelect = memo(function ValidatorSelect({ validators, value, onChange, error, label = 'Validator', exclude, apy }: { validators: ValidatorView[] | undefined; value: string | undefined; onChange: (hotkey: string) => void; error?: string | undefined; label?: string; exclude?: string; apy?: ReadonlyMap<string, bigint | null> }) {
  const id = useId();
  const [sortKey, setSortKey] = useState<ValidatorSortKey>('stake');
  const list = sortValidators((validators ?? []).filter((v) => v.hotkey !== exclude), sortKey, apy);
  const known = value === undefined || list.some((v) => v.hotkey === value);
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value ?? ''} onChange={(e) => onChange(e.target.value)} disabled={!validators && !value} aria-describedby={error ? `${id}-error` : undefined} data-testid="validator-select">
        {value === undefined && <option value="">{validators ? (list.length ? 'Choose a validator' : 'No validators on this subnet') : 'Loading validators…'}</option>}
        {!known && value && <option value={value}>{shortAddress(value)}</option>}
        {list.map((v) => (
          <option key={v.hotkey} value={v.hotkey}>
            {v.name || shortAddress(v.hotkey)} · take {((v.take / 65_535) * 100).toFixed(1)}%{apyText(apy, v.hotkey)}
          </option>
        ))}
      </select>
      {apy && (
        <div className="inline-field">
          <label htmlFor={`${id}-sort`}>Sort validators by</label>
          <select id={`${id}-sort`} value={sortKey} onChange={(e) => setSortKey(e.target.value as ValidatorSortKey)} data-testid="validator-sort">
            {(Object.keys(VALIDATOR_SORT_LABELS) as ValidatorSortKey[]).map((k) => (
              <option key={k} value={k}>
                {VALIDATOR_SORT_LABELS[k]}
              </option>
            ))}
          </select>
        </div>
      )}
      {error && (
        <p className="field-error" id={`${id}-error`}>
          {error}
        </p>
      )}
    </div>
  );
});
