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

/** Every handler, one per message name: the compiler checks that none is missing. */
export function createHandlers(services: Services, start: StartInfo): Handlers {
  return {
    ...systemHandlers(start),
    ...vaultHandlers(services),
    ...dappHandlers(services.dapp),
    ...chainHandlers(services.chain),
  };
}
