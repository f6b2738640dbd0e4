// Chain-client figures against the devnet over a real WebSocket: connect, the per-block
// snapshot refresh (JSON-RPC requests and wall time, for the devnet's 13 subnets and for a
// finney-sized 128), prepare (build + fee + sim cross-check) of a stake, and a service-worker
// restart (a new ChainService on the same storage) to its first fresh snapshot, with the runtime
// cache and without it, alternating in the same run.
import { startDevnet } from '../../devnet/index.ts';
import { createGenesisState } from '../../devnet/state/index.ts';
import { RecordingSink } from '../../background/platform/events.ts';
import { MemoryStore } from '../../background/platform/storage.ts';
import { ChainService } from '../../background/chain/service.ts';
import { RUNTIME_INDEX_KEY } from '../../background/chain/runtime-store.ts';
import type { Devnet } from '../../devnet/index.ts';
import { median, ms, verdict } from './_stats.ts';

const ALICE = '5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY';

async function waitFor(pred: () => boolean | Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await pred())) {
    if (Date.now() > until) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 5));
  }
}

async function run(label: string, subnetCount: number): Promise<void> {
  const genesis = createGenesisState();
  const template = genesis.subnets.get(1)!;
  for (let n = genesis.subnets.size; n < subnetCount; n++) genesis.subnets.set(n, { ...template, netuid: n, name: `Bench${n}` });
  const devnet = await startDevnet({ port: 0, mode: 'manual', genesis });
  const methods: string[] = [];
  // Root claims are asked of the runtime every few blocks (they move once per epoch): counted apart.
  let claimCalls = 0;
  const onRequest = (m: string, params: unknown[]) => {
    methods.push(m);
    if (m === 'state_call' && String(params[0]).startsWith('BetaBasketRuntimeApi_')) claimCalls++;
  };
  const chain = new ChainService({ local: new MemoryStore(), events: new RecordingSink(), signer: null, urls: { devnet: devnet.url }, connection: { onRequest } });
  try {
    await chain.updateSettings({ activeAddress: ALICE });
    const t0 = performance.now();
    await chain.init();
    await chain.getApi();
    const connectMs = performance.now() - t0;
    const connectRequests = methods.length;
    await waitFor(async () => (await chain.state()).snapshot !== null);
    const cold = chain.lastRefresh!;
    const perBlock: { requests: number; claims: number; ms: number }[] = [];
    for (let i = 0; i < 20; i++) {
      methods.length = 0;
      claimCalls = 0;
      const target = devnet.newBlock().number;
      await waitFor(async () => (await chain.state()).snapshot?.blockNumber === target);
      perBlock.push({ requests: methods.length, claims: claimCalls, ms: chain.lastRefresh!.ms });
    }
    const steadyRequests = Math.max(...perBlock.map((p) => p.requests - p.claims));
    const claimBlocks = perBlock.filter((p) => p.claims > 0).length;
    const steadyMs = median(perBlock.map((p) => p.ms));
    console.log(`  ${label}: ${cold.subnets} subnets`);
    console.log(`    connect (metadata, registry):   ${ms(connectMs)}, ${connectRequests} requests`);
    console.log(`    first snapshot (cold):          ${ms(cold.ms)}, ${cold.requests} requests (incl. delegates + names)`);
    console.log(`    per-block refresh (20 blocks):  median ${ms(steadyMs)}, max ${steadyRequests} requests on the wire per block  [target ≤ 4: ${verdict(steadyRequests <= 4)}]; root-claim previews: +1 on ${claimBlocks} of 20 blocks`);

    const snap = (await chain.state()).snapshot!;
    const [validator] = await chain.validators(1);
    const price = BigInt(snap.subnets.find((s) => s.netuid === 1)!.price);
    const times: number[] = [];
    let prepareRequests = 0;
    for (let i = 0; i < 5; i++) {
      methods.length = 0;
      const t = performance.now();
      await chain.prepare(ALICE, { kind: 'stake', hotkey: validator!.hotkey, netuid: 1, amount: '10000000000', limitPrice: ((price * 1005n) / 1000n).toString(), allowPartial: false });
      times.push(performance.now() - t);
      prepareRequests = methods.length;
    }
    console.log(`    prepare stake (fresh snapshot + fee + sim_swap): median ${ms(median(times))}, ${prepareRequests} requests`);
  } finally {
    await chain.close();
  }
  try {
    await restarts(devnet);
  } finally {
    await devnet.close();
  }
}

/** One worker start on `local` until a snapshot at the devnet's new head: wall time and requests on the wire. */
async function restartOnce(devnet: Devnet, local: MemoryStore): Promise<{ ms: number; requests: number; reads: number }> {
  const target = devnet.newBlock().number; // the stored snapshot is stale: only a fresh read shows this block
  const methods: string[] = [];
  // Taken when the popup is told: reads that follow the first fresh snapshot are not its cost.
  let first: { ms: number; requests: number; reads: number } | null = null;
  const t0 = performance.now();
  const events = new RecordingSink();
  const record = events.toExtension.bind(events);
  events.toExtension = (name, payload) => {
    const snapshot = (payload as { snapshot?: { blockNumber: number } | null }).snapshot;
    if (!first && name === 'chain.updated' && snapshot?.blockNumber === target) first = { ms: performance.now() - t0, requests: methods.length, reads: chain.lastRefresh!.requests };
    record(name, payload);
  };
  const chain: ChainService = new ChainService({ local, events, signer: null, urls: { devnet: devnet.url }, connection: { onRequest: (m) => methods.push(m) } });
  try {
    await chain.init();
    await waitFor(() => first !== null);
    // Stored after the connect, off the critical path; let it land before the next start.
    await waitFor(async () => (await local.get(RUNTIME_INDEX_KEY)) !== undefined);
    return first!;
  } finally {
    await chain.close();
  }
}

/** Worker restart to first fresh snapshot, cached runtime vs none, alternating so both see the same machine. */
async function restarts(devnet: Devnet): Promise<void> {
  const local = new MemoryStore();
  await local.set({ 'chain.settings': { tolerancePpm: 5000, allowPartial: false, activeAddress: ALICE } });
  await restartOnce(devnet, local); // fills the cache and the stored snapshot
  const cached: Awaited<ReturnType<typeof restartOnce>>[] = [];
  const uncached: typeof cached = [];
  for (let i = 0; i < 5; i++) {
    cached.push(await restartOnce(devnet, local));
    // The same storage without the runtime cache: what every restart cost before it.
    const bare = new MemoryStore();
    for (const [k, v] of local.data) if (!k.startsWith('chain.runtime')) bare.data.set(k, v);
    uncached.push(await restartOnce(devnet, bare));
  }
  const c = median(cached.map((r) => r.ms));
  const u = median(uncached.map((r) => r.ms));
  const connect = (runs: typeof cached) => Math.max(...runs.map((r) => r.requests - r.reads));
  console.log(`    worker restart -> first fresh snapshot, median of 5 each, alternating:`);
  const readsOf = (runs: typeof cached) => Math.max(...runs.map((r) => r.reads));
  console.log(`      cached runtime: ${ms(c)}, ${connect(cached)} connect requests + ${readsOf(cached)} snapshot reads in one round trip  [targets ≤ 3 each: ${verdict(connect(cached) <= 3 && readsOf(cached) <= 3)}]`);
  console.log(`      no cache:       ${ms(u)}, ${connect(uncached)} connect requests + ${readsOf(uncached)} snapshot reads`);
  console.log(`      cached / uncached: ${(c / u).toFixed(2)}`);
}

export default async function chainBench(): Promise<void> {
  await run('devnet genesis', 13);
  await run('finney-sized', 128);
}
