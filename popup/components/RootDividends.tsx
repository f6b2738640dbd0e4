import { formatAmount } from '../../src/amount.ts';
import { claimAllOffered, claimAllPlan, claimAllRefusal, claimExitRefusal, claimRefusal } from '../../src/chain/root-claims.ts';
import type { Intent, PositionView, RootClaimView, Snapshot } from '../../src/protocol/chain.ts';
import { useAction } from '../hooks/useAction.ts';
import { shortAddress, tao } from '../lib/format.ts';
import { prepareAndReview, type ReviewLine } from '../lib/review.ts';
import { ErrorNote } from './ErrorNote.tsx';

const show = (rao: bigint) => `${formatAmount(rao, { maxDecimals: 6, grouping: true })} τ`;

/**
 * Root dividends waiting in each validator's basket (Root Reborn), as the chain's own claim
 * preview reports them: what a claim now pays, what it would leave behind as dust, a Claim action
 * gated on the chain's minimum, and claim-then-unstake of the whole root position in one
 * batch_all where the chain allows it (no hold). Rendered only where the chain has root claims.
 */
export function RootDividends({ snapshot, address, canSign }: { snapshot: Snapshot; address: string; canSign: boolean }) {
  const view = snapshot.account?.rootClaims;
  if (!view || !snapshot.features?.rootClaims || view.claims.length === 0) return null;
  return (
    <>
      <h2>Root dividends</h2>
      <p className="hint">Dividends from root stake wait with each validator until you claim them; a claim stakes them on root with that validator.</p>
      {!view.dustEstimated && (
        <p className="hint" data-testid="claim-no-dust-estimate">
          This chain reports each claim at its whole value and does not say what a claim would leave behind as dust; the payout may be a little lower.
        </p>
      )}
      {snapshot.features.rootClaimAll === true && claimAllOffered(view) && <ClaimAll snapshot={snapshot} address={address} canSign={canSign} />}
      <ul className="positions" aria-label="Root dividends">
        {view.claims.map((c) => (
          <ClaimRow key={c.hotkey} claim={c} snapshot={snapshot} address={address} canSign={canSign} />
        ))}
      </ul>
    </>
  );
}

/**
 * One `claim_root` for every validator (the chain ignores its subnet list on Root Reborn): offered
 * when two or more validators pay now, refused with the reason when none does. The review lists
 * each validator it pays and the total; those below the minimum are skipped by the chain.
 */
function ClaimAll({ snapshot, address, canSign }: { snapshot: Snapshot; address: string; canSign: boolean }) {
  const { busy, error, run } = useAction();
  const view = snapshot.account!.rootClaims!;
  const plan = claimAllPlan(view);
  const refusal = claimAllRefusal(view);
  const nameOf = (c: RootClaimView) => c.hotkeyName ?? shortAddress(c.hotkey);
  const hold = BigInt(view.unlockInterval) > 0n;
  const lines: ReviewLine[] = [
    ...plan.claims.map((c) => ({ label: `You claim from ${nameOf(c)} (preview)`, value: `${show(BigInt(c.redeemable))}, staked on root with ${nameOf(c)}` })),
    { label: 'You claim in total (preview)', value: `${show(plan.total)} from ${plan.claims.length} validators` },
    ...(plan.skipped.length > 0 ? [{ label: 'Skipped by the chain', value: `${plan.skipped.map(nameOf).join(', ')}: below the minimum claim of ${show(BigInt(view.threshold))}, stays claimable` }] : []),
    ...(hold ? [{ label: 'Root hold', value: `each paying claim keeps your root stake with that validator in place for ${view.unlockInterval} blocks` }] : []),
  ];
  return (
    <div className="card" data-testid="claim-all">
      <p>
        {plan.claims.length > 0 ? (
          <>
            Claim all: <strong data-testid="claim-all-total">{show(plan.total)}</strong> from {plan.claims.length} validators in one transaction.
          </>
        ) : (
          'Claim all'
        )}
      </p>
      {refusal && (
        <p className="hint" data-testid="claim-all-gate">
          {refusal.message}
        </p>
      )}
      {canSign && (
        <button
          type="button"
          className="small"
          disabled={busy || refusal !== null}
          data-testid="claim-all-button"
          aria-label="Claim root dividends from every validator"
          onClick={() => void run(() => prepareAndReview(address, { kind: 'claimRootAll' }, { previewed: plan.total, receivedSymbol: 'τ', backHref: '#/portfolio', lines }, snapshot.network))}
        >
          Claim all
        </button>
      )}
      <ErrorNote error={error} />
    </div>
  );
}

function ClaimRow({ claim, snapshot, address, canSign }: { claim: RootClaimView; snapshot: Snapshot; address: string; canSign: boolean }) {
  const { busy, error, run } = useAction();
  const view = snapshot.account!.rootClaims!;
  const redeemable = BigInt(claim.redeemable);
  const forfeited = BigInt(claim.forfeited);
  const name = claim.hotkeyName ?? shortAddress(claim.hotkey);
  const root: PositionView | undefined = snapshot.account!.positions.find((p) => p.netuid === 0 && p.hotkey === claim.hotkey);
  const refusal = claimRefusal(view, claim.hotkey);
  const exitRefusal = root ? claimExitRefusal(view, claim.hotkey, snapshot.blockNumber) : null;
  const canExit = snapshot.features?.rootClaimExit === true && root !== undefined;

  const review = (intent: Intent, previewed: bigint, lines: ReviewLine[]) =>
    void run(() => prepareAndReview(address, intent, { previewed, receivedSymbol: 'τ', backHref: '#/portfolio', lines }, snapshot.network));
  const dustLine: ReviewLine[] = forfeited > 0n ? [{ label: 'Left in the fund as dust', value: `${show(forfeited)} (${claim.dustRows} holding${claim.dustRows === 1 ? '' : 's'} too small to sell)` }] : [];

  return (
    <li className="position" data-testid="root-claim" data-hotkey={claim.hotkey}>
      <div className="position-head">
        <span className="subnet">
          <span className="netuid">SN0</span> root dividends
        </span>
        <span className="validator" title={claim.hotkey}>
          {name}
        </span>
      </div>
      <dl className="position-figures">
        <div>
          <dt>Claim now pays</dt>
          <dd data-testid="claim-redeemable">{tao(claim.redeemable)}</dd>
        </div>
        {forfeited > 0n && (
          <div>
            <dt>Forfeited as dust</dt>
            <dd data-testid="claim-forfeited">{tao(claim.forfeited, 9)}</dd>
          </div>
        )}
      </dl>
      {!refusal && BigInt(view.unlockInterval) > 0n && (
        <p className="hint" data-testid="claim-hold-note">
          Claiming stakes the TAO on root and keeps your root stake with {name} in place for {view.unlockInterval} blocks from then.
        </p>
      )}
      {refusal && (
        <p className="hint" data-testid="claim-gate">
          {refusal.message}
        </p>
      )}
      {canSign && (
        <div className="position-actions">
          <button
            type="button"
            className="small"
            disabled={busy || refusal !== null}
            data-testid="claim-button"
            aria-label={`Claim root dividends from ${name}`}
            onClick={() =>
              review({ kind: 'claimRoot', hotkey: claim.hotkey }, redeemable, [
                { label: 'You claim (preview)', value: `${show(redeemable)}, staked on root with ${name}` },
                ...dustLine,
                ...(BigInt(view.unlockInterval) > 0n ? [{ label: 'Root hold', value: `the claim keeps your root stake with ${name} in place for ${view.unlockInterval} blocks` }] : []),
              ])
            }
          >
            Claim
          </button>
          {canExit && (
            <button
              type="button"
              className="small"
              disabled={busy || exitRefusal !== null}
              title={exitRefusal?.message}
              data-testid="claim-exit-button"
              aria-label={`Claim and unstake all root stake with ${name}`}
              onClick={() =>
                review({ kind: 'claimRootExit', hotkey: claim.hotkey }, BigInt(root!.alpha) + redeemable, [
                  { label: 'You claim (preview)', value: show(redeemable) },
                  ...dustLine,
                  { label: 'Then you unstake', value: `all your root stake with ${name} (${show(BigInt(root!.alpha))} now, plus the claim), in the same transaction` },
                  { label: 'You receive (preview)', value: `${show(BigInt(root!.alpha) + redeemable)} free TAO` },
                ])
              }
            >
              Claim and unstake all
            </button>
          )}
        </div>
      )}
      {canExit && exitRefusal && !refusal && (
        <p className="hint" data-testid="claim-exit-gate">
          {exitRefusal.message}
        </p>
      )}
      <ErrorNote error={error} />
    </li>
  );
}
