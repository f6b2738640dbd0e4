/**
 * Reads an account's root claims at one block: what claiming each validator's basket would pay,
 * from the runtime's own `BetaBasketRuntimeApi.get_root_basket_claim_previews` (one call for every
 * validator: the chain's dust rules, never re-implemented here; `get_root_basket_positions` on
 * runtimes that predate the previews), and the dust threshold, the hold
 * interval and the account's root stake stamps from storage, whose keys ride in the snapshot's
 * one storage query.
 */
import type { ApiPromise } from '@polkadot/api';
import type { Codec } from '@polkadot/types/types';
import { encodeAddress } from '@polkadot/util-crypto';
import type { RootClaimsView, RootClaimView } from '../../src/protocol/chain.ts';
import { callRuntime } from '../../src/chain/runtime-api.ts';
import { thresholdFromBits } from '../../src/chain/root-claims.ts';
import { decodeStorage, entry, field, queryStorageAt } from './reader.ts';

const DEFAULT_BLOCK_MS = 12_000;
const big = (c: Codec): bigint => BigInt(c.toString());

/**
 * Where this runtime reports claimable root dividends, from its metadata's v15 `apis`: the
 * dust-aware claim previews (spec 468+), else the per-validator positions with their payout
 * (earlier Root Reborn runtimes, which report no dust), else nowhere.
 */
export function rootClaimSource(api: ApiPromise): 'previews' | 'positions' | null {
  const section = (api.call as unknown as Record<string, Record<string, unknown> | undefined>).betaBasketRuntimeApi;
  if (typeof section?.getRootBasketClaimPreviews === 'function') return 'previews';
  if (typeof section?.getRootBasketPositions === 'function') return 'positions';
  return null;
}

/**
 * The storage keys readRootClaims needs, for the snapshot's storage query: the threshold, the hold
 * and the stamps of the root validators the account had at the previous snapshot.
 */
export function rootClaimStorageKeys(api: ApiPromise, coldkey: string, rootHotkeys: readonly string[]): string[] {
  const threshold = entry(api, 'subtensorModule', 'rootClaimableThreshold');
  const interval = entry(api, 'subtensorModule', 'rootStakeUnlockInterval');
  const stamp = entry(api, 'subtensorModule', 'lastColdkeyHotkeyStakeBlock');
  return [threshold?.key(0), interval?.key(), ...(stamp ? rootHotkeys.map((h) => stamp.key(coldkey, h)) : [])]
    .filter((k): k is string => k !== undefined)
    .map((k) => k.toLowerCase());
}

function blockTimeMs(api: ApiPromise): number {
  const period = (api.consts as unknown as Record<string, Record<string, Codec> | undefined>).timestamp?.minimumPeriod;
  return period ? Number(big(period)) * 2 : DEFAULT_BLOCK_MS;
}

/** `Vec<(AccountId32, owed_shares: u64, payout: u64)>`: the payout is the whole entitlement, no dust estimate. */
function decodePositions(api: ApiPromise, list: Codec, names: Record<string, string>): RootClaimView[] {
  const ss58 = api.registry.chainSS58 ?? 42;
  const out: RootClaimView[] = [];
  for (const row of list as unknown as Iterable<Codec[]>) {
    const hotkey = encodeAddress(row[0]!.toU8a(), ss58);
    const payout = big(row[2]!).toString();
    const view: RootClaimView = { hotkey, accrued: payout, redeemable: payout, forfeited: '0', dustRows: 0 };
    if (names[hotkey]) view.hotkeyName = names[hotkey];
    out.push(view);
  }
  return out;
}

function decodePreviews(api: ApiPromise, list: Codec, names: Record<string, string>): RootClaimView[] {
  const ss58 = api.registry.chainSS58 ?? 42;
  const out: RootClaimView[] = [];
  for (const p of list as unknown as Iterable<Codec>) {
    const hotkey = encodeAddress(field(p, 'hotkey').toU8a(), ss58);
    const view: RootClaimView = {
      hotkey,
      accrued: big(field(p, 'accrued_tao')).toString(),
      redeemable: big(field(p, 'redeemable_tao')).toString(),
      forfeited: big(field(p, 'forfeited_tao_est')).toString(),
      dustRows: Number(big(field(p, 'dust_rows'))),
    };
    if (names[hotkey]) view.hotkeyName = names[hotkey];
    out.push(view);
  }
  return out;
}

function withName(claim: RootClaimView, names: Record<string, string>): RootClaimView {
  return names[claim.hotkey] ? { ...claim, hotkeyName: names[claim.hotkey] } : claim;
}

/**
 * One runtime call (none when `carried` claims are given); `storage` is the snapshot's query holding `rootClaimStorageKeys`. A root
 * validator of `rootHotkeys` missing from the query (a new root position) costs one more storage
 * read, and only while the chain has a hold (without one, the stamps change nothing).
 */
export async function readRootClaims(
  api: ApiPromise,
  coldkey: string,
  at: string,
  storage: Promise<Map<string, string | null>>,
  knownRootHotkeys: readonly string[],
  currentRootHotkeys: Promise<readonly string[]>,
  names: Record<string, string>,
  carried?: readonly RootClaimView[],
): Promise<{ view: RootClaimsView; requests: number }> {
  const thresholdEntry = entry(api, 'subtensorModule', 'rootClaimableThreshold');
  const intervalEntry = entry(api, 'subtensorModule', 'rootStakeUnlockInterval');
  const stampEntry = entry(api, 'subtensorModule', 'lastColdkeyHotkeyStakeBlock');
  const source = rootClaimSource(api);
  const method = source === 'previews' ? 'get_root_basket_claim_previews' : 'get_root_basket_positions';
  const [claimsRaw, values, rootHotkeys] = await Promise.all([carried ? null : callRuntime(api, 'BetaBasketRuntimeApi', method, [coldkey], at), storage, currentRootHotkeys]);
  const read = (e: typeof thresholdEntry, key: string | undefined): Codec | null => (e && key ? decodeStorage(api, e, values.get(key.toLowerCase()) ?? null) : null);

  const thresholdCodec = read(thresholdEntry, thresholdEntry?.key(0));
  // I96F32 decodes as { bits: i128 }: the fixed-point value << 32 (read as a decimal string, exact at any size).
  const bits = thresholdCodec ? big(field(thresholdCodec, 'bits')) : 0n;
  const intervalCodec = read(intervalEntry, intervalEntry?.key());
  const unlockInterval = intervalCodec ? big(intervalCodec) : 0n;

  let requests = carried ? 0 : 1;
  const lastStakeBlock: Record<string, number> = {};
  if (stampEntry) {
    const missing = rootHotkeys.filter((h) => !knownRootHotkeys.includes(h));
    if (missing.length > 0 && unlockInterval > 0n) {
      requests += 1;
      const more = await queryStorageAt(api, missing.map((h) => stampEntry.key(coldkey, h)), at);
      for (const [k, v] of more) values.set(k, v);
    }
    for (const hotkey of rootHotkeys) {
      const value = decodeStorage(api, stampEntry, values.get(stampEntry.key(coldkey, hotkey).toLowerCase()) ?? null) as unknown as { isSome: boolean; unwrap(): Codec };
      if (value.isSome) lastStakeBlock[hotkey] = Number(big(value.unwrap()));
    }
  }
  return {
    view: {
      threshold: thresholdFromBits(bits).toString(),
      unlockInterval: unlockInterval.toString(),
      blockTimeMs: blockTimeMs(api),
      claims: !claimsRaw ? (carried ?? []).map((c) => withName(c, names)) : source === 'previews' ? decodePreviews(api, claimsRaw, names) : decodePositions(api, claimsRaw, names),
      dustEstimated: source === 'previews',
      lastStakeBlock,
    },
    requests,
  };
}
