// What the wallet reports as received for a claim of every validator (claim_root): the sum of the
// extrinsic's BasketClaimed amounts, one per validator that paid; RootClaimed only where none did.
import type { EventRecord } from '@polkadot/types/interfaces';
import { describe, expect, it } from 'vitest';
import { receivedAmount } from './tx.ts';

// receivedAmount reads only section, method and the data's string forms: plain stand-ins suffice.
const ev = (method: string, ...data: (string | number | bigint)[]) =>
  ({ event: { section: 'subtensorModule', method, data: data.map((d) => ({ toString: () => String(d) })) } }) as unknown as EventRecord;

describe('received for claimRootAll', () => {
  it('sums every BasketClaimed, not the last one, and ignores the dust notice', () => {
    const events = [
      ev('BasketClaimDustSkipped', 'hot1', 'cold', 1, 40n),
      ev('BasketClaimed', 'hot1', 'cold', 649_796_000n),
      ev('BasketClaimed', 'hot2', 'cold', 149_924_000n),
      ev('RootClaimed', 'cold', 799_720_000n),
    ];
    expect(receivedAmount({ kind: 'claimRootAll' }, events)).toBe(799_720_000n);
    // A runtime whose RootClaimed disagrees still reports what the baskets paid.
    expect(receivedAmount({ kind: 'claimRootAll' }, [...events.slice(0, 3), ev('RootClaimed', 'cold', 1n)])).toBe(799_720_000n);
  });

  it('a claim that paid nothing (every validator below the minimum) is 0 from RootClaimed; no claim events is unknown', () => {
    expect(receivedAmount({ kind: 'claimRootAll' }, [ev('RootClaimed', 'cold', 0n)])).toBe(0n);
    expect(receivedAmount({ kind: 'claimRootAll' }, [])).toBeNull();
  });
});
