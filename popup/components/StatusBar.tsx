import { useLive, useLiveError } from '../hooks/useLive.ts';
import { useSnapshot } from '../hooks/useSnapshot.ts';
import { groupDigits } from '../lib/format.ts';
import { systemStatus } from '../lib/store.ts';

const NETWORK_NAMES: Record<string, string> = { finney: 'Finney', testnet: 'Testnet', devnet: 'Devnet', custom: 'Custom' };

/** Network, connection and block at the bottom of every screen; also the background's liveness. */
export function StatusBar() {
  const system = useLive(systemStatus);
  const systemError = useLiveError(systemStatus);
  const { state, snapshot } = useSnapshot();
  const connection = state?.connection;
  const status = connection?.status ?? 'connecting';
  const network = NETWORK_NAMES[connection?.network ?? snapshot?.network ?? ''] ?? connection?.network ?? '…';
  return (
    <footer className="status-bar" aria-label="Connection status">
      <span className={`dot ${status}`} aria-hidden="true" />
      <span data-testid="network-name" title={connection?.url}>
        {network}
      </span>
      <span className="status-text" title={connection?.error}>
        {status === 'connected' ? '' : status === 'error' ? 'offline' : status}
      </span>
      {snapshot && (
        <span data-testid="block-number" className="block">
          #{groupDigits(snapshot.blockNumber)}
        </span>
      )}
      <span className="spacer" />
      {system && (
        <span data-testid="background-status" title={`Background ready (v${system.version})`}>
          v{system.version}
        </span>
      )}
      {systemError && (
        <span role="alert" className="error-text">
          {systemError.message}
        </span>
      )}
    </footer>
  );
}
