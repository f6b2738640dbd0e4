import { memo, useId } from 'react';
import { useSettings } from '../hooks/useSettings.ts';
import { ToleranceControl } from './ToleranceControl.tsx';

/** Tolerance and partial fill, saved to settings so every trade screen starts from the user's choice. */
export const TradeOptions = memo(function TradeOptions({ showPartial = true }: { showPartial?: boolean }) {
  const id = useId();
  const { settings, update } = useSettings();
  return (
    <details className="trade-options">
      <summary>
        Tolerance {settings.tolerancePpm / 10_000}%{showPartial ? ` · partial fill ${settings.allowPartial ? 'on' : 'off'}` : ''}
      </summary>
      <ToleranceControl tolerancePpm={settings.tolerancePpm} onChange={(tolerancePpm) => void update({ tolerancePpm })} />
      {showPartial && (
        <div className="check">
          <input id={id} type="checkbox" checked={settings.allowPartial} onChange={(e) => void update({ allowPartial: e.target.checked })} aria-describedby={`${id}-hint`} />
          <label htmlFor={id}>Allow a partial fill</label>
          <p className="hint" id={`${id}-hint`}>
            If the price reaches your limit, execute the part that fits instead of refusing the whole trade.
          </p>
        </div>
      )}
    </details>
  );
});
