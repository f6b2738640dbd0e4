import { useMemo } from 'react';
import type { Snapshot, SubnetView } from '../../src/protocol/chain.ts';
import { chainState, type ChainState } from '../lib/store.ts';
import { useLive, useLiveError } from './useLive.ts';

export interface SnapshotView {
  state: ChainState | undefined;
  snapshot: Snapshot | null;
  error: ReturnType<typeof chainState.error>;
  subnetsById: ReadonlyMap<number, SubnetView>;
}

/** The cached snapshot at once, then each 'chain.updated'. */
export function useSnapshot(): SnapshotView {
  const state = useLive(chainState);
  const error = useLiveError(chainState);
  const snapshot = state?.snapshot ?? null;
  const subnetsById = useMemo(() => new Map((snapshot?.subnets ?? []).map((s) => [s.netuid, s])), [snapshot]);
  return { state, snapshot, error, subnetsById };
}
