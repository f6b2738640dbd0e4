/**
 * Loads a runtime profile's pre-generated metadata (devnet/metadata/*.scale, built by
 * generate.ts; the file is named in devnet/profiles.ts) into a @polkadot/types registry.
 * Decoding takes about a second, so each profile's result is shared by every devnet started in
 * the same process (tests start many); it is read-only.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Metadata, TypeRegistry } from '@polkadot/types';
import { expandMetadata } from '@polkadot/types/metadata/decorate';
import type { DecoratedMeta } from '@polkadot/types/metadata/decorate/types';
import type { Codec } from '@polkadot/types/types';
import { blake2AsHex, blake2AsU8a } from '@polkadot/util-crypto';
import { u8aToHex } from '@polkadot/util';
import { DEFAULT_RUNTIME, PROFILES, type RuntimeName } from '../profiles.ts';
import { ScaleEncoder } from '../rpc/scale.ts';

/** The metadata file of a runtime profile. */
export function metadataFile(runtime: RuntimeName): string {
  return join(dirname(fileURLToPath(import.meta.url)), PROFILES[runtime].metadataFile);
}

/** Zero-sized subtensor extensions of spec 233; declared so @polkadot/types knows they are empty. */
export const SUBTENSOR_USER_EXTENSIONS = {
  SubtensorSignedExtension: { extrinsic: {}, payload: {} },
  CommitmentsSignedExtension: { extrinsic: {}, payload: {} },
};

export interface RuntimeVersionJson {
  specName: string;
  implName: string;
  authoringVersion: number;
  specVersion: number;
  implVersion: number;
  apis: [string, number][];
  transactionVersion: number;
  stateVersion: number;
}

export interface DevnetMetadata {
  /** The runtime profile this metadata belongs to. */
  runtime: RuntimeName;
  registry: TypeRegistry;
  metadata: Metadata;
  bytes: Uint8Array;
  hex: `0x${string}`;
  decorated: DecoratedMeta;
  runtimeVersion: RuntimeVersionJson;
  /**
   * The hash the devnet runtime puts in `CheckMetadataHash`'s implicit part when a transaction
   * uses mode 1. It is blake2_256 of the metadata bytes, NOT the RFC-0078 merkleized hash (no
   * package here computes that), so only a signer that uses exactly this value passes.
   */
  metadataHash: `0x${string}`;
  /** SCALE-encodes a plain JS `value` as the portable type `typeId` (see rpc/scale.ts for the value shapes). */
  encode(typeId: number, value: unknown): Uint8Array;
  /** SCALE-decodes the portable type `typeId` from the start of `bytes`. */
  decode(typeId: number, bytes: Uint8Array): Codec;
}

const cache = new Map<RuntimeName, DevnetMetadata>();

export function loadMetadata(runtime: RuntimeName = DEFAULT_RUNTIME): DevnetMetadata {
  const cached = cache.get(runtime);
  if (cached) return cached;
  const bytes = new Uint8Array(readFileSync(metadataFile(runtime)));
  const registry = new TypeRegistry();
  const metadata = new Metadata(registry, bytes);
  registry.setMetadata(metadata, undefined, SUBTENSOR_USER_EXTENSIONS);
  const system = metadata.asLatest.pallets.find((p) => p.name.eq('System'))!;
  const versionConst = system.constants.find((c) => c.name.eq('Version'))!;
  const version = registry.createTypeUnsafe(registry.createLookupType(versionConst.type), [versionConst.value.toU8a(true)]);
  const v = version.toJSON() as Record<string, unknown>;
  const runtimeVersion: RuntimeVersionJson = {
    specName: v['specName'] as string,
    implName: v['implName'] as string,
    authoringVersion: v['authoringVersion'] as number,
    specVersion: v['specVersion'] as number,
    implVersion: v['implVersion'] as number,
    apis: v['apis'] as [string, number][],
    transactionVersion: v['transactionVersion'] as number,
    stateVersion: v['stateVersion'] as number,
  };
  const lookupName = new Map<number, string>();
  const typeName = (id: number): string => {
    let name = lookupName.get(id);
    if (!name) {
      name = registry.createLookupType(id);
      lookupName.set(id, name);
    }
    return name;
  };
  const fallback = (typeId: number, value: unknown): Uint8Array => registry.createTypeUnsafe(typeName(typeId), [value]).toU8a();
  const scale = new ScaleEncoder(registry, fallback);
  const loaded: DevnetMetadata = {
    runtime,
    registry,
    metadata,
    bytes,
    hex: u8aToHex(bytes),
    decorated: expandMetadata(registry, metadata),
    runtimeVersion,
    metadataHash: u8aToHex(blake2AsU8a(bytes, 256)),
    encode: (typeId, value) => scale.encode(typeId, value),
    decode: (typeId, input) => registry.createTypeUnsafe(typeName(typeId), [input]),
  };
  cache.set(runtime, loaded);
  return loaded;
}

/** The runtime-API id (blake2_64 of the API name) used in `RuntimeVersion.apis`. */
export function runtimeApiId(name: string): string {
  return blake2AsHex(name, 64);
}
