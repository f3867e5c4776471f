import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { base58Decode, base58Encode, fromMultibase58 } from './base58.ts';

/** Reference: the textbook big-integer conversion (slow, obviously right). */
function referenceEncode(bytes: Uint8Array): string {
  const alphabet = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
  let n = 0n;
  for (const b of bytes) n = n * 256n + BigInt(b);
  let out = '';
  while (n > 0n) {
    out = alphabet[Number(n % 58n)] + out;
    n /= 58n;
  }
  let zeros = 0;
  while (zeros < bytes.length && bytes[zeros] === 0) zeros++;
  return '1'.repeat(zeros) + out;
}

describe('base58', () => {
  it('matches known vectors (Bitcoin alphabet)', () => {
    assert.equal(base58Encode(new TextEncoder().encode('Hello World!')), '2NEpo7TZRRrLZSi2U');
    assert.equal(base58Encode(new Uint8Array([0, 0, 0x28, 0x7f, 0xb4, 0xcd])), '11233QC4');
    assert.equal(base58Encode(new Uint8Array([])), '');
    assert.deepEqual(base58Decode('11233QC4'), new Uint8Array([0, 0, 0x28, 0x7f, 0xb4, 0xcd]));
  });

  it('encodes like the big-integer reference and round-trips', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 120 }), (bytes) => {
        const text = base58Encode(bytes);
        assert.equal(text, referenceEncode(bytes));
        assert.deepEqual(base58Decode(text), bytes);
      }),
      { numRuns: 2000 },
    );
  });

  it('keeps leading zero bytes and round-trips signature-sized input, whatever the length parity', () => {
    fc.assert(
      fc.property(fc.nat(5), fc.uint8Array({ minLength: 0, maxLength: 70 }), (zeros, body) => {
        const bytes = new Uint8Array(zeros + body.length);
        bytes.set(body, zeros);
        const text = base58Encode(bytes);
        assert.equal(text, referenceEncode(bytes));
        assert.deepEqual(base58Decode(text), bytes);
      }),
      { numRuns: 2000 },
    );
    for (const fill of [0, 1, 0xff]) {
      for (const length of [1, 2, 63, 64, 65]) {
        const bytes = new Uint8Array(length).fill(fill);
        assert.equal(base58Encode(bytes), referenceEncode(bytes));
        assert.deepEqual(fromMultibase58(`z${base58Encode(bytes)}`), bytes);
      }
    }
  });

  it('refuses characters outside the alphabet', () => {
    for (const bad of ['0', 'O', 'I', 'l', 'é', ' ']) {
      assert.throws(() => base58Decode(`abc${bad}`), { code: 'CL_ENCODING_INVALID' });
    }
    assert.throws(() => fromMultibase58('uABC'), { code: 'CL_ENCODING_INVALID' });
  });
});
