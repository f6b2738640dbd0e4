import { useCallback } from 'react';
import type { Settings } from '../../src/protocol/chain.ts';
import { DEFAULT_TOLERANCE_PPM } from '../lib/tolerance.ts';
import { send } from '../lib/messaging.ts';
import { applySettings, settings as settingsStore } from '../lib/store.ts';
import { useLive } from './useLive.ts';

const FALLBACK: Settings = { tolerancePpm: DEFAULT_TOLERANCE_PPM, allowPartial: false, activeAddress: null };

/** Settings (tolerance, partial fill, active account) with an updater that persists them. */
export function useSettings(): { settings: Settings; loaded: boolean; update: (patch: Partial<Settings>) => Promise<Settings> } {
  const value = useLive(settingsStore);
  const update = useCallback((patch: Partial<Settings>) => send('pri(settings.update)', patch).then(applySettings), []);
  return { settings: value ?? FALLBACK, loaded: value !== undefined, update };
}
