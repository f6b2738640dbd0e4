import type { dappMessages } from '../../src/protocol/dapp.ts';
import type { HandlersOf } from '../router.ts';
import type { DappService } from './service.ts';

/** The dApp domain's handlers: pub(...) calls go through the pipeline, pri(...) to the queue and store. */
export function dappHandlers(dapp: DappService): HandlersOf<typeof dappMessages> {
  return {
    'pub(authorize.request)': (req, ctx) => dapp.run('pub(authorize.request)', req, ctx),
    'pub(accounts.list)': (req, ctx) => dapp.run('pub(accounts.list)', req, ctx),
    'pub(accounts.subscribe)': (req, ctx) => dapp.run('pub(accounts.subscribe)', req, ctx),
    'pub(accounts.unsubscribe)': (req, ctx) => dapp.run('pub(accounts.unsubscribe)', req, ctx),
    'pub(signer.signPayload)': (req, ctx) => dapp.run('pub(signer.signPayload)', req, ctx),
    'pub(signer.signRaw)': (req, ctx) => dapp.run('pub(signer.signRaw)', req, ctx),
    'pub(metadata.list)': (req, ctx) => dapp.run('pub(metadata.list)', req, ctx),
    'pub(metadata.provide)': (req, ctx) => dapp.run('pub(metadata.provide)', req, ctx),
    'pub(requests.resume)': (req, ctx) => dapp.run('pub(requests.resume)', req, ctx),

    'pri(authorizations.list)': () => dapp.listAuthorizations(),
    'pri(authorizations.update)': (req) => dapp.updateAuthorization(req.origin, req.addresses),
    'pri(authorizations.revoke)': (req) => dapp.revokeAuthorization(req.origin),
    'pri(requests.list)': () => dapp.list(),
    'pri(requests.get)': (req) => dapp.detail(req.id),
    'pri(requests.approve)': (req) => dapp.approve(req.id, req.addresses),
    'pri(requests.reject)': (req) => dapp.reject(req.id),
  };
}
