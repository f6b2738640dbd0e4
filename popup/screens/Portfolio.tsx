import { useLayoutEffect, useMemo, useState } from 'react';
import { formatApy } from '../../src/yield/apy.ts';
import { ApyNote } from '../components/ApyNote.tsx';
import { useYields } from '../hooks/useYields.ts';
import type { LocksView, PositionView, SubnetView } from '../../src/protocol/chain.ts';
import { AccountSwitcher } from '../components/AccountSwitcher.tsx';
import { ErrorNote } from '../components/ErrorNote.tsx';
import { useActiveAccount } from '../hooks/useAccount.ts';
import { useAction } from '../hooks/useAction.ts';
import { useSnapshot } from '../hooks/useSnapshot.ts';
import { useVault } from '../hooks/useVault.ts';
import { alpha, shortAddress, tao, timeAgo } from '../lib/format.ts';
import { markFirstRender } from '../lib/perf.ts';
import { send } from '../lib/messaging.ts';
import { href } from '../lib/router.ts';
import { lockSummary, subnetLock } from '../lib/locks.ts';
import { RootDividends } from '../components/RootDividends.tsx';
import { rootHoldText } from '../../src/chain/root-claims.ts';

export function Portfolio() {
  const { status } = useVault();
  const active = useActiveAccount();
  const { state, snapshot, error, subnetsById } = useSnapshot();
  const yields = useYields(state?.connection.network);
  const positionApy = useMemo(() => new Map((yields?.validators ?? []).map((v) => [`${v.netuid}:${v.hotkey}`, v.apy === null ? null : BigInt(v.apy)])), [yields]);
  const [positionSort, setPositionSort] = useState<PositionSortKey>('subnet');
  const account = snapshot?.account && snapshot.account.address === active?.address ? snapshot.account : null;
  const loaded = snapshot !== null || error !== undefined || state !== undefined;
  // A layout effect runs right after the DOM commit, before the browser paints it: the moment
  // the benchmark wants, whatever the runtime's scheduling of ordinary effects.
  useLayoutEffect(() => {
    if (loaded) markFirstRender();
  }, [loaded]);

  if (!active || !status) return null;
  const stale = state?.connection.status !== 'connected';
  const canSign = !active.watchOnly;

  return (
    <section className="portfolio" aria-busy={!loaded}>
      <AccountSwitcher accounts={status.accounts} active={active} />
      <div className="balances">
        <div className="balance-main">
          <span className="label">Total value</span>
          <strong data-testid="total-tao">{account ? tao(account.totalTao) : '—'}</strong>
        </div>
        <div className="balance-sub">
          <span className="label">Free</span>
          <span data-testid="free-tao">{account ? tao(account.free) : '—'}</span>
        </div>
        {snapshot && stale && (
          <p className="hint" role="status">
            Showing block #{snapshot.blockNumber} from {timeAgo(snapshot.updatedAt)}; {state?.connection.status === 'error' ? `offline: ${state.connection.error ?? 'cannot reach the node'}` : 'connecting…'}
          </p>
        )}
        {!snapshot && !error && <p className="hint">Connecting to the network…</p>}
      </div>
      <ErrorNote error={error} />
      {account && isLocalNode(state?.connection.url) && BigInt(account.free) < DEVNET_FAUCET_RAO && <DevnetFaucet address={account.address} />}
      <div className="actions">
        {canSign ? (
          <a className="button primary" href={href('/stake')}>
            Stake
          </a>
        ) : (
          <button type="button" className="primary" disabled title="A watch-only account cannot sign">
            Stake
          </button>
        )}
        <a className="button" href="#/subnets">
          Browse subnets
        </a>
      </div>
      <h2>Positions</h2>
      {account && account.positions.length === 0 && <p className="empty">No stake yet. Pick a subnet and a validator to start.</p>}
      {account && account.positions.length > 1 && (
        <div className="inline-field">
          <label htmlFor="position-sort">Sort positions by</label>
          <select id="position-sort" value={positionSort} onChange={(e) => setPositionSort(e.target.value as PositionSortKey)} data-testid="position-sort">
            <option value="subnet">Subnet</option>
            <option value="value">Value</option>
            <option value="apy">APY</option>
          </select>
        </div>
      )}
      <ul className="positions" aria-label="Positions">
        {sortPositions(account?.positions ?? [], positionSort, positionApy).map((p) => (
          <Position
            key={`${p.netuid}:${p.hotkey}`}
            position={p}
            subnet={subnetsById.get(p.netuid)}
            canSign={canSign}
            apy={positionApy.get(`${p.netuid}:${p.hotkey}`) ?? null}
            locks={account?.locks}
            rootHold={p.netuid === 0 && account?.rootClaims && snapshot ? rootHoldText(account.rootClaims, p.hotkey, snapshot.blockNumber) : null}
          />
        ))}
      </ul>
      {account && snapshot && <RootDividends snapshot={snapshot} address={account.address} canSign={canSign} />}
      {positionApy.size > 0 && <ApyNote />}
    </section>
  );
}

/** What the local devnet's faucet tops an account up to (1,000 TAO). */
const DEVNET_FAUCET_RAO = 1_000_000_000_000n;

function isLocalNode(url: string | undefined): boolean {
  if (!url) return false;
  try {
    const host = new URL(url).hostname;
    return host === '127.0.0.1' || host === 'localhost' || host === '[::1]';
  } catch {
    return false;
  }
}

/** Local devnet only: a new wallet starts empty, so offer test TAO to stake with. */
function DevnetFaucet({ address }: { address: string }) {
  const { busy, error, run } = useAction();
  const ask = () =>
    void run(async () => {
      await send('pri(chain.devnetFaucet)', { address });
    });
  return (
    <div className="faucet">
      <p className="hint">This is the local devnet: test TAO is free.</p>
      <button type="button" onClick={ask} disabled={busy}>
        {busy ? 'Sending test TAO…' : 'Get 1,000 test τ'}
      </button>
      <ErrorNote error={error} />
    </div>
  );
}

type PositionSortKey = 'subnet' | 'value' | 'apy';

/** Positions in the chosen order (the snapshot's order is by subnet); unknown APYs sort last. */
function sortPositions(list: readonly PositionView[], key: PositionSortKey, apy: ReadonlyMap<string, bigint | null>): PositionView[] {
  if (key === 'subnet') return [...list];
  const figure = (p: PositionView) => (key === 'value' ? BigInt(p.valueTao) : (apy.get(`${p.netuid}:${p.hotkey}`) ?? null));
  return [...list].sort((a, b) => {
    const x = figure(a);
    const y = figure(b);
    if (x === null || y === null) return x === y ? 0 : x === null ? 1 : -1;
    return x > y ? -1 : x < y ? 1 : 0;
  });
}

function Position({ position: p, subnet, canSign, apy, locks, rootHold }: { position: PositionView; subnet: SubnetView | undefined; canSign: boolean; apy: bigint | null; locks: LocksView | undefined; rootHold: string | null }) {
  const symbol = subnet?.symbol ?? 'α';
  const params = { netuid: p.netuid, hotkey: p.hotkey };
  const lock = subnetLock(locks, p.netuid);
  const locked = lock !== undefined && BigInt(lock.locked) > 0n;
  return (
    <li className="position" data-testid={`position-${p.netuid}`} data-hotkey={p.hotkey}>
      <div className="position-head">
        <span className="subnet">
          <span className="netuid">SN{p.netuid}</span> {subnet?.name ?? ''} <span className="symbol">{symbol}</span>
        </span>
        <span className="validator" title={p.hotkey}>
          {p.hotkeyName ?? shortAddress(p.hotkey)}
        </span>
      </div>
      <dl className="position-figures">
        <div>
          <dt>Stake</dt>
          <dd data-testid="position-alpha">{alpha(p.alpha, symbol)}</dd>
        </div>
        <div>
          <dt>Value</dt>
          <dd data-testid="position-value">{tao(p.valueTao)}</dd>
        </div>
        <div>
          <dt>Unstake now</dt>
          <dd data-testid="position-unstake">{tao(p.unstakeTao)}</dd>
        </div>
        {apy !== null && (
          <div>
            <dt>APY</dt>
            <dd data-testid="position-apy">{formatApy(apy)}</dd>
          </div>
        )}
      </dl>
      {locks && lock && locked && (
        // Subnet-wide: the lock holds the coldkey's alpha over every validator on this subnet.
        <div className="position-lock" data-testid="position-lock" aria-label={`Lock on SN${p.netuid}`} role="group">
          <dl className="position-figures">
            <div>
              <dt>On subnet</dt>
              <dd data-testid="lock-total">{alpha(lock.total, symbol)}</dd>
            </div>
            <div>
              <dt>Locked</dt>
              <dd data-testid="lock-locked">{alpha(lock.locked, symbol)}</dd>
            </div>
            <div>
              <dt>Available</dt>
              <dd data-testid="lock-available">{alpha(lock.available, symbol)}</dd>
            </div>
          </dl>
          <p className="hint" data-testid="lock-projection">
            {lockSummary(locks, lock, symbol)}
          </p>
        </div>
      )}
      {rootHold && (
        <p className="hint" data-testid="root-hold">
          {rootHold}
        </p>
      )}
      {canSign && (
        <div className="position-actions">
          <a className="button small" href={href('/stake', params)} aria-label={`Stake more into SN${p.netuid}`}>
            Stake
          </a>
          <a className="button small" href={href('/unstake', params)} aria-label={`Unstake from SN${p.netuid}`}>
            Unstake
          </a>
          <a className="button small" href={href('/move', params)} aria-label={`Move stake from SN${p.netuid}`}>
            Move
          </a>
          {locks && (
            <a className="button small" href={href('/lock', params)} aria-label={`Lock stake on SN${p.netuid}`}>
              Lock
            </a>
          )}
        </div>
      )}
    </li>
  );
}
