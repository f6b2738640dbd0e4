// pri(vault.*), pri(mnemonic.*), pri(accounts.*): thin adapters from messages to VaultService.
import type { vaultMessages } from '../../src/protocol/vault.ts';
import type { HandlersOf } from '../router.ts';
import type { VaultService } from './service.ts';

export function vaultHandlers({ vault }: { vault: VaultService }): HandlersOf<typeof vaultMessages> {
  return {
    'pri(vault.status)': () => vault.status(),
    'pri(vault.setup)': ({ password }) => vault.setup(password),
    'pri(vault.unlock)': ({ password }) => vault.unlock(password),
    'pri(vault.lock)': () => vault.lock(),
    'pri(vault.changePassword)': ({ oldPassword, newPassword }) => vault.changePassword(oldPassword, newPassword),
    'pri(vault.setAutoLock)': ({ minutes }) => vault.setAutoLock(minutes),
    'pri(vault.reset)': () => vault.reset(),
    'pri(mnemonic.generate)': ({ words }) => vault.generateMnemonic(words),
    'pri(mnemonic.validate)': ({ mnemonic }) => vault.validateMnemonic(mnemonic),
    'pri(accounts.create)': (req) => vault.createFromMnemonic(req),
    'pri(accounts.importSeed)': (req) => vault.importSeed(req),
    'pri(accounts.importJson)': (req) => vault.importJson(req),
    'pri(accounts.importBtcli)': (req) => vault.importBtcli(req),
    'pri(accounts.addWatch)': (req) => vault.addWatch(req),
    'pri(accounts.rename)': (req) => vault.rename(req),
    'pri(accounts.remove)': (req) => vault.remove(req),
    'pri(accounts.reorder)': (req) => vault.reorder(req),
    'pri(accounts.exportJson)': (req) => vault.exportJson(req),
    'pri(accounts.revealMnemonic)': (req) => vault.revealMnemonic(req),
  };
}
