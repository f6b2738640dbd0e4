import browser from 'webextension-polyfill';
import {
  EVENT_KIND,
  REQUEST_KIND,
  WalletError,
  type EventEnvelope,
  type EventMap,
  type EventName,
  type PrivateName,
  type Reply,
  type RequestInput,
  type ResponseOf,
} from '../../src/protocol/index.ts';

let counter = 0;

/** Sends one private message to the background; resolves with its response or throws a WalletError. */
export async function send<N extends PrivateName>(name: N, request: RequestInput<N>): Promise<ResponseOf<N>> {
  const id = `${Date.now().toString(36)}-${(counter++).toString(36)}`;
  const reply = (await browser.runtime.sendMessage({ kind: REQUEST_KIND, id, name, request })) as Reply<ResponseOf<N>> | undefined;
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
  browser.runtime.onMessage.addListener(listener);
  return () => browser.runtime.onMessage.removeListener(listener);
}
