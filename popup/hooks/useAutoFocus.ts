import { useCallback } from 'react';

/**
 * A ref that focuses its element when it mounts (and when `enabled` turns on). React's own
 * `autoFocus` calls focus() on mount; preact/compat, which the shipped popup runs on, only sets
 * the `autofocus` attribute, and browsers ignore that on elements added after the page loaded.
 * Used in place of `autoFocus` so keyboard flows behave the same on both runtimes.
 */
export function useAutoFocus<T extends HTMLElement>(enabled: boolean | undefined): (element: T | null) => void {
  return useCallback(
    (element: T | null) => {
      if (enabled && element) element.focus();
    },
    [enabled],
  );
}
