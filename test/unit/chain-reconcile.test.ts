// Reconciliation after inclusion against the devnet over a real WebSocket, through the chain
// service: a correct stake reconciles with no flag and its settlement matches the block's
// StakeAdded event; with the devnet's stranded-TAO fault on (dev_strandStakeTao, the
// subtensor#2735 behaviour) the wallet says how much TAO the chain kept on the subnet account.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDevnet, type Devnet } from '../../devnet/index.ts';
import { RecordingSink } from '../../background/platform/events.ts';
import { MemoryStore } from '../../background/platform/storage.ts';
import { ChainService } from '../../background/chain/service.ts';
import type { VaultService } from '../../background/vault/service.ts';
import type { TxRecord } from '../../src/protocol/chain.ts';
import { waitFor } from './helpers/wait.ts';
import { aliceVault } from './helpers/alice-vault.ts';

const ALICE = '5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY';
const TAO = 1_000_000_000n;

let devnet: Devnet;
let vault: VaultService;
let chain: ChainService;
let events: RecordingSink;

beforeAll(async () => {
  devnet = await startDevnet({ port: 0, mode: 'manual', finalityDelayMs: 0 });
  ({ vault } = await aliceVault());
  events = new RecordingSink();
  chain = new ChainService({
    local: new MemoryStore(), events, signer: vault, urls: { devnet: devnet.url, finney: 'ws://127.0.0.1:1', testnet: 'ws://127.0.0.1:1' },
    connection: { baseDelayMs: 100, maxDelayMs: 400, attemptTimeoutMs: 5000 }, probeTimeoutMs: 3000,
  });
  await chain.updateSettings({ activeAddress: ALICE });
  await chain.init();
  devnet.newBlock();
  await waitFor(async () => (await chain.state()).snapshot?.account, 'a snapshot with the account');
}, 60_000);

afterAll(async () => {
  await chain?.close();
  await devnet?.close();
});

async function devRpc(method: string, params: unknown[]): Promise<void> {
  const res = await fetch(devnet.httpUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }) });
  const body = (await res.json()) as { error?: { message: string } };
  if (body.error) throw new Error(`${method}: ${body.error.message}`);
}

/** Stakes 10 TAO on SN3 through the service and returns the settled record. */
async function stake(): Promise<TxRecord> {
  const [validator] = await chain.validators(3);
  const prepared = await chain.prepare(ALICE, { kind: 'stake', hotkey: validator!.hotkey, netuid: 3, amount: (10n * TAO).toString(), limitPrice: (10n ** 15n).toString(), allowPartial: false });
  await chain.submit(prepared.id);
  devnet.newBlock();
  return waitFor(async () => (await chain.listTx()).find((r) => r.id === prepared.id && r.settlement), 'the settled stake');
}

describe('reconciliation after inclusion', () => {
  it('a correct stake: TAO debited = paid in + fees, the settlement is the block’s StakeAdded event, no flag', async () => {
    const record = await stake();
    const s = record.settlement!;
    expect(s.call).toBe('subtensorModule.addStakeLimit');
    expect(s.legs).toHaveLength(1);
    const block = devnet.node.chain.getBlock(record.blockHash!)!;
    const added = devnet.meta.registry.createType('Vec<FrameSystemEventRecord>', block.events) as unknown as { event: { section: string; method: string; data: { toString(): string }[] } }[];
    const event = added.find((e) => e.event.method === 'StakeAdded')!.event.data.map((d) => d.toString());
    expect([s.legs[0]!.tao, s.legs[0]!.alpha, s.legs[0]!.swapFee]).toEqual([event[2], event[3], event[5]]);
    expect(s.reconciliation!.flags).toEqual([]);
    expect(s.reconciliation!.taoChange).toBe(s.reconciliation!.taoExpected);
    expect(BigInt(s.networkFee)).toBeGreaterThan(0n);
    expect(s.timestamp).toBe(Number(block.timestamp));
  });

  it('a stake that leaves 0.4 TAO on the subnet account (dev_strandStakeTao) is flagged in words', async () => {
    await devRpc('dev_strandStakeTao', [3, '400000000']);
    const record = await stake();
    const r = record.settlement!.reconciliation!;
    expect(BigInt(r.taoChange) - BigInt(r.taoExpected)).toBe(400_000_000n);
    expect(r.flags).toEqual(['The chain kept 0.4 TAO on the subnet account: it was debited, but neither staked nor refunded (the stranded-TAO failure, subtensor#2735).']);
    await devRpc('dev_strandStakeTao', [3, '0']);
    expect((await stake()).settlement!.reconciliation!.flags).toEqual([]);
  });

  it('an unstake reconciles too: TAO credited = paid out - network fee, alpha removed = sold + its alpha fee', async () => {
    const [validator] = await chain.validators(3);
    const prepared = await chain.prepare(ALICE, { kind: 'unstake', hotkey: validator!.hotkey, netuid: 3, amount: (50n * TAO).toString(), limitPrice: '1', allowPartial: false });
    await chain.submit(prepared.id);
    devnet.newBlock();
    const record = await waitFor(async () => (await chain.listTx()).find((r) => r.id === prepared.id && r.settlement), 'the settled unstake');
    const s = record.settlement!;
    expect(s.legs.map((l) => l.kind)).toEqual(['unstake']);
    expect(s.legs[0]!.valueTao).toBe(s.legs[0]!.tao);
    expect(s.reconciliation).toEqual({ taoChange: s.reconciliation!.taoExpected, taoExpected: (BigInt(s.legs[0]!.tao) - BigInt(s.networkFee)).toString(), alphaFee: null, flags: [] });
  });
});
