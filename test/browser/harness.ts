/**
 * Real-browser harness: Debian's Chromium, headless, with the built extension (dist/) loaded.
 * Every test gets a fresh profile, so nothing leaks between files.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, resolve } from 'node:path';
import type { AddressInfo } from 'node:net';
import { chromium, type BrowserContext, type Page, type Worker } from 'playwright-core';

export const ROOT = resolve(import.meta.dirname, '../..');
export const DIST = resolve(ROOT, 'dist');
export const ARTIFACTS = resolve(ROOT, 'test-artifacts');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export interface ExtensionSession {
  context: BrowserContext;
  extensionId: string;
  /** The current service worker (replaced after restartWorker()). */
  worker: Worker;
  /** chrome-extension://<id>/popup.html[#hash] in a new tab. */
  openPopup(hash?: string): Promise<Page>;
  /** Stops the service worker the way Chromium does when it goes idle, then wakes it again. */
  restartWorker(): Promise<Worker>;
  close(): Promise<void>;
}

export async function launchExtension(options: { dist?: string } = {}): Promise<ExtensionSession> {
  const dist = options.dist ?? DIST;
  const profile = mkdtempSync(resolve(tmpdir(), 'taostake-profile-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 400, height: 640 },
    args: [
      `--disable-extensions-except=${dist}`,
      `--load-extension=${dist}`,
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
    ignoreDefaultArgs: ['--disable-extensions', '--disable-component-extensions-with-background-pages'],
  });
  let worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker', { timeout: 15_000 }));
  const extensionId = new URL(worker.url()).host;

  const session: ExtensionSession = {
    context,
    extensionId,
    worker,
    async openPopup(hash = '') {
      const page = await context.newPage();
      await page.goto(`chrome-extension://${extensionId}/popup.html${hash}`);
      return page;
    },
    async restartWorker() {
      // Closing the worker's target is what Chromium does to an idle worker: memory is gone,
      // storage.session stays. The next extension message starts a fresh one; we know it is
      // fresh when it reports a later start time.
      const waker = await context.newPage();
      await waker.goto(`chrome-extension://${extensionId}/popup.html#/wake`);
      const startedAt = async () => (await sendFromPage<{ startedAt: number }>(waker, 'pri(system.status)', {})).startedAt;
      const before = await startedAt();
      const cdp = await context.browser()!.newBrowserCDPSession();
      const { targetInfos } = (await cdp.send('Target.getTargets')) as { targetInfos: { targetId: string; type: string; url: string }[] };
      const target = targetInfos.find((t) => t.type === 'service_worker' && t.url.startsWith(`chrome-extension://${extensionId}/`));
      if (!target) throw new Error('service worker target not found');
      const started = context.waitForEvent('serviceworker', { timeout: 5_000 }).catch(() => undefined);
      await cdp.send('Target.closeTarget', { targetId: target.targetId });
      await cdp.detach();
      await waitFor(async () => (await startedAt().catch(() => before)) > before, 15_000);
      await waker.close();
      worker = (await Promise.race([started, new Promise<undefined>((r) => setTimeout(r, 500))])) ?? context.serviceWorkers().at(-1) ?? worker;
      session.worker = worker;
      return worker;
    },
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
  return session;
}

async function waitFor(predicate: () => boolean | Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await predicate())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
}

const MIME: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.json': 'application/json' };

export interface PageServer {
  origin: string;
  url(path?: string): string;
  close(): Promise<void>;
}

/** Serves the given files (path -> content) on 127.0.0.1 at a free port. */
export async function servePages(files: Record<string, string | Buffer>): Promise<PageServer> {
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    const body = files[path] ?? (path.endsWith('/') ? files[`${path}index.html`] : undefined);
    if (body === undefined) {
      res.writeHead(404).end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': MIME[extname(path) || '.html'] ?? 'application/octet-stream', 'cache-control': 'no-store' });
    res.end(body);
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  return {
    origin,
    url: (path = '/') => `${origin}${path}`,
    close: () => new Promise<void>((ok) => server.close(() => ok())),
  };
}

/** test-artifacts/<name>, created on demand (screenshots CI keeps). */
export function artifactPath(name: string): string {
  mkdirSync(ARTIFACTS, { recursive: true });
  return resolve(ARTIFACTS, name);
}

/**
 * Opens the popup once the background answers, pointed at a test devnet (the extension's
 * default is ws://127.0.0.1:9944; tests run theirs on a free port).
 */
export async function openPopupOn(session: ExtensionSession, devnetUrl: string): Promise<Page> {
  const popup = await session.openPopup();
  await popup.getByTestId('background-status').waitFor({ timeout: 15_000 });
  await sendFromPage(popup, 'pri(chain.selectNetwork)', { network: 'custom', url: devnetUrl });
  return popup;
}

/**
 * First run through the popup: imports a dev account of the standard dev phrase by its
 * derivation path (e.g. '//Alice') and sets the wallet password.
 */
export async function importDevAccount(popup: Page, derivationPath: string, name: string, password: string): Promise<void> {
  await popup.getByRole('button', { name: 'Import an existing account' }).click();
  await popup.getByLabel('Recovery phrase (12 or 24 words)').fill('bottom drive obey lake curtain smoke basket hold race lonely fit walk');
  await popup.getByLabel('Derivation path (optional)').fill(derivationPath);
  await popup.getByRole('button', { name: 'Continue' }).click();
  await popup.getByLabel('Account name').fill(name);
  await popup.getByLabel('New password').fill(password);
  await popup.getByLabel('Confirm password').fill(password);
  await popup.keyboard.press('Enter');
}

/** Sends a private message from an extension page, as the popup would. */
export async function sendFromPage<T>(page: Page, name: string, request: unknown): Promise<T> {
  const reply = await page.evaluate(
    async ([n, r]) => chrome.runtime.sendMessage({ kind: 'taostake:request', id: `t-${Math.random()}`, name: n, request: r }),
    [name, request] as const,
  );
  return unwrapReply<T>(reply);
}

/** The response of a background reply, or an Error carrying the reply's message and code. */
export function unwrapReply<T>(reply: unknown): T {
  const typed = reply as { ok: boolean; response?: T; error?: { code: string; message: string } };
  if (!typed.ok) throw Object.assign(new Error(typed.error?.message ?? 'failed'), { code: typed.error?.code });
  return typed.response as T;
}

interface AXNode {
  ignored: boolean;
  role?: { value: string };
  name?: { value: string };
}

/** Roles a person operates; each needs a name a screen reader can say. */
const CONTROL_ROLES = new Set(['textbox', 'searchbox', 'combobox', 'listbox', 'checkbox', 'radio', 'button', 'spinbutton', 'slider', 'switch', 'link', 'menuitem', 'tab']);

/**
 * The page's operable controls as Chromium's accessibility tree sees them (names computed from
 * labels, aria-label(ledby), text content, title): how many there are, and the roles of those
 * without a name.
 */
export async function accessibilityAudit(page: Page): Promise<{ controls: number; unnamed: string[] }> {
  const cdp = await page.context().newCDPSession(page);
  try {
    const { nodes } = (await cdp.send('Accessibility.getFullAXTree')) as { nodes: AXNode[] };
    const controls = nodes.filter((n) => !n.ignored && CONTROL_ROLES.has(n.role?.value ?? ''));
    return { controls: controls.length, unnamed: controls.filter((n) => !String(n.name?.value ?? '').trim()).map((n) => n.role!.value) };
  } finally {
    await cdp.detach();
  }
}
