import { useEffect, useId, useState } from 'react';
import type { SubnetCardView } from '../../src/protocol/chain.ts';
import { send } from '../lib/messaging.ts';

const LINK_LABELS: Record<string, string> = {
  x: 'X', telegram: 'Telegram', docs: 'Docs', dashboard: 'Dashboard', whitepaper: 'Whitepaper', huggingface: 'Hugging Face', youtube: 'YouTube', linkedin: 'LinkedIn', github: 'GitHub',
};

/** Opens only https links, in a new tab, with no opener or referrer. */
function SafeLink({ url, children }: { url: string; children: string }) {
  if (!url.startsWith('https://')) return null;
  return (
    <a href={url} target="_blank" rel="noopener noreferrer">
      {children}
    </a>
  );
}

/** "About this subnet": the owner's on-chain identity and TAOAppv1 card, read when opened. Every field is rendered as text. */
export function SubnetCard({ netuid }: { netuid: number }) {
  const id = useId();
  const [open, setOpen] = useState(false);
  const [view, setView] = useState<{ netuid: number; card?: SubnetCardView; error?: string }>({ netuid });
  useEffect(() => {
    if (!open) return;
    let live = true;
    send('pri(chain.subnetCard)', { netuid }).then(
      (card) => live && setView({ netuid, card }),
      (e: Error) => live && setView({ netuid, error: e.message }),
    );
    return () => {
      live = false;
    };
  }, [open, netuid]);
  const current = view.netuid === netuid ? view : { netuid };
  const c = current.card;
  return (
    <div className="subnet-card-box">
      <button type="button" className="small" aria-expanded={open} aria-controls={id} onClick={() => setOpen(!open)} data-testid="subnet-card-toggle">
        {open ? 'Hide' : 'About'} SN{netuid}
      </button>
      {open && (
        <section id={id} className="subnet-card" aria-label={`About SN${netuid}`} data-testid="subnet-card">
          {!c && !current.error && <p className="hint">Reading the subnet’s identity…</p>}
          {current.error && <p className="field-error">{current.error}</p>}
          {c && !c.identity && <p className="hint">The owner has not set an on-chain identity for this subnet.</p>}
          {c?.identity && (
            <>
              <h3>{c.card?.about?.title ?? (c.identity.name || `SN${netuid}`)}</h3>
              {c.card?.tagline && <p className="tagline" data-testid="subnet-card-tagline">{c.card.tagline}</p>}
              {c.card?.category && <p className="hint" data-testid="subnet-card-category">Category: {c.card.category}</p>}
              {c.card && c.card.tags.length > 0 && <p className="hint">Tags: {c.card.tags.join(', ')}</p>}
              {c.identity.description && <p>{c.identity.description}</p>}
              {c.notes && <p className="hint">{c.notes}</p>}
              <ul className="links" aria-label="Links">
                {c.identity.url && (
                  <li>
                    <SafeLink url={c.identity.url}>Website</SafeLink>
                  </li>
                )}
                {c.identity.github && (
                  <li>
                    <SafeLink url={c.identity.github}>Code</SafeLink>
                  </li>
                )}
                {c.card?.links.map((l) => (
                  <li key={l.key}>
                    <SafeLink url={l.url}>{LINK_LABELS[l.key] ?? l.key}</SafeLink>
                  </li>
                ))}
              </ul>
              <p className="hint">Set by the subnet owner on chain; not checked by the wallet.</p>
            </>
          )}
        </section>
      )}
    </div>
  );
}
