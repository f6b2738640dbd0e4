// The key vault: accounts, lock state and the only place secrets are ever decrypted.
//
// Secrets are never kept on objects. The unlocked master key lives in storage.session (so a
// restarted worker stays unlocked until the deadline); every operation that needs a secret reads
// it, opens just the one account's box inside `withSecret`, and wipes every buffer on the way out.
import type { Registry, SignerPayloadJSON } from '@polkadot/types/types';
import type { HexString } from '@polkadot/util/types';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { WalletError } from '../../src/protocol/errors.ts';
import type { AccountSummary, KeyType, VaultStatus } from '../../src/protocol/vault.ts';
import { argon2i as libsodiumArgon2i } from '../../src/vault/argon2i.ts';
import { btcliAccount, btcliFileBytes, decryptBtcliKeyfile, parseBtcliKeyfile, type Argon2iFn } from '../../src/vault/btcli.ts';
import { fromBase64, toBase64, wipe } from '../../src/vault/encoding.ts';
import {
  CIPHER,
  VAULT_FORMAT,
  VAULT_VERSION,
  constantTimeEqual,
  corrupt,
  parseVaultRecord,
  seal,
  subkeys,
  unseal,
  withChecksum,
  type StoredAccount,
  type VaultRecord,
} from '../../src/vault/format.ts';
import { DEFAULT_KDF, deriveKey, needsUpgrade, newKdfParams, type KdfParams, type KdfSpec } from '../../src/vault/kdf.ts';
import {
  addressOf,
  decodeMaterial,
  encodeMaterial,
  keypairOf,
  miniSecretFromEntropy,
  normalizeAddress,
  parseDerivationPath,
  sign,
  wipeMaterial,
  type Keypair,
  type SecretMaterial,
} from '../../src/vault/keys.ts';
import { decryptKeystoreFile, encryptKeystore } from '../../src/vault/keystore.ts';
import { entropyToMnemonic, generateMnemonic, mnemonicToEntropyChecked } from '../../src/vault/mnemonic.ts';
import type { EventSink } from '../platform/events.ts';
import type { KeyValueStore } from '../platform/storage.ts';
import { payloadBytes, signPayloadBytes, signRawBytes } from '../signer/sign.ts';
import { isPointer, VaultStore, type VaultPointer } from './store.ts';

/** Wrong passwords allowed before a delay; then the delay doubles with every further failure. */
export const FREE_ATTEMPTS = 5;
const FIRST_DELAY_MS = 5_000;
const MAX_DELAY_MS = 15 * 60_000;
export const MIN_PASSWORD_LENGTH = 8;

export function retryDelayMs(failed: number): number {
  if (failed < FREE_ATTEMPTS) return 0;
  return Math.min(MAX_DELAY_MS, FIRST_DELAY_MS * 2 ** (failed - FREE_ATTEMPTS));
}

/** Fires `checkAutoLock` at the deadline even if no message arrives (chrome.alarms in production). */
export interface AutoLockScheduler {
  schedule(at: number): void;
  clear(): void;
}

export interface VaultDeps {
  local: KeyValueStore;
  session: KeyValueStore;
  events: EventSink;
  now(): number;
  /** KDF for new and upgraded vaults; DEFAULT_KDF unless a test asks for a cheaper one. */
  kdf?: KdfSpec;
  argon2i?: Argon2iFn;
  /** btcli's argon2i limits; tests of files they made themselves may lower them. */
  btcliLimits?: { opslimit: number; memlimit: number };
  scheduler?: AutoLockScheduler;
  randomId?: () => string;
}

export interface CreateAccountInput {
  mnemonic: string;
  name: string;
  type?: KeyType;
  derivationPath?: string;
  origin?: 'created' | 'mnemonic';
}

interface LocalMeta {
  name: string;
  type: KeyType;
  origin: StoredAccount['origin'];
  derivationPath?: string;
  hasMnemonic: boolean;
}

interface SecretScope {
  account: StoredAccount;
  type: KeyType;
  pair: Keypair;
  material: SecretMaterial;
}

type Loaded = { kind: 'none' } | { kind: 'corrupt'; pointer: unknown; reason: string } | { kind: 'ok'; id: string; record: VaultRecord };

function summary(a: StoredAccount): AccountSummary {
  return {
    address: a.address,
    name: a.name,
    type: a.type,
    watchOnly: a.type === 'watch',
    ...(a.derivationPath ? { derivationPath: a.derivationPath } : {}),
    origin: a.origin,
    hasMnemonic: a.hasMnemonic,
  };
}

function randomHexId(): string {
  const b = crypto.getRandomValues(new Uint8Array(8));
  return [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
}

export class VaultService {
  private readonly store: VaultStore;
  private readonly kdf: KdfSpec;
  private readonly listeners = new Set<(status: VaultStatus) => void>();
  private queue: Promise<unknown> = Promise.resolve();
  private cryptoReady: Promise<boolean>;
  /** Checksum of a record whose boxes failed authentication: reported as corrupt. */
  private damagedChecksum: string | undefined;

  constructor(private readonly deps: VaultDeps) {
    this.store = new VaultStore(deps.local, deps.session);
    this.kdf = deps.kdf ?? DEFAULT_KDF;
    this.cryptoReady = cryptoWaitReady().catch(() => false);
  }

  /** Waits for util-crypto's WASM; finishes an interrupted record switch; re-arms the auto-lock. */
  async init(): Promise<void> {
    if (!(await this.cryptoReady)) console.error('[vault] util-crypto WASM did not initialise; signing is unavailable');
    await this.load();
    await this.checkAutoLock();
  }

  // ---- contract used by other background services -------------------------------------------

  async isUnlocked(): Promise<boolean> {
    return (await this.currentSession()) !== undefined;
  }

  async getAccounts(): Promise<AccountSummary[]> {
    const loaded = await this.load();
    return loaded.kind === 'ok' ? loaded.record.accounts.map(summary) : [];
  }

  onChange(listener: (status: VaultStatus) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Signs a transaction payload (mode/metadataHash included when present) as a MultiSignature. */
  async signPayload(address: string, payload: SignerPayloadJSON, registry: Registry): Promise<{ signature: HexString }> {
    const target = normalizeAddress(address);
    if (normalizeAddress(payload.address) !== target) throw new WalletError('BadRequest', 'The payload is for a different account');
    const bytes = payloadBytes(registry, payload);
    const signature = await this.withSecret(target, ({ type, pair }) => signPayloadBytes(bytes, type, (m) => sign(type, pair, m)));
    // Queued behind any password change, so an old session is never written back over a new one.
    await this.exclusive(() => this.touch());
    return { signature };
  }

  /** Signs `<Bytes>data</Bytes>`. */
  async signRaw(address: string, data: HexString | string): Promise<{ signature: HexString }> {
    const target = normalizeAddress(address);
    const signature = await this.withSecret(target, ({ type, pair }) => signRawBytes(data, (m) => sign(type, pair, m)));
    await this.exclusive(() => this.touch());
    return { signature };
  }

  // ---- lock state ---------------------------------------------------------------------------

  async status(): Promise<VaultStatus> {
    const [loaded, session, attempts, settings] = await Promise.all([this.load(), this.currentSession(), this.store.getAttempts(), this.store.getSettings()]);
    const now = this.deps.now();
    return {
      initialized: loaded.kind !== 'none',
      unlocked: session !== undefined,
      lockAt: session?.lockAt ?? null,
      autoLockMinutes: settings.autoLockMinutes,
      accounts: loaded.kind === 'ok' ? loaded.record.accounts.map(summary) : [],
      failedAttempts: attempts.failed,
      retryAt: attempts.retryAt !== null && attempts.retryAt > now ? attempts.retryAt : null,
      corrupt: loaded.kind === 'corrupt' || (loaded.kind === 'ok' && loaded.record.checksum === this.damagedChecksum),
    };
  }

  setup(password: string): Promise<VaultStatus> {
    return this.exclusive(async () => {
      const loaded = await this.load();
      if (loaded.kind !== 'none') throw new WalletError('VaultExists', 'A wallet password is already set; unlock instead (or reset a damaged vault)');
      checkNewPassword(password);
      const kdf = newKdfParams(this.kdf);
      const key = await deriveKey(password, kdf);
      try {
        const id = this.newId();
        const record = withChecksum({ format: VAULT_FORMAT, version: VAULT_VERSION, kdf, cipher: CIPHER, verifier: subkeys(key).verifier, accounts: [] });
        await this.store.create(id, record);
        this.loaded = { kind: 'ok', id, record };
        await this.store.setAttempts({ failed: 0, retryAt: null });
        await this.startSession(id, key);
      } finally {
        wipe(key);
      }
      return this.changed();
    });
  }

  unlock(password: string): Promise<VaultStatus> {
    return this.exclusive(async () => {
      const { id, record } = await this.requireRecord();
      const key = await this.checkPassword(password, record);
      try {
        this.verifyAllBoxes(record, key);
        if (needsUpgrade(record.kdf, this.kdf)) {
          // Stronger parameters than the stored ones: re-encrypt now, while the password is at hand.
          const upgraded = await this.reencrypt(id, record, key, password);
          await this.startSession(upgraded.id, upgraded.key);
          wipe(upgraded.key);
        } else {
          await this.startSession(id, key);
        }
      } finally {
        wipe(key);
      }
      return this.changed();
    });
  }

  lock(): Promise<VaultStatus> {
    return this.exclusive(async () => {
      await this.endSession();
      return this.changed();
    });
  }

  /** Alarm or message: locks once the absolute deadline has passed. */
  async checkAutoLock(): Promise<void> {
    const session = await this.store.getSession();
    if (!session) return;
    if (this.deps.now() >= session.lockAt) {
      await this.endSession();
      await this.changed();
    } else {
      this.deps.scheduler?.schedule(session.lockAt);
    }
  }

  setAutoLock(minutes: number): Promise<VaultStatus> {
    return this.exclusive(async () => {
      await this.store.setSettings({ autoLockMinutes: minutes });
      const session = await this.currentSession();
      if (session) {
        const lockAt = this.deps.now() + minutes * 60_000;
        await this.store.setSession({ ...session, lockAt });
        this.deps.scheduler?.schedule(lockAt);
      }
      return this.changed();
    });
  }

  changePassword(oldPassword: string, newPassword: string): Promise<VaultStatus> {
    return this.exclusive(async () => {
      const { id, record } = await this.requireRecord();
      checkNewPassword(newPassword);
      const key = await this.checkPassword(oldPassword, record);
      try {
        this.verifyAllBoxes(record, key);
        const next = await this.reencrypt(id, record, key, newPassword);
        await this.startSession(next.id, next.key);
        wipe(next.key);
      } finally {
        wipe(key);
      }
      return this.changed();
    });
  }

  reset(): Promise<VaultStatus> {
    return this.exclusive(async () => {
      await this.store.wipeAll(await this.store.getPointer());
      this.loaded = { kind: 'none' };
      this.deps.scheduler?.clear();
      this.damagedChecksum = undefined;
      return this.changed();
    });
  }

  // ---- accounts -----------------------------------------------------------------------------

  generateMnemonic(words: 12 | 24): { mnemonic: string } {
    return { mnemonic: generateMnemonic(words) };
  }

  validateMnemonic(mnemonic: string): { valid: true } {
    const { entropy } = mnemonicToEntropyChecked(mnemonic);
    wipe(entropy);
    return { valid: true };
  }

  createFromMnemonic(input: CreateAccountInput): Promise<AccountSummary> {
    return this.exclusive(async () => {
      const type = input.type ?? 'sr25519';
      parseDerivationPath(input.derivationPath, type);
      const { entropy } = mnemonicToEntropyChecked(input.mnemonic);
      const material: SecretMaterial = { kind: 'seed', seed: miniSecretFromEntropy(entropy), entropy };
      try {
        return await this.addOne(material, { name: input.name, type, origin: input.origin ?? 'mnemonic', derivationPath: input.derivationPath || undefined, hasMnemonic: true });
      } finally {
        wipeMaterial(material);
      }
    });
  }

  importSeed(input: { seed: string; name: string; type?: KeyType; derivationPath?: string }): Promise<AccountSummary> {
    return this.exclusive(async () => {
      const type = input.type ?? 'sr25519';
      parseDerivationPath(input.derivationPath, type);
      const material: SecretMaterial = { kind: 'seed', seed: fromHexSeed(input.seed) };
      try {
        return await this.addOne(material, { name: input.name, type, origin: 'seed', derivationPath: input.derivationPath || undefined, hasMnemonic: false });
      } finally {
        wipeMaterial(material);
      }
    });
  }

  importJson(input: { json: string; password: string; name?: string }): Promise<AccountSummary[]> {
    return this.exclusive(async () => {
      wipe(await this.requireUnlocked()); // only checks the lock here
      const accounts = decryptKeystoreFile(input.json, input.password);
      try {
        const single = accounts.length === 1;
        return await this.addLocal(
          accounts.map((a, i) => ({
            material: { kind: 'pair', secretKey: a.secretKey, publicKey: a.publicKey },
            meta: { name: (single && input.name) || a.name || `Imported ${i + 1}`, type: a.type, origin: 'json', hasMnemonic: false },
          })),
        );
      } finally {
        for (const a of accounts) wipe(a.secretKey);
      }
    });
  }

  importBtcli(input: { file: string; password?: string; name: string }): Promise<AccountSummary> {
    return this.exclusive(async () => {
      const parsed = parseBtcliKeyfile(btcliFileBytes(input.file));
      if (parsed.kind === 'legacy') {
        throw new WalletError('InvalidKeyfile', `This coldkey uses btcli's older ${parsed.method} encryption; re-encrypt it with a current btcli (NaCl) and import again`);
      }
      let data;
      if (parsed.kind === 'nacl') {
        if (!input.password) throw new WalletError('BadRequest', 'This coldkey is encrypted: enter its btcli password');
        wipe(await this.requireUnlocked()); // only checks the lock here
        data = await decryptBtcliKeyfile(parsed, input.password, this.deps.argon2i ?? libsodiumArgon2i, this.deps.btcliLimits);
      } else {
        data = parsed.data;
      }
      const account = btcliAccount(data);
      try {
        if (!account.material) return await this.addWatchAccount(account.address, input.name, 'btcli');
        return await this.addOne(account.material, { name: input.name, type: 'sr25519', origin: 'btcli', hasMnemonic: account.material.kind === 'seed' && !!account.material.entropy });
      } finally {
        wipeMaterial(account.material);
      }
    });
  }

  addWatch(input: { address: string; name: string }): Promise<AccountSummary> {
    return this.exclusive(() => this.addWatchAccount(normalizeAddress(input.address), input.name, 'watch'));
  }

  rename(input: { address: string; name: string }): Promise<AccountSummary> {
    return this.exclusive(async () => {
      const address = normalizeAddress(input.address);
      const { id, record } = await this.requireRecord();
      const account = findAccount(record, address);
      const accounts = record.accounts.map((a) => (a.address === address ? { ...a, name: input.name } : a));
      await this.writeRecord(id, { ...record, accounts });
      await this.changed();
      return summary({ ...account, name: input.name });
    });
  }

  remove(input: { address: string; password?: string }): Promise<VaultStatus> {
    return this.exclusive(async () => {
      const address = normalizeAddress(input.address);
      const { id, record } = await this.requireRecord();
      const account = findAccount(record, address);
      if (account.type !== 'watch') {
        // Deleting a key is irreversible: ask for the wallet password, not just an unlocked session.
        if (!input.password) throw new WalletError('BadRequest', 'Enter the wallet password to remove an account with a key');
        wipe(await this.checkPassword(input.password, record));
      }
      await this.writeRecord(id, { ...record, accounts: record.accounts.filter((a) => a.address !== address) });
      return this.changed();
    });
  }

  reorder(input: { addresses: string[] }): Promise<VaultStatus> {
    return this.exclusive(async () => {
      const { id, record } = await this.requireRecord();
      const order = input.addresses.map(normalizeAddress);
      const known = new Set(record.accounts.map((a) => a.address));
      if (order.length !== known.size || new Set(order).size !== order.length || !order.every((a) => known.has(a))) {
        throw new WalletError('BadRequest', 'The new order must list every account exactly once');
      }
      const byAddress = new Map(record.accounts.map((a) => [a.address, a]));
      await this.writeRecord(id, { ...record, accounts: order.map((a) => byAddress.get(a)!) });
      return this.changed();
    });
  }

  exportJson(input: { address: string; password: string; exportPassword?: string }): Promise<{ json: string }> {
    return this.exclusive(async () => {
      const address = normalizeAddress(input.address);
      const { record } = await this.requireRecord();
      const account = findAccount(record, address);
      if (account.type === 'watch') throw new WalletError('WatchOnly', 'A watch-only account has no key to export');
      wipe(await this.checkPassword(input.password, record));
      const json = await this.withSecret(address, ({ type, pair }) => encryptKeystore(pair, type, account.name, input.exportPassword ?? input.password, this.deps.now()));
      return { json: JSON.stringify(json) };
    });
  }

  revealMnemonic(input: { address: string; password: string }): Promise<{ mnemonic: string }> {
    return this.exclusive(async () => {
      const address = normalizeAddress(input.address);
      const { record } = await this.requireRecord();
      const account = findAccount(record, address);
      if (!account.hasMnemonic) throw new WalletError('NotFound', 'No recovery phrase is stored for this account (it was imported from a seed, a key file or a JSON keystore)');
      wipe(await this.checkPassword(input.password, record));
      const mnemonic = await this.withSecret(address, ({ material }) => {
        if (material.kind !== 'seed' || !material.entropy) throw new WalletError('NotFound', 'No recovery phrase is stored for this account');
        return entropyToMnemonic(material.entropy);
      });
      return { mnemonic };
    });
  }

  // ---- internals ----------------------------------------------------------------------------

  /**
   * The one place a secret is decrypted: opens the account's box with the session key, builds the
   * keypair, runs `fn`, then wipes the key, the plaintext, the material and the keypair. `fn` must
   * not keep references to what it is given.
   */
  private async withSecret<T>(address: string, fn: (scope: SecretScope) => T | Promise<T>): Promise<T> {
    const loaded = await this.load();
    if (loaded.kind === 'corrupt') throw corrupt(loaded.reason);
    if (loaded.kind === 'none') throw new WalletError('NoVault', 'No wallet has been set up');
    const account = loaded.record.accounts.find((a) => a.address === address);
    if (!account) throw new WalletError('UnknownAccount', `No account ${address} in this wallet`);
    if (account.type === 'watch') throw new WalletError('WatchOnly', 'This is a watch-only account: it can build transactions but not sign them');
    if (!(await this.cryptoReady)) throw new WalletError('Internal', 'Signing is unavailable: the crypto library failed to load');
    const master = await this.sessionKey();
    if (!master) throw new WalletError('Locked', 'The wallet is locked');
    const { enc } = subkeys(master);
    wipe(master);
    let plaintext: Uint8Array | undefined;
    let material: SecretMaterial | undefined;
    let pair: Keypair | undefined;
    try {
      plaintext = unseal(enc, account);
      try {
        material = decodeMaterial(plaintext);
      } catch {
        throw corrupt(`secret of ${address} is malformed`);
      }
      pair = keypairOf(material, account.type, account.derivationPath);
      if (addressOf(pair.publicKey) !== account.address) throw corrupt(`key of ${address} does not match its address`);
      return await fn({ account, type: account.type, pair, material });
    } finally {
      wipe(enc, plaintext, pair?.secretKey);
      wipeMaterial(material);
    }
  }

  /** Adds local accounts in ONE record write (a batch lands whole or not at all). */
  private async addLocal(items: { material: SecretMaterial; meta: LocalMeta }[]): Promise<AccountSummary[]> {
    const { id, record } = await this.requireRecord();
    const master = await this.requireUnlocked();
    const { enc } = subkeys(master);
    wipe(master);
    const accounts = record.accounts.slice();
    const added: StoredAccount[] = [];
    try {
      for (const { material, meta } of items) {
        const pair = keypairOf(material, meta.type, meta.derivationPath);
        const address = addressOf(pair.publicKey);
        wipe(pair.secretKey);
        const existing = accounts.findIndex((a) => a.address === address);
        if (existing >= 0 && accounts[existing]!.type !== 'watch') {
          throw new WalletError('AccountExists', `This account is already in the wallet as '${accounts[existing]!.name}'`);
        }
        const base = { address, name: meta.name, type: meta.type, origin: meta.origin, ...(meta.derivationPath ? { derivationPath: meta.derivationPath } : {}), hasMnemonic: meta.hasMnemonic };
        const plaintext = encodeMaterial(material);
        let account: StoredAccount;
        try {
          account = { ...base, sealed: seal(enc, base, plaintext) };
        } finally {
          wipe(plaintext);
        }
        // A watch-only entry for the same address becomes the local account, keeping its place and name.
        if (existing >= 0) accounts[existing] = account = { ...account, name: accounts[existing]!.name };
        else accounts.push(account);
        added.push(account);
      }
    } finally {
      wipe(enc);
    }
    await this.writeRecord(id, { ...record, accounts });
    await this.touch();
    await this.changed();
    return added.map(summary);
  }

  private async addOne(material: SecretMaterial, meta: LocalMeta): Promise<AccountSummary> {
    const [account] = await this.addLocal([{ material, meta }]);
    return account!;
  }

  private async addWatchAccount(address: string, name: string, origin: StoredAccount['origin']): Promise<AccountSummary> {
    const { id, record } = await this.requireRecord();
    if (record.accounts.some((a) => a.address === address)) throw new WalletError('AccountExists', 'This account is already in the wallet');
    const account: StoredAccount = { address, name, type: 'watch', origin, hasMnemonic: false };
    await this.writeRecord(id, { ...record, accounts: [...record.accounts, account] });
    await this.changed();
    return summary(account);
  }

  /** Re-encrypts every box under a fresh key for `password` and switches to it crash-safely. */
  private async reencrypt(oldId: string, record: VaultRecord, oldKey: Uint8Array, password: string): Promise<{ id: string; key: Uint8Array }> {
    const kdf: KdfParams = newKdfParams(this.kdf);
    const key = await deriveKey(password, kdf);
    const oldEnc = subkeys(oldKey).enc;
    const { enc, verifier } = subkeys(key);
    try {
      const accounts = record.accounts.map((a) => {
        if (!a.sealed) return a;
        const plaintext = unseal(oldEnc, a);
        try {
          return { ...a, sealed: seal(enc, a, plaintext) };
        } finally {
          wipe(plaintext);
        }
      });
      const next = withChecksum({ format: VAULT_FORMAT, version: VAULT_VERSION, kdf, cipher: CIPHER, verifier, accounts });
      const newId = this.newId();
      await this.store.replace(oldId, newId, next);
      this.loaded = { kind: 'ok', id: newId, record: next };
      return { id: newId, key };
    } catch (e) {
      wipe(key);
      throw e;
    } finally {
      wipe(oldEnc, enc);
    }
  }

  /** Checks every box opens, so damage is found at unlock rather than at the first signature. */
  private verifyAllBoxes(record: VaultRecord, key: Uint8Array): void {
    const { enc } = subkeys(key);
    try {
      for (const a of record.accounts) if (a.sealed) wipe(unseal(enc, a));
    } catch (e) {
      this.damagedChecksum = record.checksum;
      void this.changed();
      throw e;
    } finally {
      wipe(enc);
    }
  }

  /** Derives the key for `password`; counts failures (persisted) and enforces the growing delay. */
  private async checkPassword(password: string, record: VaultRecord): Promise<Uint8Array> {
    const attempts = await this.store.getAttempts();
    const now = this.deps.now();
    if (attempts.retryAt !== null && now < attempts.retryAt) {
      const seconds = Math.ceil((attempts.retryAt - now) / 1000);
      throw new WalletError('TooManyAttempts', `Too many wrong passwords: try again in ${seconds} s`, { retryAt: attempts.retryAt, failedAttempts: attempts.failed });
    }
    const key = await deriveKey(password, record.kdf);
    if (constantTimeEqual(subkeys(key).verifier, record.verifier)) {
      if (attempts.failed > 0) await this.store.setAttempts({ failed: 0, retryAt: null });
      return key;
    }
    wipe(key);
    const failed = attempts.failed + 1;
    const delay = retryDelayMs(failed);
    const retryAt = delay > 0 ? this.deps.now() + delay : null;
    await this.store.setAttempts({ failed, retryAt });
    void this.changed();
    throw new WalletError(
      'WrongPassword',
      delay > 0 ? `Wrong password. ${failed} failed attempts: wait ${Math.ceil(delay / 1000)} s before the next try` : 'Wrong password',
      { failedAttempts: failed, retryAt },
    );
  }

  private async startSession(id: string, key: Uint8Array): Promise<void> {
    const { autoLockMinutes } = await this.store.getSettings();
    const lockAt = this.deps.now() + autoLockMinutes * 60_000;
    await this.store.setSession({ id, key: toBase64(key), lockAt });
    this.deps.scheduler?.schedule(lockAt);
  }

  private async endSession(): Promise<void> {
    await this.store.clearSession();
    this.deps.scheduler?.clear();
  }

  /** Activity moves the deadline (auto-lock after N idle minutes), at most every 5 s to spare storage writes. */
  private async touch(): Promise<void> {
    const session = await this.store.getSession();
    if (!session) return;
    const { autoLockMinutes } = await this.store.getSettings();
    const lockAt = this.deps.now() + autoLockMinutes * 60_000;
    if (lockAt - session.lockAt < 5_000) return;
    await this.store.setSession({ ...session, lockAt });
    this.deps.scheduler?.schedule(lockAt);
  }

  /** The live session, or undefined: past its deadline (then locks), or not matching the current record. */
  private async currentSession() {
    const session = await this.store.getSession();
    if (!session) return undefined;
    if (this.deps.now() >= session.lockAt) {
      await this.endSession();
      void this.changed();
      return undefined;
    }
    const loaded = await this.load();
    if (loaded.kind !== 'ok' || loaded.id !== session.id) {
      await this.endSession();
      return undefined;
    }
    return session;
  }

  /** The master key of the live session (caller wipes), checked against the record's verifier. */
  private async sessionKey(): Promise<Uint8Array | undefined> {
    const session = await this.currentSession();
    if (!session) return undefined;
    const loaded = this.loaded;
    let key: Uint8Array;
    try {
      key = fromBase64(session.key, 32);
    } catch {
      await this.endSession();
      return undefined;
    }
    if (loaded?.kind !== 'ok' || !constantTimeEqual(subkeys(key).verifier, loaded.record.verifier)) {
      wipe(key);
      await this.endSession();
      return undefined;
    }
    return key;
  }

  private async requireUnlocked(): Promise<Uint8Array> {
    const key = await this.sessionKey();
    if (!key) throw new WalletError('Locked', 'The wallet is locked');
    return key;
  }

  private loaded: Loaded | undefined;

  /** Reads (and caches) the current record; finishes or abandons an interrupted switch. */
  private async load(): Promise<Loaded> {
    if (this.loaded) return this.loaded;
    const pointer = await this.store.getPointer();
    let result: Loaded;
    if (pointer === undefined) {
      result = { kind: 'none' };
    } else if (!isPointer(pointer)) {
      result = { kind: 'corrupt', pointer, reason: 'bad pointer' };
    } else {
      try {
        const record = parseVaultRecord(await this.store.getRecord(pointer.id));
        result = { kind: 'ok', id: pointer.id, record };
        await this.tidy(pointer);
      } catch (e) {
        result = { kind: 'corrupt', pointer, reason: e instanceof WalletError ? e.message : 'unreadable' };
      }
    }
    this.loaded = result;
    return result;
  }

  private async tidy(pointer: VaultPointer): Promise<void> {
    if (pointer.pending) await this.store.abandonPending(pointer.id, pointer.pending);
    else if (pointer.previous) await this.store.finishSwitch(pointer.id, pointer.previous);
  }

  private async requireRecord(): Promise<{ id: string; record: VaultRecord }> {
    const loaded = await this.load();
    if (loaded.kind === 'none') throw new WalletError('NoVault', 'No wallet has been set up');
    if (loaded.kind === 'corrupt') throw new WalletError('CorruptVault', `${loaded.reason.replace(/\.$/, '')}. Nothing was changed; reset the vault to recover from recovery phrases.`);
    return loaded;
  }

  private async writeRecord(id: string, record: Omit<VaultRecord, 'checksum'>): Promise<void> {
    const next = withChecksum(record);
    await this.store.putRecord(id, next);
    this.loaded = { kind: 'ok', id, record: next };
  }

  private newId(): string {
    return (this.deps.randomId ?? randomHexId)();
  }

  /** One mutation at a time; a failed one leaves the queue usable. */
  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(() => {
      this.loaded = undefined; // re-read storage: another context may have written it
      return fn();
    });
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Emits 'vault.changed' to extension pages and tells in-worker listeners; returns the new status. */
  private async changed(): Promise<VaultStatus> {
    const status = await this.status();
    this.deps.events.toExtension('vault.changed', status);
    for (const l of this.listeners) {
      try {
        l(status);
      } catch {
        // a listener's failure is its own
      }
    }
    return status;
  }
}

function findAccount(record: VaultRecord, address: string): StoredAccount {
  const account = record.accounts.find((a) => a.address === address);
  if (!account) throw new WalletError('UnknownAccount', `No account ${address} in this wallet`);
  return account;
}

function checkNewPassword(password: string): void {
  if ([...password].length < MIN_PASSWORD_LENGTH) throw new WalletError('WeakPassword', `Use a wallet password of at least ${MIN_PASSWORD_LENGTH} characters`);
}

function fromHexSeed(seed: string): Uint8Array {
  if (!/^0x[0-9a-fA-F]{64}$/.test(seed)) throw new WalletError('BadRequest', 'A seed is 32 bytes of hex (0x + 64 hex digits)');
  const out = new Uint8Array(32);
  for (let i = 0; i < 32; i++) out[i] = parseInt(seed.slice(2 + i * 2, 4 + i * 2), 16);
  return out;
}

export async function createVaultService(deps: VaultDeps): Promise<VaultService> {
  const service = new VaultService(deps);
  await service.init();
  return service;
}
