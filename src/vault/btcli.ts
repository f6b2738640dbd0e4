// btcli / bittensor-wallet (btwallet) keyfiles.
//
// Facts, from opentensor/btwallet src/keyfile.rs (commit bd5ed7da, `derive_key`,
// `encrypt_keyfile_data`, `serialized_keypair_to_keyfile_data`):
// - encrypted file = b"$NACL" || nonce (24 bytes) || secretbox(key, nonce, data) (xsalsa20-poly1305);
// - key = argon2i13 (32 bytes, password, NACL_SALT, OPSLIMIT_SENSITIVE, MEMLIMIT_SENSITIVE); libsodium's
//   argon2i "sensitive" limits are opslimit 8 and memlimit 536870912 bytes (checked against
//   libsodium 1.0.x through libsodium-wrappers-sumo in src/vault/btcli.test.ts);
// - data = JSON { accountId, publicKey, privateKey, secretPhrase, secretSeed, ss58Address }, all optional;
//   coldkeypub.txt is the same JSON, unencrypted, without the secret fields;
// - older files start with "$ANSIBLE_VAULT" or "gAAAAA" (fernet); btcli still reads them.
import { xsalsa20poly1305 } from '@noble/ciphers/salsa.js';
import { hexToU8a, isHex, u8aEq, u8aToString } from '@polkadot/util';
import { base64Decode, decodeAddress } from '@polkadot/util-crypto';
import { WalletError } from '../protocol/errors.ts';
import { utf8, wipe } from './encoding.ts';
import { addressOf, checkSr25519Pair, miniSecretFromEntropy, pairFromSeed, type SecretMaterial } from './keys.ts';
import { mnemonicToEntropyChecked } from './mnemonic.ts';

export const BTCLI_NACL_PREFIX = '$NACL';
export const BTCLI_NACL_SALT = Uint8Array.from([0x13, 0x71, 0x83, 0xdf, 0xf1, 0x5a, 0x09, 0xbc, 0x9c, 0x90, 0xb5, 0x51, 0x87, 0x39, 0xe9, 0xb1]);
export const BTCLI_ARGON2I_OPSLIMIT = 8;
export const BTCLI_ARGON2I_MEMLIMIT = 536_870_912;

export type Argon2iFn = (password: Uint8Array, salt: Uint8Array, opslimit: number, memlimit: number) => Promise<Uint8Array>;

export interface BtcliKeyData {
  accountId?: string;
  publicKey?: string;
  privateKey?: string;
  secretPhrase?: string;
  secretSeed?: string;
  ss58Address?: string;
}

export type BtcliKeyfile =
  | { kind: 'nacl'; nonce: Uint8Array; ciphertext: Uint8Array }
  | { kind: 'legacy'; method: 'Ansible Vault' | 'fernet' }
  | { kind: 'plain'; data: BtcliKeyData };

export function invalidBtcli(reason: string): WalletError {
  return new WalletError('InvalidKeyfile', `Not a usable btcli key file: ${reason}`);
}

const startsWith = (bytes: Uint8Array, prefix: string) => bytes.length >= prefix.length && [...prefix].every((c, i) => bytes[i] === c.charCodeAt(0));

/**
 * The file's bytes from the text the popup sends. An encrypted coldkey is binary, so the popup
 * sends it base64 (a data: URL or bare base64) or as a binary string (FileReader.readAsBinaryString,
 * one char per byte); 0x-hex is accepted too. coldkeypub.txt and unencrypted files are JSON text.
 */
export function btcliFileBytes(text: string): Uint8Array {
  const trimmed = text.trim();
  if (trimmed.startsWith('{') || trimmed.startsWith(BTCLI_NACL_PREFIX) || trimmed.startsWith('$ANSIBLE_VAULT') || trimmed.startsWith('gAAAAA')) {
    if (trimmed.startsWith('{')) return utf8(trimmed);
    const bytes = new Uint8Array(text.length);
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      if (code > 0xff) throw invalidBtcli('the file was read as text and its binary content was lost; read it as binary or base64');
      bytes[i] = code;
    }
    return bytes;
  }
  const dataUrl = /^data:[^,]*;base64,(.*)$/s.exec(trimmed);
  const b64 = (dataUrl ? dataUrl[1]! : trimmed).replace(/\s+/g, '');
  if (isHex(b64)) return hexToU8a(b64);
  if (b64.length > 0 && b64.length % 4 === 0 && /^[A-Za-z0-9+/]+={0,2}$/.test(b64)) return base64Decode(b64);
  throw invalidBtcli('unrecognised content');
}

function parseKeyData(json: string): BtcliKeyData {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    throw invalidBtcli('the key data is not JSON (truncated?)');
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw invalidBtcli('the key data is not an object');
  const out: BtcliKeyData = {};
  for (const field of ['accountId', 'publicKey', 'privateKey', 'secretPhrase', 'secretSeed', 'ss58Address'] as const) {
    const v = (value as Record<string, unknown>)[field];
    if (v === undefined || v === null) continue;
    if (typeof v !== 'string') throw invalidBtcli(`${field} is not a string`);
    out[field] = v;
  }
  return out;
}

export function parseBtcliKeyfile(bytes: Uint8Array): BtcliKeyfile {
  if (startsWith(bytes, BTCLI_NACL_PREFIX)) {
    if (bytes.length < 5 + 24 + 16) throw invalidBtcli('the encrypted file is truncated');
    return { kind: 'nacl', nonce: bytes.slice(5, 29), ciphertext: bytes.slice(29) };
  }
  if (startsWith(bytes, '$ANSIBLE_VAULT')) return { kind: 'legacy', method: 'Ansible Vault' };
  if (startsWith(bytes, 'gAAAAA')) return { kind: 'legacy', method: 'fernet' };
  if (bytes[0] === 0x7b /* { */) return { kind: 'plain', data: parseKeyData(u8aToString(bytes)) };
  throw invalidBtcli('neither a $NACL encrypted coldkey nor JSON');
}

/** Decrypts a $NACL file. Limits are btcli's unless a test passes cheaper ones for a file it made itself. */
export async function decryptBtcliKeyfile(
  file: Extract<BtcliKeyfile, { kind: 'nacl' }>,
  password: string,
  argon2i: Argon2iFn,
  limits = { opslimit: BTCLI_ARGON2I_OPSLIMIT, memlimit: BTCLI_ARGON2I_MEMLIMIT },
): Promise<BtcliKeyData> {
  const passwordBytes = utf8(password);
  const key = await argon2i(passwordBytes, BTCLI_NACL_SALT, limits.opslimit, limits.memlimit);
  wipe(passwordBytes);
  let plain: Uint8Array;
  try {
    plain = xsalsa20poly1305(key, file.nonce).decrypt(file.ciphertext);
  } catch {
    throw new WalletError('WrongPassword', 'Wrong password for this coldkey (or the file was altered)');
  } finally {
    wipe(key);
  }
  try {
    return parseKeyData(u8aToString(plain));
  } finally {
    wipe(plain);
  }
}

export interface BtcliAccount {
  publicKey: Uint8Array;
  address: string;
  /** Absent for coldkeypub.txt (watch-only). The caller wipes it. */
  material?: SecretMaterial;
}

function hexBytes(value: string, length: number, field: string): Uint8Array {
  const h = value.startsWith('0x') ? value : `0x${value}`;
  if (!isHex(h) || (h.length - 2) / 2 !== length) throw invalidBtcli(`${field} is not ${length} bytes of hex`);
  return hexToU8a(h);
}

/** The declared account of the file (publicKey, accountId or ss58Address), all of which must agree. */
function declaredPublicKey(data: BtcliKeyData): Uint8Array | undefined {
  const candidates: Uint8Array[] = [];
  if (data.publicKey) candidates.push(hexBytes(data.publicKey, 32, 'publicKey'));
  if (data.accountId) candidates.push(hexBytes(data.accountId, 32, 'accountId'));
  if (data.ss58Address) {
    try {
      candidates.push(decodeAddress(data.ss58Address));
    } catch {
      throw invalidBtcli('ss58Address is not valid');
    }
  }
  const [first] = candidates;
  if (first && candidates.some((c) => !u8aEq(c, first))) throw invalidBtcli('publicKey, accountId and ss58Address disagree');
  return first;
}

/** The account a btcli key data object describes. Key type is always sr25519 (btwallet's default). */
export function btcliAccount(data: BtcliKeyData): BtcliAccount {
  const declared = declaredPublicKey(data);
  let material: SecretMaterial | undefined;
  let publicKey: Uint8Array;
  if (data.secretPhrase) {
    const { entropy } = mnemonicToEntropyChecked(data.secretPhrase);
    const seed = miniSecretFromEntropy(entropy);
    material = { kind: 'seed', seed, entropy };
  } else if (data.secretSeed) {
    material = { kind: 'seed', seed: hexBytes(data.secretSeed, 32, 'secretSeed') };
  } else if (data.privateKey) {
    if (!declared) throw invalidBtcli('privateKey without a publicKey');
    const raw = hexBytes(data.privateKey, 64, 'privateKey');
    const secretKey = checkSr25519Pair(raw, declared);
    wipe(raw);
    if (!secretKey) throw invalidBtcli('privateKey does not match publicKey');
    material = { kind: 'pair', secretKey, publicKey: declared.slice() };
  }
  if (material?.kind === 'seed') {
    const pair = pairFromSeed('sr25519', material.seed);
    publicKey = pair.publicKey;
    wipe(pair.secretKey);
  } else if (material?.kind === 'pair') {
    publicKey = material.publicKey.slice();
  } else if (declared) {
    publicKey = declared;
  } else {
    throw invalidBtcli('no key and no address in the file');
  }
  if (declared && !u8aEq(declared, publicKey)) {
    if (material?.kind === 'seed') wipe(material.seed, material.entropy);
    throw invalidBtcli('the secret in the file does not match its address');
  }
  return { publicKey, address: addressOf(publicKey), ...(material ? { material } : {}) };
}
