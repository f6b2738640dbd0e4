// Firefox (Debian's firefox-esr) driven over WebDriver BiDi with puppeteer-core, with dist-firefox/
// installed as a temporary add-on. Playwright's Firefox needs its own patched build; stock Firefox
// speaks BiDi, which can install an extension (webExtension.install).
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { ROOT, unwrapReply } from './harness.ts';

export const FIREFOX = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';
export const DIST_FIREFOX = resolve(ROOT, 'dist-firefox');
/** Firefox gives each add-on a random moz-extension:// host per profile; this pins ours. */
const EXTENSION_UUID = '3d1f6a52-8c47-4e0b-9a6e-5b2c7d9e1f40';

export interface FirefoxSession {
  browser: Browser;
  /** moz-extension://<uuid> */
  extensionOrigin: string;
  /** The next extension page, not handed out before, whose URL contains `part` (approval windows the background opens). */
  waitForExtensionPage(part: string): Promise<Page>;
  close(): Promise<void>;
}

export function firefoxAvailable(): boolean {
  return existsSync(FIREFOX) && existsSync(resolve(DIST_FIREFOX, 'manifest.json'));
}

export async function launchFirefox(): Promise<FirefoxSession> {
  const geckoId = (JSON.parse(readFileSync(resolve(DIST_FIREFOX, 'manifest.json'), 'utf8')) as { browser_specific_settings: { gecko: { id: string } } }).browser_specific_settings.gecko.id;
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: FIREFOX,
    headless: true,
    extraPrefsFirefox: { 'extensions.webextensions.uuids': JSON.stringify({ [geckoId]: EXTENSION_UUID }) },
  });
  try {
    const installed = await browser.installExtension(DIST_FIREFOX);
    if (installed !== geckoId) throw new Error(`installed ${installed}, expected ${geckoId}`);
  } catch (e) {
    await browser.close();
    throw e;
  }
  const extensionOrigin = `moz-extension://${EXTENSION_UUID}`;
  const handedOut = new WeakSet<Page>();
  return {
    browser,
    extensionOrigin,
    async waitForExtensionPage(part) {
      // BiDi reports a window the extension opens as about:blank and is not told when it loads
      // our page, so each open page is asked where it is.
      const deadline = Date.now() + 15_000;
      while (Date.now() < deadline) {
        for (const page of await browser.pages()) {
          if (handedOut.has(page)) continue; // an earlier window, perhaps still closing
          const href = await page.evaluate(() => location.href).catch(() => '');
          if (href.startsWith(extensionOrigin) && href.includes(part)) {
            handedOut.add(page);
            return page;
          }
        }
        await new Promise((r) => setTimeout(r, 200));
      }
      throw new Error(`no extension page with ${part} opened`);
    },
    close: () => browser.close(),
  };
}

/** Sends one private message from an extension page (Firefox's promise-based `browser.runtime`). */
export async function sendFromExtensionPage<T>(page: Page, name: string, request: unknown = {}): Promise<T> {
  const reply = await page.evaluate(
    (n, r) => (globalThis as unknown as { browser: { runtime: { sendMessage(m: unknown): Promise<unknown> } } }).browser.runtime.sendMessage({ kind: 'taostake:request', id: `ff-${Math.random()}`, name: n, request: r }),
    name,
    request,
  );
  return unwrapReply<T>(reply);
}
