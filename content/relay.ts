// ISOLATED-world content script: relays the page's wallet requests to the background and the
// replies and events back. It forwards only what looks like ours, from this window, top frame;
// it adds nothing the background trusts (the origin comes from the browser's sender info).
import browser from 'webextension-polyfill';
import { EVENT_KIND, REQUEST_KIND, type EventEnvelope } from '../src/protocol/envelope.ts';
import { CONTENT_SOURCE, DOCUMENT_PORT_PREFIX, DOCUMENT_PROBE, MAX_ID_LENGTH, MAX_IN_FLIGHT, MAX_RELAY_BYTES, PAGE_SOURCE, type ContentEvent, type ContentReply, type PageRequest } from './bridge.ts';

type WireReply = { ok: boolean; response?: unknown; error?: { code: string; message: string } };

/** How often, and how far apart, the relay asks a restarted worker for a lost reply. */
const RESUME_ATTEMPTS = 5;
const RESUME_DELAY_MS = 300;
/** Reopenings of the document connection (worker restarts) one document makes at most. */
const MAX_RECONNECTS = 50;

export function isPageRequest(data: unknown): data is PageRequest {
  const d = data as Partial<PageRequest> | null;
  return (
    typeof d === 'object' && d !== null && d.source === PAGE_SOURCE &&
    typeof d.id === 'string' && d.id.length > 0 && d.id.length <= MAX_ID_LENGTH &&
    typeof d.name === 'string' && d.name.length <= 100 && d.name.startsWith('pub(')
  );
}

/** JSON size of a request, or Infinity when it cannot be serialised (cycles, BigInt). */
export function requestSize(value: unknown): number {
  try {
    return JSON.stringify(value ?? null)?.length ?? 0;
  } catch {
    return Infinity;
  }
}

const failure = (code: string, message: string): WireReply => ({ ok: false, error: { code, message } });

function newDocumentId(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
}

export function startRelay(win: Window = window) {
  const inFlight = new Set<string>();
  const origin = win.location.origin;
  // This document's id: its requests live as long as it does. The page cannot read it (this is
  // the isolated world), and it decides nothing but which requests die with this document.
  const documentId = newDocumentId();
  let port: browser.Runtime.Port | null = null;
  let reconnects = 0;

  /**
   * Opened with the first request (a page that never uses the wallet never wakes the worker); the
   * browser closes it when the document unloads. It also closes when the worker stops: then it is
   * reopened while requests wait, so the new worker knows this document is still here.
   */
  const connect = () => {
    if (port) return;
    try {
      port = browser.runtime.connect({ name: `${DOCUMENT_PORT_PREFIX}${documentId}` });
    } catch {
      return; // extension reloaded: requests fail on their own
    }
    port.onDisconnect.addListener(() => {
      port = null;
      if (inFlight.size > 0 && reconnects++ < MAX_RECONNECTS) setTimeout(connect, RESUME_DELAY_MS);
    });
  };

  const answer = (id: string, reply: unknown) => {
    if (!inFlight.delete(id)) return; // already answered (a resumed reply and an event can race)
    const out: ContentReply = { source: CONTENT_SOURCE, id, reply };
    win.postMessage(out, origin);
  };

  const send = (id: string, name: string, request: unknown) => {
    connect();
    return browser.runtime.sendMessage({ kind: REQUEST_KIND, id, name, request, document: documentId }) as Promise<WireReply | undefined>;
  };

  /** The worker died while this request waited (an approval can take minutes): ask the new one. */
  async function resume(id: string): Promise<WireReply> {
    for (let attempt = 0; attempt < RESUME_ATTEMPTS && inFlight.has(id); attempt++) {
      await new Promise((r) => setTimeout(r, RESUME_DELAY_MS * attempt));
      try {
        const reply = await send(`${id.slice(0, 56)}~r${attempt}`, 'pub(requests.resume)', { replyTo: id });
        if (reply && !(reply.ok === false && reply.error?.code === 'NotFound')) return reply;
        break;
      } catch {
        // still restarting: try again
      }
    }
    return failure('Disconnected', 'The wallet is not reachable; reload the page');
  }

  win.addEventListener('message', (event: MessageEvent) => {
    if (event.source !== win || !isPageRequest(event.data)) return;
    const { id, name, request } = event.data;
    if (inFlight.has(id)) return; // a duplicate id cannot be answered unambiguously: drop it
    inFlight.add(id);
    if (inFlight.size > MAX_IN_FLIGHT) return answer(id, failure('RateLimited', 'Too many wallet requests at once from this page'));
    if (requestSize(request) > MAX_RELAY_BYTES) return answer(id, failure('TooLarge', 'Request too large'));
    send(id, name, request).then(
      (reply) => answer(id, reply ?? failure('Disconnected', 'The wallet did not answer')),
      () => resume(id).then((reply) => answer(id, reply)),
    );
  });

  browser.runtime.onMessage.addListener((message: unknown) => {
    const event = message as EventEnvelope | undefined;
    if (event?.kind !== EVENT_KIND) return undefined;
    if (event.name === DOCUMENT_PROBE) return Promise.resolve({ document: documentId });
    const payload = event.payload as { origin?: string; replyTo?: string; reply?: unknown } | undefined;
    // Meant for the origin that subscribed or asked; if the tab has navigated since, drop it.
    if (payload?.origin !== origin) return undefined;
    if (event.name === 'dapp.reply' && typeof payload.replyTo === 'string') answer(payload.replyTo, payload.reply);
    else if (event.name === 'dapp.accounts') {
      const out: ContentEvent = { source: CONTENT_SOURCE, event: { name: event.name, payload: event.payload } };
      win.postMessage(out, origin);
    }
    return undefined;
  });
}

if (typeof window !== 'undefined' && window.top === window) startRelay();
