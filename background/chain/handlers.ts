// Handlers of the chain messages: thin adapters over ChainService.
import { chainMessages } from '../../src/protocol/chain.ts';
import type { HandlersOf } from '../router.ts';
import type { ChainService } from './service.ts';

export function chainHandlers(chain: ChainService): HandlersOf<typeof chainMessages> {
  return {
    'pri(chain.networks)': () => chain.networks(),
    'pri(chain.selectNetwork)': (req) => chain.selectNetwork(req.network, req.url),
    'pri(chain.state)': () => chain.state(),
    'pri(chain.validators)': (req) => chain.validators(req.netuid),
    'pri(chain.yields)': () => chain.yields(),
    'pri(chain.subnetCard)': (req) => chain.subnetCard(req.netuid),
    'pri(settings.get)': () => chain.settings(),
    'pri(settings.update)': (req) => chain.updateSettings(req),
    'pri(tx.prepare)': (req) => chain.prepare(req.from, req.intent, req.previewed),
    'pri(tx.submit)': (req) => chain.submit(req.id),
    'pri(tx.list)': () => chain.listTx(),
    'pri(chain.devnetFaucet)': (req) => chain.devnetFaucet(req.address),
  };
}
