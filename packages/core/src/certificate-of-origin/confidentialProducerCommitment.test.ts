import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import { usmcaCertification } from '../../../../test/fixtures/usmcaCertification.ts';
import { nobleCrypto as crypto } from '../crypto/nobleCrypto.ts';
import { ClearledgerError } from '../errors/ClearledgerError.ts';
import {
  confidentialProducerCommitment,
  isProducerCommitment,
  matchesProducerCommitment,
} from './confidentialProducerCommitment.ts';
import { validateCertification } from './validateCertification.ts';

const parties = [{ name: 'Muebles Artesanales de Jalisco S.A. de C.V.', addressCountry: 'MX' }];
const salt = Uint8Array.from({ length: 16 }, (_, i) => i);

describe('confidentialProducerCommitment', () => {
  it('is sha256: + SHA-256 of the JCS form of { type, parties, salt (hex) }', () => {
    const preimage =
      '{"parties":[{"addressCountry":"MX","name":"Muebles Artesanales de Jalisco S.A. de C.V."}],' +
      '"salt":"000102030405060708090a0b0c0d0e0f","type":"ConfidentialProducer"}';
    const expected = `sha256:${createHash('sha256').update(preimage, 'utf8').digest('hex')}`;
    assert.equal(confidentialProducerCommitment(crypto, parties, salt), expected);
    assert.equal(isProducerCommitment(expected), true);
  });

  it('does not depend on key order, but on every detail and on the salt', () => {
    const base = confidentialProducerCommitment(crypto, parties, salt);
    assert.equal(
      confidentialProducerCommitment(crypto, [{ addressCountry: 'MX', name: parties[0]!.name }], salt),
      base,
    );
    assert.notEqual(confidentialProducerCommitment(crypto, [{ ...parties[0]!, addressCountry: 'CA' }], salt), base);
    assert.notEqual(
      confidentialProducerCommitment(
        crypto,
        parties,
        salt.map((b) => b ^ 1),
      ),
      base,
    );
  });

  it('lets CBP check revealed details against the hash on the ledger', () => {
    const hash = confidentialProducerCommitment(crypto, parties, salt);
    assert.equal(matchesProducerCommitment(crypto, hash, parties, salt), true);
    assert.equal(matchesProducerCommitment(crypto, hash, [{ ...parties[0]!, name: 'Another maker' }], salt), false);
    assert.equal(matchesProducerCommitment(crypto, 'sha256:00', parties, salt), false);
  });

  it('refuses a salt shorter than 16 bytes', () => {
    assert.throws(
      () => confidentialProducerCommitment(crypto, parties, new Uint8Array(8)),
      (e: unknown) => e instanceof ClearledgerError && e.code === 'CL_INPUT_INVALID',
    );
  });

  it('a USMCA certification with a confidential producer carries only the hash and validates clean', () => {
    const subject: Record<string, unknown> = structuredClone(usmcaCertification().credentialSubject);
    subject.certifierRole = 'EXPORTER';
    subject.producer = { mode: 'CONFIDENTIAL', hash: confidentialProducerCommitment(crypto, parties, salt) };
    const result = validateCertification(subject, { agreement: 'USMCA' });
    assert.ok(result.success, JSON.stringify(!result.success && result.problems));
    assert.doesNotMatch(JSON.stringify(result.data.producer), /Muebles/);
  });
});
