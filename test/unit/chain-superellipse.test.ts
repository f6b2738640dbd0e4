// The chain client on the devnet's `current` runtime (superellipse pools) over a real WebSocket:
// the snapshot reader picks the model from metadata and reads each subnet's Swap.SwapSuperellipse
// record in the same batched query as before (also across dev_migratePools); a pool whose curve
// no longer fits its reserves is shown as one that cannot be priced, and preparing a transaction
// on it is refused.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDevnet, type Devnet } from '../../devnet/index.ts';
import { previewStake, spotPrice } from '../../src/amm/index.ts';
import { poolOf } from '../../src/chain/snapshot.ts';
import type { Snapshot } from '../../src/protocol/chain.ts';
import { RecordingSink } from '../../background/platform/events.ts';
import { MemoryStore } from '../../background/platform/storage.ts';
import { ChainService } from '../../background/chain/service.ts';
import { decodeCurve, readSnapshot } from '../../background/chain/reader.ts';
import type { VaultService } from '../../background/vault/service.ts';
import { waitFor } from './helpers/wait.ts';
import { aliceVault } from './helpers/alice-vault.ts';
import { devRpc, firstSnapshot as firstSnapshotOf } from './helpers/devnet-chain.ts';

const ALICE = '5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY';

let current: Devnet;
let balancer: Devnet;
let vault: VaultService;

beforeAll(async () => {
  [current, balancer] = await Promise.all([startDevnet({ port: 0, mode: 'manual', runtime: 'current' }), startDevnet({ port: 0, mode: 'manual', runtime: 'balancer' })]);
  ({ vault } = await aliceVault());
});

afterAll(async () => {
  await Promise.all([current?.close(), balancer?.close()]);
});

function service(url: string): ChainService {
  return new ChainService({
    local: new MemoryStore(), events: new RecordingSink(), signer: vault,
    urls: { devnet: url, finney: 'ws://127.0.0.1:1', testnet: 'ws://127.0.0.1:1' },
    connection: { baseDelayMs: 100, maxDelayMs: 400, attemptTimeoutMs: 5000 },
    probeTimeoutMs: 3000,
  });
}

const firstSnapshot = (chain: ChainService, devnet: Devnet): Promise<Snapshot> => firstSnapshotOf(chain, devnet, ALICE);

describe('snapshot reader on a superellipse runtime', () => {
  it('after dev_migratePools picks the superellipse model and carries every migrated curve, with no extra request', async () => {
    const chain = service(balancer.url);
    try {
      const snap = await firstSnapshot(chain, balancer);
      expect(snap.poolModel).toBe('balancer');
      const api = await chain.getApi();
      const known = snap.subnets.map((s) => s.netuid);
      const read = (s: Snapshot) => readSnapshot(api, s.blockHash, s.blockNumber, { network: 'devnet', address: ALICE, knownNetuids: known, now: 0 });
      const before = await read(snap);

      await devRpc(balancer, 'dev_migratePools', []);
      const migrated = await waitFor(async () => {
        const s = await chain.refresh();
        return s.poolModel === 'superellipse' ? s : null;
      }, 'the snapshot after the migration');
      const state = balancer.state();
      expect(migrated.subnets.filter((s) => s.curve !== undefined).length).toBeGreaterThan(3);
      for (const view of migrated.subnets) {
        const curve = state.subnets.get(view.netuid)?.curve;
        if (curve === undefined) {
          expect(view.curve).toBeUndefined();
          continue;
        }
        expect(view.curve).toEqual({ alphaScale: curve.alphaScale.toString(), taoScale: curve.taoScale.toString(), centerAlpha: curve.centerAlpha.toString(), centerTao: curve.centerTao.toString() });
        const pool = poolOf(view, migrated);
        expect(pool.curve).toEqual(curve);
        expect(view.price).toBe(spotPrice(pool).toString());
      }
      const after = await read(migrated);
      expect(after.snapshot.poolModel).toBe('superellipse');
      // The migrated runtime also has lock_stake and the stake-availability API, and root claims
      // (BetaBasketRuntimeApi): the reader adds one runtime call for each feature (their storage
      // keys ride in the same query), never one per curve.
      expect(after.requests).toBeLessThanOrEqual(before.requests + 2);
    } finally {
      await chain.close();
    }
  });
});

describe('a superellipse pool that cannot be priced', () => {
  it('a record of the wrong length is a problem in words, not a curve (live metadata type)', async () => {
    const chain = service(current.url);
    try {
      await firstSnapshot(chain, current);
      const api = await chain.getApi();
      const le = (v: bigint): string => Array.from({ length: 16 }, (_, i) => ((BigInt.asUintN(128, v) >> BigInt(8 * i)) & 0xffn).toString(16).padStart(2, '0')).join('');
      const record = `0x${le(5n)}${le(7n)}${le(-3n)}${le(11n)}`;
      expect(decodeCurve(api, record)).toEqual({ curve: { alphaScale: 5n, taoScale: 7n, centerAlpha: -3n, centerTao: 11n } });
      expect(decodeCurve(api, record.slice(0, -8))).toEqual({ curveProblem: 'the record is 60 bytes, its type takes 64' });
      expect(decodeCurve(api, `${record}00`)).toEqual({ curveProblem: 'the record is 65 bytes, its type takes 64' });
      expect(decodeCurve(api, null)).toEqual({});
    } finally {
      await chain.close();
    }
  });

  it('previews as unpriceable with the reason, and prepare refuses it before anything is built or sent', async () => {
    const chain = service(current.url);
    try {
      const snap = await firstSnapshot(chain, current);
      const [validator] = await chain.validators(1);
      const before = snap.subnets.find((s) => s.netuid === 1)!;
      expect(before.curve).toBeDefined();
      // The TAO reserve pushed past the curve's centre (the curve stays as stored).
      await devRpc(current, 'dev_setPool', [1, { taoReserve: (BigInt(before.taoReserve) * 4n).toString() }]);
      const snap2 = await chain.refresh();
      const view = snap2.subnets.find((s) => s.netuid === 1)!;
      expect(view.curve).toEqual(before.curve);
      const preview = previewStake({ pool: poolOf(view, snap2), amount: 1_000_000_000n, tolerancePpm: 5_000n });
      expect(preview.error?.code).toBe('PoolUnpriceable');
      expect(preview.error?.message).toBe("Subnet 1's pool cannot be priced: its reserves lie past the curve's centre (outside the curve's domain)");
      expect(preview.received).toBe(0n);
      expect(view.price).toBe('0');

      const intent = { kind: 'stake' as const, hotkey: validator!.hotkey, netuid: 1, amount: '1000000000', limitPrice: '1000000000', allowPartial: false };
      await expect(chain.prepare(ALICE, intent)).rejects.toMatchObject({ code: 'PoolUnpriceable', message: expect.stringContaining("outside the curve's domain") });
      await expect(chain.prepare(ALICE, { kind: 'swap', hotkey: validator!.hotkey, originNetuid: 2, destinationNetuid: 1, amount: '1000000000', limitPrice: '1', allowPartial: false })).rejects.toMatchObject({ code: 'PoolUnpriceable' });
      expect(await chain.listTx()).toEqual([]);
      expect(current.node.chain.pool.length).toBe(0);
      // Another subnet still prepares.
      await expect(chain.prepare(ALICE, { ...intent, netuid: 2, limitPrice: (BigInt(snap2.subnets.find((s) => s.netuid === 2)!.price) * 2n).toString() })).resolves.toMatchObject({ intent: { netuid: 2 } });
    } finally {
      await chain.close();
    }
  });
});
