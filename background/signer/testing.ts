// Test helpers for signing (imported by *.test.ts only).
import type { Metadata } from '@polkadot/types';
import { expandMetadata } from '@polkadot/types/metadata/decorate';
import type { Registry, SignerPayloadJSON } from '@polkadot/types/types';

/**
 * A SignerPayloadJSON for `system.remark(remark)` built by the registry itself, as @polkadot/api's
 * SignerPayload.toPayload() builds it for a dApp. `extra` overrides fields (mode, metadataHash...).
 */
export function remarkPayload(
  registry: Registry,
  metadata: Metadata,
  address: string,
  options: { remark: `0x${string}`; blockNumber: number; nonce: number },
  extra: Partial<SignerPayloadJSON> = {},
): SignerPayloadJSON {
  const { tx } = expandMetadata(registry, metadata);
  const base = registry
    .createType('SignerPayload', {
      address,
      blockHash: `0x${'11'.repeat(32)}`,
      blockNumber: options.blockNumber,
      era: registry.createType('ExtrinsicEra', { current: options.blockNumber, period: 64 }),
      genesisHash: `0x${'22'.repeat(32)}`,
      method: tx.system!.remark!(options.remark).toHex(),
      nonce: options.nonce,
      runtimeVersion: { specVersion: 233, transactionVersion: 1 },
      signedExtensions: registry.signedExtensions,
      tip: 0,
      version: 4,
    })
    .toPayload();
  return { ...base, ...extra };
}
