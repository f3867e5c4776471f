import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { ClearledgerError } from '../errors/ClearledgerError.ts';
import type { ErrorCode } from '../errors/codes.ts';
import {
  defaultJsonLimits,
  type JsonValue,
  type ParseJsonLimits,
  parseJson,
  parseJsonOrThrow,
  parseJsonStrictly,
} from './parseJson.ts';

const forbiddenKeys = new Set(['__proto__', 'constructor', 'prototype']);

function failure(text: string, limits?: ParseJsonLimits): ClearledgerError {
  const result = parseJson(text, limits);
  assert.equal(result.success, false, `expected ${JSON.stringify(text.slice(0, 60))} to be refused`);
  assert.ok(!result.success && result.error instanceof ClearledgerError);
  return result.error;
}

function expectCode(text: string, code: ErrorCode, limits?: ParseJsonLimits): ClearledgerError {
  const error = failure(text, limits);
  assert.equal(error.code, code, `${JSON.stringify(text.slice(0, 60))}: ${error.message}`);
  return error;
}

function expectSame(text: string): void {
  const result = parseJson(text);
  assert.ok(
    result.success,
    `expected ${JSON.stringify(text.slice(0, 60))} to parse: ${!result.success && result.error.message}`,
  );
  assert.deepStrictEqual(result.data, JSON.parse(text));
}

/** Replaces numbers beyond ±MAX_SAFE_INTEGER (which parseJson refuses) by safe ones. */
function withSafeNumbers(value: unknown): unknown {
  if (typeof value === 'number') {
    return Math.abs(value) <= Number.MAX_SAFE_INTEGER ? value : Math.sign(value) * (Math.abs(value) % 2 ** 52);
  }
  if (Array.isArray(value)) return value.map(withSafeNumbers);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value))
      Object.defineProperty(out, k, {
        value: withSafeNumbers(v),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    return out;
  }
  return value;
}

function hasForbiddenKey(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(hasForbiddenKey);
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).some(([k, v]) => forbiddenKeys.has(k) || hasForbiddenKey(v));
  }
  return false;
}

const credential = {
  '@context': ['https://www.w3.org/ns/credentials/v2'],
  id: 'urn:uuid:58172aac-d8ba-11ed-83dd-0b3aef56cc33',
  type: ['VerifiableCredential', 'CertificateOfOrigin'],
  issuer: {
    id: 'did:key:z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2',
    name: 'Chambre de commerce — Île-de-France 🇫🇷',
  },
  validFrom: '2024-03-01T10:00:00Z',
  credentialSubject: {
    goods: [
      { hsCode: '7307.21', quantity: { value: 1200, unit: 'KGM' }, weight: 1345.5, preferential: true, marks: null },
      { hsCode: '8471.30', quantity: { value: -0.25e-3, unit: 'NAR' }, weight: 9007199254740991, preferential: false },
    ],
    note: 'quote " backslash \\ slash / tab \t newline \n nul \u0000 del \u007f',
  },
};

describe('parseJson', () => {
  describe('valid documents', () => {
    it('parses the same values as JSON.parse', () => {
      const documents = [
        'null',
        'true',
        'false',
        '0',
        '-0',
        '1.5e3',
        '-12.25E-2',
        '1e+2',
        '123456789012345',
        '9007199254740991',
        '-9007199254740991',
        '9007199254740991.0',
        '0e-400',
        '""',
        '"str"',
        '[]',
        '{}',
        ' \t\n\r[ 1 ,\n 2 ] \r\n',
        '{ "a" : [ ] , "b" : { } }',
        '"\\"\\\\\\/\\b\\f\\n\\r\\t\\u00e9\\u0000\\u00E9"',
        '"\\uD83D\\uDE00 and 😀 and \u00e9 and \u007f"',
        '{"toString":1,"hasOwnProperty":2,"valueOf":3,"__proto":4,"Constructor":5,"":6}',
        '[[[[[[[[[[1]]]]]]]]]]',
        JSON.stringify(credential),
        JSON.stringify(credential, null, 2),
      ];
      for (const text of documents) expectSame(text);
    });

    it('creates plain objects with the ordinary prototype and own data properties', () => {
      const result = parseJson('{"a":{"toString":"x"},"b":[{}]}');
      assert.ok(result.success);
      const data = result.data as { a: Record<string, unknown>; b: object[] };
      assert.equal(Object.getPrototypeOf(data), Object.prototype);
      assert.equal(Object.getPrototypeOf(data.a), Object.prototype);
      assert.equal(Object.getPrototypeOf(data.b[0]), Object.prototype);
      assert.equal(data.a.toString, 'x');
      assert.deepEqual(Object.getOwnPropertyDescriptor(data, 'a'), {
        value: data.a,
        writable: true,
        enumerable: true,
        configurable: true,
      });
    });

    it('keeps -0 like JSON.parse', () => {
      const result = parseJson('[-0, -0.0, 0]');
      assert.ok(result.success);
      assert.deepStrictEqual(result.data, [-0, -0, 0]);
      assert.ok(Object.is((result.data as number[])[0], -0));
    });

    it('parseJsonOrThrow returns the value or throws the ClearledgerError', () => {
      assert.deepEqual(parseJsonOrThrow('{"a":[1]}'), { a: [1] });
      assert.throws(
        () => parseJsonOrThrow('{"a":1,"a":2}'),
        (error) => error instanceof ClearledgerError && error.code === 'CL_JSON_DUPLICATE_KEY',
      );
    });
  });

  describe('RFC 8259 syntax errors → CL_JSON_SYNTAX', () => {
    const cases: [string, string][] = [
      ['empty text', ''],
      ['only whitespace', ' \n\t '],
      ['byte order mark', '\uFEFF{}'],
      ['trailing comma in an array', '[1,]'],
      ['trailing comma in an object', '{"a":1,}'],
      ['empty array element', '[1,,2]'],
      ['leading comma', '[,1]'],
      ['leading zero', '01'],
      ['leading zero after minus', '-01'],
      ['double zero', '00'],
      ['leading zero in an array', '[007]'],
      ['fraction without digits', '1.'],
      ['fraction without integer', '.5'],
      ['lone minus', '-'],
      ['plus sign', '+1'],
      ['exponent without digits', '1e'],
      ['exponent sign without digits', '1e+'],
      ['hexadecimal', '0x10'],
      ['NaN', 'NaN'],
      ['Infinity', 'Infinity'],
      ['-Infinity', '-Infinity'],
      ['single-quoted string', "'a'"],
      ['single-quoted key', "{'a':1}"],
      ['unquoted key', '{a:1}'],
      ['missing colon', '{"a" 1}'],
      ['missing value', '{"a":}'],
      ['missing comma in an object', '{"a":1 "b":2}'],
      ['missing comma in an array', '[1 2]'],
      ['line comment', '[1] // comment'],
      ['block comment', '/* comment */ 1'],
      ['trailing garbage', '{"a":1} x'],
      ['two values', '1 2'],
      ['unclosed array', '[1,2'],
      ['unclosed object', '{"a":1'],
      ['closing bracket alone', ']'],
      ['mismatched brackets', '[1}'],
      ['unterminated string', '"abc'],
      ['unterminated string after escape', '"abc\\'],
      ['raw newline in a string', '"a\nb"'],
      ['raw tab in a string', '"a\tb"'],
      ['raw NUL in a string', '"a\u0000b"'],
      ['raw control character in a key', '{"a\u001f":1}'],
      ['invalid escape', '"\\x41"'],
      ['uppercase escape letter', '"\\N"'],
      ['short unicode escape', '"\\u12"'],
      ['non-hex unicode escape', '"\\u12G4"'],
      ['truncated literal', 'tru'],
      ['capitalised literal', 'True'],
      ['null prefix', 'nul'],
      ['literal with suffix', 'nullx'],
      ['non-breaking space as whitespace', '\u00a01'],
      ['vertical tab as whitespace', '\u000b1'],
    ];
    for (const [description, text] of cases) {
      it(description, () => {
        expectCode(text, 'CL_JSON_SYNTAX');
        assert.throws(() => JSON.parse(text), SyntaxError, 'JSON.parse agrees the text is invalid');
      });
    }

    it('says where: character offset and JSON pointer', () => {
      const error = expectCode('{"a":[1,2,{"b/c~":01}]}', 'CL_JSON_SYNTAX');
      assert.deepEqual(error.details, { offset: 18, pointer: '/a/2/b~1c~0' });
      assert.equal(error.field, '/a/2/b~1c~0');
      assert.match(error.message, /Leading zeros/);
      assert.match(error.message, /offset 18/);
      assert.match(error.message, /\/a\/2\/b~1c~0/);
    });

    it('names the problem', () => {
      assert.match(expectCode('[1,]', 'CL_JSON_SYNTAX').message, /Trailing comma in an array/);
      assert.match(expectCode('{"a":1 , }', 'CL_JSON_SYNTAX').message, /Trailing comma in an object/);
      assert.match(expectCode('\uFEFF1', 'CL_JSON_SYNTAX').message, /byte order mark/);
      assert.match(expectCode('"a\nb"', 'CL_JSON_SYNTAX').message, /control character U\+000A/);
      assert.match(expectCode('[1] x', 'CL_JSON_SYNTAX').message, /after the JSON value/);
      assert.match(expectCode('"abc', 'CL_JSON_SYNTAX').message, /Unterminated string/);
    });

    it('reports an error in a top-level scalar at the document root', () => {
      const error = expectCode('  tru', 'CL_JSON_SYNTAX');
      assert.deepEqual(error.details, { offset: 2, pointer: '' });
      assert.match(error.message, /document root/);
    });
  });

  describe('duplicate keys → CL_JSON_DUPLICATE_KEY', () => {
    it('refuses a repeated key, comparing decoded keys', () => {
      const error = expectCode('{"a":1,"a":2}', 'CL_JSON_DUPLICATE_KEY');
      assert.deepEqual(error.details, { offset: 7, pointer: '/a' });
      expectCode('{"a":1,"\\u0061":2}', 'CL_JSON_DUPLICATE_KEY');
      expectCode('{"é":1,"\\u00e9":2}', 'CL_JSON_DUPLICATE_KEY');
      expectCode('{"toString":1,"toString":2}', 'CL_JSON_DUPLICATE_KEY');
      expectCode('{"":1,"":2}', 'CL_JSON_DUPLICATE_KEY');
    });

    it('points at the duplicate inside nested values', () => {
      const error = expectCode('[0,{"x":{"a":1,"b":{"a":1},"a":3}}]', 'CL_JSON_DUPLICATE_KEY');
      assert.deepEqual(error.details, { offset: 27, pointer: '/1/x/a' });
    });

    it('allows the same key in different objects', () => {
      expectSame('[{"a":1},{"a":2},{"b":{"a":3},"a":4}]');
    });
  });

  describe('forbidden keys → CL_JSON_FORBIDDEN_KEY', () => {
    for (const key of forbiddenKeys) {
      it(`refuses "${key}", written plainly or escaped, at any depth`, () => {
        expectCode(`{"${key}":{}}`, 'CL_JSON_FORBIDDEN_KEY');
        const escaped = `\\u${key.charCodeAt(0).toString(16).padStart(4, '0')}${key.slice(1)}`;
        expectCode(`{"${escaped}":1}`, 'CL_JSON_FORBIDDEN_KEY');
        const error = expectCode(`[{"a":{"${key}":{"polluted":true}}}]`, 'CL_JSON_FORBIDDEN_KEY');
        assert.equal(error.field, `/0/a/${key}`);
      });
    }

    it('leaves Object.prototype untouched', () => {
      parseJson('{"__proto__":{"polluted":true}}');
      parseJson('{"constructor":{"prototype":{"polluted":true}}}');
      assert.equal(({} as Record<string, unknown>).polluted, undefined);
    });
  });

  describe('lone surrogates → CL_JSON_LONE_SURROGATE', () => {
    const cases: [string, string][] = [
      ['raw high surrogate', '"\uD800"'],
      ['raw low surrogate', '"\uDC00"'],
      ['raw high surrogate before text', '"a\uD800b"'],
      ['raw high surrogate at the end of a string', '["\uD800"]'],
      ['raw low before high', '"\uDC00\uD800"'],
      ['escaped high surrogate', '"\\uD800"'],
      ['escaped low surrogate', '"\\uDC00"'],
      ['escaped high surrogate before a non-surrogate escape', '"\\uD800\\u0041"'],
      ['escaped high surrogate before text', '"\\uD800x"'],
      ['two escaped high surrogates', '"\\uD800\\uD800"'],
      ['escaped high surrogate with a raw low surrogate', '"\\uD83D\uDE00"'],
      ['raw high surrogate with an escaped low surrogate', '"\uD83D\\uDE00"'],
      ['lone surrogate in a key', '{"\\udbff":1}'],
      ['lone surrogate after an escape', '"\\n\uDFFF"'],
    ];
    for (const [description, text] of cases) {
      it(description, () => {
        expectCode(text, 'CL_JSON_LONE_SURROGATE');
      });
    }

    it('accepts surrogate pairs written raw or as two escapes', () => {
      expectSame('["😀", "\\uD83D\\uDE00", "\\udbff\\udfff", "a\uD83D\uDE00b"]');
    });
  });

  describe('numbers beyond ±(2^53 − 1) → CL_JSON_UNSAFE_NUMBER', () => {
    const unsafe = [
      '9007199254740992',
      '-9007199254740992',
      '9007199254740993',
      '9999999999999999',
      '12345678901234567890',
      '9007199254740991.5',
      '1e16',
      '-1e16',
      '1.5e300',
      '1e400',
      '-1e400',
      '1e-400',
      '-2.5e-999',
      '[1, {"a": 9007199254740992}]',
    ];
    for (const text of unsafe) {
      it(text, () => {
        expectCode(text, 'CL_JSON_UNSAFE_NUMBER');
      });
    }

    it('points at the number', () => {
      const error = expectCode('{"amounts":[1,2,1e999]}', 'CL_JSON_UNSAFE_NUMBER');
      assert.deepEqual(error.details, { offset: 16, pointer: '/amounts/2' });
    });

    it('accepts the largest safe magnitudes and ordinary fractions', () => {
      expectSame('[9007199254740991, -9007199254740991, 0.1, 5e-324, 1e15, 999999999999999, 1.7976931348623157e-300]');
    });
  });

  describe('size limit → CL_JSON_TOO_LARGE', () => {
    it('refuses more than 1 MiB of UTF-8 by default, before looking at the syntax', () => {
      expectCode('"' + 'a'.repeat(defaultJsonLimits.maxBytes) + '"', 'CL_JSON_TOO_LARGE');
      expectCode('x'.repeat(2_000_000), 'CL_JSON_TOO_LARGE');
      expectSame('"' + 'a'.repeat(defaultJsonLimits.maxBytes - 2) + '"');
    });

    it('counts UTF-8 bytes, not UTF-16 code units', () => {
      expectSame('"' + 'é'.repeat(400_000) + '"'); // 800,002 bytes
      expectCode('"' + 'é'.repeat(600_000) + '"', 'CL_JSON_TOO_LARGE'); // 1,200,002 bytes in 600,002 units
      expectCode('"' + '😀'.repeat(300_000) + '"', 'CL_JSON_TOO_LARGE'); // 1,200,002 bytes in 600,002 units
      expectCode('"' + '€'.repeat(349_526) + '"', 'CL_JSON_TOO_LARGE'); // 1,048,580 bytes
      expectSame('"' + '€'.repeat(349_524) + '"'); // 1,048,574 bytes
    });

    it('applies a caller limit exactly', () => {
      expectCode('[1,2,3]', 'CL_JSON_TOO_LARGE', { maxBytes: 6 });
      assert.ok(parseJson('[1,2,3]', { maxBytes: 7 }).success);
      expectCode('"é"', 'CL_JSON_TOO_LARGE', { maxBytes: 3 });
      assert.ok(parseJson('"é"', { maxBytes: 4 }).success);
    });
  });

  describe('depth limit → CL_JSON_TOO_DEEP', () => {
    it('accepts 32 levels and refuses 33 by default', () => {
      expectSame('['.repeat(32) + ']'.repeat(32));
      const error = expectCode('['.repeat(33) + ']'.repeat(33), 'CL_JSON_TOO_DEEP');
      assert.equal(error.details?.offset, 32);
      const deepObject = '{"a":'.repeat(33) + '1' + '}'.repeat(33);
      assert.equal(expectCode(deepObject, 'CL_JSON_TOO_DEEP').field, '/a'.repeat(32));
    });

    it('returns CL_JSON_TOO_DEEP for 1,000,000 nested brackets without crashing', () => {
      expectCode('['.repeat(1_000_000), 'CL_JSON_TOO_DEEP');
      expectCode('['.repeat(500_000) + ']'.repeat(500_000), 'CL_JSON_TOO_DEEP');
      expectCode('{"a":'.repeat(200_000), 'CL_JSON_TOO_DEEP');
    });

    it('never recurses, so even a very high caller limit is safe', () => {
      const result = parseJson('['.repeat(400_000) + ']'.repeat(400_000), { maxDepth: 1_000_000 });
      assert.ok(result.success);
    });

    it('applies a caller limit exactly', () => {
      assert.ok(parseJson('1', { maxDepth: 0 }).success);
      expectCode('[]', 'CL_JSON_TOO_DEEP', { maxDepth: 0 });
      assert.ok(parseJson('[{"a":[]}]', { maxDepth: 3 }).success);
      expectCode('[{"a":[[]]}]', 'CL_JSON_TOO_DEEP', { maxDepth: 3 });
    });
  });

  it('throws CL_INPUT_INVALID for invalid limits (a caller bug)', () => {
    for (const limits of [{ maxDepth: -1 }, { maxBytes: 1.5 }, { maxBytes: Number.NaN }]) {
      assert.throws(
        () => parseJson('1', limits),
        (error) => error instanceof ClearledgerError && error.code === 'CL_INPUT_INVALID',
      );
    }
  });

  describe('properties', () => {
    const safeJson = (stringUnit: 'grapheme' | 'binary' | 'grapheme-ascii') =>
      fc.jsonValue({ maxDepth: 10, stringUnit }).map(withSafeNumbers);

    for (const unit of ['grapheme-ascii', 'binary'] as const) {
      it(`parses JSON.stringify(v) like JSON.parse for arbitrary JSON values (${unit} strings)`, () => {
        fc.assert(
          fc.property(safeJson(unit), fc.boolean(), (value, pretty) => {
            const text = pretty ? JSON.stringify(value, null, 2) : JSON.stringify(value);
            const result = parseJson(text);
            if (hasForbiddenKey(value)) {
              assert.equal(!result.success && result.error.code, 'CL_JSON_FORBIDDEN_KEY');
            } else {
              assert.ok(result.success, !result.success ? result.error.message : '');
              assert.deepStrictEqual(result.data, JSON.parse(text));
            }
          }),
          { numRuns: 400 },
        );
      });
    }

    it('never throws on arbitrary text, and only accepts what JSON.parse accepts (with the same value)', () => {
      const jsonish = fc.constantFrom(
        ...'{}[],:"\\ \t\n0123456789-+.eEtrufalsnx/u\uD800\uDC00\uFEFF\u0000é'.split(''),
        'true',
        'null',
        '"a"',
        '\\u',
        '\\uD83D',
        '\\uDE00',
        '__proto__',
        '9007199254740993',
      );
      const texts = fc.oneof(
        fc.string({ unit: 'binary', maxLength: 60 }),
        fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)), maxLength: 40 }),
        fc.string({ unit: jsonish, maxLength: 80 }),
        fc
          .tuple(safeJson('binary'), fc.nat(), fc.nat({ max: 3 }), fc.string({ unit: jsonish, maxLength: 3 }))
          .map(([value, at, cut, insert]) => {
            const text = JSON.stringify(value);
            const i = at % (text.length + 1);
            return text.slice(0, i) + insert + text.slice(i + cut);
          }),
      );
      fc.assert(
        fc.property(texts, (text) => {
          const result = parseJson(text);
          let reference: { ok: true; value: JsonValue } | { ok: false };
          try {
            reference = { ok: true, value: JSON.parse(text) };
          } catch {
            reference = { ok: false };
          }
          if (result.success) {
            assert.ok(reference.ok, 'accepted text that JSON.parse refuses');
            assert.deepStrictEqual(result.data, reference.value);
          } else {
            assert.ok(result.error instanceof ClearledgerError);
            assert.match(result.error.code, /^CL_JSON_/);
            assert.equal(typeof result.error.details?.offset, 'number');
          }
        }),
        { numRuns: 3000 },
      );
    });

    it('refuses exactly the strings that are not well-formed UTF-16, escaped or raw', () => {
      const units = fc.string({
        unit: fc.oneof(
          fc.integer({ min: 0xd7f0, max: 0xe010 }).map((c) => String.fromCharCode(c)),
          fc.constantFrom('a', '"', '\\', '\n', 'é', '😀'),
        ),
        maxLength: 12,
      });
      fc.assert(
        fc.property(units, (s) => {
          const escaped = parseJson(JSON.stringify(s)); // JSON.stringify escapes lone surrogates as \udXXX
          const raw = parseJson('"' + s.replace(/["\\\n]/g, (c) => (c === '\n' ? '\\n' : '\\' + c)) + '"');
          for (const result of [escaped, raw]) {
            if (s.isWellFormed()) assert.ok(result.success && result.data === s);
            else assert.equal(!result.success && result.error.code, 'CL_JSON_LONE_SURROGATE');
          }
        }),
        { numRuns: 1000 },
      );
    });

    it('accepts a number exactly when its magnitude is at most 2^53 − 1', () => {
      const literals = fc.oneof(
        fc.double({ noNaN: true, noDefaultInfinity: true }).map((d) => JSON.stringify(d)),
        fc.bigInt({ min: -(2n ** 60n), max: 2n ** 60n }).map(String),
        fc.integer({ min: -400, max: 400 }).map((e) => `1e${e}`),
      );
      fc.assert(
        fc.property(literals, (text) => {
          const result = parseJson(text);
          const value = Number(text);
          if (Math.abs(value) <= Number.MAX_SAFE_INTEGER && (value !== 0 || !/[1-9]/.test(text.split(/e/i)[0]!))) {
            assert.ok(result.success && Object.is(result.data, JSON.parse(text)), text);
          } else {
            assert.equal(!result.success && result.error.code, 'CL_JSON_UNSAFE_NUMBER', text);
          }
        }),
        { numRuns: 2000 },
      );
    });

    it('reports the first duplicate or forbidden key of an object', () => {
      const key = fc.oneof(fc.constantFrom('a', 'b', 'A', 'é', '', ...forbiddenKeys), fc.string({ maxLength: 2 }));
      fc.assert(
        fc.property(fc.array(fc.tuple(key, fc.integer()), { maxLength: 8 }), (entries) => {
          const text = '{' + entries.map(([k, v]) => `${JSON.stringify(k)}:${v}`).join(',') + '}';
          let expected: ErrorCode | undefined;
          const seen = new Set<string>();
          for (const [k] of entries) {
            if (forbiddenKeys.has(k)) expected = 'CL_JSON_FORBIDDEN_KEY';
            else if (seen.has(k)) expected = 'CL_JSON_DUPLICATE_KEY';
            if (expected !== undefined) break;
            seen.add(k);
          }
          const result = parseJson(text);
          if (expected === undefined)
            assert.ok(result.success && Object.keys(result.data as object).length === seen.size);
          else assert.equal(!result.success && result.error.code, expected);
        }),
        { numRuns: 1000 },
      );
    });
  });
  describe('fast path (JSON.parse after one scan) against the checking parser', () => {
    /** The fast path must answer exactly as the checking parser would, value and error alike. */
    const same = (text: string, limits?: ParseJsonLimits) => {
      const fast = parseJson(text, limits);
      const strict = parseJsonStrictly(text, limits);
      if (strict.success) {
        assert.ok(fast.success, `refused what the checking parser accepts: ${text}`);
        assert.deepStrictEqual(fast.data, strict.data);
        if (typeof strict.data === 'number') assert.ok(Object.is(fast.data, strict.data));
      } else {
        assert.ok(!fast.success, `accepted what the checking parser refuses (${strict.error.code}): ${text}`);
        assert.equal(fast.error.code, strict.error.code);
        assert.equal(fast.error.message, strict.error.message);
      }
    };

    it('answers as the checking parser on each kind of text it must leave to it', () => {
      for (const text of [
        '{"a":1,"a":2}',
        '{"a":{"b":1,"c":{"b":2,"b":3}}}',
        '[{"x":1},{"x":1,"x":1}]',
        '{"__proto__":{"polluted":true}}',
        '{"a":[{"constructor":1}]}',
        '{"prototype":null}',
        '"\\uD800"',
        '"\\udfff and more"',
        '"\uD83D\uDE00"',
        '"\\uD83D\\uDE00"',
        '"\\ud7ff"',
        '9007199254740991',
        '9007199254740992',
        '9007199254740991.4',
        '123456789012345',
        '0.000000000000001',
        '1e-400',
        '1E3',
        '-0',
        '[-0.5, 12.25, -1]',
        '{"a:b":"c:d","e":"\\"f:"}',
        '{"a":"[[[[[[[[[[[["}',
        '[[[[]]]]',
        '\uFEFF{}',
        '{"a":1,}',
        '01',
        '{"a" 1}',
        '"unterminated',
        '',
      ])
        same(text);
      same('[[[[]]]]', { maxDepth: 3 });
      same('[[[]]]', { maxDepth: 3 });
      same('{"a":"[[[["}', { maxDepth: 1 });
    });

    it('answers as the checking parser on arbitrary and near-JSON text', () => {
      const jsonish = fc.constantFrom(
        ...'{}[],:"\\ \t\n0123456789-+.eEtrufalsnx/uDd8\uD800\uDC00\uFEFFé'.split(''),
        '"a"',
        '"a":',
        '\\u',
        '\\uD83D',
        '\\uDE00',
        '"__proto__"',
        '9007199254740993',
        '1234567890123456',
      );
      const texts = fc.oneof(
        fc.string({ unit: jsonish, maxLength: 80 }),
        fc.jsonValue({ maxDepth: 6 }).map((v) => JSON.stringify(withSafeNumbers(v))),
        fc
          .tuple(
            fc.jsonValue({ maxDepth: 6 }),
            fc.nat(),
            fc.nat({ max: 3 }),
            fc.string({ unit: jsonish, maxLength: 3 }),
          )
          .map(([value, at, cut, insert]) => {
            const text = JSON.stringify(withSafeNumbers(value)) ?? 'null';
            const i = at % (text.length + 1);
            return text.slice(0, i) + insert + text.slice(i + cut);
          }),
      );
      fc.assert(
        fc.property(texts, fc.integer({ min: 0, max: 8 }), (text, maxDepth) => same(text, { maxDepth })),
        { numRuns: 5000 },
      );
    });
  });
});
