import { decodeAddress, encodeAddress } from '@polkadot/util-crypto';
import type { InjectedAccountView } from '../../src/protocol/dapp.ts';
import { WalletError, WalletErrorCode } from '../../src/protocol/errors.ts';
import type { AccountSummary } from '../../src/protocol/vault.ts';

/** Bittensor's SS58 prefix: every address a page sees is in this form. */
export const SS58_PREFIX = 42;

/** Re-encoding hashes a checksum; the same few addresses come by on every call, so remember them. */
const canonical = new Map<string, string>();
const MAX_REMEMBERED = 2048;

/** Any SS58 (any prefix) or 0x public key, as SS58-42; BadRequest if it is not an address. */
export function toSs58(address: string): string {
  const known = canonical.get(address);
  if (known !== undefined) return known;
  let out: string;
  try {
    out = encodeAddress(decodeAddress(address), SS58_PREFIX);
  } catch {
    throw new WalletError(WalletErrorCode.BadRequest, 'Not a valid address');
  }
  if (canonical.size >= MAX_REMEMBERED) canonical.clear();
  canonical.set(address, out);
  return out;
}

/**
 * The accounts one origin sees: the vault's accounts (in the user's order) that the user picked
 * for it. An account removed from the vault disappears here even if the authorization still names it.
 */
export function visibleAccounts(all: AccountSummary[], authorized: readonly string[]): AccountSummary[] {
  const allowed = new Set(authorized.map(toSs58));
  return all.filter((a) => allowed.has(toSs58(a.address)));
}

export function injectedView(account: AccountSummary): InjectedAccountView {
  const view: InjectedAccountView = { address: toSs58(account.address), genesisHash: null, name: account.name };
  if (account.type !== 'watch') view.type = account.type;
  return view;
}
