/**
 * author_submitAndWatchExtrinsic status order as clients see it. @polkadot/api fetches a block's
 * events on `inBlock` and drops that result when `finalized` arrives first, so the devnet holds
 * each watcher's `finalized` until its connection has read the block's System.Events (or a
 * maximum wait passed). finalityDelayMs 0 is the worst case: finality at the same instant.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiPromise, WsProvider } from '@polkadot/api';
import { Keyring } from '@polkadot/keyring';
import type { KeyringPair } from '@polkadot/keyring/types';
import type { SubmittableExtrinsic } from '@polkadot/api/types';
import { u8aConcat, u8aToHex } from '@polkadot/util';
import { xxhashAsU8a } from '@polkadot/util-crypto';
import { WebSocket } from 'ws';
import { startDevnet, type Devnet } from '../index.ts';
import { devAccount } from '../state/index.ts';
import { FINALIZED_AFTER_INBLOCK_MAX_WAIT_MS } from './methods/author.ts';

const EVENTS_KEY = u8aToHex(u8aConcat(xxhashAsU8a('System', 128), xxhashAsU8a('Events', 128)));

let devnet: Devnet;
let api: ApiPromise;
let alice: KeyringPair;
const transfer = (amount: bigint): SubmittableExtrinsic<'promise'> =>
  (api.tx as unknown as { balances: { transferKeepAlive: (dest: string, value: bigint) => SubmittableExtrinsic<'promise'> } }).balances.transferKeepAlive(devAccount('Bob').address, amount);

beforeAll(async () => {
  devnet = await startDevnet({ port: 0, mode: 'instant', finalityDelayMs: 0 });
  api = await ApiPromise.create({ provider: new WsProvider(devnet.url), noInitWarn: true });
  alice = new Keyring({ type: 'sr25519', ss58Format: 42 }).addFromUri('//Alice');
}, 60_000);

afterAll(async () => {
  await api?.disconnect();
  await devnet?.close();
});

/** A raw WebSocket JSON-RPC client that records every frame it receives. */
async function rawClient(): Promise<{ call(method: string, params: unknown[]): Promise<unknown>; updates: unknown[]; close(): void }> {
  const ws = new WebSocket(devnet.url);
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
  const waiting = new Map<number, (result: unknown) => void>();
  const updates: unknown[] = [];
  let id = 0;
  ws.on('message', (data) => {
    const msg = JSON.parse(data.toString()) as { id?: number; result?: unknown; method?: string; params?: { result: unknown } };
    if (msg.method === 'author_extrinsicUpdate') updates.push(msg.params!.result);
    else if (msg.id !== undefined) waiting.get(msg.id)?.(msg.result);
  });
  return {
    call: (method, params) => new Promise((resolve) => {
      waiting.set(++id, resolve);
      ws.send(JSON.stringify({ jsonrpc: '2.0', id, method, params }));
    }),
    updates,
    close: () => ws.close(),
  };
}

async function until(probe: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!probe()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('author watch: inBlock before finalized', () => {
  it("@polkadot/api signAndSend sees Ready -> InBlock (with its events) -> Finalized, every time", async () => {
    for (let i = 0; i < 5; i++) {
      const seen: string[] = [];
      let inBlockEvents: string[] = [];
      await new Promise<void>((resolve, reject) => {
        transfer(1_000_000n + BigInt(i)).signAndSend(alice, (result) => {
          seen.push(result.status.type);
          if (result.status.isInBlock) inBlockEvents = result.events.map((e) => `${e.event.section}.${e.event.method}`);
          if (result.status.isFinalized) resolve();
          if (result.isError) reject(new Error(result.status.type));
        }).catch(reject);
      });
      expect(seen).toEqual(['Ready', 'InBlock', 'Finalized']);
      expect(inBlockEvents).toContain('system.ExtrinsicSuccess');
    }
  });

  it('holds finalized until the watching connection has read the block events', async () => {
    const client = await rawClient();
    try {
      const signed = await transfer(2_000_000n).signAsync(alice);
      await client.call('author_submitAndWatchExtrinsic', [signed.toHex()]);
      await until(() => client.updates.some((u) => typeof u === 'object' && u !== null && 'inBlock' in u), 'inBlock');
      const block = (client.updates.find((u) => typeof u === 'object' && u !== null && 'inBlock' in u) as { inBlock: string }).inBlock;
      // The chain itself finalized the block at once (finalityDelayMs 0); this watcher waits.
      expect(devnet.node.chain.finalized.hash).toBe(block);
      await new Promise((r) => setTimeout(r, 200));
      expect(client.updates).toEqual(['ready', { inBlock: block }]);
      const events = await client.call('state_getStorage', [EVENTS_KEY, block]);
      expect(events).toMatch(/^0x[0-9a-f]+$/);
      const readAt = Date.now();
      await until(() => client.updates.length === 3, 'finalized after the events read');
      expect(Date.now() - readAt).toBeLessThan(FINALIZED_AFTER_INBLOCK_MAX_WAIT_MS / 2);
      expect(client.updates).toEqual(['ready', { inBlock: block }, { finalized: block }]);
    } finally {
      client.close();
    }
  });

  it('a watcher that never reads the events still gets finalized after the maximum wait', async () => {
    const client = await rawClient();
    try {
      const signed = await transfer(3_000_000n).signAsync(alice);
      await client.call('author_submitAndWatchExtrinsic', [signed.toHex()]);
      await until(() => client.updates.length === 2, 'inBlock');
      const inBlockAt = Date.now();
      await until(() => client.updates.length === 3, 'finalized', FINALIZED_AFTER_INBLOCK_MAX_WAIT_MS + 5_000);
      expect(Date.now() - inBlockAt).toBeGreaterThanOrEqual(FINALIZED_AFTER_INBLOCK_MAX_WAIT_MS - 100);
      const [, inBlock, finalized] = client.updates as [string, { inBlock: string }, { finalized: string }];
      expect(finalized.finalized).toBe(inBlock.inBlock);
    } finally {
      client.close();
    }
  });
});
