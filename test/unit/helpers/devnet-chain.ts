// Helpers of the chain integration tests that drive a ChainService against a devnet.
import type { Devnet } from '../../../devnet/index.ts';
import type { ChainService } from '../../../background/chain/service.ts';
import type { Snapshot } from '../../../src/protocol/chain.ts';
import { waitFor } from './wait.ts';

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

/** A devnet control (dev_*) over HTTP JSON-RPC; throws with the devnet's message if refused. */
export async function devRpc(devnet: Devnet, method: string, params: unknown[]): Promise<void> {
  const res = await fetch(devnet.httpUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }) });
  const body = (await res.json()) as { error?: { message: string } };
  if (body.error) throw new Error(`${method}: ${body.error.message}`);
}
