/**
 * A tiny hash router: `#/stake?netuid=3&hotkey=5F...`. The popup has a dozen screens and no
 * nested layouts, so a library would only add bytes.
 */
import { useSyncExternalStore } from 'react';

export interface Route {
  /** Path segments without the leading slash: `#/request/abc` -> ['request', 'abc']. */
  segments: string[];
  params: URLSearchParams;
}

export type Params = Record<string, string | number | boolean | undefined | null>;

export function parseHash(hash: string): Route {
  const body = hash.replace(/^#/, '');
  const [path = '', query = ''] = body.split('?', 2);
  const segments = path
    .split('/')
    .filter((s) => s !== '')
    .map((s) => decodeURIComponent(s));
  return { segments, params: new URLSearchParams(query) };
}

/** `#/a/b?x=1` from a path and params (undefined/null params are left out). */
export function href(path: string, params: Params = {}): string {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value !== undefined && value !== null) query.set(key, String(value));
  const text = query.toString();
  return `#${path.startsWith('/') ? path : `/${path}`}${text ? `?${text}` : ''}`;
}

export function navigate(path: string, params: Params = {}): void {
  const next = href(path, params);
  if (location.hash !== next) location.hash = next;
}

function subscribe(callback: () => void): () => void {
  window.addEventListener('hashchange', callback);
  return () => window.removeEventListener('hashchange', callback);
}

const getHash = () => location.hash;

export function useRoute(): Route {
  const hash = useSyncExternalStore(subscribe, getHash);
  // Parsing is trivial; memoising on the string keeps the object stable between renders.
  return cachedParse(hash);
}

let lastHash: string | undefined;
let lastRoute: Route = { segments: [], params: new URLSearchParams() };
function cachedParse(hash: string): Route {
  if (hash !== lastHash) {
    lastHash = hash;
    lastRoute = parseHash(hash);
  }
  return lastRoute;
}
