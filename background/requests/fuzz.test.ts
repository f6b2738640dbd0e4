// Hostile pages, unit level: 10,000 generated messages (with page reloads and relay connections
// closing in between) through the real router and the dApp pipeline. Each must get a typed error, be dropped, or (only when it is a well-formed request that
// needs the user) wait for approval; none may leak an address or produce a signature.
import fc from 'fast-check';
import type { Runtime } from 'webextension-polyfill';
import { u8aToHex } from '@polkadot/util';
import { decodeAddress, encodeAddress } from '@polkadot/util-crypto';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { buildNamedCall } from '../../src/chain/calls.ts';
import { messages, WalletErrorCode, type Reply } from '../../src/protocol/index.ts';
import { devAccounts, devnetRegistry, EXT_ID, pageAt, payloadFor, setup, TEST_PASSWORD } from './testing.ts';

const RUNS = 10_000;
/** What must never appear in a reply or a log line: the vault password and the accounts' phrase. */
const SECRETS = [TEST_PASSWORD, 'bottom drive obey lake curtain smoke basket hold race lonely fit walk'];
const DOCUMENTS = ['a'.repeat(32), 'b'.repeat(32), 'c'.repeat(32)];

const TAO = 'https://tao.app';
const OTHER = 'https://evil.example';
const KNOWN_CODES = new Set<string>([...Object.values(WalletErrorCode), 'NotImplemented']);

let alice = '';
let bob = '';
beforeAll(async () => {
  ({ alice, bob } = await devAccounts());
});

/** Every way an address could appear in a reply. */
function forms(address: string): string[] {
  const pk = decodeAddress(address);
  return [address, encodeAddress(pk, 0), encodeAddress(pk, 2), u8aToHex(pk).slice(2)];
}

describe('hostile pages (fuzz through router + pipeline)', () => {
  it(`${RUNS} generated messages and page reloads: typed errors or approvals only, no leaks, no secrets, no signatures`, { timeout: 300_000 }, async () => {
    const logged: string[] = [];
    for (const level of ['log', 'info', 'warn', 'error', 'debug'] as const) {
      vi.spyOn(console, level).mockImplementation((...args: unknown[]) => void logged.push(args.map((a) => (a instanceof Error ? `${a.message} ${a.stack}` : String(a))).join(' ')));
    }
    const t = await setup();
    // TAO is connected with Alice; Bob is never shared with anyone.
    const enable = t.send(pageAt(TAO), 'pub(authorize.request)', { originName: 'tao' });
    while (t.windows.length === 0) await new Promise((r) => setTimeout(r, 1));
    await t.fromPopup('pri(requests.approve)', { id: t.windows[0]!.path.split('/').pop()!, addresses: [alice] });
    expect((await enable).ok).toBe(true);

    const reg = devnetRegistry();
    const stake = buildNamedCall(reg, 'SubtensorModule', 'add_stake_limit', { hotkey: bob, netuid: 1, amount_staked: 10n ** 10n, limit_price: 10n ** 9n, allow_partial: false }).toHex();
    const validPayload = (address: string) => payloadFor(reg, address, stake);
    const huge = '0x' + 'ab'.repeat(400_000);

    const pubNames = Object.keys(messages).filter((n) => n.startsWith('pub('));
    const name = fc.oneof(
      { weight: 6, arbitrary: fc.constantFrom(...pubNames) },
      { weight: 1, arbitrary: fc.constantFrom('pri(requests.approve)', 'pri(authorizations.update)', 'pri(authorizations.list)', 'pri(vault.unlock)', 'pub(accounts.list', 'pub(__proto__)', 'pub(constructor)', 'pub(toString)', 'pub(hasOwnProperty)', 'pub()') },
      { weight: 1, arbitrary: fc.string({ maxLength: 120 }) },
    );
    const address = fc.constantFrom(alice, bob, ...forms(bob).slice(1, 3), ...forms(alice).slice(1, 3), '0x' + u8aToHex(decodeAddress(bob)).slice(2), 'not-an-address', '');
    const request = fc.oneof(
      { weight: 3, arbitrary: fc.jsonValue({ maxDepth: 4 }) },
      { weight: 2, arbitrary: fc.record({ originName: fc.string({ maxLength: 200 }), origin: fc.constantFrom(TAO, OTHER, 'chrome-extension://x') }, { requiredKeys: [] }) },
      { weight: 2, arbitrary: fc.record({ anyType: fc.boolean(), origin: fc.constant(TAO), address }, { requiredKeys: [] }) },
      { weight: 3, arbitrary: address.map((a) => ({ payload: validPayload(a) })) },
      { weight: 3, arbitrary: fc.tuple(address, fc.constantFrom('method', 'genesisHash', 'era', 'version', 'mode', 'metadataHash', 'origin', 'signedExtensions', 'withSignedTransaction', 'assetId', '__proto__', 'constructor', 'futureField'), fc.jsonValue({ maxDepth: 2 })).map(([a, key, value]) => ({ payload: { ...validPayload(a), [key]: value } })) },
      { weight: 2, arbitrary: fc.tuple(address, fc.constantFrom('bytes', 'payload', 'other'), fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), maxLength: 64 })).map(([a, type, data]) => ({ payload: { address: a, data: `0x${data}`, type } })) },
      { weight: 1, arbitrary: fc.constantFrom({ payload: { ...validPayload(alice), method: huge } }, { payload: { address: alice, data: huge, type: 'bytes' } }, { definition: { chain: 'x'.repeat(11_000_000) } }, { replyTo: 'm1' }, { replyTo: 'x'.repeat(100) }) },
    );
    const webOrigin = fc.webUrl({ withFragments: false, withQueryParameters: false }).map((u) => new URL(u).origin).filter((o) => o.startsWith('http'));
    const sender: fc.Arbitrary<Runtime.MessageSender> = fc.oneof(
      { weight: 4, arbitrary: fc.constantFrom(pageAt(TAO), pageAt(TAO, 8), pageAt(OTHER), pageAt('http://127.0.0.1:5555', 3)) },
      { weight: 2, arbitrary: webOrigin.map((o) => pageAt(o, 20)) },
      {
        weight: 1,
        arbitrary: fc.constantFrom<Runtime.MessageSender>(
          { ...pageAt(TAO), frameId: 3 },
          { ...pageAt(TAO), id: 'another-extension' },
          { id: EXT_ID, url: 'https://tao.app/' },
          { ...pageAt(TAO), url: 'file:///etc/passwd' },
          { ...pageAt(TAO), url: 'data:text/html,hi' },
        ),
      },
    );
    // Well-formed requests for their name, so the pipeline's later steps are reached too.
    const wellFormed = fc.oneof(
      fc.string({ maxLength: 40 }).map((n) => ({ name: 'pub(authorize.request)', request: { originName: n || 'x' } })),
      fc.constantFrom('pub(accounts.list)', 'pub(accounts.subscribe)', 'pub(accounts.unsubscribe)', 'pub(metadata.list)').map((n) => ({ name: n, request: {} })),
      address.map((a) => ({ name: 'pub(signer.signPayload)', request: { payload: validPayload(a) } })),
      fc.tuple(address, fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), maxLength: 32 })).map(([a, d]) => ({ name: 'pub(signer.signRaw)', request: { payload: { address: a, data: `0x${d.length % 2 ? d.slice(1) : d}`, type: 'bytes' } } })),
      fc.string({ minLength: 1, maxLength: 10 }).map((r) => ({ name: 'pub(requests.resume)', request: { replyTo: r } })),
    );
    const envelope = fc.oneof(
      { weight: 5, arbitrary: fc.record({ name, request, id: fc.string({ minLength: 1, maxLength: 64 }), document: fc.oneof(fc.constantFrom(...DOCUMENTS), fc.string({ maxLength: 40 })) }, { requiredKeys: ['name', 'request', 'id'] }).map((e) => ({ kind: 'taostake:request', ...e })) },
      { weight: 5, arbitrary: fc.tuple(wellFormed, fc.string({ minLength: 1, maxLength: 64 }), fc.option(fc.constantFrom(...DOCUMENTS), { nil: undefined })).map(([e, id, document]) => ({ kind: 'taostake:request', id, ...e, ...(document ? { document } : {}) })) },
      { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
    );

    const leaks = [...forms(bob), ...forms(alice)];
    const waiting: { promise: Promise<Reply<unknown>>; origin: string | undefined }[] = [];
    let sent = 0;
    let answered = 0;

    const codes = new Map<string, number>();
    const check = (reply: Reply<unknown>, from: Runtime.MessageSender, msgName: unknown) => {
      expect(typeof reply.ok).toBe('boolean');
      const code = reply.ok ? 'ok' : reply.error.code;
      codes.set(code, (codes.get(code) ?? 0) + 1);
      const text = JSON.stringify(reply);
      for (const secret of SECRETS) expect(text).not.toContain(secret);
      if (!reply.ok) {
        expect(KNOWN_CODES.has(reply.error.code), reply.error.code).toBe(true);
        expect(text.length).toBeLessThan(1000);
      }
      // No reply ever carries a signature (nothing is approved during the fuzz).
      expect(text).not.toMatch(/signature/i);
      for (const leak of leaks) {
        if (!text.includes(leak)) continue;
        // Only Alice, only to TAO's top frame, only from the account calls.
        expect(leak).toBe(alice);
        expect(reply.ok).toBe(true);
        expect(from.url?.startsWith(TAO) && (from.frameId ?? 0) === 0).toBe(true);
        expect(['pub(accounts.list)', 'pub(accounts.subscribe)']).toContain(msgName);
      }
    };

    await fc.assert(
      fc.asyncProperty(sender, envelope, fc.constantFrom(0, 0, 0, 10, 100), fc.option(fc.tuple(fc.boolean(), fc.constantFrom(7, 8, 20), fc.constantFrom(...DOCUMENTS)), { freq: 20 }), async (from, env, elapsed, lifecycle) => {
        sent++;
        // Now and then a tab reloads (a new document) or a relay connection closes.
        if (lifecycle) await (lifecycle[0] ? t.dapp.documentOpened(lifecycle[1], lifecycle[2]) : t.dapp.documentClosed(lifecycle[1], lifecycle[2]));
        t.advance(elapsed); // on average slower than the buckets refill: floods meet the rate limit too
        let done: Reply<unknown> | undefined;
        const promise = t.route(env, from).then((r) => {
          done = r;
          return r;
        });
        for (let i = 0; i < 4; i++) await new Promise((r) => setImmediate(r));
        const msgName = (env as { name?: unknown } | null)?.name;
        if (done) {
          answered++;
          check(done, from, msgName);
        } else {
          waiting.push({ promise: promise.then((r) => (check(r, from, msgName), r)), origin: from.url });
        }
        // Keep the queue from filling up: reject whatever waits, now and then.
        if (t.dapp.queue.pending().length > 20) for (const p of t.dapp.queue.pending()) await t.dapp.reject(p.id);
      }),
      { numRuns: RUNS },
    );

    // What waits is only ever an approval: a connection request from a web page, or Alice's
    // signature asked by TAO. Nothing else is in the queue.
    for (const p of t.dapp.queue.pending()) {
      if (p.kind === 'authorize') expect(p.origin).toMatch(/^https?:\/\//);
      else expect({ origin: p.origin, address: p.address }).toEqual({ origin: TAO, address: alice });
      await t.dapp.reject(p.id);
    }
    const late = await Promise.all(waiting.map((w) => w.promise));
    for (const r of late) expect(r).toMatchObject({ ok: false, error: { code: expect.stringMatching(/^(Rejected|Unauthorized|NotFound)$/) } });
    expect(t.vault.signed).toEqual([]);
    // Pages changed no authorization: TAO still sees exactly Alice, nobody else is connected.
    expect((await t.fromPopup('pri(authorizations.list)', {})).response).toMatchObject([{ origin: TAO, addresses: [alice] }]);
    expect(sent).toBe(RUNS);
    expect(answered + waiting.length).toBe(RUNS);
    vi.restoreAllMocks();
    const secretHits = [...logged, ...late.map((r) => JSON.stringify(r))].filter((line) => SECRETS.some((secret) => line.includes(secret)));
    expect(secretHits).toEqual([]);
    console.info(`fuzz: ${sent} messages, ${answered} answered at once, ${waiting.length} waited for approval; replies by code: ${JSON.stringify(Object.fromEntries(codes))}`);
  });
});
