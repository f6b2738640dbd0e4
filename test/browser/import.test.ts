import { Keyring } from '@polkadot/keyring';
import { stringToU8a, u8aToHex } from '@polkadot/util';
import { cryptoWaitReady, mnemonicGenerate, mnemonicToMiniSecret } from '@polkadot/util-crypto';
import sodium from 'libsodium-wrappers-sumo';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BTCLI_NACL_SALT } from '../../src/vault/btcli.ts';
import { launchExtension, type ExtensionSession } from './harness.ts';

// The import forms a person uses for keys made elsewhere: a raw seed, a polkadot-js keystore
// file, and an encrypted btcli coldkey file (made here with libsodium at btcli's real limits).

const PASSWORD = 'correct horse battery';

describe('importing keys through the popup', () => {
  let session: ExtensionSession;
  let popup: Page;
  let keyring: Keyring;

  beforeAll(async () => {
    await cryptoWaitReady();
    await sodium.ready;
    keyring = new Keyring({ ss58Format: 42, type: 'sr25519' });
    session = await launchExtension();
    popup = await session.openPopup();
    await popup.getByTestId('background-status').waitFor({ timeout: 15_000 });
  });

  afterAll(async () => {
    await session?.close();
  });

  const activeAddress = () => popup.getByTestId('active-address').getAttribute('data-address').catch(() => null);

  async function chooseImport(kind: string) {
    await popup.getByRole('radio', { name: kind }).check();
  }

  async function finish(name: string, firstRun: boolean) {
    await popup.getByRole('button', { name: 'Continue' }).click();
    await popup.getByLabel(/^Account name/).fill(name);
    if (firstRun) {
      await popup.getByLabel('New password').fill(PASSWORD);
      await popup.getByLabel('Confirm password').fill(PASSWORD);
    }
    await popup.getByRole('button', { name: 'Finish' }).click();
  }

  it('imports a raw seed', async () => {
    const seed = u8aToHex(mnemonicToMiniSecret(mnemonicGenerate()));
    const expected = keyring.addFromUri(seed).address;
    await popup.getByRole('button', { name: 'Import an existing account' }).click();
    await chooseImport('Raw seed');
    await popup.getByLabel('Seed (0x + 64 hex digits)').fill(seed);
    await finish('From seed', true);
    await expect.poll(activeAddress, { timeout: 15_000 }).toBe(expected);
  });

  it('imports a polkadot-js JSON keystore file with its password', async () => {
    const pair = keyring.addFromMnemonic(mnemonicGenerate(), { name: 'keystore account' });
    const json = JSON.stringify(pair.toJson('keystore password'));
    await popup.goto(`chrome-extension://${session.extensionId}/popup.html#/add-account`);
    await popup.getByRole('button', { name: 'Import an existing account' }).click();
    await chooseImport('JSON keystore');
    await popup.getByLabel('Keystore file (.json)').setInputFiles({ name: 'keystore.json', mimeType: 'application/json', buffer: Buffer.from(json) });
    await popup.getByLabel('Password of the keystore').fill('keystore password');
    await finish('From keystore', false);
    await expect.poll(activeAddress, { timeout: 15_000 }).toBe(pair.address);
  });

  it('imports an encrypted btcli coldkey ($NACL, binary) with its password', async () => {
    const mnemonic = mnemonicGenerate();
    const pair = keyring.addFromMnemonic(mnemonic);
    const publicKey = u8aToHex(pair.publicKey);
    const data = { accountId: publicKey, publicKey, secretPhrase: mnemonic, secretSeed: u8aToHex(mnemonicToMiniSecret(mnemonic)), ss58Address: pair.address };
    const key = sodium.crypto_pwhash(32, 'btcli password', BTCLI_NACL_SALT, sodium.crypto_pwhash_argon2i_OPSLIMIT_SENSITIVE, sodium.crypto_pwhash_argon2i_MEMLIMIT_SENSITIVE, sodium.crypto_pwhash_ALG_ARGON2I13);
    const nonce = sodium.randombytes_buf(24);
    const box = sodium.crypto_secretbox_easy(stringToU8a(JSON.stringify(data)), nonce, key);
    const file = Buffer.concat([Buffer.from('$NACL'), Buffer.from(nonce), Buffer.from(box)]);
    await popup.goto(`chrome-extension://${session.extensionId}/popup.html#/add-account`);
    await popup.getByRole('button', { name: 'Import an existing account' }).click();
    await chooseImport('btcli coldkey');
    await popup.getByLabel('btcli coldkey file (or coldkeypub.txt)').setInputFiles({ name: 'coldkey', mimeType: 'application/octet-stream', buffer: file });
    await popup.getByLabel('Password of the coldkey (if encrypted)').fill('btcli password');
    await finish('From btcli', false);
    // Argon2i at btcli's sensitive limits (512 MiB) takes seconds in the worker.
    await expect.poll(activeAddress, { timeout: 60_000 }).toBe(pair.address);
  });
});
