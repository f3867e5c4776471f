import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { nobleCrypto } from '../crypto/nobleCrypto.ts';
import { decodePublicKeyMultibase, decodeSecretKeyMultibase, encodePublicKeyMultibase } from '../did/multikey.ts';
import { createProof, verifyProofValue } from './eddsaJcs2022.ts';

const dir = new URL('../../../../test/vectors/w3c-vc-di-eddsa/', import.meta.url);
const signed = JSON.parse(readFileSync(new URL('eddsa-jcs-2022-signed.json', dir), 'utf8'));
const keyPair = JSON.parse(readFileSync(new URL('keyPair.json', dir), 'utf8'));

describe('eddsa-jcs-2022 (W3C EdDSA Cryptosuites v1.0 test vector)', () => {
  const seed = decodeSecretKeyMultibase(keyPair.privateKeyMultibase);
  const publicKey = decodePublicKeyMultibase(keyPair.publicKeyMultibase);
  const { proof, ...unsecured } = signed;

  it('derives the published public key from the published secret key', () => {
    assert.equal(encodePublicKeyMultibase(nobleCrypto.ed25519PublicKey(seed)), keyPair.publicKeyMultibase);
  });

  it('reproduces the specification proof byte for byte', () => {
    const out = createProof(unsecured, {
      crypto: nobleCrypto,
      seed,
      options: { verificationMethod: proof.verificationMethod, created: proof.created },
    });
    assert.deepEqual(out.proof, proof);
    assert.equal(JSON.stringify(out.proof), JSON.stringify(proof));
  });

  it('verifies the published proof', () => {
    assert.deepEqual(verifyProofValue(nobleCrypto, unsecured, proof, publicKey), { ok: true });
  });

  it('rejects a tampered field', () => {
    const tampered = { ...unsecured, name: 'Forged Credential' };
    const result = verifyProofValue(nobleCrypto, tampered, proof, publicKey);
    assert.equal(result.ok, false);
    assert.equal(!result.ok && result.reason, 'SIGNATURE');
  });
});
