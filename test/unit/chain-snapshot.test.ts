// Snapshot assembly (pure): AMM prices and unstake values on raw storage values, pool model
// selection from metadata storage names, networks, and the simulation cross-check words.
import { describe, expect, it } from 'vitest';
import { quoteUnstake, RAO_PER_TAO, spotPrice, type Pool } from '../../src/amm/index.ts';
import { explorerUrl, FINNEY_GENESIS, NETWORKS, networkConfig, normaliseNodeUrl, wrongChainReason } from '../../src/chain/networks.ts';
import { compareSimulation } from '../../src/chain/simulation.ts';
import { alphaValue, assembleSnapshot, poolModelFromStorage, poolOf, type RawRead, type RawSubnet } from '../../src/chain/snapshot.ts';

const TAO = RAO_PER_TAO;
const sn1: RawSubnet = { netuid: 1, mechanism: 1, taoReserve: 10_000n * TAO, alphaReserve: 500_000n * TAO, alphaOut: 600_000n * TAO, quoteWeight: 500_000_000_000_000_000n, feeRate: 33, subtokenEnabled: true };
const sn2: RawSubnet = { ...sn1, netuid: 2, taoReserve: 180_000n * TAO, alphaReserve: 2_750_000n * TAO, quoteWeight: 450_000_000_000_000_000n, feeRate: 500 };
const root: RawSubnet = { netuid: 0, mechanism: 0, taoReserve: 1_000n * TAO, alphaReserve: 0n, alphaOut: 1_000n * TAO, quoteWeight: 500_000_000_000_000_000n, feeRate: 33, subtokenEnabled: true };

function raw(over: Partial<RawRead> = {}): RawRead {
  return {
    network: 'devnet', genesisHash: '0x01', blockNumber: 7, blockHash: '0x02', specVersion: 233, poolModel: 'balancer',
    constants: { minStake: 2_000_000n, minReserve: 1_000_000n, existentialDeposit: 500n, ss58: 42 },
    subnets: [sn2, root, sn1],
    dynamicInfo: [{ netuid: 1, name: 'Apex', symbol: 'α', taoInEmission: 5n, volume: 9n }],
    account: { address: '5Alice', free: 100n * TAO, stakes: [{ hotkey: '5Hot', netuid: 1, alpha: 50n * TAO }, { hotkey: '5Hot', netuid: 0, alpha: 3n * TAO }, { hotkey: '5Zero', netuid: 2, alpha: 0n }] },
    hotkeyNames: { '5Hot': 'Validator One' },
    now: 1234,
    ...over,
  };
}

describe('assembleSnapshot', () => {
  it('prices every subnet with the AMM and values positions at spot and at full unstake', () => {
    const s = assembleSnapshot(raw());
    expect(s.subnets.map((x) => x.netuid)).toEqual([0, 1, 2]);
    const view1 = s.subnets[1]!;
    const pool1 = poolOf(view1, s);
    expect(view1.price).toBe(spotPrice(pool1).toString());
    expect(BigInt(view1.price)).toBeGreaterThanOrEqual(19_999_999n); // 10k TAO / 500k alpha at w = 0.5, floored in U64F64
    expect(BigInt(view1.price)).toBeLessThanOrEqual(20_000_000n);
    expect(view1.name).toBe('Apex');
    expect(s.subnets[2]!.name).toBe('SN2'); // no dynamic info: a fallback name, never empty
    expect(s.subnets[0]!.price).toBe(TAO.toString());

    const positions = s.account!.positions;
    expect(positions.map((p) => p.netuid)).toEqual([0, 1]); // zero stake left out
    const p1 = positions.find((p) => p.netuid === 1)!;
    expect(p1.hotkeyName).toBe('Validator One');
    expect(p1.valueTao).toBe(alphaValue(50n * TAO, BigInt(view1.price)).toString());
    expect(p1.unstakeTao).toBe(quoteUnstake(pool1, 50n * TAO).amountOut.toString());
    expect(BigInt(p1.unstakeTao)).toBeLessThan(BigInt(p1.valueTao)); // fee and slippage
    const p0 = positions.find((p) => p.netuid === 0)!;
    expect(p0.valueTao).toBe((3n * TAO).toString());
    expect(p0.unstakeTao).toBe((3n * TAO).toString());
    expect(s.account!.totalTao).toBe((100n * TAO + 3n * TAO + BigInt(p1.valueTao)).toString());
  });

  it('survives an empty pool (price 0, unstake 0) instead of failing the whole snapshot', () => {
    const empty: RawSubnet = { ...sn1, netuid: 5, taoReserve: 0n, alphaReserve: 0n };
    const s = assembleSnapshot(raw({ subnets: [empty], account: { address: '5A', free: 1n, stakes: [{ hotkey: '5H', netuid: 5, alpha: 10n }] } }));
    expect(s.subnets[0]!.price).toBe('0');
    expect(s.account!.positions[0]!.unstakeTao).toBe('0');
  });

  it('V3 rules: a never-traded pool (SwapV3Initialized false, no sqrt price stored) is worth tao/alpha, not nothing', () => {
    const fresh: RawSubnet = { ...sn1, netuid: 3, sqrtPrice: 0n, liquidity: 0n, v3Initialized: false };
    const s = assembleSnapshot(raw({ poolModel: 'v3', swapRules: 'v3', subnets: [fresh], account: { address: '5A', free: 1n, stakes: [{ hotkey: '5H', netuid: 3, alpha: 50n * TAO }] } }));
    expect(s.swapRules).toBe('v3');
    const view = s.subnets[0]!;
    expect(view.v3Initialized).toBe(false);
    // SubnetTAO / SubnetAlphaIn in U96F32, × 1e9: 10k / 500k TAO per alpha.
    expect(view.price).toBe(((((10_000n * TAO) << 32n) / (500_000n * TAO)) * TAO >> 32n).toString());
    expect(BigInt(view.price)).toBeGreaterThan(19_000_000n);
    const pool = poolOf(view, s);
    expect(pool).toMatchObject({ model: 'v3', rules: 'v3', v3Initialized: false });
    const position = s.account!.positions[0]!;
    expect(BigInt(position.valueTao)).toBe(alphaValue(50n * TAO, BigInt(view.price)));
    expect(BigInt(position.unstakeTao)).toBe(quoteUnstake(pool, 50n * TAO).amountOut);
    expect(BigInt(position.unstakeTao)).toBeGreaterThan(0n);
  });

  it('poolOf round-trips the wire strings to the AMM pool', () => {
    const s = assembleSnapshot(raw());
    const pool: Pool = poolOf(s.subnets[2]!, s);
    expect(pool).toEqual({ netuid: 2, mechanism: 1, taoReserve: sn2.taoReserve, alphaReserve: sn2.alphaReserve, quoteWeight: sn2.quoteWeight, feeRate: 500, minReserve: 1_000_000n, model: 'balancer' });
  });
});

describe('superellipse pools in the snapshot', () => {
  it('carries the stored curve and the initialised flag to the popup and back, priced by the curve', () => {
    const curve = { alphaScale: 1_000n << 32n, taoScale: 20n << 32n, centerAlpha: (500_000n * TAO + 1_000n) << 32n, centerTao: (10_000n * TAO + 20n) << 32n };
    const s = assembleSnapshot(raw({ poolModel: 'superellipse', subnets: [{ ...sn1, curve, swapInitialized: true }, { ...sn2, swapInitialized: false }] }));
    const [v1, v2] = s.subnets as [(typeof s.subnets)[0], (typeof s.subnets)[0]];
    expect(v1.curve).toEqual({ alphaScale: curve.alphaScale.toString(), taoScale: curve.taoScale.toString(), centerAlpha: curve.centerAlpha.toString(), centerTao: curve.centerTao.toString() });
    const pool = poolOf(v1, s);
    expect(pool).toMatchObject({ model: 'superellipse', curve, swapInitialized: true });
    // b²X/(a²Y) with X = 1000·2³², Y = 20·2³²: 0.02 TAO per alpha, floored in U64F64 then in rao.
    expect(v1.price).toBe('19999999');
    expect(v2.curve).toBeUndefined();
    expect(poolOf(v2, s)).toMatchObject({ model: 'superellipse', swapInitialized: false });
    expect('curve' in poolOf(v2, s)).toBe(false);
  });

  it('keeps an undecodable record as a problem, and a malformed wire curve as one', () => {
    const s = assembleSnapshot(raw({ poolModel: 'superellipse', subnets: [{ ...sn1, curveProblem: 'the record is 60 bytes, its type takes 64' }] }));
    expect(s.subnets[0]!.curveProblem).toBe('the record is 60 bytes, its type takes 64');
    expect(s.subnets[0]!.price).toBe('0');
    const bad = poolOf({ ...s.subnets[0]!, curveProblem: undefined as never, curve: { alphaScale: 'x', taoScale: '1', centerAlpha: '1', centerTao: '1' } } as never, s);
    expect(bad.curveProblem).toBe('a curve field is not an integer');
  });
});

describe('pool model from metadata', () => {
  it('picks the superellipse when the runtime has SwapSuperellipse, though SwapBalancer stays archived', () => {
    expect(poolModelFromStorage(['SwapBalancer', 'SwapSuperellipse', 'PalSwapInitialized', 'FeeRate'])).toBe('superellipse');
    expect(poolModelFromStorage(['FeeRate'])).toBe('constantProduct');
  });
  it('follows spec 1.3', () => {
    expect(poolModelFromStorage(['SwapBalancer', 'FeeRate'])).toBe('balancer');
    expect(poolModelFromStorage(['AlphaSqrtPrice', 'CurrentTick', 'CurrentLiquidity', 'FeeRate'])).toBe('v3');
    expect(poolModelFromStorage(null)).toBe('constantProduct');
  });
});

describe('networks', () => {
  it('refuses the wrong genesis for a public network and a chain without SubtensorModule', () => {
    const subtensor = { pallets: ['System', 'SubtensorModule'], subtensorCalls: ['add_stake_limit', 'remove_stake_limit'] };
    expect(wrongChainReason(NETWORKS.finney, { ...subtensor, genesisHash: FINNEY_GENESIS })).toBeUndefined();
    expect(wrongChainReason(NETWORKS.finney, { ...subtensor, genesisHash: '0x1234567890' })).toMatch(/not Finney/);
    expect(wrongChainReason(networkConfig('custom', 'ws://x'), { genesisHash: '0x12', pallets: ['System', 'Balances'], subtensorCalls: [] })).toMatch(/no SubtensorModule/);
    expect(wrongChainReason(NETWORKS.devnet, { ...subtensor, genesisHash: '0x12', subtensorCalls: ['add_stake'] })).toMatch(/too old/);
  });

  it('accepts ws/wss URLs only and links extrinsics on public networks only', () => {
    expect(normaliseNodeUrl(' wss://node.example:443/ ')).toBe('wss://node.example');
    expect(normaliseNodeUrl('https://node.example')).toBeUndefined();
    expect(normaliseNodeUrl('ws://user:pw@node')).toBeUndefined();
    expect(explorerUrl('finney', { blockNumber: 4930123, index: 12, blockHash: '0xab' })).toBe('https://taostats.io/extrinsic/4930123-0012');
    expect(explorerUrl('devnet', { blockNumber: 1, index: 1, blockHash: '0xab' })).toBeNull();
    expect(explorerUrl('custom', { blockNumber: 1, index: 1, blockHash: '0xab' })).toBeNull();
  });
});

describe('simulation cross-check', () => {
  it('is silent when the chain and the model agree to the rao, and names each difference otherwise', () => {
    const q = { amountIn: 999_496_000n, amountOut: 49_975_000_000n, fee: 504_000n };
    expect(compareSimulation(q, q, { in: 'TAO', out: 'α' }).differences).toEqual([]);
    const diff = compareSimulation({ ...q, amountOut: q.amountOut + 1n }, q, { in: 'TAO', out: 'α' }).differences;
    expect(diff).toHaveLength(1);
    expect(diff[0]).toMatch(/^Amount received: the chain says 49\.975000001 α, the wallet's model 49\.975 α \(1 rao more on chain\)\.$/);
    expect(compareSimulation({ amountIn: 0n, amountOut: 0n, fee: 0n }, q, { in: 'TAO', out: 'α' }).differences[0]).toMatch(/chain's simulation refuses/);
    expect(compareSimulation({ amountIn: 0n, amountOut: 0n, fee: 0n }, null, { in: 'TAO', out: 'α' }, 'ReservesTooLow').differences).toEqual([]);
  });
});
