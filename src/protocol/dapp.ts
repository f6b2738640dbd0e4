// Messages of the dApp connection (background/requests, content/*, popup/screens/requests).
// `pub(...)` names are what a web page can reach through the content script; the background takes
// the page's origin from the browser's sender, so no request here carries an origin.
// `pri(...)` names are the approval windows and the settings list of connected sites.
import * as v from 'valibot';
import { message } from './define.ts';
import { AddressSchema } from './wire.ts';
import type { AccountSummary } from './vault.ts';

/** Hex string of `bytes` bytes (or any length up to `maxBytes` when `bytes` is undefined). */
function hex(opts: { bytes?: number; maxBytes?: number }) {
  const body = opts.bytes !== undefined ? `{${opts.bytes * 2}}` : `{0,${(opts.maxBytes ?? 32) * 2}}`;
  return v.pipe(v.string(), v.regex(new RegExp(`^0x[0-9a-fA-F]${body}$`), 'hex string of the expected length'));
}

const HashSchema = hex({ bytes: 32 });
/** Compact numbers that pjs sends as hex (block number, nonce, spec/tx version, tip): at most u128. */
const HexNumberSchema = hex({ maxBytes: 16 });
/** A page-supplied label for its app (`web3Enable('tao.app')`): shown, never trusted. */
export const OriginNameSchema = v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(128));
/** Any SS58 or 0x-hex account as a page may send it; the background decodes and checks it. */
const PageAddressSchema = v.pipe(v.string(), v.minLength(40), v.maxLength(70), v.regex(/^[1-9A-HJ-NP-Za-km-z]+$|^0x[0-9a-fA-F]{64}$/, 'not an address'));

/** Largest call a dApp may ask us to sign (hex characters: 2 per byte). A batch of stakes is a few KiB. */
export const MAX_CALL_BYTES = 128 * 1024;
/** Largest message for signRaw. */
export const MAX_RAW_BYTES = 64 * 1024;

/** Unknown payload keys a page may send (newer polkadot-js fields); the background drops them unless they are signed. */
const MAX_PAYLOAD_KEYS = 48;

/**
 * `SignerPayloadJSON` as @polkadot/types 16 builds it (`SignerPayload.toPayload()`), every known
 * field checked strictly. `mode` and `metadataHash` are CheckMetadataHash's fields: when present
 * they are signed. Unknown keys pass here (bounded in number) and are dropped by the background
 * (src/chain/payload.ts), unless the chain's signed extensions read a field of that name.
 */
export const SignerPayloadJSONSchema = v.pipe(v.looseObject({
  address: PageAddressSchema,
  assetId: v.optional(v.nullable(hex({ maxBytes: 256 }))),
  blockHash: HashSchema,
  blockNumber: HexNumberSchema,
  era: hex({ maxBytes: 2 }),
  genesisHash: HashSchema,
  metadataHash: v.optional(v.nullable(HashSchema)),
  method: hex({ maxBytes: MAX_CALL_BYTES }),
  mode: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(1))),
  nonce: HexNumberSchema,
  specVersion: HexNumberSchema,
  tip: HexNumberSchema,
  transactionVersion: HexNumberSchema,
  signedExtensions: v.pipe(v.array(v.pipe(v.string(), v.maxLength(64), v.regex(/^[A-Za-z0-9_]+$/, 'a signed extension name'))), v.maxLength(32)),
  version: v.pipe(v.number(), v.integer(), v.minValue(4), v.maxValue(5)),
  withSignedTransaction: v.optional(v.boolean()),
}), v.check((p) => Object.keys(p).length <= MAX_PAYLOAD_KEYS, `at most ${MAX_PAYLOAD_KEYS} payload fields`));
export type DappSignerPayload = v.InferOutput<typeof SignerPayloadJSONSchema>;

/**
 * `SignerPayloadRaw`. Only `type: 'bytes'`: the data is wrapped in <Bytes>...</Bytes> before signing,
 * so a page can never obtain a signature over a transaction payload this way.
 */
export const SignerPayloadRawSchema = v.strictObject({
  address: PageAddressSchema,
  data: hex({ maxBytes: MAX_RAW_BYTES }),
  type: v.literal('bytes'),
});
export type DappRawPayload = v.InferOutput<typeof SignerPayloadRawSchema>;

/** `MetadataDef` (extension-inject). Accepted for compatibility; the wallet uses the chain's own metadata. */
export const MetadataDefSchema = v.object({
  chain: v.pipe(v.string(), v.maxLength(128)),
  genesisHash: HashSchema,
  icon: v.pipe(v.string(), v.maxLength(64)),
  ss58Format: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(16383)),
  chainType: v.optional(v.picklist(['substrate', 'ethereum'])),
  color: v.optional(v.pipe(v.string(), v.maxLength(32))),
  specVersion: v.pipe(v.number(), v.integer(), v.minValue(0)),
  tokenDecimals: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(255)),
  tokenSymbol: v.pipe(v.string(), v.maxLength(32)),
  types: v.record(v.pipe(v.string(), v.maxLength(256)), v.unknown()),
  metaCalls: v.optional(v.pipe(v.string(), v.maxLength(4 * 1024 * 1024))),
  rawMetadata: v.optional(hex({ maxBytes: 4 * 1024 * 1024 })),
  userExtensions: v.optional(v.record(v.pipe(v.string(), v.maxLength(64)), v.unknown())),
});
/** metadata.provide may carry a full metadata blob (hex, a few MB for subtensor). */
export const METADATA_PROVIDE_MAX_BYTES = 10 * 1024 * 1024;

/** What a page sees of an account (extension-inject's InjectedAccount). */
export interface InjectedAccountView {
  /** SS58, prefix 42. */
  address: string;
  /** null: the account is not pinned to one chain. */
  genesisHash: string | null;
  name: string;
  type?: 'sr25519' | 'ed25519';
}

export interface SignerResultView {
  id: number;
  signature: string;
  signedTransaction?: string;
}

/** One connected site, as settings lists it. */
export interface AuthorizationView {
  origin: string;
  /** What the page called itself in enable(); not verified. */
  originName: string;
  /** SS58 (42) addresses this origin may see and ask signatures for. Empty: connected, sees nothing. */
  addresses: string[];
  createdAt: number;
  updatedAt: number;
}

export type DappRequestKind = 'authorize' | 'signPayload' | 'signRaw';

/** A pending request as the queue lists it. */
export interface DappRequestSummary {
  id: string;
  kind: DappRequestKind;
  origin: string;
  originName: string;
  /** The account asked to sign (sign requests). */
  address: string | null;
  createdAt: number;
}

/** How dangerous a request is, with the reason in one sentence. */
export interface RiskView {
  level: 'low' | 'medium' | 'high' | 'critical';
  reason: string;
}

/** One argument of a call as the approval window shows it: metadata name, value in words, parts. */
export interface ArgView {
  name: string;
  text: string;
  children?: ArgView[];
}

/** One call decoded from metadata: its arguments, what it does, its risk, and the calls inside it. */
export interface CallNodeView {
  /** Pallet and call as the metadata names them (`Proxy`, `add_proxy`). */
  pallet: string;
  call: string;
  summary: string | null;
  args: ArgView[];
  risk: RiskView;
  inner: CallNodeView[];
}

/** A call decoded with the chain's metadata, in words and in detail. */
export interface DecodedCallView {
  section: string;
  method: string;
  /** Arguments as the metadata names and formats them. */
  args: Record<string, string>;
  /** One line in words ("Stake 10 TAO into SN19 with validator 5F..."), or null for calls we do not describe. */
  summary: string | null;
  /** Our AMM preview for staking calls ("you receive about 812.4 alpha"), or null. */
  preview: string | null;
  /** Things the user must know before approving (unknown call, wrong spec version...). */
  warnings: string[];
  /** The call and every call inside it, decoded from metadata (null when it does not decode). */
  tree: CallNodeView | null;
}

/** Everything an approval window shows for one request; `risk` rates the whole request. */
export type DappRequestDetail = DappRequestDetailOf & { risk: RiskView };
type DappRequestDetailOf =
  | (DappRequestSummary & {
      kind: 'authorize';
      /** The wallet's accounts to pick from, and which ones the origin already sees. */
      accounts: AccountSummary[];
      selected: string[];
      unlocked: boolean;
    })
  | (DappRequestSummary & {
      kind: 'signPayload';
      unlocked: boolean;
      accountName: string | null;
      payload: DappSignerPayload;
      /** Null when the chain is not reachable or the payload is for another chain. */
      call: DecodedCallView | null;
      chain: { genesisMatches: boolean; specVersion: number | null; blockNumber: number; nonce: number; tip: string; mortal: boolean; metadataHash: string | null };
    })
  | (DappRequestSummary & {
      kind: 'signRaw';
      unlocked: boolean;
      accountName: string | null;
      data: string;
      /** The data as text when it is printable UTF-8. */
      text: string | null;
    });

const RequestIdSchema = v.pipe(v.string(), v.regex(/^[0-9a-f]{16,32}$/, 'a request id'));
const OriginSchema = v.pipe(v.string(), v.maxLength(300), v.regex(/^https?:\/\/[^/?#\s]+$/, 'an http(s) origin'));

export const dappMessages = {
  // --- what a web page can send (through content/relay.ts) ---
  /** enable(originName): resolves once the origin is authorized (at once if it already is). */
  'pub(authorize.request)': message<{ authorized: true }>()(v.strictObject({ originName: OriginNameSchema })),
  /** accounts.get(): the authorized accounts of the sender's origin. */
  'pub(accounts.list)': message<InjectedAccountView[]>()(v.strictObject({ anyType: v.optional(v.boolean()) })),
  /** accounts.subscribe(): the list now, then `dapp.accounts` events to this tab while subscribed. */
  'pub(accounts.subscribe)': message<InjectedAccountView[]>()(v.strictObject({})),
  'pub(accounts.unsubscribe)': message<{ unsubscribed: true }>()(v.strictObject({})),
  /** signer.signPayload(): resolves once the user approves; Rejected if they do not. */
  'pub(signer.signPayload)': message<SignerResultView>()(v.strictObject({ payload: SignerPayloadJSONSchema }), MAX_CALL_BYTES * 2 + 8 * 1024),
  'pub(signer.signRaw)': message<SignerResultView>()(v.strictObject({ payload: SignerPayloadRawSchema }), MAX_RAW_BYTES * 2 + 4 * 1024),
  /** metadata.get(): the chain the wallet knows (its current network). */
  'pub(metadata.list)': message<{ genesisHash: string; specVersion: number }[]>()(v.strictObject({})),
  /** metadata.provide(): always false: the wallet decodes with the connected chain's metadata. */
  'pub(metadata.provide)': message<boolean>()(v.strictObject({ definition: MetadataDefSchema }), METADATA_PROVIDE_MAX_BYTES),
  /**
   * Sent by the relay, not by page code: the worker restarted while a request of this tab waited,
   * so the relay asks again for the outcome of its message `replyTo`.
   */
  'pub(requests.resume)': message<unknown>()(v.strictObject({ replyTo: v.pipe(v.string(), v.minLength(1), v.maxLength(64)) })),

  // --- extension pages ---
  'pri(authorizations.list)': message<AuthorizationView[]>()(v.strictObject({})),
  /** Changes which accounts an already connected origin sees. */
  'pri(authorizations.update)': message<AuthorizationView>()(v.strictObject({ origin: OriginSchema, addresses: v.pipe(v.array(AddressSchema), v.maxLength(1000)) })),
  'pri(authorizations.revoke)': message<{ revoked: boolean }>()(v.strictObject({ origin: OriginSchema })),
  'pri(requests.list)': message<DappRequestSummary[]>()(v.strictObject({})),
  'pri(requests.get)': message<DappRequestDetail>()(v.strictObject({ id: RequestIdSchema })),
  /**
   * Approves a request. Authorize: `addresses` are the accounts the origin may see (required).
   * Sign: the wallet must be unlocked (the window sends pri(vault.unlock) first); a Locked error
   * leaves the request pending.
   */
  'pri(requests.approve)': message<{ approved: true }>()(
    v.strictObject({ id: RequestIdSchema, addresses: v.optional(v.pipe(v.array(AddressSchema), v.maxLength(1000))) }),
  ),
  'pri(requests.reject)': message<{ rejected: true }>()(v.strictObject({ id: RequestIdSchema })),
} as const;

/** Events the background pushes for this domain (name -> payload). */
export interface DappEvents {
  /** The approval queue changed (to extension pages). */
  'requests.changed': { requests: DappRequestSummary[] };
  /** Connected sites changed (to extension pages). */
  'authorizations.changed': { authorizations: AuthorizationView[] };
  /**
   * To a subscribed tab: its origin's accounts changed. `origin` lets the relay drop the event if the
   * tab has navigated elsewhere since it subscribed.
   */
  'dapp.accounts': { origin: string; accounts: InjectedAccountView[] };
  /** To a tab: the outcome of a request whose reply channel was lost in a worker restart. */
  'dapp.reply': { origin: string; replyTo: string; reply: { ok: true; response: unknown } | { ok: false; error: { code: string; message: string } } };
}
