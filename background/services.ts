import type { EventSink } from './platform/events.ts';
import type { KeyValueStore } from './platform/storage.ts';

/** What every background service is built from; production wires the browser, tests wire memory. */
export interface Platform {
  /** `storage.local`: survives restarts. Only encrypted secrets, never plaintext ones. */
  local: KeyValueStore;
  /** `storage.session`: survives a worker restart, cleared when the browser closes. */
  session: KeyValueStore;
  events: EventSink;
  /** Opens an extension page in a small window (approvals); resolves to its window id. */
  openWindow(path: string): Promise<number | undefined>;
  now(): number;
}

/**
 * The background's services, constructed in dependency order. Each domain adds its service here
 * and its handlers in handlers.ts.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface Services {}

export async function createServices(_platform: Platform): Promise<Services> {
  return {};
}
