import { useMemo, useState, type FormEvent } from 'react';
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
import { useSymbolOf } from '../hooks/useSymbolOf.ts';
import { useSettings } from '../hooks/useSettings.ts';
import { useSnapshot } from '../hooks/useSnapshot.ts';
import { useValidators } from '../hooks/useValidators.ts';
import { checkAmount, parseForPreview } from '../lib/amountField.ts';
import { ppmPercent, shortAddress } from '../lib/format.ts';
import { intentLimitPrice, poolOf, type PreviewSpec } from '../lib/preview.ts';
import { prepareAndReview } from '../lib/review.ts';

type Mode = 'subnet' | 'validator';

/**
 * Moves a position: to another subnet with the same validator (swap_stake_limit: root -> alpha,
 * alpha -> root, alpha -> alpha), or to another validator on the same subnet (move_stake).
 */
export function Move({ netuid, hotkey, mode: initialMode }: { netuid?: number | undefined; hotkey?: string | undefined; mode?: string | undefined }) {
  const active = useActiveAccount();
  const { snapshot, state, subnetsById } = useSnapshot();
  const { settings } = useSettings();
  const symbolOf = useSymbolOf();
  const [mode, setMode] = useState<Mode>(initialMode === 'validator' ? 'validator' : 'subnet');
  const [destinationNetuid, setDestinationNetuid] = useState<number | undefined>(undefined);
  const [destinationHotkey, setDestinationHotkey] = useState<string | undefined>(undefined);
  const [amountText, setAmountText] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const markKeystroke = useKeystrokeTiming(amountText);
  const network = state?.connection.network;
  const { validators } = useValidators(mode === 'validator' ? netuid : undefined, network);

  const account = snapshot?.account?.address === active?.address ? snapshot?.account : undefined;
  const position = account?.positions.find((p) => p.netuid === netuid && p.hotkey === hotkey);
  const origin = netuid === undefined ? undefined : subnetsById.get(netuid);
  const destination = mode === 'subnet' && destinationNetuid !== undefined ? subnetsById.get(destinationNetuid) : origin;
  const spec = useMemo<PreviewSpec | undefined>(() => {
    if (!origin || !snapshot) return undefined;
    if (mode === 'validator') return { kind: 'move', origin: poolOf(origin, snapshot), destination: poolOf(origin, snapshot) };
    if (!destination || destination.netuid === origin.netuid) return undefined;
    return { kind: 'move', origin: poolOf(origin, snapshot), destination: poolOf(destination, snapshot) };
  }, [mode, origin, destination, snapshot]);

  const stake = BigInt(position?.alpha ?? '0');
  const amount = parseForPreview(amountText);
  const live = usePreview(spec, amount, { tolerancePpm: settings.tolerancePpm, allowPartial: settings.allowPartial, stake }, stake);
  const preview = live?.result?.preview;
  const originSymbol = origin?.symbol ?? 'α';
  const destinationSymbol = destination?.symbol ?? 'α';

  const intentFor = (rao: bigint, limitPrice: bigint): Intent | undefined => {
    if (netuid === undefined || !hotkey) return undefined;
    if (mode === 'validator') {
      return destinationHotkey ? { kind: 'move', originHotkey: hotkey, destinationHotkey, originNetuid: netuid, destinationNetuid: netuid, amount: rao.toString() } : undefined;
    }
    return destinationNetuid !== undefined
      ? { kind: 'swap', hotkey, originNetuid: netuid, destinationNetuid, amount: rao.toString(), limitPrice: limitPrice.toString(), allowPartial: settings.allowPartial }
      : undefined;
  };
  const probe = position ? intentFor(stake, spec && preview ? intentLimitPrice(spec, preview, settings.tolerancePpm) : 0n) : undefined;
  const { fee: networkFee, estimated } = useNetworkFee(network, active?.watchOnly ? undefined : active?.address, probe);

  const check = checkAmount(amountText, {
    available: stake,
    unit: originSymbol,
    availableText: 'your stake here',
    preview,
    toleranceText: ppmPercent(settings.tolerancePpm),
  });

  if (!snapshot || !active) return <p className="loading">Connecting to the network…</p>;
  if (!position || netuid === undefined || !hotkey) {
    return (
      <section>
        <Header title="Move stake" back="#/portfolio" />
        <p className="empty">No stake with this validator on SN{netuid ?? '?'}.</p>
      </section>
    );
  }
  const target = mode === 'subnet' ? destinationNetuid !== undefined : !!destinationHotkey;
  const canSubmit = check.status === 'ok' && target && !!preview && !!spec && !busy && !active.watchOnly;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!canSubmit || check.status !== 'ok' || !preview || !spec) return;
    const p = preview;
    const intent = intentFor(check.rao, intentLimitPrice(spec, p, settings.tolerancePpm));
    if (!intent) return;
    setBusy(true);
    setError(undefined);
    try {
      await prepareAndReview(
        active.address,
        intent,
        {
          previewed: p.received,
          receivedSymbol: destinationSymbol,
          backHref: `#/move?netuid=${netuid}&hotkey=${hotkey}&mode=${mode}`,
          lines: [
            { label: 'You move', value: `${formatAmount(check.rao, { grouping: true })} ${originSymbol} from SN${netuid}` },
            { label: 'You receive (preview)', value: `${formatAmount(p.received, { maxDecimals: 6, grouping: true })} ${destinationSymbol} on SN${destination?.netuid ?? netuid}` },
            ...(mode === 'subnet'
              ? [
                  { label: 'Minimum received', value: `${formatAmount(p.minReceived, { maxDecimals: 6, grouping: true })} ${destinationSymbol}` },
                  { label: 'Swap fee', value: `${formatAmount(p.fee, { grouping: true })} ${symbolOf(p.feeUnit)}` },
                  { label: 'Slippage (incl. fee)', value: p.display.slippage },
                  { label: 'Tolerance', value: ppmPercent(settings.tolerancePpm) },
                ]
              : []),
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
      <Header title="Move stake" back="#/portfolio" />
      <p className="context">
        From SN{netuid} {origin?.name} · {position.hotkeyName ?? shortAddress(hotkey)} · stake {formatAmount(stake, { maxDecimals: 4, grouping: true })} {originSymbol}
      </p>
      <fieldset className="segmented">
        <legend>Move to</legend>
        <label className={mode === 'subnet' ? 'selected' : ''}>
          <input type="radio" name="move-mode" checked={mode === 'subnet'} onChange={() => setMode('subnet')} />
          Another subnet
        </label>
        <label className={mode === 'validator' ? 'selected' : ''}>
          <input type="radio" name="move-mode" checked={mode === 'validator'} onChange={() => setMode('validator')} />
          Another validator
        </label>
      </fieldset>
      {mode === 'subnet' ? (
        <SubnetSelect label="Destination subnet" subnets={snapshot.subnets} value={destinationNetuid} onChange={setDestinationNetuid} exclude={netuid} />
      ) : (
        <ValidatorSelect label="Destination validator" validators={validators} value={destinationHotkey} onChange={setDestinationHotkey} exclude={hotkey} />
      )}
      <AmountInput
        label={`Amount to move (${originSymbol})`}
        unit={originSymbol}
        value={amountText}
        testId="move-amount"
        onChange={(text, t) => {
          markKeystroke(t);
          setAmountText(text);
        }}
        onMax={() => setAmountText(formatAmount(stake))}
        maxLabel="All"
        error={check.status === 'invalid' ? check.reason : undefined}
      />
      <TradePreview live={live} amount={amount} symbolOf={symbolOf} inputSymbol={originSymbol} networkFee={networkFee} networkFeeEstimated={estimated} tolerancePpm={settings.tolerancePpm} />
      {mode === 'subnet' && <TradeOptions />}
      <ErrorNote error={error} />
      <button type="submit" className="primary" disabled={!canSubmit} data-testid="move-review">
        {busy ? 'Preparing…' : 'Review move'}
      </button>
    </form>
  );
}
