import { useCallback, useMemo, useState, type FormEvent } from 'react';
import { formatAmount } from '../../src/amount.ts';
import type { Intent } from '../../src/protocol/chain.ts';
import { AmountInput } from '../components/AmountInput.tsx';
import { ApyNote } from '../components/ApyNote.tsx';
import { Header } from '../components/Header.tsx';
import { SubnetSelect, ValidatorSelect } from '../components/Pickers.tsx';
import { SubnetCard } from '../components/SubnetCard.tsx';
import { TradeFooter } from '../components/TradeFooter.tsx';
import { useActiveAccount } from '../hooks/useAccount.ts';
import { useNetworkFee } from '../hooks/useNetworkFee.ts';
import { usePreview } from '../hooks/usePreview.ts';
import { useSnapshot } from '../hooks/useSnapshot.ts';
import { useTradeForm } from '../hooks/useTradeForm.ts';
import { useValidators } from '../hooks/useValidators.ts';
import { useYields } from '../hooks/useYields.ts';
import { validatorYields } from '../../src/yield/yields.ts';
import { maxStakeable } from '../lib/amountField.ts';
import { TAO } from '../lib/format.ts';
import { intentLimitPrice, poolOf, type PreviewSpec } from '../lib/preview.ts';
import { prepareAndReview, previewLines } from '../lib/review.ts';
import { navigate } from '../lib/router.ts';

export function Stake({ netuid: initialNetuid, hotkey: initialHotkey }: { netuid?: number | undefined; hotkey?: string | undefined }) {
  const active = useActiveAccount();
  const { snapshot, state } = useSnapshot();
  const form = useTradeForm();
  const { settings, amountText, setAmountText, onAmountChange, amount, busy, submitting } = form;
  const subnets = snapshot?.subnets ?? [];
  const [netuid, setNetuid] = useState<number | undefined>(initialNetuid ?? subnets.find((s) => s.netuid !== 0 && s.subtokenEnabled)?.netuid);
  const [hotkey, setHotkey] = useState<string | undefined>(initialHotkey);
  const chooseSubnet = useCallback((n: number) => {
    setNetuid(n);
    setHotkey(undefined);
    navigate('/stake', { netuid: n });
  }, []);

  const network = state?.connection.network;
  const { validators, error: validatorError } = useValidators(netuid, network);
  const yields = useYields(network);
  const apy = useMemo(() => (netuid === undefined ? undefined : validatorYields(yields, netuid)), [yields, netuid]);
  const selectedHotkey = hotkey ?? validators?.[0]?.hotkey;
  const subnet = netuid === undefined ? undefined : subnets.find((s) => s.netuid === netuid);
  const spec = useMemo<PreviewSpec | undefined>(() => (subnet && snapshot ? { kind: 'stake', pool: poolOf(subnet, snapshot) } : undefined), [subnet, snapshot]);

  const account = snapshot?.account?.address === active?.address ? snapshot?.account : undefined;
  const free = BigInt(account?.free ?? '0');
  const ed = BigInt(snapshot?.constants.existentialDeposit ?? '500');
  const probe: Intent | undefined =
    selectedHotkey && netuid !== undefined && snapshot ? { kind: 'stake', hotkey: selectedHotkey, netuid, amount: snapshot.constants.minStake, limitPrice: '1000000000000000', allowPartial: true } : undefined;
  const networkFee = useNetworkFee(network, active?.watchOnly ? undefined : active?.address, probe);
  const available = maxStakeable(free, ed, networkFee.fee);

  const live = usePreview(spec, amount, { tolerancePpm: settings.tolerancePpm, allowPartial: settings.allowPartial }, available);
  const preview = live?.result?.preview;
  const check = form.check({ available, unit: TAO, availableText: 'your free balance after the network fee', preview });

  if (!snapshot || !active) return <p className="loading">Connecting to the network…</p>;
  const symbol = subnet?.symbol ?? 'α';
  const canSubmit = check.status === 'ok' && !!selectedHotkey && !!preview && !busy && !active.watchOnly;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!canSubmit || check.status !== 'ok' || !preview || !spec || !selectedHotkey || netuid === undefined) return;
    const p = preview;
    await submitting(() =>
      prepareAndReview(
        active.address,
        { kind: 'stake', hotkey: selectedHotkey, netuid, amount: check.rao.toString(), limitPrice: intentLimitPrice(spec, p, settings.tolerancePpm).toString(), allowPartial: settings.allowPartial },
        {
          previewed: p.received,
          receivedSymbol: symbol,
          backHref: `#/stake?netuid=${netuid}&hotkey=${selectedHotkey}`,
          lines: [
            { label: 'You pay', value: `${formatAmount(check.rao, { grouping: true })} ${TAO}` },
            ...previewLines(p, { receivedSymbol: symbol, feeSymbol: TAO, tolerancePpm: settings.tolerancePpm }),
          ],
        },
        snapshot.network,
      ),
    );
  };

  return (
    <form className="trade" onSubmit={submit} noValidate>
      <Header title="Stake" back="#/portfolio" />
      {active.watchOnly && <p className="warning">This is a watch-only account: it cannot sign a stake.</p>}
      <SubnetSelect subnets={subnets} value={netuid} onChange={chooseSubnet} />
      {netuid !== undefined && <SubnetCard key={netuid} netuid={netuid} />}
      <ValidatorSelect validators={validators} value={selectedHotkey} onChange={setHotkey} error={validatorError} {...(apy ? { apy } : {})} />
      {apy && apy.size > 0 && <ApyNote />}
      <AmountInput
        label="Amount to stake"
        unit={TAO}
        value={amountText}
        testId="stake-amount"
        autoFocus={netuid !== undefined}
        onChange={onAmountChange}
        onMax={() => setAmountText(formatAmount(available))}
        error={check.status === 'invalid' ? check.reason : undefined}
        hint={`Free: ${formatAmount(free, { maxDecimals: 4, grouping: true })} ${TAO}. Max keeps ${formatAmount(ed)} ${TAO} (existential deposit) and the network fee.`}
      />
      <TradeFooter form={form} live={live} inputSymbol={TAO} networkFee={networkFee} canSubmit={canSubmit} submitLabel="Review stake" testId="stake-review" />
    </form>
  );
}
