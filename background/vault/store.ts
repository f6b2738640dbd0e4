// Where the vault lives in the browser's storage areas, and the crash-safe way to replace it.
//
// storage.local
//   vault.pointer           { id, pending?, previous? }   which record is current
//   vault.record.<id>       VaultRecord                   (src/vault/format.ts; secrets sealed)
//   vault.attempts          { failed, retryAt }           wrong-password throttle, survives restarts
//   vault.settings          { autoLockMinutes }
// storage.session (cleared with the browser, readable only by extension pages and the worker)
//   vault.session           { id, key, lockAt }           the unlocked master key and the deadline
//
// A record is replaced (password change, KDF upgrade) in four writes, each of which leaves a
// readable vault if the worker dies right after it:
//   1. pointer { id: old, pending: new }   2. record.<new>   3. pointer { id: new, previous: old }
//   4. remove record.<old>, pointer { id: new }
// On load, `pending` means the switch never happened (drop the new record); `previous` means it
// did (drop the old one).
import type { KeyValueStore } from '../platform/storage.ts';
import type { VaultRecord } from '../../src/vault/format.ts';

export const POINTER_KEY = 'vault.pointer';
export const ATTEMPTS_KEY = 'vault.attempts';
export const SETTINGS_KEY = 'vault.settings';
export const SESSION_KEY = 'vault.session';
export const recordKey = (id: string) => `vault.record.${id}`;

export interface VaultPointer {
  id: string;
  pending?: string;
  previous?: string;
}

export interface Attempts {
  failed: number;
  retryAt: number | null;
}

export interface VaultSettings {
  autoLockMinutes: number;
}

export interface SessionState {
  id: string;
  /** The master key, base64. Lives only in storage.session (memory-backed, never on disk). */
  key: string;
  /** Absolute auto-lock deadline, ms since the epoch. */
  lockAt: number;
}

export const DEFAULT_AUTO_LOCK_MINUTES = 15;

const ID = /^[0-9a-f]{16}$/;

export function isPointer(value: unknown): value is VaultPointer {
  if (value === null || typeof value !== 'object') return false;
  const p = value as Record<string, unknown>;
  return typeof p.id === 'string' && ID.test(p.id) && (p.pending === undefined || (typeof p.pending === 'string' && ID.test(p.pending))) && (p.previous === undefined || (typeof p.previous === 'string' && ID.test(p.previous)));
}

export class VaultStore {
  constructor(
    readonly local: KeyValueStore,
    readonly session: KeyValueStore,
  ) {}

  getPointer(): Promise<unknown> {
    return this.local.get<unknown>(POINTER_KEY);
  }

  getRecord(id: string): Promise<unknown> {
    return this.local.get<unknown>(recordKey(id));
  }

  /** Rewrites the current record in place: one storage call, so all or nothing. */
  async putRecord(id: string, record: VaultRecord): Promise<void> {
    await this.local.set({ [recordKey(id)]: record });
  }

  /** First record of a new vault: the record first, then the pointer that makes it exist. */
  async create(id: string, record: VaultRecord): Promise<void> {
    await this.local.set({ [recordKey(id)]: record });
    await this.local.set({ [POINTER_KEY]: { id } satisfies VaultPointer });
  }

  /** Steps 1-4 above. Returns after the new record is current. */
  async replace(oldId: string, newId: string, record: VaultRecord): Promise<void> {
    await this.local.set({ [POINTER_KEY]: { id: oldId, pending: newId } satisfies VaultPointer });
    await this.local.set({ [recordKey(newId)]: record });
    await this.local.set({ [POINTER_KEY]: { id: newId, previous: oldId } satisfies VaultPointer });
    await this.finishSwitch(newId, oldId);
  }

  async finishSwitch(id: string, previous: string): Promise<void> {
    await this.local.remove(recordKey(previous));
    await this.local.set({ [POINTER_KEY]: { id } satisfies VaultPointer });
  }

  async abandonPending(id: string, pending: string): Promise<void> {
    await this.local.remove(recordKey(pending));
    await this.local.set({ [POINTER_KEY]: { id } satisfies VaultPointer });
  }

  async wipeAll(pointer: unknown): Promise<void> {
    const ids = new Set<string>();
    if (pointer && typeof pointer === 'object') {
      for (const k of ['id', 'pending', 'previous']) {
        const v = (pointer as Record<string, unknown>)[k];
        if (typeof v === 'string' && v.length < 100) ids.add(v);
      }
    }
    await this.session.remove(SESSION_KEY);
    await this.local.remove([...[...ids].map(recordKey), POINTER_KEY, ATTEMPTS_KEY]);
  }

  async getAttempts(): Promise<Attempts> {
    const a = await this.local.get<Attempts>(ATTEMPTS_KEY);
    return a && typeof a.failed === 'number' ? { failed: a.failed, retryAt: typeof a.retryAt === 'number' ? a.retryAt : null } : { failed: 0, retryAt: null };
  }

  setAttempts(a: Attempts): Promise<void> {
    return a.failed === 0 ? this.local.remove(ATTEMPTS_KEY) : this.local.set({ [ATTEMPTS_KEY]: a });
  }

  async getSettings(): Promise<VaultSettings> {
    const s = await this.local.get<VaultSettings>(SETTINGS_KEY);
    const m = s?.autoLockMinutes;
    return { autoLockMinutes: typeof m === 'number' && Number.isInteger(m) && m >= 1 && m <= 24 * 60 ? m : DEFAULT_AUTO_LOCK_MINUTES };
  }

  setSettings(s: VaultSettings): Promise<void> {
    return this.local.set({ [SETTINGS_KEY]: s });
  }

  async getSession(): Promise<SessionState | undefined> {
    const s = await this.session.get<SessionState>(SESSION_KEY);
    return s && typeof s.key === 'string' && typeof s.id === 'string' && typeof s.lockAt === 'number' ? s : undefined;
  }

  setSession(s: SessionState): Promise<void> {
    return this.session.set({ [SESSION_KEY]: s });
  }

  clearSession(): Promise<void> {
    return this.session.remove(SESSION_KEY);
  }
}
