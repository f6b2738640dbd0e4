import { useEffect, useState } from 'react';
import type { SystemStatus } from '../src/protocol/system.ts';
import { send } from './lib/messaging.ts';

declare global {
  interface Window {
    /** performance.now() at the first committed render; read by the benchmark. */
    __firstRenderMs?: number;
  }
}

export function App() {
  const [status, setStatus] = useState<SystemStatus | undefined>();
  const [error, setError] = useState<string | undefined>();

  useEffect(() => {
    window.__firstRenderMs ??= performance.now();
    send('pri(system.status)', {}).then(setStatus, (e: Error) => setError(e.message));
  }, []);

  return (
    <main>
      <h1>TaoStake Wallet</h1>
      {status && <p data-testid="background-status">Background ready (v{status.version})</p>}
      {error && <p role="alert">{error}</p>}
    </main>
  );
}
