import { useId } from 'react';
import { useAutoFocus } from '../hooks/useAutoFocus.ts';

interface AmountInputProps {
  label: string;
  value: string;
  onChange: (value: string, eventTimeStamp: number) => void;
  unit: string;
  /** The reason the amount cannot be sent; linked with aria-describedby. */
  error?: string | undefined;
  hint?: string | undefined;
  onMax?: (() => void) | undefined;
  maxLabel?: string;
  disabled?: boolean;
  autoFocus?: boolean;
  testId?: string;
}

/** A decimal amount with its unit and a Max button. Text, not type=number: parsing is ours (bigint, ≤ 9 decimals). */
export function AmountInput({ label, value, onChange, unit, error, hint, onMax, maxLabel = 'Max', disabled, autoFocus, testId }: AmountInputProps) {
  const id = useId();
  const focusRef = useAutoFocus<HTMLInputElement>(autoFocus);
  const describedBy = [error ? `${id}-error` : undefined, hint ? `${id}-hint` : undefined].filter(Boolean).join(' ') || undefined;
  return (
    <div className="field amount-field">
      <label htmlFor={id}>{label}</label>
      <div className="field-row">
        <input
          id={id}
          data-testid={testId}
          inputMode="decimal"
          autoComplete="off"
          spellCheck={false}
          placeholder="0.0"
          value={value}
          disabled={disabled}
          ref={focusRef}
          onChange={(e) => onChange(e.target.value, e.timeStamp)}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy}
        />
        <span className="unit" aria-hidden="true">
          {unit}
        </span>
        {onMax && (
          <button type="button" className="small" onClick={onMax} disabled={disabled}>
            {maxLabel}
          </button>
        )}
      </div>
      {hint && !error && (
        <p className="hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      {error && (
        <p className="field-error" id={`${id}-error`} data-testid="amount-error">
          {error}
        </p>
      )}
    </div>
  );
}
