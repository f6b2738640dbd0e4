declare global {
  interface Window {
    /** performance.now() when the first screen with real content committed; read by the benchmark. */
    __firstRenderMs?: number;
    /** Keystroke-to-preview timings (ms) the stake form records; read by the benchmark. */
    __previewTimings?: number[];
  }
}

/** Marks the first render that shows content (not a loading placeholder). Idempotent. */
export function markFirstRender(): void {
  window.__firstRenderMs ??= performance.now();
}
