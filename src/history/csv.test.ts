import { describe, expect, it } from 'vitest';
import type { TxRecord } from '../protocol/chain.ts';
import { CSV_COLUMNS, csvCell, historyCsv, historyRows } from './csv.ts';

const base: TxRecord = {
  id: 'a', network: 'devnet', from: '5Alice', summary: 'Stake', intent: { kind: 'stake', hotkey: '5Hot', netuid: 3, amount: '10000000000', limitPrice: '1', allowPartial: false },
  hash: '0xabc', status: 'finalized', blockHash: '0xb', blockNumber: 12, error: null, previewed: null, received: null, createdAt: 0, updatedAt: 0, explorerUrl: null,
};

describe('history CSV', () => {
  it('one row per event with exact decimals and UTC block time', () => {
    const rec: TxRecord = {
      ...base,
      settlement: {
        timestamp: Date.UTC(2026, 11, 4, 21, 0, 0),
        call: 'subtensorModule.addStakeLimit',
        networkFee: '123456789',
        legs: [{ kind: 'stake', netuid: 3, hotkey: '5Hot', tao: '10000000000', alpha: '199990000001', swapFee: '5035', price: '50000000', valueTao: '9999500000' }],
        reconciliation: { taoChange: '10523456789', taoExpected: '10123456789', alphaFee: null, flags: ['The chain kept 0.4 TAO on the subnet account.'] },
      },
    };
    const [row] = historyRows([rec]);
    expect(row).toEqual(['2026-12-04T21:00:00.000Z', '12', '0xabc', 'finalized', 'subtensorModule.addStakeLimit', 'stake', 'stake', '3', '5Hot', '10', '199.990000001', '0.000005035', 'TAO', '0.123456789', '0.05', '9.9995', 'The chain kept 0.4 TAO on the subnet account.', 'wallet', '']);
    expect(row).toHaveLength(CSV_COLUMNS.length);
    const file = historyCsv([rec]);
    expect(file.split('\r\n')[0]).toBe(CSV_COLUMNS.map(([n]) => `"${n}"`).join(','));
    expect(file.split('\r\n')).toHaveLength(3);
  });

  it('a partial fill says so in the fill column', () => {
    const rec: TxRecord = {
      ...base, executed: '5007712345', intent: { ...base.intent, allowPartial: true } as TxRecord['intent'],
      settlement: { timestamp: 0, call: 'subtensorModule.addStakeLimit', networkFee: '1', reconciliation: null, legs: [{ kind: 'stake', netuid: 3, hotkey: '5Hot', tao: '5007712345', alpha: '1', swapFee: '0', price: '1', valueTao: '1' }] },
    };
    const [row] = historyRows([rec]);
    expect(row![CSV_COLUMNS.findIndex(([n]) => n === 'fill')]).toBe('partially filled: 5.0077 of 10 TAO');
  });

  it('a transaction with no staking event still has its row', () => {
    const [row] = historyRows([{ ...base, status: 'failed', blockNumber: null, createdAt: Date.UTC(2026, 0, 1) }]);
    expect(row!.slice(0, 6)).toEqual(['2026-01-01T00:00:00.000Z', '', '0xabc', 'failed', '', 'stake']);
  });

  it('quotes every cell and neutralises formula starts (CSV injection)', () => {
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    for (const start of ['+', '-', '@', '\t', '\r']) expect(csvCell(`${start}1`)).toBe(`"'${start}1"`);
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell(null)).toBe('""');
  });
});
