import { Keyring } from '@polkadot/keyring';
import { Metadata, TypeRegistry } from '@polkadot/types';
import type { SignerPayloadJSON } from '@polkadot/types/types';
import substrateMetadata from '@polkadot/types-support/metadata/static-substrate';
import { hexToU8a, stringToHex, stringToU8a, u8aToHex, u8aWrapBytes } from '@polkadot/util';
import { blake2AsHex, blake2AsU8a, cryptoWaitReady, jsonEncrypt, mnemonicToMiniSecret, signatureVerify } from '@polkadot/util-crypto';
import sodium from 'libsodium-wrappers-sumo';
import { beforeAll, describe, expect, it } from 'vitest';
import type { VaultStatus } from '../../src/protocol/vault.ts';
import { BTCLI_NACL_SALT } from '../../src/vault/btcli.ts';
import { withChecksum, type VaultRecord } from '../../src/vault/format.ts';
import { DEFAULT_KDF } from '../../src/vault/kdf.ts';
import { MemoryStore, type KeyValueStore } from '../platform/storage.ts';
import { createVaultService, type AutoLockScheduler } from './service.ts';
import { POINTER_KEY, recordKey, SESSION_KEY } from './store.ts';
import { testVault, TEST_KDF } from './testing.ts';
import { remarkPayload } from '../signer/testing.ts';

const DEV = 'bottom drive obey lake curtain smoke basket hold race lonely fit walk';
const ALICE = '5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY';
const PASSWORD = 'wallet password';

let registry: TypeRegistry;
let metadata: Metadata;

beforeAll(async () => {
  expect(await cryptoWaitReady()).toBe(true);
  await sodium.ready;
  registry = new TypeRegistry();
  metadata = new Metadata(registry, substrateMetadata);
  registry.setMetadata(metadata);
});

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    return (e as { code?: string }).code ?? String(e);
  }
  return 'no error';
}

function payloadFor(address: string, extra: Partial<SignerPayloadJSON> = {}): SignerPayloadJSON {
  return remarkPayload(registry, metadata, address, { remark: '0x1234', blockNumber: 10, nonce: 0 }, extra);
}

const recordKeys = (local: MemoryStore) => [...local.data.keys()].filter((k) => k.startsWith('vault.record.'));

async function readyVault() {
  const t = await testVault();
  await t.vault.setup(PASSWORD);
  const alice = await t.vault.createFromMnemonic({ mnemonic: DEV, name: 'Alice', derivationPath: '//Alice' });
  return { ...t, alice };
}

describe('setup, accounts and signing', () => {
  it('creates accounts (sr25519 default, ed25519, derivation) and nothing secret reaches storage.local', async () => {
    const { vault, local, session, events, alice } = await readyVault();
    expect(alice).toMatchObject({ address: ALICE, type: 'sr25519', derivationPath: '//Alice', hasMnemonic: true, watchOnly: false, origin: 'mnemonic' });
    const root = await vault.createFromMnemonic({ mnemonic: DEV, name: 'Root', type: 'ed25519', origin: 'created' });
    expect(root.type).toBe('ed25519');
    expect(root.address).toBe(new Keyring({ ss58Format: 42, type: 'ed25519' }).addFromMnemonic(DEV).address);
    const fresh = vault.generateMnemonic(24).mnemonic;
    expect(fresh.split(' ')).toHaveLength(24);
    await vault.createFromMnemonic({ mnemonic: fresh, name: 'Fresh', origin: 'created' });

    const stored = [...local.data.values()].join('\n');
    // Any two neighbouring words of either phrase (one word alone can be a key of the format: "version" is a BIP39 word).
    for (const phrase of [DEV, fresh]) {
      const words = phrase.split(' ');
      for (let i = 1; i < words.length; i++) expect(stored).not.toContain(`${words[i - 1]} ${words[i]}`);
    }
    expect(stored).not.toContain(u8aToHex(mnemonicToMiniSecret(DEV)).slice(2));
    expect(stored).not.toContain(Buffer.from(mnemonicToMiniSecret(DEV)).toString('base64'));
    const sessionState = await session.get<{ key: string }>(SESSION_KEY);
    expect(stored).not.toContain(sessionState!.key);

    const status = await vault.status();
    expect(status.accounts.map((a) => a.name)).toEqual(['Alice', 'Root', 'Fresh']);
    expect(events.sent.filter((e) => e.name === 'vault.changed').length).toBeGreaterThanOrEqual(4);
  });

  it('an invalid mnemonic names the word and changes nothing', async () => {
    const { vault, local } = await readyVault();
    const before = new Map(local.data);
    const bad = DEV.replace('obey', 'obay');
    await expect(vault.createFromMnemonic({ mnemonic: bad, name: 'X' })).rejects.toMatchObject({ code: 'InvalidMnemonic', message: expect.stringContaining("Unknown word 'obay' (word 3)") });
    await expect(vault.createFromMnemonic({ mnemonic: DEV.split(' ').reverse().join(' '), name: 'X' })).rejects.toThrow('Checksum failed: check the words and their order');
    expect(local.data).toEqual(before);
    expect(await codeOf(vault.createFromMnemonic({ mnemonic: DEV, name: 'Again', derivationPath: '//Alice' }))).toBe('AccountExists');
  });

  it('signs a payload with mode 1 + metadataHash, and raw bytes; verifies with signatureVerify', async () => {
    const { vault } = await readyVault();
    const json = payloadFor(ALICE, { mode: 1, metadataHash: blake2AsHex('meta', 256) });
    const { signature } = await vault.signPayload(ALICE, json, registry);
    const bytes = registry.createType('ExtrinsicPayload', json, { version: 4 }).toU8a({ method: true });
    const message = bytes.length > 256 ? blake2AsU8a(bytes, 256) : bytes;
    expect(signatureVerify(message, signature, ALICE).isValid).toBe(true);
    // The same payload without the metadata hash is different bytes: the signature does not cover it.
    const plain = registry.createType('ExtrinsicPayload', payloadFor(ALICE), { version: 4 }).toU8a({ method: true });
    expect(signatureVerify(plain, signature, ALICE).isValid).toBe(false);

    const raw = await vault.signRaw(ALICE, stringToHex('hello'));
    expect(signatureVerify(u8aWrapBytes(stringToU8a('hello')), raw.signature, ALICE).isValid).toBe(true);
  });

  it('watch-only accounts cannot sign; unknown accounts and a locked vault are typed errors', async () => {
    const { vault } = await readyVault();
    const bob = new Keyring({ ss58Format: 0, type: 'sr25519' }).addFromUri('//Bob').address; // prefix 0 in, 42 out
    const watch = await vault.addWatch({ address: bob, name: 'Bob' });
    expect(watch).toMatchObject({ watchOnly: true, type: 'watch', address: '5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty' });
    expect(await codeOf(vault.signRaw(watch.address, '0x00'))).toBe('WatchOnly');
    expect(await codeOf(vault.signPayload(watch.address, payloadFor(watch.address), registry))).toBe('WatchOnly');
    expect(await codeOf(vault.signRaw('5DAAnrj7VHTznn2AWBemMuyBwZWs6FNFjdyVXUeYum3PTXFy', '0x00'))).toBe('UnknownAccount');
    expect(await codeOf(vault.signPayload(ALICE, payloadFor(watch.address), registry))).toBe('BadRequest');
    await vault.lock();
    expect(await vault.isUnlocked()).toBe(false);
    expect(await codeOf(vault.signRaw(ALICE, '0x00'))).toBe('Locked');
    expect((await vault.getAccounts()).map((a) => a.address)).toEqual([ALICE, watch.address]);
    // importing a key for a watched address turns it into a local account in place
    await vault.unlock(PASSWORD);
    const bobKey = await vault.createFromMnemonic({ mnemonic: DEV, name: 'ignored', derivationPath: '//Bob' });
    expect(bobKey).toMatchObject({ address: watch.address, name: 'Bob', watchOnly: false });
  });

  it('rename, reorder, remove (a key needs the password) and onChange', async () => {
    const { vault } = await readyVault();
    const seen: VaultStatus[] = [];
    vault.onChange((s) => seen.push(s));
    const bob = await vault.importSeed({ seed: u8aToHex(new Uint8Array(32).fill(9)), name: 'Seeded', type: 'ed25519' });
    expect(bob).toMatchObject({ origin: 'seed', hasMnemonic: false, type: 'ed25519' });
    await vault.rename({ address: ALICE, name: 'Alice 2' });
    await vault.reorder({ addresses: [bob.address, ALICE] });
    expect((await vault.getAccounts()).map((a) => a.name)).toEqual(['Seeded', 'Alice 2']);
    expect(await codeOf(vault.reorder({ addresses: [ALICE] }))).toBe('BadRequest');
    expect(await codeOf(vault.remove({ address: ALICE }))).toBe('BadRequest');
    expect(await codeOf(vault.remove({ address: ALICE, password: 'wrong password' }))).toBe('WrongPassword');
    await vault.remove({ address: ALICE, password: PASSWORD });
    expect((await vault.getAccounts()).map((a) => a.address)).toEqual([bob.address]);
    expect(seen.length).toBeGreaterThanOrEqual(4);
    expect(seen.at(-1)!.accounts).toHaveLength(1);
  });
});

describe('lock state, deadline and restarts', () => {
  it('signing is activity: it moves the deadline to now + the auto-lock minutes', async () => {
    const { vault, clock } = await readyVault();
    const first = (await vault.status()).lockAt!;
    clock.advance(10 * 60_000);
    await vault.signRaw(ALICE, '0x00');
    expect((await vault.status()).lockAt).toBe(clock.now() + 15 * 60_000);
    expect((await vault.status()).lockAt).toBeGreaterThan(first);
  });

  it('wrong password: clear error, no state change, growing delay after 5 failures that survives a restart', async () => {
    const { vault, local, session, clock, deps } = await readyVault();
    await vault.lock();
    const before = new Map(local.data);
    for (let i = 1; i <= 4; i++) {
      await expect(vault.unlock('nope nope')).rejects.toMatchObject({ code: 'WrongPassword', details: { failedAttempts: i, retryAt: null } });
    }
    await expect(vault.unlock('nope nope')).rejects.toMatchObject({ code: 'WrongPassword', details: { failedAttempts: 5 } });
    const status = await vault.status();
    expect(status).toMatchObject({ unlocked: false, failedAttempts: 5 });
    expect(status.retryAt).toBe(clock.now() + 5_000);
    // nothing but the attempt counter changed
    const after = new Map(local.data);
    after.delete('vault.attempts');
    expect(after).toEqual(before);
    expect(session.data.size).toBe(0);

    // A restarted worker (new service, same storage) still enforces the delay, even for the right password.
    const restarted = await createVaultService({ ...deps, local, session });
    await expect(restarted.unlock(PASSWORD)).rejects.toMatchObject({ code: 'TooManyAttempts' });
    clock.advance(5_000);
    await expect(restarted.unlock('still wrong')).rejects.toMatchObject({ code: 'WrongPassword', details: { failedAttempts: 6, retryAt: clock.now() + 10_000 } });
    clock.advance(10_000);
    const ok = await restarted.unlock(PASSWORD);
    expect(ok).toMatchObject({ unlocked: true, failedAttempts: 0, retryAt: null });
  });

  it('auto-lock deadline is absolute, survives a restart, and locks when it passes', async () => {
    const scheduled: number[] = [];
    const scheduler: AutoLockScheduler = { schedule: (at) => scheduled.push(at), clear: () => scheduled.push(-1) };
    const t = await testVault({ scheduler });
    await t.vault.setup(PASSWORD);
    const start = t.clock.now();
    let status = await t.vault.status();
    expect(status.lockAt).toBe(start + 15 * 60_000);
    expect(scheduled.at(-1)).toBe(status.lockAt);

    status = await t.vault.setAutoLock(5);
    expect(status).toMatchObject({ autoLockMinutes: 5, lockAt: start + 5 * 60_000 });

    t.clock.advance(4 * 60_000);
    const restarted = await createVaultService({ ...t.deps, scheduler });
    expect(await restarted.isUnlocked()).toBe(true);
    expect((await restarted.status()).lockAt).toBe(start + 5 * 60_000);

    t.clock.advance(60_000);
    expect(await restarted.isUnlocked()).toBe(false);
    expect(t.session.data.has(SESSION_KEY)).toBe(false);

    // An alarm that fires with no message in flight locks too.
    await restarted.unlock(PASSWORD);
    t.clock.advance(5 * 60_000);
    await restarted.checkAutoLock();
    expect(t.session.data.has(SESSION_KEY)).toBe(false);
    expect(t.events.sent.at(-1)).toMatchObject({ name: 'vault.changed', payload: { unlocked: false } });

    // A worker started after the deadline locks during init.
    await restarted.unlock(PASSWORD);
    t.clock.advance(6 * 60_000);
    await createVaultService({ ...t.deps, scheduler });
    expect(t.session.data.has(SESSION_KEY)).toBe(false);
  });
});

/** Dies (throws) after `budget` successful writes: a worker killed half-way through. */
function crashingStore(inner: KeyValueStore, budget: number): KeyValueStore {
  let left = budget;
  const spend = () => {
    if (left-- <= 0) throw new Error('simulated crash');
  };
  return {
    get: (k) => inner.get(k),
    set: async (items) => {
      spend();
      await inner.set(items);
    },
    remove: async (keys) => {
      spend();
      await inner.remove(keys);
    },
  };
}

describe('password change', () => {
  it('re-encrypts: the old password stops working, the new one signs', async () => {
    const { vault } = await readyVault();
    expect(await codeOf(vault.changePassword('wrong password', 'new password 1'))).toBe('WrongPassword');
    expect(await codeOf(vault.changePassword(PASSWORD, 'short'))).toBe('WeakPassword');
    await vault.changePassword(PASSWORD, 'new password 1');
    await vault.lock();
    expect(await codeOf(vault.unlock(PASSWORD))).toBe('WrongPassword');
    await vault.unlock('new password 1');
    const { signature } = await vault.signRaw(ALICE, '0x01');
    expect(signatureVerify(u8aWrapBytes(hexToU8a('0x01')), signature, ALICE).isValid).toBe(true);
  });

  it('a crash at any write leaves a readable vault (old or new password) and no orphan record', async () => {
    const outcomes = new Set<string>();
    for (let budget = 0; budget < 8; budget++) {
      const { local, deps } = await readyVault();
      const crashing = await createVaultService({ ...deps, local: crashingStore(local, budget) });
      const crashed = await codeOf(crashing.changePassword(PASSWORD, 'new password 1'));
      // A fresh worker over what was written.
      const next = await createVaultService({ ...deps, local, session: new MemoryStore() });
      const oldWorks = (await codeOf(next.unlock(PASSWORD))) === 'no error';
      const newWorks = oldWorks ? false : (await codeOf(next.unlock('new password 1'))) === 'no error';
      expect(oldWorks || newWorks, `budget ${budget}: crashed=${crashed}`).toBe(true);
      if (crashed === 'no error') expect(newWorks).toBe(true);
      outcomes.add(`${crashed === 'no error' ? 'completed' : 'crashed'}:${oldWorks ? 'old' : 'new'}`);
      const { signature } = await next.signRaw(ALICE, '0x02');
      expect(signatureVerify(u8aWrapBytes(hexToU8a('0x02')), signature, ALICE).isValid).toBe(true);
      expect(recordKeys(local), `budget ${budget}`).toHaveLength(1);
      expect(await local.get(POINTER_KEY)).toEqual({ id: recordKeys(local)[0]!.slice('vault.record.'.length) });
    }
    // Crashes before the pointer switch keep the old password; after it, the new one.
    expect([...outcomes].sort()).toEqual(['completed:new', 'crashed:new', 'crashed:old']);
  });

  it('upgrades weaker KDF parameters on unlock', async () => {
    const { vault, local, deps } = await readyVault();
    await vault.lock();
    const stronger = { ...TEST_KDF, N: TEST_KDF.N * 2 };
    const next = await createVaultService({ ...deps, kdf: stronger });
    await next.unlock(PASSWORD);
    const pointer = (await local.get<{ id: string }>(POINTER_KEY))!;
    const record = (await local.get<VaultRecord>(recordKey(pointer.id)))!;
    expect(record.kdf).toMatchObject({ name: 'scrypt', N: stronger.N });
    expect(recordKeys(local)).toHaveLength(1);
    await next.lock();
    await next.unlock(PASSWORD);
    expect((await next.signRaw(ALICE, '0x03')).signature).toMatch(/^0x/);
  });

  it('production KDF: a vault is written with scrypt N=2^16 and unlocks', { timeout: 120_000 }, async () => {
    const { vault, local } = await testVault({ kdf: DEFAULT_KDF });
    await vault.setup(PASSWORD);
    await vault.lock();
    await vault.unlock(PASSWORD);
    const pointer = (await local.get<{ id: string }>(POINTER_KEY))!;
    expect((await local.get<VaultRecord>(recordKey(pointer.id)))!.kdf).toMatchObject({ name: 'scrypt', N: 1 << 16, r: 8, p: 1 });
  });
});

describe('damaged vault', () => {
  async function damaged(mutate: (record: VaultRecord) => unknown) {
    const t = await readyVault();
    await t.vault.lock();
    const pointer = (await t.local.get<{ id: string }>(POINTER_KEY))!;
    const record = (await t.local.get<VaultRecord>(recordKey(pointer.id)))!;
    await t.local.set({ [recordKey(pointer.id)]: mutate(record) });
    const vault = await createVaultService(t.deps);
    return { ...t, vault };
  }

  it('a truncated record: corrupt status, clear error, nothing overwritten, reset then recover by mnemonic', async () => {
    const { vault, local } = await damaged((r) => ({ ...r, accounts: undefined }));
    const before = new Map(local.data);
    const status = await vault.status();
    expect(status).toMatchObject({ initialized: true, corrupt: true, unlocked: false, accounts: [] });
    expect(await codeOf(vault.unlock(PASSWORD))).toBe('CorruptVault');
    expect(await codeOf(vault.setup(PASSWORD))).toBe('VaultExists');
    expect(await codeOf(vault.addWatch({ address: ALICE, name: 'x' }))).toBe('CorruptVault');
    expect(local.data).toEqual(before);

    expect(await vault.reset()).toMatchObject({ initialized: false, corrupt: false });
    expect(recordKeys(local)).toHaveLength(0);
    await vault.setup('another password');
    const recovered = await vault.createFromMnemonic({ mnemonic: DEV, name: 'Alice', derivationPath: '//Alice' });
    expect(recovered.address).toBe(ALICE);
  });

  it('a tampered secret box (checksum recomputed) is found at unlock', async () => {
    const { vault, local } = await damaged((r) => {
      const a = r.accounts[0]!;
      const data = Buffer.from(a.sealed!.data, 'base64');
      data[3]! ^= 0x40;
      const { checksum: _drop, ...rest } = r;
      return withChecksum({ ...rest, accounts: [{ ...a, sealed: { ...a.sealed!, data: data.toString('base64') } }] });
    });
    const before = new Map(local.data);
    expect(await codeOf(vault.unlock(PASSWORD))).toBe('CorruptVault');
    expect(await vault.status()).toMatchObject({ corrupt: true, unlocked: false });
    expect(local.data).toEqual(before);
  });
});

describe('import and export', () => {
  it('exports a keystore that Keyring.addFromJson decodes, and reveals the mnemonic only with the password', { timeout: 120_000 }, async () => {
    const { vault, alice } = await readyVault();
    expect(await codeOf(vault.exportJson({ address: ALICE, password: 'wrong password' }))).toBe('WrongPassword');
    const { json } = await vault.exportJson({ address: ALICE, password: PASSWORD, exportPassword: 'export pass' });
    const pair = new Keyring({ ss58Format: 42 }).addFromJson(JSON.parse(json));
    expect(pair.address).toBe(alice.address);
    expect(pair.type).toBe('sr25519');
    pair.decodePkcs8('export pass');
    expect(signatureVerify(stringToU8a('x'), pair.sign(stringToU8a('x')), ALICE).isValid).toBe(true);

    expect(await codeOf(vault.revealMnemonic({ address: ALICE, password: 'wrong password' }))).toBe('WrongPassword');
    expect(await vault.revealMnemonic({ address: ALICE, password: PASSWORD })).toEqual({ mnemonic: DEV });
  });

  it('imports single and batch keystores (all or nothing) and signs with them', { timeout: 180_000 }, async () => {
    const { vault } = await readyVault();
    const keyring = new Keyring({ ss58Format: 42, type: 'sr25519' });
    const a = keyring.addFromUri(`${DEV}//ja`, { name: 'JA' });
    const b = keyring.addFromUri(`${DEV}//jb`, { name: 'JB' }, 'ed25519');
    // Each keystore costs a scrypt (N=2^15): make them once.
    const aJson = a.toJson('file pass');
    const bJson = b.toJson('file pass');
    const single = await vault.importJson({ json: JSON.stringify(aJson), password: 'file pass', name: 'Renamed' });
    expect(single).toEqual([expect.objectContaining({ address: a.address, name: 'Renamed', origin: 'json', hasMnemonic: false })]);
    const batch = { ...jsonEncrypt(stringToU8a(JSON.stringify([aJson, bJson])), ['batch-pkcs8'], 'file pass'), accounts: [] };
    expect(await codeOf(vault.importJson({ json: JSON.stringify(batch), password: 'file pass' }))).toBe('AccountExists');
    expect((await vault.getAccounts()).map((x) => x.address)).not.toContain(b.address);
    await vault.remove({ address: a.address, password: PASSWORD });
    const both = await vault.importJson({ json: JSON.stringify(batch), password: 'file pass' });
    expect(both.map((x) => [x.name, x.type])).toEqual([
      ['JA', 'sr25519'],
      ['JB', 'ed25519'],
    ]);
    const { signature } = await vault.signRaw(b.address, '0x05');
    expect(signatureVerify(u8aWrapBytes(hexToU8a('0x05')), signature, b.address).isValid).toBe(true);
    expect(await codeOf(vault.importJson({ json: JSON.stringify(batch).slice(0, 200), password: 'file pass' }))).toBe('InvalidKeystore');
  });

  it('imports a btcli $NACL coldkey and coldkeypub.txt (watch-only)', async () => {
    const low = { opslimit: 3, memlimit: 8 * 1024 * 1024 };
    const t = await testVault({ btcliLimits: low });
    await t.vault.setup(PASSWORD);
    const coldkey = new Keyring({ ss58Format: 42, type: 'sr25519' }).addFromMnemonic(DEV);
    const data = { accountId: u8aToHex(coldkey.publicKey), publicKey: u8aToHex(coldkey.publicKey), secretPhrase: DEV, ss58Address: coldkey.address };
    const key = sodium.crypto_pwhash(32, 'btcli pass', BTCLI_NACL_SALT, low.opslimit, low.memlimit, sodium.crypto_pwhash_ALG_ARGON2I13);
    const nonce = sodium.randombytes_buf(24);
    const file = new Uint8Array([...stringToU8a('$NACL'), ...nonce, ...sodium.crypto_secretbox_easy(stringToU8a(JSON.stringify(data)), nonce, key)]);
    const text = Buffer.from(file).toString('base64');

    expect(await codeOf(t.vault.importBtcli({ file: text, name: 'cold' }))).toBe('BadRequest');
    expect(await codeOf(t.vault.importBtcli({ file: text, password: 'wrong', name: 'cold' }))).toBe('WrongPassword');
    const cold = await t.vault.importBtcli({ file: text, password: 'btcli pass', name: 'cold' });
    expect(cold).toMatchObject({ address: coldkey.address, origin: 'btcli', hasMnemonic: true, type: 'sr25519' });
    expect(await t.vault.revealMnemonic({ address: cold.address, password: PASSWORD })).toEqual({ mnemonic: DEV });

    const hot = new Keyring({ ss58Format: 42, type: 'sr25519' }).addFromUri('//hotkey');
    const pub = JSON.stringify({ accountId: u8aToHex(hot.publicKey), publicKey: u8aToHex(hot.publicKey), ss58Address: hot.address });
    const watch = await t.vault.importBtcli({ file: pub, name: 'pub' });
    expect(watch).toMatchObject({ address: hot.address, watchOnly: true, origin: 'btcli' });
    expect(await codeOf(t.vault.signRaw(hot.address, '0x00'))).toBe('WatchOnly');
  });
});
