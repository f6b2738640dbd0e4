import { useEffect, useMemo, useState } from 'react';
import type { YieldView } from '../../src/protocol/chain.ts';
import { send } from '../lib/messaging.ts';

/** Re-asked at most this often; the background re-reads the chain only every few blocks anyway. */
const MAX_AGE_MS = 30_000;
const cache = new Map<string, { at: number; view: YieldView }>();

/** The yield table (pri(chain.yields)) of the connected network, cached per network for the popup's life. */
export function useYields(network: string | undefined): YieldView | undefined {
  const key = network ?? '';
  const [view, setView] = useState<YieldView | undefined>(() => cache.get(key)?.view);
  useEffect(() => {
    if (!network) return;
    const hit = cache.get(key);
    if (hit) setView(hit.view);
    if (hit && Date.now() - hit.at < MAX_AGE_MS) return;
    let live = true;
    send('pri(chain.yields)', {}).then(
      (v) => {
        cache.set(key, { at: Date.now(), view: v });
        if (live) setView(v);
      },
      () => undefined, // no figure is shown; the lists still work without it
    );
    return () => {
      live = false;
    };
  }, [key, network]);
  return view;
}

/** netuid -> subnet-wide APY, from the yield table. */
export function useSubnetApy(view: YieldView | undefined): Map<number, bigint | null> {
  return useMemo(() => new Map((view?.subnets ?? []).map((s) => [s.netuid, s.apy === null ? null : BigInt(s.apy)])), [view]);
}
