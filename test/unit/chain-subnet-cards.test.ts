// Subnet cards read from the devnet over a real WebSocket: the identity comes from
// DynamicInfo.subnet_identity (get_dynamic_info) and its `additional` field is decoded as
// TAOAppv1 (the spec's vectors are seeded on SN1..SN3); a malformed payload and an http link are
// dropped, owner prose stays prose, and a subnet without an identity has no card.
import type { ApiPromise } from '@polkadot/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Devnet } from '../../devnet/index.ts';
import { devnetWithApi } from './helpers/devnet-api.ts';
import { readSubnetCard } from '../../background/chain/identity.ts';

let devnet: Devnet;
let api: ApiPromise;
let close: () => Promise<void>;

beforeAll(async () => {
  ({ devnet, api, close } = await devnetWithApi());
}, 60_000);

afterAll(() => close?.());

describe('subnet cards from the on-chain identity', () => {
  it('decodes the TAOAppv1 payloads of the spec vectors', async () => {
    const at = devnet.head().hash;
    const sn1 = await readSubnetCard(api, 1, at);
    expect(sn1.identity).toEqual({ name: 'Apex', description: 'Inference for everyone.', url: 'https://apex.example/', github: 'https://github.com/example/subnet', discord: '' });
    expect(sn1.card?.tagline).toBe('Decentralized inference for everyone');
    expect(sn1.card?.category).toBe('inference');
    expect(sn1.card?.links.map((l) => l.key)).toEqual(['x', 'telegram', 'docs', 'github']);
    expect(sn1.notes).toBeNull();
    const sn2 = await readSubnetCard(api, 2, at);
    expect(sn2.card?.about).toEqual({ title: 'Targon', subtitle: 'Confidential Decentralized AI Cloud' });
    expect((await readSubnetCard(api, 3, at)).card?.tagline).toBe('τao — 日本語 🚀 ünïcödé');
  });

  it('drops what a reader must drop, and keeps prose as prose', async () => {
    const at = devnet.head().hash;
    const sn4 = await readSubnetCard(api, 4, at);
    expect(sn4.card?.links).toEqual([{ key: 'docs', url: 'https://docs.delta.example/' }]);
    const sn5 = await readSubnetCard(api, 5, at);
    expect(sn5.identity?.name).toBe('Epsilon Storage');
    expect([sn5.card, sn5.notes]).toEqual([null, null]);
    expect((await readSubnetCard(api, 8, at)).notes).toBe('Price feeds, no TAOApp payload here.');
    expect(await readSubnetCard(api, 6, at)).toEqual({ netuid: 6, identity: null, card: null, notes: null });
  });
});
