// `npm run bench`: runs every section in scripts/bench/ and prints its figures. Targets are
// printed beside the figures; nothing here fails a build.
import { readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const dir = resolve(import.meta.dirname, 'bench');
const only = process.argv.slice(2);
const sections = readdirSync(dir)
  .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && !f.startsWith('_'))
  .filter((f) => only.length === 0 || only.some((o) => f.startsWith(o)))
  .sort();

console.log(`bench: ${sections.length} sections, node ${process.version}, ${new Date().toISOString()}`);
for (const file of sections) {
  console.log(`\n== ${file.replace(/\.ts$/, '')} ==`);
  const started = performance.now();
  try {
    const mod = (await import(pathToFileURL(resolve(dir, file)).href)) as { default: () => Promise<void> };
    await mod.default();
  } catch (error) {
    console.log(`  section failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  }
  console.log(`  (${((performance.now() - started) / 1000).toFixed(1)} s)`);
}
