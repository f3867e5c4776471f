import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, it } from 'node:test';
import {
  type CryptoPort,
  certificationDomainChecks,
  createProof,
  createSigner,
  decodePublicKeyMultibase,
  decodeSecretKeyMultibase,
  encodePublicKeyMultibase,
  issueCredential,
  toHex,
  verifyCredential,
  verifyProofValue,
} from '@clearledger/core';
import fc from 'fast-check';
import { usmcaCertification } from '../../../test/fixtures/usmcaCertification.ts';
import { nodeCrypto } from './nodeCrypto.ts';
import { selectCrypto } from './selectCrypto.ts';
import { loadSodiumCrypto } from './sodiumCrypto.ts';

const loaded = loadSodiumCrypto();
if (!('crypto' in loaded)) throw new Error(`sodium-native does not load here: ${loaded.error}`);
const sodiumCrypto: CryptoPort = loaded.crypto;
const ports: [string, CryptoPort][] = [
  ['libsodium', sodiumCrypto],
  ['node:crypto', nodeCrypto],
];

describe('libsodium crypto port', () => {
  it('is the port this node selects (the prebuilt binary loads on this platform)', () => {
    const selected = selectCrypto();
    assert.equal(selected.provider, 'libsodium');
    assert.equal(selected.fallbackReason, undefined);
  });

  it('gives byte-identical keys and signatures to node:crypto, and each verifies the other’s', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 32, maxLength: 32 }),
        fc.uint8Array({ maxLength: 300 }),
        (seed, message) => {
          const pub = sodiumCrypto.ed25519PublicKey(seed);
          assert.equal(toHex(pub), toHex(nodeCrypto.ed25519PublicKey(seed)));
          const sig = sodiumCrypto.ed25519Sign(seed, message);
          assert.equal(toHex(sig), toHex(nodeCrypto.ed25519Sign(seed, message)));
          assert.equal(nodeCrypto.ed25519Verify(pub, message, sig), true);
          assert.equal(sodiumCrypto.ed25519Verify(pub, message, nodeCrypto.ed25519Sign(seed, message)), true);
          const bad = sig.slice();
          bad[message.length % 64]! ^= 1;
          assert.equal(sodiumCrypto.ed25519Verify(pub, message, bad), false);
          assert.equal(nodeCrypto.ed25519Verify(pub, message, bad), false);
          const other = message.length === 0 ? Uint8Array.of(0) : message.slice(1);
          assert.equal(sodiumCrypto.ed25519Verify(pub, other, sig), false);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('answers false, without throwing, for keys and signatures of the wrong length', () => {
    const seed = new Uint8Array(32).fill(3);
    const message = new TextEncoder().encode('m');
    const pub = sodiumCrypto.ed25519PublicKey(seed);
    const sig = sodiumCrypto.ed25519Sign(seed, message);
    assert.equal(sodiumCrypto.ed25519Verify(pub.slice(0, 31), message, sig), false);
    assert.equal(sodiumCrypto.ed25519Verify(pub, message, sig.slice(0, 63)), false);
    assert.equal(sodiumCrypto.ed25519Verify(new Uint8Array(33), message, sig), false);
    assert.equal(sodiumCrypto.ed25519Verify(pub, message, new Uint8Array(65)), false);
    assert.throws(() => sodiumCrypto.ed25519Sign(new Uint8Array(31), message), RangeError);
    assert.throws(() => sodiumCrypto.ed25519PublicKey(new Uint8Array(33)), RangeError);
  });

  it('SHA-256 agrees with libsodium’s own crypto_hash_sha256 and node:crypto', () => {
    const sodium = createRequire(import.meta.url)('sodium-native') as {
      crypto_hash_sha256(out: Uint8Array, data: Uint8Array): void;
    };
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 3000 }), fc.string({ maxLength: 200 }), (text, suffix) => {
        const bytes = new TextEncoder().encode(text);
        const reference = new Uint8Array(32);
        sodium.crypto_hash_sha256(reference, bytes);
        for (const [, port] of ports) {
          assert.equal(toHex(port.sha256(bytes)), toHex(reference));
          assert.equal(toHex(port.sha256Utf8(text)), toHex(reference));
          const whole = new Uint8Array(32);
          sodium.crypto_hash_sha256(whole, new TextEncoder().encode(text + suffix));
          assert.equal(toHex(port.sha256Utf8Prefixed!(text)(suffix)), toHex(whole));
        }
      }),
      { numRuns: 200 },
    );
  });

  it('issues byte-identical eddsa-jcs-2022 certifications, each verifying VALID under the other port', async () => {
    const seed = new Uint8Array(32).fill(11);
    const now = '2025-01-10T12:00:00Z';
    const issued = ports.map(([, crypto]) => {
      const signer = createSigner(crypto, { issuer: 'did:web:producer.example', seed });
      const credential = {
        ...usmcaCertification({ issuer: signer.issuer, serial: 7 }),
        id: 'urn:uuid:00000000-0000-4000-8000-000000000007',
      };
      const r = issueCredential({ crypto, now }, { credential, signer });
      if (!r.success) throw new Error(JSON.stringify(r.problems));
      return r;
    });
    const [bySodium, byNode] = issued as [(typeof issued)[0], (typeof issued)[0]];
    assert.equal(bySodium.canonical, byNode.canonical);
    assert.equal(bySodium.hash, byNode.hash);
    for (const [name, crypto] of ports) {
      for (const r of issued) {
        const report = await verifyCredential(
          { crypto, now: '2025-06-10T09:00:00Z', domainChecks: certificationDomainChecks },
          { credential: JSON.parse(r.canonical) },
        );
        const byCheck = Object.fromEntries(report.checks.map((c) => [c.check, c.status]));
        assert.equal(byCheck.integrity, 'VALID', name);
        assert.equal(byCheck.domain, 'VALID', name);
        assert.equal(report.hash, r.hash, name);
      }
    }
  });

  it('reproduces and verifies the W3C eddsa-jcs-2022 test vector (EdDSA Cryptosuites v1.0)', () => {
    const dir = new URL('../../../test/vectors/w3c-vc-di-eddsa/', import.meta.url);
    const signed = JSON.parse(readFileSync(new URL('eddsa-jcs-2022-signed.json', dir), 'utf8'));
    const keyPair = JSON.parse(readFileSync(new URL('keyPair.json', dir), 'utf8'));
    const seed = decodeSecretKeyMultibase(keyPair.privateKeyMultibase);
    const publicKey = decodePublicKeyMultibase(keyPair.publicKeyMultibase);
    const { proof, ...unsecured } = signed;
    assert.equal(encodePublicKeyMultibase(sodiumCrypto.ed25519PublicKey(seed)), keyPair.publicKeyMultibase);
    const out = createProof(unsecured, {
      crypto: sodiumCrypto,
      seed,
      options: { verificationMethod: proof.verificationMethod, created: proof.created },
    });
    assert.equal(JSON.stringify(out.proof), JSON.stringify(proof));
    assert.deepEqual(verifyProofValue(sodiumCrypto, unsecured, proof, publicKey), { ok: true });
    const tampered = verifyProofValue(sodiumCrypto, { ...unsecured, name: 'Forged Credential' }, proof, publicKey);
    assert.equal(!tampered.ok && tampered.reason, 'SIGNATURE');
  });
});
