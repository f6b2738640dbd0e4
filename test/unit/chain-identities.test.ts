// Validator names in the chain client against the devnet over a real WebSocket: the devnet serves
// `SubtensorModule.IdentitiesV2` for every validator's owner coldkey (from its genesis names), and
// the snapshot's positions, the validator picker and prepared summaries show those names. The
// fallback order (IdentitiesV2, then the older Identities, then a short address) is checked
// against raw storage written into the devnet's served block (the devnet has no set_identity).
import { ApiPromise, WsProvider } from '@polkadot/api';
import { stringToU8a, u8aToHex } from '@polkadot/util';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startDevnet, type Devnet } from '../../devnet/index.ts';
import { VALIDATORS, validator } from '../../devnet/state/genesis.ts';
import type { Snapshot } from '../../src/protocol/chain.ts';
import { providerOf } from '../../src/chain/runtime-api.ts';
import { RecordingSink } from '../../background/platform/events.ts';
import { MemoryStore } from '../../background/platform/storage.ts';
import { apiOptions } from '../../background/chain/connection.ts';
import { readDelegates, readIdentityNames, validatorsForSubnet } from '../../background/chain/reader.ts';
import { ChainService } from '../../background/chain/service.ts';
import type { VaultService } from '../../background/vault/service.ts';
import { waitFor } from './helpers/wait.ts';
import { aliceVault } from './helpers/alice-vault.ts';

const ALICE = '5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY';

let devnet: Devnet;
let vault: VaultService;
let api: ApiPromise;

beforeAll(async () => {
  devnet = await startDevnet({ port: 0, mode: 'manual', finalityDelayMs: 0 });
  api = new ApiPromise(apiOptions(new WsProvider(devnet.url)));
  await api.isReady;
  ({ vault } = await aliceVault());
}, 60_000);

afterAll(async () => {
  await api?.disconnect();
  await devnet?.close();
});

describe('validator names from on-chain identities', () => {
  it('reads every validator owner identity in one storage query', async () => {
    const send = vi.spyOn(providerOf(api), 'send');
    try {
      const { delegates, names, requests } = await readDelegates(api, devnet.head().hash);
      const storageQueries = send.mock.calls.filter(([method]) => method === 'state_queryStorageAt');
      expect(storageQueries).toHaveLength(1);
      // Both identity items for every owner, in that one query.
      expect((storageQueries[0]![1] as [string[]])[0]).toHaveLength(2 * VALIDATORS.length);
      expect(requests).toBe(2); // get_delegates + the identities
      expect(delegates).toHaveLength(VALIDATORS.length);
      expect(names).toEqual(Object.fromEntries(VALIDATORS.map((v) => [v.address, v.name])));
    } finally {
      send.mockRestore();
    }
  });

  it('fills PositionView.hotkeyName and ValidatorView.name in the chain service', async () => {
    const chain = new ChainService({
      local: new MemoryStore(), events: new RecordingSink(), signer: vault,
      urls: { devnet: devnet.url, finney: 'ws://127.0.0.1:1', testnet: 'ws://127.0.0.1:1' },
      connection: { baseDelayMs: 100, maxDelayMs: 400, attemptTimeoutMs: 5000 },
      probeTimeoutMs: 3000,
    });
    try {
      await chain.updateSettings({ activeAddress: ALICE });
      await chain.init();
      devnet.newBlock();
      const snap: Snapshot = await waitFor(async () => {
        const s = (await chain.state()).snapshot;
        return s?.account ? s : null;
      }, 'a snapshot with the account');
      // Alice's genesis positions: Aurora on root and SN1, Meridian on SN4.
      const byNetuid = Object.fromEntries(snap.account!.positions.map((p) => [p.netuid, p]));
      expect(byNetuid[0]).toMatchObject({ hotkey: validator('aurora').address, hotkeyName: 'Aurora Validator' });
      expect(byNetuid[1]).toMatchObject({ hotkey: validator('aurora').address, hotkeyName: 'Aurora Validator' });
      expect(byNetuid[4]).toMatchObject({ hotkey: validator('meridian').address, hotkeyName: 'Meridian Stake' });

      const onSn6 = await chain.validators(6);
      const expected = VALIDATORS.filter((v) => v.registrations.includes(6));
      expect(new Map(onSn6.map((v) => [v.hotkey, v.name]))).toEqual(new Map(expected.map((v) => [v.address, v.name])));

      const prepared = await chain.prepare(ALICE, { kind: 'stake', hotkey: validator('quasar').address, netuid: 6, amount: '1000000000', limitPrice: '1000000000', allowPartial: false });
      expect(prepared.summary).toContain('Quasar Collective');
    } finally {
      await chain.close();
    }
  });

  it('falls back from IdentitiesV2 to Identities, then to a short address', async () => {
    devnet.newBlock();
    const head = devnet.head();
    const [aurora, meridian, cobalt] = [validator('aurora'), validator('meridian'), validator('cobalt')];
    // Write raw storage into the served block, as a node that kept old-format identities would
    // hold it: Meridian's owner has only a legacy `Identities` entry, Cobalt's owner none at all.
    const view = head.storage();
    const v2 = api.query['subtensorModule']!['identitiesV2']!;
    const v1 = api.query['subtensorModule']!['identities']!;
    view.entries.delete(v2.key(meridian.owner).toLowerCase() as `0x${string}`);
    view.entries.delete(v2.key(cobalt.owner).toLowerCase() as `0x${string}`);
    const legacy = api.registry.createType(api.registry.createLookupType(v1.creator.meta.type.asMap.value), {
      name: u8aToHex(stringToU8a('Meridian (legacy identity)')), url: '0x', image: '0x', discord: '0x', description: '0x', additional: '0x',
    });
    view.entries.set(v1.key(meridian.owner).toLowerCase() as `0x${string}`, legacy.toHex());

    const read = await readIdentityNames(api, [aurora.address, meridian.owner, cobalt.owner, aurora.owner], head.hash);
    expect(read.requests).toBe(1);
    expect(read.names.get(meridian.owner)).toBe('Meridian (legacy identity)');
    expect(read.names.has(cobalt.owner)).toBe(false);
    expect(read.names.has(aurora.address)).toBe(false); // a hotkey has no identity of its own

    const { delegates, names } = await readDelegates(api, head.hash);
    expect(names[aurora.address]).toBe('Aurora Validator');
    const onSn0 = validatorsForSubnet(delegates, names, 0);
    expect(onSn0.find((v) => v.hotkey === meridian.address)!.name).toBe('Meridian (legacy identity)');
    expect(onSn0.find((v) => v.hotkey === cobalt.address)!.name).toBe(`${cobalt.address.slice(0, 6)}…${cobalt.address.slice(-6)}`);
  });
});
