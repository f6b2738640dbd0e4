// `npm start`: install if needed, build, start the local devnet, open Chromium with the wallet.
// DEVNET_RUNTIME=current|balancer|v3 (default current) picks the runtime generation the devnet runs.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { connect } from 'node:net';
import { resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const devnetPort = Number(process.env.DEVNET_PORT ?? 9944);
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

function run(cmd, args) {
  const result = spawnSync(cmd, args, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error(`\n${cmd} ${args.join(' ')} failed (exit ${result.status})`);
    process.exit(result.status ?? 1);
  }
}

function portOpen(port) {
  return new Promise((ok) => {
    const socket = connect({ port, host: '127.0.0.1' }, () => {
      socket.end();
      ok(true);
    });
    socket.on('error', () => ok(false));
  });
}

if (!existsSync(resolve(root, 'node_modules/.package-lock.json'))) {
  console.log('Installing dependencies (first run)...');
  run('npm', ['install', '--no-audit', '--no-fund']);
}

if (!existsSync(chromiumPath)) {
  if (process.getuid?.() === 0) {
    console.log('Installing Debian chromium...');
    run('apt-get', ['update']);
    run('apt-get', ['install', '-y', '--no-install-recommends', 'chromium']);
  } else {
    console.error('Chromium not found. Install it with: sudo apt-get update && sudo apt-get install -y chromium');
    process.exit(1);
  }
}

console.log('Building the extension...');
run('npm', ['run', 'build', '--silent']);

let devnet;
if (await portOpen(devnetPort)) {
  console.log(`A devnet is already listening on 127.0.0.1:${devnetPort}; using it.`);
} else {
  console.log('Starting the local subtensor devnet...');
  devnet = spawn(process.execPath, ['--import', 'tsx', 'devnet/main.ts'], { cwd: root, stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, DEVNET_PORT: String(devnetPort) } });
  const deadline = Date.now() + 30_000;
  while (!(await portOpen(devnetPort))) {
    if (Date.now() > deadline || devnet.exitCode !== null) {
      console.error('The devnet did not start; see its output above.');
      process.exit(1);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}

const { chromium } = await import('playwright-core');
const profile = resolve(root, '.chromium-profile');
mkdirSync(profile, { recursive: true });
const dist = resolve(root, 'dist');
const headless = !process.env.DISPLAY;
const context = await chromium.launchPersistentContext(profile, {
  executablePath: chromiumPath,
  headless,
  viewport: null,
  args: [
    `--disable-extensions-except=${dist}`,
    `--load-extension=${dist}`,
    '--no-sandbox',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
    '--disable-quic',
  ],
  ignoreDefaultArgs: ['--disable-extensions', '--disable-component-extensions-with-background-pages', '--enable-automation'],
});
const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker', { timeout: 15_000 }));
const extensionId = new URL(worker.url()).host;
const popupUrl = `chrome-extension://${extensionId}/popup.html`;
const page = context.pages()[0] ?? (await context.newPage());
await page.goto(popupUrl);

console.log(`
TaoStake Wallet is running.
  devnet:  ws://127.0.0.1:${devnetPort} (seeded subnets, funded dev accounts //Alice, //Bob, ...)
  wallet:  ${popupUrl}
  Click the puzzle-piece icon in Chromium's toolbar and pin "TaoStake Wallet", or use the tab
  that just opened. Create a wallet and press "Get 1,000 test τ", or import the dev phrase
  "bottom drive obey lake curtain smoke basket hold race lonely fit walk" with derivation path
  //Alice. Then press Stake, pick a subnet and a validator, and watch it land.
Press Ctrl-C to stop.`);

if (headless) {
  mkdirSync(resolve(root, 'test-artifacts'), { recursive: true });
  await page.waitForTimeout(1500);
  await page.screenshot({ path: resolve(root, 'test-artifacts/start.png') });
  console.log('(No display found: Chromium runs headless; a screenshot is in test-artifacts/start.png.)');
}

const stop = async () => {
  await context.close().catch(() => undefined);
  devnet?.kill('SIGTERM');
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
process.on('SIGHUP', stop);
// `kill <npm's pid>` signals npm alone, and npm exits without passing it on: this script is then
// re-parented. Noticing that stops the devnet and Chromium instead of leaving them running.
const parent = process.ppid;
setInterval(() => {
  if (process.ppid !== parent) void stop();
}, 500).unref();
context.on('close', () => {
  devnet?.kill('SIGTERM');
  process.exit(0);
});
