import * as v from 'valibot';
import type { WireError } from './errors.ts';

/** What a caller sends through `runtime.sendMessage`. */
export const REQUEST_KIND = 'taostake:request';
/** What the background pushes to pages and tabs (subscriptions). */
export const EVENT_KIND = 'taostake:event';

export const EnvelopeSchema = v.object({
  kind: v.literal(REQUEST_KIND),
  id: v.pipe(v.string(), v.minLength(1), v.maxLength(64)),
  name: v.pipe(v.string(), v.minLength(1), v.maxLength(100)),
  request: v.unknown(),
  /**
   * dApp relay only: a random id of the page document the request comes from (not trusted for
   * anything but tying the request to that document's lifetime; the origin comes from the browser).
   */
  document: v.optional(v.pipe(v.string(), v.regex(/^[0-9a-f]{32}$/))),
});
export type Envelope = v.InferOutput<typeof EnvelopeSchema>;

export type Reply<R> = { ok: true; response: R } | { ok: false; error: WireError };

export interface EventEnvelope<N extends string = string, P = unknown> {
  kind: typeof EVENT_KIND;
  name: N;
  payload: P;
}
