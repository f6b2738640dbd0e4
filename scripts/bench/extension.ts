// Built size of each context and the service worker's start-to-ready time in Chromium.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';
import { DIST, launchExtension, sendFromPage } from '../../test/browser/harness.ts';
import { median, ms, verdict } from './_stats.ts';

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p) : [p];
  });
}

function size(paths: string[]) {
  const raw = paths.reduce((n, p) => n + statSync(p).size, 0);
  const gzip = paths.reduce((n, p) => n + gzipSync(readFileSync(p), { level: 9 }).length, 0);
  return { raw, gzip };
}

const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;

export default async function bench(): Promise<void> {
  if (!existsSync(join(DIST, 'manifest.json'))) throw new Error('dist/ missing: run npm run build first');
  const all = files(DIST).filter((p) => p.endsWith('.js'));
  const popup = all.filter((p) => p.includes('/assets/') || p.includes('/chunks/'));
  const contexts: Record<string, string[]> = {
    popup,
    background: [join(DIST, 'background.js')],
    content: [join(DIST, 'content.js')],
    inpage: [join(DIST, 'inpage.js')],
  };
  for (const [name, paths] of Object.entries(contexts)) {
    const s = size(paths);
    const note = name === 'popup' ? `  target <= 150 KB gzip: ${verdict(s.gzip <= 150 * 1024)}` : '';
    console.log(`  ${name.padEnd(11)} ${kb(s.raw).padStart(10)} raw ${kb(s.gzip).padStart(10)} gzip  (${paths.map((p) => relative(DIST, p)).join(', ')})${note}`);
  }
  const largest = Math.max(...all.map((p) => statSync(p).size));
  console.log(`  largest file ${kb(largest)} (Firefox add-on limit 4 MB: ${verdict(largest < 4 * 1024 * 1024)})`);

  const session = await launchExtension();
  try {
    const page = await session.openPopup('#/bench');
    const readyMs: number[] = [];
    const wallMs: number[] = [];
    for (let i = 0; i < 5; i++) {
      const t = performance.now();
      await session.restartWorker();
      const status = await sendFromPage<{ readyMs: number }>(page, 'pri(system.status)', {});
      wallMs.push(performance.now() - t);
      readyMs.push(status.readyMs);
    }
    console.log(`  service worker start to ready (in-worker, median of 5): ${ms(median(readyMs))}  target <= 300 ms: ${verdict(median(readyMs) <= 300)}`);
    console.log(`  worker restart to first answer (harness wall time, includes CDP): ${ms(median(wallMs))}`);
  } finally {
    await session.close();
  }
}
