import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { nobleCrypto } from '../crypto/nobleCrypto.ts';
import { toHex } from '../encoding/bytes.ts';
import { encodePublicKeyMultibase } from './multikey.ts';
import { parseVerificationMethod } from './verificationMethod.ts';

describe('parseVerificationMethod', () => {
  const key = encodePublicKeyMultibase(nobleCrypto.ed25519PublicKey(new Uint8Array(32).fill(5)));
  const id = `did:web:producer.example#${key}`;

  it('gives the same answer every time, and what a caller changes in one answer is not in the next', () => {
    const first = parseVerificationMethod(id);
    assert.deepEqual(first, {
      controller: 'did:web:producer.example',
      publicKeyMultibase: key,
      publicKey: nobleCrypto.ed25519PublicKey(new Uint8Array(32).fill(5)),
    });
    first.publicKey.fill(0);
    (first as { controller: string }).controller = 'did:web:attacker.example';
    const second = parseVerificationMethod(id);
    assert.equal(second.controller, 'did:web:producer.example');
    assert.equal(toHex(second.publicKey), toHex(nobleCrypto.ed25519PublicKey(new Uint8Array(32).fill(5))));
    second.publicKey[0]! ^= 1;
    assert.equal(
      toHex(parseVerificationMethod(id).publicKey),
      toHex(nobleCrypto.ed25519PublicKey(new Uint8Array(32).fill(5))),
    );
  });

  it('refuses a bad id every time it is asked, and more ids than are remembered still parse', () => {
    for (let i = 0; i < 2; i++) {
      assert.throws(() => parseVerificationMethod('did:web:producer.example#nope'), { code: 'CL_DID_UNSUPPORTED' });
      assert.throws(() => parseVerificationMethod(`did:key:${key}#${key.slice(0, -1)}x`), {
        code: 'CL_DID_UNSUPPORTED',
      });
    }
    for (let i = 0; i < 1500; i++) {
      const parsed = parseVerificationMethod(`did:web:org${i}.example#${key}`);
      assert.equal(parsed.controller, `did:web:org${i}.example`);
    }
    assert.equal(parseVerificationMethod(id).publicKeyMultibase, key);
  });
});
