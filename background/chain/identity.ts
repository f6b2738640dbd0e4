/**
 * A subnet's on-chain identity, read at one block: `DynamicInfo.subnet_identity`
 * (SubnetInfoRuntimeApi.get_dynamic_info), else the `SubnetIdentitiesV3` / `SubnetIdentitiesV2`
 * storage on runtimes without it. Its `additional` field is decoded as a TAOAppv1 card.
 */
import type { ApiPromise } from '@polkadot/api';
import type { Codec } from '@polkadot/types/types';
import { u8aToString } from '@polkadot/util';
import type { SubnetCardView } from '../../src/protocol/chain.ts';
import { callRuntime, canCallRuntime } from '../../src/chain/runtime-api.ts';
import { httpsUrl, payloadVersion, subnetCard } from '../../src/taoapp/decode.ts';
import { decodeStorage, entry, field, queryStorageAt } from './reader.ts';

type Option = { isSome: boolean; unwrap(): Codec };

/** Identity items, newest first. */
const IDENTITY_ITEMS = ['subnetIdentitiesV3', 'subnetIdentitiesV2'] as const;

function text(struct: Codec, name: string): string {
  try {
    return u8aToString(field(struct, name).toU8a(true)).trim();
  } catch {
    return '';
  }
}

async function identityCodec(api: ApiPromise, netuid: number, at: string): Promise<Codec | null> {
  if (canCallRuntime(api, 'SubnetInfoRuntimeApi', 'get_dynamic_info')) {
    const info = (await callRuntime(api, 'SubnetInfoRuntimeApi', 'get_dynamic_info', [netuid], at)) as unknown as Option;
    if (!info.isSome) return null;
    const identity = field(info.unwrap(), 'subnet_identity') as unknown as Option;
    return identity.isSome ? identity.unwrap() : null;
  }
  const items = IDENTITY_ITEMS.map((item) => entry(api, 'subtensorModule', item)).filter((e) => e !== undefined);
  if (items.length === 0) return null;
  const keys = items.map((e) => e.key(netuid).toLowerCase());
  const values = await queryStorageAt(api, keys, at);
  for (const [i, e] of items.entries()) {
    const value = decodeStorage(api, e, values.get(keys[i]!) ?? null) as unknown as Option;
    if (value.isSome) return value.unwrap();
  }
  return null;
}

export async function readSubnetCard(api: ApiPromise, netuid: number, at: string): Promise<SubnetCardView> {
  const identity = await identityCodec(api, netuid, at);
  if (identity === null) return { netuid, identity: null, card: null, notes: null };
  const additional = text(identity, 'additional');
  const card = subnetCard(additional);
  return {
    netuid,
    identity: {
      name: text(identity, 'subnet_name'),
      description: text(identity, 'description'),
      url: httpsUrl(text(identity, 'subnet_url'), 512),
      github: httpsUrl(text(identity, 'github_repo'), 512) ?? (/^[\w.-]+\/[\w.-]+$/.test(text(identity, 'github_repo')) ? `https://github.com/${text(identity, 'github_repo')}` : null),
      discord: text(identity, 'discord'),
    },
    card,
    notes: card === null && additional !== '' && payloadVersion(additional) === null ? additional : null,
  };
}
