// Wiring of the chain client into the worker.
import type { Platform } from '../services.ts';
import type { VaultService } from '../vault/index.ts';
import { ChainService } from './service.ts';

export { ChainService } from './service.ts';
export { chainHandlers } from './handlers.ts';

export function createChain(platform: Platform, vault: VaultService): ChainService {
  const chain = new ChainService({
    local: platform.local,
    events: platform.events,
    now: platform.now,
    signer: vault,
    accounts: async () => (await vault.getAccounts()).map((a) => a.address),
  });
  void chain.init();
  // Lock, unlock and account changes can change which account the portfolio shows.
  vault.onChange(() => void chain.refresh().catch(() => undefined));
  return chain;
}
