/**
 * Which parts of a dApp's SignerPayloadJSON the wallet signs, and whether the rest may be ignored.
 * polkadot-js adds payload fields over time (mode, metadataHash, assetId, withSignedTransaction...):
 * a field the wallet does not know is dropped, unless the chain's signed extensions read a field of
 * that name (then it changes the signed bytes, and dropping it would sign something else). Pure.
 */

/** The fields the wallet reads, checks and signs (`withSignedTransaction` only shapes the reply). */
export const KNOWN_PAYLOAD_FIELDS = [
  'address',
  'assetId',
  'blockHash',
  'blockNumber',
  'era',
  'genesisHash',
  'metadataHash',
  'method',
  'mode',
  'nonce',
  'specVersion',
  'tip',
  'transactionVersion',
  'signedExtensions',
  'version',
  'withSignedTransaction',
] as const;

const KNOWN = new Set<string>(KNOWN_PAYLOAD_FIELDS);

export interface PayloadCheck<P> {
  /** The payload with only the fields the wallet knows: what it signs. */
  known: P;
  /** Keys that were dropped. */
  ignored: string[];
}

function list(names: readonly string[]): string {
  return names.length ? names.join(', ') : 'none';
}

/**
 * Refuses (returns a reason) when the payload's signed extensions are not exactly the chain's, or
 * when it carries an unknown field that a chain extension signs; otherwise returns what to sign.
 *
 * @param chainExtensions the chain metadata's signed extension identifiers, in order
 * @param signedFields payload field names the chain's extensions read (extra + implicit)
 */
export function checkPayload<P extends { signedExtensions: readonly string[] }>(
  payload: P & Record<string, unknown>,
  chainExtensions: readonly string[],
  signedFields: readonly string[],
): PayloadCheck<P> | { refused: string } {
  const theirs = payload.signedExtensions;
  if (theirs.length !== chainExtensions.length || theirs.some((e, i) => e !== chainExtensions[i])) {
    const missing = chainExtensions.filter((e) => !theirs.includes(e));
    const extra = theirs.filter((e) => !chainExtensions.includes(e));
    const what = missing.length || extra.length ? `missing: ${list(missing)}; not on this chain: ${list(extra)}` : 'same extensions in another order';
    return { refused: `The site built this transaction for other signed extensions than this chain's metadata has (${what}); the chain would reject the signature.` };
  }
  const signed = new Set(signedFields);
  const ignored = Object.keys(payload).filter((k) => !KNOWN.has(k));
  const unsafe = ignored.find((k) => signed.has(k));
  if (unsafe !== undefined) {
    return { refused: `The payload field "${unsafe.slice(0, 64)}" is part of what this chain signs, and the wallet does not know how to check it.` };
  }
  const known = Object.fromEntries(Object.entries(payload).filter(([k]) => KNOWN.has(k))) as unknown as P;
  return { known, ignored };
}
