// The result screen and the activity list say a partial fill in words (rendered on the server
// renderer: no browser needed for static text).
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { TxRecord } from '../../src/protocol/chain.ts';
import { TxProgress } from './TxProgress.tsx';

const record: TxRecord = {
  id: 'x', network: 'devnet', from: '5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY', summary: 'Stake 10 TAO into SN1',
  intent: { kind: 'stake', hotkey: '5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY', netuid: 1, amount: '10000000000', limitPrice: '1', allowPartial: true },
  hash: '0x01', status: 'finalized', blockHash: '0x02', blockNumber: 7, error: null, previewed: '49000000000', received: '24500000000',
  executed: '5007712345', createdAt: 0, updatedAt: 0, explorerUrl: null,
};

describe('TxProgress', () => {
  it('says "partially filled: x of y" when less than the request executed', () => {
    const html = renderToStaticMarkup(createElement(TxProgress, { record, receivedSymbol: 'α' }));
    expect(html).toContain('partially filled: 5.0077 of 10 TAO');
  });

  it('says nothing of the kind for a complete fill', () => {
    const html = renderToStaticMarkup(createElement(TxProgress, { record: { ...record, executed: '10000000000' }, receivedSymbol: 'α' }));
    expect(html).not.toContain('partially filled');
  });
});
