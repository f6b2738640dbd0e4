import type { EventSink } from './platform/events.ts';
import type { KeyValueStore } from './platform/storage.ts';
import { createVault, type VaultService } from './vault/index.ts';
import { DappService } from './requests/service.ts';
import { createChain, type ChainService } from './chain/index.ts';

/** What every background service is built from; production wires the browser, tests wire memory. */
export interface Platform {
  /** `storage.local`: survives restarts. Only encrypted secrets, never plaintext ones. */
  local: KeyValueStore;
  /** `storage.session`: survives a worker restart, cleared when the browser closes. */
  session: KeyValueStore;
  events: EventSink;
  /** Opens an extension page in a small window (approvals); resolves to its window id. */
  openWindow(path: string): Promise<number | undefined>;
  /** Closes a window openWindow opened (an approval whose request was withdrawn). */
  closeWindow?(windowId: number): Promise<void>;
  /** The id of the page document a tab's top frame shows now (its dApp relay's), or null if none answers. */
  documentOf?(tabId: number): Promise<string | null>;
  now(): number;
}

/**
 * The background's services, constructed in dependency order. Each domain adds its service here
 * and its handlers in handlers.ts.
 */
export interface Services {
  vault: VaultService;
  /** dApp connection: authorizations, the approval queue, the pub(...) pipeline and its rate limits. */
  dapp: DappService;
  /** Chain client: connection, per-block snapshot, validators, transactions. */
  chain: ChainService;
}

export async function createServices(platform: Platform): Promise<Services> {
  const vault = await createVault(platform);
  const chain = createChain(platform, vault);
  const dapp = await DappService.create({ platform, vault, chain });
  return { vault, dapp, chain };
}
