/**
 * A WebSocket relay in front of a node that records every JSON-RPC request the client sends
 * (batches item by item), so a test counts what actually went on the wire, independently of
 * the wallet's own bookkeeping.
 */
import { WebSocket, WebSocketServer, type RawData } from 'ws';

export interface RpcRequest {
  method: string;
  params: unknown[];
}

export interface RpcCounter {
  url: string;
  /** Requests in the order they arrived, since the last `reset()`, on connections opened since then. */
  readonly requests: RpcRequest[];
  /** Their methods. */
  readonly methods: string[];
  reset(): void;
  close(): Promise<void>;
}

function requestsOf(data: RawData): RpcRequest[] {
  try {
    const parsed = JSON.parse(data.toString()) as unknown;
    const items = Array.isArray(parsed) ? parsed : [parsed];
    return items.map((r) => {
      const { method, params } = (typeof r === 'object' && r !== null ? r : {}) as { method?: unknown; params?: unknown };
      return { method: typeof method === 'string' ? method : '(invalid)', params: Array.isArray(params) ? params : [] };
    });
  } catch {
    return [{ method: '(unparsable)', params: [] }];
  }
}

export async function startRpcCounter(targetUrl: string): Promise<RpcCounter> {
  const requests: RpcRequest[] = [];
  // A connection opened before a reset (a stopped client's late unsubscribe) is not counted.
  let generation = 0;
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, maxPayload: 64 * 1024 * 1024 });
  wss.on('connection', (client) => {
    const opened = generation;
    const upstream = new WebSocket(targetUrl, { maxPayload: 64 * 1024 * 1024 });
    const pending: [RawData, boolean][] = [];
    client.on('message', (data, isBinary) => {
      if (opened === generation) requests.push(...requestsOf(data));
      if (upstream.readyState === WebSocket.OPEN) upstream.send(data, { binary: isBinary });
      else pending.push([data, isBinary]);
    });
    upstream.on('open', () => {
      for (const [d, isBinary] of pending.splice(0)) upstream.send(d, { binary: isBinary });
    });
    upstream.on('message', (data, isBinary) => {
      if (client.readyState === WebSocket.OPEN) client.send(data, { binary: isBinary });
    });
    const end = () => {
      client.terminate();
      upstream.terminate();
    };
    client.on('close', end).on('error', end);
    upstream.on('close', end).on('error', end);
  });
  await new Promise<void>((resolve) => wss.once('listening', () => resolve()));
  const address = wss.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `ws://127.0.0.1:${port}`,
    requests,
    get methods() {
      return requests.map((r) => r.method);
    },
    reset: () => {
      requests.splice(0);
      generation += 1;
    },
    close: async () => {
      for (const c of wss.clients) c.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}
