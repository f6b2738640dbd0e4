/**
 * Bench section for the devnet state (link it from scripts/bench/, e.g. a one-line
 * `export { default } from '../../devnet/state/bench.ts';` in scripts/bench/devnet-state.ts).
 * Prints figures only; nothing here fails.
 */
import { cloneState, SnapshotHistory } from './clone.ts';
import { createGenesisState, devAccount, validator } from './genesis.ts';
import { dispatch } from './staking.ts';
import { alphaPrice, dynamicInfo, stakeInfoForColdkey } from './queries.ts';

function timeIt(label: string, runs: number, f: () => void, target?: string): void {
  f();
  const started = performance.now();
  for (let i = 0; i < runs; i++) f();
  const per = (performance.now() - started) / runs;
  console.log(`  ${label}: ${per < 1 ? `${(per * 1000).toFixed(1)} µs` : `${per.toFixed(2)} ms`} per op (${runs} runs)${target ? `, target ${target}` : ''}`);
}

export default async function bench(): Promise<void> {
  const state = createGenesisState();
  const alice = devAccount('Alice').hex;
  const aurora = validator('aurora').hex;
  timeIt('createGenesisState', 50, () => createGenesisState());
  timeIt('cloneState (per-block snapshot, per-dispatch copy)', 500, () => cloneState(state), '< 1 ms');
  const price = alphaPrice(state, 1);
  timeIt('dispatch add_stake_limit (w2 = 0.5)', 100, () => {
    const s = cloneState(state);
    dispatch(s, alice, { section: 'subtensorModule', method: 'addStakeLimit', args: { hotkey: aurora, netuid: 1, amountStaked: 10n ** 11n, limitPrice: price + price / 100n, allowPartial: true } });
  });
  const price4 = alphaPrice(state, 4);
  timeIt('dispatch add_stake_limit (non-round w2, series path)', 50, () => {
    const s = cloneState(state);
    dispatch(s, alice, { section: 'subtensorModule', method: 'addStakeLimit', args: { hotkey: validator('meridian').hex, netuid: 4, amountStaked: 10n ** 11n, limitPrice: price4 + price4 / 100n, allowPartial: true } });
  }, '< 50 ms (a block holds a handful of extrinsics)');
  timeIt('stakeInfoForColdkey + 13 × dynamicInfo', 200, () => {
    stakeInfoForColdkey(state, alice);
    for (let n = 0; n <= 12; n++) dynamicInfo(state, n);
  });
  const before = process.memoryUsage().heapUsed;
  const history = new SnapshotHistory(256);
  for (let i = 0; i < 256; i++) history.put(`0x${i.toString(16)}`, state);
  globalThis.gc?.();
  const after = process.memoryUsage().heapUsed;
  console.log(`  256 block snapshots: ~${((after - before) / 1024 / 1024).toFixed(1)} MiB heap (approximate, no forced GC unless --expose-gc)`);
}

if (import.meta.url === `file://${process.argv[1]}`) await bench();
