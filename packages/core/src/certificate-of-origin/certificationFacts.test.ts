import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { usmcaCertification } from '../../../../test/fixtures/usmcaCertification.ts';
import { recordKeyFacts } from '../families/recordKeyFacts.ts';
import { certificationFactsOf, certificationKeyFacts, formatHs, formatHtsus } from './certificationFacts.ts';

const certification = usmcaCertification({ issuer: 'did:web:producer.example', serial: 7 });

describe('certificationFactsOf', () => {
  it('extracts what an officer needs from a USMCA certification', () => {
    const u = certificationFactsOf(certification.credentialSubject);
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
    for (const value of [null, 42, 'text', [], { goods: 'nope', producer: [] }]) {
      const u = certificationFactsOf(value);
      assert.equal(u.certifier, null);
      assert.deepEqual(u.goods, []);
    }
    const partial = certificationFactsOf({ goods: [null, { hs6: 940360 }], producer: { mode: 'CONFIDENTIAL' } });
    assert.deepEqual(
      partial.goods.map((g) => g.hs),
      [null],
    );
    assert.equal(partial.producer.mode, 'CONFIDENTIAL');
    assert.equal(partial.exporter, null);
  });

  it('prints HS subheadings as dddd.dd and HTSUS numbers with their dots', () => {
    assert.equal(formatHs('940360'), '9403.60');
    assert.equal(formatHs('9403.6'), '9403.6');
    assert.equal(formatHtsus('9403604081'), '9403.60.40.81');
    assert.equal(formatHtsus('94036040'), '9403.60.40');
    assert.equal(formatHtsus('9403604'), '9403604');
  });

  it('reads CAFTA-DR certifications too: the HTSUS classification and the General Note 29 rule', () => {
    const u = certificationFactsOf({
      agreement: 'CAFTA_DR',
      goods: [{ line: 1, description: 'Biscuits', hsCode: '19059090', ruleRef: 'GN29(n)' }],
    });
    assert.deepEqual(
      u.goods.map((g) => [g.hs, g.originCriterion]),
      [['1905.90.90', 'GN29(n)']],
    );
  });
});

describe('certificationKeyFacts (the family’s key facts for the officer screen and the PDF)', () => {
  it('labels each fact and says what kind of value it is', () => {
    const { facts, tables } = certificationKeyFacts(certification);
    assert.deepEqual(
      facts.map((f) => [f.label, f.value?.kind ?? null]),
      [
        ['certificationNumber', 'text'],
        ['certifier', 'parties'],
        ['exporter', 'parties'],
        ['producer', 'parties'],
        ['importer', 'parties'],
        ['scope', 'period'],
        ['signature', 'signature'],
      ],
    );
    assert.deepEqual(facts[1]!.value, {
      kind: 'parties',
      role: 'PRODUCER',
      parties: [certificationFactsOf(certification.credentialSubject).certifier],
    });
    assert.equal(tables.length, 1);
    const goods = tables[0]!;
    assert.deepEqual(
      [goods.label, goods.source, goods.columns],
      ['goods', 'goods', ['description', 'hs', 'criterion', 'origin']],
    );
    assert.deepEqual(goods.rows[0]!.cells.slice(1, 3), ['9403.60', 'B']);
  });

  it('states a confidential producer as a term, a single shipment by its invoice, and absent parties as null', () => {
    const { facts } = certificationKeyFacts({
      credentialSubject: [{ producer: { mode: 'CONFIDENTIAL' }, scope: { type: 'SINGLE', invoiceNumber: 'INV-1' } }],
    });
    const value = (label: string) => facts.find((f) => f.label === label)?.value;
    assert.deepEqual(value('producer'), { kind: 'term', term: 'CONFIDENTIAL' });
    assert.deepEqual(value('scope'), { kind: 'shipment', invoiceNumber: 'INV-1' });
    assert.equal(value('exporter'), null);
    assert.equal(
      facts.find((f) => f.label === 'certificationNumber'),
      undefined,
    );
  });

  it('is what the registry gives for a certification, by credential type or by subject type', () => {
    assert.deepEqual(recordKeyFacts(certification)?.facts, certificationKeyFacts(certification));
    assert.equal(recordKeyFacts(certification)?.family, 'certificate-of-origin');
    const bare = { credentialSubject: { type: 'CAFTADRCertification', certificationNumber: 'GT-1' } };
    assert.equal(recordKeyFacts(bare)?.recordType, 'CAFTADRCertificationOfOrigin');
    for (const other of [
      null,
      'x',
      [],
      { type: ['VerifiableCredential', 'OrganizationCredential'] },
      { type: 'OriginQualificationCredential' },
    ])
      assert.equal(recordKeyFacts(other), null);
  });
});
