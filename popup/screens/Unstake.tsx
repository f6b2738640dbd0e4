import { useMemo, type FormEvent } from 'react';
import { formatAmount } from '../../src/amount.ts';
import { AmountInput } from '../components/AmountInput.tsx';
import { Header } from '../components/Header.tsx';
import { NoPosition, TradeFooter } from '../components/TradeFooter.tsx';
import { useActiveAccount } from '../hooks/useAccount.ts';
import { useNetworkFee } from '../hooks/useNetworkFee.ts';
import { usePreview } from '../hooks/usePreview.ts';
import { useSnapshot } from '../hooks/useSnapshot.ts';
import { useTradeForm } from '../hooks/useTradeForm.ts';
import { shortAddress, TAO } from '../lib/format.ts';
import { intentLimitPrice, poolOf, type PreviewSpec } from '../lib/preview.ts';
import { lockRule, locksOf, rootHoldRule } from '../lib/locks.ts';
import { prepareAndReview, previewLines } from '../lib/review.ts';

const FRACTIONS = [25n, 50n, 75n, 100n] as const;

export function Unstake({ netuid, hotkey }: { netuid?: number | undefined; hotkey?: string | undefined }) {
  const active = useActiveAccount();
  const { snapshot, state, subnetsById } = useSnapshot();
  const form = useTradeForm();
  const { settings, amountText, setAmountText, onAmountChange, amount, busy, submitting } = form;

  const account = snapshot?.account?.address === active?.address ? snapshot?.account : undefined;
  const position = account?.positions.find((p) => p.netuid === netuid && p.hotkey === hotkey);
  const subnet = netuid === undefined ? undefined : subnetsById.get(netuid);
  const spec = useMemo<PreviewSpec | undefined>(() => (subnet && snapshot ? { kind: 'unstake', pool: poolOf(subnet, snapshot) } : undefined), [subnet, snapshot]);
  const stake = BigInt(position?.alpha ?? '0');
  const full = amount !== undefined && amount === stake && stake > 0n;
  // remove_stake_full_limit never fills partially.
  const live = usePreview(spec, amount, { tolerancePpm: settings.tolerancePpm, allowPartial: settings.allowPartial && !full, stake }, stake);
  const preview = live?.result?.preview;
  const network = state?.connection.network;
  const probe = position && netuid !== undefined && hotkey ? ({ kind: 'unstakeFull', hotkey, netuid, limitPrice: null } as const) : undefined;
  const networkFee = useNetworkFee(network, active?.watchOnly ? undefined : active?.address, probe);
  const symbol = subnet?.symbol ?? 'α';

  const check = form.check({ available: stake, unit: symbol, availableText: 'your stake here', preview, lock: rootHoldRule(account, netuid, hotkey, snapshot?.blockNumber) ?? lockRule(locksOf(account), netuid, symbol) });

  if (!snapshot || !active) return <p className="loading">Connecting to the network…</p>;
  if (!position || netuid === undefined || !hotkey) return <NoPosition title="Unstake" netuid={netuid} />;
  const canSubmit = check.status === 'ok' && !!preview && !!spec && !busy && !active.watchOnly;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!canSubmit || check.status !== 'ok' || !preview || !spec) return;
    const p = preview;
    const limitPrice = intentLimitPrice(spec, p, settings.tolerancePpm).toString();
    await submitting(() =>
      prepareAndReview(
        active.address,
        full
          ? { kind: 'unstakeFull', hotkey, netuid, limitPrice }
          : { kind: 'unstake', hotkey, netuid, amount: check.rao.toString(), limitPrice, allowPartial: settings.allowPartial },
        {
          previewed: p.received,
          receivedSymbol: TAO,
          backHref: `#/unstake?netuid=${netuid}&hotkey=${hotkey}`,
          lines: [
            { label: 'You unstake', value: `${formatAmount(check.rao, { grouping: true })} ${symbol}${full ? ' (all)' : ''}` },
            ...previewLines(p, { receivedSymbol: TAO, feeSymbol: symbol, tolerancePpm: settings.tolerancePpm }),
          ],
        },
        snapshot.network,
      ),
    );
  };

  return (
    <form className="trade" onSubmit={submit} noValidate>
      <Header title="Unstake" back="#/portfolio" />
      <p className="context">
        SN{netuid} {subnet?.name} · {position.hotkeyName ?? shortAddress(hotkey)} · stake {formatAmount(stake, { maxDecimals: 4, grouping: true })} {symbol}
      </p>
      <AmountInput
        label={`Amount to unstake (${symbol})`}
        unit={symbol}
        value={amountText}
        testId="unstake-amount"
        autoFocus
        onChange={onAmountChange}
        error={check.status === 'invalid' ? check.reason : undefined}
        hint={full ? 'Everything: sent as remove_stake_full_limit, with your price limit.' : undefined}
      />
      <div className="fractions" role="group" aria-label="Portion of the stake">
        {FRACTIONS.map((f) => (
          <button key={String(f)} type="button" className="small" onClick={() => setAmountText(formatAmount((stake * f) / 100n))}>
            {f === 100n ? 'All' : `${f}%`}
          </button>
        ))}
      </div>
      <TradeFooter form={form} live={live} inputSymbol={symbol} networkFee={networkFee} canSubmit={canSubmit} submitLabel={full ? 'Review full unstake' : 'Review unstake'} testId="unstake-review" />
    </form>
  );
}
