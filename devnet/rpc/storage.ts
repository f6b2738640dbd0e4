/**
 * The storage view of a block: the devnet state encoded as the raw key/value pairs a FRAME
 * runtime would hold, so `state_getStorage`, `state_getKeysPaged` and `api.query.*` work
 * unchanged. Keys are `twox128(pallet) ‖ twox128(item) ‖ hasher(key)…`; values are SCALE with the
 * metadata's types. Only the items the wallet and @polkadot/api read are produced.
 */
import { u8aConcat, u8aToHex, hexToU8a, stringToU8a } from '@polkadot/util';
import { blake2AsU8a, xxhashAsU8a } from '@polkadot/util-crypto';
import type { DevnetMetadata } from '../metadata/load.ts';
import type { AccountId, ChainState, SubnetIdentity, SubnetState } from '../state/types.ts';

export type Hex = `0x${string}`;

interface ItemRef {
  prefix: Uint8Array;
  hashers: string[];
  keyTypes: number[];
  valueType: number;
}

/** Everything about a block that lives in storage besides the staking state. */
export interface BlockStorageInput {
  number: number;
  parentHash: Hex;
  timestamp: bigint;
  /** Encoded `Vec<EventRecord>`. */
  events: Uint8Array;
  eventCount: number;
  /** (number, hash) of the recent blocks kept in `System.BlockHash` (genesis included). */
  blockHashes: [number, Hex][];
  digest: Uint8Array;
}

export class StorageEncoder {
  private readonly items = new Map<string, ItemRef>();

  constructor(private readonly meta: DevnetMetadata) {
    const { registry } = meta;
    for (const pallet of meta.metadata.asLatest.pallets) {
      if (pallet.storage.isNone) continue;
      const storage = pallet.storage.unwrap();
      const palletHash = xxhashAsU8a(storage.prefix.toString(), 128);
      for (const item of storage.items) {
        const prefix = u8aConcat(palletHash, xxhashAsU8a(item.name.toString(), 128));
        const ref: ItemRef = { prefix, hashers: [], keyTypes: [], valueType: 0 };
        if (item.type.isPlain) {
          ref.valueType = item.type.asPlain.toNumber();
        } else {
          const map = item.type.asMap;
          ref.hashers = map.hashers.map((h) => h.toString());
          ref.valueType = map.value.toNumber();
          const keyType = map.key.toNumber();
          if (ref.hashers.length === 1) {
            ref.keyTypes = [keyType];
          } else {
            ref.keyTypes = registry.lookup.getSiType(keyType).def.asTuple.map((t) => t.toNumber());
          }
        }
        this.items.set(`${pallet.name.toString()}.${item.name.toString()}`, ref);
      }
    }
  }

  /** Whether this runtime's metadata declares the item (what a profile serves follows from it). */
  has(pallet: string, item: string): boolean {
    return this.items.has(`${pallet}.${item}`);
  }

  private ref(pallet: string, item: string): ItemRef {
    const ref = this.items.get(`${pallet}.${item}`);
    if (!ref) throw new Error(`storage item ${pallet}.${item} is not in the metadata`);
    return ref;
  }

  key(pallet: string, item: string, ...keys: unknown[]): Hex {
    const ref = this.ref(pallet, item);
    if (keys.length !== ref.keyTypes.length) throw new Error(`${pallet}.${item} takes ${ref.keyTypes.length} keys`);
    const parts = [ref.prefix];
    keys.forEach((k, i) => {
      const encoded = this.meta.encode(ref.keyTypes[i]!, k);
      parts.push(hashKey(ref.hashers[i]!, encoded));
    });
    return u8aToHex(u8aConcat(...parts));
  }

  value(pallet: string, item: string, value: unknown): Hex {
    return u8aToHex(this.meta.encode(this.ref(pallet, item).valueType, value));
  }

  /**
   * The Swap pallet's per-subnet items: each one this runtime's metadata declares, from the pool
   * record of its generation (devnet/state/pool-models.ts). A superellipse curve is 64 bytes:
   * u128 alpha_scale, u128 tao_scale, i128 center_alpha, i128 center_tao, little-endian.
   */
  private encodeSwap(s: SubnetState, put: (pallet: string, item: string, keys: unknown[], value: unknown) => void): void {
    const n = s.netuid;
    put('Swap', 'FeeRate', [n], s.feeRate);
    if (this.has('Swap', 'SwapBalancer')) put('Swap', 'SwapBalancer', [n], { quote: s.quoteWeight });
    if (this.has('Swap', 'PalSwapInitialized')) put('Swap', 'PalSwapInitialized', [n], true);
    if (this.has('Swap', 'SwapSuperellipse') && s.curve !== undefined) put('Swap', 'SwapSuperellipse', [n], s.curve);
    // A never-traded V3 pool has none of these (they read as false / 0 / 0, as on chain).
    if (this.has('Swap', 'AlphaSqrtPrice') && s.sqrtPrice !== undefined && s.v3Initialized !== false) {
      put('Swap', 'SwapV3Initialized', [n], true);
      put('Swap', 'AlphaSqrtPrice', [n], { bits: s.sqrtPrice });
      put('Swap', 'CurrentLiquidity', [n], s.liquidity ?? 0n);
    }
  }

  /** Conviction locks (devnet/state/locks.ts): the mass as of its last update; the score is not simulated (0). */
  private encodeLocks(state: ChainState, put: (pallet: string, item: string, keys: unknown[], value: unknown) => void): void {
    const l = state.locks;
    put('SubtensorModule', 'UnlockRate', [], l.unlockRate);
    put('SubtensorModule', 'MaturityRate', [], l.maturityRate);
    for (const [key, lock] of l.locks) {
      const sep = key.lastIndexOf(':');
      const coldkey = key.slice(0, sep) as AccountId;
      const netuid = Number(key.slice(sep + 1));
      put('SubtensorModule', 'Lock', [coldkey, netuid, lock.hotkey], { lockedMass: lock.lockedMass, conviction: { bits: 0n }, lastUpdate: Math.max(0, lock.lastUpdate) });
    }
    for (const key of l.perpetual) {
      const sep = key.lastIndexOf(':');
      put('SubtensorModule', 'DecayingLock', [key.slice(0, sep), Number(key.slice(sep + 1))], false);
    }
    for (const coldkey of l.acceptLockedAlpha) put('SubtensorModule', 'AccountFlags', [coldkey], 1n);
  }

  /** Encodes the whole storage of one block, sorted by key. */
  encodeBlock(state: ChainState, block: BlockStorageInput): StorageView {
    const entries = new Map<Hex, Hex>();
    const put = (pallet: string, item: string, keys: unknown[], value: unknown, raw = false): void => {
      entries.set(this.key(pallet, item, ...keys), raw ? u8aToHex(value as Uint8Array) : this.value(pallet, item, value));
    };

    // System
    for (const [id, info] of state.accounts) {
      put('System', 'Account', [id], {
        nonce: info.nonce, consumers: info.consumers, providers: info.providers, sufficients: info.sufficients,
        data: { free: info.free, reserved: info.reserved, frozen: info.frozen, flags: 1n << 127n },
      });
    }
    put('System', 'Number', [], block.number);
    put('System', 'ParentHash', [], block.parentHash);
    for (const [n, hash] of block.blockHashes) put('System', 'BlockHash', [n], hash);
    put('System', 'Events', [], block.events, true);
    put('System', 'EventCount', [], block.eventCount);
    put('System', 'Digest', [], block.digest, true);
    put('System', 'UpgradedToU32RefCount', [], true);
    put('System', 'UpgradedToTripleRefCount', [], true);
    put('System', 'LastRuntimeUpgrade', [], { specVersion: this.meta.runtimeVersion.specVersion, specName: this.meta.runtimeVersion.specName });
    put('Timestamp', 'Now', [], block.timestamp);
    put('Balances', 'TotalIssuance', [], state.totalIssuance);
    put('TransactionPayment', 'NextFeeMultiplier', [], 10n ** 18n);

    // SubtensorModule: subnets
    put('SubtensorModule', 'TotalNetworks', [], state.subnets.size);
    for (const s of state.subnets.values()) {
      const n = s.netuid;
      put('SubtensorModule', 'NetworksAdded', [n], true);
      put('SubtensorModule', 'SubnetMechanism', [n], s.mechanism);
      put('SubtensorModule', 'SubnetTAO', [n], s.taoReserve);
      put('SubtensorModule', 'SubnetAlphaIn', [n], s.alphaReserve);
      put('SubtensorModule', 'SubnetAlphaOut', [n], s.alphaOut);
      put('SubtensorModule', 'SubnetName', [n], u8aToHex(stringToU8a(s.name)));
      put('SubtensorModule', 'TokenSymbol', [n], u8aToHex(stringToU8a(s.symbol)));
      put('SubtensorModule', 'Tempo', [n], s.tempo);
      put('SubtensorModule', 'SubnetOwner', [n], s.ownerColdkey);
      put('SubtensorModule', 'SubnetOwnerHotkey', [n], s.ownerHotkey);
      put('SubtensorModule', 'TransferToggle', [n], s.transferToggle);
      put('SubtensorModule', 'SubtokenEnabled', [n], s.subtokenEnabled);
      put('SubtensorModule', 'NetworkRegisteredAt', [n], s.registeredAt);
      put('SubtensorModule', 'SubnetVolume', [n], s.volume);
      put('SubtensorModule', 'SubnetTaoInEmission', [n], s.taoInEmission);
      put('SubtensorModule', 'SubnetAlphaInEmission', [n], s.alphaInEmission);
      put('SubtensorModule', 'SubnetAlphaOutEmission', [n], s.alphaOutEmission);
      this.encodeSwap(s, put);
      for (const [hotkey, alpha] of s.lastDividends ?? []) put('SubtensorModule', 'AlphaDividendsPerSubnet', [n, hotkey], alpha);
      if (s.identity) put('SubtensorModule', 'SubnetIdentitiesV2', [n], subnetIdentityV2(s.identity));
    }

    // SubtensorModule: hotkeys, stake
    const owned = new Map<AccountId, AccountId[]>();
    for (const h of state.hotkeys.values()) {
      put('SubtensorModule', 'Owner', [h.hotkey], h.owner);
      put('SubtensorModule', 'Delegates', [h.hotkey], h.take);
      for (const n of h.registrations) put('SubtensorModule', 'IsNetworkMember', [h.hotkey, n], true);
      owned.set(h.owner, [...(owned.get(h.owner) ?? []), h.hotkey]);
    }
    for (const [coldkey, hotkeys] of owned) put('SubtensorModule', 'OwnedHotkeys', [coldkey], hotkeys);
    for (const [coldkey, id] of state.identities) {
      const bytes = (text: string): Hex => u8aToHex(stringToU8a(text));
      put('SubtensorModule', 'IdentitiesV2', [coldkey], {
        name: bytes(id.name), url: bytes(id.url), githubRepo: bytes(id.githubRepo), image: bytes(id.image),
        discord: bytes(id.discord), description: bytes(id.description), additional: bytes(id.additional),
      });
    }
    for (const [coldkey, hotkeys] of state.stakingHotkeys) put('SubtensorModule', 'StakingHotkeys', [coldkey], hotkeys);
    for (const [key, pool] of state.stakePools) {
      const sep = key.lastIndexOf(':');
      const hotkey = key.slice(0, sep) as AccountId;
      const netuid = Number(key.slice(sep + 1));
      put('SubtensorModule', 'TotalHotkeyAlpha', [hotkey, netuid], pool.totalAlpha);
      // Shares are integers here; the chain's U64F64 holds them as bits = shares · 2^64.
      put('SubtensorModule', 'TotalHotkeyShares', [hotkey, netuid], { bits: toU64F64(pool.totalShares) });
      for (const [coldkey, shares] of pool.shares) {
        put('SubtensorModule', 'Alpha', [hotkey, coldkey, netuid], { bits: toU64F64(shares) });
      }
    }
    if (this.has('SubtensorModule', 'Lock')) this.encodeLocks(state, put);
    if (this.has('SubtensorModule', 'RootClaimableThreshold')) {
      const r = state.rootClaims;
      // I96F32 bits: the threshold in rao shifted by the 32 fractional bits.
      put('SubtensorModule', 'RootClaimableThreshold', [0], { bits: r.threshold << 32n });
      put('SubtensorModule', 'RootStakeUnlockInterval', [], r.unlockInterval);
      for (const [key, block] of r.lastStake) {
        const [coldkey, hotkey] = key.split(':');
        put('SubtensorModule', 'LastColdkeyHotkeyStakeBlock', [coldkey, hotkey], block);
      }
    }
    return new StorageView(entries);
  }
}

/** Spec 233's `SubnetIdentitiesV2` value: V3 without `logo_url`. */
function subnetIdentityV2(id: SubnetIdentity): Record<string, Hex> {
  const bytes = (text: string): Hex => u8aToHex(stringToU8a(text));
  return {
    subnetName: bytes(id.subnetName), githubRepo: bytes(id.githubRepo), subnetContact: bytes(id.subnetContact), subnetUrl: bytes(id.subnetUrl),
    discord: bytes(id.discord), description: bytes(id.description), additional: bytes(id.additional),
  };
}

function toU64F64(integer: bigint): bigint {
  const max = (1n << 64n) - 1n;
  return (integer > max ? max : integer) << 64n;
}

function hashKey(hasher: string, encoded: Uint8Array): Uint8Array {
  switch (hasher) {
    case 'Blake2_128Concat': return u8aConcat(blake2AsU8a(encoded, 128), encoded);
    case 'Twox64Concat': return u8aConcat(xxhashAsU8a(encoded, 64), encoded);
    case 'Identity': return encoded;
    case 'Blake2_128': return blake2AsU8a(encoded, 128);
    case 'Blake2_256': return blake2AsU8a(encoded, 256);
    case 'Twox128': return xxhashAsU8a(encoded, 128);
    case 'Twox256': return xxhashAsU8a(encoded, 256);
    default: throw new Error(`unknown hasher ${hasher}`);
  }
}

/** Sorted raw storage of one block. */
export class StorageView {
  readonly keys: Hex[];

  constructor(readonly entries: Map<Hex, Hex>) {
    this.keys = [...entries.keys()].sort();
  }

  get(key: string): Hex | null {
    return this.entries.get(key.toLowerCase() as Hex) ?? null;
  }

  /** Keys starting with `prefix`, after `startKey` (exclusive), at most `count`. */
  keysPaged(prefix: string, count: number, startKey?: string): Hex[] {
    const p = prefix.toLowerCase();
    const start = startKey?.toLowerCase();
    const out: Hex[] = [];
    let i = lowerBound(this.keys, start && start > p ? start : p);
    for (; i < this.keys.length && out.length < count; i++) {
      const k = this.keys[i]!;
      if (!k.startsWith(p)) break;
      if (start && k <= start) continue;
      out.push(k);
    }
    return out;
  }

  /** A deterministic digest of the whole storage (stands in for the trie root). */
  root(): Hex {
    const parts: Uint8Array[] = [];
    for (const k of this.keys) parts.push(hexToU8a(k), hexToU8a(this.entries.get(k)!));
    return u8aToHex(blake2AsU8a(u8aConcat(...parts), 256));
  }
}

function lowerBound(sorted: string[], value: string): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]! < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
