import { useCallback, useMemo, useState, type FormEvent } from 'react';
import { formatAmount } from '../../src/amount.ts';
import type { Intent } from '../../src/protocol/chain.ts';
import { AmountInput } from '../components/AmountInput.tsx';
import { ErrorNote } from '../components/ErrorNote.tsx';
import { Header } from '../components/Header.tsx';
import { SubnetSelect, ValidatorSelect } from '../components/Pickers.tsx';
import { TradeOptions } from '../components/TradeOptions.tsx';
import { TradePreview } from '../components/TradePreview.tsx';
import { useActiveAccount } from '../hooks/useAccount.ts';
import { useKeystrokeTiming } from '../hooks/useKeystrokeTiming.ts';
import { useNetworkFee } from '../hooks/useNetworkFee.ts';
import { usePreview } from '../hooks/usePreview.ts';
import { useSettings } from '../hooks/useSettings.ts';
import { useSnapshot } from '../hooks/useSnapshot.ts';
import { useSymbolOf } from '../hooks/useSymbolOf.ts';
import { useValidators } from '../hooks/useValidators.ts';
import { checkAmount, maxStakeable, parseForPreview } from '../lib/amountField.ts';
import { ppmPercent, TAO } from '../lib/format.ts';
import { intentLimitPrice, poolOf, type PreviewSpec } from '../lib/preview.ts';
import { prepareAndReview } from '../lib/review.ts';
import { navigate } from '../lib/router.ts';

export function Stake({ netuid: initialNetuid, hotkey: initialHotkey }: { netuid?: number | undefined; hotkey?: string | undefined }) {
  const active = useActiveAccount();
  const { snapshot, state } = useSnapshot();
  const { settings } = useSettings();
  const symbolOf = useSymbolOf();
  const subnets = snapshot?.subnets ?? [];
  const [netuid, setNetuid] = useState<number | undefined>(initialNetuid ?? subnets.find((s) => s.netuid !== 0 && s.subtokenEnabled)?.netuid);
  const [hotkey, setHotkey] = useState<string | undefined>(initialHotkey);
  const [amountText, setAmountText] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const markKeystroke = useKeystrokeTiming(amountText);
  const chooseSubnet = useCallback((n: number) => {
    setNetuid(n);
    setHotkey(undefined);
    navigate('/stake', { netuid: n });
  }, []);

  const network = state?.connection.network;
  const { validators, error: validatorError } = useValidators(netuid, network);
  const selectedHotkey = hotkey ?? validators?.[0]?.hotkey;
  const subnet = netuid === undefined ? undefined : subnets.find((s) => s.netuid === netuid);
  const spec = useMemo<PreviewSpec | undefined>(() => (subnet && snapshot ? { kind: 'stake', pool: poolOf(subnet, snapshot) } : undefined), [subnet, snapshot]);

  const account = snapshot?.account?.address === active?.address ? snapshot?.account : undefined;
  const free = BigInt(account?.free ?? '0');
  const ed = BigInt(snapshot?.constants.existentialDeposit ?? '500');
  const probe: Intent | undefined =
    selectedHotkey && netuid !== undefined && snapshot ? { kind: 'stake', hotkey: selectedHotkey, netuid, amount: snapshot.constants.minStake, limitPrice: '1000000000000000', allowPartial: true } : undefined;
  const { fee: networkFee, estimated } = useNetworkFee(network, active?.watchOnly ? undefined : active?.address, probe);
  const available = maxStakeable(free, ed, networkFee);

  const amount = parseForPreview(amountText);
  const live = usePreview(spec, amount, { tolerancePpm: settings.tolerancePpm, allowPartial: settings.allowPartial }, available);
  const preview = live?.result?.preview;
  const check = checkAmount(amountText, {
    available,
    unit: TAO,
    availableText: 'your free balance after the network fee',
    preview,
    toleranceText: ppmPercent(settings.tolerancePpm),
  });

  if (!snapshot || !active) return <p className="loading">Connecting to the network…</p>;
  const symbol = subnet?.symbol ?? 'α';
  const canSubmit = check.status === 'ok' && !!selectedHotkey && !!preview && !busy && !active.watchOnly;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!canSubmit || check.status !== 'ok' || !preview || !spec || !selectedHotkey || netuid === undefined) return;
    setBusy(true);
    setError(undefined);
    const p = preview;
    try {
      await prepareAndReview(
        active.address,
        { kind: 'stake', hotkey: selectedHotkey, netuid, amount: check.rao.toString(), limitPrice: intentLimitPrice(spec, p, settings.tolerancePpm).toString(), allowPartial: settings.allowPartial },
        {
          previewed: p.received,
          receivedSymbol: symbol,
          backHref: `#/stake?netuid=${netuid}&hotkey=${selectedHotkey}`,
          lines: [
            { label: 'You pay', value: `${formatAmount(check.rao, { grouping: true })} ${TAO}` },
            { label: 'You receive (preview)', value: `${formatAmount(p.received, { maxDecimals: 6, grouping: true })} ${symbol}` },
            { label: 'Minimum received', value: `${formatAmount(p.minReceived, { maxDecimals: 6, grouping: true })} ${symbol}` },
            { label: 'Swap fee', value: `${formatAmount(p.fee, { grouping: true })} ${TAO}` },
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
      <Header title="Stake" back="#/portfolio" />
      {active.watchOnly && <p className="warning">This is a watch-only account: it cannot sign a stake.</p>}
      <SubnetSelect subnets={subnets} value={netuid} onChange={chooseSubnet} />
      <ValidatorSelect validators={validators} value={selectedHotkey} onChange={setHotkey} error={validatorError} />
      <AmountInput
        label="Amount to stake"
        unit={TAO}
        value={amountText}
        testId="stake-amount"
        autoFocus={netuid !== undefined}
        onChange={(text, t) => {
          markKeystroke(t);
          setAmountText(text);
        }}
        onMax={() => setAmountText(formatAmount(available))}
        error={check.status === 'invalid' ? check.reason : undefined}
        hint={`Free: ${formatAmount(free, { maxDecimals: 4, grouping: true })} ${TAO}. Max keeps ${formatAmount(ed)} ${TAO} (existential deposit) and the network fee.`}
      />
      <TradePreview live={live} amount={amount} symbolOf={symbolOf} inputSymbol={TAO} networkFee={networkFee} networkFeeEstimated={estimated} tolerancePpm={settings.tolerancePpm} />
      <TradeOptions />
      <ErrorNote error={error} />
      <button type="submit" className="primary" disabled={!canSubmit} data-testid="stake-review">
        {busy ? 'Preparing…' : 'Review stake'}
      </button>
    </form>
  );
}
