// The chain integration tests sign as the dev account //Alice from an unlocked test vault.
import { testVault } from '../../../background/vault/testing.ts';
import { DEV_PHRASE } from '../../../devnet/state/genesis.ts';

export const ALICE_VAULT_PASSWORD = 'correct horse battery';

/** A test vault (cheap KDF, memory storage), set up and unlocked, holding //Alice of the dev phrase. */
export async function aliceVault() {
  const parts = await testVault();
  await parts.vault.setup(ALICE_VAULT_PASSWORD);
  await parts.vault.createFromMnemonic({ mnemonic: DEV_PHRASE, name: 'Alice', derivationPath: '//Alice' });
  return parts;
}
