/**
 * The JSON-RPC 2.0 server over WebSocket (the `ws` package) and plain HTTP POST, bound to
 * 127.0.0.1. Frames larger than `maxPayloadBytes` close the connection (ws close code 1009);
 * each connection keeps its own subscriptions (capped) and drops them when it closes; a bad
 * request gets a JSON-RPC error and never takes the process down.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { u8aConcat, u8aToHex } from '@polkadot/util';
import { xxhashAsU8a } from '@polkadot/util-crypto';
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

/** The storage key of `System.Events`, whose read at a block tells a client what its extrinsic did. */
const SYSTEM_EVENTS_KEY = u8aToHex(u8aConcat(xxhashAsU8a('System', 128), xxhashAsU8a('Events', 128)));
const HASH = /^0x[0-9a-fA-F]{64}$/;
/** After the events answer went out, the next notification waits this long so it is a separate frame. */
const AFTER_READ_SETTLE_MS = 10;

/** What one request named: the block hashes among its params, and whether it read System.Events at one. */
interface RequestReads {
  hashes: string[];
  eventsAt: string | null;
}

function readsOf(method: string, params: unknown[]): RequestReads {
  const hashes = params.filter((p): p is string => typeof p === 'string' && HASH.test(p)).map((h) => h.toLowerCase());
  let eventsAt: string | null = null;
  const [keys, at] = params;
  const isEventsKey = (k: unknown): boolean => typeof k === 'string' && k.toLowerCase() === SYSTEM_EVENTS_KEY;
  if (typeof at === 'string' && HASH.test(at)) {
    if ((method === 'state_getStorage' || method === 'state_getStorageAt') && isEventsKey(keys)) eventsAt = at.toLowerCase();
    if (method === 'state_queryStorageAt' && Array.isArray(keys) && keys.some(isEventsKey)) eventsAt = at.toLowerCase();
  }
  return { hashes, eventsAt };
}

interface EventsWait {
  hash: string;
  read: boolean;
  fire: () => void;
}

class WsConnection implements Connection {
  private readonly subs = new Map<string, () => void>();
  /** Notifications emitted before their subscription id was answered. */
  private readonly held = new Map<string, string[]>();
  /** Unanswered requests per block hash they name. */
  private readonly inFlight = new Map<string, number>();
  private readonly eventWaits = new Set<EventsWait>();

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
    for (const wait of [...this.eventWaits]) wait.fire = () => undefined;
    this.eventWaits.clear();
  }

  afterEventsRead(blockHash: string, maxWaitMs: number, then: () => void): () => void {
    let done = false;
    const wait: EventsWait = {
      hash: blockHash.toLowerCase(),
      read: false,
      fire: () => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        this.eventWaits.delete(wait);
        then();
      },
    };
    const timer = setTimeout(() => wait.fire(), maxWaitMs);
    timer.unref?.();
    this.eventWaits.add(wait);
    return () => {
      done = true;
      clearTimeout(timer);
      this.eventWaits.delete(wait);
    };
  }

  /** A request naming these blocks is being handled. */
  requestStarted(reads: RequestReads): void {
    for (const h of reads.hashes) this.inFlight.set(h, (this.inFlight.get(h) ?? 0) + 1);
  }

  /** The answers to these requests have been sent. */
  requestsAnswered(reads: RequestReads[]): void {
    for (const r of reads) {
      for (const h of r.hashes) {
        const n = (this.inFlight.get(h) ?? 1) - 1;
        if (n > 0) this.inFlight.set(h, n);
        else this.inFlight.delete(h);
      }
      if (r.eventsAt) for (const wait of this.eventWaits) if (wait.hash === r.eventsAt) wait.read = true;
    }
    for (const wait of this.eventWaits) {
      if (wait.read && !this.inFlight.has(wait.hash)) {
        wait.read = false; // fire once, from the timer below
        setTimeout(() => wait.fire(), AFTER_READ_SETTLE_MS).unref?.();
      }
    }
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
      const reads: RequestReads[] = [];
      void this.handleText(text, conn, reads).then((out) => {
        if (out !== undefined) conn.send(out.text);
        for (const id of out?.subscriptions ?? []) conn.release(id);
        conn.requestsAnswered(reads);
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
  private async handleText(text: string, conn: WsConnection, reads: RequestReads[] = []): Promise<{ text: string; subscriptions: unknown[] } | undefined> {
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
        const r = await this.handleRequest(item, conn, reads);
        if (r) replies.push(r);
      }
      return replies.length ? { text: toJson(replies), subscriptions: replies.map((r) => r.result) } : undefined;
    }
    const reply = await this.handleRequest(parsed, conn, reads);
    return reply ? { text: toJson(reply), subscriptions: [reply.result] } : undefined;
  }

  /** Handles one request; what it names goes in `reads`, so the connection knows once its answer is sent. */
  private async handleRequest(req: unknown, conn: WsConnection, reads: RequestReads[]): Promise<Response | undefined> {
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
    const named = readsOf(method, (params as unknown[] | undefined) ?? []);
    reads.push(named);
    conn.requestStarted(named);
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
