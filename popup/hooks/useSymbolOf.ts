import { useCallback } from 'react';
import type { Unit } from '../../src/amm/index.ts';
import { TAO } from '../lib/format.ts';
import { useSnapshot } from './useSnapshot.ts';

/** τ for TAO, the subnet's own symbol for its alpha. */
export function useSymbolOf(): (unit: Unit) => string {
  const { subnetsById } = useSnapshot();
  return useCallback((unit: Unit) => (unit.token === 'tao' ? TAO : (subnetsById.get(unit.netuid)?.symbol ?? 'α')), [subnetsById]);
}
