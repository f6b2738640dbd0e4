import { useMemo, useState, type FormEvent } from 'react';
import { formatAmount } from '../../src/amount.ts';
import type { Intent } from '../../src/protocol/chain.ts';
import { AmountInput } from '../components/AmountInput.tsx';
import { Header } from '../components/Header.tsx';
import { SubnetSelect, ValidatorSelect } from '../components/Pickers.tsx';
import { NoPosition, TradeFooter } from '../components/TradeFooter.tsx';
import { useActiveAccount } from '../hooks/useAccount.ts';
import { useNetworkFee } from '../hooks/useNetworkFee.ts';
import { usePreview } from '../hooks/usePreview.ts';
import { useSnapshot } from '../hooks/useSnapshot.ts';
import { useTradeForm } from '../hooks/useTradeForm.ts';
import { useValidators } from '../hooks/useValidators.ts';
import { shortAddress } from '../lib/format.ts';
import { intentLimitPrice, poolOf, type PreviewSpec } from '../lib/preview.ts';
import { lockRule, locksOf, rootHoldRule } from '../lib/locks.ts';
import { prepareAndReview, previewLines } from '../lib/review.ts';

type Mode = 'subnet' | 'validator';

/**
 * Moves a position. Where the runtime has move_stake_limit: to any (validator, subnet) in one
 * limit-protected call. Otherwise: to another subnet with the same validator (swap_stake_limit:
 * root -> alpha, alpha -> root, alpha -> alpha), or to another validator on the same subnet (move_stake).
 */
export function Move({ netuid, hotkey, mode: initialMode }: { netuid?: number | undefined; hotkey?: string | undefined; mode?: string | undefined }) {
  const active = useActiveAccount();
  const { snapshot, state, subnetsById } = useSnapshot();
  const form = useTradeForm();
  const { settings, symbolOf, amountText, setAmountText, onAmountChange, amount, busy, submitting } = form;
  const [mode, setMode] = useState<Mode>(initialMode === 'validator' ? 'validator' : 'subnet');
  const [destinationNetuid, setDestinationNetuid] = useState<number | undefined>(undefined);
  const [destinationHotkey, setDestinationHotkey] = useState<string | undefined>(undefined);
  const network = state?.connection.network;
  // One move_stake_limit reaches any (validator, subnet): both pickers, defaulting to where the stake is.
  const anyMove = snapshot?.features?.moveStakeLimit === true;
  const targetNetuid = anyMove ? (destinationNetuid ?? netuid) : destinationNetuid;
  const targetHotkey = anyMove ? (destinationHotkey ?? hotkey) : destinationHotkey;
  const { validators } = useValidators(anyMove ? targetNetuid : mode === 'validator' ? netuid : undefined, network);

  const account = snapshot?.account?.address === active?.address ? snapshot?.account : undefined;
  const position = account?.positions.find((p) => p.netuid === netuid && p.hotkey === hotkey);
  const origin = netuid === undefined ? undefined : subnetsById.get(netuid);
  const destination = (anyMove || mode === 'subnet') && targetNetuid !== undefined ? subnetsById.get(targetNetuid) : origin;
  const spec = useMemo<PreviewSpec | undefined>(() => {
    if (!origin || !snapshot) return undefined;
    if (anyMove) return destination ? { kind: 'move', origin: poolOf(origin, snapshot), destination: poolOf(destination, snapshot) } : undefined;
    if (mode === 'validator') return { kind: 'move', origin: poolOf(origin, snapshot), destination: poolOf(origin, snapshot) };
    if (!destination || destination.netuid === origin.netuid) return undefined;
    return { kind: 'move', origin: poolOf(origin, snapshot), destination: poolOf(destination, snapshot) };
  }, [anyMove, mode, origin, destination, snapshot]);

  const stake = BigInt(position?.alpha ?? '0');
  const live = usePreview(spec, amount, { tolerancePpm: settings.tolerancePpm, allowPartial: settings.allowPartial, stake }, stake);
  const preview = live?.result?.preview;
  const originSymbol = origin?.symbol ?? 'α';
  const destinationSymbol = destination?.symbol ?? 'α';

  const intentFor = (rao: bigint, limitPrice: bigint): Intent | undefined => {
    if (netuid === undefined || !hotkey) return undefined;
    if (anyMove) {
      if (targetNetuid === undefined || !targetHotkey || (targetNetuid === netuid && targetHotkey === hotkey)) return undefined;
      return {
        kind: 'moveLimit', originHotkey: hotkey, destinationHotkey: targetHotkey, originNetuid: netuid, destinationNetuid: targetNetuid,
        amount: rao.toString(), limitPrice: limitPrice.toString(), allowPartial: settings.allowPartial,
      };
    }
    if (mode === 'validator') {
      return destinationHotkey ? { kind: 'move', originHotkey: hotkey, destinationHotkey, originNetuid: netuid, destinationNetuid: netuid, amount: rao.toString() } : undefined;
    }
    return destinationNetuid !== undefined
      ? { kind: 'swap', hotkey, originNetuid: netuid, destinationNetuid, amount: rao.toString(), limitPrice: limitPrice.toString(), allowPartial: settings.allowPartial }
      : undefined;
  };
  const probe = position ? intentFor(stake, spec && preview ? intentLimitPrice(spec, preview, settings.tolerancePpm) : 0n) : undefined;
  const networkFee = useNetworkFee(network, active?.watchOnly ? undefined : active?.address, probe);

  const validatorName = (hk: string) => validators?.find((v) => v.hotkey === hk)?.name || shortAddress(hk);
  // Within one subnet the coldkey's total there is unchanged, so a lock does not hold the move back.
  const leavesSubnet = (destination?.netuid ?? netuid) !== netuid;
  const check = form.check({ available: stake, unit: originSymbol, availableText: 'your stake here', preview, lock: rootHoldRule(account, netuid, hotkey, snapshot?.blockNumber) ?? (leavesSubnet ? lockRule(locksOf(account), netuid, originSymbol) : undefined) });

  if (!snapshot || !active) return <p className="loading">Connecting to the network…</p>;
  if (!position || netuid === undefined || !hotkey) return <NoPosition title="Move stake" netuid={netuid} />;
  const target = anyMove ? targetNetuid !== netuid || targetHotkey !== hotkey : mode === 'subnet' ? destinationNetuid !== undefined : !!destinationHotkey;
  const swaps = anyMove ? targetNetuid !== netuid : mode === 'subnet';
  const canSubmit = check.status === 'ok' && target && !!preview && !!spec && !busy && !active.watchOnly;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!canSubmit || check.status !== 'ok' || !preview || !spec) return;
    const p = preview;
    const intent = intentFor(check.rao, intentLimitPrice(spec, p, settings.tolerancePpm));
    if (!intent) return;
    await submitting(() =>
      prepareAndReview(
        active.address,
        intent,
        {
          previewed: p.received,
          receivedSymbol: destinationSymbol,
          backHref: `#/move?netuid=${netuid}&hotkey=${hotkey}&mode=${mode}`,
          lines: [
            { label: 'You move', value: `${formatAmount(check.rao, { grouping: true })} ${originSymbol} from SN${netuid}` },
            ...previewLines(p, {
              receivedSymbol: destinationSymbol,
              receivedWhere: ` on SN${destination?.netuid ?? netuid}${anyMove && targetHotkey !== hotkey && targetHotkey ? ` with ${validatorName(targetHotkey)}` : ''}`,
              feeSymbol: symbolOf(p.feeUnit),
              tolerancePpm: settings.tolerancePpm,
              swap: swaps,
            }),
          ],
        },
        snapshot.network,
      ),
    );
  };

  return (
    <form className="trade" onSubmit={submit} noValidate>
      <Header title="Move stake" back="#/portfolio" />
      <p className="context">
        From SN{netuid} {origin?.name} · {position.hotkeyName ?? shortAddress(hotkey)} · stake {formatAmount(stake, { maxDecimals: 4, grouping: true })} {originSymbol}
      </p>
      {anyMove ? (
        <>
          <SubnetSelect label="Destination subnet" subnets={snapshot.subnets} value={targetNetuid} onChange={setDestinationNetuid} />
          <ValidatorSelect label="Destination validator" validators={validators} value={targetHotkey} onChange={setDestinationHotkey} />
          {!target && <p className="hint">Choose another subnet or another validator.</p>}
        </>
      ) : (
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
      )}
      {anyMove ? null : mode === 'subnet' ? (
        <SubnetSelect label="Destination subnet" subnets={snapshot.subnets} value={destinationNetuid} onChange={setDestinationNetuid} exclude={netuid} />
      ) : (
        <ValidatorSelect label="Destination validator" validators={validators} value={destinationHotkey} onChange={setDestinationHotkey} exclude={hotkey} />
      )}
      <AmountInput
        label={`Amount to move (${originSymbol})`}
        unit={originSymbol}
        value={amountText}
        testId="move-amount"
        onChange={onAmountChange}
        onMax={() => setAmountText(formatAmount(stake))}
        maxLabel="All"
        error={check.status === 'invalid' ? check.reason : undefined}
      />
      <TradeFooter form={form} live={live} inputSymbol={originSymbol} networkFee={networkFee} showOptions={swaps} canSubmit={canSubmit} submitLabel="Review move" testId="move-review" />
    </form>
  );
}
