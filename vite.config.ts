import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';

const abs = (p: string) => resolve(import.meta.dirname, p);

// One pass per --mode. The default pass builds the extension pages (and empties dist/); each
// script pass appends exactly one self-contained file. The worker must be one file: `import()`
// is illegal in a service worker, so code splitting is off for every script pass.
const scripts = {
  background: { src: 'background/index.ts', format: 'es' },
  content: { src: 'content/relay.ts', format: 'iife' },
  inpage: { src: 'content/inpage.ts', format: 'iife' },
} as const;

/** Emits the hand-written top-level manifest.json into dist/. */
function manifest(): Plugin {
  return {
    name: 'emit-manifest',
    generateBundle() {
      this.emitFile({ type: 'asset', fileName: 'manifest.json', source: readFileSync(abs('manifest.json'), 'utf8') });
    },
  };
}

/**
 * Puts the popup's stylesheet into popup.html as a <style> element: one request fewer before the
 * first paint, and no stylesheet for the entry script to wait on. The extension CSP restricts
 * scripts only, so inline styles are allowed.
 */
function inlineCss(): Plugin {
  return {
    name: 'inline-popup-css',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(html, ctx) {
        const bundle = ctx.bundle!;
        return html.replace(/<link rel="stylesheet"[^>]*href="\.\/([^"]+\.css)"[^>]*>/g, (tag, fileName: string) => {
          const asset = bundle[fileName];
          if (asset?.type !== 'asset') return tag;
          delete bundle[fileName];
          return `<style>${String(asset.source)}</style>`;
        });
      },
    },
  };
}

/**
 * The popup is written against React's API (and type-checked with @types/react). The shipped build
 * runs it on preact/compat: the same API in a tenth of the code, which is what lets the popup show
 * cached data within its first-render budget (React's runtime alone took ~10 ms to compile and
 * evaluate before our first line ran; `npm run bench -- popup` builds both and compares).
 * `POPUP_RUNTIME=react` builds the popup on React itself.
 */
type PopupRuntime = 'preact' | 'react';
const popupRuntime = (process.env.POPUP_RUNTIME ?? 'preact') as PopupRuntime;
const preactCompat = [
  { find: /^react-dom\/client$/, replacement: 'preact/compat/client' },
  { find: /^react\/jsx-(dev-)?runtime$/, replacement: 'preact/jsx-runtime' },
  { find: /^react(-dom)?$/, replacement: 'preact/compat' },
];

export default defineConfig(({ mode }) => {
  const script = scripts[mode as keyof typeof scripts];
  if (!script) {
    return {
      root: abs('popup'),
      base: '',
      publicDir: false,
      plugins: [react(), manifest(), inlineCss()],
      resolve: { alias: popupRuntime === 'preact' ? preactCompat : [] },
      build: {
        outDir: process.env.POPUP_OUT_DIR ? resolve(process.env.POPUP_OUT_DIR) : abs('dist'),
        emptyOutDir: true,
        target: 'es2022',
        modulePreload: false,
        reportCompressedSize: false,
        rollupOptions: {
          input: { popup: abs('popup/popup.html') },
          output: {
            chunkFileNames: 'chunks/[name]-[hash].js',
            entryFileNames: 'assets/[name]-[hash].js',
            // Everything the first screen imports statically (React included) goes into the entry
            // file itself, so opening the popup is one script request and no import waterfall;
            // only the lazily loaded screens get chunks of their own.
            codeSplitting: { groups: [{ name: 'popup', tags: ['$initial'] }] },
          },
        },
      },
    };
  }
  return {
    publicDir: false,
    define: { 'process.env.NODE_ENV': '"production"' },
    build: {
      outDir: abs('dist'),
      emptyOutDir: false,
      target: 'es2022',
      modulePreload: false,
      reportCompressedSize: false,
      rollupOptions: {
        input: { [mode]: abs(script.src) },
        output: { format: script.format, entryFileNames: '[name].js', codeSplitting: false },
      },
    },
  };
});
