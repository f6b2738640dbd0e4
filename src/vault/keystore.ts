// polkadot-js JSON keystores (encoding version 3: scrypt + xsalsa20-poly1305 over a PKCS8-like
// body), single-account files and the extension's "export all" batch files.
import { decodePair } from '@polkadot/keyring/pair/decode';
import { encodePair } from '@polkadot/keyring/pair/encode';
import { hexToU8a, isHex, u8aEq, u8aToString } from '@polkadot/util';
import { base64Decode, decodeAddress, jsonDecryptData, jsonEncryptFormat } from '@polkadot/util-crypto';
import { WalletError } from '../protocol/errors.ts';
import type { KeyType } from '../protocol/vault.ts';
import { wipe } from './encoding.ts';
import { addressOf, checkSr25519Pair, type Keypair } from './keys.ts';

/** The JSON shape @polkadot/keyring's pair.toJson() writes and Keyring.addFromJson() reads. */
export interface KeystoreJson {
  address: string;
  encoded: string;
  encoding: { content: string[]; type: string[]; version: string };
  meta: Record<string, unknown>;
}

export interface KeystoreAccount extends Keypair {
  type: KeyType;
  address: string;
  name?: string;
}

export function invalidKeystore(reason: string): WalletError {
  return new WalletError('InvalidKeystore', `Not a usable polkadot-js JSON file: ${reason}`);
}

function wrongPassword(): WalletError {
  return new WalletError('WrongPassword', 'Wrong password for this JSON file (or the file was altered)');
}

function asObject(value: unknown, what: string): Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw invalidKeystore(`${what} is not an object`);
  return value as Record<string, unknown>;
}

function encodingOf(json: Record<string, unknown>): { content: string[]; type: string[]; version: string } {
  const encoding = asObject(json.encoding, 'encoding');
  const content = encoding.content;
  const type = encoding.type;
  if (!Array.isArray(content) || !content.every((c) => typeof c === 'string')) throw invalidKeystore('encoding.content missing');
  const types = Array.isArray(type) ? type : typeof type === 'string' ? [type] : undefined;
  if (!types || !types.every((t) => typeof t === 'string')) throw invalidKeystore('encoding.type missing');
  return { content, type: types as string[], version: String(encoding.version ?? '') };
}

function encodedBytes(json: Record<string, unknown>): Uint8Array {
  const encoded = json.encoded;
  if (typeof encoded !== 'string' || encoded.length === 0) throw invalidKeystore('no encoded data');
  try {
    return isHex(encoded) ? hexToU8a(encoded) : base64Decode(encoded);
  } catch {
    throw invalidKeystore('encoded data is not base64');
  }
}

function checkEncrypted(type: string[]): void {
  if (!type.includes('xsalsa20-poly1305')) throw invalidKeystore('the file is not encrypted; only encrypted keystores are accepted');
}

function isPassphraseError(e: unknown): boolean {
  return e instanceof Error && /passphrase|password/i.test(e.message);
}

function decodeSingle(json: Record<string, unknown>, password: string): KeystoreAccount {
  const { content, type } = encodingOf(json);
  if (content[0] !== 'pkcs8') throw invalidKeystore(`unsupported content '${String(content[0]).slice(0, 20)}'`);
  const keyType = content[1] ?? 'sr25519';
  if (keyType !== 'sr25519' && keyType !== 'ed25519') throw invalidKeystore(`key type '${keyType.slice(0, 20)}' is not supported (sr25519 and ed25519 are)`);
  checkEncrypted(type);
  if (typeof json.address !== 'string') throw invalidKeystore('address missing');
  let declared: Uint8Array;
  try {
    declared = decodeAddress(json.address);
  } catch {
    throw invalidKeystore('address is not valid');
  }
  const bytes = encodedBytes(json);
  let decoded: Keypair;
  try {
    decoded = decodePair(password, bytes, type as never);
  } catch (e) {
    if (isPassphraseError(e)) throw wrongPassword();
    throw invalidKeystore('the encrypted body is malformed');
  }
  let secretKey: Uint8Array = decoded.secretKey.slice();
  const publicKey = decoded.publicKey.slice();
  wipe(decoded.secretKey);
  if (secretKey.length !== 64 || publicKey.length !== 32 || !u8aEq(publicKey, declared)) {
    wipe(secretKey);
    throw invalidKeystore('the decrypted key does not match the address in the file');
  }
  if (keyType === 'sr25519') {
    const usable = checkSr25519Pair(secretKey, publicKey);
    wipe(secretKey);
    if (!usable) throw invalidKeystore('the decrypted key does not sign for its address');
    secretKey = usable;
  }
  const meta = json.meta && typeof json.meta === 'object' ? (json.meta as Record<string, unknown>) : {};
  const name = typeof meta.name === 'string' && meta.name.trim() ? meta.name.trim().slice(0, 64) : undefined;
  return { type: keyType, publicKey, secretKey, address: addressOf(publicKey), ...(name ? { name } : {}) };
}

/**
 * Parses and decrypts a keystore file: one account, or a batch export (an encrypted JSON array of
 * single keystores, each encrypted with the same password). The caller wipes every secretKey.
 */
export function decryptKeystoreFile(text: string, password: string): KeystoreAccount[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw invalidKeystore('not JSON (truncated?)');
  }
  const json = asObject(parsed, 'file');
  const { content, type } = encodingOf(json);
  if (content[0] !== 'batch-pkcs8') return [decodeSingle(json, password)];

  checkEncrypted(type);
  let inner: Uint8Array;
  try {
    inner = jsonDecryptData(encodedBytes(json), password, type as never);
  } catch (e) {
    if (isPassphraseError(e)) throw wrongPassword();
    throw invalidKeystore('the encrypted body is malformed');
  }
  let list: unknown;
  try {
    list = JSON.parse(u8aToString(inner));
  } catch {
    throw invalidKeystore('the batch body is not JSON');
  } finally {
    wipe(inner);
  }
  if (!Array.isArray(list) || list.length === 0) throw invalidKeystore('the batch holds no accounts');
  const out: KeystoreAccount[] = [];
  try {
    for (const entry of list) out.push(decodeSingle(asObject(entry, 'batch entry'), password));
  } catch (e) {
    for (const a of out) wipe(a.secretKey);
    throw e;
  }
  return out;
}

/**
 * A single-account keystore exactly as @polkadot/keyring writes it (scrypt N=2^15, r=8, p=1, then
 * xsalsa20-poly1305), so Keyring.addFromJson and btcli's `--json` import read it.
 */
export function encryptKeystore(pair: Keypair, type: KeyType, name: string, password: string, whenCreated: number): KeystoreJson {
  const encoded = encodePair(pair, password);
  const format = jsonEncryptFormat(encoded, ['pkcs8', type], true);
  return {
    address: addressOf(pair.publicKey),
    encoded: format.encoded,
    encoding: { content: [...format.encoding.content], type: ([] as string[]).concat(format.encoding.type), version: format.encoding.version },
    meta: { genesisHash: '', name, whenCreated },
  };
}
