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

/** Longest page message id the relay forwards (the background's envelope allows 64). */
export const MAX_ID_LENGTH = 64;
/** Requests one page may have in flight through the relay; more are refused without waking the worker. */
export const MAX_IN_FLIGHT = 32;
/** Largest page request the relay forwards (JSON characters); the background's own limits are smaller. */
export const MAX_RELAY_BYTES = 12 * 1024 * 1024;

/**
 * The relay's connection to the background (`runtime.connect` name prefix, then its document id).
 * It closes when the document unloads (reload, navigation, tab close), which withdraws the
 * document's pending requests.
 */
export const DOCUMENT_PORT_PREFIX = 'taostake-document:';
/** Event name the background sends a tab to ask which document its relay belongs to (answer: `{ document }`). */
export const DOCUMENT_PROBE = 'dapp.document';
/** A document id: 16 random bytes, hex. */
export const DOCUMENT_ID = /^[0-9a-f]{32}$/;
