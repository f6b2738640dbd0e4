/**
 * `npm run devnet`: the local subtensor devnet on ws://127.0.0.1:9944.
 * Env: DEVNET_PORT (default 9944), DEVNET_BLOCK_MS (default 3000), DEVNET_BLOCK_MODE
 * (auto | manual | instant, default auto), DEVNET_RUNTIME (current | balancer | v3, default
 * current; devnet/profiles.ts).
 */
import { startDevnet, type BlockMode } from './index.ts';
import { DEFAULT_RUNTIME, PROFILES, RUNTIME_NAMES, type RuntimeName } from './profiles.ts';
import { DEV_ACCOUNTS, SUBNET_SPECS } from './state/index.ts';

function envInt(name: string, fallback: number, min: number, max: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) {
    console.error(`${name} must be an integer from ${min} to ${max}, got ${raw}`);
    process.exit(2);
  }
  return n;
}

const port = envInt('DEVNET_PORT', 9944, 0, 65_535);
const blockTimeMs = envInt('DEVNET_BLOCK_MS', 3000, 50, 3_600_000);
const mode = (process.env['DEVNET_BLOCK_MODE'] ?? 'auto') as BlockMode;
if (!['auto', 'manual', 'instant'].includes(mode)) {
  console.error(`DEVNET_BLOCK_MODE must be auto, manual or instant, got ${mode}`);
  process.exit(2);
}

const runtime = (process.env['DEVNET_RUNTIME'] || DEFAULT_RUNTIME) as RuntimeName;
if (!RUNTIME_NAMES.includes(runtime)) {
  console.error(`DEVNET_RUNTIME must be ${RUNTIME_NAMES.join(', ')}, got ${runtime}`);
  process.exit(2);
}

// The devnet must keep serving whatever a client sends; log unexpected errors instead of dying.
process.on('uncaughtException', (e) => console.error('[devnet] uncaught exception:', e));
process.on('unhandledRejection', (e) => console.error('[devnet] unhandled rejection:', e));

const devnet = await startDevnet({ port, blockTimeMs, mode, runtime });
console.log(`TaoStake devnet (simulated subtensor, runtime ${runtime}, spec ${devnet.meta.runtimeVersion.specVersion}, metadata v15)`);
console.log(`  ${PROFILES[runtime].summary}`);
console.log(`  ws:   ${devnet.url}`);
console.log(`  http: ${devnet.httpUrl}`);
console.log(`  blocks: ${mode}${mode === 'auto' ? ` every ${blockTimeMs} ms` : ''}; genesis ${devnet.node.chain.genesisHash}`);
console.log(`  subnets: ${SUBNET_SPECS.length}; dev accounts: ${DEV_ACCOUNTS.map((a) => a.name).join(', ')} (//Name of the dev phrase)`);

let stopping = false;
const stop = (): void => {
  if (stopping) return;
  stopping = true;
  void devnet.close().then(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
