// Service worker entry. The message listener is registered synchronously, before anything is
// awaited, so a message that wakes the worker is never lost; it waits for the services instead.
import browser from 'webextension-polyfill';
import { DOCUMENT_ID, DOCUMENT_PORT_PREFIX, DOCUMENT_PROBE } from '../content/bridge.ts';
import { EVENT_KIND, type EventEnvelope } from '../src/protocol/index.ts';
import { createHandlers } from './handlers.ts';
import { storageAreaStore } from './platform/storage.ts';
import { classifySender, createRouter } from './router.ts';
import { createServices, type Platform } from './services.ts';

const startedAt = Date.now();

const platform: Platform = {
  local: storageAreaStore(browser.storage.local),
  session: storageAreaStore(browser.storage.session),
  events: {
    toExtension(name, payload) {
      const event: EventEnvelope = { kind: EVENT_KIND, name, payload };
      browser.runtime.sendMessage(event).catch(() => undefined); // no page open: nobody to tell
    },
    toTab(tabId, name, payload) {
      const event: EventEnvelope = { kind: EVENT_KIND, name, payload };
      browser.tabs.sendMessage(tabId, event, { frameId: 0 }).catch(() => undefined);
    },
  },
  async openWindow(path) {
    const win = await browser.windows.create({ url: browser.runtime.getURL(path), type: 'popup', width: 400, height: 640 });
    return win.id;
  },
  async closeWindow(windowId) {
    await browser.windows.remove(windowId);
  },
  async documentOf(tabId) {
    const probe: EventEnvelope = { kind: EVENT_KIND, name: DOCUMENT_PROBE, payload: {} };
    const reply = (await browser.tabs.sendMessage(tabId, probe, { frameId: 0 }).catch(() => null)) as { document?: unknown } | null;
    return typeof reply?.document === 'string' ? reply.document : null;
  },
  now: () => Date.now(),
};

const ready = (async () => {
  // Content scripts must never read the session area (it holds the unlocked session key).
  const session = browser.storage.session as { setAccessLevel?: (o: { accessLevel: string }) => Promise<void> };
  await session.setAccessLevel?.({ accessLevel: 'TRUSTED_CONTEXTS' }).catch(() => undefined);
  const services = await createServices(platform);
  const handlers = createHandlers(services, { version: browser.runtime.getManifest().version, startedAt, readyAt: Date.now() });
  const route = createRouter(handlers, { extensionId: browser.runtime.id, extensionBaseUrl: browser.runtime.getURL(''), guard: services.dapp.guard });
  // Requests whose page went away while no worker ran are withdrawn now.
  void services.dapp.sweepDocuments().catch(() => undefined);
  return { services, route };
})();
const route = ready.then((r) => r.route);

browser.runtime.onMessage.addListener((message: unknown, sender: browser.Runtime.MessageSender) =>
  route.then((handle) => handle(message, sender)),
);

// Closing an approval window counts as reject; a closed tab's requests have nobody left to answer.
// Registered synchronously too: the close event may be what wakes the worker.
browser.windows.onRemoved.addListener((windowId: number) => {
  void ready.then(({ services }) => services.dapp.onWindowClosed(windowId)).catch(() => undefined);
});
browser.tabs.onRemoved.addListener((tabId: number) => {
  void ready.then(({ services }) => services.dapp.onTabClosed(tabId)).catch(() => undefined);
});

// A dApp relay's connection: it lives as long as its page document, so its opening (a new
// document in the tab) and its closing (reload, navigation, tab close) withdraw stale requests.
browser.runtime.onConnect.addListener((port: browser.Runtime.Port) => {
  if (!port.name.startsWith(DOCUMENT_PORT_PREFIX)) return port.disconnect();
  const document = port.name.slice(DOCUMENT_PORT_PREFIX.length);
  const from = port.sender && classifySender(port.sender, browser.runtime.id, browser.runtime.getURL(''));
  if (!DOCUMENT_ID.test(document) || from?.kind !== 'page' || from.frameId !== 0) return port.disconnect();
  const tabId = from.tabId;
  void ready.then(({ services }) => services.dapp.documentOpened(tabId, document)).catch(() => undefined);
  port.onDisconnect.addListener(() => {
    void ready.then(({ services }) => services.dapp.documentClosed(tabId, document)).catch(() => undefined);
  });
});
