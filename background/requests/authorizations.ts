import { WalletError, WalletErrorCode } from '../../src/protocol/errors.ts';
import type { AuthorizationView } from '../../src/protocol/dapp.ts';
import type { KeyValueStore } from '../platform/storage.ts';

const KEY = 'dapp.authorizations.v1';
/** A user with more connected sites than this is not a real user; it bounds storage. */
export const MAX_AUTHORIZATIONS = 500;

type Stored = Record<string, AuthorizationView>;

/**
 * Which origins the user connected, and which accounts each may see. Kept in storage.local (no
 * secrets: origins and public addresses). Every write goes through one queue so two approvals at
 * once never lose each other's update.
 */
export class AuthorizationStore {
  #cache: Stored | undefined;
  #writes: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly store: KeyValueStore,
    private readonly now: () => number,
  ) {}

  async #load(): Promise<Stored> {
    if (!this.#cache) {
      const raw = await this.store.get<Stored>(KEY);
      // Own-property lookups only, on a prototype-less object: an origin can never be "__proto__".
      this.#cache = Object.assign(Object.create(null) as Stored, raw && typeof raw === 'object' ? raw : {});
    }
    return this.#cache;
  }

  #mutate<T>(change: (all: Stored) => T): Promise<T> {
    const run = this.#writes.then(async () => {
      const all = await this.#load();
      const out = change(all);
      await this.store.set({ [KEY]: { ...all } });
      return out;
    });
    this.#writes = run.catch(() => undefined);
    return run;
  }

  async get(origin: string): Promise<AuthorizationView | undefined> {
    const all = await this.#load();
    return Object.prototype.hasOwnProperty.call(all, origin) ? all[origin] : undefined;
  }

  async list(): Promise<AuthorizationView[]> {
    const all = await this.#load();
    return Object.values(all).sort((a, b) => a.origin.localeCompare(b.origin));
  }

  /** Connects an origin (or replaces its account choice). */
  grant(origin: string, originName: string, addresses: string[]): Promise<AuthorizationView> {
    return this.#mutate((all) => {
      const existing = all[origin];
      if (!existing && Object.keys(all).length >= MAX_AUTHORIZATIONS) {
        throw new WalletError(WalletErrorCode.TooLarge, `At most ${MAX_AUTHORIZATIONS} connected sites; revoke some in settings`);
      }
      const at = this.now();
      const view: AuthorizationView = { origin, originName, addresses: [...new Set(addresses)], createdAt: existing?.createdAt ?? at, updatedAt: at };
      all[origin] = view;
      return view;
    });
  }

  update(origin: string, addresses: string[]): Promise<AuthorizationView> {
    return this.#mutate((all) => {
      const existing = all[origin];
      if (!existing) throw new WalletError(WalletErrorCode.NotFound, `${origin} is not connected`);
      const view = { ...existing, addresses: [...new Set(addresses)], updatedAt: this.now() };
      all[origin] = view;
      return view;
    });
  }

  revoke(origin: string): Promise<boolean> {
    return this.#mutate((all) => {
      if (!all[origin]) return false;
      delete all[origin];
      return true;
    });
  }
}
