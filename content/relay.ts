// ISOLATED-world content script: relays the page's wallet requests to the background and the
// replies and events back. It forwards only what looks like ours, from this window, top frame.
import browser from 'webextension-polyfill';
import { EVENT_KIND, REQUEST_KIND, type EventEnvelope } from '../src/protocol/envelope.ts';
import { CONTENT_SOURCE, PAGE_SOURCE, type ContentEvent, type ContentReply, type PageRequest } from './bridge.ts';

const MAX_ID = 64;

function isPageRequest(data: unknown): data is PageRequest {
  const d = data as Partial<PageRequest> | null;
  return (
    typeof d === 'object' && d !== null && d.source === PAGE_SOURCE &&
    typeof d.id === 'string' && d.id.length > 0 && d.id.length <= MAX_ID &&
    typeof d.name === 'string' && d.name.startsWith('pub(')
  );
}

if (window.top === window) {
  window.addEventListener('message', (event: MessageEvent) => {
    if (event.source !== window || !isPageRequest(event.data)) return;
    const { id, name, request } = event.data;
    browser.runtime
      .sendMessage({ kind: REQUEST_KIND, id, name, request })
      .catch(() => ({ ok: false, error: { code: 'Disconnected', message: 'The wallet is not reachable; reload the page' } }))
      .then((reply: unknown) => {
        const out: ContentReply = { source: CONTENT_SOURCE, id, reply };
        window.postMessage(out, window.location.origin);
      });
  });

  browser.runtime.onMessage.addListener((message: unknown) => {
    const event = message as EventEnvelope | undefined;
    if (event?.kind !== EVENT_KIND) return undefined;
    const out: ContentEvent = { source: CONTENT_SOURCE, event: { name: event.name, payload: event.payload } };
    window.postMessage(out, window.location.origin);
    return undefined;
  });
}
