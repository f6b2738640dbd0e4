// A real dApp page (extension-dapp + @polkadot/api, bundled here with vite) on 127.0.0.1 against
// the devnet, talking to the built extension in Chromium: connect with approval, accounts per
// origin, sign and submit add_stake_limit, reject, closed windows, a worker restart mid-request,
// calls decoded and risk-rated (addProxy, nested batchAll), an unknown payload field, a reload
// withdrawing requests, and floods of hostile messages from a page and a cross-origin iframe.
import type { Page } from 'playwright-core';
import { u8aWrapBytes, stringToHex } from '@polkadot/util';
import type { SignerPayloadJSON } from '@polkadot/types/types';
import { blake2AsU8a, cryptoWaitReady, signatureVerify } from '@polkadot/util-crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDevnet, type Devnet } from '../../devnet/index.ts';
import { DEV_PHRASE, validator } from '../../devnet/state/genesis.ts';
import type { AccountSummary } from '../../src/protocol/vault.ts';
import { artifactPath, launchExtension, sendFromPage, servePages, type ExtensionSession, type PageServer } from './harness.ts';
import { bundleDappPage, settledDappCall, type DappApi, type Settled } from './pages/bundle.ts';

const PASSWORD = 'dapp test password';

async function until(check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Sends one raw message to the relay exactly as a hostile page script could, and waits for its reply. */
function rawRequest(page: Page, name: string, request: unknown) {
  return page.evaluate(
    ([n, r]) =>
      new Promise<{ ok: boolean; response?: unknown; error?: { code: string; message: string } }>((done) => {
        const id = `raw-${Math.random().toString(36).slice(2)}`;
        const onMessage = (e: MessageEvent) => {
          if (e.source === window && e.data?.source === 'taostake-content' && e.data.id === id) {
            window.removeEventListener('message', onMessage);
            done(e.data.reply);
          }
        };
        window.addEventListener('message', onMessage);
        window.postMessage({ source: 'taostake-page', id, name: n, request: r }, location.origin);
      }),
    [name, request] as const,
  );
}

describe('dApp connection (extension-dapp page, devnet, Chromium)', () => {
  let session: ExtensionSession;
  let devnet: Devnet;
  let site: PageServer;
  let otherSite: PageServer;
  let popup: Page;
  let page: Page;
  let alice = '';
  let bob = '';
  const send = <T,>(name: string, request: unknown = {}) => sendFromPage<T>(popup, name, request);
  const approvalWindow = (kind: 'authorize' | 'request') => session.context.waitForEvent('page', { predicate: (p) => p.url().includes(`#/${kind}/`), timeout: 15_000 });
  const dapp = <T,>(p: Page, fn: (d: DappApi) => Promise<T>) => p.evaluate(`(${fn.toString()})(window.dapp)`) as Promise<T>;
  const dappSettled = <T,>(p: Page, call: string) => p.evaluate(settledDappCall(call)) as Promise<Settled<T>>;

  /**
   * Stops the service worker as Chromium does an idle one, while the page's relay is waiting on it.
   * (The harness's restartWorker waits for the worker to be gone, but here the relay's resume wakes
   * a new one at once, which is the point.) Resolves with the new worker's start time.
   */
  async function stopWorker(): Promise<number> {
    const before = (await send<{ startedAt: number }>('pri(system.status)')).startedAt;
    const cdp = await session.context.browser()!.newBrowserCDPSession();
    const { targetInfos } = (await cdp.send('Target.getTargets')) as { targetInfos: { targetId: string; type: string; url: string }[] };
    const target = targetInfos.find((t) => t.type === 'service_worker' && t.url.startsWith(`chrome-extension://${session.extensionId}/`));
    if (!target) throw new Error('no service worker target');
    await cdp.send('Target.closeTarget', { targetId: target.targetId });
    await cdp.detach();
    let after = before;
    await until(async () => {
      after = (await send<{ startedAt: number }>('pri(system.status)').catch(() => ({ startedAt: before }))).startedAt;
      return after > before;
    }, 15_000);
    return after;
  }

  beforeAll(async () => {
    await cryptoWaitReady();
    const [{ html, code }] = await Promise.all([bundleDappPage(), (async () => (devnet = await startDevnet({ port: 0, mode: 'auto', blockTimeMs: 500, finalityDelayMs: 50 })))()]);
    site = await servePages({ '/': html, '/dapp.js': code });
    otherSite = await servePages({ '/': html, '/dapp.js': code });
    session = await launchExtension(process.env.DAPP_TEST_DIST ? { dist: process.env.DAPP_TEST_DIST } : {});
    popup = await session.openPopup('#/dapp-test');
    await send('pri(vault.setup)', { password: PASSWORD });
    alice = (await send<AccountSummary>('pri(accounts.create)', { mnemonic: DEV_PHRASE, name: 'Alice', derivationPath: '//Alice' })).address;
    bob = (await send<AccountSummary>('pri(accounts.create)', { mnemonic: DEV_PHRASE, name: 'Bob', derivationPath: '//Bob' })).address;
    await send('pri(chain.selectNetwork)', { network: 'custom', url: devnet.url });
    await until(async () => (await send<{ connection: { status: string } }>('pri(chain.state)')).connection.status === 'connected', 30_000);
    page = await session.context.newPage();
    page.on('console', (m) => process.env.DAPP_TEST_VERBOSE && console.info(`[page] ${m.text()}`));
    await page.goto(site.url('/'));
  });

  afterAll(async () => {
    await session?.close();
    await site?.close();
    await otherSite?.close();
    await devnet?.close();
  });

  it('connects after the user approves, and the page sees only the accounts picked for it (SS58 42)', async () => {
    const windowOpened = approvalWindow('authorize');
    const enabled = dapp(page, (d) => d.enable('Test dApp'));
    const win = await windowOpened;
    await expect.poll(() => win.getByTestId('request-origin').textContent()).toBe(site.origin);
    expect(await win.getByTestId(`authorize-account-${alice}`).isChecked()).toBe(true);
    expect(await win.getByTestId(`authorize-account-${bob}`).isChecked()).toBe(false);
    await win.screenshot({ path: artifactPath('dapp-authorize.png') });
    await win.getByTestId('authorize-approve').click();
    expect(await enabled).toEqual(['taostake']);

    expect(await dapp(page, (d) => d.accounts())).toEqual([{ address: alice, name: 'Alice', source: 'taostake', genesisHash: null }]);
    // Our accounts are not pinned to a chain: a dApp filtering by its genesis still sees them.
    const metadata = await dapp(page, (d) => d.metadata());
    expect(metadata).toEqual([{ genesisHash: expect.stringMatching(/^0x[0-9a-f]{64}$/), specVersion: devnet.meta.runtimeVersion.specVersion }]);
    expect(await page.evaluate(`window.dapp.accounts(${JSON.stringify(metadata[0]!.genesisHash)})`)).toHaveLength(1);
    const list = await send<{ origin: string; addresses: string[] }[]>('pri(authorizations.list)');
    expect(list).toMatchObject([{ origin: site.origin, addresses: [alice] }]);
  });

  it('signs and submits add_stake_limit with mode 1 + metadata hash after approval, and it lands', async () => {
    const withTimeout = <T,>(p: Promise<T>, ms: number, what: string) => Promise.race([p, new Promise<never>((_, no) => setTimeout(() => no(new Error(`${what} timed out`)), ms))]);
    await withTimeout(page.evaluate(`window.dapp.connect(${JSON.stringify(devnet.url)})`), 20_000, 'the dApp connecting its api');
    const aurora = validator('aurora').address;
    const windowOpened = approvalWindow('request');
    const staked = dappSettled<{ blockHash: string; events: { name: string; data: unknown }[] }>(
      page,
      `stake(${JSON.stringify(alice)}, ${JSON.stringify(aurora)}, 1, '10000000000', '210000000', ${JSON.stringify(devnet.meta.metadataHash)})`,
    );
    const win = await windowOpened;
    await expect.poll(() => win.getByTestId('request-summary').textContent(), { timeout: 15_000 }).toMatch(/^Stake 10 TAO into SN1/);
    expect(await win.getByTestId('request-origin').textContent()).toBe(site.origin);
    expect(await win.getByTestId('request-account').textContent()).toBe('Alice');
    const preview = await win.getByTestId('request-preview').textContent().catch(() => null);
    await win.screenshot({ path: artifactPath('dapp-sign-request.png'), fullPage: true });
    await win.getByTestId('request-approve').click();
    const result = await withTimeout(staked, 30_000, `inclusion (window says: ${await win.locator('[role=alert], [data-testid=request-done]').allTextContents().catch(() => [])})`);
    expect(result.error).toBeUndefined();
    const names = result.value!.events.map((e) => e.name);
    expect(names).toContain('subtensorModule.StakeAdded');
    expect(names).toContain('system.ExtrinsicSuccess');
    const added = result.value!.events.find((e) => e.name === 'subtensorModule.StakeAdded')!.data as unknown[];
    // Our preview in the window is what the chain then did (the pool moves a little per block).
    const landedAlpha = BigInt(String(added[3]));
    const previewed = Number(/about ([\d,.]+) alpha/.exec(preview ?? '')?.[1]?.replace(/,/g, '') ?? NaN);
    expect(Math.abs(previewed * 1e9 - Number(landedAlpha)) / Number(landedAlpha)).toBeLessThan(0.001);
    console.info(`dapp stake: landed in ${result.value!.blockHash}; StakeAdded ${JSON.stringify(added)}; window preview: ${preview}`);
  });

  it('a rejected request rejects the page promise with a clear error', async () => {
    const windowOpened = approvalWindow('request');
    const signed = dappSettled(page, `signRaw(${JSON.stringify(alice)}, 'hello')`);
    const win = await windowOpened;
    await expect.poll(() => win.getByTestId('request-message').textContent()).toBe('hello');
    await win.getByTestId('request-reject').click();
    expect(await signed).toEqual({ error: 'The user rejected the request' });
  });

  it('closing the approval window counts as reject', async () => {
    const windowOpened = approvalWindow('request');
    const signed = dappSettled(page, `signRaw(${JSON.stringify(alice)}, 'closed')`);
    const win = await windowOpened;
    await win.waitForLoadState();
    await win.close();
    expect(await signed).toEqual({ error: 'The user closed the approval window' });
  });

  it('a request pending across a service worker restart is still answered', async () => {
    const windowOpened = approvalWindow('request');
    const signed = dappSettled<{ signature: `0x${string}` }>(page, `signRaw(${JSON.stringify(alice)}, 'after restart')`);
    const win = await windowOpened;
    await expect.poll(() => win.getByTestId('request-message').textContent()).toBe('after restart');
    const restartedAt = await stopWorker();
    expect(restartedAt).toBeGreaterThan(0);
    const pending = await send<{ id: string; kind: string }[]>('pri(requests.list)');
    expect(pending).toMatchObject([{ kind: 'signRaw' }]);
    await win.getByTestId('request-approve').click();
    const result = await signed;
    expect(result.error).toBeUndefined();
    expect(signatureVerify(u8aWrapBytes(stringToHex('after restart')), result.value!.signature, alice).isValid).toBe(true);
  });

  /** The approval window that `start` opens, once it shows its risk line. */
  async function openedRequest<T>(start: () => Promise<T>) {
    const windowOpened = approvalWindow('request');
    const settled = start();
    const win = await windowOpened;
    await win.getByTestId('request-risk').waitFor({ timeout: 15_000 });
    return { win, settled };
  }

  it('addProxy(Bob, Any, 0): the window names the proxy type, names Bob, and flags it as dangerous', async () => {
    const { win, settled } = await openedRequest(() => dappSettled(page, `addProxy(${JSON.stringify(alice)}, ${JSON.stringify(bob)}, 'Any')`));
    const risk = win.getByTestId('request-risk');
    expect(await risk.getAttribute('data-level')).toBe('critical');
    const bobShort = `Bob (${bob.slice(0, 6)}…${bob.slice(-6)})`;
    expect(await risk.textContent()).toMatch(new RegExp(`^Dangerous: Gives ${bobShort.replace(/[()]/g, '\\$&')} full control of this account`));
    const call = win.getByTestId('call-0');
    expect(await call.getAttribute('data-call')).toBe('Proxy.add_proxy');
    expect(await call.getByTestId('call-arg-proxy_type').locator('dd').textContent()).toBe('Any');
    expect(await call.getByTestId('call-arg-delegate').locator('dd').textContent()).toBe(bobShort);
    expect(await win.getByTestId('request-summary').textContent()).toBe(`Make ${bobShort} a Any proxy of this account.`);
    await win.screenshot({ path: artifactPath('dapp-add-proxy-any.png'), fullPage: true });
    await win.getByTestId('request-reject').click();
    expect(await settled).toEqual({ error: 'The user rejected the request' });
  });

  it('batchAll: every inner call is listed and described, nested proxy calls too; the batch takes the worst risk', async () => {
    const aurora = validator('aurora').address;
    const { win, settled } = await openedRequest(() => dappSettled(page, `batchAll(${JSON.stringify(alice)}, ${JSON.stringify(aurora)}, ${JSON.stringify(bob)})`));
    const calls = await win.locator('[data-testid^="call-"][data-call]').evaluateAll((nodes) => nodes.map((n) => `${n.getAttribute('data-testid')} ${n.getAttribute('data-call')} ${n.getAttribute('data-level')}`));
    expect(calls).toEqual([
      'call-0 Utility.batch_all high',
      'call-0-1 SubtensorModule.add_stake_limit low',
      'call-0-2 Balances.transfer_keep_alive medium',
      'call-0-3 Proxy.proxy high',
      'call-0-3-1 SubtensorModule.unstake_all high',
    ]);
    const riskText = await win.getByTestId('request-risk').textContent();
    expect(riskText).toBe(`High risk: Call 3 of 3 in this batch: Signs as a proxy: the inner call runs as Bob (${bob.slice(0, 6)}…${bob.slice(-6)}), not as this account.`);
    expect(await win.getByTestId('call-0-3-1').getByTestId('call-arg-hotkey').locator('dd').textContent()).toMatch(/^Aurora|^5/);
    expect(await win.getByTestId('call-0-1').getByTestId('call-arg-amount_staked').locator('dd').textContent()).toBe('1 TAO');
    expect(await win.getByTestId('call-0-2').getByTestId('call-arg-value').locator('dd').textContent()).toBe('2.5 TAO');
    expect(await win.getByTestId('call-0-3').getByTestId('call-arg-force_proxy_type').locator('dd').textContent()).toBe('none');
    // The wallet's own preview of the stake is still beside the decoded call.
    expect(await win.getByTestId('request-preview').textContent()).toMatch(/you receive about [\d,.]+ alpha/);
    await win.screenshot({ path: artifactPath('dapp-batch-all.png'), fullPage: true });
    await win.getByTestId('request-reject').click();
    expect(await settled).toEqual({ error: 'The user rejected the request' });
  });

  it('a payload with a field the wallet does not know is signed as it would be without it, and the signature verifies', async () => {
    const { win, settled } = await openedRequest(() => dappSettled<{ payload: Record<string, unknown>; result: { signature: `0x${string}` } }>(page, `signWithExtraField(${JSON.stringify(alice)}, ${JSON.stringify(bob)})`));
    expect(await win.getByTestId('request-summary').textContent()).toMatch(/^Send 1 TAO to Bob/);
    await win.getByTestId('request-approve').click();
    const { value, error } = await settled;
    expect(error).toBeUndefined();
    const payload = value!.payload as unknown as SignerPayloadJSON;
    const bytes = devnet.meta.registry.createType('ExtrinsicPayload', payload, { version: payload.version }).toU8a({ method: true });
    expect(signatureVerify(bytes.length > 256 ? blake2AsU8a(bytes) : bytes, value!.result.signature, alice).isValid).toBe(true);
  });

  it('a reload withdraws the page\'s requests and closes their windows; the reloaded page gets past the old limit', async () => {
    // As many requests as a site may have waiting: the next one would be refused.
    for (let i = 0; i < 5; i++) void page.evaluate(settledDappCall(`signRaw(${JSON.stringify(alice)}, 'before reload ${i}')`)).catch(() => undefined);
    await expect.poll(async () => (await send<unknown[]>('pri(requests.list)')).length, { timeout: 15_000 }).toBe(5);
    const windows = () => session.context.pages().filter((p) => p.url().includes('#/request/'));
    await until(async () => windows().length === 5, 15_000);
    const opened = windows();
    await page.reload();
    await expect.poll(() => opened.filter((w) => !w.isClosed()).length, { timeout: 15_000 }).toBe(0);
    expect(await send<unknown[]>('pri(requests.list)')).toEqual([]);

    expect(await dapp(page, (d) => d.enable('Test dApp'))).toEqual(['taostake']);
    const { win, settled } = await openedRequest(() => dappSettled<{ signature: `0x${string}` }>(page, `signRaw(${JSON.stringify(alice)}, 'after reload')`));
    expect(await win.getByTestId('request-risk').getAttribute('data-level')).toBe('low');
    await win.getByTestId('request-approve').click();
    const result = await settled;
    expect(result.error).toBeUndefined();
    expect(signatureVerify(u8aWrapBytes(stringToHex('after reload')), result.value!.signature, alice).isValid).toBe(true);
  });

  it('random and malformed messages from a cross-origin iframe and the top frame: no crash, no window, no signature', async () => {
    const before = (await send<{ startedAt: number }>('pri(system.status)')).startedAt;
    // A site that is not connected, framing the connected one: neither may get anything.
    const host = await session.context.newPage();
    await host.goto(otherSite.url('/'));
    await host.evaluate((src) => new Promise<void>((done) => {
      const frame = document.createElement('iframe');
      frame.src = src;
      frame.onload = () => done();
      document.body.append(frame);
    }), site.url('/'));
    const frame = host.frames().find((f) => f.url().startsWith(site.origin))!;
    expect(await frame.evaluate(() => typeof (window as { injectedWeb3?: Record<string, unknown> }).injectedWeb3?.taostake)).toBe('undefined'); // the wallet is not in iframes
    const opened: string[] = [];
    const onPage = (p: { url(): string }) => opened.push(p.url());
    session.context.on('page', onPage);
    // Messages a page script can make up: our envelope with random names, ids and bodies, and junk.
    const flood = ([count, address]: readonly [number, string]) => {
      const names = ['pub(signer.signRaw)', 'pub(signer.signPayload)', 'pub(metadata.list)', 'pub(accounts.list)', 'pub(requests.resume)', 'pri(requests.approve)', 'pub(x)'];
      const pick = <T,>(list: readonly T[]) => list[Math.floor(Math.random() * list.length)]!;
      const junk = () => pick([null, 42, 'x'.repeat(Math.floor(Math.random() * 500)), [1, { a: 2 }], { payload: { address, data: '0x01', type: 'bytes' } }, { payload: { address, method: '0x0000', extra: true } }, { originName: 'x' }]);
      const replies: string[] = [];
      window.addEventListener('message', (e) => e.data?.source === 'taostake-content' && replies.push(JSON.stringify(e.data)));
      for (let i = 0; i < count; i++) {
        const message = Math.random() < 0.8 ? { source: 'taostake-page', id: Math.random() < 0.9 ? `fz-${i}` : i, name: pick(names), request: junk() } : junk();
        window.postMessage(message, '*');
        if (window.parent !== window) window.parent.postMessage(message, '*');
      }
      return new Promise<string[]>((done) => setTimeout(() => done(replies), 3000));
    };
    const fromFrame = await frame.evaluate(flood, [2500, alice] as const);
    expect(fromFrame).toEqual([]); // nothing in the iframe answers: no relay there
    const fromTop = await host.evaluate(flood, [2500, alice] as const);
    session.context.off('page', onPage);
    console.info(`dapp iframe fuzz: 2500 messages from the cross-origin iframe (also posted to the top window), 2500 from the top frame; ${fromTop.length} replies in the top frame`);
    // The iframe's copies posted to the top window are not the top window's own messages: never relayed.
    expect(fromTop.every((r) => /"id":"fz-\d+"/.test(r))).toBe(true);
    expect(fromTop.filter((r) => /signature/i.test(r) || r.includes(alice))).toEqual([]);
    expect(fromTop.filter((r) => !/"ok":false/.test(r) || !/"code":"(Unauthorized|BadRequest|UnknownMessage|RateLimited|NotFound|Forbidden|TooLarge)"/.test(r))).toEqual([]);
    expect(opened).toEqual([]);
    expect((await send<{ startedAt: number }>('pri(system.status)')).startedAt).toBe(before); // the worker never crashed or restarted
    expect(await send<unknown[]>('pri(requests.list)')).toEqual([]);
    await host.close();
  });

  it('a second origin that was not approved sees nothing and gets typed errors', async () => {
    const other = await session.context.newPage();
    await other.goto(otherSite.url('/'));
    const windowOpened = approvalWindow('authorize');
    const enabled = dapp(other, (d) => d.enable('Other dApp'));
    const win = await windowOpened;
    await win.getByTestId('authorize-reject').click();
    expect(await enabled).toEqual([]); // extension-dapp leaves out an extension whose enable() failed
    expect(await dapp(other, (d) => d.accounts())).toEqual([]);
    expect(await rawRequest(other, 'pub(accounts.list)', {})).toMatchObject({ ok: false, error: { code: 'Unauthorized' } });
    // A forged origin in the message is refused, not believed.
    expect(await rawRequest(other, 'pub(accounts.list)', { origin: site.origin })).toMatchObject({ ok: false, error: { code: 'BadRequest' } });
    const sign = await rawRequest(other, 'pub(signer.signRaw)', { payload: { address: alice, data: '0x01', type: 'bytes' } });
    expect(sign).toMatchObject({ ok: false, error: { code: 'Unauthorized' } });
    expect(JSON.stringify(sign)).not.toContain(alice);
    await other.close();
  });

  it('survives a flood of hostile messages: typed errors or drops, no address, no signature', async () => {
    const hostile = await session.context.newPage();
    await hostile.goto(otherSite.url('/'));
    // Count windows opened during the flood (an earlier test's window may still be closing).
    const opened: string[] = [];
    const onPage = (p: { url(): string }) => opened.push(p.url());
    session.context.on('page', onPage);
    const started = Date.now();
    const stats = await hostile.evaluate(
      async ([aliceAddr]) => {
        const names = ['pub(accounts.list)', 'pub(accounts.subscribe)', 'pub(signer.signPayload)', 'pub(signer.signRaw)', 'pub(metadata.list)', 'pub(metadata.provide)', 'pub(requests.resume)', 'pub(nope)', 'pub(__proto__)', 'pub(accounts.list'];
        const shapes = [
          {},
          { origin: 'https://tao.app' },
          { payload: { address: aliceAddr, data: '0x01', type: 'bytes' } },
          { payload: { address: aliceAddr, data: '0x01', type: 'payload' } },
          { payload: 'x'.repeat(70_000) },
          { definition: { chain: 'x', genesisHash: '0x00' } },
          { replyTo: 'raw-1' },
          [1, 2, 3],
          null,
          { anyType: 'yes' },
        ];
        const replies: { ok: boolean; error?: { code: string } }[] = [];
        const texts: string[] = [];
        let counter = 0;
        const waiting = new Map<string, () => void>();
        window.addEventListener('message', (e) => {
          if (e.source !== window || e.data?.source !== 'taostake-content' || typeof e.data.id !== 'string') return;
          replies.push(e.data.reply);
          texts.push(JSON.stringify(e.data.reply));
          waiting.get(e.data.id)?.();
          waiting.delete(e.data.id);
        });
        const fire = (name: string, request: unknown) =>
          new Promise<void>((done) => {
            const id = `flood-${counter++}`;
            waiting.set(id, done);
            window.postMessage({ source: 'taostake-page', id, name, request }, location.origin);
          });
        // Wave 1: everything at once (the relay's in-flight cap answers most of it locally).
        const burst: Promise<void>[] = [];
        for (let i = 0; i < 3000; i++) burst.push(fire(names[i % names.length]!, shapes[(i * 7) % shapes.length]));
        // Junk the relay drops without an answer (not ours, private names), and a too-large request it refuses.
        for (let i = 0; i < 250; i++) window.postMessage({ source: 'taostake-page', id: i, name: 42 }, location.origin);
        for (let i = 0; i < 250; i++) window.postMessage({ source: 'taostake-page', id: `pri-${i}`, name: i % 2 ? 'pri(authorizations.list)' : 'pri(requests.approve)', request: { id: 'x' } }, location.origin);
        burst.push(fire('pub(signer.signRaw)', { payload: { address: aliceAddr, data: '0x' + 'ab'.repeat(7_000_000), type: 'bytes' } }));
        await Promise.race([Promise.all(burst), new Promise((r) => setTimeout(r, 60_000))]);
        // Wave 2: paced batches that stay under the relay cap, so the background's rate limit answers.
        for (let b = 0; b < 40; b++) {
          const batch: Promise<void>[] = [];
          for (let i = 0; i < 30; i++) batch.push(fire(names[(b + i) % names.length]!, shapes[(b * 3 + i) % shapes.length]));
          await Promise.race([Promise.all(batch), new Promise((r) => setTimeout(r, 10_000))]);
        }
        const codes: Record<string, number> = {};
        for (const r of replies) {
          const code = r?.ok ? 'ok' : (r?.error?.code ?? 'malformed');
          codes[code] = (codes[code] ?? 0) + 1;
        }
        return { sent: counter, replies: replies.length, codes, leaked: texts.filter((t) => t.includes(aliceAddr)).length, signatures: texts.filter((t) => /signature/i.test(t)).length, unanswered: waiting.size };
      },
      [alice] as const,
    );
    const ms = Date.now() - started;
    console.info(`dapp flood: ${stats.sent} requests + 500 junk in ${ms} ms; replies by code ${JSON.stringify(stats.codes)}; unanswered ${stats.unanswered}`);
    expect(stats.leaked).toBe(0);
    expect(stats.signatures).toBe(0);
    expect(stats.codes.ok ?? 0).toBe(0);
    expect(stats.codes.malformed ?? 0).toBe(0);
    expect(stats.codes.RateLimited).toBeGreaterThan(0);
    for (const code of Object.keys(stats.codes)) expect(['Unauthorized', 'BadRequest', 'UnknownMessage', 'Forbidden', 'TooLarge', 'RateLimited', 'NotFound']).toContain(code);
    expect(stats.replies).toBe(stats.sent);
    // No approval window was opened by the flood (it never asked to connect), and the wallet still serves the approved site.
    session.context.off('page', onPage);
    expect(opened).toEqual([]);
    expect(await dapp(page, (d) => d.accounts())).toEqual([{ address: alice, name: 'Alice', source: 'taostake', genesisHash: null }]);
    await hostile.close();
  });

  it('Settings changes which accounts a connected site sees; the page is told at once', async () => {
    await dapp(page, (d) => d.watchAccounts());
    await expect.poll(() => dapp(page, async (d) => d.seen.at(-1))).toEqual([alice]);
    const settings = await session.openPopup('#/settings');
    const row = settings.getByTestId('connected-site').filter({ hasText: site.origin });
    await row.getByRole('button', { name: `Choose the accounts ${site.origin} sees` }).click();
    const save = row.getByRole('button', { name: 'Save' });
    expect(await save.isDisabled()).toBe(true); // nothing changed yet
    await row.getByTestId(`site-account-${bob}`).check();
    await row.getByTestId(`site-account-${alice}`).uncheck();
    await settings.screenshot({ path: artifactPath('settings-connected-site.png') });
    await save.click();
    await expect.poll(() => row.getByTestId('connected-site-sees').textContent()).toBe('Sees Bob');
    await expect.poll(() => dapp(page, async (d) => d.seen.at(-1))).toEqual([bob]);
    expect(await dapp(page, (d) => d.accounts())).toEqual([{ address: bob, name: 'Bob', source: 'taostake', genesisHash: null }]);
    expect(await send<{ origin: string; addresses: string[] }[]>('pri(authorizations.list)')).toMatchObject([{ origin: site.origin, addresses: [bob] }]);

    // Cancel leaves the site as it is.
    await row.getByRole('button', { name: `Choose the accounts ${site.origin} sees` }).click();
    await row.getByTestId(`site-account-${alice}`).check();
    await row.getByRole('button', { name: 'Cancel' }).click();
    expect(await dapp(page, (d) => d.accounts())).toEqual([{ address: bob, name: 'Bob', source: 'taostake', genesisHash: null }]);

    await row.getByRole('button', { name: `Disconnect ${site.origin}` }).click();
    await expect.poll(() => settings.getByTestId('connected-site').count()).toBe(0);
    await expect.poll(() => dapp(page, async (d) => d.seen.at(-1))).toEqual([]);
    await settings.close();
  });
});
