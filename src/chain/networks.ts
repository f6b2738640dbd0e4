/**
 * The networks the wallet knows, what identifies each (genesis hash), and where a transaction
 * can be looked at afterwards. Pure data and checks: the background decides what to connect to.
 */
import type { NetworkConfig, NetworkId } from '../protocol/chain.ts';

export interface KnownNetwork extends NetworkConfig {
  /** Expected genesis hash; a node answering with another one is the wrong chain. */
  genesisHash?: string;
}

/** Spec §18 (btcli's constants). */
export const FINNEY_GENESIS = '0x2f0555cc76fc2840a25a6ea3b9637146806f1f44b090c175ffde2a7e5ab36c03';
export const TESTNET_GENESIS = '0x8f9cf856bf558a14440e75569c9e58594757048d7b3a84b5d25f6bd978263105';
export const DEVNET_URL = 'ws://127.0.0.1:9944';

export const NETWORKS: Record<Exclude<NetworkId, 'custom'>, KnownNetwork> = {
  finney: { id: 'finney', name: 'Finney (mainnet)', url: 'wss://entrypoint-finney.opentensor.ai:443', explorer: 'https://taostats.io', genesisHash: FINNEY_GENESIS },
  testnet: { id: 'testnet', name: 'Testnet', url: 'wss://test.finney.opentensor.ai:443', explorer: 'https://polkadot.js.org/apps', genesisHash: TESTNET_GENESIS },
  devnet: { id: 'devnet', name: 'Local devnet', url: DEVNET_URL },
};

/** The project ships its devnet, so a fresh install talks to it; users switch in settings. */
export const DEFAULT_NETWORK: NetworkId = 'devnet';

export function networkConfig(id: NetworkId, customUrl: string | null): KnownNetwork {
  if (id === 'custom') return { id, name: 'Custom', url: customUrl ?? DEVNET_URL };
  return NETWORKS[id];
}

export function listNetworks(customUrl: string | null): NetworkConfig[] {
  const out: NetworkConfig[] = Object.values(NETWORKS).map(({ id, name, url, explorer }) => (explorer ? { id, name, url, explorer } : { id, name, url }));
  out.push({ id: 'custom', name: 'Custom', url: customUrl ?? '' });
  return out;
}

/** Accepts ws:// and wss:// URLs only; returns the normalised URL or undefined. */
export function normaliseNodeUrl(input: string): string | undefined {
  try {
    const url = new URL(input.trim());
    if (url.protocol !== 'ws:' && url.protocol !== 'wss:') return undefined;
    if (url.username || url.password) return undefined;
    return url.toString().replace(/\/$/, '');
  } catch {
    return undefined;
  }
}

/**
 * A link to the extrinsic on a public explorer, or null (devnet and custom nodes have none).
 * Taostats addresses an extrinsic as `<block>-<index>`; the testnet link opens the block in
 * polkadot.js apps against the public testnet endpoint.
 */
export function explorerUrl(network: NetworkId, where: { blockNumber: number; index: number; blockHash: string }): string | null {
  if (network === 'finney') return `https://taostats.io/extrinsic/${where.blockNumber}-${String(where.index).padStart(4, '0')}`;
  if (network === 'testnet') return `https://polkadot.js.org/apps/?rpc=${encodeURIComponent(NETWORKS.testnet.url)}#/explorer/query/${where.blockHash}`;
  return null;
}

export interface ChainIdentity {
  genesisHash: string;
  /** Pallet names in the runtime metadata. */
  pallets: string[];
  /** SubtensorModule call names (snake_case as in metadata). */
  subtensorCalls: string[];
}

/**
 * Why this node is not the subtensor chain the user picked, in words; undefined when it is.
 * Public networks are identified by genesis; any network must run SubtensorModule with the
 * staking calls the wallet builds.
 */
export function wrongChainReason(network: KnownNetwork, chain: ChainIdentity): string | undefined {
  if (network.genesisHash && chain.genesisHash.toLowerCase() !== network.genesisHash) {
    return `This node is not ${network.name}: its genesis hash ${chain.genesisHash.slice(0, 10)}… differs from ${network.genesisHash.slice(0, 10)}…`;
  }
  if (!chain.pallets.includes('SubtensorModule')) {
    return `This node is not a subtensor chain: its runtime has no SubtensorModule pallet (found ${chain.pallets.slice(0, 6).join(', ')}${chain.pallets.length > 6 ? ', …' : ''})`;
  }
  const missing = ['add_stake_limit', 'remove_stake_limit'].filter((c) => !chain.subtensorCalls.includes(c));
  if (missing.length) return `This subtensor runtime is too old for the wallet: it lacks ${missing.join(' and ')}`;
  return undefined;
}
