import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import type { Runtime } from 'webextension-polyfill';
import { messages, WalletError, type MessageName } from '../src/protocol/index.ts';
import { classifySender, createRouter, originOf, type Handlers } from './router.ts';

const ID = 'abcdefghijklmnopabcdefghijklmnop';
const BASE = `chrome-extension://${ID}/`;
const popup: Runtime.MessageSender = { id: ID, url: `${BASE}popup.html` };
const page: Runtime.MessageSender = { id: ID, url: 'https://app.example:8443/stake?x=1#y', tab: { id: 7 } as Runtime.MessageSender['tab'], frameId: 0 };

/** Handlers that record every call: a refused message must not reach any of them. */
function recordingHandlers() {
  const calls: string[] = [];
  const handlers = {} as Record<MessageName, (req: unknown) => unknown>;
  for (const name of Object.keys(messages) as MessageName[]) {
    handlers[name] = (req) => {
      calls.push(name);
      return { echoed: req };
    };
  }
  return { calls, handlers: handlers as unknown as Handlers };
}

const envelope = (name: string, request: unknown = {}) => ({ kind: 'taostake:request', id: '1', name, request });

describe('originOf', () => {
  it('strips a URL to its origin', () => {
    expect(originOf('https://app.example:8443/stake?x=1#y')).toBe('https://app.example:8443');
    expect(originOf('http://127.0.0.1:5173/')).toBe('http://127.0.0.1:5173');
  });
  it('has no origin for opaque or broken URLs', () => {
    expect(originOf('data:text/html,hi')).toBeUndefined();
    expect(originOf('not a url')).toBeUndefined();
    expect(originOf(undefined)).toBeUndefined();
  });
});

describe('classifySender', () => {
  it('recognises extension pages by URL and pages by their tab', () => {
    expect(classifySender(popup, ID, BASE)).toEqual({ kind: 'extension', url: popup.url });
    expect(classifySender(page, ID, BASE)).toEqual({ kind: 'page', origin: 'https://app.example:8443', url: page.url, tabId: 7, frameId: 0 });
  });
  it('rejects other extensions, tab-less pages and non-web schemes', () => {
    expect(classifySender({ ...popup, id: 'other' }, ID, BASE)).toBeUndefined();
    expect(classifySender({ id: ID, url: 'https://x.example/' }, ID, BASE)).toBeUndefined();
    expect(classifySender({ ...page, url: 'file:///etc/passwd' }, ID, BASE)).toBeUndefined();
    expect(classifySender({ ...page, url: `chrome-extension://${'b'.repeat(32)}/x.html` }, ID, BASE)).toBeUndefined();
  });
});

describe('router', () => {
  it('runs a known message from an allowed sender with the validated request', async () => {
    const { calls, handlers } = recordingHandlers();
    const route = createRouter(handlers, { extensionId: ID, extensionBaseUrl: BASE });
    expect(await route(envelope('pri(system.status)'), popup)).toEqual({ ok: true, response: { echoed: {} } });
    expect(await route(envelope('pub(system.ping)'), page)).toEqual({ ok: true, response: { echoed: {} } });
    expect(calls).toEqual(['pri(system.status)', 'pub(system.ping)']);
  });

  it.each([
    ['a non-envelope', { hello: 1 }, popup, 'BadRequest'],
    ['an unknown name', envelope('pri(nothing.here)'), popup, 'UnknownMessage'],
    ['an inherited property name', envelope('constructor'), popup, 'UnknownMessage'],
    ['a private message from a page', envelope('pri(system.status)'), page, 'Forbidden'],
    ['a public message from an extension page', envelope('pub(system.ping)'), popup, 'Forbidden'],
    ['a message from a sub-frame', envelope('pub(system.ping)'), { ...page, frameId: 3 }, 'Forbidden'],
    ['a message from another extension', envelope('pri(system.status)'), { ...popup, id: 'evil' }, 'Forbidden'],
    ['a wrong request shape', envelope('pri(system.status)', { unexpected: true }), popup, 'BadRequest'],
    ['a huge request', envelope('pub(system.ping)', { blob: 'x'.repeat(200_000) }), page, 'TooLarge'],
  ])('refuses %s with a typed error and calls no handler', async (_label, message, sender, code) => {
    const { calls, handlers } = recordingHandlers();
    const route = createRouter(handlers, { extensionId: ID, extensionBaseUrl: BASE });
    const reply = await route(message, sender);
    expect(reply).toMatchObject({ ok: false, error: { code } });
    expect(calls).toEqual([]);
  });

  it('turns handler failures into typed replies without leaking internals', async () => {
    const { handlers } = recordingHandlers();
    const log = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    (handlers as Record<string, unknown>)['pri(system.status)'] = () => {
      throw new WalletError('Locked', 'Unlock the wallet first');
    };
    (handlers as Record<string, unknown>)['pub(system.ping)'] = () => {
      throw new Error('secret mnemonic words in an internal message');
    };
    const route = createRouter(handlers, { extensionId: ID, extensionBaseUrl: BASE });
    expect(await route(envelope('pri(system.status)'), popup)).toEqual({ ok: false, error: { code: 'Locked', message: 'Unlock the wallet first' } });
    const reply = await route(envelope('pub(system.ping)'), page);
    expect(reply).toEqual({ ok: false, error: { code: 'Internal', message: 'Internal error in the wallet background' } });
    expect(JSON.stringify(log.mock.calls)).not.toContain('mnemonic');
    log.mockRestore();
  });

  it('applies the guard (rate limits) after the scope check and before size, schema and handler', async () => {
    const { calls, handlers } = recordingHandlers();
    const route = createRouter(handlers, {
      extensionId: ID,
      extensionBaseUrl: BASE,
      guard: (_name, from) => {
        if (from.kind === 'page') throw new WalletError('RateLimited', 'Too many requests');
      },
    });
    expect(await route(envelope('pub(system.ping)'), page)).toMatchObject({ ok: false, error: { code: 'RateLimited' } });
    // Junk from a rate-limited page is refused by the limiter too, so floods spend its tokens.
    expect(await route(envelope('pub(system.ping)', { blob: 'x'.repeat(200_000) }), page)).toMatchObject({ ok: false, error: { code: 'RateLimited' } });
    expect(await route(envelope('pri(system.status)'), popup)).toMatchObject({ ok: true });
    expect(calls).toEqual(['pri(system.status)']);
  });

  it('never throws and never calls a handler for arbitrary junk (fuzz)', async () => {
    const { calls, handlers } = recordingHandlers();
    const route = createRouter(handlers, { extensionId: ID, extensionBaseUrl: BASE });
    const junkName = fc.oneof(fc.string(), fc.constantFrom('pri(system.status', 'pub()', '__proto__', 'toString', 'pri(vault.unlock)'));
    const junk = fc.oneof(
      fc.anything(),
      fc.record({ kind: fc.constant('taostake:request'), id: fc.string(), name: junkName, request: fc.anything() }),
    );
    await fc.assert(
      fc.asyncProperty(junk, fc.constantFrom(page, { ...page, frameId: 2 }, { id: 'x' } as Runtime.MessageSender), async (message, sender) => {
        const reply = await route(message, sender);
        // Pages may only reach pub(system.ping) with an empty object; everything else is refused.
        if (reply.ok) expect(calls.at(-1)).toBe('pub(system.ping)');
        else expect(typeof reply.error.code).toBe('string');
      }),
      { numRuns: 2000 },
    );
    expect(calls.every((c) => c === 'pub(system.ping)')).toBe(true);
  });
});
