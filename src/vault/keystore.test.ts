import { Keyring } from '@polkadot/keyring';
import { stringToU8a, u8aToHex } from '@polkadot/util';
import { cryptoWaitReady, jsonEncrypt, signatureVerify } from '@polkadot/util-crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { keypairOf, sign } from './keys.ts';
import { decryptKeystoreFile, encryptKeystore } from './keystore.ts';

const DEV = 'bottom drive obey lake curtain smoke basket hold race lonely fit walk';
const PASSWORD = 'keystore pass';
let keyring: Keyring;

beforeAll(async () => {
  expect(await cryptoWaitReady()).toBe(true);
  keyring = new Keyring({ ss58Format: 42, type: 'sr25519' });
});

function errorCode(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    return (e as { code?: string }).code ?? 'none';
  }
  return 'no error';
}

// Every keystore costs a scrypt N=2^15 (about 0.4 s idle, several seconds on a loaded machine).
describe('polkadot-js keystore', { timeout: 180_000 }, () => {
  for (const type of ['sr25519', 'ed25519'] as const) {
    it(`${type}: our export is read by Keyring.addFromJson and signs for the same address`, () => {
      const pair = keypairOf({ kind: 'seed', seed: new Uint8Array(32).fill(7) }, type, '//stake');
      const json = encryptKeystore(pair, type, 'Saved', PASSWORD, 1_700_000_000_000);
      const imported = new Keyring({ ss58Format: 42, type }).addFromJson(JSON.parse(JSON.stringify(json)));
      expect(imported.address).toBe(json.address);
      expect(imported.meta.name).toBe('Saved');
      imported.decodePkcs8(PASSWORD);
      const message = stringToU8a('check');
      expect(signatureVerify(message, imported.sign(message), json.address).isValid).toBe(true);
      // and back into us
      const [again] = decryptKeystoreFile(JSON.stringify(json), PASSWORD);
      expect(again!.address).toBe(json.address);
      expect(again!.type).toBe(type);
      expect(u8aToHex(again!.secretKey)).toBe(u8aToHex(pair.secretKey));
    });

    it(`${type}: a keystore made by Keyring.toJson imports into us and signs`, () => {
      const source = new Keyring({ ss58Format: 42, type }).addFromUri(`${DEV}//json`, { name: 'From pjs' }, type);
      const json = source.toJson(PASSWORD);
      const [account] = decryptKeystoreFile(JSON.stringify(json), PASSWORD);
      expect(account!.address).toBe(source.address);
      expect(account!.name).toBe('From pjs');
      const message = stringToU8a('hello');
      expect(signatureVerify(message, sign(type, account!, message), source.address).isValid).toBe(true);
    });
  }

  it('reads a batch export file (an encrypted array of keystores)', () => {
    const a = keyring.addFromUri(`${DEV}//a`, { name: 'A' });
    const b = keyring.addFromUri(`${DEV}//b`, { name: 'B' }, 'ed25519');
    const batch = {
      ...jsonEncrypt(stringToU8a(JSON.stringify([a.toJson(PASSWORD), b.toJson(PASSWORD)])), ['batch-pkcs8'], PASSWORD),
      accounts: [a, b].map((p) => ({ address: p.address, meta: p.meta })),
    };
    const accounts = decryptKeystoreFile(JSON.stringify(batch), PASSWORD);
    expect(accounts.map((x) => [x.address, x.name, x.type])).toEqual([
      [a.address, 'A', 'sr25519'],
      [b.address, 'B', 'ed25519'],
    ]);
    expect(errorCode(() => decryptKeystoreFile(JSON.stringify(batch), 'nope'))).toBe('WrongPassword');
  });

  it('wrong password, truncated file, tampered address and unencrypted files are clear errors', () => {
    const pair = keyring.addFromUri(`${DEV}//x`);
    const text = JSON.stringify(pair.toJson(PASSWORD));
    expect(errorCode(() => decryptKeystoreFile(text, 'wrong'))).toBe('WrongPassword');
    expect(errorCode(() => decryptKeystoreFile(text.slice(0, 120), PASSWORD))).toBe('InvalidKeystore');
    const json = JSON.parse(text);
    expect(errorCode(() => decryptKeystoreFile(JSON.stringify({ ...json, address: keyring.addFromUri('//Bob').address }), PASSWORD))).toBe('InvalidKeystore');
    expect(errorCode(() => decryptKeystoreFile(JSON.stringify(pair.toJson()), PASSWORD))).toBe('InvalidKeystore');
    const encoded: string = json.encoded;
    expect(errorCode(() => decryptKeystoreFile(JSON.stringify({ ...json, encoded: encoded.slice(0, 60) }), PASSWORD))).toMatch(/InvalidKeystore|WrongPassword/);
  });
});
