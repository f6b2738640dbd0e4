// The popup's line to the background. Deliberately light: no polyfill and no request schemas
// (the background validates every message), so the first screen loads less JavaScript.
import type { EventEnvelope, EventMap, EventName, PrivateName, Reply, RequestInput, ResponseOf } from '../../src/protocol/index.ts';
import { EVENT_KIND, REQUEST_KIND } from '../../src/protocol/envelope.ts';
import { WalletError } from '../../src/protocol/errors.ts';

type Listener = (message: unknown) => void;
interface Runtime {
  sendMessage(message: unknown): Promise<unknown>;
  onMessage: { addListener(l: Listener): void; removeListener(l: Listener): void };
}

/** Firefox has a promise-based `browser`; Chromium's MV3 `chrome.runtime.sendMessage` returns a promise too. */
function runtime(): Runtime {
  return (globalThis as { browser?: { runtime: Runtime } }).browser?.runtime ?? (globalThis as unknown as { chrome: { runtime: Runtime } }).chrome.runtime;
}

let counter = 0;

/** Sends one private message to the background; resolves with its response or throws a WalletError. */
export async function send<N extends PrivateName>(name: N, request: RequestInput<N>): Promise<ResponseOf<N>> {
  const id = `${Date.now().toString(36)}-${(counter++).toString(36)}`;
  let reply: Reply<ResponseOf<N>> | undefined;
  try {
    reply = (await runtime().sendMessage({ kind: REQUEST_KIND, id, name, request })) as Reply<ResponseOf<N>> | undefined;
  } catch (e) {
    throw new WalletError('Disconnected', `The wallet background did not answer (${e instanceof Error ? e.message : String(e)})`);
  }
  if (!reply) throw new WalletError('Disconnected', 'The wallet background did not answer');
  if (!reply.ok) throw WalletError.fromWire(reply.error);
  return reply.response;
}

/** Subscribes to one background event; returns the unsubscribe function. */
export function onEvent<N extends EventName>(name: N, callback: (payload: EventMap[N]) => void): () => void {
  const listener = (message: unknown) => {
    const event = message as EventEnvelope | undefined;
    if (event?.kind === EVENT_KIND && event.name === name) callback(event.payload as EventMap[N]);
  };
  runtime().onMessage.addListener(listener);
  return () => runtime().onMessage.removeListener(listener);
}
