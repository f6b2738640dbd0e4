// MAIN-world page script, run at document_start: makes the wallet visible to dApps as
// window.injectedWeb3[INJECTED_NAME] before any page script runs.
import { CONTENT_SOURCE, INJECTED_NAME, PAGE_SOURCE, type ContentReply, type PageRequest } from './bridge.ts';

type Pending = { resolve: (v: unknown) => void; reject: (e: Error) => void };
const pending = new Map<string, Pending>();
let counter = 0;

window.addEventListener('message', (event: MessageEvent) => {
  const data = event.data as Partial<ContentReply> | null;
  if (event.source !== window || data?.source !== CONTENT_SOURCE || typeof data.id !== 'string') return;
  const waiter = pending.get(data.id);
  if (!waiter) return;
  pending.delete(data.id);
  const reply = data.reply as { ok: boolean; response?: unknown; error?: { code: string; message: string } } | undefined;
  if (reply?.ok) waiter.resolve(reply.response);
  else {
    const err = new Error(reply?.error?.message ?? 'Wallet request failed') as Error & { code?: string };
    err.code = reply?.error?.code ?? 'Internal';
    waiter.reject(err);
  }
});

function request<T>(name: string, body: unknown): Promise<T> {
  const id = `${Date.now().toString(36)}.${(counter++).toString(36)}`;
  return new Promise<T>((resolve, reject) => {
    pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
    const msg: PageRequest = { source: PAGE_SOURCE, id, name, request: body };
    window.postMessage(msg, window.location.origin);
  });
}

const w = window as unknown as { injectedWeb3?: Record<string, unknown> };
w.injectedWeb3 ??= {};
w.injectedWeb3[INJECTED_NAME] = {
  version: '0.1.0',
  async enable(_originName: string) {
    await request('pub(system.ping)', {});
    throw new Error('TaoStake: dApp connection is not available yet');
  },
};
