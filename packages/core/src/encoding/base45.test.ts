import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { ClearledgerError } from '../errors/ClearledgerError.ts';
import { BASE45_ALPHABET, base45Decode, base45Encode } from './base45.ts';
import { fromUtf8, utf8 } from './bytes.ts';

describe('base45 (RFC 9285)', () => {
  it('encodes the examples of RFC 9285 section 4.3', () => {
    assert.equal(base45Encode(utf8('AB')), 'BB8');
    assert.equal(base45Encode(utf8('Hello!!')), '%69 VD92EX0');
    assert.equal(base45Encode(utf8('base-45')), 'UJCLQE7W581');
    assert.equal(base45Encode(new Uint8Array()), '');
  });

  it('decodes the example of RFC 9285 section 4.4 and the encoding examples', () => {
    assert.equal(fromUtf8(base45Decode('QED8WEX0')), 'ietf!');
    assert.equal(fromUtf8(base45Decode('BB8')), 'AB');
    assert.equal(fromUtf8(base45Decode('%69 VD92EX0')), 'Hello!!');
    assert.equal(fromUtf8(base45Decode('UJCLQE7W581')), 'base-45');
  });

  it('round-trips any bytes and uses only the QR alphanumeric characters', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        const text = base45Encode(bytes);
        assert.equal(text.length, Math.floor(bytes.length / 2) * 3 + (bytes.length % 2) * 2);
        assert.ok([...text].every((c) => BASE45_ALPHABET.includes(c)));
        assert.deepEqual(base45Decode(text), bytes);
      }),
      { numRuns: 2000 },
    );
  });

  it('refuses text that is not canonical Base45', () => {
    const bad = [
      'BB8B', // 3n + 1 characters
      'A',
      'bb8', // lower case is outside the alphabet
      'BB#',
      'QED8WEX0\n',
      'ÀB8',
      ':::', // 44 + 44·45 + 44·45² = 91124 > 65535
      'GGW', // 65536, one more than two bytes hold
      '::', // 44 + 44·45 = 2024 > 255
      'V6', // 31 + 6·45 = 301 > 255
    ];
    for (const text of bad) {
      assert.throws(
        () => base45Decode(text),
        (e: unknown) => e instanceof ClearledgerError && e.code === 'CL_ENCODING_INVALID',
        JSON.stringify(text),
      );
    }
    assert.deepEqual(base45Decode('FGW'), new Uint8Array([0xff, 0xff]));
    assert.deepEqual(base45Decode('U5'), new Uint8Array([0xff]));
  });
});
