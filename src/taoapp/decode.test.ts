import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { base64UrlDecode, decodeTaoAppPayload, httpsUrl, payloadVersion, subnetCard, subnetCardOf } from './decode.ts';
import { DICTIONARY_V1 } from './dictionary.ts';

interface Vector { name: string; payload: Record<string, unknown>; json: string; encoded_ts: string; encoded_py: string }
const vectors = JSON.parse(readFileSync(new URL('../../test/fixtures/taoapp-v1/test-vectors.json', import.meta.url), 'utf8')) as { dictionary_sha256: string; cases: Vector[] };

describe('TAOAppv1 spec vectors', () => {
  it('the embedded dictionary is the frozen one (SHA-256 of its UTF-8 bytes)', () => {
    const bytes = new TextEncoder().encode(DICTIONARY_V1);
    expect(bytes.length).toBe(26_414);
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(vectors.dictionary_sha256);
  });

  for (const v of vectors.cases) {
    it(`decodes both encodings of "${v.name}" to the listed document`, () => {
      expect(decodeTaoAppPayload(v.encoded_ts)).toEqual(v.payload);
      expect(decodeTaoAppPayload(v.encoded_py)).toEqual(v.payload);
      expect(JSON.stringify(decodeTaoAppPayload(v.encoded_ts))).toBe(v.json);
    });
  }

  it('reads the card of "links and tags": tagline, category, tags, links in the spec key order', () => {
    const card = subnetCard(vectors.cases[1]!.encoded_py)!;
    expect(card).toEqual({
      tagline: 'Decentralized inference for everyone',
      category: 'inference',
      tags: ['llm', 'inference', 'api'],
      links: [
        { key: 'x', url: 'https://x.com/example' },
        { key: 'telegram', url: 'https://t.me/example' },
        { key: 'docs', url: 'https://docs.example.ai/' },
        { key: 'github', url: 'https://github.com/example/subnet' },
      ],
    });
  });

  it('accepts the plain form and trims whitespace (the worked example)', () => {
    expect(decodeTaoAppPayload('  {"apiVersion": "TAOAppv1", "tagline": "Hello subnet"}\n')).toEqual({ tagline: 'Hello subnet' });
    expect(decodeTaoAppPayload('TAOAppv1:Q07XHqk5OfnQFpZSLQA\n')).toEqual({ tagline: 'Hello subnet' });
  });
});

describe('what is not a v1 payload stays ordinary text', () => {
  it('other majors, prose, JSON without the version, non-objects', () => {
    expect(payloadVersion('TAOAppv2:abc')).toBe(2);
    expect(decodeTaoAppPayload('TAOAppv2:Q07XHqk5OfnQFpZSLQA')).toBeNull();
    expect(decodeTaoAppPayload('{"apiVersion":"TAOAppv2","tagline":"x"}')).toBeNull();
    expect(payloadVersion('We build inference.')).toBeNull();
    expect(decodeTaoAppPayload('We build inference.')).toBeNull();
    expect(decodeTaoAppPayload('{"tagline":"x"}')).toBeNull();
    expect(decodeTaoAppPayload('TAOAppv1:')).toBeNull();
    expect(decodeTaoAppPayload('TAOAppv1:Q07X+Hqk5')).toBeNull();
    expect(decodeTaoAppPayload('TAOAppv1:A')).toBeNull();
    expect(decodeTaoAppPayload(null)).toBeNull();
    expect(decodeTaoAppPayload(`TAOAppv1:${'A'.repeat(5000)}`)).toBeNull();
  });

  it('a payload whose JSON is an array or whose bytes are not UTF-8 is ignored', () => {
    expect(base64UrlDecode('_w')).toEqual(new Uint8Array([0xff]));
    // DEFLATE stored block holding "[1]" (not an object) and one holding the byte 0xff (not UTF-8).
    const stored = (bytes: number[]) => `TAOAppv1:${Buffer.from([1, bytes.length, 0, ~bytes.length & 0xff, 0xff, ...bytes]).toString('base64url')}`;
    expect(decodeTaoAppPayload(stored([0x5b, 0x31, 0x5d]))).toBeNull();
    expect(decodeTaoAppPayload(stored([0xff]))).toBeNull();
    expect(decodeTaoAppPayload(stored([0x7b, 0x7d]))).toEqual({});
  });

  it('fuzz: random text, random bytes and corrupted vectors never throw', () => {
    let seed = 0x15;
    const rand = () => ((seed = (seed * 1_103_515_245 + 12_345) >>> 0) / 2 ** 32);
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_{}":,=+/ \n';
    const inputs: string[] = [];
    for (let i = 0; i < 400; i++) {
      const len = Math.floor(rand() * 300);
      let s = rand() < 0.7 ? 'TAOAppv1:' : '';
      for (let j = 0; j < len; j++) s += alphabet[Math.floor(rand() * alphabet.length)];
      inputs.push(s);
      inputs.push(`TAOAppv1:${Buffer.from(Array.from({ length: len }, () => Math.floor(rand() * 256))).toString('base64url')}`);
    }
    for (const v of vectors.cases) {
      for (let i = 9; i < v.encoded_ts.length; i++) {
        inputs.push(v.encoded_ts.slice(0, i));
        const flipped = v.encoded_ts[i] === 'A' ? 'B' : 'A';
        inputs.push(v.encoded_ts.slice(0, i) + flipped + v.encoded_ts.slice(i + 1));
      }
    }
    for (const input of inputs) {
      const doc = decodeTaoAppPayload(input);
      expect(doc === null || (typeof doc === 'object' && !Array.isArray(doc))).toBe(true);
      if (doc) expect(() => subnetCardOf(doc)).not.toThrow();
    }
  });
});

describe('card fields are validated one by one', () => {
  it('links open only as https: other schemes, credentials, unknown keys and over-long URLs are dropped', () => {
    const card = subnetCardOf({
      links: {
        x: 'http://x.com/insecure', telegram: 'javascript:alert(1)', docs: 'https://docs.example.org/', dashboard: 'https://user:pw@evil.example/',
        github: `https://github.com/${'a'.repeat(200)}`, website: 'https://unknown-key.example/', youtube: 42,
      },
    });
    expect(card.links).toEqual([{ key: 'docs', url: 'https://docs.example.org/' }]);
    expect(httpsUrl('HTTPS://Example.org/a')).toBe('https://example.org/a');
    expect(httpsUrl('https://')).toBeNull();
  });

  it('truncates over-long text by characters, drops non-strings, keeps at most 8 tags', () => {
    const card = subnetCardOf({ tagline: `${'é'.repeat(150)}`, category: 7, tags: ['a', 2, 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i'], about: { title: 'T', subtitle: ['x'] } });
    expect([...card.tagline!]).toHaveLength(140);
    expect(card.category).toBeUndefined();
    expect(card.tags).toEqual(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h']);
    expect(card.about).toEqual({ title: 'T' });
  });
});
