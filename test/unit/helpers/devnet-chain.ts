// Helpers of the chain integration tests that drive a ChainService against a devnet.
import { startDevnet, type Devnet } from '../../../devnet/index.ts';
import type { RuntimeName } from '../../../devnet/profiles.ts';
import { ChainService } from '../../../background/chain/service.ts';
import { RecordingSink } from '../../../background/platform/events.ts';
import { MemoryStore } from '../../../background/platform/storage.ts';
import type { VaultService } from '../../../background/vault/service.ts';
import type { Intent, Snapshot, TxRecord } from '../../../src/protocol/chain.ts';
import { waitFor } from './wait.ts';

export const ALICE = '5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY';

/** Selects `address`, starts the service, makes a block and waits for a snapshot with the account. */
export async function firstSnapshot(chain: ChainService, devnet: Devnet, address: string): Promise<Snapshot> {
  await chain.updateSettings({ activeAddress: address });
  await chain.init();
  devnet.newBlock();
  return waitFor(async () => {
    const s = (await chain.state()).snapshot;
    return s?.account ? s : null;
  }, 'a snapshot with the account');
}

/** Makes a block and waits for the wallet's snapshot (with the account) at the devnet's new best block. */
export async function snapshotAtHead(d: Devnet, c: ChainService): Promise<Snapshot> {
  d.newBlock();
  return waitFor(async () => {
    const s = (await c.state()).snapshot;
    return s?.account && s.blockNumber === d.head().number ? s : null;
  }, 'a snapshot at the best block');
}

/** A devnet control (dev_*) over HTTP JSON-RPC: its result (the new block's hash); throws with the devnet's message if refused. */
export async function devRpc(devnet: Devnet, method: string, params: unknown[]): Promise<unknown> {
  const res = await fetch(devnet.httpUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }) });
  const body = (await res.json()) as { result?: unknown; error?: { message: string } };
  if (body.error) throw new Error(`${method}: ${body.error.message}`);
  return body.result;
}

/** A devnet of one runtime profile (blocks on demand) with a ChainService signing as //Alice, and the waits the integration tests share. */
export async function aliceOnDevnet(runtime: RuntimeName, vault: VaultService, opts: { blocksWhileWaiting?: boolean } = {}) {
  const devnet = await startDevnet({ port: 0, mode: 'instant', runtime });
  const events = new RecordingSink();
  const chain = new ChainService({
    local: new MemoryStore(), events, signer: vault, urls: { devnet: devnet.url, finney: 'ws://127.0.0.1:1', testnet: 'ws://127.0.0.1:1' },
    connection: { baseDelayMs: 100, maxDelayMs: 400, attemptTimeoutMs: 5000 }, probeTimeoutMs: 3000,
  });
  await chain.updateSettings({ activeAddress: ALICE });
  await chain.init();
  devnet.newBlock();
  let polls = 0;
  /** The newest snapshot with the account that satisfies `pred`; with `blocksWhileWaiting`, blocks pass while waiting. */
  const snapshot = async (pred: (s: Snapshot) => boolean = () => true) =>
    waitFor(async () => {
      const s = (await chain.state()).snapshot;
      if (s?.account && pred(s)) return s;
      if (opts.blocksWhileWaiting && ++polls % 4 === 0) devnet.newBlock();
      return null;
    }, 'a snapshot');
  /** Submits a prepared transaction; resolves with its final record. */
  const submitAndWait = async (id: string): Promise<TxRecord> => {
    await chain.submit(id);
    return waitFor(
      () => events.sent.filter((e) => e.name === 'tx.updated').map((e) => e.payload as TxRecord).find((r) => r.id === id && (r.status === 'finalized' || r.status === 'failed')),
      'the transaction to land',
    );
  };
  /** Prepares, signs and submits; resolves with the final record. */
  const land = async (intent: Intent, previewed?: bigint): Promise<TxRecord> => submitAndWait((await chain.prepare(ALICE, intent, previewed?.toString())).id);
  const dev = (method: string, params: unknown[]) => devRpc(devnet, method, params);
  const close = async () => {
    await chain.close();
    await devnet.close();
  };
  return { devnet, chain, events, snapshot, submitAndWait, land, dev, close };
}
