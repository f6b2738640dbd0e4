import { useEffect, useState } from 'react';
import type { Intent } from '../../src/protocol/chain.ts';
import { send } from '../lib/messaging.ts';

/** Before the first estimate: a safe upper bound of a staking call's fee (0.001 τ; devnet fees are ~0.0003 τ). */
export const FALLBACK_NETWORK_FEE = 1_000_000n;

const known = new Map<string, bigint>();

export function rememberNetworkFee(network: string, kind: string, fee: bigint): void {
  known.set(`${network}:${kind}`, fee);
}

/**
 * The network fee of a call like `probe` (payment_queryInfo via tx.prepare), learnt once per
 * network and call kind; Max uses it so a full-balance stake still pays its fee.
 */
export function useNetworkFee(network: string | undefined, from: string | undefined, probe: Intent | undefined): { fee: bigint; estimated: boolean } {
  const key = `${network}:${probe?.kind}`;
  const [, setTick] = useState(0);
  const probeJson = probe ? JSON.stringify(probe) : undefined;
  useEffect(() => {
    if (!network || !from || !probeJson || known.has(key)) return;
    let live = true;
    send('pri(tx.prepare)', { from, intent: JSON.parse(probeJson) as Intent }).then(
      (prepared) => {
        known.set(key, BigInt(prepared.networkFee));
        if (live) setTick((t) => t + 1);
      },
      () => undefined, // keep the fallback; the review screen shows the exact fee
    );
    return () => {
      live = false;
    };
  }, [key, network, from, probeJson]);
  const fee = known.get(key);
  return { fee: fee ?? FALLBACK_NETWORK_FEE, estimated: fee === undefined };
}
