import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { nobleCrypto } from '../crypto/nobleCrypto.ts';
import { decodePublicKeyMultibase, decodeSecretKeyMultibase, encodePublicKeyMultibase } from '../did/multikey.ts';
import { toHex } from '../encoding/bytes.ts';
import { canonicalize } from '../jcs/canonicalize.ts';
import { createProof, signDocument, verifyProofValue } from './eddsaJcs2022.ts';

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

  it('returns the canonical signed document and its hash, with or without an incremental hash in the port', () => {
    const { sha256Utf8Prefixed: _incremental, ...oneShotOnly } = nobleCrypto;
    const documents: Record<string, unknown>[] = [
      unsecured,
      { ...unsecured, proof: { stale: true } },
      // Members only after "proof", only before it, and none at all.
      { type: ['VerifiableCredential'], validFrom: '2025-01-01T00:00:00Z' },
      { '@context': ['https://www.w3.org/ns/credentials/v2'], name: 'x' },
      {},
    ];
    for (const document of documents) {
      const options = { verificationMethod: proof.verificationMethod, created: proof.created };
      const incremental = signDocument(document, { crypto: nobleCrypto, seed, options });
      const oneShot = signDocument(document, { crypto: oneShotOnly, seed, options });
      assert.equal(incremental.canonicalSigned, canonicalize(incremental.signed));
      assert.equal(toHex(incremental.signedHash), toHex(nobleCrypto.sha256Utf8(incremental.canonicalSigned)));
      assert.deepEqual(oneShot, incremental);
      const { proof: signedProof, ...rest } = incremental.signed;
      assert.deepEqual(verifyProofValue(nobleCrypto, rest, signedProof, publicKey), { ok: true });
    }
  });
});
