import { useMemo, useState, type FormEvent } from 'react';
import { formatAmount } from '../../src/amount.ts';
import { AmountInput } from '../components/AmountInput.tsx';
import { ErrorNote } from '../components/ErrorNote.tsx';
import { Header } from '../components/Header.tsx';
import { TradeOptions } from '../components/TradeOptions.tsx';
import { TradePreview } from '../components/TradePreview.tsx';
import { useActiveAccount } from '../hooks/useAccount.ts';
import { useKeystrokeTiming } from '../hooks/useKeystrokeTiming.ts';
import { useNetworkFee } from '../hooks/useNetworkFee.ts';
import { usePreview } from '../hooks/usePreview.ts';
import { useSymbolOf } from '../hooks/useSymbolOf.ts';
import { useSettings } from '../hooks/useSettings.ts';
import { useSnapshot } from '../hooks/useSnapshot.ts';
import { checkAmount, parseForPreview } from '../lib/amountField.ts';
import { ppmPercent, shortAddress, TAO } from '../lib/format.ts';
import { intentLimitPrice, poolOf, type PreviewSpec } from '../lib/preview.ts';
import { prepareAndReview } from '../lib/review.ts';

const FRACTIONS = [25n, 50n, 75n, 100n] as const;

export function Unstake({ netuid, hotkey }: { netuid?: number | undefined; hotkey?: string | undefined }) {
  const active = useActiveAccount();
  const { snapshot, state, subnetsById } = useSnapshot();
  const { settings } = useSettings();
  const symbolOf = useSymbolOf();
  const [amountText, setAmountText] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const markKeystroke = useKeystrokeTiming(amountText);

  const account = snapshot?.account?.address === active?.address ? snapshot?.account : undefined;
  const position = account?.positions.find((p) => p.netuid === netuid && p.hotkey === hotkey);
  const subnet = netuid === undefined ? undefined : subnetsById.get(netuid);
  const spec = useMemo<PreviewSpec | undefined>(() => (subnet && snapshot ? { kind: 'unstake', pool: poolOf(subnet, snapshot) } : undefined), [subnet, snapshot]);
  const stake = BigInt(position?.alpha ?? '0');
  const amount = parseForPreview(amountText);
  const full = amount !== undefined && amount === stake && stake > 0n;
  // remove_stake_full_limit never fills partially.
  const live = usePreview(spec, amount, { tolerancePpm: settings.tolerancePpm, allowPartial: settings.allowPartial && !full, stake }, stake);
  const preview = live?.result?.preview;
  const network = state?.connection.network;
  const probe = position && netuid !== undefined && hotkey ? ({ kind: 'unstakeFull', hotkey, netuid, limitPrice: null } as const) : undefined;
  const { fee: networkFee, estimated } = useNetworkFee(network, active?.watchOnly ? undefined : active?.address, probe);
  const symbol = subnet?.symbol ?? 'α';

  const check = checkAmount(amountText, {
    available: stake,
    unit: symbol,
    availableText: 'your stake here',
    preview,
    toleranceText: ppmPercent(settings.tolerancePpm),
  });

  if (!snapshot || !active) return <p className="loading">Connecting to the network…</p>;
  if (!position || netuid === undefined || !hotkey) {
    return (
      <section>
        <Header title="Unstake" back="#/portfolio" />
        <p className="empty">No stake with this validator on SN{netuid ?? '?'}.</p>
      </section>
    );
  }
  const canSubmit = check.status === 'ok' && !!preview && !!spec && !busy && !active.watchOnly;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!canSubmit || check.status !== 'ok' || !preview || !spec) return;
    setBusy(true);
    setError(undefined);
    const p = preview;
    const limitPrice = intentLimitPrice(spec, p, settings.tolerancePpm).toString();
    try {
      await prepareAndReview(
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
            { label: 'You receive (preview)', value: `${formatAmount(p.received, { maxDecimals: 6, grouping: true })} ${TAO}` },
            { label: 'Minimum received', value: `${formatAmount(p.minReceived, { maxDecimals: 6, grouping: true })} ${TAO}` },
            { label: 'Swap fee', value: `${formatAmount(p.fee, { grouping: true })} ${symbol}` },
            { label: 'Slippage (incl. fee)', value: p.display.slippage },
            { label: 'Tolerance', value: ppmPercent(settings.tolerancePpm) },
          ],
        },
        snapshot.network,
      );
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
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
        onChange={(text, t) => {
          markKeystroke(t);
          setAmountText(text);
        }}
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
      <TradePreview live={live} amount={amount} symbolOf={symbolOf} inputSymbol={symbol} networkFee={networkFee} networkFeeEstimated={estimated} tolerancePpm={settings.tolerancePpm} />
      <TradeOptions />
      <ErrorNote error={error} />
      <button type="submit" className="primary" disabled={!canSubmit} data-testid="unstake-review">
        {busy ? 'Preparing…' : full ? 'Review full unstake' : 'Review unstake'}
      </button>
    </form>
  );
}
