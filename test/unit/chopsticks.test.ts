// The wallet's transaction path against a REAL FRAME runtime: chopsticks executing the Rococo
// Asset Hub wasm (raw genesis from @substrate/connect-known-chains, no network). A transfer is
// built from metadata by the same builder as staking calls, signed by the vault (real keyring
// pair, real sr25519), submitted and watched by the same functions as stakes; the runtime
// includes it. The same extrinsic with one signature byte flipped is rejected with badProof.
// This chain is not subtensor: connecting the wallet to it is refused as WrongChain.
// (ss58 2, 12 decimals and its own signed extensions come from the chain's metadata, so the
// code path needs no special-casing.)
import { setupWithServer } from '@acala-network/chopsticks';
import { chainSpec } from '@substrate/connect-known-chains/rococo_v2_2_asset_hub';
import { ApiPromise, WsProvider } from '@polkadot/api';
import { Keyring } from '@polkadot/keyring';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DEV_PHRASE } from '../../devnet/state/genesis.ts';
import { buildIntentCall } from '../../src/chain/calls.ts';
import type { Intent } from '../../src/protocol/chain.ts';
import { WalletError } from '../../src/protocol/errors.ts';
import { apiOptions, ChainConnection } from '../../background/chain/connection.ts';
import { ChainService } from '../../background/chain/service.ts';
import { estimateFee, nextNonce, outcomeInBlock, receivedAmount, signCall, submitAndWatch, type SignedTx, type WatchUpdate } from '../../background/chain/tx.ts';
import { RecordingSink } from '../../background/platform/events.ts';
import { MemoryStore } from '../../background/platform/storage.ts';
import type { VaultService } from '../../background/vault/service.ts';
import { aliceVault } from './helpers/alice-vault.ts';

// Chopsticks logs every block at info level; keep the test output readable.
vi.hoisted(() => {
  process.env.LOG_LEVEL = 'error';
});

type Chopsticks = Awaited<ReturnType<typeof setupWithServer>>;

let chopsticks: Chopsticks;
let url: string;
let api: ApiPromise;
let vault: VaultService;
let alice: string;
let bob: string;

beforeAll(async () => {
  chopsticks = await setupWithServer({
    'chain-spec': JSON.parse(chainSpec),
    host: '127.0.0.1',
    port: 0,
    'build-block-mode': 'Instant' as never,
    'runtime-log-level': 0,
  } as never);
  url = `ws://${chopsticks.addr}`;
  api = new ApiPromise(apiOptions(new WsProvider(url)));
  await api.isReady;
  const keyring = new Keyring({ type: 'sr25519', ss58Format: api.registry.chainSS58 ?? 2 });
  alice = keyring.addFromUri(`${DEV_PHRASE}//Alice`).address;
  bob = keyring.addFromUri(`${DEV_PHRASE}//Bob`).address;
  await api.rpc('dev_setStorage' as never, { System: { Account: [[[alice], { providers: 1, data: { free: '1000000000000000' } }]] } } as never);
  ({ vault } = await aliceVault());
}, 120_000);

afterAll(async () => {
  await api?.disconnect();
  await chopsticks?.close();
});

async function head(): Promise<{ blockHash: string; blockNumber: number }> {
  const h = await api.rpc.chain.getHeader();
  return { blockHash: h.hash.toHex(), blockNumber: h.number.toNumber() };
}

function watchUntilIncluded(signed: SignedTx): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('not included in time')), 30_000);
    submitAndWatch(api, signed, (u: WatchUpdate) => {
      if (u.kind === 'inBlock' || u.kind === 'finalized') {
        clearTimeout(timer);
        resolve(u.blockHash);
      } else if (u.kind === 'invalid' || u.kind === 'dropped') {
        clearTimeout(timer);
        reject(new Error(u.kind));
      }
    }).catch(reject);
  });
}

describe('real FRAME runtime (chopsticks, Rococo Asset Hub)', () => {
  it('includes a transfer built from metadata and signed by the vault, through the staking code path', async () => {
    expect(api.registry.chainSS58).toBe(2);
    expect(api.registry.chainDecimals[0]).toBe(12);
    const intent: Intent = { kind: 'transfer', dest: bob, amount: '1234567890' };
    const call = buildIntentCall(api.registry, intent);
    const at = await head();
    const fee = await estimateFee(api, call, alice, at.blockHash, { blockNumber: at.blockNumber, nonce: await nextNonce(api, alice) });
    expect(fee).toBeGreaterThan(0n);

    const signed = await signCall(api, call, alice, vault, at);
    expect(signed.lastValidBlock).toBeGreaterThan(at.blockNumber);
    const blockHash = await watchUntilIncluded(signed);
    const outcome = await outcomeInBlock(api, blockHash, signed.hash);
    expect(outcome).not.toBeNull();
    expect(outcome!.success).toBe(true);
    expect(outcome!.error).toBeNull();
    expect(receivedAmount(intent, outcome!.events)).toBe(1234567890n);
    // The real runtime charged exactly the estimate: same era, nonce and tip, so the same length.
    // The real runtime charged exactly the estimate: same era, nonce and tip, so the same length.
    // This runtime emits no fee event; the fee is what Balances withdrew from the signer less any
    // refund deposited back to it.
    const moved = (method: string) => outcome!.events
      .filter((r) => r.event.section === 'balances' && r.event.method === method && String(r.event.data[0]) === alice)
      .reduce((sum, r) => sum + BigInt((r.event.data[1] as unknown as { toString(): string }).toString()), 0n);
    expect(moved('Withdraw') - moved('Deposit')).toBe(fee);
    const bobAccount = (await api.query.system.account(bob)) as unknown as { data: { free: { toBigInt(): bigint } } };
    expect(bobAccount.data.free.toBigInt()).toBe(1234567890n);

    // The same signed bytes again: the runtime never applies them twice (refused up front as
    // stale on a full node; chopsticks reports it on the watch instead).
    const updates: WatchUpdate[] = [];
    const again = await submitAndWatch(api, signed, (u) => updates.push(u)).then(
      () => null,
      (e: unknown) => e,
    );
    if (again) expect(['Stale', 'AlreadyImported', 'TemporarilyBanned', 'Invalid']).toContain((again as WalletError).code);
    await api.rpc('dev_newBlock' as never).catch(() => undefined);
    // Whatever chopsticks reports on that watch, no block contains the bytes a second time.
    for (const u of updates) {
      if (u.kind === 'inBlock' && u.blockHash !== blockHash) expect(await outcomeInBlock(api, u.blockHash, signed.hash)).toBeNull();
    }
    const bobAfter = (await api.query.system.account(bob)) as unknown as { data: { free: { toBigInt(): bigint } } };
    expect(bobAfter.data.free.toBigInt()).toBe(1234567890n);
  });

  it('rejects the same extrinsic with one signature byte flipped (badProof)', async () => {
    const intent: Intent = { kind: 'transfer', dest: bob, amount: '1000' };
    const signed = await signCall(api, buildIntentCall(api.registry, intent), alice, vault, await head());
    const sig = signed.extrinsic.signature.toHex().slice(2);
    const at = signed.hex.indexOf(sig);
    expect(at).toBeGreaterThan(0);
    const flippedChar = signed.hex[at + 10] === '0' ? '1' : '0';
    const tampered = `${signed.hex.slice(0, at + 10)}${flippedChar}${signed.hex.slice(at + 11)}`;
    const tx = api.tx(tampered as never);
    const error = await submitAndWatch(api, { ...signed, extrinsic: tx, hex: tampered as `0x${string}` }, () => undefined).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(WalletError);
    expect((error as WalletError).code).toBe('BadProof');
    expect((error as WalletError).message).toMatch(/signature/);
    // The untampered one still goes through: the rejection was the signature, nothing else.
    const blockHash = await watchUntilIncluded(signed);
    expect((await outcomeInBlock(api, blockHash, signed.hash))!.success).toBe(true);
  });

  it('refuses this chain as a wallet network: WrongChain, and nothing changes', async () => {
    const conn = new ChainConnection({ id: 'custom', name: 'Custom', url });
    await expect(conn.ready()).rejects.toMatchObject({ code: 'WrongChain', message: expect.stringMatching(/no SubtensorModule/) });
    expect(conn.state).toMatchObject({ status: 'error', errorCode: 'WrongChain' });
    await conn.close();

    const local = new MemoryStore();
    const service = new ChainService({ local, events: new RecordingSink(), signer: null, urls: { devnet: 'ws://127.0.0.1:1', finney: 'ws://127.0.0.1:1', testnet: 'ws://127.0.0.1:1' }, connection: { attemptTimeoutMs: 500 } });
    await expect(service.selectNetwork('custom', url)).rejects.toMatchObject({ code: 'WrongChain' });
    const after = await service.networks();
    expect(after.selected).toBe('devnet');
    expect(after.customUrl).toBeNull();
    await service.close();
  });
});
