import type { VaultStatus } from '../../src/protocol/vault.ts';
import { vaultStatus } from '../lib/store.ts';
import { useLive, useLiveError } from './useLive.ts';

export function useVault(): { status: VaultStatus | undefined; error: ReturnType<typeof vaultStatus.error> } {
  return { status: useLive(vaultStatus), error: useLiveError(vaultStatus) };
}
