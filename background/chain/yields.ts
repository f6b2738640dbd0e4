/**
 * Reads what the yield estimate needs at one block: every (netuid, hotkey) with a dividend in
 * its subnet's last epoch (`AlphaDividendsPerSubnet` keys, paged), then in ONE
 * state_queryStorageAt their alpha and TAO dividends, `TotalHotkeyAlpha`, `Delegates` take and
 * each subnet's `Tempo`. Prices come from the snapshot of the same block. Items the runtime
 * lacks read as zero (a chain without TAO dividends) or leave the table empty.
 */
import type { ApiPromise } from '@polkadot/api';
import type { Codec } from '@polkadot/types/types';
import { hexToU8a, u8aToHex } from '@polkadot/util';
import { encodeAddress } from '@polkadot/util-crypto';
import type { Snapshot, YieldView } from '../../src/protocol/chain.ts';
import { providerOf } from '../../src/chain/runtime-api.ts';
import { assembleYields, type RawDividend } from '../../src/yield/yields.ts';
import { constU64, decodeStorage, entry, queryStorageAt } from './reader.ts';

const PAGE = 1000;
/** The chain's target block time when the runtime does not say (subtensor: 12 s). */
const DEFAULT_BLOCK_TIME_MS = 12_000n;
/** Storage key layout of a (u16 Identity, AccountId Blake2_128Concat) double map: prefix, netuid, blake2_128, account. */
const PREFIX_BYTES = 32;

const big = (c: Codec): bigint => BigInt(c.toString());

async function dividendKeys(api: ApiPromise, prefix: string, at: string): Promise<string[]> {
  const out: string[] = [];
  let start: string | null = null;
  for (;;) {
    const page = (await providerOf(api).send('state_getKeysPaged', [prefix, PAGE, start, at])) as string[];
    out.push(...page);
    if (page.length < PAGE) return out;
    start = page[page.length - 1]!;
  }
}

/** Block time from the runtime: Aura's slot, else twice Timestamp's minimum period. */
function blockTimeMs(api: ApiPromise): bigint {
  const slot = constU64(api, 'aura', 'slotDuration', 0n);
  if (slot > 0n) return slot;
  const half = constU64(api, 'timestamp', 'minimumPeriod', 0n);
  return half > 0n ? half * 2n : DEFAULT_BLOCK_TIME_MS;
}

export async function readYields(api: ApiPromise, snapshot: Snapshot): Promise<YieldView> {
  const at = snapshot.blockHash;
  const alphaDivs = entry(api, 'subtensorModule', 'alphaDividendsPerSubnet');
  const empty: YieldView = { blockNumber: snapshot.blockNumber, blocksPerYear: '0', validators: [], subnets: [] };
  if (!alphaDivs) return empty;
  const ss58 = api.registry.chainSS58 ?? 42;
  const prefix = (alphaDivs as unknown as { keyPrefix(): string }).keyPrefix();
  const pairs = (await dividendKeys(api, prefix, at)).map((key) => {
    const b = hexToU8a(key);
    const netuid = b[PREFIX_BYTES]! | (b[PREFIX_BYTES + 1]! << 8);
    const account = b.subarray(PREFIX_BYTES + 2 + 16);
    return { key: key.toLowerCase(), netuid, hotkey: encodeAddress(account, ss58), hex: u8aToHex(account) };
  });
  const taoDivs = entry(api, 'subtensorModule', 'taoDividendsPerSubnet');
  const total = entry(api, 'subtensorModule', 'totalHotkeyAlpha')!;
  const delegates = entry(api, 'subtensorModule', 'delegates')!;
  const tempo = entry(api, 'subtensorModule', 'tempo')!;
  const netuids = [...new Set(pairs.map((p) => p.netuid))];
  const hotkeys = [...new Set(pairs.map((p) => p.hex))];
  const keys = {
    tao: pairs.map((p) => (taoDivs ? taoDivs.key(p.netuid, p.hex).toLowerCase() : null)),
    stake: pairs.map((p) => total.key(p.hex, p.netuid).toLowerCase()),
    take: hotkeys.map((h) => delegates.key(h).toLowerCase()),
    tempo: netuids.map((n) => tempo.key(n).toLowerCase()),
  };
  const all = [...pairs.map((p) => p.key), ...keys.tao.filter((k): k is string => k !== null), ...keys.stake, ...keys.take, ...keys.tempo];
  const values = await queryStorageAt(api, all, at);
  const read = (e: NonNullable<typeof total>, key: string | null): bigint => (key === null ? 0n : big(decodeStorage(api, e, values.get(key) ?? null)));

  const dividends: RawDividend[] = pairs.map((p, i) => ({
    netuid: p.netuid,
    hotkey: p.hotkey,
    alphaDividends: read(alphaDivs, p.key),
    taoDividends: taoDivs ? read(taoDivs, keys.tao[i]!) : 0n,
    stake: read(total, keys.stake[i]!),
  }));
  const takes = new Map(hotkeys.map((h, i) => [encodeAddress(h, ss58), Number(read(delegates, keys.take[i]!))]));
  const tempos = new Map(netuids.map((n, i) => [n, Number(read(tempo, keys.tempo[i]!))]));
  const prices = new Map(snapshot.subnets.map((s) => [s.netuid, BigInt(s.price)]));
  return assembleYields({ blockNumber: snapshot.blockNumber, blockTimeMs: blockTimeMs(api), dividends, takes, defaultTake: 0, tempos, prices });
}
