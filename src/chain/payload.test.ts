import { describe, expect, it } from 'vitest';
import { checkPayload } from './payload.ts';

const EXTENSIONS = ['CheckSpecVersion', 'CheckNonce', 'CheckMetadataHash'];
const SIGNED_FIELDS = ['era', 'nonce', 'tip', 'mode', 'specVersion', 'genesisHash', 'blockHash', 'metadataHash'];
const payload = { address: '5G', method: '0x00', nonce: '0x01', signedExtensions: EXTENSIONS, version: 4 };

describe('checkPayload', () => {
  it('drops unknown fields that no signed extension reads, keeping every known one', () => {
    const out = checkPayload({ ...payload, futureField: 1, withSignedTransaction: false }, EXTENSIONS, SIGNED_FIELDS);
    expect(out).toEqual({ known: { ...payload, withSignedTransaction: false }, ignored: ['futureField'] });
  });

  it('refuses an unknown field that the chain signs: dropping it would sign something else', () => {
    const out = checkPayload({ ...payload, feeAssetLocation: '0x01' }, EXTENSIONS, [...SIGNED_FIELDS, 'feeAssetLocation']);
    expect(out).toEqual({ refused: expect.stringContaining('"feeAssetLocation" is part of what this chain signs') });
  });

  it('refuses other signed extensions, naming what differs, and a different order', () => {
    expect(checkPayload({ ...payload, signedExtensions: ['CheckSpecVersion', 'CheckNonce'] }, EXTENSIONS, SIGNED_FIELDS)).toEqual({ refused: expect.stringContaining('missing: CheckMetadataHash; not on this chain: none') });
    expect(checkPayload({ ...payload, signedExtensions: [...EXTENSIONS].reverse() }, EXTENSIONS, SIGNED_FIELDS)).toEqual({ refused: expect.stringContaining('another order') });
    expect(checkPayload({ ...payload, signedExtensions: [] }, EXTENSIONS, SIGNED_FIELDS)).toHaveProperty('refused');
  });
});
