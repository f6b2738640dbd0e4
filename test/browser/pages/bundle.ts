// The test dApp (pages/dapp.ts) bundled for a browser, and the `window.dapp` API it exposes.
// Shared by the Chromium and Firefox dApp tests.
import { resolve } from 'node:path';
import { build, type Rollup } from 'vite';

export interface DappApi {
  enable(name: string): Promise<string[]>;
  accounts(genesisHash?: string): Promise<{ address: string; name: string | null; source: string }[]>;
  metadata(): Promise<{ genesisHash: string; specVersion: number }[]>;
  seen: string[][];
  watchAccounts(): Promise<void>;
  connect(url: string): Promise<string>;
  stake(from: string, hotkey: string, netuid: number, amount: string, limitPrice: string, metadataHash?: string): Promise<{ blockHash: string; events: { name: string; data: unknown }[] }>;
  signRaw(address: string, text: string): Promise<{ id: number; signature: string }>;
  addProxy(from: string, delegate: string, proxyType: string): Promise<string>;
  batchAll(from: string, hotkey: string, real: string): Promise<string>;
  claimRoot(from: string, hotkey: string): Promise<string>;
  signWithExtraField(from: string, dest: string): Promise<{ payload: Record<string, unknown>; result: { id: number; signature: string } }>;
}

/** The outcome of a `window.dapp` call, as the page saw it. */
export interface Settled<T> {
  value?: T;
  error?: string;
}

/**
 * A script for a page's evaluate (Playwright's or Puppeteer's) that calls `window.dapp.<call>` and
 * settles to `{ value }` or `{ error }`, so a rejection arrives as the page's message text.
 */
export function settledDappCall(call: string): string {
  return `window.dapp.${call}.then((value) => ({ value }), (e) => ({ error: String(e && e.message || e) }))`;
}

/** test/browser/pages/dapp.ts as one IIFE (vite's build API), and an HTML page that loads it from /dapp.js. */
export async function bundleDappPage(): Promise<{ html: string; code: string }> {
  const out = await build({
    configFile: false,
    logLevel: 'silent',
    publicDir: false,
    define: { 'process.env.NODE_ENV': '"production"' },
    build: {
      write: false,
      target: 'es2022',
      minify: false,
      reportCompressedSize: false,
      lib: { entry: resolve(import.meta.dirname, 'dapp.ts'), formats: ['iife'], name: 'dappPage', fileName: () => 'dapp.js' },
    },
  });
  const result = (Array.isArray(out) ? out[0] : out) as Rollup.RollupOutput;
  const html = `<!doctype html><html><head><meta charset="utf-8"><script src="/dapp.js"></script></head><body><h1>Test dApp</h1></body></html>`;
  return { html, code: result.output[0].code };
}
