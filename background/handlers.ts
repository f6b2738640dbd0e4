import { messages, WalletError, type MessageName } from '../src/protocol/index.ts';
import { systemMessages } from '../src/protocol/system.ts';
import type { Handlers, HandlersOf } from './router.ts';
import type { Services } from './services.ts';
import { vaultHandlers } from './vault/handlers.ts';
import { dappHandlers } from './requests/handlers.ts';
import { chainHandlers } from './chain/handlers.ts';

export interface StartInfo {
  version: string;
  startedAt: number;
  readyAt: number;
}

function systemHandlers(start: StartInfo): HandlersOf<typeof systemMessages> {
  return {
    'pri(system.status)': () => ({ version: start.version, startedAt: start.startedAt, readyMs: start.readyAt - start.startedAt }),
    'pub(system.ping)': () => ({ pong: true as const }),
  };
}

/**
 * Scaffolding while domains land: a clear error for messages whose handler is not written yet.
 * Remove once every domain is wired, so the compiler checks that no handler is missing.
 */
function notYetImplemented(): Handlers {
  const out: Partial<Record<MessageName, () => never>> = {};
  for (const name of Object.keys(messages) as MessageName[]) {
    out[name] = () => {
      throw new WalletError('NotImplemented', `${name} is not available in this build`);
    };
  }
  return out as unknown as Handlers;
}

/** Every handler, one per message name. */
export function createHandlers(services: Services, start: StartInfo): Handlers {
  return {
    ...notYetImplemented(),
    ...systemHandlers(start),
    ...vaultHandlers(services),
    ...dappHandlers(services.dapp),
    ...chainHandlers(services.chain),
  };
}
