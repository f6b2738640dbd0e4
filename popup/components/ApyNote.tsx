import { APY_NOTE } from '../../src/yield/apy.ts';

/** The one-line "how this is computed" note under every APY figure. */
export function ApyNote() {
  return (
    <details className="hint apy-note">
      <summary>How APY is computed</summary>
      {APY_NOTE}
    </details>
  );
}
