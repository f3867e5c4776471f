import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import referenceCanonicalizeModule from 'canonicalize';
import fc from 'fast-check';
import { nobleCrypto } from '../crypto/nobleCrypto.ts';
import { toHex } from '../encoding/bytes.ts';
import {
  canonicalize,
  canonicalMembers,
  hashCanonicalMembers,
  joinCanonicalMembers,
  joinWithMember,
  sortKeysDeep,
} from './canonicalize.ts';

const referenceCanonicalize = referenceCanonicalizeModule as unknown as (value: unknown) => string;
const json = fc.jsonValue({ maxDepth: 5 }).map((v) => JSON.parse(JSON.stringify(v)) as unknown);

function shuffleKeys(value: unknown, seed: number): unknown {
  if (Array.isArray(value)) return value.map((v, i) => shuffleKeys(v, seed + i));
  if (typeof value !== 'object' || value === null) return value;
  const entries = Object.entries(value);
  entries.sort((a, b) => ((a[0].length * 31 + seed) % 7) - ((b[0].length * 31 + seed) % 7) || (seed % 2 ? 1 : -1));
  return Object.fromEntries(entries.map(([k, v]) => [k, shuffleKeys(v, seed + 1)]));
}

describe('canonicalize (RFC 8785 JCS)', () => {
  it('RFC 8785 §3.2.2 example: sorting, numbers and string escapes', () => {
    const input = {
      // biome-ignore lint/correctness/noPrecisionLoss: the RFC's own example literal, parsed as ECMAScript does.
      numbers: [333333333.33333329, 1e30, 4.5, 2e-3, 0.000000000000000000000000001],
      string: '\u20ac$\u000F\u000aA\'\u0042\u0022\u005c\\"/',
      literals: [null, true, false],
    };
    assert.equal(
      canonicalize(input),
      '{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],"string":"€$\\u000f\\nA\'B\\"\\\\\\\\\\"/"}',
    );
  });

  it('sorts keys by UTF-16 code units (RFC 8785 §3.2.3 example)', () => {
    const input = {
      '\u20ac': 'Euro Sign',
      '\r': 'Carriage Return',
      '\ufb33': 'Hebrew Letter Dalet With Dagesh',
      '1': 'One',
      '\ud83d\ude00': 'Emoji: Grinning Face',
      '\u0080': 'Control',
      '\u00f6': 'Latin Small Letter O With Diaeresis',
    };
    const order = [...canonicalize(input).matchAll(/"([^"]*)":"[^"]*"/g)].map((m) => JSON.parse(`"${m[1]}"`));
    assert.deepEqual(order, ['\r', '1', '\u0080', '\u00f6', '\u20ac', '\ud83d\ude00', '\ufb33']);
  });

  it('equals the RFC reference implementation on arbitrary JSON, whatever the key order', () => {
    fc.assert(
      fc.property(json, fc.nat(1000), (value, seed) => {
        const expected = referenceCanonicalize(value);
        assert.equal(canonicalize(value), expected);
        assert.equal(canonicalize(shuffleKeys(value, seed)), expected);
        assert.equal(canonicalize(sortKeysDeep(shuffleKeys(value, seed))), expected);
      }),
      { numRuns: 1500 },
    );
  });

  it('integer-like keys (which JavaScript orders first) still sort as strings', () => {
    assert.equal(canonicalize({ b: 1, 10: 'x', 9: 'y', a: [] }), '{"10":"x","9":"y","a":[],"b":1}');
  });

  it('members: with and without one key equal full canonicalisation', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), json), json, (object, proof) => {
        const withProof = { ...object, proof };
        const members = canonicalMembers(withProof);
        const { proof: _p, ...without } = withProof;
        assert.equal(joinCanonicalMembers(members), canonicalize(withProof));
        assert.equal(joinCanonicalMembers(members, 'proof'), canonicalize(without));
        assert.equal(joinWithMember(canonicalMembers(without), 'proof', proof), canonicalize(withProof));
      }),
      { numRuns: 500 },
    );
  });

  it('equals the reference on any Unicode text in keys and strings (escapes, controls, astral characters)', () => {
    const unicodeJson = fc
      .jsonValue({ maxDepth: 4, stringUnit: 'binary' })
      .map((v) => JSON.parse(JSON.stringify(v)) as unknown);
    fc.assert(
      fc.property(unicodeJson, fc.nat(1000), (value, seed) => {
        const expected = referenceCanonicalize(value);
        assert.equal(canonicalize(value), expected);
        assert.equal(canonicalize(shuffleKeys(value, seed)), expected);
      }),
      { numRuns: 1000 },
    );
  });

  it('objects listing the same keys in different orders, or more key lists than are remembered, stay canonical', () => {
    const orders = [
      { b: 1, a: { y: [1, { q: 1, p: 2 }], x: '"' }, c: null },
      { c: null, a: { x: '"', y: [1, { p: 2, q: 1 }] }, b: 1 },
      { a: { y: [1, { q: 1, p: 2 }], x: '"' }, c: null, b: 1 },
    ];
    for (let round = 0; round < 3; round++) {
      for (const value of orders)
        assert.equal(canonicalize(value), '{"a":{"x":"\\"","y":[1,{"p":2,"q":1}]},"b":1,"c":null}');
    }
    // Thousands of distinct key lists (past any bound on what is remembered), each seen twice.
    const many = Array.from({ length: 3000 }, (_, i) => ({ [`k${i}`]: i, [`j${i}`]: [i], 10: 'ten', 9: 'nine' }));
    for (const value of [...many, ...many]) assert.equal(canonicalize(value), referenceCanonicalize(value));
    // Many key lists starting with the same key.
    const sameFirst = Array.from({ length: 100 }, (_, i) => ({ id: i, [`x${i % 40}`]: [i], [`a${i % 7}`]: {} }));
    for (const value of [...sameFirst, ...sameFirst]) assert.equal(canonicalize(value), referenceCanonicalize(value));
  });

  it('keys and data that look special are plain members', () => {
    assert.equal(canonicalize(JSON.parse('{"b":1,"__proto__":{"x":1},"a":2}')), '{"__proto__":{"x":1},"a":2,"b":1}');
    assert.equal(canonicalize({ toJSON: 'not a function', a: 1 }), '{"a":1,"toJSON":"not a function"}');
    assert.equal(
      canonicalize({ '"': 1, '\\': 2, '\n': 3, '\u2028': 4, '\ud83d\ude00': 5 }),
      '{"\\n":3,"\\"":1,"\\\\":2,"\u2028":4,"\ud83d\ude00":5}',
    );
    assert.equal(canonicalize([-0, 1e21, 1e-7, 0.1, -1.5]), '[0,1e+21,1e-7,0.1,-1.5]');
    assert.equal(canonicalize(Object.assign(Object.create(null), { b: [], a: {} })), '{"a":{},"b":[]}');
  });

  it('refuses what JSON cannot carry, naming where', () => {
    const cases: [unknown, string][] = [
      [{ a: { b: Number.NaN } }, '/a/b'],
      [{ a: [1, Number.POSITIVE_INFINITY] }, '/a/1'],
      [{ a: undefined }, '/a'],
      [{ when: new Date(0) }, '/when'],
      [{ s: 'x\ud800y' }, '/s'],
      [{ 'k\udc00': 1 }, '/k\udc00'],
      [{ f: () => 1 }, '/f'],
      [{ n: 1n }, '/n'],
      [{ 'a/b': { '~': Number.NaN } }, '/a~1b/~0'],
      [{ list: new Array(3) }, '/list/0'],
      [{ a: { b: 1, c: { d: Symbol('s') } } }, '/a/c/d'],
    ];
    for (const [value, field] of cases) {
      assert.throws(
        () => canonicalize(value),
        (error: { code: string; field: string }) => {
          assert.equal(error.code, 'CL_JCS_UNSUPPORTED_VALUE');
          assert.equal(error.field, field);
          return true;
        },
      );
    }
  });

  it('hashing with and without one member over the shared prefix equals hashing both texts', () => {
    const { sha256Utf8Prefixed: _prefixed, ...oneShotOnly } = nobleCrypto;
    // Keys that sort before, after and around "proof", which may or may not be present.
    const key = fc.constantFrom('@context', 'a', 'id', 'proof', 'pro', 'proofs', 'type', 'z', 'é', '😀');
    const object = fc.dictionary(key, json, { maxKeys: 8 }) as fc.Arbitrary<Record<string, unknown>>;
    fc.assert(
      fc.property(object, (value) => {
        const members = canonicalMembers(value);
        const all = toHex(nobleCrypto.sha256Utf8(joinCanonicalMembers(members)));
        const without = toHex(nobleCrypto.sha256Utf8(joinCanonicalMembers(members, 'proof')));
        for (const crypto of [nobleCrypto, oneShotOnly]) {
          const hashes = hashCanonicalMembers(crypto, members, 'proof');
          assert.equal(toHex(hashes.all), all);
          assert.equal(toHex(hashes.without), without);
        }
      }),
      { numRuns: 300 },
    );
  });
});
