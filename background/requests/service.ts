import type { ApiPromise } from '@polkadot/api';
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
  RiskView,
  SignerResultView,
} from '../../src/protocol/dapp.ts';
import { WalletError, WalletErrorCode, toWireError } from '../../src/protocol/errors.ts';
import type { MessageName, RequestOf, ResponseOf } from '../../src/protocol/index.ts';
import type { AccountSummary } from '../../src/protocol/vault.ts';
import type { HandlerContext, SenderInfo } from '../router.ts';
import type { Platform } from '../services.ts';
import { injectedView, toSs58, visibleAccounts } from './accounts.ts';
import { AuthorizationStore } from './authorizations.ts';
import { readIdentityNames } from '../chain/reader.ts';
import { accountsOf, netuidsOf } from '../../src/chain/explain.ts';
import { checkPayload } from '../../src/chain/payload.ts';
import { decodeCall, decodeCallValue } from './describe.ts';
import { hasProxyFilters, proxyFilters } from './proxy-filters.ts';
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

/** Why a request disappears when its page does (the page's promise rejects with this). */
export const WITHDRAWN = 'The page that asked was reloaded, left or closed, so its request was withdrawn';

const LOW_RISK_RAW: RiskView = { level: 'low', reason: 'A message, not a transaction: it is signed wrapped in <Bytes>, so it cannot move funds by itself.' };
const LOW_RISK_CONNECT: RiskView = { level: 'low', reason: 'The site will see only the accounts you tick; every transaction still needs your approval here.' };

export interface DappServiceOptions {
  platform: Pick<Platform, 'local' | 'session' | 'events' | 'openWindow' | 'now'> & Partial<Pick<Platform, 'closeWindow' | 'documentOf'>>;
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
      // Refused before a window opens when the chain can already tell (checked again at signing).
      if (kind === 'signPayload') await this.#chainApi().then((api) => this.#signable(api, payload as DappSignerPayload), (e: unknown) => (e instanceof WalletError && e.code === WalletErrorCode.BadRequest ? Promise.reject(e) : undefined));
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
    const record = this.queue.forResume(page.origin, page.tabId, replyTo, page.document);
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
      return { ...base, kind: 'authorize', accounts, selected: auth?.addresses ?? [], unlocked, risk: LOW_RISK_CONNECT };
    }
    const accountName = accounts.find((a) => record.address && toSs58(a.address) === record.address)?.name ?? null;
    if (record.kind === 'signRaw') {
      const data = (record.payload as DappRawPayload).data;
      return { ...base, kind: 'signRaw', unlocked, accountName, data, text: printable(data), risk: LOW_RISK_RAW };
    }
    const payload = record.payload as DappSignerPayload;
    let call: DecodedCallView | null = null;
    let genesisMatches = false;
    let specVersion: number | null = null;
    let risk: RiskView = { level: 'high', reason: 'The wallet cannot reach the chain to decode this transaction, so it cannot tell what it does.' };
    try {
      const api = await this.#chainApi();
      genesisMatches = api.genesisHash.toHex() === payload.genesisHash.toLowerCase();
      specVersion = api.runtimeVersion.specVersion.toNumber();
      if (!genesisMatches) risk = { level: 'high', reason: 'This transaction is for another chain than the one the wallet is connected to; the wallet will not sign it.' };
      else {
        call = await this.#describe(api, payload, record.address, accounts);
        risk = call.tree?.risk ?? { level: 'high', reason: 'The call does not decode with this chain\'s metadata, so the wallet cannot tell what it does.' };
        const refused = this.#refusal(api, payload);
        if (refused) {
          call.warnings.push(refused);
          risk = { level: 'high', reason: refused };
        }
        if (specVersion !== Number(BigInt(payload.specVersion))) {
          call.warnings.push(`The site built this for runtime version ${Number(BigInt(payload.specVersion))}, the chain runs ${specVersion}; the chain will reject the signature.`);
        }
      }
    } catch {
      // Chain unreachable: the window says it cannot decode; approving still signs exactly these bytes.
    }
    return {
      ...base,
      kind: 'signPayload',
      unlocked,
      accountName,
      payload,
      call,
      risk,
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

  /** The call decoded from metadata, with names for every account it names and the chain's proxy filters. */
  async #describe(api: ApiPromise, payload: DappSignerPayload, signer: string | null, accounts: AccountSummary[]): Promise<DecodedCallView> {
    const chain = this.options.chain!;
    let value;
    try {
      value = decodeCallValue(api.registry, payload.method);
    } catch (e) {
      return { section: '?', method: '?', args: {}, summary: null, preview: null, tree: null, warnings: [`The call does not decode with this chain's metadata (${e instanceof Error ? e.message : 'unknown'}); do not approve unless you know what it is.`] };
    }
    const snapshot = await Promise.resolve(chain.getSnapshot?.()).catch(() => null);
    const current = snapshot?.genesisHash === api.genesisHash.toHex() ? snapshot : null;
    const names: Record<string, string> = {};
    // Best effort, each bounded: the window works without names.
    const lookups: Promise<unknown>[] = [];
    if (current) {
      lookups.push(
        withTimeout(readIdentityNames(api, accountsOf(value, api.registry.chainSS58 ?? 42), current.blockHash), CHAIN_TIMEOUT_MS, 'The chain').then(
          ({ names: found }) => found.forEach((name, address) => (names[address] ??= name)),
          () => undefined,
        ),
      );
    }
    if (chain.validators) {
      for (const netuid of netuidsOf(value).slice(0, 8)) {
        lookups.push(
          withTimeout(chain.validators(netuid), CHAIN_TIMEOUT_MS, 'The chain').then(
            // Only real display names: the chain client labels unnamed validators with a short address.
            (validators) => validators.forEach((v) => v.name && !v.name.includes('…') && (names[v.hotkey] = v.name)),
            () => undefined,
          ),
        );
      }
    }
    const filters = hasProxyFilters(api) && payload.method.length > 4 ? withTimeout(proxyFilters(api), CHAIN_TIMEOUT_MS, 'The chain').catch(() => ({})) : Promise.resolve({});
    await Promise.all(lookups);
    // The user's own names win over on-chain ones.
    for (const a of accounts) names[toSs58(a.address)] = a.name;
    return decodeCall(api.registry, payload, current, { names, signer, proxyFilters: await filters });
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

  // --- page documents: a request lives as long as the document that made it ---

  /** The relay of `document` in this tab connected: requests of the tab's earlier documents are void. */
  async documentOpened(tabId: number, document: string): Promise<void> {
    for (const r of this.queue.pendingOfOtherDocuments(tabId, document)) await this.#withdraw(r);
  }

  /** The relay's connection closed: its document unloaded (reload, navigation, tab or frame gone). */
  async documentClosed(tabId: number, document: string): Promise<void> {
    for (const r of this.queue.pendingOfTab(tabId).filter((p) => p.document === document)) await this.#withdraw(r);
  }

  /**
   * After a worker restart: a document that unloaded while no worker ran closed no connection we
   * saw, so ask each tab with pending requests which document it shows now (null: none of ours).
   */
  async sweepDocuments(): Promise<void> {
    const documentOf = this.#platform.documentOf;
    if (!documentOf) return;
    const tabs = [...new Set(this.queue.pending().map((r) => r.tabId))];
    for (const tabId of tabs) {
      const current = await documentOf(tabId).catch(() => null);
      for (const r of this.queue.pendingOfOtherDocuments(tabId, current)) await this.#withdraw(r);
    }
  }

  async #withdraw(record: StoredRequest): Promise<void> {
    if (!(await this.queue.reject(record.id, WITHDRAWN))) return;
    if (record.windowId !== null) await this.#platform.closeWindow?.(record.windowId).catch(() => undefined);
  }

  // --- internals ---

  #chainApi(): Promise<ApiPromise> {
    const chain = this.options.chain;
    if (!chain) return Promise.reject(new WalletError(WalletErrorCode.Disconnected, 'The wallet has no chain connection'));
    return withTimeout(chain.getApi(), CHAIN_TIMEOUT_MS, 'The chain');
  }

  /** Why the chain would not accept a signature over this payload, or null. */
  #refusal(api: ApiPromise, payload: DappSignerPayload): string | null {
    const checked = this.#check(api, payload);
    return 'refused' in checked ? checked.refused : null;
  }

  #check(api: ApiPromise, payload: DappSignerPayload) {
    const registry = api.registry;
    const signedFields = Object.keys({ ...registry.getSignedExtensionTypes(), ...registry.getSignedExtensionExtra() });
    return checkPayload(payload, registry.signedExtensions, signedFields);
  }

  /** The payload reduced to the fields the wallet signs; BadRequest (with the reason) if it cannot be signed as sent. */
  #signable(api: ApiPromise, payload: DappSignerPayload): DappSignerPayload {
    const checked = this.#check(api, payload);
    if ('refused' in checked) throw new WalletError(WalletErrorCode.BadRequest, checked.refused);
    return checked.known;
  }

  #pending(id: string): StoredRequest {
    const record = this.queue.get(id);
    if (!record || record.state !== 'pending') throw new WalletError(WalletErrorCode.NotFound, 'This request is no longer pending');
    return record;
  }

  async #enqueue(input: Pick<StoredRequest, 'kind' | 'originName' | 'address' | 'payload'>, page: PageContext, route: string): Promise<unknown> {
    // A request from a new document of this tab proves the old one is gone: its requests are void
    // and must not count against the site's limit.
    if (page.document !== null) await this.documentOpened(page.tabId, page.document);
    const record = await this.queue.add({ ...input, origin: page.origin, tabId: page.tabId, document: page.document, replyTo: page.replyTo });
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
    const api = await this.#chainApi();
    if (api.genesisHash.toHex() !== payload.genesisHash.toLowerCase()) {
      throw new WalletError(WalletErrorCode.WrongChain, 'The site asked to sign for another chain than the one the wallet is connected to');
    }
    const known = this.#signable(api, payload);
    const { signature } = await vault.signPayload(address, known as unknown as SignerPayloadJSON, api.registry);
    // withSignedTransaction: the page may take the whole signed extrinsic (polkadot-js then submits
    // it as is). Without the flag it must not get one (polkadot-js throws if it does).
    if (known.withSignedTransaction !== true) return { id: ++this.#signId, signature };
    const extrinsic = api.registry.createType('Extrinsic', { method: known.method }, { version: known.version });
    extrinsic.addSignature(address, signature, known as unknown as SignerPayloadJSON);
    return { id: ++this.#signId, signature, signedTransaction: extrinsic.toHex() };
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
