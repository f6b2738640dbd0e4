// The review says in words when the chain offers no simulation to cross-check the preview with.
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { NO_SIMULATION } from '../../src/chain/simulation.ts';
import { Simulation } from './Review.tsx';

describe('review: chain simulation', () => {
  it('says the preview is the wallet\'s own model on a chain without sim_swap', () => {
    const html = renderToStaticMarkup(createElement(Simulation, { simulation: null, note: NO_SIMULATION, receivedSymbol: 'α' }));
    expect(html).toContain('This chain offers no simulation; the preview is the wallet&#x27;s own model.');
    expect(html).not.toMatch(/error/i);
  });

  it('shows the comparison when there is one', () => {
    const sim = { chain: { amountIn: '1', amountOut: '2', fee: '3' }, local: { amountIn: '1', amountOut: '2', fee: '3' }, differences: [] };
    const html = renderToStaticMarkup(createElement(Simulation, { simulation: sim, note: null, receivedSymbol: 'α' }));
    expect(html).toContain('The chain agrees with our preview to the rao.');
  });
});
