import { useEffect, useState } from 'react';
import type { ValidatorView } from '../../src/protocol/chain.ts';
import { send } from '../lib/messaging.ts';

const cache = new Map<string, ValidatorView[]>();

/** Validators of a subnet (pri(chain.validators)), cached per network and subnet for the popup's life. */
export function useValidators(netuid: number | undefined, network: string | undefined): { validators: ValidatorView[] | undefined; error: string | undefined } {
  const key = `${network}:${netuid}`;
  const [state, setState] = useState<{ key: string; validators?: ValidatorView[]; error?: string }>({ key });
  useEffect(() => {
    if (netuid === undefined) return;
    if (cache.has(key)) return;
    let live = true;
    send('pri(chain.validators)', { netuid }).then(
      (validators) => {
        const sorted = [...validators].sort((a, b) => (BigInt(b.stake) > BigInt(a.stake) ? 1 : BigInt(b.stake) < BigInt(a.stake) ? -1 : 0));
        cache.set(key, sorted);
        if (live) setState({ key, validators: sorted });
      },
      (e: Error) => live && setState({ key, error: e.message }),
    );
    return () => {
      live = false;
    };
  }, [key, netuid]);
  const cached = cache.get(key);
  return { validators: cached ?? (state.key === key ? state.validators : undefined), error: state.key === key ? state.error : undefined };
}
