// dApp connection figures: page messages per second through the real router and pipeline
// (authorized account list, unauthorized refusals, malformed junk), the approval round trip
// (queue in storage.session, window, approve, signature), the describe step of an approval window,
// and the size of the script every web page runs (inpage.js).
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { buildNamedCall } from '../../src/chain/calls.ts';
import { decodeCall } from '../../background/requests/describe.ts';
import { devnetRegistry, pageAt, payloadFor, setup } from '../../background/requests/testing.ts';
import { median, ms, verdict } from './_stats.ts';

const TAO = 'https://tao.app';

export default async function dapp(): Promise<void> {
  await cryptoWaitReady();
  // Buckets big enough that the figures measure the pipeline, not the rate limit.
  const t = await setup();
  const alice = t.alice;
  const enable = t.send(pageAt(TAO), 'pub(authorize.request)', { originName: 'bench' });
  while (t.windows.length === 0) await new Promise((r) => setTimeout(r, 1));
  await t.fromPopup('pri(requests.approve)', { id: t.windows[0]!.path.split('/').pop()!, addresses: [alice] });
  await enable;

  const throughput = async (label: string, n: number, make: (i: number) => [ReturnType<typeof pageAt>, string, unknown]) => {
    const started = performance.now();
    for (let i = 0; i < n; i++) {
      t.advance(100); // refills two tokens per message: the bucket never empties here
      const [from, name, request] = make(i);
      await t.send(from, name, request);
    }
    const elapsed = performance.now() - started;
    console.log(`  ${label.padEnd(52)} ${Math.round((n / elapsed) * 1000).toString().padStart(7)} msg/s   ${ms(elapsed / n)} each`);
    return elapsed / n;
  };
  const each = await throughput('pub(accounts.list), authorized origin', 2000, () => [pageAt(TAO), 'pub(accounts.list)', {}]);
  await throughput('pub(accounts.list), unauthorized origin (refused)', 2000, (i) => [pageAt(`https://site${i % 50}.example`), 'pub(accounts.list)', {}]);
  await throughput('malformed request (schema refusal)', 2000, () => [pageAt(TAO), 'pub(signer.signRaw)', { payload: { address: 1 } }]);
  console.log(`  target: a page message costs < 1 ms in the worker: ${verdict(each < 1)}`);

  const reg = devnetRegistry();
  const method = buildNamedCall(reg, 'SubtensorModule', 'add_stake_limit', { hotkey: alice, netuid: 1, amount_staked: 10n ** 10n, limit_price: 2n * 10n ** 8n, allow_partial: false }).toHex();
  const rounds: number[] = [];
  for (let i = 0; i < 30; i++) {
    const before = t.windows.length;
    const started = performance.now();
    const signed = t.send(pageAt(TAO), 'pub(signer.signPayload)', { payload: payloadFor(reg, alice, method) });
    while (t.windows.length === before) await new Promise((r) => setImmediate(r));
    await t.fromPopup('pri(requests.approve)', { id: t.windows.at(-1)!.path.split('/').pop()! });
    await signed;
    rounds.push(performance.now() - started);
  }
  console.log(`  sign request round trip (queue, window, approve, sign)       ${ms(median(rounds))} median (user time excluded)`);

  const describes: number[] = [];
  for (let i = 0; i < 200; i++) {
    const started = performance.now();
    decodeCall(reg, { method }, null);
    describes.push(performance.now() - started);
  }
  console.log(`  decode + describe add_stake_limit for the window            ${ms(median(describes))} median`);

  const inpage = resolve(import.meta.dirname, '../../dist/inpage.js');
  if (existsSync(inpage)) {
    const size = statSync(inpage).size;
    console.log(`  dist/inpage.js (runs on every page)                          ${size} bytes   target ≤ 4096: ${verdict(size <= 4096)}`);
  } else console.log('  dist/inpage.js: not built (npm run build)');
}
