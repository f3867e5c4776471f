import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { nobleCrypto, toHex } from '@clearledger/core';
import fc from 'fast-check';
import { nodeCrypto } from './nodeCrypto.ts';

describe('nodeCrypto agrees with the pure-JS port', () => {
  it('SHA-256, key derivation, signatures and verification', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 32, maxLength: 32 }),
        fc.uint8Array({ maxLength: 200 }),
        (seed, message) => {
          assert.equal(toHex(nodeCrypto.sha256(message)), toHex(nobleCrypto.sha256(message)));
          const pub = nodeCrypto.ed25519PublicKey(seed);
          assert.equal(toHex(pub), toHex(nobleCrypto.ed25519PublicKey(seed)));
          const sig = nodeCrypto.ed25519Sign(seed, message);
          assert.equal(toHex(sig), toHex(nobleCrypto.ed25519Sign(seed, message)));
          assert.equal(nodeCrypto.ed25519Verify(pub, message, sig), true);
          assert.equal(nobleCrypto.ed25519Verify(pub, message, sig), true);
          const bad = sig.slice();
          bad[0]! ^= 1;
          assert.equal(nodeCrypto.ed25519Verify(pub, message, bad), false);
          assert.equal(nodeCrypto.ed25519Verify(pub, message, sig.slice(0, 63)), false);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('SHA-256 of a shared prefix with several suffixes equals hashing each whole text', () => {
    const text = fc.string({ unit: 'binary', maxLength: 5000 });
    fc.assert(
      fc.property(text, fc.array(text, { minLength: 1, maxLength: 4 }), (prefix, suffixes) => {
        const node = nodeCrypto.sha256Utf8Prefixed!(prefix);
        const noble = nobleCrypto.sha256Utf8Prefixed!(prefix);
        for (const suffix of [...suffixes, ...suffixes.reverse()]) {
          const whole = toHex(nobleCrypto.sha256Utf8(prefix + suffix));
          assert.equal(toHex(nodeCrypto.sha256Utf8(prefix + suffix)), whole);
          assert.equal(toHex(node(suffix)), whole);
          assert.equal(toHex(noble(suffix)), whole);
        }
      }),
      { numRuns: 200 },
    );
  });
});
