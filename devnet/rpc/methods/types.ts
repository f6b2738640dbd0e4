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
}

export interface MethodContext {
  node: DevnetNode;
  conn: Connection;
}

export type MethodHandler = (params: unknown[], ctx: MethodContext) => unknown;
export type MethodTable = Record<string, MethodHandler>;
