import type { SignerPayloadJSON } from '@polkadot/types/types';
import type { HexString } from '@polkadot/util/types';
import type {
  AuthorizationView,
  DappRawPayload,
  DappRequestDetail,
  DappRequestKind,
  DappRequestSummary,
  DappSignerPayload,
  DecodedCallView,
  InjectedAccountView,
  SignerResultView,
} from '../../src/protocol/dapp.ts';
import { WalletError, WalletErrorCode, toWireError } from '../../src/protocol/errors.ts';
import type { MessageName, RequestOf, ResponseOf } from '../../src/protocol/index.ts';
import type { AccountSummary } from '../../src/protocol/vault.ts';
import type { HandlerContext, SenderInfo } from '../router.ts';
import type { Platform } from '../services.ts';
import { injectedView, toSs58, visibleAccounts } from './accounts.ts';
import { AuthorizationStore } from './authorizations.ts';
import { decodeCall } from './describe.ts';
import { assertUnlockedToExecute, runPipeline, type DappPubName, type PageContext, type PipelineHost } from './pipeline.ts';
import { RateLimiter, type BucketOptions } from './ratelimit.ts';
import { RequestQueue, summaryOf, type StoredRequest } from './queue.ts';
import type { DappChain, DappVault } from './types.ts';

const SUBSCRIPTIONS_KEY = 'dapp.subscriptions.v1';
const MAX_SUBSCRIPTIONS = 500;
/** After the user rejects a connection, the same origin's enable() is refused at once for this long. */
export const REJECT_COOLDOWN_MS = 30_000;
const CHAIN_TIMEOUT_MS = 5_000;

const NAME_OF: Record<DappRequestKind, DappPubName> = {
  authorize: 'pub(authorize.request)',
  signPayload: 'pub(signer.signPayload)',
  signRaw: 'pub(signer.signRaw)',
};

export interface DappServiceOptions {
  platform: Pick<Platform, 'local' | 'session' | 'events' | 'openWindow' | 'now'>;
  vault: DappVault;
  chain?: DappChain;
  bucket?: BucketOptions;
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new WalletError(WalletErrorCode.Disconnected, `${what} did not answer in time`)), ms);
    promise.then(
      (v) => (clearTimeout(timer), resolve(v)),
      (e: unknown) => (clearTimeout(timer), reject(e)),
    );
  });
}

function printable(hex: string): string | null {
  try {
    const bytes = new Uint8Array((hex.slice(2).match(/../g) ?? []).map((b) => parseInt(b, 16)));
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    // eslint-disable-next-line no-control-regex
    return /^[^\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]*$/.test(text) ? text : null;
  } catch {
    return null;
  }
}

/**
 * The dApp connection: which origins may see which accounts, the approval queue, and the pipeline
 * every pub(...) call goes through. The origin always comes from the router's SenderInfo.
 */
export class DappService implements PipelineHost {
  readonly authorizations: AuthorizationStore;
  readonly limiter: RateLimiter;
  readonly #subscriptions = new Map<number, string>();
  readonly #rejectedAt = new Map<string, number>();
  #signId = 0;

  private constructor(
    private readonly options: DappServiceOptions,
    readonly queue: RequestQueue,
  ) {
    const { platform } = options;
    this.authorizations = new AuthorizationStore(platform.local, platform.now);
    this.limiter = new RateLimiter(platform.now, options.bucket);
    options.vault.onChange(() => void this.#notifyAccounts().catch(() => undefined));
  }

  static async create(options: DappServiceOptions): Promise<DappService> {
    const { platform } = options;
    const queue = await RequestQueue.load(platform.session, platform.events, platform.now);
    const service = new DappService(options, queue);
    const subs = await platform.session.get<[number, string][]>(SUBSCRIPTIONS_KEY);
    if (Array.isArray(subs)) for (const [tab, origin] of subs.slice(0, MAX_SUBSCRIPTIONS)) service.#subscriptions.set(tab, origin);
    return service;
  }

  get #platform() {
    return this.options.platform;
  }

  /** The router's guard: a token bucket per page origin (extension pages are not limited). */
  readonly guard = (_name: MessageName, sender: SenderInfo): void => {
    if (sender.kind === 'page') this.limiter.check(sender.origin);
  };

  /** Entry for every pub(...) dApp call. */
  run<N extends DappPubName>(name: N, request: RequestOf<N>, ctx: HandlerContext): Promise<ResponseOf<N>> {
    return runPipeline(this, name, request, ctx);
  }

  // --- PipelineHost ---

  isUnlocked(): Promise<boolean> {
    return this.options.vault.isUnlocked();
  }

  authorization(origin: string): Promise<AuthorizationView | undefined> {
    return this.authorizations.get(origin);
  }

  async accountsFor(auth: AuthorizationView): Promise<InjectedAccountView[]> {
    return visibleAccounts(await this.options.vault.getAccounts(), auth.addresses).map(injectedView);
  }

  async approval<N extends DappPubName>(name: N, request: RequestOf<N>, page: PageContext, auth: AuthorizationView | undefined): Promise<ResponseOf<N>> {
    if (name === 'pub(authorize.request)') {
      const { originName } = request as RequestOf<'pub(authorize.request)'>;
      const rejected = this.#rejectedAt.get(page.origin);
      if (rejected !== undefined && this.#platform.now() - rejected < REJECT_COOLDOWN_MS) {
        throw new WalletError(WalletErrorCode.Rejected, 'The user rejected the connection; try again later');
      }
      // One window per origin: a second enable() waits for the same answer.
      const existing = this.queue.pendingAuthorization(page.origin);
      if (existing) return (await this.queue.wait(existing.id)) as ResponseOf<N>;
      return (await this.#enqueue({ kind: 'authorize', originName, address: null, payload: null }, page, `authorize/`)) as ResponseOf<N>;
    }
    if (name === 'pub(signer.signPayload)' || name === 'pub(signer.signRaw)') {
      const { payload } = request as RequestOf<'pub(signer.signPayload)'> | RequestOf<'pub(signer.signRaw)'>;
      const address = await this.#signableAddress(auth, payload.address);
      const kind = name === 'pub(signer.signPayload)' ? 'signPayload' : 'signRaw';
      return (await this.#enqueue({ kind, originName: auth?.originName ?? page.origin, address, payload }, page, 'request/')) as ResponseOf<N>;
    }
    throw new WalletError(WalletErrorCode.Internal, `${name} has no approval`);
  }

  async subscribe(page: PageContext, subscribed: boolean): Promise<void> {
    if (subscribed) {
      if (!this.#subscriptions.has(page.tabId) && this.#subscriptions.size >= MAX_SUBSCRIPTIONS) {
        this.#subscriptions.delete(this.#subscriptions.keys().next().value as number);
      }
      this.#subscriptions.set(page.tabId, page.origin);
    } else if (this.#subscriptions.get(page.tabId) === page.origin) {
      this.#subscriptions.delete(page.tabId);
    }
    await this.#platform.session.set({ [SUBSCRIPTIONS_KEY]: [...this.#subscriptions] });
  }

  async knownMetadata(): Promise<{ genesisHash: string; specVersion: number }[]> {
    if (!this.options.chain) return [];
    try {
      const api = await withTimeout(this.options.chain.getApi(), CHAIN_TIMEOUT_MS, 'The chain');
      return [{ genesisHash: api.genesisHash.toHex(), specVersion: api.runtimeVersion.specVersion.toNumber() }];
    } catch {
      return [];
    }
  }

  async resume(page: PageContext, replyTo: string): Promise<unknown> {
    const record = this.queue.forResume(page.origin, page.tabId, replyTo);
    if (!record) throw new WalletError(WalletErrorCode.NotFound, 'No such request from this page');
    return this.queue.wait(record.id);
  }

  // --- approvals (extension pages) ---

  list(): DappRequestSummary[] {
    return this.queue.pending().map(summaryOf);
  }

  async detail(id: string): Promise<DappRequestDetail> {
    const record = this.#pending(id);
    const unlocked = await this.options.vault.isUnlocked();
    const accounts = await this.options.vault.getAccounts();
    const base = summaryOf(record);
    if (record.kind === 'authorize') {
      const auth = await this.authorizations.get(record.origin);
      return { ...base, kind: 'authorize', accounts, selected: auth?.addresses ?? [], unlocked };
    }
    const accountName = accounts.find((a) => record.address && toSs58(a.address) === record.address)?.name ?? null;
    if (record.kind === 'signRaw') {
      const data = (record.payload as DappRawPayload).data;
      return { ...base, kind: 'signRaw', unlocked, accountName, data, text: printable(data) };
    }
    const payload = record.payload as DappSignerPayload;
    let call: DecodedCallView | null = null;
    let genesisMatches = false;
    let specVersion: number | null = null;
    const chain = this.options.chain;
    if (chain) {
      try {
        const api = await withTimeout(chain.getApi(), CHAIN_TIMEOUT_MS, 'The chain');
        genesisMatches = api.genesisHash.toHex() === payload.genesisHash.toLowerCase();
        specVersion = api.runtimeVersion.specVersion.toNumber();
        if (genesisMatches) {
          const snapshot = await Promise.resolve(chain.getSnapshot?.()).catch(() => null);
          try {
            const names: Record<string, string> = Object.fromEntries(accounts.map((a) => [a.address, a.name]));
            // Validator names for the subnet a staking call names (best effort: the window works without them).
            const netuid = Number(decodeCall(api.registry, payload, null).args.netuid);
            if (chain.validators && Number.isInteger(netuid)) {
              const validators = await withTimeout(chain.validators(netuid), CHAIN_TIMEOUT_MS, 'The chain').catch(() => []);
              // Only real display names: the chain client labels unnamed validators with a short address.
              for (const v of validators) if (v.name && !v.name.includes('…')) names[v.hotkey] = v.name;
            }
            call = decodeCall(api.registry, payload, snapshot?.genesisHash === api.genesisHash.toHex() ? snapshot : null, names);
          } catch (e) {
            call = { section: '?', method: '?', args: {}, summary: null, preview: null, warnings: [`The call does not decode with this chain's metadata (${e instanceof Error ? e.message : 'unknown'}); do not approve unless you know what it is.`] };
          }
          if (specVersion !== Number(BigInt(payload.specVersion))) {
            call.warnings.push(`The site built this for runtime version ${Number(BigInt(payload.specVersion))}, the chain runs ${specVersion}; the chain will reject the signature.`);
          }
        }
      } catch {
        // Chain unreachable: the window says it cannot decode; approving still signs exactly these bytes.
      }
    }
    return {
      ...base,
      kind: 'signPayload',
      unlocked,
      accountName,
      payload,
      call,
      chain: {
        genesisMatches,
        specVersion,
        blockNumber: Number(BigInt(payload.blockNumber)),
        nonce: Number(BigInt(payload.nonce)),
        tip: BigInt(payload.tip).toString(),
        mortal: payload.era !== '0x00',
        metadataHash: payload.mode === 1 ? (payload.metadataHash ?? null) : null,
      },
    };
  }

  /**
   * The user approved. Authorize: stores the chosen accounts. Sign: checks the wallet is unlocked
   * (Locked leaves the request pending, so the window can ask for the password), then executes.
   */
  async approve(id: string, addresses: string[] | undefined): Promise<{ approved: true }> {
    const record = this.#pending(id);
    const name = NAME_OF[record.kind];
    if (record.kind === 'authorize') {
      if (!addresses) throw new WalletError(WalletErrorCode.BadRequest, 'Choose the accounts this site may see');
      const chosen = await this.#ownAddresses(addresses);
      await this.authorizations.grant(record.origin, record.originName, chosen);
      await this.queue.settle(id, { ok: true, response: { authorized: true } });
      this.#authorizationsChanged();
      await this.#notifyAccounts(record.origin);
      return { approved: true };
    }
    await assertUnlockedToExecute(this, name);
    let result: SignerResultView;
    try {
      result = await this.#executeSign(record);
    } catch (error) {
      if (error instanceof WalletError && error.code === WalletErrorCode.Locked) throw error;
      await this.queue.settle(id, { ok: false, error: toWireError(error) });
      throw error;
    }
    await this.queue.settle(id, { ok: true, response: result });
    return { approved: true };
  }

  async reject(id: string, message?: string): Promise<{ rejected: true }> {
    const record = this.#pending(id);
    if (record.kind === 'authorize') this.#rejectedAt.set(record.origin, this.#platform.now());
    await this.queue.reject(id, message);
    return { rejected: true };
  }

  /** browser.windows.onRemoved: closing an approval window rejects what it was showing. */
  async onWindowClosed(windowId: number): Promise<void> {
    for (const r of this.queue.pendingInWindow(windowId)) await this.reject(r.id, 'The user closed the approval window');
  }

  /** browser.tabs.onRemoved: nobody is left to answer. */
  async onTabClosed(tabId: number): Promise<void> {
    for (const r of this.queue.pendingOfTab(tabId)) await this.queue.reject(r.id, 'The requesting tab was closed');
    if (this.#subscriptions.delete(tabId)) await this.#platform.session.set({ [SUBSCRIPTIONS_KEY]: [...this.#subscriptions] });
  }

  // --- connected sites (settings) ---

  listAuthorizations(): Promise<AuthorizationView[]> {
    return this.authorizations.list();
  }

  async updateAuthorization(origin: string, addresses: string[]): Promise<AuthorizationView> {
    const view = await this.authorizations.update(origin, await this.#ownAddresses(addresses));
    this.#authorizationsChanged();
    await this.#notifyAccounts(origin);
    return view;
  }

  async revokeAuthorization(origin: string): Promise<{ revoked: boolean }> {
    const revoked = await this.authorizations.revoke(origin);
    // What it had asked for and not yet got is void too.
    for (const r of this.queue.pending().filter((p) => p.origin === origin && p.kind !== 'authorize')) {
      await this.queue.settle(r.id, { ok: false, error: { code: WalletErrorCode.Unauthorized, message: 'The user disconnected this site' } });
    }
    this.#authorizationsChanged();
    await this.#notifyAccounts(origin);
    return { revoked };
  }

  // --- internals ---

  #pending(id: string): StoredRequest {
    const record = this.queue.get(id);
    if (!record || record.state !== 'pending') throw new WalletError(WalletErrorCode.NotFound, 'This request is no longer pending');
    return record;
  }

  async #enqueue(input: Pick<StoredRequest, 'kind' | 'originName' | 'address' | 'payload'>, page: PageContext, route: string): Promise<unknown> {
    const record = await this.queue.add({ ...input, origin: page.origin, tabId: page.tabId, replyTo: page.replyTo });
    try {
      const windowId = await this.#platform.openWindow(`popup.html#/${route}${record.id}`);
      await this.queue.attachWindow(record.id, windowId);
    } catch {
      await this.queue.settle(record.id, { ok: false, error: { code: WalletErrorCode.Internal, message: 'The wallet could not open its approval window' } });
    }
    return this.queue.wait(record.id);
  }

  /** The account a page asks to sign with, if this origin may use it; one error for every "no". */
  async #signableAddress(auth: AuthorizationView | undefined, address: string): Promise<string> {
    let ss58: string;
    try {
      ss58 = toSs58(address);
    } catch {
      throw new WalletError(WalletErrorCode.BadRequest, 'Not a valid address');
    }
    const visible = auth ? visibleAccounts(await this.options.vault.getAccounts(), auth.addresses) : [];
    if (!visible.some((a) => toSs58(a.address) === ss58)) {
      throw new WalletError(WalletErrorCode.Unauthorized, 'This site may not use that account');
    }
    return ss58;
  }

  async #ownAddresses(addresses: string[]): Promise<string[]> {
    const own = new Set((await this.options.vault.getAccounts()).map((a: AccountSummary) => toSs58(a.address)));
    const chosen = [...new Set(addresses.map(toSs58))];
    const unknown = chosen.find((a) => !own.has(a));
    if (unknown) throw new WalletError(WalletErrorCode.UnknownAccount, 'Not an account of this wallet');
    return chosen;
  }

  async #executeSign(record: StoredRequest): Promise<SignerResultView> {
    // The origin may have been disconnected, or the account unshared, while the window was open.
    const auth = await this.authorizations.get(record.origin);
    const address = await this.#signableAddress(auth, record.address ?? '');
    const { vault, chain } = this.options;
    if (record.kind === 'signRaw') {
      const { signature } = await vault.signRaw(address, (record.payload as DappRawPayload).data as HexString);
      return { id: ++this.#signId, signature };
    }
    const payload = record.payload as DappSignerPayload;
    if (!chain) throw new WalletError(WalletErrorCode.Disconnected, 'The wallet has no chain connection');
    const api = await withTimeout(chain.getApi(), CHAIN_TIMEOUT_MS, 'The chain');
    if (api.genesisHash.toHex() !== payload.genesisHash.toLowerCase()) {
      throw new WalletError(WalletErrorCode.WrongChain, 'The site asked to sign for another chain than the one the wallet is connected to');
    }
    const { signature } = await vault.signPayload(address, payload as unknown as SignerPayloadJSON, api.registry);
    return { id: ++this.#signId, signature };
  }

  #authorizationsChanged(): void {
    void this.authorizations.list().then((authorizations) => this.#platform.events.toExtension('authorizations.changed', { authorizations }));
  }

  /** Pushes the current accounts to every subscribed tab (of `origin`, when given). */
  async #notifyAccounts(origin?: string): Promise<void> {
    if (this.#subscriptions.size === 0) return;
    const all = await this.options.vault.getAccounts();
    for (const [tabId, subOrigin] of this.#subscriptions) {
      if (origin && subOrigin !== origin) continue;
      const auth = await this.authorizations.get(subOrigin);
      const accounts = auth ? visibleAccounts(all, auth.addresses).map(injectedView) : [];
      this.#platform.events.toTab(tabId, 'dapp.accounts', { origin: subOrigin, accounts });
    }
  }
}
