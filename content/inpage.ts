// MAIN-world page script, run at document_start: makes the wallet visible to dApps as
// window.injectedWeb3[INJECTED_NAME] with the @polkadot/extension-inject interface (enable ->
// { accounts, signer, metadata }). It runs on every page, so it stays tiny: no libraries, and it
// decides nothing; the background checks every request against the browser's idea of the origin.
import { CONTENT_SOURCE, INJECTED_NAME, PAGE_SOURCE, type ContentEvent, type ContentReply, type PageRequest } from './bridge.ts';

type Pending = { resolve: (v: unknown) => void; reject: (e: Error) => void };
type AccountsCallback = (accounts: unknown[]) => void | Promise<void>;

const pending = new Map<string, Pending>();
const accountListeners = new Set<AccountsCallback>();
const prefix = Math.random().toString(36).slice(2, 10);
let counter = 0;

window.addEventListener('message', (event: MessageEvent) => {
  const data = event.data as Partial<ContentReply & ContentEvent> | null;
  if (event.source !== window || data?.source !== CONTENT_SOURCE) return;
  if (typeof data.id === 'string') {
    const waiter = pending.get(data.id);
    if (!waiter) return;
    pending.delete(data.id);
    const reply = data.reply as { ok?: boolean; response?: unknown; error?: { code?: string; message?: string } } | undefined;
    if (reply?.ok) waiter.resolve(reply.response);
    else {
      const err = new Error(reply?.error?.message ?? 'Wallet request failed') as Error & { code?: string };
      err.code = reply?.error?.code ?? 'Internal';
      waiter.reject(err);
    }
  } else if (data.event?.name === 'dapp.accounts') {
    const accounts = (data.event.payload as { accounts?: unknown[] } | undefined)?.accounts ?? [];
    for (const cb of accountListeners) void Promise.resolve(cb(accounts)).catch(console.error);
  }
});

function request<T>(name: string, body: unknown): Promise<T> {
  const id = `${prefix}.${(counter++).toString(36)}`;
  return new Promise<T>((resolve, reject) => {
    pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
    const msg: PageRequest = { source: PAGE_SOURCE, id, name, request: body };
    try {
      window.postMessage(msg, window.location.origin);
    } catch (e) {
      pending.delete(id);
      reject(e instanceof Error ? e : new Error('The request could not be sent'));
    }
  });
}

const injected = {
  accounts: {
    get: (anyType?: boolean) => request<unknown[]>('pub(accounts.list)', anyType === undefined ? {} : { anyType: !!anyType }),
    subscribe(cb: AccountsCallback): () => void {
      accountListeners.add(cb);
      request<unknown[]>('pub(accounts.subscribe)', {}).then(cb, console.error);
      return () => {
        accountListeners.delete(cb);
        if (accountListeners.size === 0) request('pub(accounts.unsubscribe)', {}).catch(() => undefined);
      };
    },
  },
  metadata: {
    get: () => request<unknown[]>('pub(metadata.list)', {}),
    provide: (definition: unknown) => request<boolean>('pub(metadata.provide)', { definition }),
  },
  signer: {
    signPayload: (payload: unknown) => request<{ id: number; signature: string }>('pub(signer.signPayload)', { payload }),
    signRaw: (raw: unknown) => request<{ id: number; signature: string }>('pub(signer.signRaw)', { payload: raw }),
  },
};

const w = window as unknown as { injectedWeb3?: Record<string, unknown> };
w.injectedWeb3 ??= {};
w.injectedWeb3[INJECTED_NAME] = {
  version: '0.1.0',
  async enable(originName: string) {
    await request('pub(authorize.request)', { originName: String(originName ?? '').slice(0, 128) || 'unnamed dApp' });
    return injected;
  },
};
