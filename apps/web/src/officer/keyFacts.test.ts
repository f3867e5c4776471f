import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ISSUED_AT, ISSUER, issued } from '../testing/ledgerFixture.ts';
import { formatHs, formatHtsus, keyFactsOf } from './keyFacts.ts';

describe('keyFactsOf', () => {
  it('extracts what an officer needs from a USMCA certification', () => {
    const facts = keyFactsOf(issued(7).credential);
    assert.deepEqual(facts.types, ['USMCACertificationOfOrigin']);
    assert.equal(facts.issuer, ISSUER);
    assert.equal(facts.issuedAt, ISSUED_AT);
    assert.equal(facts.validFrom, '2025-01-01T00:00:00Z');
    assert.equal(facts.validUntil, null);
    const u = facts.usmca!;
    assert.equal(u.certificationNumber, 'MX-ACM-2025-0000007');
    assert.equal(u.certifierRole, 'PRODUCER');
    assert.equal(u.certifier?.title, 'Director de Comercio Exterior');
    assert.equal(u.certifier?.country, 'MX');
    assert.equal(u.exporter?.name, 'Exportadora del Pacífico S.A. de C.V.');
    assert.deepEqual(
      u.producer.parties.map((p) => [p.name, p.country]),
      [['Muebles Artesanales de Jalisco S.A. de C.V.', 'MX']],
    );
    assert.equal(u.importer?.importerNumber, '38-1234567');
    assert.deepEqual(u.scope, { type: 'BLANKET', from: '2025-01-01', to: '2025-12-31' });
    assert.equal(u.goods.length, 5);
    assert.deepEqual({ hs: u.goods[0]!.hs, criterion: u.goods[0]!.originCriterion }, { hs: '9403.60', criterion: 'B' });
    assert.equal(u.signature?.signer, 'Ing. María Fernanda Ruiz Ortega');
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
      assert.equal(facts.usmca, null);
    }
    const partial = keyFactsOf({
      type: ['VerifiableCredential', 'USMCACertificationOfOrigin'],
      issuer: { id: 'did:web:x', name: 'X Corp' },
      credentialSubject: { goods: [null, { hs6: 940360 }], producer: { mode: 'CONFIDENTIAL' } },
    });
    assert.equal(partial.issuerName, 'X Corp');
    assert.deepEqual(
      partial.usmca?.goods.map((g) => g.hs),
      [null],
    );
    assert.equal(partial.usmca?.producer.mode, 'CONFIDENTIAL');
    assert.equal(partial.usmca?.exporter, null);
  });

  it('prints HS subheadings as dddd.dd', () => {
    assert.equal(formatHs('940360'), '9403.60');
    assert.equal(formatHs('9403.6'), '9403.6');
    assert.equal(formatHtsus('9403604081'), '9403.60.40.81');
    assert.equal(formatHtsus('94036040'), '9403.60.40');
    assert.equal(formatHtsus('9403604'), '9403604');
  });

  it('reads CAFTA-DR certifications too: the HTSUS classification and the General Note 29 rule', () => {
    const facts = keyFactsOf({
      type: ['VerifiableCredential', 'CAFTADRCertificationOfOrigin'],
      credentialSubject: {
        agreement: 'CAFTA_DR',
        goods: [{ line: 1, description: 'Biscuits', hsCode: '19059090', ruleRef: 'GN29(n)' }],
      },
    });
    assert.deepEqual(
      facts.usmca?.goods.map((g) => [g.hs, g.originCriterion]),
      [['1905.90.90', 'GN29(n)']],
    );
  });
});
