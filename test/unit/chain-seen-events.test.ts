// Staking events of the wallet's account that the wallet did not send, over a real WebSocket to
// the devnet: the account's own mnemonic, held by a separate @polkadot/api client (as btcli or
// another wallet would), stakes for it; the wallet's history then shows that stake once, with
// the block's event amounts, even when the block is read again or the worker restarts. A stake
// the wallet sends itself is not recorded a second time.
import { Keyring } from '@polkadot/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RecordingSink } from '../../background/platform/events.ts';
import { MemoryStore } from '../../background/platform/storage.ts';
import { ChainService, type ChainServiceOptions } from '../../background/chain/service.ts';
import type { VaultService } from '../../background/vault/service.ts';
import { DEV_PHRASE, validator as devValidator } from '../../devnet/state/genesis.ts';
import { filterActivity } from '../../popup/lib/activity.ts';
import { CSV_COLUMNS, historyRows } from '../../src/history/csv.ts';
import type { TxRecord } from '../../src/protocol/chain.ts';
import { devnetWithApi } from './helpers/devnet-api.ts';
import { aliceVault } from './helpers/alice-vault.ts';
import { waitFor } from './helpers/wait.ts';

const ALICE = '5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY';
const TAO = 1_000_000_000n;

let net: Awaited<ReturnType<typeof devnetWithApi>>;
let vault: VaultService;
let local: MemoryStore;
let chain: ChainService;

function service(): ChainService {
  const opts: ChainServiceOptions = {
    local, events: new RecordingSink(), signer: vault, accounts: async () => (await vault.getAccounts()).map((a) => a.address),
    urls: { devnet: net.devnet.url, finney: 'ws://127.0.0.1:1', testnet: 'ws://127.0.0.1:1' }, connection: { baseDelayMs: 100, maxDelayMs: 400, attemptTimeoutMs: 5000 },
  };
  return new ChainService(opts);
}

beforeAll(async () => {
  net = await devnetWithApi();
  ({ vault } = await aliceVault());
  local = new MemoryStore();
  chain = service();
  await chain.init();
  net.devnet.newBlock();
  await waitFor(async () => (await chain.state()).snapshot?.account, 'a snapshot with the account');
}, 60_000);

afterAll(async () => {
  await chain?.close();
  await net?.close();
});

const seen = async (c: ChainService): Promise<TxRecord[]> => (await c.listTx()).filter((r) => r.source === 'chain');

describe('staking events seen on chain', () => {
  it('a stake signed outside the wallet with the account’s key shows once, with the block’s amounts and price', async () => {
    const [validator] = await chain.validators(3);
    const pair = new Keyring({ type: 'sr25519' }).addFromUri(`${DEV_PHRASE}//Alice`);
    expect(pair.address).toBe(ALICE);
    const hash = (await net.api.tx.subtensorModule!.addStake!(validator!.hotkey, 3, 7n * TAO).signAndSend(pair)).toHex();
    net.devnet.newBlock();
    const [record] = await waitFor(async () => { const s = await seen(chain); return s.length ? s : null; }, 'the stake seen on chain');

    const blockHash = record!.blockHash!;
    const block = net.devnet.node.chain.getBlock(blockHash)!;
    const decoded = net.devnet.meta.registry.createType('Vec<FrameSystemEventRecord>', block.events) as unknown as { event: { method: string; data: { toString(): string }[] } }[];
    const event = decoded.find((e) => e.event.method === 'StakeAdded')!.event.data.map((d) => d.toString());
    const leg = record!.settlement!.legs[0]!;
    expect(record).toMatchObject({ from: ALICE, hash, blockNumber: Number(block.header.number), status: 'inBlock', intent: { kind: 'stake', netuid: 3, hotkey: validator!.hotkey } });
    expect([event[0], event[1]]).toEqual([ALICE, validator!.hotkey]);
    expect([leg.kind, leg.tao, leg.alpha, leg.swapFee, String(leg.netuid)]).toEqual(['stake', event[2], event[3], event[5], event[4]]);
    expect(leg.tao).toBe((7n * TAO).toString());
    const price = BigInt((await (await net.api.at(blockHash)).call.swapRuntimeApi!.currentAlphaPrice!(3)).toString());
    expect(leg.price).toBe(price.toString());
    expect(leg.valueTao).toBe(((BigInt(leg.alpha) * price) / TAO).toString());
    expect(record!.settlement!.call).toBe('subtensorModule.addStake');
    expect(BigInt(record!.settlement!.networkFee)).toBeGreaterThan(0n);
    expect(record!.settlement!.timestamp).toBe(Number(block.timestamp));

    // The same block read again (a refresh at the same head) adds nothing.
    await chain.refresh();
    await chain.idle();
    expect((await seen(chain)).map((r) => r.id)).toEqual([record!.id]);
  });

  it('after a worker restart the same block is not recorded again', async () => {
    await chain.close();
    chain = service();
    await chain.refresh();
    await chain.idle();
    expect(await seen(chain)).toHaveLength(1);
  });

  it('a stake the wallet sends itself is recorded once, as sent by the wallet', async () => {
    const [validator] = await chain.validators(3);
    const prepared = await chain.prepare(ALICE, { kind: 'stake', hotkey: validator!.hotkey, netuid: 3, amount: (5n * TAO).toString(), limitPrice: (10n ** 15n).toString(), allowPartial: false });
    await chain.submit(prepared.id);
    net.devnet.newBlock();
    const sent = await waitFor(async () => (await chain.listTx()).find((r) => r.id === prepared.id && r.settlement), 'the settled stake');
    await chain.refresh();
    await chain.idle();
    expect((await chain.listTx()).filter((r) => r.blockHash === sent.blockHash).map((r) => r.id)).toEqual([prepared.id]);
    expect(await seen(chain)).toHaveLength(1);
  });
});

describe('root claims seen on chain', () => {
  const AURORA_HEX = devValidator('aurora').hex;
  const dev = async (method: string, params: unknown[]) => {
    const res = await fetch(net.devnet.httpUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }) });
    const body = (await res.json()) as { error?: { message: string } };
    if (body.error) throw new Error(body.error.message);
  };
  const claims = async (c: ChainService) => (await seen(c)).filter((r) => r.intent.kind === 'claimRoot');

  it('a claim signed outside the wallet with the account’s key shows once, as a claim with the TAO the chain paid', async () => {
    const pair = new Keyring({ type: 'sr25519' }).addFromUri(`${DEV_PHRASE}//Alice`);
    const aliceHex = `0x${Buffer.from(pair.publicKey).toString('hex')}`;
    await dev('dev_setRootBasket', [AURORA_HEX, { holdings: { 1: (3n * TAO).toString(), 0: (TAO / 2n).toString() }, owed: { [aliceHex]: 1_000 } }]);
    net.devnet.newBlock();
    const aurora = net.api.registry.createType('AccountId32', AURORA_HEX).toString();
    const hash = (await net.api.tx.subtensorModule!.claimRootWithHotkey!(aurora).signAndSend(pair)).toHex();
    net.devnet.newBlock();
    const [record, ...more] = await waitFor(async () => { const c = await claims(chain); return c.length ? c : null; }, 'the claim seen on chain');
    expect(more).toEqual([]);

    // The amount is the block's own BasketClaimed (and RootClaimed) TAO, read back from the devnet.
    const block = net.devnet.node.chain.getBlock(record!.blockHash!)!;
    const decoded = net.devnet.meta.registry.createType('Vec<FrameSystemEventRecord>', block.events) as unknown as { event: { method: string; data: { toString(): string }[] } }[];
    const basket = decoded.find((e) => e.event.method === 'BasketClaimed')!.event.data.map((d) => d.toString());
    const total = decoded.find((e) => e.event.method === 'RootClaimed')!.event.data.map((d) => d.toString());
    expect(basket[2]).toBe(total[1]);
    expect(BigInt(basket[2]!)).toBeGreaterThan(0n);
    expect(record).toMatchObject({ from: ALICE, hash, status: 'inBlock', received: basket[2], intent: { kind: 'claimRoot', hotkey: aurora } });
    expect(record!.summary).toMatch(/^Seen on chain: claimed .* of root dividends/);
    expect(record!.settlement!.legs).toEqual([{ kind: 'claim', netuid: 0, hotkey: aurora, tao: basket[2], alpha: basket[2], swapFee: '0', price: TAO.toString(), valueTao: basket[2] }]);
    expect(record!.settlement!.call).toBe('subtensorModule.claimRootWithHotkey');
    expect(BigInt(record!.settlement!.networkFee)).toBeGreaterThan(0n);

    // Activity files it with the wallet's own claims (type stake: the TAO is staked on root); the CSV says claim.
    expect(filterActivity([record!], { netuid: 0, type: 'stake' })).toHaveLength(1);
    const row = historyRows([record!])[0]!;
    const col = (name: string) => row[CSV_COLUMNS.findIndex(([n]) => n === name)];
    expect([col('type'), col('event'), col('source'), col('netuid')]).toEqual(['claimRoot', 'claim', 'chain', '0']);

    await chain.refresh();
    await chain.idle();
    expect((await claims(chain)).map((r) => r.id)).toEqual([record!.id]);
  });

  it('after a worker restart the claim is not recorded again', async () => {
    const before = (await seen(chain)).map((r) => r.id);
    await chain.close();
    chain = service();
    await chain.refresh();
    await chain.idle();
    expect((await seen(chain)).map((r) => r.id)).toEqual(before);
    expect(await claims(chain)).toHaveLength(1);
  });

  it('a claim the wallet sends itself is recorded once, as sent by the wallet', async () => {
    const pair = new Keyring({ type: 'sr25519' }).addFromUri(`${DEV_PHRASE}//Alice`);
    await dev('dev_setRootBasket', [AURORA_HEX, { holdings: { 1: (3n * TAO).toString() }, owed: { [`0x${Buffer.from(pair.publicKey).toString('hex')}`]: 1_000 } }]);
    net.devnet.newBlock();
    const aurora = net.api.registry.createType('AccountId32', AURORA_HEX).toString();
    // Wait until the snapshot shows the claim, or the wallet refuses it as nothing to claim.
    await waitFor(async () => (await chain.state()).snapshot?.account?.rootClaims?.claims.some((c) => c.hotkey === aurora && BigInt(c.redeemable) > 0n) || (net.devnet.newBlock(), null), 'the claim in the snapshot');
    const prepared = await chain.prepare(ALICE, { kind: 'claimRoot', hotkey: aurora });
    await chain.submit(prepared.id);
    net.devnet.newBlock();
    const sent = await waitFor(async () => (await chain.listTx()).find((r) => r.id === prepared.id && r.blockHash), 'the sent claim in a block');
    await chain.refresh();
    await chain.idle();
    expect((await chain.listTx()).filter((r) => r.blockHash === sent.blockHash).map((r) => r.id)).toEqual([prepared.id]);
    expect(await claims(chain)).toHaveLength(1);
  });
});
