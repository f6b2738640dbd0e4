import { useId, useState } from 'react';
import { ppmPercent } from '../lib/format.ts';
import { parseTolerancePercent, TOLERANCE_PRESETS_PPM, toleranceLevel, toleranceWarning } from '../lib/tolerance.ts';

interface ToleranceControlProps {
  tolerancePpm: number;
  onChange: (ppm: number) => void;
}

/** Presets as a radio group, a custom percentage, and a warning that grows with the tolerance. */
export function ToleranceControl({ tolerancePpm, onChange }: ToleranceControlProps) {
  const id = useId();
  const isPreset = (TOLERANCE_PRESETS_PPM as readonly number[]).includes(tolerancePpm);
  const [custom, setCustom] = useState(isPreset ? '' : String(tolerancePpm / 10_000));
  const [customError, setCustomError] = useState<string>();
  const warning = toleranceWarning(tolerancePpm);
  const level = toleranceLevel(tolerancePpm);

  const onCustom = (text: string) => {
    setCustom(text);
    if (text.trim() === '') {
      setCustomError(undefined);
      return;
    }
    const parsed = parseTolerancePercent(text);
    if (parsed.ok) {
      setCustomError(undefined);
      onChange(parsed.ppm);
    } else setCustomError(parsed.reason);
  };

  return (
    <fieldset className="tolerance">
      <legend>Slippage tolerance</legend>
      <div className="segmented" role="radiogroup" aria-label="Tolerance presets">
        {TOLERANCE_PRESETS_PPM.map((ppm) => (
          <label key={ppm} className={tolerancePpm === ppm ? 'selected' : ''}>
            <input
              type="radio"
              name={`${id}-preset`}
              checked={tolerancePpm === ppm}
              onChange={() => {
                setCustom('');
                setCustomError(undefined);
                onChange(ppm);
              }}
            />
            {ppmPercent(ppm)}
          </label>
        ))}
      </div>
      <div className="field inline">
        <label htmlFor={`${id}-custom`}>Custom %</label>
        <input
          id={`${id}-custom`}
          inputMode="decimal"
          autoComplete="off"
          placeholder={isPreset ? 'e.g. 0.75' : String(tolerancePpm / 10_000)}
          value={custom}
          onChange={(e) => onCustom(e.target.value)}
          aria-invalid={customError ? true : undefined}
          aria-describedby={customError ? `${id}-error` : warning ? `${id}-warning` : undefined}
        />
      </div>
      {customError && (
        <p className="field-error" id={`${id}-error`}>
          {customError}
        </p>
      )}
      {warning && (
        <p className={`warning ${level}`} id={`${id}-warning`} role="status" data-testid="tolerance-warning">
          {warning}
        </p>
      )}
    </fieldset>
  );
}
