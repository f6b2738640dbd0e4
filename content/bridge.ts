/**
 * The window.postMessage protocol between the MAIN-world page script and the ISOLATED-world
 * relay. Tags keep our traffic apart from the page's own messages; neither side trusts the
 * other's claims (the background decides from the browser's sender information).
 */
export const PAGE_SOURCE = 'taostake-page';
export const CONTENT_SOURCE = 'taostake-content';
/** The name under which the wallet appears in `window.injectedWeb3`. */
export const INJECTED_NAME = 'taostake';

export interface PageRequest {
  source: typeof PAGE_SOURCE;
  id: string;
  name: string;
  request: unknown;
}

export interface ContentReply {
  source: typeof CONTENT_SOURCE;
  id: string;
  reply: unknown;
}

export interface ContentEvent {
  source: typeof CONTENT_SOURCE;
  event: { name: string; payload: unknown };
}
