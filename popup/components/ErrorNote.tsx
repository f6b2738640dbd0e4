import { explainError } from '../lib/errors.ts';

/** A WalletError (or anything thrown) explained in words, announced to screen readers. */
export function ErrorNote({ error, testId }: { error: unknown; testId?: string }) {
  if (!error) return null;
  const { title, detail } = explainError(error);
  return (
    <div className="error-note" role="alert" data-testid={testId ?? 'error'}>
      <strong>{title}</strong>
      {detail && <p>{detail}</p>}
    </div>
  );
}
