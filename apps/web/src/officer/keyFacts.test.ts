import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { certificationKeyFacts } from '@clearledger/core';
import { ISSUED_AT, ISSUER, issued } from '../testing/ledgerFixture.ts';
import { formatHs, formatHtsus, keyFactsOf } from './keyFacts.ts';

describe('keyFactsOf', () => {
  it('extracts the facts every record has, and its family’s facts for its type', () => {
    const credential = issued(7).credential;
    const facts = keyFactsOf(credential);
    assert.deepEqual(facts.types, ['USMCACertificationOfOrigin']);
    assert.equal(facts.issuer, ISSUER);
    assert.equal(facts.issuedAt, ISSUED_AT);
    assert.equal(facts.validFrom, '2025-01-01T00:00:00Z');
    assert.equal(facts.validUntil, '2025-12-31T23:59:59Z', 'a blanket certification is good until its period ends');
    assert.deepEqual(facts.record, certificationKeyFacts(credential as unknown as Record<string, unknown>));
    assert.deepEqual(facts.record?.facts[0], {
      label: 'certificationNumber',
      value: { kind: 'text', text: 'MX-ACM-2025-0000007' },
    });
    assert.equal(facts.record?.tables[0]?.rows.length, 5);
  });

  it('never throws on hostile or partial input; unknown facts are null', () => {
    for (const value of [
      null,
      42,
      'text',
      [],
      { type: 'nope' },
      { type: ['VerifiableCredential', 7], issuer: { id: 5 } },
    ]) {
      const facts = keyFactsOf(value);
      assert.equal(facts.issuer, null);
      assert.equal(facts.record, null);
    }
    const partial = keyFactsOf({
      type: ['VerifiableCredential', 'USMCACertificationOfOrigin'],
      issuer: { id: 'did:web:x', name: 'X Corp' },
      credentialSubject: { goods: [null, { hs6: 940360 }], producer: { mode: 'CONFIDENTIAL' } },
    });
    assert.equal(partial.issuerName, 'X Corp');
    const producer = partial.record?.facts.find((f) => f.label === 'producer');
    assert.deepEqual(producer?.value, { kind: 'term', term: 'CONFIDENTIAL' });
    assert.deepEqual(
      partial.record?.tables[0]?.rows.map((r) => r.cells[1]),
      [null],
    );
  });

  it('a record no family describes has no family facts', () => {
    const facts = keyFactsOf({
      type: ['VerifiableCredential', 'OrganizationCredential'],
      credentialSubject: { name: 'Org' },
    });
    assert.deepEqual(facts.types, ['OrganizationCredential']);
    assert.equal(facts.record, null);
  });

  it('prints HS subheadings as dddd.dd', () => {
    assert.equal(formatHs('940360'), '9403.60');
    assert.equal(formatHtsus('9403604081'), '9403.60.40.81');
  });
});
