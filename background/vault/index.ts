// Wiring of the vault into the worker: the service with browser storage and chrome.alarms.
import type { Platform } from '../services.ts';
import { chromeAutoLockScheduler, onAutoLockAlarm } from './alarms.ts';
import { createVaultService, type VaultService } from './service.ts';

export { VaultService } from './service.ts';
export { vaultHandlers } from './handlers.ts';

export async function createVault(platform: Platform): Promise<VaultService> {
  const scheduler = chromeAutoLockScheduler();
  const vault = await createVaultService({ local: platform.local, session: platform.session, events: platform.events, now: platform.now, ...(scheduler ? { scheduler } : {}) });
  onAutoLockAlarm(() => void vault.checkAutoLock());
  return vault;
}
