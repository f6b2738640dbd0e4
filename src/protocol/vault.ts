// Messages of the key vault (background/vault, background/signer). Secrets only ever travel
// popup -> background (passwords, imported mnemonics and files), and background -> popup only in
// the create and backup flows (a generated or revealed mnemonic).
import * as v from 'valibot';
import { message } from './define.ts';
import { AddressSchema, NameSchema, PasswordSchema } from './wire.ts';

export type KeyType = 'sr25519' | 'ed25519';

export interface AccountSummary {
  /** SS58, prefix 42. */
  address: string;
  name: string;
  /** Key type, or 'watch' for an address without a key. */
  type: KeyType | 'watch';
  watchOnly: boolean;
  /** Derivation path used at creation (e.g. "//0"), if any. */
  derivationPath?: string;
  /** Where it came from, for the UI: created, mnemonic, seed, json, btcli, watch. */
  origin: 'created' | 'mnemonic' | 'seed' | 'json' | 'btcli' | 'watch';
  /** True when a mnemonic is stored for it (so "show recovery phrase" is possible). */
  hasMnemonic: boolean;
}

export interface VaultStatus {
  /** A vault exists (a password was set). */
  initialized: boolean;
  unlocked: boolean;
  /** Absolute auto-lock deadline (ms since epoch) while unlocked. */
  lockAt: number | null;
  autoLockMinutes: number;
  /** Accounts in the user's order; readable while locked (addresses are not secret). */
  accounts: AccountSummary[];
  /** Consecutive wrong passwords, and when the next attempt is allowed after 5 failures. */
  failedAttempts: number;
  retryAt: number | null;
  /** The stored vault could not be read (tampered or truncated): offer recovery by mnemonic. */
  corrupt: boolean;
}

const KeyTypeSchema = v.picklist(['sr25519', 'ed25519']);
const DerivationSchema = v.optional(v.pipe(v.string(), v.maxLength(256), v.regex(/^(\/\/?[^/]+)*$/, 'derivation path like //hard/soft')));
const MnemonicSchema = v.pipe(v.string(), v.maxLength(1024));
const FileTextSchema = v.pipe(v.string(), v.maxLength(2 * 1024 * 1024));

export const vaultMessages = {
  'pri(vault.status)': message<VaultStatus>()(v.strictObject({})),
  /** First run: sets the wallet password and creates an empty, unlocked vault. */
  'pri(vault.setup)': message<VaultStatus>()(v.strictObject({ password: PasswordSchema })),
  'pri(vault.unlock)': message<VaultStatus>()(v.strictObject({ password: PasswordSchema })),
  'pri(vault.lock)': message<VaultStatus>()(v.strictObject({})),
  'pri(vault.changePassword)': message<VaultStatus>()(v.strictObject({ oldPassword: PasswordSchema, newPassword: PasswordSchema })),
  'pri(vault.setAutoLock)': message<VaultStatus>()(v.strictObject({ minutes: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(24 * 60)) })),
  /** Discards an unreadable vault so the user can recover from a mnemonic. Needs explicit confirmation. */
  'pri(vault.reset)': message<VaultStatus>()(v.strictObject({ confirm: v.literal('DELETE ALL KEYS') })),

  /** Create flow: a fresh mnemonic for the user to write down (not stored until accounts.create). */
  'pri(mnemonic.generate)': message<{ mnemonic: string }>()(v.strictObject({ words: v.picklist([12, 24]) })),
  /** Checks a mnemonic; an invalid one is a WalletError InvalidMnemonic that names the bad word. */
  'pri(mnemonic.validate)': message<{ valid: true }>()(v.strictObject({ mnemonic: MnemonicSchema })),

  'pri(accounts.create)': message<AccountSummary>()(
    v.strictObject({ mnemonic: MnemonicSchema, name: NameSchema, type: v.optional(KeyTypeSchema), derivationPath: DerivationSchema, origin: v.optional(v.picklist(['created', 'mnemonic'])) }),
  ),
  'pri(accounts.importSeed)': message<AccountSummary>()(
    v.strictObject({ seed: v.pipe(v.string(), v.regex(/^0x[0-9a-fA-F]{64}$/, 'a 32-byte hex seed (0x + 64 hex digits)')), name: NameSchema, type: v.optional(KeyTypeSchema), derivationPath: DerivationSchema }),
  ),
  /** A polkadot-js JSON keystore: one account, or a batch export. */
  'pri(accounts.importJson)': message<AccountSummary[]>()(v.strictObject({ json: FileTextSchema, password: PasswordSchema, name: v.optional(NameSchema) }), 2 * 1024 * 1024 + 4096),
  /**
   * A btcli coldkey file ($NACL encrypted, or unencrypted), or coldkeypub.txt (watch-only). An
   * encrypted coldkey is binary: send it base64 (bare, or a `data:...;base64,` URL from
   * FileReader.readAsDataURL) or as a binary string (readAsBinaryString); JSON files as text.
   * `password` is the coldkey's btcli password (needed for $NACL files; the wallet must be unlocked).
   */
  'pri(accounts.importBtcli)': message<AccountSummary>()(v.strictObject({ file: FileTextSchema, password: v.optional(PasswordSchema), name: NameSchema }), 2 * 1024 * 1024 + 4096),
  'pri(accounts.addWatch)': message<AccountSummary>()(v.strictObject({ address: AddressSchema, name: NameSchema })),
  'pri(accounts.rename)': message<AccountSummary>()(v.strictObject({ address: AddressSchema, name: NameSchema })),
  'pri(accounts.remove)': message<VaultStatus>()(v.strictObject({ address: AddressSchema, password: v.optional(PasswordSchema) })),
  'pri(accounts.reorder)': message<VaultStatus>()(v.strictObject({ addresses: v.pipe(v.array(AddressSchema), v.maxLength(1000)) })),
  /** A polkadot-js JSON keystore (encrypted with `exportPassword`, default the wallet password). */
  'pri(accounts.exportJson)': message<{ json: string }>()(v.strictObject({ address: AddressSchema, password: PasswordSchema, exportPassword: v.optional(PasswordSchema) })),
  /** Backup flow: the stored mnemonic, only with the wallet password. */
  'pri(accounts.revealMnemonic)': message<{ mnemonic: string }>()(v.strictObject({ address: AddressSchema, password: PasswordSchema })),
} as const;

/**
 * Error codes this domain adds to the shared ones in errors.ts (WrongPassword, TooManyAttempts
 * with details { failedAttempts, retryAt }, Locked, WatchOnly, UnknownAccount, CorruptVault,
 * InvalidMnemonic with details { word, position } for an unknown word, NoVault, VaultExists).
 */
export const VaultErrorCode = {
  /** A polkadot-js JSON file that cannot be read (truncated, altered, unsupported key type). */
  InvalidKeystore: 'InvalidKeystore',
  /** A btcli key file that cannot be read (truncated, legacy encryption, mismatched address). */
  InvalidKeyfile: 'InvalidKeyfile',
  /** The account already holds a key in this wallet. */
  AccountExists: 'AccountExists',
  /** A new wallet password shorter than 8 characters. */
  WeakPassword: 'WeakPassword',
} as const;

export interface VaultEvents {
  /** Lock state or accounts changed. */
  'vault.changed': VaultStatus;
}
