/** What an RPC method handler gets: the node and the connection it was called on. */
import type { DevnetNode } from '../node.ts';

export interface Connection {
  /**
   * Starts a subscription whose notifications go out as `notifyMethod`. `start` gets an `emit`
   * function (calls before the subscription id has been answered are delivered after it) and
   * returns the cleanup to run on unsubscribe or disconnect. Returns the subscription id.
   */
  subscribe(notifyMethod: string, start: (emit: (result: unknown) => void) => () => void): string;
  unsubscribe(id: unknown): boolean;
  /**
   * Calls `then` once this connection has been sent the answer to a read of `System.Events` at
   * `blockHash` and has no other request naming that block still unanswered, or after
   * `maxWaitMs` if it never reads them. Returns a cancel function.
   */
  afterEventsRead(blockHash: string, maxWaitMs: number, then: () => void): () => void;
}

export interface MethodContext {
  node: DevnetNode;
  conn: Connection;
}

export type MethodHandler = (params: unknown[], ctx: MethodContext) => unknown;
export type MethodTable = Record<string, MethodHandler>;
