/**
 * The wallet's accounts' staking events (root claims included) that it did not send, from a block's System.Events (read
 * in the per-block storage query, see reader.ts readEvents). Costs nothing more on a block without
 * such events: the raw events are only decoded when one of the accounts' public keys occurs in
 * them; then one chain_getBlock (to leave out extrinsics the wallet sent, matched by hash) and
 * one state_queryStorageAt + one current_alpha_price per subnet for the timestamp and prices.
 */
import type { ApiPromise } from '@polkadot/api';
import type { Codec } from '@polkadot/types/types';
import { u8aToHex } from '@polkadot/util';
import { decodeAddress, encodeAddress } from '@polkadot/util-crypto';
import type { NetworkId, TxRecord } from '../../src/protocol/chain.ts';
import { legNetuid, ownerOf, SEEN_EVENT_KINDS, seenRecordId, seenRecords, type SeenEventName, type SeenStakingEvent } from '../../src/history/seen.ts';
import { decodeStorage, entry, queryStorageAt } from './reader.ts';
import { priceAt } from './settlement.ts';

interface EventRecordCodec {
  phase: { isApplyExtrinsic: boolean; asApplyExtrinsic: Codec };
  /** `data.names`: the event's field names from the live metadata (null when it names none). */
  event: { section: string; method: string; data: Codec[] & { names?: string[] | null } };
}

/**
 * An event field by its metadata name (polkadot-js camelCases them; either spelling matches), so
 * the root-claim events are read the same on runtimes that order or extend their fields
 * differently. Undefined when the runtime has no such field.
 */
function named(data: EventRecordCodec['event']['data'], name: string): Codec | undefined {
  const plain = (s: string) => s.replace(/_/g, '').toLowerCase();
  const i = data.names?.findIndex((n) => plain(n) === plain(name)) ?? -1;
  return i >= 0 ? data[i] : undefined;
}

const u = (c: Codec | undefined): bigint => (c === undefined ? 0n : BigInt(c.toString()));
const n = (c: Codec | undefined): number => Number(u(c));

/** The staking events in decoded System.Events, by name as the live metadata has them. */
export function stakingEvents(api: ApiPromise, records: Codec): { events: SeenStakingEvent[]; fees: Map<number, bigint> } {
  const ss58 = api.registry.chainSS58 ?? 42;
  const addr = (c: Codec | undefined): string => (c ? encodeAddress(c.toU8a(), ss58) : '');
  const events: SeenStakingEvent[] = [];
  const fees = new Map<number, bigint>();
  // (extrinsic, coldkey) pairs already recorded through a per-validator BasketClaimed: their
  // RootClaimed (the same claim's total, emitted after them) would show the claim twice.
  const basketClaimed = new Set<string>();
  [...(records as unknown as Iterable<EventRecordCodec>)].forEach(({ phase, event }, index) => {
    const extrinsic = phase.isApplyExtrinsic ? n(phase.asApplyExtrinsic) : null;
    const d = event.data;
    if (event.section === 'transactionPayment' && event.method === 'TransactionFeePaid' && extrinsic !== null) {
      fees.set(extrinsic, (fees.get(extrinsic) ?? 0n) + u(d[1]) + u(d[2]));
    }
    if (event.section !== 'subtensorModule' || !(event.method in SEEN_EVENT_KINDS)) return;
    const name = event.method as SeenEventName;
    const base = { index, extrinsic, name, alpha: 0n, swapFee: 0n };
    switch (name) {
      case 'StakeAdded':
      case 'StakeRemoved': // (coldkey, hotkey, tao, alpha, netuid, fee?)
        events.push({ ...base, coldkey: addr(d[0]), hotkey: addr(d[1]), tao: u(d[2]), alpha: u(d[3]), netuid: n(d[4]), swapFee: u(d[5]) });
        break;
      case 'StakeMoved': // (coldkey, origin hotkey, origin netuid, destination hotkey, destination netuid, tao)
        events.push({ ...base, coldkey: addr(d[0]), hotkey: addr(d[1]), netuid: n(d[2]), destinationHotkey: addr(d[3]), destinationNetuid: n(d[4]), tao: u(d[5]) });
        break;
      case 'StakeTransferred': // (origin coldkey, destination coldkey, hotkey, origin netuid, destination netuid, tao)
        events.push({ ...base, coldkey: addr(d[0]), destinationColdkey: addr(d[1]), hotkey: addr(d[2]), netuid: n(d[3]), destinationNetuid: n(d[4]), tao: u(d[5]) });
        break;
      case 'StakeSwapped': // (coldkey, hotkey, origin netuid, destination netuid, tao)
        events.push({ ...base, coldkey: addr(d[0]), hotkey: addr(d[1]), netuid: n(d[2]), destinationNetuid: n(d[3]), tao: u(d[4]) });
        break;
      case 'BasketClaimed': { // { hotkey, coldkey, tao }: one validator's paying claim; the TAO is staked on root.
        const coldkey = addr(named(d, 'coldkey'));
        basketClaimed.add(`${extrinsic}:${coldkey}`);
        events.push({ ...base, coldkey, hotkey: addr(named(d, 'hotkey')), netuid: 0, tao: u(named(d, 'tao')) });
        break;
      }
      case 'RootClaimed': { // { coldkey, tao }: the claim's total; recorded only when no BasketClaimed said it per validator.
        const coldkey = addr(named(d, 'coldkey'));
        if (basketClaimed.has(`${extrinsic}:${coldkey}`)) break;
        events.push({ ...base, coldkey, hotkey: '', netuid: 0, tao: u(named(d, 'tao')) });
        break;
      }
    }
  });
  return { events, fees };
}

export interface SeenContext {
  network: NetworkId;
  blockHash: string;
  blockNumber: number;
  accounts: readonly string[];
  /** The wallet's history: its ids are not recorded again, its hashes are the extrinsics it sent. */
  history: readonly TxRecord[];
  now: number;
}

/** New records for the block's staking events of the wallet's accounts (empty on almost every block). */
export async function readSeenRecords(api: ApiPromise, eventsHex: string, ctx: SeenContext): Promise<TxRecord[]> {
  const keys = ctx.accounts.map((a) => u8aToHex(decodeAddress(a)).slice(2));
  const hex = eventsHex.toLowerCase();
  if (!keys.some((k) => hex.includes(k))) return [];
  const ss58 = api.registry.chainSS58 ?? 42;
  const accounts = new Set(ctx.accounts.map((a) => encodeAddress(decodeAddress(a), ss58)));
  const genesisHash = api.genesisHash.toHex();
  const existingIds = new Set(ctx.history.map((r) => r.id));
  const { events, fees } = stakingEvents(api, decodeStorage(api, entry(api, 'system', 'events')!, eventsHex));
  let mine = events
    .map((event) => ({ event, owner: ownerOf(event, accounts) }))
    .filter((x): x is { event: SeenStakingEvent; owner: string } => x.owner !== null && !existingIds.has(seenRecordId(genesisHash, ctx.blockHash, x.event.index)));
  if (mine.length === 0) return [];

  const signed = await api.rpc.chain.getBlock(ctx.blockHash);
  const sent = new Set(ctx.history.filter((r) => r.hash && r.source !== 'chain').map((r) => r.hash!.toLowerCase()));
  const extrinsics = new Map<number, { hash: string; call: string; fee: bigint }>();
  const claimHotkeys = new Map<number, string>();
  signed.block.extrinsics.forEach((ext, i) => {
    extrinsics.set(i, { hash: ext.hash.toHex(), call: `${ext.method.section}.${ext.method.method}`, fee: fees.get(i) ?? 0n });
    if (ext.method.section === 'subtensorModule' && ext.method.method === 'claimRootWithHotkey' && ext.method.args[0]) {
      claimHotkeys.set(i, encodeAddress(ext.method.args[0].toU8a(), ss58));
    }
  });
  // RootClaimed names no validator: a claim_root_with_hotkey says which in its argument.
  for (const { event } of mine) {
    if (event.name === 'RootClaimed' && event.extrinsic !== null) event.hotkey = claimHotkeys.get(event.extrinsic) ?? '';
  }
  mine = mine.filter(({ event }) => event.extrinsic === null || !sent.has(extrinsics.get(event.extrinsic)?.hash.toLowerCase() ?? ''));
  if (mine.length === 0) return [];

  const now = entry(api, 'timestamp', 'now');
  // Claims are priced 1:1 on root (seen.ts): no pool price to ask for.
  const netuids = [...new Set(mine.filter(({ event }) => SEEN_EVENT_KINDS[event.name] !== 'claim').map(({ event }) => legNetuid(event)))];
  const [stamp, prices] = await Promise.all([
    now ? queryStorageAt(api, [now.key().toLowerCase()], ctx.blockHash).then((v) => Number(u(decodeStorage(api, now, v.get(now.key().toLowerCase()) ?? null)))) : Promise.resolve(null),
    Promise.all(netuids.map(async (netuid) => [netuid, await priceAt(api, netuid, ctx.blockHash)] as const)),
  ]);
  return seenRecords({
    network: ctx.network, genesisHash, blockHash: ctx.blockHash, blockNumber: ctx.blockNumber, timestamp: stamp,
    events: mine, prices: new Map(prices), extrinsics, existingIds, now: ctx.now,
  });
}
