import type { SignerPayloadJSON } from '@polkadot/types/types';
import { u8aWrapBytes } from '@polkadot/util';
import { blake2AsU8a, signatureVerify } from '@polkadot/util-crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildNamedCall } from '../../src/chain/calls.ts';
import { REJECT_COOLDOWN_MS } from './service.ts';
import { devAccounts, devnetRegistry, pageAt, payloadFor, setup, SUBTENSOR_USER_EXTENSIONS, until, TEST_PASSWORD } from './testing.ts';


const TAO = 'https://tao.app';
const OTHER = 'https://evil.example';
const idOf = (path: string) => path.split('/').pop()!;

async function connect(t: Awaited<ReturnType<typeof setup>>, origin: string, addresses: string[]) {
  const pending = t.send(pageAt(origin), 'pub(authorize.request)', { originName: 'test dapp' });
  await until(() => t.windows.some((w) => w.path.startsWith('popup.html#/authorize/')));
  const win = t.windows.at(-1)!;
  expect(await t.fromPopup('pri(requests.approve)', { id: idOf(win.path), addresses })).toEqual({ ok: true, response: { approved: true } });
  expect(await pending).toEqual({ ok: true, response: { authorized: true } });
}

let alice = '';
let bob = '';
beforeAll(async () => {
  ({ alice, bob } = await devAccounts());
});

function stakeCall(hotkey: string) {
  return buildNamedCall(devnetRegistry(), 'SubtensorModule', 'add_stake_limit', { hotkey, netuid: 1, amount_staked: 10_000_000_000n, limit_price: 2_000_000_000n, allow_partial: false }).toHex();
}

function payloadBytes(payload: SignerPayloadJSON): Uint8Array {
  const reg = devnetRegistry();
  reg.setSignedExtensions(payload.signedExtensions, SUBTENSOR_USER_EXTENSIONS);
  const u8a = reg.createType('ExtrinsicPayload', payload, { version: payload.version }).toU8a({ method: true });
  return u8a.length > 256 ? blake2AsU8a(u8a) : u8a;
}

describe('authorization', () => {
  it('an unknown origin gets no accounts, no signature and no window', async () => {
    const t = await setup();
    expect(await t.send(pageAt(OTHER), 'pub(accounts.list)', {})).toMatchObject({ ok: false, error: { code: 'Unauthorized' } });
    const sign = await t.send(pageAt(OTHER), 'pub(signer.signPayload)', { payload: payloadFor(devnetRegistry(), alice, stakeCall(alice)) });
    expect(sign).toMatchObject({ ok: false, error: { code: 'Unauthorized' } });
    expect(t.windows).toEqual([]);
    expect(JSON.stringify(sign)).not.toContain(alice);
  });

  it('enable opens one approval window; the chosen accounts, and only those, are visible to that origin only', async () => {
    const t = await setup();
    const first = t.send(pageAt(TAO), 'pub(authorize.request)', { originName: 'tao.app' });
    const second = t.send(pageAt(TAO, 8), 'pub(authorize.request)', { originName: 'tao.app again' });
    await until(() => t.windows.length === 1);
    await new Promise((r) => setTimeout(r, 10));
    expect(t.windows).toHaveLength(1); // a second enable() waits on the same window
    const id = idOf(t.windows[0]!.path);
    expect(t.windows[0]!.path).toBe(`popup.html#/authorize/${id}`);

    const detail = await t.fromPopup('pri(requests.get)', { id });
    expect(detail.response).toMatchObject({ kind: 'authorize', origin: TAO, originName: 'tao.app', selected: [] });
    expect(detail.response.accounts.map((a: { address: string }) => a.address)).toEqual([alice, bob]);

    await t.fromPopup('pri(requests.approve)', { id, addresses: [alice] });
    expect(await first).toEqual({ ok: true, response: { authorized: true } });
    expect(await second).toEqual({ ok: true, response: { authorized: true } });

    const list = await t.send(pageAt(TAO), 'pub(accounts.list)', {});
    expect(list).toEqual({ ok: true, response: [{ address: alice, genesisHash: null, name: 'Alice', type: 'sr25519' }] });
    expect(await t.send(pageAt(OTHER), 'pub(accounts.list)', {})).toMatchObject({ ok: false, error: { code: 'Unauthorized' } });

    // Stored in storage.local: a new service over the same stores still knows it.
    const again = await setup({ local: t.platform.local, session: t.platform.session });
    expect((await again.send(pageAt(TAO), 'pub(accounts.list)', {})).response).toHaveLength(1);
  });

  it('approving an address the wallet does not have is refused and connects nothing', async () => {
    const t = await setup();
    const pending = t.send(pageAt(TAO), 'pub(authorize.request)', { originName: 'x' });
    await until(() => t.windows.length === 1);
    const id = idOf(t.windows[0]!.path);
    const stranger = '5DAAnrj7VHTznn2AWBemMuyBwZWs6FNFjdyVXUeYum3PTXFy';
    expect(await t.fromPopup('pri(requests.approve)', { id, addresses: [stranger] })).toMatchObject({ ok: false, error: { code: 'UnknownAccount' } });
    expect(await t.fromPopup('pri(authorizations.list)', {})).toEqual({ ok: true, response: [] });
    await t.fromPopup('pri(requests.reject)', { id });
    expect(await pending).toMatchObject({ ok: false, error: { code: 'Rejected' } });
  });

  it('reject returns Rejected; a closed window counts as reject; a rejected origin is not re-asked at once', async () => {
    const t = await setup();
    const p1 = t.send(pageAt(TAO), 'pub(authorize.request)', { originName: 'x' });
    await until(() => t.windows.length === 1);
    await t.dapp.onWindowClosed(t.windows[0]!.id);
    expect(await p1).toMatchObject({ ok: false, error: { code: 'Rejected', message: expect.stringContaining('closed') } });
    expect(await t.send(pageAt(TAO), 'pub(authorize.request)', { originName: 'x' })).toMatchObject({ ok: false, error: { code: 'Rejected' } });
    expect(t.windows).toHaveLength(1);
    t.advance(REJECT_COOLDOWN_MS + 1);
    const p2 = t.send(pageAt(TAO), 'pub(authorize.request)', { originName: 'x' });
    await until(() => t.windows.length === 2);
    await t.fromPopup('pri(requests.reject)', { id: idOf(t.windows[1]!.path) });
    expect(await p2).toMatchObject({ ok: false, error: { code: 'Rejected' } });
  });

  it('settings: list, update and revoke; revoking voids pending requests and pushes an empty account list', async () => {
    const t = await setup();
    await connect(t, TAO, [alice]);
    expect(await t.send(pageAt(TAO), 'pub(accounts.subscribe)', {})).toMatchObject({ ok: true });
    const list = await t.fromPopup('pri(authorizations.list)', {});
    expect(list.response).toMatchObject([{ origin: TAO, originName: 'test dapp', addresses: [alice] }]);

    await t.fromPopup('pri(authorizations.update)', { origin: TAO, addresses: [bob] });
    expect((await t.send(pageAt(TAO), 'pub(accounts.list)', {})).response.map((a: { address: string }) => a.address)).toEqual([bob]);
    expect(t.platform.events.sent.filter((e) => e.to === 7 && e.name === 'dapp.accounts').at(-1)?.payload).toMatchObject({ origin: TAO, accounts: [{ address: bob }] });

    const sign = t.send(pageAt(TAO), 'pub(signer.signRaw)', { payload: { address: bob, data: '0x1234', type: 'bytes' } });
    await until(() => t.windows.length === 2);
    expect(await t.fromPopup('pri(authorizations.revoke)', { origin: TAO })).toEqual({ ok: true, response: { revoked: true } });
    expect(await sign).toMatchObject({ ok: false, error: { code: 'Unauthorized' } });
    expect(await t.send(pageAt(TAO), 'pub(accounts.list)', {})).toMatchObject({ ok: false, error: { code: 'Unauthorized' } });
    expect(t.platform.events.sent.filter((e) => e.to === 7 && e.name === 'dapp.accounts').at(-1)?.payload).toEqual({ origin: TAO, accounts: [] });
  });
});

describe('signing', () => {
  it('signs an approved add_stake_limit with mode 1 and the metadata hash, decoded in words', async () => {
    const t = await setup();
    await connect(t, TAO, [alice]);
    const metadataHash = `0x${'cd'.repeat(32)}`;
    const payload = payloadFor(devnetRegistry(), alice, stakeCall(alice), { mode: 1, metadataHash } as Partial<SignerPayloadJSON>);
    const pending = t.send(pageAt(TAO), 'pub(signer.signPayload)', { payload });
    await until(() => t.windows.length === 2);
    const id = idOf(t.windows[1]!.path);
    expect(t.windows[1]!.path).toBe(`popup.html#/request/${id}`);

    const detail = (await t.fromPopup('pri(requests.get)', { id })).response;
    expect(detail).toMatchObject({ kind: 'signPayload', origin: TAO, address: alice, accountName: 'Alice', unlocked: true });
    expect(detail.call).toMatchObject({ section: 'subtensorModule', method: 'addStakeLimit', args: { netuid: '1', amount_staked: '10000000000' } });
    expect(detail.call.summary).toMatch(/^Stake 10 TAO into SN1 with validator Alice/);
    expect(detail.chain).toMatchObject({ genesisMatches: true, metadataHash, mortal: true });

    await t.vault.inner.lock();
    expect(await t.fromPopup('pri(requests.approve)', { id })).toMatchObject({ ok: false, error: { code: 'Locked' } });
    expect((await t.fromPopup('pri(requests.list)', {})).response).toHaveLength(1); // still pending
    await t.vault.inner.unlock(TEST_PASSWORD);
    expect(await t.fromPopup('pri(requests.approve)', { id })).toEqual({ ok: true, response: { approved: true } });
    const reply = await pending;
    expect(reply.ok).toBe(true);
    const { signature } = reply.response as { signature: `0x${string}` };
    expect(signatureVerify(payloadBytes(payload), signature, alice).isValid).toBe(true);
    // The signature covers mode 1 and the hash: without them it does not verify.
    const bare = { ...payload, mode: 0, metadataHash: undefined };
    expect(signatureVerify(payloadBytes(bare), signature, alice).isValid).toBe(false);
    expect((await t.fromPopup('pri(requests.list)', {})).response).toEqual([]);
  });

  it('signRaw signs the data wrapped in <Bytes>', async () => {
    const t = await setup();
    await connect(t, TAO, [alice]);
    const pending = t.send(pageAt(TAO), 'pub(signer.signRaw)', { payload: { address: alice, data: '0x68656c6c6f', type: 'bytes' } });
    await until(() => t.windows.length === 2);
    const id = idOf(t.windows[1]!.path);
    expect((await t.fromPopup('pri(requests.get)', { id })).response).toMatchObject({ kind: 'signRaw', text: 'hello' });
    await t.fromPopup('pri(requests.approve)', { id });
    const { signature } = (await pending).response;
    expect(signatureVerify(u8aWrapBytes('0x68656c6c6f'), signature, alice).isValid).toBe(true);
  });

  it('refuses accounts the origin was not given, in any SS58 form, without a window', async () => {
    const t = await setup();
    await connect(t, TAO, [alice]);
    const polkadotFormBob = '14E5nqKAp3oAJcmzgZhUD2RcptBeUBScxKHgJKU4HPNcKVf3'; // Bob, prefix 0
    for (const address of [bob, polkadotFormBob]) {
      const r = await t.send(pageAt(TAO), 'pub(signer.signPayload)', { payload: payloadFor(devnetRegistry(), address, stakeCall(alice)) });
      expect(r).toMatchObject({ ok: false, error: { code: 'Unauthorized' } });
    }
    expect(t.windows).toHaveLength(1);
    expect(t.vault.signed).toEqual([]);
  });

  it('a rejected sign request rejects the page promise and signs nothing', async () => {
    const t = await setup();
    await connect(t, TAO, [alice]);
    const pending = t.send(pageAt(TAO), 'pub(signer.signPayload)', { payload: payloadFor(devnetRegistry(), alice, stakeCall(alice)) });
    await until(() => t.windows.length === 2);
    await t.fromPopup('pri(requests.reject)', { id: idOf(t.windows[1]!.path) });
    expect(await pending).toMatchObject({ ok: false, error: { code: 'Rejected' } });
    expect(t.vault.signed).toEqual([]);
    expect(await t.fromPopup('pri(requests.approve)', { id: idOf(t.windows[1]!.path) })).toMatchObject({ ok: false, error: { code: 'NotFound' } });
  });

  it('refuses a payload for another chain at approval', async () => {
    const t = await setup();
    await connect(t, TAO, [alice]);
    const pending = t.send(pageAt(TAO), 'pub(signer.signPayload)', { payload: payloadFor(devnetRegistry(), alice, stakeCall(alice), { genesisHash: `0x${'01'.repeat(32)}` }) });
    await until(() => t.windows.length === 2);
    const id = idOf(t.windows[1]!.path);
    expect((await t.fromPopup('pri(requests.get)', { id })).response).toMatchObject({ call: null, chain: { genesisMatches: false } });
    expect(await t.fromPopup('pri(requests.approve)', { id })).toMatchObject({ ok: false, error: { code: 'WrongChain' } });
    expect(await pending).toMatchObject({ ok: false, error: { code: 'WrongChain' } });
  });
});

describe('worker restart', () => {
  it('a pending request survives in storage.session; approving after the restart answers the relay', async () => {
    const t = await setup();
    await connect(t, TAO, [alice]);
    const payload = payloadFor(devnetRegistry(), alice, stakeCall(alice));
    void t.send(pageAt(TAO), 'pub(signer.signPayload)', { payload }, 'page-msg-1');
    await until(() => t.windows.length === 2);
    const id = idOf(t.windows[1]!.path);

    // The worker stops: only the storage areas remain.
    const after = await setup({ local: t.platform.local, session: t.platform.session });
    expect((await after.fromPopup('pri(requests.list)', {})).response).toMatchObject([{ id, kind: 'signPayload', origin: TAO, address: alice }]);
    const resumed = after.send(pageAt(TAO), 'pub(requests.resume)', { replyTo: 'page-msg-1' });
    // Another tab or origin cannot pick up this reply.
    expect(await after.send(pageAt(TAO, 9), 'pub(requests.resume)', { replyTo: 'page-msg-1' })).toMatchObject({ ok: false, error: { code: 'NotFound' } });
    expect(await after.send(pageAt(OTHER), 'pub(requests.resume)', { replyTo: 'page-msg-1' })).toMatchObject({ ok: false, error: { code: 'NotFound' } });
    await after.fromPopup('pri(requests.approve)', { id });
    const reply = await resumed;
    expect(signatureVerify(payloadBytes(payload), reply.response.signature, alice).isValid).toBe(true);
  });

  it('with nobody waiting, the outcome is pushed to the tab as dapp.reply', async () => {
    const t = await setup();
    await connect(t, TAO, [alice]);
    void t.send(pageAt(TAO, 12), 'pub(signer.signRaw)', { payload: { address: alice, data: '0x01', type: 'bytes' } }, 'raw-1');
    await until(() => t.windows.length === 2);
    const after = await setup({ local: t.platform.local, session: t.platform.session });
    await after.fromPopup('pri(requests.reject)', { id: idOf(t.windows[1]!.path) });
    expect(after.platform.events.sent.find((e) => e.name === 'dapp.reply')).toEqual({
      to: 12,
      name: 'dapp.reply',
      payload: { origin: TAO, replyTo: 'raw-1', reply: { ok: false, error: { code: 'Rejected', message: expect.any(String) } } },
    });
  });
});

describe('limits', () => {
  it('rate-limits a flooding origin without touching others', async () => {
    const t = await setup();
    const replies = await Promise.all(Array.from({ length: 200 }, () => t.send(pageAt(OTHER), 'pub(accounts.list)', {})));
    const limited = replies.filter((r) => !r.ok && r.error.code === 'RateLimited').length;
    expect(limited).toBeGreaterThan(100);
    expect(replies.every((r) => !r.ok && (r.error.code === 'RateLimited' || r.error.code === 'Unauthorized'))).toBe(true);
    expect(await t.send(pageAt(TAO), 'pub(system.ping)', {})).toEqual({ ok: true, response: { pong: true } });
  });

  it('caps pending approvals per origin', async () => {
    const t = await setup();
    await connect(t, TAO, [alice]);
    const raw = (i: number) => t.send(pageAt(TAO), 'pub(signer.signRaw)', { payload: { address: alice, data: `0x0${i}`, type: 'bytes' } });
    const pending = Array.from({ length: 5 }, (_, i) => raw(i));
    await until(() => t.windows.length === 6);
    expect(await raw(6)).toMatchObject({ ok: false, error: { code: 'RateLimited' } });
    for (const w of t.windows.slice(1)) await t.dapp.onWindowClosed(w.id);
    expect((await Promise.all(pending)).every((r) => !r.ok && r.error.code === 'Rejected')).toBe(true);
  });
});
