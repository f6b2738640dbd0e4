import { type FormEvent } from 'react';
import { formatAmount } from '../../src/amount.ts';
import { lockStakeRefusal } from '../../src/chain/locks.ts';
import type { Intent } from '../../src/protocol/chain.ts';
import { AmountInput } from '../components/AmountInput.tsx';
import { ErrorNote } from '../components/ErrorNote.tsx';
import { Header } from '../components/Header.tsx';
import { NoPosition } from '../components/TradeFooter.tsx';
import { useActiveAccount } from '../hooks/useAccount.ts';
import { useSnapshot } from '../hooks/useSnapshot.ts';
import { useTradeForm } from '../hooks/useTradeForm.ts';
import { alpha, shortAddress } from '../lib/format.ts';
import { lockSummary, locksOf, subnetLock } from '../lib/locks.ts';
import { prepareAndReview, type ReviewLine } from '../lib/review.ts';

/**
 * Conviction lock of one subnet, from a position: lock or top up (with the lock's own hotkey
 * only), move the lock to this position's validator, switch perpetual / decaying, and whether
 * the account accepts incoming locked alpha. Shown only where the chain has locks.
 */
export function Lock({ netuid, hotkey }: { netuid?: number | undefined; hotkey?: string | undefined }) {
  const active = useActiveAccount();
  const { snapshot, subnetsById } = useSnapshot();
  const form = useTradeForm();
  const { amountText, setAmountText, onAmountChange, busy, submitting, error } = form;
  const account = snapshot?.account?.address === active?.address ? snapshot?.account : undefined;
  const position = account?.positions.find((p) => p.netuid === netuid && p.hotkey === hotkey);
  const locks = locksOf(account);
  const subnet = netuid === undefined ? undefined : subnetsById.get(netuid);
  const symbol = subnet?.symbol ?? 'α';

  if (!snapshot || !active) return <p className="loading">Connecting to the network…</p>;
  if (!position || netuid === undefined || !hotkey || !locks) return <NoPosition title="Lock stake" netuid={netuid} />;
  const lock = subnetLock(locks, netuid);
  const total = BigInt(lock?.total ?? position.alpha);
  const locked = BigInt(lock?.locked ?? '0');
  const existing = lock?.hotkey && locked > 0n ? { hotkey: lock.hotkey, locked } : null;
  const check = form.check({ available: total - locked, unit: symbol, availableText: 'your unlocked alpha on this subnet' });
  const refusal = check.status === 'ok' ? lockStakeRefusal(check.rao, hotkey, existing, total) : null;
  const canLock = check.status === 'ok' && !refusal && !busy && !active.watchOnly;
  const otherHotkey = existing && existing.hotkey !== hotkey ? existing.hotkey : null;
  const back = `#/lock?netuid=${netuid}&hotkey=${hotkey}`;

  const review = (intent: Intent, lines: ReviewLine[]) =>
    submitting(() => prepareAndReview(active.address, intent, { previewed: 0n, receivedSymbol: symbol, backHref: back, lines }, snapshot.network));

  const submitLock = async (e: FormEvent) => {
    e.preventDefault();
    if (!canLock || check.status !== 'ok') return;
    await review({ kind: 'lock', hotkey, netuid, amount: check.rao.toString() }, [
      { label: existing ? 'You add to your lock' : 'You lock', value: `${formatAmount(check.rao, { grouping: true })} ${symbol} on SN${netuid}` },
      { label: 'Validator', value: position.hotkeyName ?? shortAddress(hotkey) },
      { label: 'Locked after', value: alpha((locked + check.rao).toString(), symbol) },
    ]);
  };

  return (
    <section className="trade">
      <Header title="Lock stake" back="#/portfolio" />
      <p className="context">
        SN{netuid} {subnet?.name} · {position.hotkeyName ?? shortAddress(hotkey)}
      </p>
      {lock && locked > 0n ? (
        <div className="position-lock" data-testid="lock-status">
          <p>
            Locked {alpha(lock.locked, symbol)} of {alpha(lock.total, symbol)} with {lock.hotkey === hotkey ? 'this validator' : shortAddress(lock.hotkey ?? '')}, {lock.perpetual ? 'perpetual' : 'decaying'}.
          </p>
          <p className="hint" data-testid="lock-projection">
            {lockSummary(locks, lock, symbol)}
          </p>
        </div>
      ) : (
        <p className="hint">No lock on this subnet. A lock holds alpha on the subnet (over every validator) and builds conviction; it decays unless you make it perpetual.</p>
      )}
      <form onSubmit={submitLock} noValidate>
        <AmountInput
          label={existing ? `Add to the lock (${symbol})` : `Amount to lock (${symbol})`}
          unit={symbol}
          value={amountText}
          testId="lock-amount"
          onChange={onAmountChange}
          onMax={() => setAmountText(formatAmount(total - locked))}
          error={check.status === 'invalid' ? check.reason : refusal?.message}
        />
        <button type="submit" className="primary" disabled={!canLock} data-testid="lock-review">
          {existing ? 'Review top-up' : 'Review lock'}
        </button>
      </form>
      {otherHotkey && (
        <div className="field">
          <p className="hint">Your lock on SN{netuid} is with {shortAddress(otherHotkey)}. Moving it to this validator resets the conviction it has built (unless both validators have the same owner).</p>
          <button
            type="button"
            disabled={busy || active.watchOnly}
            data-testid="lock-move"
            onClick={() => void review({ kind: 'moveLock', destinationHotkey: hotkey, netuid }, [{ label: 'Move lock to', value: position.hotkeyName ?? shortAddress(hotkey) }, { label: 'Conviction', value: 'resets to zero' }])}
          >
            Move the lock to this validator
          </button>
        </div>
      )}
      {lock && locked > 0n && (
        <button
          type="button"
          disabled={busy || active.watchOnly}
          data-testid="lock-mode"
          onClick={() =>
            void review({ kind: 'setPerpetualLock', netuid, enabled: !lock.perpetual }, [
              { label: 'Lock mode', value: lock.perpetual ? 'decaying (unlocks gradually from now on)' : 'perpetual (stays locked until you switch it back)' },
            ])
          }
        >
          {lock.perpetual ? 'Switch to decaying' : 'Make perpetual'}
        </button>
      )}
      <button
        type="button"
        disabled={busy || active.watchOnly}
        data-testid="lock-reject"
        onClick={() =>
          void review({ kind: 'setRejectLockedAlpha', enabled: !locks.rejectsLockedAlpha }, [
            { label: 'Incoming locked alpha', value: locks.rejectsLockedAlpha ? 'accept it' : 'refuse it' },
          ])
        }
      >
        {locks.rejectsLockedAlpha ? 'Accept incoming locked alpha' : 'Refuse incoming locked alpha'}
      </button>
      <ErrorNote error={error} />
    </section>
  );
}
