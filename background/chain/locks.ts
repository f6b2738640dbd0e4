/**
 * Reads an account's conviction locks at one block: availability per subnet from the runtime's
 * own `StakeInfoRuntimeApi.get_stake_availability_for_coldkeys` (the figure the chain enforces),
 * and, for subnets with a lock, its hotkey (`Lock` keys) and mode (`DecayingLock`), plus the
 * decay rate (`UnlockRate`) and `AccountFlags` for the projection and the lock forms.
 */
import type { ApiPromise } from '@polkadot/api';
import type { Codec } from '@polkadot/types/types';
import { hexToU8a, u8aToHex } from '@polkadot/util';
import { encodeAddress } from '@polkadot/util-crypto';
import type { LocksView, SubnetLockView } from '../../src/protocol/chain.ts';
import { callRuntime, canCallRuntime, providerOf } from '../../src/chain/runtime-api.ts';
import { decodeStorage, entry, queryStorageAt } from './reader.ts';

/** `AccountFlags` bit: the coldkey accepts incoming locked alpha. */
const ACCEPT_LOCKED_ALPHA = 1n;
const DEFAULT_BLOCK_MS = 12_000;

/** True when the runtime's metadata declares the availability API (a v15 `apis` entry, not a guess). */
export function hasStakeAvailabilityApi(api: ApiPromise): boolean {
  return canCallRuntime(api, 'StakeInfoRuntimeApi', 'get_stake_availability_for_coldkeys');
}

const big = (c: Codec): bigint => BigInt(c.toString());

function blockTimeMs(api: ApiPromise): number {
  const period = (api.consts as unknown as Record<string, Record<string, Codec> | undefined>).timestamp?.minimumPeriod;
  return period ? Number(big(period)) * 2 : DEFAULT_BLOCK_MS;
}

/** The availability map for one coldkey: netuid -> (total, locked, available). */
function decodeAvailability(api: ApiPromise, result: Codec, coldkey: string): Map<number, { total: bigint; locked: bigint; available: bigint }> {
  const out = new Map<number, { total: bigint; locked: bigint; available: bigint }>();
  const wanted = u8aToHex(api.registry.createType('AccountId32', coldkey).toU8a());
  for (const [account, inner] of (result as unknown as Map<Codec, Map<Codec, Codec>>).entries()) {
    if (u8aToHex(account.toU8a()) !== wanted) continue;
    for (const [netuid, row] of inner.entries()) {
      const r = row as unknown as { get(k: string): Codec };
      out.set(Number(big(netuid)), { total: big(r.get('total')), locked: big(r.get('locked')), available: big(r.get('available')) });
    }
  }
  return out;
}

/** The storage keys readLocks needs, for the snapshot's one storage query. */
export function lockStorageKeys(api: ApiPromise, coldkey: string): string[] {
  const unlockRateEntry = entry(api, 'subtensorModule', 'unlockRate');
  const flagsEntry = entry(api, 'subtensorModule', 'accountFlags');
  return [unlockRateEntry?.key(), flagsEntry?.key(coldkey)].filter((k): k is string => k !== undefined);
}

/** One runtime call; `storage` is the snapshot's query, which holds `lockStorageKeys`. Subnets with a lock cost two more reads each. */
export async function readLocks(api: ApiPromise, coldkey: string, at: string, storage: Promise<Map<string, string | null>>): Promise<LocksView> {
  const ss58 = api.registry.chainSS58 ?? 42;
  const unlockRateEntry = entry(api, 'subtensorModule', 'unlockRate');
  const flagsEntry = entry(api, 'subtensorModule', 'accountFlags');
  const [availability, values] = await Promise.all([callRuntime(api, 'StakeInfoRuntimeApi', 'get_stake_availability_for_coldkeys', [[coldkey], null], at), storage]);
  const rows = decodeAvailability(api, availability, coldkey);
  const unlockRate = unlockRateEntry ? big(decodeStorage(api, unlockRateEntry, values.get(unlockRateEntry.key().toLowerCase()) ?? null)) : 0n;
  const flags = flagsEntry ? big(decodeStorage(api, flagsEntry, values.get(flagsEntry.key(coldkey).toLowerCase()) ?? null)) : 0n;

  const lockedNetuids = [...rows].filter(([, r]) => r.locked > 0n).map(([n]) => n);
  const details = await Promise.all(lockedNetuids.map((n) => lockDetail(api, coldkey, n, at)));
  const detailOf = new Map(lockedNetuids.map((n, i) => [n, details[i]!]));
  const subnets: SubnetLockView[] = [...rows]
    .sort(([a], [b]) => a - b)
    .map(([netuid, r]) => {
      const d = detailOf.get(netuid);
      const view: SubnetLockView = { netuid, total: r.total.toString(), locked: r.locked.toString(), available: r.available.toString(), perpetual: d?.perpetual ?? false };
      if (d?.hotkey) view.hotkey = encodeAddress(d.hotkey, ss58);
      return view;
    });
  return { unlockRate: unlockRate.toString(), blockTimeMs: blockTimeMs(api), subnets, rejectsLockedAlpha: (flags & ACCEPT_LOCKED_ALPHA) === 0n };
}

/** The lock's hotkey (the last key part of `Lock[(coldkey, netuid, hotkey)]`) and whether it is perpetual. */
async function lockDetail(api: ApiPromise, coldkey: string, netuid: number, at: string): Promise<{ hotkey: Uint8Array | null; perpetual: boolean }> {
  const lock = (api.query as unknown as Record<string, Record<string, { keyPrefix(...a: unknown[]): string }>>).subtensorModule?.lock;
  const decaying = entry(api, 'subtensorModule', 'decayingLock');
  let hotkey: Uint8Array | null = null;
  if (lock) {
    const prefix = lock.keyPrefix(coldkey, netuid);
    const keys = (await providerOf(api).send('state_getKeysPaged', [prefix, 1, prefix, at])) as string[];
    // Concat hashers (Blake2_128Concat, Twox64Concat, Identity) end with the raw AccountId32.
    if (keys[0]) hotkey = hexToU8a(keys[0]).slice(-32);
  }
  let perpetual = false;
  if (decaying) {
    const key = decaying.key(coldkey, netuid);
    const raw = (await queryStorageAt(api, [key], at)).get(key.toLowerCase()) ?? null;
    const value = decodeStorage(api, decaying, raw) as unknown as { isSome?: boolean; unwrap?: () => Codec };
    // DecayingLock = Some(false) marks a perpetual lock.
    perpetual = value.isSome === true && value.unwrap!().toString() === 'false';
  }
  return { hotkey, perpetual };
}
