import { useSyncExternalStore } from 'react';
import type { Live } from '../lib/store.ts';

/** The current value of a Live store, re-rendering on change. */
export function useLive<T>(live: Live<T>): T | undefined {
  return useSyncExternalStore(live.subscribe, live.get);
}

export function useLiveError<T>(live: Live<T>) {
  return useSyncExternalStore(live.subscribe, live.error);
}
