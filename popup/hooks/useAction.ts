import { useState } from 'react';

/**
 * An async action behind a button: `busy` while it runs (to disable the button), and its failure
 * kept in `error` for an ErrorNote. `run` clears the previous error first.
 */
export function useAction() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const run = async (action: () => Promise<void>) => {
    setBusy(true);
    setError(undefined);
    try {
      await action();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, setError, run };
}
