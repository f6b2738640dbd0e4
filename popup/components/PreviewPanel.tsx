import { formatAmount } from '../../src/amount.ts';
import type { Preview, Unit } from '../../src/amm/index.ts';
import { TAO } from '../lib/format.ts';

interface PreviewPanelProps {
  preview: Preview;
  /** The symbol of a unit (τ, or the subnet's alpha symbol). */
  symbolOf: (unit: Unit) => string;
  networkFee: bigint;
  networkFeeEstimated: boolean;
}

const amt = (rao: bigint, unit: string, maxDecimals = 6) => `${formatAmount(rao, { maxDecimals, grouping: true })} ${unit}`;
const pct = (ppm: bigint) => `${formatAmount(ppm, { decimals: 4, maxDecimals: 3 })}%`;

/** The numbers a trade will produce, recomputed in the same render as each keystroke. */
export function PreviewPanel({ preview: p, symbolOf, networkFee, networkFeeEstimated }: PreviewPanelProps) {
  const inUnit = symbolOf(p.inputUnit);
  const outUnit = symbolOf(p.outputUnit);
  // A same-subnet move is a plain transfer on newer runtimes, but goes through the pool (with a
  // fee) on the V3 generation: show the swap rows whenever a fee is charged.
  const swaps = p.kind !== 'sameSubnet' || p.fee > 0n;
  const isMove = p.kind !== 'stake' && p.kind !== 'unstake';
  const priceUnit = p.kind === 'stake' ? `${TAO}/${outUnit}` : `${TAO}/${inUnit}`;
  // Swap rows without a limit price: the V3 generation's same-subnet move_stake, which goes
  // through the pool but signs no limit, so nothing bounds what it receives.
  const unlimited = p.limitPrice === null;
  const limitText =
    p.limitPrice === null ? 'none: this call signs no price limit' : isMove ? `${formatAmount(p.limitPrice, { maxDecimals: 9 })} (${inUnit}/${outUnit} price ratio)` : amt(p.limitPrice, priceUnit, 9);
  const partial = !p.error && p.executedAmount < p.amount;
  return (
    <section className="preview" aria-label="Preview" data-testid="preview" data-error={p.error?.code}>
      <dl>
        <div className="row strong">
          <dt>You receive</dt>
          <dd data-testid="preview-received">{p.error ? '—' : amt(p.received, outUnit)}</dd>
        </div>
        <div className="row">
          <dt>Rate</dt>
          <dd data-testid="preview-rate">
            1 {inUnit} = {formatAmount(p.rate, { maxDecimals: 6, grouping: true })} {outUnit}
          </dd>
        </div>
        {swaps && (
          <>
            <div className="row">
              <dt>Swap fee</dt>
              <dd data-testid="preview-fee">{amt(p.fee, symbolOf(p.feeUnit), 9)}</dd>
            </div>
            <div className="row">
              <dt>Price impact</dt>
              <dd data-testid="preview-impact">{pct(p.priceImpactPpm)}</dd>
            </div>
            <div className={`row ${p.slippagePpm > p.tolerancePpm ? 'warn' : ''}`}>
              <dt>Slippage (incl. fee)</dt>
              <dd data-testid="preview-slippage">{pct(p.slippagePpm)}</dd>
            </div>
            {!unlimited && (
              <div className="row">
                <dt>Minimum received at {pct(p.tolerancePpm)}</dt>
                <dd data-testid="preview-min-received">
                  {amt(p.minReceived, outUnit)}
                  {p.allowPartial ? ' if filled in full' : ''}
                </dd>
              </div>
            )}
            <div className="row">
              <dt>Limit price</dt>
              <dd data-testid="preview-limit">{limitText}</dd>
            </div>
          </>
        )}
        <div className="row">
          <dt>Network fee</dt>
          <dd data-testid="preview-network-fee">
            {networkFeeEstimated ? '≤ ' : '≈ '}
            {amt(networkFee, TAO, 9)}
          </dd>
        </div>
      </dl>
      {partial && (
        <p className="note" role="status">
          Partial fill: only {amt(p.executedAmount, inUnit)} of {amt(p.amount, inUnit)} executes before the price reaches your limit.
        </p>
      )}
    </section>
  );
}
