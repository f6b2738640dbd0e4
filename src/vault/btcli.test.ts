// btcli keyfiles made here with the same algorithm btcli uses (libsodium argon2i13 + secretbox,
// through libsodium-wrappers-sumo, an independent build from the raw module the wallet loads).
import { Keyring } from '@polkadot/keyring';
import { stringToU8a, u8aToHex } from '@polkadot/util';
import { cryptoWaitReady, mnemonicToMiniSecret, signatureVerify } from '@polkadot/util-crypto';
import sodium from 'libsodium-wrappers-sumo';
import { beforeAll, describe, expect, it } from 'vitest';
import { argon2i, argon2iSensitiveLimits } from './argon2i.ts';
import {
  BTCLI_ARGON2I_MEMLIMIT,
  BTCLI_ARGON2I_OPSLIMIT,
  BTCLI_NACL_SALT,
  btcliAccount,
  btcliFileBytes,
  decryptBtcliKeyfile,
  parseBtcliKeyfile,
  type BtcliKeyData,
} from './btcli.ts';
import { keypairOf, sign } from './keys.ts';

const DEV = 'bottom drive obey lake curtain smoke basket hold race lonely fit walk';
/** Cheap limits for files the tests make themselves; the real limits are exercised once below. */
const LOW = { opslimit: 3, memlimit: 8 * 1024 * 1024 };
let keyring: Keyring;

beforeAll(async () => {
  expect(await cryptoWaitReady()).toBe(true);
  await sodium.ready;
  keyring = new Keyring({ ss58Format: 42, type: 'sr25519' });
});

function btcliEncrypt(data: BtcliKeyData, password: string, limits = LOW): Uint8Array {
  const key = sodium.crypto_pwhash(32, password, BTCLI_NACL_SALT, limits.opslimit, limits.memlimit, sodium.crypto_pwhash_ALG_ARGON2I13);
  const nonce = sodium.randombytes_buf(24);
  const box = sodium.crypto_secretbox_easy(stringToU8a(JSON.stringify(data)), nonce, key);
  return new Uint8Array([...stringToU8a('$NACL'), ...nonce, ...box]);
}

function keyData(mnemonic = DEV): BtcliKeyData {
  const pair = keyring.addFromMnemonic(mnemonic);
  const publicKey = u8aToHex(pair.publicKey);
  return { accountId: publicKey, publicKey, secretPhrase: mnemonic, secretSeed: u8aToHex(mnemonicToMiniSecret(mnemonic)), ss58Address: pair.address };
}

const asBinaryString = (bytes: Uint8Array) => String.fromCharCode(...bytes);
const asBase64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');

async function codeOf(p: Promise<unknown> | (() => unknown)): Promise<string> {
  try {
    await (typeof p === 'function' ? p() : p);
  } catch (e) {
    return (e as { code?: string }).code ?? String(e);
  }
  return 'no error';
}

describe('btcli constants', () => {
  it("match libsodium's argon2i 'sensitive' limits", async () => {
    expect(BTCLI_ARGON2I_OPSLIMIT).toBe(sodium.crypto_pwhash_argon2i_OPSLIMIT_SENSITIVE);
    expect(BTCLI_ARGON2I_MEMLIMIT).toBe(sodium.crypto_pwhash_argon2i_MEMLIMIT_SENSITIVE);
    expect(await argon2iSensitiveLimits()).toEqual({ opslimit: 8, memlimit: 536_870_912 });
    // b"\x13q\x83\xdf\xf1Z\t\xbc\x9c\x90\xb5Q\x879\xe9\xb1" as written in btwallet
    expect(Buffer.from(BTCLI_NACL_SALT).toString('latin1')).toBe('\x13q\x83\xdf\xf1Z\t\xbc\x9c\x90\xb5Q\x879\xe9\xb1');
  });

  it('our argon2i equals libsodium-wrappers crypto_pwhash(ARGON2I13)', async () => {
    const password = stringToU8a('pässword');
    const ours = await argon2i(password, BTCLI_NACL_SALT, LOW.opslimit, LOW.memlimit);
    const theirs = sodium.crypto_pwhash(32, password, BTCLI_NACL_SALT, LOW.opslimit, LOW.memlimit, sodium.crypto_pwhash_ALG_ARGON2I13);
    expect(u8aToHex(ours)).toBe(u8aToHex(theirs));
  });
});

describe('btcli keyfiles', () => {
  it('decrypts a $NACL coldkey sent as a binary string, base64 or a data URL', async () => {
    const data = keyData();
    const file = btcliEncrypt(data, 'btcli-pass');
    for (const text of [asBinaryString(file), asBase64(file), `data:application/octet-stream;base64,${asBase64(file)}`]) {
      const parsed = parseBtcliKeyfile(btcliFileBytes(text));
      expect(parsed.kind).toBe('nacl');
      if (parsed.kind !== 'nacl') continue;
      const account = btcliAccount(await decryptBtcliKeyfile(parsed, 'btcli-pass', argon2i, LOW));
      expect(account.address).toBe(data.ss58Address);
      expect(account.material?.kind).toBe('seed');
      const pair = keypairOf(account.material!, 'sr25519');
      const message = stringToU8a('btcli');
      expect(signatureVerify(message, sign('sr25519', pair, message), data.ss58Address!).isValid).toBe(true);
    }
  });

  it('wrong password and truncated or legacy files are clear errors', async () => {
    const file = btcliEncrypt(keyData(), 'btcli-pass');
    const parsed = parseBtcliKeyfile(file);
    if (parsed.kind !== 'nacl') throw new Error('expected nacl');
    expect(await codeOf(decryptBtcliKeyfile(parsed, 'not it', argon2i, LOW))).toBe('WrongPassword');
    expect(await codeOf(() => parseBtcliKeyfile(file.slice(0, 30)))).toBe('InvalidKeyfile');
    const cut = parseBtcliKeyfile(file.slice(0, file.length - 5));
    if (cut.kind !== 'nacl') throw new Error('expected nacl');
    expect(await codeOf(decryptBtcliKeyfile(cut, 'btcli-pass', argon2i, LOW))).toBe('WrongPassword');
    expect(parseBtcliKeyfile(stringToU8a('$ANSIBLE_VAULT;1.1;AES256\n3061...'))).toEqual({ kind: 'legacy', method: 'Ansible Vault' });
    expect(await codeOf(() => btcliFileBytes('{"broken'.replace('{', '€')))).toBe('InvalidKeyfile');
  });

  it('reads unencrypted files: secretSeed only, privateKey in either sr25519 layout, and rejects a mismatched address', () => {
    const data = keyData();
    const seedOnly = btcliAccount({ secretSeed: data.secretSeed, ss58Address: data.ss58Address });
    expect(seedOnly.address).toBe(data.ss58Address);
    expect(seedOnly.material).toMatchObject({ kind: 'seed' });

    const pjs = keypairOf({ kind: 'seed', seed: mnemonicToMiniSecret(DEV) }, 'sr25519');
    // schnorrkel's canonical layout (sp-core's to_raw_vec) is the @polkadot scalar divided by 8.
    const canonical = pjs.secretKey.slice();
    let carry = 0;
    for (let i = 31; i >= 0; i--) {
      const v = canonical[i]! | (carry << 8);
      canonical[i] = v >> 3;
      carry = v & 7;
    }
    for (const privateKey of [u8aToHex(pjs.secretKey), u8aToHex(canonical)]) {
      const account = btcliAccount({ privateKey, publicKey: data.publicKey });
      expect(account.address).toBe(data.ss58Address);
      expect(account.material?.kind).toBe('pair');
    }
    const other = keyring.addFromUri('//Bob');
    expect(() => btcliAccount({ ...data, ss58Address: other.address })).toThrow(/disagree/);
    expect(() => btcliAccount({ secretPhrase: DEV, publicKey: u8aToHex(other.publicKey) })).toThrow(/does not match/);
  });

  it('coldkeypub.txt is a watch-only account', () => {
    const data = keyData();
    const text = JSON.stringify({ accountId: data.accountId, publicKey: data.publicKey, ss58Address: data.ss58Address });
    const parsed = parseBtcliKeyfile(btcliFileBytes(text));
    expect(parsed.kind).toBe('plain');
    if (parsed.kind !== 'plain') return;
    const account = btcliAccount(parsed.data);
    expect(account.address).toBe(data.ss58Address);
    expect(account.material).toBeUndefined();
  });

  // The production path at btcli's real limits (opslimit 8, 512 MiB), once: about 7 s per argon2i
  // on an idle 2-core machine (one to make the file, one to open it).
  it('opens a coldkey made at the real btcli limits through the production defaults', { timeout: 300_000 }, async () => {
    const data = keyData();
    const file = btcliEncrypt(data, 'real limits', { opslimit: sodium.crypto_pwhash_argon2i_OPSLIMIT_SENSITIVE, memlimit: sodium.crypto_pwhash_argon2i_MEMLIMIT_SENSITIVE });
    const parsed = parseBtcliKeyfile(btcliFileBytes(asBase64(file)));
    if (parsed.kind !== 'nacl') throw new Error('expected nacl');
    const opened = await decryptBtcliKeyfile(parsed, 'real limits', argon2i);
    expect(btcliAccount(opened).address).toBe(data.ss58Address);
  });
});
