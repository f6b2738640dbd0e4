import type * as v from 'valibot';

/**
 * One entry of the message map: the schema that validates the request at the background's
 * boundary, and (as a phantom type) what the background answers.
 *
 * Names carry their audience: `pri(domain.verb)` is for extension pages only, `pub(domain.verb)`
 * for content scripts relaying a web page. The router enforces that from the sender, never from
 * anything the message says about itself.
 */
export interface MessageDef<S extends v.GenericSchema = v.GenericSchema, R = unknown> {
  readonly request: S;
  /** Largest accepted request, as JSON characters (a page cannot make the worker chew on 60 MB). */
  readonly maxBytes: number;
  /** Phantom field: never read at run time. */
  readonly response: R;
}

export const DEFAULT_MAX_REQUEST_BYTES = 64 * 1024;

/** `message<Response>()(requestSchema)`: the response type is given, the request type is inferred. */
export const message =
  <R>() =>
  <S extends v.GenericSchema>(request: S, maxBytes = DEFAULT_MAX_REQUEST_BYTES): MessageDef<S, R> => ({
    request,
    maxBytes,
    response: undefined as R,
  });

export type Scope = 'pri' | 'pub';

export function scopeOf(name: string): Scope | undefined {
  if (name.startsWith('pri(') && name.endsWith(')')) return 'pri';
  if (name.startsWith('pub(') && name.endsWith(')')) return 'pub';
  return undefined;
}
