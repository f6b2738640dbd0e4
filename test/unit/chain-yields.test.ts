// Yield estimates read from the devnet over a real WebSocket, with per-tempo emission on: the
// wallet's reads (AlphaDividendsPerSubnet keys, TotalHotkeyAlpha, Delegates, Tempo, the
// snapshot's price) must reproduce what the devnet's state holds, and follow an epoch.
import type { ApiPromise } from '@polkadot/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Devnet } from '../../devnet/index.ts';
import { devnetWithApi } from './helpers/devnet-api.ts';
import { VALIDATORS, validator } from '../../devnet/state/genesis.ts';
import { alphaPrice } from '../../devnet/state/queries.ts';
import { poolKey } from '../../devnet/state/stake-pools.ts';
import { readSnapshot } from '../../background/chain/reader.ts';
import { readYields } from '../../background/chain/yields.ts';
import { blocksPerYear, validatorApy } from '../../src/yield/apy.ts';

let devnet: Devnet;
let api: ApiPromise;
let close: () => Promise<void>;

beforeAll(async () => {
  ({ devnet, api, close } = await devnetWithApi({ emission: true }));
}, 60_000);

afterAll(() => close?.());

async function yieldsAtHead() {
  const head = devnet.head();
  const { snapshot } = await readSnapshot(api, head.hash, head.number, { network: 'devnet', address: null, knownNetuids: [], now: 0 });
  return readYields(api, snapshot);
}

/** What the devnet's own state says the APY of `hotkey` on `netuid` is. */
function expectedApy(netuid: number, hotkey: `0x${string}`, yearBlocks: bigint): bigint | null {
  const state = devnet.state();
  const subnet = state.subnets.get(netuid)!;
  return validatorApy(
    { alphaDividends: subnet.lastDividends!.get(hotkey)!, taoDividends: 0n, take: state.hotkeys.get(hotkey)!.take, stake: state.stakePools.get(poolKey(hotkey, netuid))!.totalAlpha, price: alphaPrice(state, netuid) },
    subnet.tempo,
    yearBlocks,
  );
}

describe('yield estimates from chain data', () => {
  it('reads every validator with a last-epoch dividend and values it like the devnet state does', async () => {
    const view = await yieldsAtHead();
    expect(view.blocksPerYear).toBe(blocksPerYear(12_000n).toString());
    const aurora = validator('aurora');
    const row = view.validators.find((v) => v.netuid === 1 && v.hotkey === aurora.address)!;
    expect(BigInt(row.apy!)).toBe(expectedApy(1, aurora.hex, BigInt(view.blocksPerYear)));
    expect(BigInt(row.apy!)).toBeGreaterThan(0n);
    // Every emitting subnet has a subnet-wide figure; root and the disabled subnet none.
    expect(view.subnets.map((s) => s.netuid)).not.toContain(0);
    expect(view.subnets.map((s) => s.netuid)).not.toContain(12);
    expect(view.subnets.find((s) => s.netuid === 6)!.apy).not.toBeNull();
  });

  it('follows an epoch: after SN6 steps (block 93), its rows are the dividends that epoch credited', async () => {
    const genesis = devnet.state();
    const stakes = new Map([...genesis.subnets.get(6)!.lastDividends!.keys()].map((h) => [h, genesis.stakePools.get(poolKey(h, 6))!.totalAlpha]));
    devnet.newBlock(93 - devnet.head().number);
    const state = devnet.state();
    const view = await yieldsAtHead();
    const rows = view.validators.filter((v) => v.netuid === 6);
    expect(rows).toHaveLength(stakes.size);
    for (const [hex, stake] of stakes) {
      const paid = state.subnets.get(6)!.lastDividends!.get(hex)!;
      expect(state.stakePools.get(poolKey(hex, 6))!.totalAlpha).toBe(stake + paid);
      const row = rows.find((r) => r.hotkey === VALIDATORS.find((v) => v.hex === hex)!.address)!;
      expect(BigInt(row.apy!)).toBe(expectedApy(6, hex, BigInt(view.blocksPerYear)));
    }
  });
});
