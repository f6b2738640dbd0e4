// The page <-> relay <-> background path with a stand-in window (an EventTarget with the
// postMessage semantics the two scripts rely on) and a stand-in for the extension messaging API,
// which cannot run outside a browser; the browser tests run the real thing.
/* eslint-disable @typescript-eslint/no-explicit-any -- the tests read loosely typed mock calls and page messages */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

type Listener = (message: unknown) => unknown;
/** A stand-in runtime.Port: the test closes it as the browser would (document unload, worker stop). */
interface FakePort {
  name: string;
  disconnect(): void;
  closed: () => void;
}
const runtime = vi.hoisted(() => ({
  sendMessage: vi.fn<(m: unknown) => Promise<unknown>>(),
  listeners: [] as ((message: unknown) => unknown)[],
  ports: [] as FakePort[],
}));
vi.mock('webextension-polyfill', () => ({
  default: {
    runtime: {
      sendMessage: runtime.sendMessage,
      onMessage: { addListener: (l: Listener) => runtime.listeners.push(l) },
      connect: ({ name }: { name: string }) => {
        const onClose: (() => void)[] = [];
        const port: FakePort = { name, disconnect: () => undefined, closed: () => onClose.forEach((l) => l()) };
        runtime.ports.push(port);
        return { name, disconnect: port.disconnect, onDisconnect: { addListener: (l: () => void) => onClose.push(l) } };
      },
    },
  },
}));

const ORIGIN = 'https://tao.app';

class FakeWindow extends EventTarget {
  readonly location = { origin: ORIGIN };
  readonly top = this;
  injectedWeb3?: Record<string, { enable(name: string): Promise<any> }>;
  /** Delivers like a browser: a structured clone, asynchronously, only to the matching origin. */
  postMessage(data: unknown, targetOrigin: string, source: unknown = this) {
    if (targetOrigin !== this.location.origin) return;
    const copy = structuredClone(data);
    setTimeout(() => {
      const event = new Event('message');
      Object.assign(event, { data: copy, source });
      this.dispatchEvent(event);
    }, 0);
  }
}

const tick = (ms = 5) => new Promise((r) => setTimeout(r, ms));
let win: FakeWindow;

async function load() {
  win = new FakeWindow();
  (globalThis as { window?: unknown }).window = win;
  vi.resetModules();
  const relay = await import('./relay.ts');
  await import('./inpage.ts');
  return relay;
}

beforeEach(() => {
  runtime.sendMessage.mockReset();
  runtime.listeners.length = 0;
  runtime.ports.length = 0;
});
afterEach(() => {
  delete (globalThis as { window?: unknown }).window;
});

describe('inpage + relay', () => {
  it('registers injectedWeb3.taostake; enable -> accounts/signer/metadata through the relay', async () => {
    await load();
    runtime.sendMessage.mockImplementation(async (m: any) => {
      if (m.name === 'pub(authorize.request)') return { ok: true, response: { authorized: true } };
      if (m.name === 'pub(accounts.list)') return { ok: true, response: [{ address: '5Grw', genesisHash: null, name: 'Alice' }] };
      if (m.name === 'pub(signer.signPayload)') return { ok: false, error: { code: 'Rejected', message: 'The user rejected the request' } };
      return { ok: false, error: { code: 'UnknownMessage', message: 'no' } };
    });
    const ext = win.injectedWeb3!.taostake!;
    const injected = await ext.enable('my dapp');
    expect(Object.keys(injected).sort()).toEqual(['accounts', 'metadata', 'signer']);
    expect(runtime.sendMessage.mock.calls[0]![0]).toMatchObject({ kind: 'taostake:request', name: 'pub(authorize.request)', request: { originName: 'my dapp' } });
    // Nothing the page says about its origin is sent: only the name, the request and the relay's document id.
    expect(Object.keys(runtime.sendMessage.mock.calls[0]![0] as object).sort()).toEqual(['document', 'id', 'kind', 'name', 'request']);
    expect(await injected.accounts.get()).toEqual([{ address: '5Grw', genesisHash: null, name: 'Alice' }]);
    await expect(injected.signer.signPayload({ address: '5Grw' })).rejects.toMatchObject({ message: 'The user rejected the request', code: 'Rejected' });
  });

  it('ignores messages that are not ours, not from this window, or not pub(...)', async () => {
    await load();
    runtime.sendMessage.mockResolvedValue({ ok: true, response: null });
    win.postMessage({ source: 'taostake-page', id: '1', name: 'pri(vault.unlock)', request: { password: 'x' } }, ORIGIN);
    win.postMessage({ source: 'taostake-page', id: '2', name: 'pub(accounts.list)', request: {} }, ORIGIN, { other: 'frame' });
    win.postMessage({ source: 'someone-else', id: '3', name: 'pub(accounts.list)', request: {} }, ORIGIN);
    win.postMessage({ source: 'taostake-page', id: 'x'.repeat(65), name: 'pub(accounts.list)', request: {} }, ORIGIN);
    win.postMessage({ source: 'taostake-page', id: 4, name: 'pub(accounts.list)', request: {} }, ORIGIN);
    win.postMessage('taostake-page', ORIGIN);
    win.postMessage(null, ORIGIN);
    await tick();
    expect(runtime.sendMessage).not.toHaveBeenCalled();
  });

  it('caps requests in flight, refuses oversized ones locally, and drops duplicate ids', async () => {
    await load();
    const replies: any[] = [];
    win.addEventListener('message', (e: any) => e.data?.source === 'taostake-content' && replies.push(e.data));
    runtime.sendMessage.mockImplementation(() => new Promise(() => undefined)); // the background never answers
    for (let i = 0; i < 40; i++) win.postMessage({ source: 'taostake-page', id: `f${i}`, name: 'pub(accounts.list)', request: {} }, ORIGIN);
    win.postMessage({ source: 'taostake-page', id: 'f0', name: 'pub(accounts.list)', request: {} }, ORIGIN);
    await vi.waitFor(() => expect(replies).toHaveLength(8));
    await tick(20);
    expect(runtime.sendMessage).toHaveBeenCalledTimes(32);
    expect(replies).toHaveLength(8);
    expect(replies.every((r) => r.reply.error.code === 'RateLimited')).toBe(true);
  });

  it('answers TooLarge without forwarding a huge request', async () => {
    await load();
    const replies: any[] = [];
    win.addEventListener('message', (e: any) => e.data?.source === 'taostake-content' && replies.push(e.data));
    win.postMessage({ source: 'taostake-page', id: 'big', name: 'pub(signer.signRaw)', request: { payload: { data: 'a'.repeat(13 * 1024 * 1024) } } }, ORIGIN);
    await vi.waitFor(() => expect(replies).toHaveLength(1), { timeout: 5000 });
    expect(runtime.sendMessage).not.toHaveBeenCalled();
    expect(replies).toEqual([{ source: 'taostake-content', id: 'big', reply: { ok: false, error: { code: 'TooLarge', message: 'Request too large' } } }]);
  });

  it('after a worker restart asks for the lost reply with pub(requests.resume)', async () => {
    await load();
    let signAttempts = 0;
    runtime.sendMessage.mockImplementation(async (m: any) => {
      if (m.name === 'pub(authorize.request)') return { ok: true, response: { authorized: true } };
      if (m.name === 'pub(signer.signRaw)' && signAttempts++ === 0) throw new Error('The message port closed before a response was received.');
      if (m.name === 'pub(requests.resume)') return { ok: true, response: { id: 1, signature: '0x01' } };
      throw new Error('unexpected');
    });
    const injected = await win.injectedWeb3!.taostake!.enable('x');
    const result = await injected.signer.signRaw({ address: 'a', data: '0x01', type: 'bytes' });
    expect(result).toEqual({ id: 1, signature: '0x01' });
    const names = runtime.sendMessage.mock.calls.map((c: any[]) => c[0].name);
    expect(names).toEqual(['pub(authorize.request)', 'pub(signer.signRaw)', 'pub(requests.resume)']);
    const signId = (runtime.sendMessage.mock.calls[1]![0] as any).id;
    expect((runtime.sendMessage.mock.calls[2]![0] as any).request).toEqual({ replyTo: signId });
  });

  it('a resume the background does not know ends in Disconnected', async () => {
    await load();
    runtime.sendMessage.mockRejectedValueOnce(new Error('port closed')).mockResolvedValueOnce({ ok: false, error: { code: 'NotFound', message: 'No such request' } });
    const replies: any[] = [];
    win.addEventListener('message', (e: any) => e.data?.source === 'taostake-content' && replies.push(e.data));
    win.postMessage({ source: 'taostake-page', id: 'r1', name: 'pub(accounts.list)', request: {} }, ORIGIN);
    await vi.waitFor(() => expect(replies).toHaveLength(1));
    expect(replies).toMatchObject([{ id: 'r1', reply: { ok: false, error: { code: 'Disconnected' } } }]);
  });

  it('passes events only for this origin: accounts to subscribers, a lost reply once', async () => {
    await load();
    runtime.sendMessage.mockImplementation(async (m: any) => {
      if (m.name === 'pub(accounts.subscribe)') return { ok: true, response: [] };
      if (m.name === 'pub(authorize.request)') return { ok: true, response: { authorized: true } };
      return new Promise(() => undefined);
    });
    const injected = await win.injectedWeb3!.taostake!.enable('x');
    const seen: unknown[][] = [];
    injected.accounts.subscribe((list: unknown[]) => void seen.push(list));
    await tick();
    const [listener] = runtime.listeners;
    listener!({ kind: 'taostake:event', name: 'dapp.accounts', payload: { origin: 'https://evil.example', accounts: [{ address: 'leak' }] } });
    listener!({ kind: 'taostake:event', name: 'dapp.accounts', payload: { origin: ORIGIN, accounts: [{ address: 'mine' }] } });
    await tick();
    expect(seen).toEqual([[], [{ address: 'mine' }]]);

    const pending = injected.signer.signRaw({ address: 'a', data: '0x01', type: 'bytes' });
    await tick();
    const id = (runtime.sendMessage.mock.calls.at(-1)![0] as any).id;
    const reply = { ok: true, response: { id: 7, signature: '0x07' } };
    listener!({ kind: 'taostake:event', name: 'dapp.reply', payload: { origin: 'https://evil.example', replyTo: id, reply: { ok: true, response: { id: 6, signature: '0xbad' } } } });
    listener!({ kind: 'taostake:event', name: 'dapp.reply', payload: { origin: ORIGIN, replyTo: id, reply } });
    listener!({ kind: 'taostake:event', name: 'dapp.reply', payload: { origin: ORIGIN, replyTo: id, reply: { ok: true, response: { id: 8, signature: '0x08' } } } });
    expect(await pending).toEqual({ id: 7, signature: '0x07' });
  });

  it('ties requests to this document: one connection named by its id, reopened only while requests wait, and the id on probe', async () => {
    await load();
    let answer: (v: unknown) => void = () => undefined;
    runtime.sendMessage.mockImplementation(async (m: any) => (m.name === 'pub(signer.signRaw)' ? new Promise((r) => (answer = r)) : { ok: true, response: { authorized: true } }));
    await tick();
    expect(runtime.ports).toHaveLength(0); // a page that never calls the wallet never wakes it
    const injected = await win.injectedWeb3!.taostake!.enable('x');
    expect(runtime.ports).toHaveLength(1);
    const documentId = (runtime.sendMessage.mock.calls[0]![0] as any).document as string;
    expect(documentId).toMatch(/^[0-9a-f]{32}$/);
    expect(runtime.ports[0]!.name).toBe(`taostake-document:${documentId}`);
    const [listener] = runtime.listeners;
    expect(await listener!({ kind: 'taostake:event', name: 'dapp.document', payload: {} })).toEqual({ document: documentId });

    // The worker stops while a request waits: the relay reconnects under the same id.
    const signed = injected.signer.signRaw({ address: 'a', data: '0x01', type: 'bytes' });
    await tick();
    runtime.ports[0]!.closed();
    await vi.waitFor(() => expect(runtime.ports).toHaveLength(2), { timeout: 2000 });
    expect(runtime.ports[1]!.name).toBe(`taostake-document:${documentId}`);
    expect((runtime.sendMessage.mock.calls.at(-1)![0] as any).document).toBe(documentId);
    answer({ ok: true, response: { id: 1, signature: '0x01' } });
    await signed;
    // Nothing waits now: a closed connection is left closed until the next request.
    runtime.ports[1]!.closed();
    await tick(400);
    expect(runtime.ports).toHaveLength(2);

    // Another document (a reload) has another id.
    await load();
    await win.injectedWeb3!.taostake!.enable('x');
    expect((runtime.sendMessage.mock.calls.at(-1)![0] as any).document).not.toBe(documentId);
  });
});
