import type { AccountSummary } from '../../src/protocol/vault.ts';
import { useSettings } from './useSettings.ts';
import { useVault } from './useVault.ts';

/** The account the portfolio shows: settings.activeAddress if it still exists, else the first. */
export function useActiveAccount(): AccountSummary | undefined {
  const { status } = useVault();
  const { settings } = useSettings();
  const accounts = status?.accounts ?? [];
  return accounts.find((a) => a.address === settings.activeAddress) ?? accounts[0];
}
