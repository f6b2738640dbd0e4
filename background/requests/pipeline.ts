// The dApp request pipeline (one chain for every pub(...) call, in the order Rabby's flow uses):
//
//   method known -> unlocked (where needed) -> origin authorized -> needs approval -> execute
//
// Each flow below says, per method, what each step requires. Approval flows execute when the user
// approves (DappService.approve runs the same `execute`), because the user may approve after a
// worker restart, when this call's continuation no longer exists.
import type { dappMessages, InjectedAccountView, AuthorizationView } from '../../src/protocol/dapp.ts';
import { WalletError, WalletErrorCode } from '../../src/protocol/errors.ts';
import type { PublicName, RequestOf, ResponseOf } from '../../src/protocol/index.ts';
import type { HandlerContext } from '../router.ts';

export type DappPubName = Extract<keyof typeof dappMessages, PublicName>;

export interface PageContext {
  origin: string;
  tabId: number;
  /** The page message's envelope id (for resume after a worker restart). */
  replyTo: string | null;
  /** The relay's id for the page document that asked: a reload or navigation is a new document. */
  document: string | null;
}

/** What the pipeline needs from the service; DappService implements it. */
export interface PipelineHost {
  isUnlocked(): Promise<boolean>;
  authorization(origin: string): Promise<AuthorizationView | undefined>;
  accountsFor(auth: AuthorizationView): Promise<InjectedAccountView[]>;
  /** Queues an approval request, opens its window and waits for the outcome (the executed result). */
  approval<N extends DappPubName>(name: N, request: RequestOf<N>, page: PageContext, auth: AuthorizationView | undefined): Promise<ResponseOf<N>>;
  subscribe(page: PageContext, subscribed: boolean): Promise<void>;
  knownMetadata(): Promise<{ genesisHash: string; specVersion: number }[]>;
  resume(page: PageContext, replyTo: string): Promise<unknown>;
}

interface Flow<N extends DappPubName> {
  /** Step 2. 'never': works while locked. 'atApproval': the approval window asks for the password. */
  unlock: 'never' | 'atApproval';
  /** Step 3. The origin must have been authorized by the user. */
  authorized: boolean;
  /** Step 4. Whether this call (for this origin, now) needs the user's approval. */
  needsApproval(auth: AuthorizationView | undefined, request: RequestOf<N>): boolean;
  /** Step 5, for calls without approval. */
  execute?(host: PipelineHost, request: RequestOf<N>, page: PageContext, auth: AuthorizationView | undefined): Promise<ResponseOf<N>>;
}

type Flows = { [N in DappPubName]: Flow<N> };

const never = () => false;
const always = () => true;

export const flows: Flows = {
  'pub(authorize.request)': {
    unlock: 'never',
    authorized: false,
    needsApproval: (auth) => !auth,
    execute: async () => ({ authorized: true as const }),
  },
  'pub(accounts.list)': {
    unlock: 'never',
    authorized: true,
    needsApproval: never,
    execute: (host, _req, _page, auth) => host.accountsFor(auth!),
  },
  'pub(accounts.subscribe)': {
    unlock: 'never',
    authorized: true,
    needsApproval: never,
    execute: async (host, _req, page, auth) => {
      await host.subscribe(page, true);
      return host.accountsFor(auth!);
    },
  },
  'pub(accounts.unsubscribe)': {
    unlock: 'never',
    authorized: false,
    needsApproval: never,
    execute: async (host, _req, page) => {
      await host.subscribe(page, false);
      return { unsubscribed: true as const };
    },
  },
  'pub(signer.signPayload)': { unlock: 'atApproval', authorized: true, needsApproval: always },
  'pub(signer.signRaw)': { unlock: 'atApproval', authorized: true, needsApproval: always },
  'pub(metadata.list)': {
    unlock: 'never',
    authorized: true,
    needsApproval: never,
    execute: (host) => host.knownMetadata(),
  },
  'pub(metadata.provide)': {
    unlock: 'never',
    authorized: true,
    needsApproval: never,
    // The wallet always decodes with the connected chain's live metadata; a page's definition is not used.
    execute: async () => false,
  },
  'pub(requests.resume)': {
    unlock: 'never',
    authorized: false,
    needsApproval: never,
    execute: (host, req, page) => host.resume(page, req.replyTo),
  },
};

export function pageOf(ctx: HandlerContext): PageContext {
  if (ctx.sender.kind !== 'page') throw new WalletError(WalletErrorCode.Forbidden, 'Only web pages use the dApp interface');
  return { origin: ctx.sender.origin, tabId: ctx.sender.tabId, replyTo: ctx.requestId ?? null, document: ctx.document ?? null };
}

/** Runs one pub(...) call through the pipeline. The origin is the browser's, from `ctx.sender`. */
export async function runPipeline<N extends DappPubName>(host: PipelineHost, name: N, request: RequestOf<N>, ctx: HandlerContext): Promise<ResponseOf<N>> {
  // 1. method known
  const flow = Object.prototype.hasOwnProperty.call(flows, name) ? (flows[name] as unknown as Flow<N>) : undefined;
  if (!flow) throw new WalletError(WalletErrorCode.UnknownMessage, 'Unknown dApp method');
  const page = pageOf(ctx);

  // 2. unlocked (where needed): no dApp call needs the wallet unlocked up front (addresses are
  // readable while locked). 'atApproval' flows ask for the password in their approval window, and
  // `assertUnlockedToExecute` refuses to run them while locked.

  // 3. origin authorized
  const auth = await host.authorization(page.origin);
  if (flow.authorized && !auth) throw new WalletError(WalletErrorCode.Unauthorized, 'This site is not connected to the wallet; call enable() first');

  // 4. needs approval: queue it, open its window, and wait for the user's answer (which executes it).
  if (flow.needsApproval(auth, request)) return host.approval(name, request, page, auth);

  // 5. execute
  if (!flow.execute) throw new WalletError(WalletErrorCode.Internal, 'Flow without an executor');
  return flow.execute(host, request, page, auth);
}

/** Step 2 for approval flows, checked when the user approves: Locked leaves the request pending. */
export async function assertUnlockedToExecute(host: Pick<PipelineHost, 'isUnlocked'>, name: DappPubName): Promise<void> {
  if (flows[name].unlock === 'atApproval' && !(await host.isUnlocked())) {
    throw new WalletError(WalletErrorCode.Locked, 'Unlock the wallet to approve this request');
  }
}
