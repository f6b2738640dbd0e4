// Requests belong to the page document that made them (a reload or navigation withdraws them and
// closes their window), and sign payloads with fields the wallet does not know.
import type { SignerPayloadJSON } from '@polkadot/types/types';
import { blake2AsU8a, signatureVerify } from '@polkadot/util-crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildNamedCall } from '../../src/chain/calls.ts';
import { MAX_PENDING_PER_ORIGIN } from './queue.ts';
import { WITHDRAWN } from './service.ts';
import { devAccounts, devnetRegistry, pageAt, payloadFor, setup, SUBTENSOR_USER_EXTENSIONS, until } from './testing.ts';

const TAO = 'https://tao.app';
const DOC_A = 'a'.repeat(32);
const DOC_B = 'b'.repeat(32);
const idOf = (path: string) => path.split('/').pop()!;


let alice = '';
let bob = '';
beforeAll(async () => {
  ({ alice, bob } = await devAccounts());
});

async function connected(documents?: Map<number, string>, stores?: Parameters<typeof setup>[0]) {
  const t = await setup(stores, documents);
  if (!(await t.fromPopup('pri(authorizations.list)', {})).response.length) {
    const pending = t.send(pageAt(TAO), 'pub(authorize.request)', { originName: 'tao.app' }, undefined, DOC_A);
    await until(() => t.windows.length === 1);
    await t.fromPopup('pri(requests.approve)', { id: idOf(t.windows[0]!.path), addresses: [alice] });
    await pending;
  }
  const signRaw = (document: string, text = 'hi') => t.send(pageAt(TAO), 'pub(signer.signRaw)', { payload: { address: alice, data: `0x${Buffer.from(text).toString('hex')}`, type: 'bytes' } }, undefined, document);
  return { ...t, signRaw };
}

describe('requests live as long as their page document', () => {
  it('a reload (a new document in the tab) withdraws the old request: the promise rejects, the window closes', async () => {
    const t = await connected();
    const before = t.windows.length;
    const pending = t.signRaw(DOC_A);
    await until(() => t.windows.length === before + 1);
    const win = t.windows.at(-1)!;
    await t.dapp.documentOpened(7, DOC_B);
    expect(await pending).toEqual({ ok: false, error: { code: 'Rejected', message: WITHDRAWN } });
    expect(t.closed).toEqual([win.id]);
    expect((await t.fromPopup('pri(requests.list)', {})).response).toEqual([]);
    // The stale window can no longer sign.
    expect(await t.fromPopup('pri(requests.approve)', { id: idOf(win.path) })).toMatchObject({ ok: false, error: { code: 'NotFound' } });
    expect(t.vault.signed).toEqual([]);
  });

  it('the per-site limit counts only live requests: the reloaded page gets past the old ones', async () => {
    const t = await connected();
    const old = Array.from({ length: MAX_PENDING_PER_ORIGIN }, (_, i) => t.signRaw(DOC_A, `old ${i}`));
    await until(() => t.dapp.list().length === MAX_PENDING_PER_ORIGIN);
    expect(await t.signRaw(DOC_A, 'one too many')).toMatchObject({ ok: false, error: { code: 'RateLimited' } });
    // The page reloads and asks again, before its relay's old connection was seen closing.
    const fresh = t.signRaw(DOC_B, 'fresh');
    for (const p of old) expect(await p).toMatchObject({ ok: false, error: { message: WITHDRAWN } });
    await until(() => t.dapp.list().length === 1);
    const id = t.dapp.list()[0]!.id;
    expect((await t.fromPopup('pri(requests.get)', { id })).response).toMatchObject({ kind: 'signRaw', risk: { level: 'low' } });
    await t.fromPopup('pri(requests.approve)', { id });
    const signed = await fresh;
    expect(signed.ok).toBe(true);
  });

  it('the relay connection closing withdraws only that document\'s requests', async () => {
    const t = await connected();
    const a = t.signRaw(DOC_A);
    await until(() => t.dapp.list().length === 1);
    const other = t.send(pageAt(TAO, 9), 'pub(signer.signRaw)', { payload: { address: alice, data: '0x01', type: 'bytes' } }, undefined, DOC_B);
    await until(() => t.dapp.list().length === 2);
    await t.dapp.documentClosed(7, DOC_B); // another tab's document id: nothing of tab 7 goes
    expect(t.dapp.list()).toHaveLength(2);
    await t.dapp.documentClosed(7, DOC_A);
    expect(await a).toMatchObject({ ok: false, error: { message: WITHDRAWN } });
    expect(t.dapp.list()).toHaveLength(1);
    await t.dapp.onTabClosed(9);
    expect(await other).toMatchObject({ ok: false, error: { code: 'Rejected' } });
  });

  it('after a worker restart, requests of documents that went away meanwhile are withdrawn; live ones stay', async () => {
    const documents = new Map([[7, DOC_A]]);
    const t = await connected(documents);
    void t.signRaw(DOC_A, 'in tab 7');
    void t.send(pageAt(TAO, 8), 'pub(signer.signRaw)', { payload: { address: alice, data: '0x02', type: 'bytes' } }, undefined, DOC_B);
    await until(() => t.dapp.list().length === 2);
    // The worker stops; tab 8 navigates away (no relay answers there) while none runs.
    const restarted = await connected(documents, { local: t.platform.local, session: t.platform.session });
    await restarted.dapp.sweepDocuments();
    expect(restarted.dapp.list().map((r) => r.origin)).toEqual([TAO]);
    const [left] = restarted.dapp.list();
    expect((await restarted.fromPopup('pri(requests.get)', { id: left!.id })).response).toMatchObject({ data: `0x${Buffer.from('in tab 7').toString('hex')}` });
    expect(restarted.closed).toHaveLength(1);
  });
});

describe('sign payloads with fields the wallet does not know', () => {
  const reg = devnetRegistry();
  const call = () => buildNamedCall(reg, 'SubtensorModule', 'add_stake_limit', { hotkey: bob, netuid: 1, amount_staked: 10_000_000_000n, limit_price: 2_000_000_000n, allow_partial: false }).toHex();

  function signedBytes(payload: SignerPayloadJSON): Uint8Array {
    reg.setSignedExtensions(payload.signedExtensions, SUBTENSOR_USER_EXTENSIONS);
    const u8a = reg.createType('ExtrinsicPayload', payload, { version: payload.version }).toU8a({ method: true });
    return u8a.length > 256 ? blake2AsU8a(u8a) : u8a;
  }

  async function approveSign(t: Awaited<ReturnType<typeof connected>>, payload: unknown) {
    const pending = t.send(pageAt(TAO), 'pub(signer.signPayload)', { payload }, undefined, DOC_A);
    await until(() => t.dapp.list().length === 1);
    const id = t.dapp.list()[0]!.id;
    const detail = (await t.fromPopup('pri(requests.get)', { id })).response;
    await t.fromPopup('pri(requests.approve)', { id });
    return { detail, reply: await pending };
  }

  it('an extra unknown key is ignored: the request is shown, signed, and the signature verifies', async () => {
    const t = await connected();
    const base = payloadFor(reg, alice, call() as `0x${string}`);
    const { detail, reply } = await approveSign(t, { ...base, someFutureField: { nested: [1, 2] }, assetIdV2: '0x01' });
    expect(detail.call.tree).toMatchObject({ pallet: 'SubtensorModule', call: 'add_stake_limit' });
    expect(reply.ok).toBe(true);
    expect(signatureVerify(signedBytes(base), reply.response.signature, alice).isValid).toBe(true);
    expect(reply.response.signedTransaction).toBeUndefined();
  });

  it('withSignedTransaction: true also returns the signed extrinsic, with the same signature', async () => {
    const t = await connected();
    const base = payloadFor(reg, alice, call() as `0x${string}`, { withSignedTransaction: true } as never);
    const { reply } = await approveSign(t, base);
    expect(reply.ok).toBe(true);
    const extrinsic = reg.createType('Extrinsic', reply.response.signedTransaction);
    expect(extrinsic.isSigned).toBe(true);
    expect(extrinsic.signer.toString()).toBe(alice);
    expect(extrinsic.method.toHex()).toBe(base.method);
    expect(extrinsic.signature.toHex()).toBe(`0x${reply.response.signature.slice(4)}`);
  });

  it('signed extensions other than the chain\'s are refused at once, with the difference named', async () => {
    const t = await connected();
    const windows = t.windows.length;
    const base = payloadFor(reg, alice, call() as `0x${string}`);
    const reply = await t.send(pageAt(TAO), 'pub(signer.signPayload)', { payload: { ...base, signedExtensions: base.signedExtensions.filter((e) => e !== 'CheckMetadataHash').concat('ChargeAssetTxPayment') } }, undefined, DOC_A);
    expect(reply).toMatchObject({ ok: false, error: { code: 'BadRequest', message: expect.stringContaining('missing: CheckMetadataHash; not on this chain: ChargeAssetTxPayment') } });
    expect(t.windows).toHaveLength(windows);
    expect(t.vault.signed).toEqual([]);
  });

  it('known fields are still checked strictly', async () => {
    const t = await connected();
    const base = payloadFor(reg, alice, call() as `0x${string}`);
    for (const bad of [{ nonce: 7 }, { mode: 2 }, { era: 'forever' }, { version: 3 }]) {
      expect(await t.send(pageAt(TAO), 'pub(signer.signPayload)', { payload: { ...base, ...bad } }, undefined, DOC_A)).toMatchObject({ ok: false, error: { code: 'BadRequest' } });
    }
    const tooMany = Object.fromEntries(Array.from({ length: 60 }, (_, i) => [`k${i}`, i]));
    expect(await t.send(pageAt(TAO), 'pub(signer.signPayload)', { payload: { ...base, ...tooMany } }, undefined, DOC_A)).toMatchObject({ ok: false, error: { code: 'BadRequest' } });
  });
});
