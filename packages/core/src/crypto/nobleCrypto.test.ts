import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sha256 } from '@noble/hashes/sha2';
import fc from 'fast-check';
import { toHex, utf8 } from '../encoding/bytes.ts';
import { nobleCrypto } from './nobleCrypto.ts';

describe('nobleCrypto', () => {
  it('SHA-256 of a shared prefix with several suffixes equals hashing each whole text', () => {
    const text = fc.string({ unit: 'binary', maxLength: 300 });
    fc.assert(
      fc.property(text, fc.array(text, { minLength: 1, maxLength: 4 }), (prefix, suffixes) => {
        const withPrefix = nobleCrypto.sha256Utf8Prefixed!(prefix);
        // Any order, any number of times: each call starts again from the prefix.
        for (const suffix of [...suffixes, ...suffixes.reverse()]) {
          const whole = toHex(sha256(utf8(prefix + suffix)));
          assert.equal(toHex(withPrefix(suffix)), whole);
          assert.equal(toHex(nobleCrypto.sha256Utf8(prefix + suffix)), whole);
        }
      }),
      { numRuns: 300 },
    );
  });
});
