// Produces dist-firefox/: the same build with Firefox's manifest. Firefox runs MV3 backgrounds as
// event pages from `background.scripts` and needs a gecko id; it ignores `service_worker`.
import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const dist = resolve(root, 'dist');
const out = resolve(root, 'dist-firefox');
rmSync(out, { recursive: true, force: true });
cpSync(dist, out, { recursive: true });

const manifest = JSON.parse(readFileSync(resolve(dist, 'manifest.json'), 'utf8'));
manifest.background = { scripts: ['background.js'], type: 'module' };
manifest.browser_specific_settings = { gecko: { id: 'wallet@taostake.dev', strict_min_version: '128.0' } };
delete manifest.minimum_chrome_version;
writeFileSync(resolve(out, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');
console.log('dist-firefox/ written (Firefox manifest: background.scripts, gecko id)');
