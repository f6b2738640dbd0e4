import { useId, type InputHTMLAttributes, type ReactNode } from 'react';
import { useAutoFocus } from '../hooks/useAutoFocus.ts';

interface FieldProps extends Omit<InputHTMLAttributes<HTMLInputElement>, 'id'> {
  label: string;
  /** Why the value cannot be used; shown under the field and linked with aria-describedby. */
  error?: string | undefined;
  hint?: ReactNode;
  /** Something beside the input (a unit, a Max button). */
  addon?: ReactNode;
  multiline?: false;
}

/** The ids a control's aria-describedby names: its error and its hint, when there are any. */
function describedBy(id: string, error: string | undefined, hint: ReactNode): string | undefined {
  return [error ? `${id}-error` : undefined, hint ? `${id}-hint` : undefined].filter(Boolean).join(' ') || undefined;
}

/** The hint and the error under a control, with the ids `describedBy` points at. */
function FieldNotes({ id, error, hint }: { id: string; error: string | undefined; hint: ReactNode }) {
  return (
    <>
      {hint && (
        <p className="hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      {error && (
        <p className="field-error" id={`${id}-error`} role="alert">
          {error}
        </p>
      )}
    </>
  );
}

/** A labelled input whose error and hint are announced with it. */
export function Field({ label, error, hint, addon, className, autoFocus, ...input }: FieldProps) {
  const id = useId();
  const focusRef = useAutoFocus<HTMLInputElement>(autoFocus);
  return (
    <div className={`field ${className ?? ''}`}>
      <label htmlFor={id}>{label}</label>
      <div className="field-row">
        <input ref={focusRef} id={id} aria-invalid={error ? true : undefined} aria-describedby={describedBy(id, error, hint)} {...input} />
        {addon}
      </div>
      <FieldNotes id={id} error={error} hint={hint} />
    </div>
  );
}

interface TextAreaProps {
  label: string;
  value: string;
  onChange: (value: string) => void;
  error?: string | undefined;
  hint?: ReactNode;
  rows?: number;
  name?: string;
  autoFocus?: boolean;
  spellCheck?: boolean;
}

export function TextArea({ label, value, onChange, error, hint, rows = 3, autoFocus, ...rest }: TextAreaProps) {
  const id = useId();
  const focusRef = useAutoFocus<HTMLTextAreaElement>(autoFocus);
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <textarea ref={focusRef} id={id} rows={rows} value={value} onChange={(e) => onChange(e.target.value)} aria-invalid={error ? true : undefined} aria-describedby={describedBy(id, error, hint)} autoComplete="off" {...rest} />
      <FieldNotes id={id} error={error} hint={hint} />
    </div>
  );
}
