/**
 * The JSON-RPC 2.0 server over WebSocket (the `ws` package) and plain HTTP POST, bound to
 * 127.0.0.1. Frames larger than `maxPayloadBytes` close the connection (ws close code 1009);
 * each connection keeps its own subscriptions (capped) and drops them when it closes; a bad
 * request gets a JSON-RPC error and never takes the process down.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { INTERNAL_ERROR, INVALID_REQUEST, METHOD_NOT_FOUND, PARSE_ERROR, RpcError } from './errors.ts';
import type { Connection, MethodTable } from './methods/types.ts';
import type { DevnetNode } from './node.ts';

export interface ServerOptions {
  host: string;
  port: number;
  /** Largest accepted request frame or HTTP body. */
  maxPayloadBytes: number;
  maxSubscriptionsPerConnection: number;
  maxBatch: number;
}

export const DEFAULT_SERVER_OPTIONS: Omit<ServerOptions, 'port'> = {
  host: '127.0.0.1',
  maxPayloadBytes: 4 * 1024 * 1024,
  maxSubscriptionsPerConnection: 1024,
  maxBatch: 100,
};

type Id = string | number | null;
interface Response {
  jsonrpc: '2.0';
  id: Id;
  result?: unknown;
  error?: { code: number; message: string; data?: unknown };
}

let subscriptionCounter = 0;

/** JSON with bigints as decimal strings (a handler returning a bigint is a bug, but must not crash). */
function toJson(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
}

function errorResponse(id: Id, e: unknown): Response {
  if (e instanceof RpcError) {
    return { jsonrpc: '2.0', id, error: e.data === undefined ? { code: e.code, message: e.message } : { code: e.code, message: e.message, data: e.data } };
  }
  console.error('[devnet] internal error:', e);
  return { jsonrpc: '2.0', id, error: { code: INTERNAL_ERROR, message: `Internal error: ${(e as Error)?.message ?? String(e)}` } };
}

class WsConnection implements Connection {
  private readonly subs = new Map<string, () => void>();
  /** Notifications emitted before their subscription id was answered. */
  private readonly held = new Map<string, string[]>();

  constructor(private readonly socket: WebSocket | undefined, private readonly maxSubs: number) {}

  subscribe(notifyMethod: string, start: (emit: (result: unknown) => void) => () => void): string {
    if (!this.socket) throw new RpcError(METHOD_NOT_FOUND, 'Subscriptions are not supported over HTTP');
    if (this.subs.size >= this.maxSubs) throw new RpcError(-32000, `Too many subscriptions on this connection (max ${this.maxSubs})`);
    const id = `devnet-${(++subscriptionCounter).toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
    this.held.set(id, []);
    const emit = (result: unknown): void => {
      if (!this.subs.has(id)) return;
      const text = toJson({ jsonrpc: '2.0', method: notifyMethod, params: { subscription: id, result } });
      const held = this.held.get(id);
      if (held) held.push(text);
      else this.send(text);
    };
    this.subs.set(id, () => undefined);
    const cleanup = start(emit);
    this.subs.set(id, cleanup);
    return id;
  }

  /** Sends what a subscription emitted while its id was being answered. */
  release(id: unknown): void {
    if (typeof id !== 'string') return;
    const held = this.held.get(id);
    this.held.delete(id);
    for (const text of held ?? []) this.send(text);
  }

  unsubscribe(id: unknown): boolean {
    if (typeof id !== 'string' && typeof id !== 'number') return false;
    const key = String(id);
    const cleanup = this.subs.get(key);
    if (!cleanup) return false;
    this.subs.delete(key);
    this.held.delete(key);
    cleanup();
    return true;
  }

  closeAll(): void {
    for (const id of [...this.subs.keys()]) this.unsubscribe(id);
  }

  send(text: string): void {
    if (this.socket && this.socket.readyState === this.socket.OPEN) this.socket.send(text);
  }

  get subscriptionCount(): number {
    return this.subs.size;
  }
}

export class RpcServer {
  private readonly http: Server;
  private readonly wss: WebSocketServer;
  private readonly connections = new Set<WsConnection>();

  private constructor(private readonly node: DevnetNode, private readonly methods: MethodTable, private readonly options: ServerOptions) {
    this.http = createServer((req, res) => this.onHttp(req, res));
    this.http.on('clientError', (_err, socket) => socket.destroy());
    this.wss = new WebSocketServer({ server: this.http, maxPayload: options.maxPayloadBytes });
    this.wss.on('error', (e) => console.error('[devnet] websocket server error:', e));
    this.wss.on('connection', (socket) => this.onConnection(socket));
  }

  static async listen(node: DevnetNode, methods: MethodTable, options: ServerOptions): Promise<RpcServer> {
    const server = new RpcServer(node, methods, options);
    await new Promise<void>((resolve, reject) => {
      server.http.once('error', reject);
      server.http.listen(options.port, options.host, () => {
        server.http.off('error', reject);
        server.http.on('error', (e) => console.error('[devnet] http server error:', e));
        resolve();
      });
    });
    return server;
  }

  get port(): number {
    return (this.http.address() as AddressInfo).port;
  }

  get connectionCount(): number {
    return this.connections.size;
  }

  private onConnection(socket: WebSocket): void {
    const conn = new WsConnection(socket, this.options.maxSubscriptionsPerConnection);
    this.connections.add(conn);
    socket.on('message', (data, isBinary) => {
      const text = isBinary ? Buffer.from(data as Buffer).toString('utf8') : data.toString();
      void this.handleText(text, conn).then((out) => {
        if (out !== undefined) conn.send(out.text);
        for (const id of out?.subscriptions ?? []) conn.release(id);
      });
    });
    socket.on('error', () => socket.terminate());
    socket.on('close', () => {
      conn.closeAll();
      this.connections.delete(conn);
    });
  }

  private onHttp(req: IncomingMessage, res: ServerResponse): void {
    if (req.method !== 'POST') {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end('TaoStake devnet: JSON-RPC over WebSocket or HTTP POST\n');
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > this.options.maxPayloadBytes) {
        res.writeHead(413, { 'content-type': 'application/json' });
        res.end(toJson({ jsonrpc: '2.0', id: null, error: { code: INVALID_REQUEST, message: 'Request too large' } }));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (res.writableEnded) return;
      const conn = new WsConnection(undefined, 0);
      void this.handleText(Buffer.concat(chunks).toString('utf8'), conn).then((out) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(out?.text ?? '');
      });
    });
    req.on('error', () => res.destroy());
  }

  /** Handles one frame (a request or a batch); resolves to the reply text, if any. */
  private async handleText(text: string, conn: WsConnection): Promise<{ text: string; subscriptions: unknown[] } | undefined> {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      return { text: toJson({ jsonrpc: '2.0', id: null, error: { code: PARSE_ERROR, message: 'Parse error' } }), subscriptions: [] };
    }
    if (Array.isArray(parsed)) {
      if (parsed.length === 0) return { text: toJson(errorResponse(null, new RpcError(INVALID_REQUEST, 'Invalid request: empty batch'))), subscriptions: [] };
      if (parsed.length > this.options.maxBatch) {
        return { text: toJson(errorResponse(null, new RpcError(INVALID_REQUEST, `Invalid request: batch larger than ${this.options.maxBatch}`))), subscriptions: [] };
      }
      const replies: Response[] = [];
      for (const item of parsed) {
        const r = await this.handleRequest(item, conn);
        if (r) replies.push(r);
      }
      return replies.length ? { text: toJson(replies), subscriptions: replies.map((r) => r.result) } : undefined;
    }
    const reply = await this.handleRequest(parsed, conn);
    return reply ? { text: toJson(reply), subscriptions: [reply.result] } : undefined;
  }

  private async handleRequest(req: unknown, conn: WsConnection): Promise<Response | undefined> {
    if (typeof req !== 'object' || req === null || Array.isArray(req)) return errorResponse(null, new RpcError(INVALID_REQUEST, 'Invalid request'));
    const { jsonrpc, method, params, id } = req as Record<string, unknown>;
    if (process.env['DEVNET_TRACE']) console.log('RPC', Date.now() % 100000, method, JSON.stringify(params).slice(0, 80));
    const validId = id === undefined || id === null || typeof id === 'string' || (typeof id === 'number' && Number.isFinite(id));
    const replyId: Id = validId ? ((id ?? null) as Id) : null;
    if (jsonrpc !== '2.0' || typeof method !== 'string' || !validId) return errorResponse(replyId, new RpcError(INVALID_REQUEST, 'Invalid request'));
    if (params !== undefined && !Array.isArray(params)) return errorResponse(replyId, new RpcError(-32602, 'Invalid params: params must be an array'));
    const isNotification = id === undefined;
    const handler = Object.prototype.hasOwnProperty.call(this.methods, method) ? this.methods[method] : undefined;
    if (!handler) return isNotification ? undefined : errorResponse(replyId, new RpcError(METHOD_NOT_FOUND, 'Method not found'));
    try {
      const result = await handler((params as unknown[] | undefined) ?? [], { node: this.node, conn });
      return isNotification ? undefined : { jsonrpc: '2.0', id: replyId, result: result === undefined ? null : result };
    } catch (e) {
      return isNotification ? undefined : errorResponse(replyId, e);
    }
  }

  async close(): Promise<void> {
    for (const conn of this.connections) conn.closeAll();
    for (const client of this.wss.clients) client.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
    await new Promise<void>((resolve) => this.http.close(() => resolve()));
  }
}
