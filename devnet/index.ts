/**
 * The devnet as a library: `startDevnet()` starts a node and its JSON-RPC server on 127.0.0.1
 * (tests use `port: 0`). `npm run devnet` (devnet/main.ts) is the same with env configuration.
 *
 * The chain logic is simulated (devnet/state/): real metadata, real SCALE, real signatures, but
 * the staking state transition is ours, written from the staking spec.
 */
import { cryptoWaitReady } from '@polkadot/util-crypto';
import type { DevnetMetadata } from './metadata/load.ts';
import { DEFAULT_RUNTIME, parseRuntimeName, type RuntimeName } from './profiles.ts';
import type { BlockRecord } from './rpc/blocks.ts';
import { allMethods } from './rpc/methods/index.ts';
import { DevnetNode, type BlockMode } from './rpc/node.ts';
import { DEFAULT_SERVER_OPTIONS, RpcServer } from './rpc/server.ts';
import { createGenesisState, dispatch } from './state/index.ts';
import type { ChainState } from './state/types.ts';

export interface DevnetOptions {
  /** The runtime generation to run (devnet/profiles.ts). Default 'current', or `genesis.runtime`. */
  runtime?: RuntimeName;
  /** 0 picks a free port. Default 9944. */
  port?: number;
  /** Auto-mode block interval. Default 3000 ms. */
  blockTimeMs?: number;
  /** Default 'auto'. */
  mode?: BlockMode;
  /** Starting state; default the deterministic genesis of the runtime (devnet/state/genesis.ts). */
  genesis?: ChainState;
  maxPayloadBytes?: number;
  /** Delay between a block's inBlock and finalized announcements (default 300 ms; 0 = at once). */
  finalityDelayMs?: number;
}

export interface Devnet {
  /** ws://127.0.0.1:<port> */
  url: string;
  /** http://127.0.0.1:<port> (JSON-RPC over POST, no subscriptions) */
  httpUrl: string;
  port: number;
  node: DevnetNode;
  /** The best block's metadata (it changes with a runtime upgrade). */
  readonly meta: DevnetMetadata;
  /** The best block's runtime generation. */
  readonly runtime: RuntimeName;
  /** The state at the best block (read-only: it is that block's snapshot). */
  state(): ChainState;
  /** The best block. */
  head(): BlockRecord;
  /** Makes `count` blocks now (with whatever is in the pool) and returns the last. */
  newBlock(count?: number): BlockRecord;
  setBlockMode(mode: BlockMode): void;
  close(): Promise<void>;
}

export async function startDevnet(options: DevnetOptions = {}): Promise<Devnet> {
  await cryptoWaitReady();
  const runtime = parseRuntimeName(options.runtime ?? options.genesis?.runtime ?? DEFAULT_RUNTIME);
  if (options.genesis !== undefined && options.genesis.runtime !== runtime) {
    throw new Error(`genesis runs the ${options.genesis.runtime} runtime, not ${runtime}`);
  }
  const node = new DevnetNode({ dispatch }, options.genesis ?? createGenesisState(runtime), {
    blockTimeMs: options.blockTimeMs ?? 3000,
    mode: options.mode ?? 'auto',
    finalityDelayMs: options.finalityDelayMs,
  });
  let server: RpcServer;
  try {
    server = await RpcServer.listen(node, allMethods(), {
      ...DEFAULT_SERVER_OPTIONS,
      port: options.port ?? 9944,
      maxPayloadBytes: options.maxPayloadBytes ?? DEFAULT_SERVER_OPTIONS.maxPayloadBytes,
    });
  } catch (e) {
    node.close();
    throw e;
  }
  const port = server.port;
  return {
    url: `ws://127.0.0.1:${port}`,
    httpUrl: `http://127.0.0.1:${port}`,
    port,
    node,
    get meta() {
      return node.meta;
    },
    get runtime() {
      return node.chain.head.state.runtime;
    },
    state: () => node.chain.head.state,
    head: () => node.chain.head,
    newBlock: (count = 1) => node.newBlocks(count),
    setBlockMode: (mode) => node.setMode(mode),
    close: async () => {
      node.close();
      await server.close();
    },
  };
}

export type { BlockMode } from './rpc/node.ts';
