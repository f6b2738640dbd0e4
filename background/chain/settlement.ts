/**
 * After inclusion: the transaction's staking events with the pool price at that block, its
 * network fee, and for a stake or unstake the reconciliation of the account's TAO and alpha
 * between the parent block and this one (src/history/reconcile.ts). Reads: the block's
 * timestamp and the account at both blocks in one state_queryStorageAt each, the price and the
 * position (get_stake_info_for_hotkey_coldkey_netuid) at both blocks per event.
 */
import type { ApiPromise } from '@polkadot/api';
import type { Codec } from '@polkadot/types/types';
import { encodeAddress } from '@polkadot/util-crypto';
import type { SettlementLeg, TxRecord, TxSettlement } from '../../src/protocol/chain.ts';
import { callRuntime, canCallRuntime } from '../../src/chain/runtime-api.ts';
import { reconcile } from '../../src/history/reconcile.ts';
import { RAO_PER_TAO } from '../../src/amm/constants.ts';
import { decodeStorage, entry, field, queryStorageAt } from './reader.ts';
import type { Outcome } from './tx.ts';

const u = (c: Codec | undefined): bigint => (c === undefined ? 0n : BigInt(c.toString()));

async function freeAndTime(api: ApiPromise, address: string, at: string): Promise<{ free: bigint; timestamp: number | null }> {
  const account = entry(api, 'system', 'account')!;
  const now = entry(api, 'timestamp', 'now');
  const keys = [account.key(address).toLowerCase(), ...(now ? [now.key().toLowerCase()] : [])];
  const values = await queryStorageAt(api, keys, at);
  const free = u(field(field(decodeStorage(api, account, values.get(keys[0]!) ?? null), 'data'), 'free'));
  return { free, timestamp: now ? Number(u(decodeStorage(api, now, values.get(keys[1]!) ?? null))) : null };
}

async function stakeAt(api: ApiPromise, hotkey: string, coldkey: string, netuid: number, at: string): Promise<bigint> {
  const info = (await callRuntime(api, 'StakeInfoRuntimeApi', 'get_stake_info_for_hotkey_coldkey_netuid', [hotkey, coldkey, netuid], at)) as unknown as { isSome: boolean; unwrap(): Codec };
  return info.isSome ? u(field(info.unwrap(), 'stake')) : 0n;
}

export async function priceAt(api: ApiPromise, netuid: number, at: string): Promise<bigint> {
  return canCallRuntime(api, 'SwapRuntimeApi', 'current_alpha_price') ? u(await callRuntime(api, 'SwapRuntimeApi', 'current_alpha_price', [netuid], at)) : 0n;
}

export async function readSettlement(api: ApiPromise, record: TxRecord, outcome: Outcome, symbolOf: (netuid: number) => string): Promise<TxSettlement> {
  const ss58 = api.registry.chainSS58 ?? 42;
  const signed = await api.rpc.chain.getBlock(outcome.blockHash);
  const ext = signed.block.extrinsics[outcome.index];
  const call = ext ? `${ext.method.section}.${ext.method.method}` : '';
  let networkFee = 0n;
  const raw: { kind: 'stake' | 'unstake'; netuid: number; hotkey: string; coldkey: string; tao: bigint; alpha: bigint; swapFee: bigint }[] = [];
  for (const { event } of outcome.events) {
    const d = event.data as unknown as Codec[];
    if (event.section === 'transactionPayment' && event.method === 'TransactionFeePaid') networkFee += u(d[1]) + u(d[2]);
    if (event.section !== 'subtensorModule' || (event.method !== 'StakeAdded' && event.method !== 'StakeRemoved')) continue;
    // (coldkey, hotkey, tao, alpha, netuid, fee?): the fee field is absent on older runtimes.
    raw.push({
      kind: event.method === 'StakeAdded' ? 'stake' : 'unstake',
      coldkey: encodeAddress(d[0]!.toU8a(), ss58), hotkey: encodeAddress(d[1]!.toU8a(), ss58),
      tao: u(d[2]), alpha: u(d[3]), netuid: Number(u(d[4])), swapFee: u(d[5]),
    });
  }
  const parent = signed.block.header.parentHash.toHex();
  const [after, prices] = await Promise.all([freeAndTime(api, record.from, outcome.blockHash), Promise.all(raw.map((l) => priceAt(api, l.netuid, outcome.blockHash)))]);
  const legs: SettlementLeg[] = raw.map((l, i) => ({
    kind: l.kind, netuid: l.netuid, hotkey: l.hotkey, tao: l.tao.toString(), alpha: l.alpha.toString(), swapFee: l.swapFee.toString(), price: prices[i]!.toString(),
    valueTao: (l.kind === 'unstake' ? l.tao : (l.alpha * prices[i]!) / RAO_PER_TAO).toString(),
  }));

  let reconciliation: TxSettlement['reconciliation'] = null;
  const single = raw.length === 1 && ['stake', 'unstake', 'unstakeFull'].includes(record.intent.kind) && raw[0]!.coldkey === record.from;
  if (single && canCallRuntime(api, 'StakeInfoRuntimeApi', 'get_stake_info_for_hotkey_coldkey_netuid')) {
    const l = raw[0]!;
    const [before, stakeBefore, stakeAfter] = await Promise.all([
      freeAndTime(api, record.from, parent), stakeAt(api, l.hotkey, record.from, l.netuid, parent), stakeAt(api, l.hotkey, record.from, l.netuid, outcome.blockHash),
    ]);
    const r = reconcile({ ...l, networkFee, freeBefore: before.free, freeAfter: after.free, stakeBefore, stakeAfter, symbol: symbolOf(l.netuid) });
    reconciliation = { taoChange: r.taoChange.toString(), taoExpected: r.taoExpected.toString(), alphaFee: r.alphaFee === null ? null : r.alphaFee.toString(), flags: r.flags };
  }
  return { timestamp: after.timestamp, call, networkFee: networkFee.toString(), legs, reconciliation };
}
