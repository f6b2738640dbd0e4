import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDevnet, type Devnet } from '../../devnet/index.ts';
import type { Snapshot } from '../../src/protocol/chain.ts';
import { startRpcCounter, type RpcCounter, type RpcRequest } from '../unit/helpers/rpc-counter.ts';
import { launchExtension, sendFromPage, type ExtensionSession } from './harness.ts';

// The runtime cache in the real extension: after a service-worker restart, the new worker finds
// the metadata in storage.local and reaches a fresh snapshot without downloading it. Requests
// are counted on the wire by a relay between the extension and the devnet.
const ALICE = '5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY';
const isMetadataDownload = (r: RpcRequest) =>
  r.method === 'state_getMetadata' || (r.method === 'state_call' && r.params[0] === 'Metadata_metadata_at_version');
/** The snapshot's own reads (runtime-API calls and storage queries), as opposed to the connect. */
const isSnapshotRead = (r: RpcRequest) => (r.method === 'state_call' && !String(r.params[0]).startsWith('Metadata_')) || r.method === 'state_queryStorageAt';

describe('runtime cache across a service-worker restart (Chromium, devnet)', () => {
  let devnet: Devnet;
  let relay: RpcCounter;
  let session: ExtensionSession;

  beforeAll(async () => {
    devnet = await startDevnet({ port: 0, mode: 'manual' });
    relay = await startRpcCounter(devnet.url);
    session = await launchExtension();
  });

  afterAll(async () => {
    await session?.close();
    await relay?.close();
    await devnet?.close();
  });

  /**
   * The worker's snapshot at `head`. `nudge`: also accept a later block, and make one when none
   * came for 5 s. Under load (other test processes on both cores) the block made right after a
   * network switch was now and then never read, with no read failing and none pending; this
   * warm-up is about the cache, not about that, so it moves on with the next block. (Open: why
   * that head was missed.)
   */
  async function snapshotAt(head: number, { nudge = false } = {}): Promise<Snapshot> {
    const page = await session.openPopup('#/bench');
    try {
      let snapshot: Snapshot | null = null;
      let connection: unknown = null;
      const reached = () => (nudge ? (snapshot?.blockNumber ?? -1) >= head : snapshot?.blockNumber === head);
      for (let i = 0; i < 200 && !reached(); i++) {
        await new Promise((r) => setTimeout(r, 100));
        if (nudge && i > 0 && i % 50 === 0) devnet.newBlock();
        ({ snapshot, connection } = await sendFromPage<{ snapshot: Snapshot | null; connection: unknown }>(page, 'pri(chain.state)', {}));
      }
      if (!reached()) throw new Error(`no snapshot at #${head} (last: #${snapshot?.blockNumber ?? 'none'}, connection ${JSON.stringify(connection)})`);
      return snapshot!;
    } finally {
      await page.close();
    }
  }

  it('the restarted worker connects from storage.local: no metadata download, 3 requests besides the snapshot reads', async () => {
    const page = await session.openPopup('#/bench');
    await page.getByTestId('background-status').waitFor({ timeout: 15_000 });
    await sendFromPage(page, 'pri(chain.selectNetwork)', { network: 'custom', url: relay.url });
    await sendFromPage(page, 'pri(settings.update)', { activeAddress: ALICE });
    await page.close();
    relay.reset();
    await snapshotAt(devnet.newBlock().number, { nudge: true });
    // The first worker downloaded the metadata (the probe of the custom URL cached it, or the connect did).
    const stored = await session.worker.evaluate(async () => Object.keys(await chrome.storage.local.get(null)).filter((k) => k.startsWith('chain.runtime')));
    expect(stored).toHaveLength(2); // the index and one record

    const head = devnet.newBlock().number; // the stored snapshot is stale: only a fresh read shows this block
    relay.reset(); // counts connections opened from here on: the new worker's
    await session.restartWorker();
    await snapshotAt(head);
    const requests = [...relay.requests];
    expect(requests.filter(isMetadataDownload)).toEqual([]);
    const connect = requests.filter((r) => !isSnapshotRead(r)).map((r) => r.method);
    // Later blocks add only reads; system_health (every 10 s) is not part of the connect.
    expect(connect.filter((m) => m !== 'system_health').sort()).toEqual(['chain_getBlockHash', 'chain_subscribeNewHeads', 'state_subscribeRuntimeVersion']);
  });
});
