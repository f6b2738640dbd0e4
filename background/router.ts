import * as v from 'valibot';
import type { Runtime } from 'webextension-polyfill';
import {
  EnvelopeSchema,
  isMessageName,
  messages,
  scopeOf,
  toWireError,
  WalletError,
  WalletErrorCode,
  type MessageName,
  type Reply,
  type RequestOf,
  type ResponseOf,
} from '../src/protocol/index.ts';

/** Who sent a message, derived only from what the browser says about the sender. */
export type SenderInfo =
  | { kind: 'extension'; url: string }
  | { kind: 'page'; origin: string; url: string; tabId: number; frameId: number };

export interface HandlerContext {
  sender: SenderInfo;
  /** The envelope id the caller chose (the dApp relay uses it to resume a reply after a worker restart). */
  requestId?: string;
  /** The page document's id the dApp relay sent (see EnvelopeSchema.document). */
  document?: string;
}

export type Handler<N extends MessageName> = (
  request: RequestOf<N>,
  ctx: HandlerContext,
) => Promise<ResponseOf<N>> | ResponseOf<N>;

export type Handlers = { [N in MessageName]: Handler<N> };
/** The handlers of one domain's slice of the message map. */
export type HandlersOf<M> = { [N in keyof M & MessageName]: Handler<N> };

/** A URL reduced to its origin (`https://app.example:8443`), or undefined if it has none. */
export function originOf(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const origin = new URL(url).origin;
    return origin === 'null' ? undefined : origin;
  } catch {
    return undefined;
  }
}

/**
 * Extension pages are recognised by URL (`browser.runtime.getURL('')`, which also covers Firefox's
 * per-profile moz-extension UUID). Anything else must be a content script in a web page's tab.
 */
export function classifySender(sender: Runtime.MessageSender, extensionId: string, extensionBaseUrl: string): SenderInfo | undefined {
  if (sender.id !== extensionId || !sender.url) return undefined;
  const url = sender.url;
  if (url.startsWith(extensionBaseUrl)) return { kind: 'extension', url };
  const origin = originOf(url);
  if (!origin || sender.tab?.id === undefined) return undefined;
  if (!origin.startsWith('http://') && !origin.startsWith('https://')) return undefined;
  return { kind: 'page', origin, url, tabId: sender.tab.id, frameId: sender.frameId ?? 0 };
}

export interface RouterOptions {
  extensionId: string;
  /** `browser.runtime.getURL('')`: the prefix of every extension page's URL. */
  extensionBaseUrl: string;
  /** Extra checks before a handler runs (per-origin rate limits); throws a WalletError to refuse. */
  guard?: (name: MessageName, sender: SenderInfo) => void;
}

/**
 * The one door into the background. Every message goes through the same steps, and a failure at
 * any step is a typed error reply that changed nothing:
 * envelope shape -> known name -> sender allowed for its scope -> guard (rate limit) -> size ->
 * request schema -> handler.
 */
export function createRouter(handlers: Handlers, options: RouterOptions) {
  return async function route(raw: unknown, sender: Runtime.MessageSender): Promise<Reply<unknown>> {
    try {
      const envelope = v.safeParse(EnvelopeSchema, raw);
      if (!envelope.success) throw new WalletError(WalletErrorCode.BadRequest, 'Malformed message envelope');
      const { name, request, id: requestId, document } = envelope.output;
      if (!isMessageName(name)) throw new WalletError(WalletErrorCode.UnknownMessage, `Unknown message: ${name.slice(0, 100)}`);

      const from = classifySender(sender, options.extensionId, options.extensionBaseUrl);
      if (!from) throw new WalletError(WalletErrorCode.Forbidden, 'Sender not recognised');
      const scope = scopeOf(name);
      if ((scope === 'pri' && from.kind !== 'extension') || (scope === 'pub' && from.kind !== 'page')) {
        throw new WalletError(WalletErrorCode.Forbidden, `${name} may not be sent from this context`);
      }
      if (from.kind === 'page' && from.frameId !== 0) {
        throw new WalletError(WalletErrorCode.Forbidden, 'Only the top frame of a tab may talk to the wallet');
      }
      // Before size and schema: a flood of oversized or malformed messages spends tokens too.
      options.guard?.(name, from);

      const def = messages[name];
      if (jsonLength(request, def.maxBytes) > def.maxBytes) {
        throw new WalletError(WalletErrorCode.TooLarge, `Request larger than ${def.maxBytes} bytes`);
      }
      const parsed = v.safeParse(def.request, request ?? {});
      if (!parsed.success) {
        const issue = parsed.issues[0];
        const path = issue.path?.map((p) => String(p.key)).join('.') ?? '';
        throw new WalletError(WalletErrorCode.BadRequest, `Invalid request for ${name}${path ? ` at ${path}` : ''}: ${issue.message}`);
      }

      const handler = handlers[name] as Handler<MessageName>;
      const response = await handler(parsed.output as RequestOf<MessageName>, { sender: from, requestId, document });
      return { ok: true, response: response ?? null };
    } catch (error) {
      if (!(error instanceof WalletError)) {
        // Never log the request: it may hold a password or a mnemonic.
        console.error('[background] handler failed:', error instanceof Error ? error.name : typeof error);
      }
      return { ok: false, error: toWireError(error) };
    }
  };
}

/** JSON length, stopping early once past `limit`. */
function jsonLength(value: unknown, limit: number): number {
  try {
    const text = JSON.stringify(value ?? null, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
    return text === undefined ? 0 : text.length;
  } catch {
    return limit + 1;
  }
}
