import { useLayoutEffect, useRef } from 'react';

/**
 * Measures input event -> committed preview DOM for the benchmark: call `start(event.timeStamp)`
 * in onChange; the layout effect after the commit that shows `value` records the elapsed time in
 * window.__previewTimings (kept to the last 500).
 */
export function useKeystrokeTiming(value: unknown): (eventTimeStamp: number) => void {
  const started = useRef<number | undefined>(undefined);
  useLayoutEffect(() => {
    if (started.current === undefined) return;
    const elapsed = performance.now() - started.current;
    started.current = undefined;
    const timings = (window.__previewTimings ??= []);
    timings.push(elapsed);
    if (timings.length > 500) timings.shift();
  }, [value]);
  return (timeStamp: number) => {
    started.current = timeStamp;
  };
}
