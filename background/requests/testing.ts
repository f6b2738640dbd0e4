// Test parts for the dApp connection's unit tests (never imported by production code).
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { readFileSync } from 'node:fs';
import type { ApiPromise } from '@polkadot/api';
import { Metadata, TypeRegistry } from '@polkadot/types';
import type { Registry, SignerPayloadJSON } from '@polkadot/types/types';
import type { HexString } from '@polkadot/util/types';
import type { Runtime } from 'webextension-polyfill';
import { WalletError } from '../../src/protocol/errors.ts';
import { messages } from '../../src/protocol/index.ts';
import type { AccountSummary } from '../../src/protocol/vault.ts';
import { RecordingSink } from '../platform/events.ts';
import { MemoryStore } from '../platform/storage.ts';
import { createRouter, type Handlers } from '../router.ts';
import { dappHandlers } from './handlers.ts';
import { DappService } from './service.ts';
import { createVaultService, type VaultService } from '../vault/service.ts';
import { TEST_KDF } from '../vault/testing.ts';
import type { DappChain, DappVault } from './types.ts';

export const TEST_PASSWORD = 'dapp unit test password';
const DEV_PHRASE = 'bottom drive obey lake curtain smoke basket hold race lonely fit walk';

/**
 * The real VaultService (background/vault, cheap test KDF) with a record of what it signed, so a
 * test can assert that nothing was signed without approval.
 */
export class RecordingVault implements DappVault {
  readonly signed: { address: string; payload: SignerPayloadJSON | HexString }[] = [];
  constructor(readonly inner: VaultService) {}

  /** A vault over these stores: set up with //Alice and //Bob the first time, reused after a "restart". */
  static async open(local: MemoryStore, session: MemoryStore, events: RecordingSink, now: () => number): Promise<RecordingVault> {
    const inner = await createVaultService({ local, session, events, now, kdf: TEST_KDF });
    if (!(await inner.status()).initialized) {
      await inner.setup(TEST_PASSWORD);
      for (const name of ['Alice', 'Bob']) await inner.createFromMnemonic({ mnemonic: DEV_PHRASE, name, derivationPath: `//${name}` });
    }
    return new RecordingVault(inner);
  }

  isUnlocked() {
    return this.inner.isUnlocked();
  }
  getAccounts(): Promise<AccountSummary[]> {
    return this.inner.getAccounts();
  }
  async signPayload(address: string, payload: SignerPayloadJSON, registry: Registry): Promise<{ signature: HexString }> {
    const out = await this.inner.signPayload(address, payload, registry);
    this.signed.push({ address, payload });
    return out;
  }
  async signRaw(address: string, data: HexString): Promise<{ signature: HexString }> {
    const out = await this.inner.signRaw(address, data);
    this.signed.push({ address, payload: data });
    return out;
  }
  onChange(listener: () => void) {
    return this.inner.onChange(() => listener());
  }
}

/** Subtensor's zero-sized signed extensions, declared so @polkadot/types knows they are empty. */
export const SUBTENSOR_USER_EXTENSIONS = {
  SubtensorSignedExtension: { extrinsic: {}, payload: {} },
  CommitmentsSignedExtension: { extrinsic: {}, payload: {} },
};

const METADATA_URL = new URL('../../devnet/metadata/subtensor-devnet.scale', import.meta.url);
let registry: TypeRegistry | undefined;

/** The devnet's subtensor metadata in a real registry (decoding ~1 s, so shared). */
export function devnetRegistry(): TypeRegistry {
  if (!registry) {
    registry = new TypeRegistry();
    registry.setMetadata(new Metadata(registry, new Uint8Array(readFileSync(METADATA_URL))), undefined, SUBTENSOR_USER_EXTENSIONS);
    registry.setChainProperties(registry.createType('ChainProperties', { ss58Format: 42, tokenDecimals: 9, tokenSymbol: 'TAO' }) as never);
  }
  return registry;
}

export const TEST_GENESIS = `0x${'ab'.repeat(32)}` as const;
export const TEST_SPEC_VERSION = 233;

/**
 * The chain client's getApi() reduced to what the dApp code reads (registry, genesis hash, runtime
 * version): a stand-in for a live ApiPromise in fast unit tests. The browser tests use the real
 * ApiPromise over the devnet.
 */
export function registryChain(reg: Registry = devnetRegistry(), genesis: string = TEST_GENESIS): DappChain {
  const api = {
    registry: reg,
    genesisHash: reg.createType('Hash', genesis),
    runtimeVersion: { specVersion: reg.createType('u32', TEST_SPEC_VERSION) },
  } as unknown as ApiPromise;
  return { getApi: async () => api, getSnapshot: () => null };
}

/** A signer payload for `call` as @polkadot/api's SignerPayload.toPayload() would build it. */
export function payloadFor(reg: Registry, address: string, method: HexString, extra: Partial<SignerPayloadJSON> = {}): SignerPayloadJSON {
  const signedExtensions = reg.signedExtensions;
  return {
    address,
    blockHash: `0x${'11'.repeat(32)}`,
    blockNumber: '0x00000010',
    era: '0x0500',
    genesisHash: TEST_GENESIS,
    method,
    nonce: '0x00000000',
    specVersion: `0x${TEST_SPEC_VERSION.toString(16).padStart(8, '0')}`,
    tip: '0x00000000000000000000000000000000',
    transactionVersion: '0x00000001',
    signedExtensions: [...signedExtensions],
    version: 4,
    ...extra,
  } as SignerPayloadJSON;
}

export const EXT_ID = 'abcdefghijklmnopabcdefghijklmnop';
const BASE = `chrome-extension://${EXT_ID}/`;
export const popup: Runtime.MessageSender = { id: EXT_ID, url: `${BASE}popup.html#/request/x` };
export const pageAt = (origin: string, tabId = 7): Runtime.MessageSender => ({ id: EXT_ID, url: `${origin}/stake?x=1`, tab: { id: tabId } as Runtime.MessageSender['tab'], frameId: 0 });

/** Every message: the dApp domain's real handlers, a typed refusal for the rest. */
export function handlersWith(dapp: DappService): Handlers {
  const out = {} as Record<string, unknown>;
  for (const name of Object.keys(messages)) {
    out[name] = () => {
      throw new WalletError('NotImplemented', name);
    };
  }
  return { ...out, ...dappHandlers(dapp), 'pub(system.ping)': () => ({ pong: true }) } as unknown as Handlers;
}

/** A reply as tests read it (either shape, fields loosely typed). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type LooseReply = { ok: boolean; response?: any; error?: any };

export async function setup(stores?: { local: MemoryStore; session: MemoryStore }, documents: Map<number, string> = new Map(), chain: DappChain = registryChain()) {
  const windows: { path: string; id: number }[] = [];
  const closed: number[] = [];
  let nextWindow = 100;
  let clock = 1_700_000_000_000;
  const platform = {
    local: stores?.local ?? new MemoryStore(),
    session: stores?.session ?? new MemoryStore(),
    events: new RecordingSink(),
    openWindow: async (path: string) => {
      const id = nextWindow++;
      windows.push({ path, id });
      return id;
    },
    closeWindow: async (id: number) => void closed.push(id),
    /** Which document each tab shows (what a relay would answer to the probe). */
    documentOf: async (tabId: number) => documents.get(tabId) ?? null,
    now: () => clock,
  };
  const vault = await RecordingVault.open(platform.local, platform.session, platform.events, platform.now);
  const [alice, bob] = (await vault.getAccounts()).map((a) => a.address) as [string, string];
  const dapp = await DappService.create({ platform, vault, chain });
  const route = createRouter(handlersWith(dapp), { extensionId: EXT_ID, extensionBaseUrl: BASE, guard: dapp.guard });
  let counter = 0;
  const send = (sender: Runtime.MessageSender, name: string, request: unknown, id = `m${counter++}`, document?: string) =>
    route({ kind: 'taostake:request', id, name, request, ...(document ? { document } : {}) }, sender) as Promise<LooseReply>;
  const fromPopup = (name: string, request: unknown) => send(popup, name, request);
  const advance = (ms: number) => (clock += ms);
  return { dapp, route, send, fromPopup, windows, closed, platform, vault, advance, alice, bob };
}


/** The addresses of the two accounts every setup() vault holds, once crypto is ready. */
export async function devAccounts(): Promise<{ alice: string; bob: string }> {
  await cryptoWaitReady();
  const { alice, bob } = await setup();
  return { alice, bob };
}

/** Waits (polling) until `check` holds; throws after `ms`. */
export async function until(check: () => boolean, ms = 3000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 2));
  }
}
