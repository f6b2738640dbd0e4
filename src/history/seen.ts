/**
 * Staking events of the wallet's own accounts that the wallet did not send (a stake made with
 * btcli, another wallet or a dApp session elsewhere), read from the System.Events of the blocks
 * the background follows. Each becomes an activity record marked `source: 'chain'`, with an id
 * made of the chain, block hash and event index, so the same block seen twice (or again after
 * a worker restart) never adds it twice.
 */
import { RAO_PER_TAO } from '../amm/constants.ts';
import { formatAmount } from '../amount.ts';
import type { Intent, NetworkId, SettlementLeg, TxRecord } from '../protocol/chain.ts';


/**
 * The SubtensorModule events recorded, with the leg kind each becomes. Root claims: one
 * `BasketClaimed` per validator where the runtime has it (it names the validator), else the
 * claim's total `RootClaimed`; never both for one claim (see background/chain/seen-events.ts).
 */
export const SEEN_EVENT_KINDS = {
  StakeAdded: 'stake', StakeRemoved: 'unstake', StakeMoved: 'move', StakeSwapped: 'swap', StakeTransferred: 'transfer',
  BasketClaimed: 'claim', RootClaimed: 'claim',
} as const satisfies Record<string, SettlementLeg['kind']>;
export type SeenEventName = keyof typeof SEEN_EVENT_KINDS;

/** One staking event as read from a block, whatever its name (fields absent from it are unset). */
export interface SeenStakingEvent {
  /** Position in the block's System.Events: with the block hash, the record's identity. */
  index: number;
  /** Index of the extrinsic that emitted it; null for events outside extrinsics. */
  extrinsic: number | null;
  name: SeenEventName;
  coldkey: string;
  /** StakeTransferred: the coldkey receiving the stake. */
  destinationColdkey?: string;
  /**
   * BasketClaimed: the validator claimed from. RootClaimed names none: it is taken from the
   * extrinsic's `claim_root_with_hotkey` argument, and stays '' for a `claim_root` of every validator.
   */
  hotkey: string;
  /** StakeMoved: the validator the stake moved to. */
  destinationHotkey?: string;
  netuid: number;
  /** StakeMoved / StakeSwapped / StakeTransferred: the subnet the stake landed on. */
  destinationNetuid?: number;
  /** TAO in or out; for a move, swap or transfer the TAO amount the event names. */
  tao: bigint;
  /** Alpha bought or sold (StakeAdded / StakeRemoved); 0 otherwise. */
  alpha: bigint;
  /** The swap fee of StakeAdded / StakeRemoved when the runtime has that field; 0 otherwise. */
  swapFee: bigint;
}

export function seenRecordId(genesisHash: string, blockHash: string, index: number): string {
  return `chain-${genesisHash.slice(2, 10)}-${blockHash.slice(2)}-${index}`;
}

/** The wallet account an event belongs to (its coldkey, or a transfer's receiving coldkey), or null. */
export function ownerOf(e: SeenStakingEvent, accounts: ReadonlySet<string>): string | null {
  if (accounts.has(e.coldkey)) return e.coldkey;
  if (e.destinationColdkey && accounts.has(e.destinationColdkey)) return e.destinationColdkey;
  return null;
}

/** The netuid a leg is priced on: where the stake ends up. */
export function legNetuid(e: SeenStakingEvent): number {
  return e.destinationNetuid ?? e.netuid;
}

function intentOf(e: SeenStakingEvent): Intent {
  // A record seen on chain has no limit the wallet knows of: limitPrice '0' stands for "not known".
  const to = e.destinationNetuid ?? e.netuid;
  switch (e.name) {
    case 'StakeAdded':
      return { kind: 'stake', hotkey: e.hotkey, netuid: e.netuid, amount: e.tao.toString(), limitPrice: '0', allowPartial: false };
    case 'StakeRemoved':
      return { kind: 'unstake', hotkey: e.hotkey, netuid: e.netuid, amount: e.alpha.toString(), limitPrice: '0', allowPartial: false };
    case 'StakeMoved':
      return { kind: 'move', originHotkey: e.hotkey, destinationHotkey: e.destinationHotkey ?? e.hotkey, originNetuid: e.netuid, destinationNetuid: to, amount: e.tao.toString() };
    case 'StakeSwapped':
      return { kind: 'swap', hotkey: e.hotkey, originNetuid: e.netuid, destinationNetuid: to, amount: e.tao.toString(), limitPrice: '0', allowPartial: false };
    case 'StakeTransferred':
      return { kind: 'transferStake', destinationColdkey: e.destinationColdkey ?? e.coldkey, hotkey: e.hotkey, originNetuid: e.netuid, destinationNetuid: to, amount: e.tao.toString() };
    case 'BasketClaimed':
    case 'RootClaimed':
      // The same intent as a claim the wallet sends, so Activity files it with the wallet's own claims.
      return { kind: 'claimRoot', hotkey: e.hotkey };
  }
}

function summaryOf(e: SeenStakingEvent, owner: string): string {
  const tao = `${formatAmount(e.tao)} TAO`;
  switch (e.name) {
    case 'StakeAdded':
      return `Seen on chain: staked ${tao} into SN${e.netuid} for ${formatAmount(e.alpha)} α`;
    case 'StakeRemoved':
      return `Seen on chain: unstaked ${formatAmount(e.alpha)} α from SN${e.netuid} for ${tao}`;
    case 'StakeMoved':
      return `Seen on chain: moved ${tao} of stake from SN${e.netuid} to SN${legNetuid(e)}`;
    case 'StakeSwapped':
      return `Seen on chain: swapped ${tao} of stake from SN${e.netuid} to SN${legNetuid(e)}`;
    case 'StakeTransferred':
      return owner === e.coldkey && owner !== e.destinationColdkey
        ? `Seen on chain: transferred ${tao} of stake on SN${e.netuid} to another coldkey`
        : `Seen on chain: received ${tao} of stake on SN${legNetuid(e)} from another coldkey`;
    case 'BasketClaimed':
    case 'RootClaimed':
      return `Seen on chain: claimed ${tao} of root dividends, staked on root (SN0)`;
  }
}

export interface SeenBlock {
  network: NetworkId;
  genesisHash: string;
  blockHash: string;
  blockNumber: number;
  /** Timestamp.Now of the block (ms, UTC), null when unknown. */
  timestamp: number | null;
  /** The wallet's events of the block, already without those of extrinsics the wallet sent. */
  events: readonly { event: SeenStakingEvent; owner: string }[];
  /** Pool price at the block per netuid (rao per alpha). */
  prices: ReadonlyMap<number, bigint>;
  /** Per extrinsic: its hash, call (section.method) and the network fee it paid (rao). */
  extrinsics: ReadonlyMap<number, { hash: string; call: string; fee: bigint }>;
  /** Ids already in the history: those are not made again. */
  existingIds: ReadonlySet<string>;
  now: number;
}

/** New history records for a block's events (the network fee goes on an extrinsic's first one). */
export function seenRecords(block: SeenBlock): TxRecord[] {
  const out: TxRecord[] = [];
  const feeCharged = new Set<number>();
  for (const { event: e, owner } of block.events) {
    const id = seenRecordId(block.genesisHash, block.blockHash, e.index);
    const ext = e.extrinsic === null ? undefined : block.extrinsics.get(e.extrinsic);
    const firstOfExtrinsic = e.extrinsic !== null && !feeCharged.has(e.extrinsic);
    if (e.extrinsic !== null) feeCharged.add(e.extrinsic);
    if (block.existingIds.has(id)) continue;
    const kind = SEEN_EVENT_KINDS[e.name];
    // A claim's TAO is staked on root, where one root alpha is one TAO: no pool price to read.
    const price = kind === 'claim' ? RAO_PER_TAO : block.prices.get(legNetuid(e)) ?? 0n;
    const leg: SettlementLeg = {
      kind, netuid: legNetuid(e), hotkey: e.destinationHotkey ?? e.hotkey, tao: e.tao.toString(), alpha: (kind === 'claim' ? e.tao : e.alpha).toString(), swapFee: e.swapFee.toString(),
      price: price.toString(), valueTao: (kind === 'stake' ? (e.alpha * price) / RAO_PER_TAO : e.tao).toString(),
    };
    const at = block.timestamp ?? block.now;
    out.push({
      id, network: block.network, from: owner, summary: summaryOf(e, owner), intent: intentOf(e), hash: ext?.hash ?? null,
      status: 'inBlock', blockHash: block.blockHash, blockNumber: block.blockNumber, error: null, previewed: null,
      received: kind === 'stake' ? e.alpha.toString() : kind === 'unstake' || kind === 'claim' ? e.tao.toString() : null,
      createdAt: at, updatedAt: block.now, explorerUrl: null, source: 'chain',
      settlement: { timestamp: block.timestamp, call: ext?.call ?? '', networkFee: (firstOfExtrinsic && ext ? ext.fee : 0n).toString(), legs: [leg], reconciliation: null },
    });
  }
  return out;
}
