/**
 * The activity history as CSV: one row per staking event of a transaction (a transaction with
 * no staking event, such as a transfer or a failed call, gets one row with empty amounts).
 * Amounts are exact decimal strings (TAO and alpha, 9 decimals, no grouping), times are UTC
 * ISO 8601. Every cell is quoted, and a cell a spreadsheet would run as a formula (starting with
 * = + - @, tab or carriage return) is prefixed with an apostrophe.
 */
import { formatAmount } from '../amount.ts';
import type { TxRecord } from '../protocol/chain.ts';
import { partialFillText } from './fill.ts';

/** The columns, in order, with what each holds (shown in the UI next to the export). */
export const CSV_COLUMNS = [
  ['time_utc', 'block time (UTC, ISO 8601); the time the wallet sent it when the block time is unknown'],
  ['block', 'inclusion block number'],
  ['extrinsic_hash', 'transaction hash'],
  ['status', 'inBlock, finalized, failed, dropped or unknown'],
  ['call', 'the chain call (section.method)'],
  ['type', 'the wallet action: stake, unstake, unstakeFull, swap, move, transferStake, unstakeAll, transfer, claimRoot, claimRootExit, claimRootAll'],
  ['event', 'stake or unstake (one row per StakeAdded / StakeRemoved); move, swap or transfer for a StakeMoved / StakeSwapped / StakeTransferred seen on chain; claim for a root claim seen on chain (BasketClaimed, or RootClaimed where the runtime has no per-validator event)'],
  ['netuid', 'subnet of the event'],
  ['hotkey', 'validator hotkey (SS58)'],
  ['tao', 'TAO in (stake, swap fee included) or out (unstake)'],
  ['alpha', 'alpha bought (stake) or sold (unstake)'],
  ['swap_fee', 'swap fee of the event, in TAO on a stake and in alpha on an unstake'],
  ['swap_fee_unit', 'TAO or alpha'],
  ['network_fee_tao', 'transaction fee paid, TAO (on the first row of a transaction only)'],
  ['price_tao_per_alpha', 'pool spot price at the inclusion block'],
  ['value_tao', 'TAO value of the event: TAO received, or alpha x price'],
  ['reconciliation', 'differences the wallet found between balances and events, in words'],
  ['source', 'wallet: sent by this wallet; chain: a staking event of one of its accounts seen on chain, not sent by this wallet (btcli, another wallet)'],
  ['fill', 'when a limit with partial fills allowed executed less than asked: "partially filled: x of y" (first row of a transaction)'],
] as const;

const exact = (rao: string | undefined): string => (rao === undefined ? '' : formatAmount(BigInt(rao)));

/** A CSV cell: quoted, quotes doubled, formula starts neutralised. */
export function csvCell(value: string | number | null | undefined): string {
  let text = value === null || value === undefined ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return `"${text.replace(/"/g, '""')}"`;
}

export function historyRows(records: readonly TxRecord[]): string[][] {
  const rows: string[][] = [];
  const ordered = [...records].sort((a, b) => (a.blockNumber ?? Infinity) - (b.blockNumber ?? Infinity) || a.createdAt - b.createdAt);
  for (const r of ordered) {
    const s = r.settlement;
    const time = new Date(s?.timestamp ?? r.createdAt).toISOString();
    const base = [time, r.blockNumber === null ? '' : String(r.blockNumber), r.hash ?? '', r.status, s?.call ?? '', r.intent.kind];
    const notes = s?.reconciliation?.flags.join(' ') ?? '';
    const source = r.source ?? 'wallet';
    const fill = partialFillText(r) ?? '';
    const legs = s?.legs ?? [];
    if (legs.length === 0) {
      rows.push([...base, '', '', '', '', '', '', '', exact(s?.networkFee), '', '', notes, source, fill]);
      continue;
    }
    legs.forEach((l, i) => {
      rows.push([
        ...base, l.kind, String(l.netuid), l.hotkey, exact(l.tao), exact(l.alpha), exact(l.swapFee), l.kind === 'unstake' ? 'alpha' : 'TAO',
        i === 0 ? exact(s?.networkFee) : '', exact(l.price), exact(l.valueTao), i === 0 ? notes : '', source, i === 0 ? fill : '',
      ]);
    });
  }
  return rows;
}

/** The whole file: header row, then one row per event, CRLF line ends (RFC 4180). */
export function historyCsv(records: readonly TxRecord[]): string {
  const lines = [CSV_COLUMNS.map(([name]) => name), ...historyRows(records)].map((row) => row.map(csvCell).join(','));
  return `${lines.join('\r\n')}\r\n`;
}
