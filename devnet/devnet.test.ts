/**
 * The devnet over a real WebSocket on 127.0.0.1 with @polkadot/api as the client. The chain
 * logic behind it is simulated (devnet/state/); what these tests prove is the node side: RPC,
 * metadata, SCALE, signature/nonce/era/payment checks, events and per-block state.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiPromise, WsProvider } from '@polkadot/api';
import { Keyring } from '@polkadot/keyring';
import type { KeyringPair } from '@polkadot/keyring/types';
import type { SubmittableExtrinsic } from '@polkadot/api/types';
import type { Codec, ISubmittableResult } from '@polkadot/types/types';
import { hexToU8a, u8aToHex } from '@polkadot/util';
import { WebSocket } from 'ws';
import { startDevnet, type Devnet } from './index.ts';
import { alphaPrice, validator } from './state/index.ts';

const TAO = 1_000_000_000n;

type Query = (...args: unknown[]) => Promise<Codec & { data: { free: Codec } }>;
type Tx = (...args: unknown[]) => SubmittableExtrinsic<'promise'>;
type RuntimeCall = (...args: unknown[]) => Promise<Codec>;
/** The members the tests use; @polkadot/api decorates them from the metadata at run time (no augmentation here). */
interface View {
  query: { swap: { swapBalancer: Query; feeRate: Query }; subtensorModule: { subnetTAO: Query }; system: { account: Query } };
  call: {
    swapRuntimeApi: { currentAlphaPrice: RuntimeCall; simSwapTaoForAlpha: RuntimeCall };
    stakeInfoRuntimeApi: { getStakeInfoForColdkey: RuntimeCall };
  };
  tx: { subtensorModule: { addStakeLimit: Tx; removeStakeFullLimit: Tx }; balances: { transferKeepAlive: Tx } };
  consts: { swap: { minimumReserve: Codec } };
}
const v = (): View => api as unknown as View;

let devnet: Devnet;
let api: ApiPromise;
let alice: KeyringPair;
let bob: KeyringPair;
const aurora = validator('aurora');

/** One raw JSON-RPC exchange on a fresh socket. */
async function rawRpc(url: string, frame: string): Promise<Record<string, unknown>> {
  const ws = new WebSocket(url);
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
  const reply = new Promise<string>((resolve) => ws.once('message', (d) => resolve(d.toString())));
  ws.send(frame);
  const text = await reply;
  ws.close();
  return JSON.parse(text) as Record<string, unknown>;
}

/** Submits and waits for inclusion (manual mode: makes the block itself). */
async function submitAndInclude(tx: SubmittableExtrinsic<'promise'>, signer: KeyringPair, options: Record<string, unknown> = {}): Promise<ISubmittableResult> {
  const nonce = await api.rpc.system.accountNextIndex(signer.address);
  return new Promise<ISubmittableResult>((resolve, reject) => {
    let produced = false;
    tx.signAndSend(signer, { nonce, ...options }, (result) => {
      if (result.status.isReady && !produced) {
        produced = true;
        devnet.newBlock();
      }
      if (result.status.isInBlock || result.status.isFinalized) resolve(result);
      if (result.isError) reject(new Error(result.status.type));
    }).catch(reject);
  });
}

beforeAll(async () => {
  // The node mechanics on the balancer profile: these tests read SwapBalancer and sim_swap_*.
  devnet = await startDevnet({ runtime: 'balancer', port: 0, mode: 'manual', finalityDelayMs: 50 });
  api = await ApiPromise.create({ provider: new WsProvider(devnet.url), noInitWarn: true });
  const keyring = new Keyring({ type: 'sr25519', ss58Format: 42 });
  alice = keyring.addFromUri('//Alice');
  bob = keyring.addFromUri('//Bob');
});

afterAll(async () => {
  await api?.disconnect();
  await devnet?.close();
});

describe('devnet: connection and metadata', () => {
  it('reports chain, runtime version and properties like a subtensor node', async () => {
    expect((await api.rpc.system.chain()).toString()).toBe('TaoStake Devnet');
    expect(api.runtimeVersion.specName.toString()).toBe('node-subtensor');
    expect(api.runtimeVersion.specVersion.toNumber()).toBe(233);
    const props = await api.rpc.system.properties();
    expect(props.ss58Format.unwrap().toNumber()).toBe(42);
    expect(props.tokenDecimals.unwrap()[0]!.toNumber()).toBe(9);
    expect(props.tokenSymbol.unwrap()[0]!.toString()).toBe('TAO');
    expect(api.genesisHash.toHex()).toBe(devnet.node.chain.genesisHash);
  });

  it('serves metadata v15 with the Swap pallet, remove_stake_full_limit and runtime APIs', () => {
    expect(api.runtimeMetadata.version).toBe(15);
    expect(v().query.swap.swapBalancer).toBeTypeOf('function');
    expect(v().query.swap.feeRate).toBeTypeOf('function');
    expect(v().consts.swap.minimumReserve.toString()).toBe('1000000');
    expect(v().tx.subtensorModule.addStakeLimit).toBeTypeOf('function');
    const full = v().tx.subtensorModule.removeStakeFullLimit(aurora.address, 1, null);
    expect(u8aToHex(full.method.toU8a().subarray(0, 2))).toBe('0x0767');
    expect(v().call.swapRuntimeApi.simSwapTaoForAlpha).toBeTypeOf('function');
    expect(api.registry.findMetaError({ index: api.registry.createType('u8', 28), error: api.registry.createType('u8', 3) }).name).toBe('PriceLimitExceeded');
  });
});

describe('devnet: reads', () => {
  it('answers SwapRuntimeApi and storage with the state the rules hold', async () => {
    for (const netuid of [1, 4, 7]) {
      const price = await v().call.swapRuntimeApi.currentAlphaPrice(netuid);
      expect(BigInt(price.toString())).toBe(alphaPrice(devnet.state(), netuid));
      const subnet = devnet.state().subnets.get(netuid)!;
      const balancer = (await v().query.swap.swapBalancer(netuid)).toJSON() as { quote: number | string };
      expect(BigInt(balancer.quote)).toBe(subnet.quoteWeight);
      expect((await v().query.swap.feeRate(netuid)).toString()).toBe(String(subnet.feeRate));
      expect(BigInt((await v().query.subtensorModule.subnetTAO(netuid)).toString())).toBe(subnet.taoReserve);
    }
    const sim = (await v().call.swapRuntimeApi.simSwapTaoForAlpha(1, 10n * TAO)).toJSON() as Record<string, number>;
    expect(BigInt(sim['alphaAmount']!)).toBeGreaterThan(0n);
  });

  it('streams new heads to api.rpc.chain.subscribeNewHeads (the singular RPC name polkadot.js sends)', async () => {
    const heads: number[] = [];
    const unsubscribe = await api.rpc.chain.subscribeNewHeads((header) => {
      heads.push(header.number.toNumber());
    });
    await devnet.newBlock(1);
    await expect.poll(() => heads.length, { timeout: 5_000 }).toBeGreaterThanOrEqual(2);
    unsubscribe();
    expect(heads.at(-1)).toBeGreaterThan(heads[0]!);
  });

  it('returns the older value for storage read at an older block hash', async () => {
    const before = devnet.head().hash;
    const taoBefore = devnet.state().subnets.get(2)!.taoReserve;
    await rawRpc(devnet.url, JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'dev_setPool', params: [2, { taoReserve: (taoBefore + 1000n * TAO).toString() }] }));
    const now = BigInt((await v().query.subtensorModule.subnetTAO(2)).toString());
    const then = BigInt((await ((await api.at(before)) as unknown as View).query.subtensorModule.subnetTAO(2)).toString());
    expect(now).toBe(taoBefore + 1000n * TAO);
    expect(then).toBe(taoBefore);
  });
});

describe('devnet: transactions', () => {
  it('includes a signed addStakeLimit: fee charged, StakeAdded, stake visible through StakeInfoRuntimeApi', async () => {
    const netuid = 1;
    const stakeOf = async (): Promise<bigint> => {
      const infos = (await v().call.stakeInfoRuntimeApi.getStakeInfoForColdkey(alice.address)).toJSON() as { hotkey: string; netuid: number; stake: number }[];
      return BigInt(infos.find((i) => i.hotkey === aurora.address && i.netuid === netuid)?.stake ?? 0);
    };
    const stakeBefore = await stakeOf();
    const freeBefore = devnet.state().accounts.get(u8aToHex(alice.publicKey) as `0x${string}`)!.free;
    const price = alphaPrice(devnet.state(), netuid);
    const amount = 10n * TAO;
    const tx = v().tx.subtensorModule.addStakeLimit(aurora.address, netuid, amount, (price * 11n) / 10n, false);
    const fee = BigInt((await tx.paymentInfo(alice)).partialFee.toString());

    const result = await submitAndInclude(tx, alice);
    const names = result.events.map((e) => `${e.event.section}.${e.event.method}`);
    expect(names).toContain('subtensorModule.StakeAdded');
    expect(names).toContain('transactionPayment.TransactionFeePaid');
    expect(names.at(-1)).toBe('system.ExtrinsicSuccess');
    for (const e of result.events) expect(e.phase.isApplyExtrinsic && e.phase.asApplyExtrinsic.toNumber()).toBe(1);
    const added = result.events.find((e) => e.event.method === 'StakeAdded')!.event.data;
    const alphaOut = BigInt(added[3]!.toString());
    expect(alphaOut).toBeGreaterThan(0n);

    expect(await stakeOf()).toBe(stakeBefore + alphaOut);
    const freeAfter = BigInt((await v().query.system.account(alice.address)).data.free.toString());
    expect(freeAfter).toBe(freeBefore - amount - fee);
  });

  it('rejects a tampered signature with 1010 badProof and changes nothing', async () => {
    const nonce = await api.rpc.system.accountNextIndex(alice.address);
    const tx = await v().tx.balances.transferKeepAlive(bob.address, 1n * TAO).signAsync(alice, { nonce });
    const bytes = tx.toU8a();
    const sigStart = bytes.indexOf(1, 3 + 32); // MultiSignature::Sr25519 tag after the address
    bytes[sigStart + 10]! ^= 0xff;
    await expect(api.rpc.author.submitExtrinsic(u8aToHex(bytes))).rejects.toThrow(/1010.*badProof/);
    expect(devnet.node.chain.pool).toHaveLength(0);
  });

  it('rejects a replayed nonce as stale and a nonce gap as future', async () => {
    const tx = v().tx.balances.transferKeepAlive(bob.address, 2n * TAO);
    const nonce = (await api.rpc.system.accountNextIndex(alice.address)).toNumber();
    await tx.signAsync(alice, { nonce });
    const hex = tx.toHex();
    await api.rpc.author.submitExtrinsic(hex);
    devnet.newBlock();
    await expect(api.rpc.author.submitExtrinsic(hex)).rejects.toThrow(/1010.*stale/);
    const gap = await v().tx.balances.transferKeepAlive(bob.address, 1n).signAsync(alice, { nonce: nonce + 5 });
    await expect(api.rpc.author.submitExtrinsic(gap.toHex())).rejects.toThrow(/1010.*future/);
  });

  it('rejects an account that cannot pay the fee with 1010 payment', async () => {
    const pauper = new Keyring({ type: 'sr25519' }).addFromUri('//NoFundsAtAll');
    const tx = await v().tx.balances.transferKeepAlive(bob.address, 1n).signAsync(pauper, { nonce: 0 });
    await expect(api.rpc.author.submitExtrinsic(tx.toHex())).rejects.toThrow(/1010.*payment/);
  });

  it('checks CheckMetadataHash: mode 1 with a foreign hash is badProof, with the runtime hash it is accepted', async () => {
    const nonce = await api.rpc.system.accountNextIndex(alice.address);
    const wrong = await v().tx.balances.transferKeepAlive(bob.address, 1n).signAsync(alice, { nonce, mode: 1, metadataHash: `0x${'ab'.repeat(32)}` } as never);
    await expect(api.rpc.author.submitExtrinsic(wrong.toHex())).rejects.toThrow(/1010.*badProof/);
    const right = await v().tx.balances.transferKeepAlive(bob.address, 1n).signAsync(alice, { nonce, mode: 1, metadataHash: devnet.meta.metadataHash } as never);
    const hash = await api.rpc.author.submitExtrinsic(right.toHex());
    expect(hash.toHex()).toBe(right.hash.toHex());
    devnet.newBlock();
  });

  it('a call failing after a front-run yields ExtrinsicFailed(SlippageTooHigh), still charges the fee and bumps the nonce', async () => {
    const netuid = 4;
    const price = alphaPrice(devnet.state(), netuid);
    const nonce = (await api.rpc.system.accountNextIndex(alice.address)).toNumber();
    // Subnet 4 holds 42k TAO: 800 TAO alone lifts the price ~4 %, under the 5 % limit; after a
    // 630 TAO front-run (~3 %) the same stake would overshoot it, so the full fill is refused.
    const tx = v().tx.subtensorModule.addStakeLimit(aurora.address, netuid, 800n * TAO, (price * 105n) / 100n, false);
    const fee = BigInt((await tx.paymentInfo(alice)).partialFee.toString());
    const freeBefore = BigInt((await v().query.system.account(alice.address)).data.free.toString());

    let ready!: () => void;
    const isReady = new Promise<void>((resolve) => (ready = resolve));
    const outcome = new Promise<ISubmittableResult>((resolve, reject) => {
      tx.signAndSend(alice, { nonce }, (r) => {
        if (r.status.isReady) ready();
        if (r.status.isInBlock || r.status.isFinalized) resolve(r);
      }).catch(reject);
    });
    // While the stake sits in the pool, a whale buys: the block applies the front-run first.
    await isReady;
    expect(devnet.node.chain.pool).toHaveLength(1);
    const reply = await rawRpc(devnet.url, JSON.stringify({ jsonrpc: '2.0', id: 7, method: 'dev_frontRun', params: [netuid, (630n * TAO).toString()] }));
    expect(reply['error']).toBeUndefined();
    const result = await outcome;

    const failed = result.events.find((e) => e.event.section === 'system' && e.event.method === 'ExtrinsicFailed');
    expect(failed).toBeDefined();
    const [dispatchError] = failed!.event.data as unknown as [{ isModule: boolean; asModule: Parameters<typeof api.registry.findMetaError>[0] }];
    expect(dispatchError.isModule).toBe(true);
    const meta = api.registry.findMetaError(dispatchError.asModule);
    expect(`${meta.section}.${meta.name}`).toBe('subtensorModule.SlippageTooHigh');
    expect(result.events.some((e) => e.event.method === 'StakeAdded')).toBe(false);
    expect((await api.rpc.system.accountNextIndex(alice.address)).toNumber()).toBe(nonce + 1);
    expect(BigInt((await v().query.system.account(alice.address)).data.free.toString())).toBe(freeBefore - fee);
    expect(alphaPrice(devnet.state(), netuid)).toBeGreaterThan(price);
  });
});

describe('devnet: signed-payload checks', () => {
  /** An immortal transfer signed over a payload with some implicit values replaced. */
  async function signedWith(overrides: Record<string, unknown>): Promise<string> {
    const nonce = await api.rpc.system.accountNextIndex(alice.address);
    const tx = v().tx.balances.transferKeepAlive(bob.address, 1n);
    const payload = {
      method: tx.method.toHex(), era: '0x00', nonce: nonce.toNumber(), tip: 0, mode: 0, metadataHash: null,
      specVersion: api.runtimeVersion.specVersion.toNumber(), transactionVersion: api.runtimeVersion.transactionVersion.toNumber(),
      genesisHash: api.genesisHash.toHex(), blockHash: api.genesisHash.toHex(), ...overrides,
    };
    const { signature } = api.registry.createType('ExtrinsicPayload', payload, { version: 4 }).sign(alice);
    tx.addSignature(alice.address, signature, payload as never);
    return tx.toHex();
  }

  it("accepts a hand-built payload with the node's values, and rejects a wrong spec version, tx version or genesis hash as badProof", async () => {
    await expect(api.rpc.author.submitExtrinsic(await signedWith({ specVersion: 234 }))).rejects.toThrow(/1010.*badProof/);
    await expect(api.rpc.author.submitExtrinsic(await signedWith({ transactionVersion: 2 }))).rejects.toThrow(/1010.*badProof/);
    const otherGenesis = `0x${'11'.repeat(32)}`;
    await expect(api.rpc.author.submitExtrinsic(await signedWith({ genesisHash: otherGenesis, blockHash: otherGenesis }))).rejects.toThrow(/1010.*badProof/);
    expect(devnet.node.chain.pool).toHaveLength(0);
    await api.rpc.author.submitExtrinsic(await signedWith({}));
    expect(devnet.node.chain.pool).toHaveLength(1);
    devnet.newBlock();
  });

  it('rejects an era born after the best block as ancientBirthBlock', async () => {
    const nonce = await api.rpc.system.accountNextIndex(alice.address);
    const best = devnet.head().number;
    const era = api.registry.createType('ExtrinsicEra', { current: best + 1, period: 4 });
    const tx = await v().tx.balances.transferKeepAlive(bob.address, 1n).signAsync(alice, { nonce, era, blockHash: devnet.head().hash } as never);
    await expect(api.rpc.author.submitExtrinsic(tx.toHex())).rejects.toThrow(/1010.*ancientBirthBlock/);
  });
});

describe('devnet: test controls and block modes', () => {
  it('dev_setBalance sets free balance in a new block; instant mode includes a submission by itself', async () => {
    const reply = await rawRpc(devnet.url, JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'dev_setBalance', params: [bob.address, (123n * TAO).toString()] }));
    expect(reply['result']).toBe(devnet.head().hash);
    expect(BigInt((await v().query.system.account(bob.address)).data.free.toString())).toBe(123n * TAO);

    devnet.setBlockMode('instant');
    try {
      const before = devnet.head().number;
      const nonce = await api.rpc.system.accountNextIndex(bob.address);
      const tx = await v().tx.balances.transferKeepAlive(alice.address, 1n * TAO).signAsync(bob, { nonce });
      await api.rpc.author.submitExtrinsic(tx.toHex());
      await new Promise((r) => setTimeout(r, 50));
      expect(devnet.head().number).toBe(before + 1);
      expect(devnet.head().extrinsics).toContain(tx.toHex());
    } finally {
      devnet.setBlockMode('manual');
    }
  });

  it('refuses a bad control with an error and no new block', async () => {
    const before = devnet.head().number;
    const unknown = await rawRpc(devnet.url, JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'dev_setPool', params: [999, { feeRate: 10 }] }));
    expect((unknown['error'] as { code: number }).code).toBe(-32010);
    const badField = await rawRpc(devnet.url, JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'dev_setPool', params: [1, { price: 10 }] }));
    expect((badField['error'] as { code: number }).code).toBe(-32602);
    expect(devnet.head().number).toBe(before);
  });

  it('drops a connection\'s subscriptions when it closes', async () => {
    const baseline = devnet.node.chain.listenerCount('block');
    const ws = new WebSocket(devnet.url);
    await new Promise((resolve) => ws.once('open', resolve));
    const replies: unknown[] = [];
    ws.on('message', (d) => replies.push(JSON.parse(d.toString())));
    ws.send(JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'chain_subscribeNewHeads', params: [] }));
    ws.send(JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'state_subscribeStorage', params: [[]] }));
    await new Promise((r) => setTimeout(r, 50));
    expect(devnet.node.chain.listenerCount('block')).toBe(baseline + 2);
    // The subscription id answer comes before its first notification.
    expect((replies[0] as { id: number }).id).toBe(1);
    ws.close();
    await new Promise((r) => setTimeout(r, 50));
    expect(devnet.node.chain.listenerCount('block')).toBe(baseline);
  });
});

describe('devnet: protocol hygiene', () => {
  it('answers malformed JSON with -32700 and an unknown method with -32601', async () => {
    expect(((await rawRpc(devnet.url, '{not json')) as { error: { code: number } }).error.code).toBe(-32700);
    expect(((await rawRpc(devnet.url, JSON.stringify({ jsonrpc: '2.0', id: 3, method: 'nope_nope', params: [] }))) as { error: { code: number } }).error.code).toBe(-32601);
    expect(((await rawRpc(devnet.url, JSON.stringify({ jsonrpc: '2.0', id: 4, method: 'chain_getHeader', params: {} }))) as { error: { code: number } }).error.code).toBe(-32602);
    expect(((await rawRpc(devnet.url, JSON.stringify({ jsonrpc: '2.0', id: 5, method: 'author_submitExtrinsic', params: ['0x1234'] }))) as { error: { code: number } }).error.code).toBe(1001);
  });

  it('closes a connection that sends an oversize frame and keeps serving others', async () => {
    const ws = new WebSocket(devnet.url);
    await new Promise((resolve) => ws.once('open', resolve));
    const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
    ws.send('x'.repeat(5 * 1024 * 1024));
    expect(await closed).toBe(1009);
    const reply = await rawRpc(devnet.url, JSON.stringify({ jsonrpc: '2.0', id: 6, method: 'system_chain', params: [] }));
    expect(reply['result']).toBe('TaoStake Devnet');
  });

  it('serves JSON-RPC over HTTP POST too', async () => {
    const res = await fetch(devnet.httpUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'chain_getBlockHash', params: [0] }) });
    expect(((await res.json()) as { result: string }).result).toBe(devnet.node.chain.genesisHash);
  });

  it('hashes headers as blake2_256 of the SCALE header', async () => {
    const head = await api.rpc.chain.getHeader();
    expect(head.hash.toHex()).toBe(devnet.head().hash);
    const block = await api.rpc.chain.getBlock(head.hash);
    expect(block.block.extrinsics[0]!.method.section).toBe('timestamp');
    expect(hexToU8a(head.parentHash.toHex())).toHaveLength(32);
  });
});
