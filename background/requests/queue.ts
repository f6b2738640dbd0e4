import type { DappRawPayload, DappRequestKind, DappRequestSummary, DappSignerPayload } from '../../src/protocol/dapp.ts';
import { WalletError, WalletErrorCode, type WireError } from '../../src/protocol/errors.ts';
import type { EventSink } from '../platform/events.ts';
import type { KeyValueStore } from '../platform/storage.ts';

const KEY = 'dapp.requests.v1';
/** Pending approvals one origin may have at once; the next one is refused (RateLimited). */
export const MAX_PENDING_PER_ORIGIN = 5;
/** Pending approvals overall. */
export const MAX_PENDING_TOTAL = 50;
/** A settled outcome is kept this long for a relay that lost its reply channel in a worker restart. */
export const KEEP_SETTLED_MS = 2 * 60_000;
/** A request nobody answered in this time is rejected when the queue is next loaded. */
export const MAX_PENDING_MS = 60 * 60_000;

export type Outcome = { ok: true; response: unknown } | { ok: false; error: WireError };

/** One approval request as storage.session keeps it (JSON-safe; survives a worker restart). */
export interface StoredRequest {
  id: string;
  kind: DappRequestKind;
  origin: string;
  originName: string;
  tabId: number;
  /** The relay's id of the page document that asked (null: a relay that does not send one). */
  document: string | null;
  /** The page message this request answers, so the relay can ask for the outcome again after a restart. */
  replyTo: string | null;
  windowId: number | null;
  /** Sign requests: the account (SS58 42). */
  address: string | null;
  payload: DappSignerPayload | DappRawPayload | null;
  createdAt: number;
  state: 'pending' | 'settled';
  outcome: Outcome | null;
  settledAt: number | null;
}

export type NewRequest = Pick<StoredRequest, 'kind' | 'origin' | 'originName' | 'tabId' | 'document' | 'replyTo' | 'address' | 'payload'>;

function newId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

export function summaryOf(r: StoredRequest): DappRequestSummary {
  return { id: r.id, kind: r.kind, origin: r.origin, originName: r.originName, address: r.address, createdAt: r.createdAt };
}

/**
 * The approval queue. The records live in storage.session, so a request pending while the worker
 * is stopped is still there, with its window, when the worker comes back; only the in-memory
 * waiters (the page's open reply channels) are lost, and the relay's `pub(requests.resume)` and the
 * `dapp.reply` event stand in for them.
 */
export class RequestQueue {
  #records: StoredRequest[] = [];
  readonly #waiters = new Map<string, ((o: Outcome) => void)[]>();
  #writes: Promise<unknown> = Promise.resolve();

  private constructor(
    private readonly session: KeyValueStore,
    private readonly events: EventSink,
    private readonly now: () => number,
  ) {}

  static async load(session: KeyValueStore, events: EventSink, now: () => number): Promise<RequestQueue> {
    const queue = new RequestQueue(session, events, now);
    const stored = await session.get<StoredRequest[]>(KEY);
    queue.#records = Array.isArray(stored) ? stored.map((r) => ({ ...r, document: r.document ?? null })) : [];
    const expired = queue.#records.filter((r) => r.state === 'pending' && now() - r.createdAt > MAX_PENDING_MS);
    for (const r of expired) await queue.settle(r.id, { ok: false, error: { code: WalletErrorCode.Rejected, message: 'The request expired without an answer' } });
    return queue;
  }

  #persist(): Promise<void> {
    const cutoff = this.now() - KEEP_SETTLED_MS;
    this.#records = this.#records.filter((r) => r.state === 'pending' || (r.settledAt ?? 0) >= cutoff);
    const snapshot = this.#records.map((r) => ({ ...r }));
    const write = this.#writes.then(() => this.session.set({ [KEY]: snapshot }));
    this.#writes = write.catch(() => undefined);
    return write;
  }

  #announce(): void {
    this.events.toExtension('requests.changed', { requests: this.pending().map(summaryOf) });
  }

  pending(): StoredRequest[] {
    return this.#records.filter((r) => r.state === 'pending');
  }

  get(id: string): StoredRequest | undefined {
    return this.#records.find((r) => r.id === id);
  }

  pendingAuthorization(origin: string): StoredRequest | undefined {
    return this.#records.find((r) => r.state === 'pending' && r.kind === 'authorize' && r.origin === origin);
  }

  pendingInWindow(windowId: number): StoredRequest[] {
    return this.#records.filter((r) => r.state === 'pending' && r.windowId === windowId);
  }

  pendingOfTab(tabId: number): StoredRequest[] {
    return this.#records.filter((r) => r.state === 'pending' && r.tabId === tabId);
  }

  /** Pending requests of a tab made by another document than `document` (the tab has reloaded or navigated since). */
  pendingOfOtherDocuments(tabId: number, document: string | null): StoredRequest[] {
    return this.pendingOfTab(tabId).filter((r) => r.document !== document);
  }

  /** The request a relay lost its reply to: only ever one of the asking tab, document and origin. */
  forResume(origin: string, tabId: number, replyTo: string, document: string | null): StoredRequest | undefined {
    return this.#records.find((r) => r.origin === origin && r.tabId === tabId && r.replyTo === replyTo && (r.document === null || r.document === document));
  }

  async add(input: NewRequest): Promise<StoredRequest> {
    const pending = this.pending();
    if (pending.length >= MAX_PENDING_TOTAL) throw new WalletError(WalletErrorCode.RateLimited, 'Too many requests are waiting for approval');
    if (pending.filter((r) => r.origin === input.origin).length >= MAX_PENDING_PER_ORIGIN) {
      throw new WalletError(WalletErrorCode.RateLimited, 'This site already has too many requests waiting for approval');
    }
    const record: StoredRequest = { ...input, id: newId(), windowId: null, createdAt: this.now(), state: 'pending', outcome: null, settledAt: null };
    this.#records.push(record);
    await this.#persist();
    this.#announce();
    return record;
  }

  async attachWindow(id: string, windowId: number | undefined): Promise<void> {
    const record = this.get(id);
    if (!record || windowId === undefined) return;
    record.windowId = windowId;
    await this.#persist();
  }

  /** Resolves with the request's response, or throws its error, once it is settled. */
  async wait(id: string): Promise<unknown> {
    const record = this.get(id);
    if (!record) throw new WalletError(WalletErrorCode.NotFound, 'No such request');
    const outcome =
      record.state === 'settled' && record.outcome
        ? record.outcome
        : await new Promise<Outcome>((resolve) => {
            const list = this.#waiters.get(id) ?? [];
            list.push(resolve);
            this.#waiters.set(id, list);
          });
    if (outcome.ok) return outcome.response;
    throw WalletError.fromWire(outcome.error);
  }

  /** Settles a pending request once; later calls are ignored (false). */
  async settle(id: string, outcome: Outcome): Promise<boolean> {
    const record = this.get(id);
    if (!record || record.state !== 'pending') return false;
    record.state = 'settled';
    record.outcome = outcome;
    record.settledAt = this.now();
    await this.#persist();
    const waiters = this.#waiters.get(id) ?? [];
    this.#waiters.delete(id);
    for (const resolve of waiters) resolve(outcome);
    // No waiter: the page's reply channel died with a previous worker. Tell the tab directly.
    if (waiters.length === 0 && record.replyTo) {
      this.events.toTab(record.tabId, 'dapp.reply', { origin: record.origin, replyTo: record.replyTo, reply: outcome });
    }
    this.#announce();
    return true;
  }

  reject(id: string, message = 'The user rejected the request'): Promise<boolean> {
    return this.settle(id, { ok: false, error: { code: WalletErrorCode.Rejected, message } });
  }
}
