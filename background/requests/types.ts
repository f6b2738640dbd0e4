import type { ApiPromise } from '@polkadot/api';
import type { Registry, SignerPayloadJSON } from '@polkadot/types/types';
import type { HexString } from '@polkadot/util/types';
import type { Snapshot, ValidatorView } from '../../src/protocol/chain.ts';
import type { AccountSummary } from '../../src/protocol/vault.ts';

/**
 * What the dApp connection needs from the vault (background/vault, owned by the vault work). The
 * real VaultService satisfies it; unit tests pass a vault made of real util-crypto keys.
 */
export interface DappVault {
  isUnlocked(): Promise<boolean>;
  getAccounts(): Promise<AccountSummary[]>;
  signPayload(address: string, payload: SignerPayloadJSON, registry: Registry): Promise<{ signature: HexString }>;
  signRaw(address: string, data: HexString): Promise<{ signature: HexString }>;
  /** Lock state or accounts changed; returns an unsubscribe function (ignored here). */
  onChange(listener: () => void): unknown;
}

/** What the dApp connection needs from the chain client (background/chain). */
export interface DappChain {
  /** The current network's API (its registry decodes and encodes calls). */
  getApi(): Promise<ApiPromise>;
  /** The latest snapshot (pools for the staking preview), if one is cached. */
  getSnapshot?(): Snapshot | null | undefined | Promise<Snapshot | null | undefined>;
  /** Validators of a subnet (their names label hotkeys in the approval window). */
  validators?(netuid: number): Promise<ValidatorView[]>;
}
