// On the devnet over a real WebSocket, through the wallet's prepare/submit:
// - a partial fill: a stake with allow_partial and a tight limit, after a whale front-runs it in
//   the same block, executes only part of the TAO; the record keeps the executed input read from
//   StakeAdded and the popup's text says "partially filled: x of 10 TAO";
// - the fee estimate of a transfer equals the fee the chain charged (TransactionPayment.
//   TransactionFeePaid), to the rao: the estimate is built with the transaction's own mortal era
//   and nonce, so its length, and the length fee, are the same.
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { Codec } from '@polkadot/types/types';
import { startDevnet, type Devnet } from '../../devnet/index.ts';
import { maxStake } from '../../src/amm/index.ts';
import { formatAmount } from '../../src/amount.ts';
import { poolOf } from '../../src/chain/snapshot.ts';
import { partialFillText } from '../../src/history/fill.ts';
import type { Intent, TxRecord } from '../../src/protocol/chain.ts';
import { RecordingSink } from '../../background/platform/events.ts';
import { MemoryStore } from '../../background/platform/storage.ts';
import { ChainService } from '../../background/chain/service.ts';
import { eventsAt } from '../../background/chain/tx.ts';
import type { VaultService } from '../../background/vault/service.ts';
import { validator } from '../../devnet/state/index.ts';
import { waitFor } from './helpers/wait.ts';
import { aliceVault } from './helpers/alice-vault.ts';
import { snapshotAtHead } from './helpers/devnet-chain.ts';

const ALICE = '5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY';
const BOB = '5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty';
const AURORA = validator('aurora').address;
const TAO = 1_000_000_000n;

let vault: VaultService | undefined;
let devnet: Devnet | undefined;
let chain: ChainService | undefined;
let events: RecordingSink;

async function connect(): Promise<{ d: Devnet; c: ChainService }> {
  vault ??= (await aliceVault()).vault;
  devnet = await startDevnet({ port: 0, mode: 'manual', finalityDelayMs: 50 });
  events = new RecordingSink();
  chain = new ChainService({
    local: new MemoryStore(), events, signer: vault,
    urls: { devnet: devnet.url, finney: 'ws://127.0.0.1:1', testnet: 'ws://127.0.0.1:1' },
    connection: { baseDelayMs: 100, maxDelayMs: 400, attemptTimeoutMs: 5000 },
  });
  await chain.updateSettings({ activeAddress: ALICE });
  await chain.init();
  return { d: devnet, c: chain };
}

afterEach(async () => {
  await chain?.close();
  await devnet?.close();
  chain = undefined;
  devnet = undefined;
});

afterAll(async () => {
  await vault?.lock();
});

async function devRpc(d: Devnet, method: string, params: unknown[]): Promise<unknown> {
  const res = await fetch(d.httpUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }) });
  const body = (await res.json()) as { result?: unknown; error?: { message: string } };
  if (body.error) throw new Error(body.error.message);
  return body.result;
}

function settledRecord(id: string): Promise<TxRecord> {
  return waitFor(
    () => events.sent.map((e) => e.payload as TxRecord).find((r) => r.id === id && (r.status === 'finalized' || r.status === 'failed') && r.settlement),
    'the transaction to settle',
  );
}

describe('partial fills', () => {
  it('a front-run stake with allow_partial fills part of its TAO: the record keeps the executed input and says "partially filled"', async () => {
    const { d, c } = await connect();
    const snap = await snapshotAtHead(d, c);
    const sn1 = snap.subnets.find((s) => s.netuid === 1)!;
    const pool = poolOf(sn1, snap);
    const price = BigInt(sn1.price);
    // The tightest limit under which the pool takes 15 TAO: the whale's 10 TAO leaves about 5.
    let lo = price;
    let hi = price * 2n;
    while (hi - lo > 1n) {
      const mid = (lo + hi) / 2n;
      if (maxStake(pool, mid) >= 15n * TAO) hi = mid;
      else lo = mid;
    }
    const limit = hi;
    const amount = 10n * TAO;
    const intent: Intent = { kind: 'stake', hotkey: AURORA, netuid: 1, amount: amount.toString(), limitPrice: limit.toString(), allowPartial: true };
    const prepared = await c.prepare(ALICE, intent);
    await c.submit(prepared.id);
    await waitFor(async () => ((await (await c.getApi()).rpc.author.pendingExtrinsics()).length > 0 ? true : null), 'the pooled stake');
    // Seals the next block: the whale's buy runs first, then the pooled stake.
    await devRpc(d, 'dev_frontRun', [1, (10n * TAO).toString()]);

    const record = await settledRecord(prepared.id);
    expect(record.error).toBeNull();
    expect(record.status).toBe('finalized');
    const api = await c.getApi();
    const added = (await eventsAt(api, record.blockHash!)).filter((r) => r.event.method === 'StakeAdded' && r.phase.isApplyExtrinsic).map((r) => r.event.data as unknown as Codec[]);
    // The whale's buy ran at Initialization; the wallet's stake is the one StakeAdded of an extrinsic.
    expect(added).toHaveLength(1);
    const taoTaken = BigInt(added[0]![2]!.toString());
    expect(record.executed).toBe(taoTaken.toString());
    expect(taoTaken).toBeGreaterThan(0n);
    expect(taoTaken).toBeLessThan(amount);
    // Roughly the 5 TAO left under the limit.
    expect(taoTaken).toBeGreaterThan(3n * TAO);
    expect(taoTaken).toBeLessThan(7n * TAO);
    expect(record.received).toBe(added[0]![3]!.toString());
    const text = partialFillText(record);
    expect(text).toBe(`partially filled: ${formatAmount(taoTaken, { maxDecimals: 4, grouping: true })} of 10 TAO`);
    expect(text).toMatch(/^partially filled: \d\.\d{1,4} of 10 TAO$/);
    // A second stake with room to spare fills completely and says nothing about a partial fill.
    const after = await snapshotAtHead(d, c);
    const p2 = BigInt(after.subnets.find((s) => s.netuid === 1)!.price);
    const full = await c.prepare(ALICE, { kind: 'stake', hotkey: AURORA, netuid: 1, amount: TAO.toString(), limitPrice: (p2 * 2n).toString(), allowPartial: true });
    await c.submit(full.id);
    await waitFor(async () => ((await api.rpc.author.pendingExtrinsics()).length > 0 ? true : null), 'the pooled stake');
    d.newBlock();
    const fullRecord = await settledRecord(full.id);
    expect(fullRecord.executed).toBe(TAO.toString());
    expect(partialFillText(fullRecord)).toBeNull();
  }, 60_000);

  it('complete fills of an unstake and a cross-subnet swap read back their whole input (the alpha fee counted), so none says "partially filled"', async () => {
    const { d, c } = await connect();
    const api = await c.getApi();
    const snap = await snapshotAtHead(d, c);
    const alpha = 100n * TAO;
    const price = (netuid: number) => BigInt(snap.subnets.find((s) => s.netuid === netuid)!.price);
    // Limits with room to spare: half the spot price, half the spot ratio of the two subnets.
    const intents: Intent[] = [
      { kind: 'unstake', hotkey: AURORA, netuid: 1, amount: alpha.toString(), limitPrice: (price(1) / 2n).toString(), allowPartial: true },
      { kind: 'swap', hotkey: AURORA, originNetuid: 1, destinationNetuid: 2, amount: alpha.toString(), limitPrice: ((price(1) * TAO) / price(2) / 2n).toString(), allowPartial: true },
    ];
    expect(snap.subnets.find((s) => s.netuid === 1)!.feeRate).toBeGreaterThan(0);
    for (const intent of intents) {
      const prepared = await c.prepare(ALICE, intent);
      await c.submit(prepared.id);
      await waitFor(async () => ((await api.rpc.author.pendingExtrinsics()).length > 0 ? true : null), 'the pooled trade');
      d.newBlock();
      const record = await settledRecord(prepared.id);
      expect(record.error, intent.kind).toBeNull();
      expect(record.executed, intent.kind).toBe(alpha.toString());
      expect(partialFillText(record), intent.kind).toBeNull();
    }
  }, 60_000);
});

describe('network fee estimate', () => {
  it('equals the fee the chain charged for a transfer (same mortal era, same nonce)', async () => {
    const { d, c } = await connect();
    await snapshotAtHead(d, c);
    const api = await c.getApi();
    for (const amount of ['1234567890', '5000000000000']) {
      const prepared = await c.prepare(ALICE, { kind: 'transfer', dest: BOB, amount });
      await c.submit(prepared.id);
      await waitFor(async () => ((await api.rpc.author.pendingExtrinsics()).length > 0 ? true : null), 'the pooled transfer');
      d.newBlock();
      const record = await settledRecord(prepared.id);
      expect(record.status).toBe('finalized');
      const paid = (await eventsAt(api, record.blockHash!))
        .filter((r) => r.event.section === 'transactionPayment' && r.event.method === 'TransactionFeePaid' && r.phase.isApplyExtrinsic)
        .map((r) => r.event.data as unknown as Codec[]);
      expect(paid).toHaveLength(1);
      const actual = BigInt(paid[0]![1]!.toString()) + BigInt(paid[0]![2]!.toString());
      expect(actual).toBeGreaterThan(0n);
      expect(BigInt(prepared.networkFee)).toBe(actual);
      expect(record.settlement!.networkFee).toBe(actual.toString());
    }
  }, 60_000);
});
