// A devnet and a real @polkadot/api client connected to it over a WebSocket, for the chain tests.
import { ApiPromise, WsProvider } from '@polkadot/api';
import { startDevnet, type Devnet, type DevnetOptions } from '../../../devnet/index.ts';
import { apiOptions } from '../../../background/chain/connection.ts';

export async function devnetWithApi(options: DevnetOptions = {}): Promise<{ devnet: Devnet; api: ApiPromise; close(): Promise<void> }> {
  const devnet = await startDevnet({ port: 0, mode: 'manual', finalityDelayMs: 0, ...options });
  const api = new ApiPromise(apiOptions(new WsProvider(devnet.url)));
  await api.isReady;
  return {
    devnet,
    api,
    close: async () => {
      await api.disconnect();
      await devnet.close();
    },
  };
}
