import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { artifactPath, launchExtension, sendFromPage, servePages, type ExtensionSession, type PageServer } from './harness.ts';

// The foundation's end-to-end checks: the built extension loads in Chromium, the popup renders
// and talks to the background, and web pages see the injected wallet before their own scripts run.
describe('built extension in Chromium', () => {
  let session: ExtensionSession;
  let site: PageServer;

  beforeAll(async () => {
    session = await launchExtension();
    site = await servePages({
      '/': `<!doctype html><html><head><script>
        window.__sawAtStart = typeof window.injectedWeb3 === 'object' && window.injectedWeb3 !== null && 'taostake' in window.injectedWeb3;
        window.__enableType = window.__sawAtStart ? typeof window.injectedWeb3.taostake.enable : 'missing';
      </script></head><body>dApp</body></html>`,
    });
  });

  afterAll(async () => {
    await session?.close();
    await site?.close();
  });

  it('runs the background as a module service worker of this extension', () => {
    expect(session.worker.url()).toBe(`chrome-extension://${session.extensionId}/background.js`);
  });

  it('renders the popup, which reaches the background and back', async () => {
    const popup = await session.openPopup();
    await expect.poll(() => popup.getByTestId('background-status').isVisible(), { timeout: 10_000 }).toBe(true);
    const status = await sendFromPage<{ version: string; readyMs: number }>(popup, 'pri(system.status)', {});
    expect(status.version).toBe('0.1.0');
    expect(status.readyMs).toBeGreaterThanOrEqual(0);
    await popup.screenshot({ path: artifactPath('popup-start.png') });
    await popup.close();
  });

  it('answers unknown names, wrong shapes and wrong scopes with typed errors', async () => {
    const popup = await session.openPopup();
    await expect(sendFromPage(popup, 'pri(nope.nothing)', {})).rejects.toMatchObject({ code: 'UnknownMessage' });
    await expect(sendFromPage(popup, 'pri(system.status)', { extra: 1 })).rejects.toMatchObject({ code: 'BadRequest' });
    // A public (page) message from an extension page is refused: scopes are checked by sender.
    await expect(sendFromPage(popup, 'pub(system.ping)', {})).rejects.toMatchObject({ code: 'Forbidden' });
    const raw = await popup.evaluate(() => chrome.runtime.sendMessage({ hello: 'world' }));
    expect(raw).toMatchObject({ ok: false, error: { code: 'BadRequest' } });
    // Still healthy afterwards.
    await expect(sendFromPage(popup, 'pri(system.status)', {})).resolves.toMatchObject({ version: '0.1.0' });
    await popup.close();
  });

  it('survives a service worker restart (a new worker answers)', async () => {
    const popup = await session.openPopup();
    const before = await sendFromPage<{ startedAt: number }>(popup, 'pri(system.status)', {});
    await session.restartWorker();
    const after = await sendFromPage<{ startedAt: number }>(popup, 'pri(system.status)', {});
    expect(after.startedAt).toBeGreaterThan(before.startedAt);
    await popup.close();
  });

  it('injects window.injectedWeb3.taostake synchronously at document start', async () => {
    const page = await session.context.newPage();
    await page.goto(site.url('/'));
    expect(await page.evaluate(() => (window as unknown as { __sawAtStart: boolean }).__sawAtStart)).toBe(true);
    expect(await page.evaluate(() => (window as unknown as { __enableType: string }).__enableType)).toBe('function');
    await page.close();
  });

  it('lets a page reach public messages only, through the relay', async () => {
    const page = await session.context.newPage();
    await page.goto(site.url('/'));
    const result = await page.evaluate(async () => {
      const ask = (name: string) =>
        new Promise<unknown>((resolve) => {
          const id = `p-${Math.random()}`;
          const onMessage = (event: MessageEvent) => {
            if (event.data?.source === 'taostake-content' && event.data.id === id) {
              window.removeEventListener('message', onMessage);
              resolve(event.data.reply);
            }
          };
          window.addEventListener('message', onMessage);
          window.postMessage({ source: 'taostake-page', id, name, request: {} }, location.origin);
          setTimeout(() => resolve('no reply'), 3000);
        });
      return { ping: await ask('pub(system.ping)'), secret: await ask('pri(system.status)') };
    });
    expect(result.ping).toEqual({ ok: true, response: { pong: true } });
    // The relay does not even forward private names; nothing comes back.
    expect(result.secret).toBe('no reply');
    await page.close();
  });
});
