import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { usmcaCertification } from '../../../../test/fixtures/usmcaCertification.ts';
import {
  addMonths,
  buildUsmcaCredential,
  emptyUsmcaForm,
  fieldForPointer,
  fieldValue,
  type UsmcaFormInput,
  validateUsmcaForm,
  withField,
} from './usmcaForm.ts';

const TODAY = '2025-01-20';
const fixture = usmcaCertification({ issuer: 'did:web:producer.example' });
const s = fixture.credentialSubject;

/** The fixture's certification as a user would type it into the form. */
function fixtureForm(): UsmcaFormInput {
  const party = (p: typeof s.exporter) => ({
    name: p.name,
    street: p.address.streetAddress,
    locality: p.address.addressLocality,
    region: p.address.addressRegion,
    postalCode: p.address.postalCode,
    country: p.address.addressCountry,
    phone: p.phone,
    email: p.email,
  });
  return {
    certificationNumber: s.certificationNumber,
    certifierRole: 'PRODUCER',
    certifier: { ...party(s.certifier), title: s.certifier.title, taxId: s.certifier.taxId },
    exporterMode: 'LISTED',
    exporter: party(s.exporter),
    producerMode: 'LISTED',
    producer: { name: s.producer.parties[0]!.name, country: 'MX' },
    importerMode: 'LISTED',
    importer: { ...party(s.importer), importerNumber: s.importer.importerNumber },
    scopeType: 'BLANKET',
    blanketFrom: '2025-01-01',
    blanketTo: '2025-12-31',
    invoiceNumber: '',
    goods: s.goods.map((g, i) => ({
      uid: `g${i}`,
      description: g.description,
      hs6: `${g.hs6.slice(0, 4)}.${g.hs6.slice(4)}`,
      originCriterion: g.originCriterion as 'A' | 'B' | 'C',
      countryOfOrigin: 'MX',
      invoiceReference: g.invoiceReference,
    })),
    signer: s.signature.signer,
    signerTitle: s.signature.title,
    signatureDate: s.signature.date,
    attested: true,
  };
}

describe('buildUsmcaCredential', () => {
  it('builds the record in the shape of the USMCA fixture, adding each good’s country of origin', () => {
    const form = fixtureForm();
    assert.deepEqual(validateUsmcaForm(form, { today: TODAY }), {});
    const built = buildUsmcaCredential(form, { issuer: 'did:web:producer.example', language: 'en' });
    const expected = {
      ...fixture,
      credentialSubject: { ...s, goods: s.goods.map((g) => ({ ...g, countryOfOrigin: 'MX' })) },
    };
    assert.deepEqual(built, expected);
  });

  it('writes a single shipment, an unknown exporter and a confidential producer as the data model says', () => {
    const form: UsmcaFormInput = {
      ...fixtureForm(),
      scopeType: 'SINGLE',
      invoiceNumber: 'INV-88',
      exporterMode: 'UNKNOWN',
      producerMode: 'CONFIDENTIAL',
    };
    assert.deepEqual(validateUsmcaForm(form, { today: TODAY }), {});
    const subject = buildUsmcaCredential(form, { issuer: 'did:web:x', language: 'es' }).credentialSubject as Record<
      string,
      unknown
    >;
    assert.deepEqual(subject.scope, { type: 'SINGLE', invoiceNumber: 'INV-88' });
    assert.equal(subject.exporter, null);
    assert.deepEqual(subject.producer, { mode: 'CONFIDENTIAL' });
    assert.equal(subject.language, 'es');
  });
});

describe('validateUsmcaForm', () => {
  const problemsOf = (change: Partial<UsmcaFormInput>) =>
    validateUsmcaForm({ ...fixtureForm(), ...change }, { today: TODAY });

  it('an empty form reports its required fields', () => {
    const problems = validateUsmcaForm(emptyUsmcaForm(TODAY), { today: TODAY });
    for (const field of ['certificationNumber', 'certifierRole', 'certifier.name', 'goods.0.hs6', 'signer', 'attested'])
      assert.ok(problems[field], field);
  });

  it('E-CO-3: a blanket period longer than 12 months is refused; a full calendar year is accepted', () => {
    assert.equal(problemsOf({ blanketTo: '2026-01-15' }).blanketTo?.key, 'form.error.periodTooLong');
    assert.equal(problemsOf({ blanketTo: '2026-01-01' }).blanketTo?.key, 'form.error.periodTooLong');
    assert.equal(problemsOf({ blanketTo: '2025-12-31' }).blanketTo, undefined);
    assert.equal(problemsOf({ blanketTo: '2024-12-31' }).blanketTo?.key, 'form.error.periodOrder');
  });

  it('E-CO-6: an HS code of 5 digits is refused; 9403.60 and 940360 are both accepted', () => {
    const goods = (hs6: string) => [{ ...fixtureForm().goods[0]!, hs6 }];
    assert.equal(problemsOf({ goods: goods('9403.6') })['goods.0.hs6']?.key, 'form.error.hs6');
    assert.equal(problemsOf({ goods: goods('9403.60') })['goods.0.hs6'], undefined);
    assert.equal(problemsOf({ goods: goods('940360') })['goods.0.hs6'], undefined);
  });

  it('CO-11: criterion D is refused for textiles (HS chapters 61–63)', () => {
    const line = { ...fixtureForm().goods[0]!, hs6: '610910', originCriterion: 'D' as const };
    assert.equal(problemsOf({ goods: [line] })['goods.0.originCriterion']?.key, 'form.error.criterionDTextiles');
  });

  it('exporters, producers and goods origin must be in a USMCA Party; dates must be real and not in the future', () => {
    const form = fixtureForm();
    assert.equal(
      problemsOf({ exporter: { ...form.exporter, country: 'CN' } })['exporter.country']?.key,
      'form.error.usmcaParty',
    );
    assert.equal(problemsOf({ signatureDate: '2025-02-30' }).signatureDate?.key, 'form.error.date');
    assert.equal(problemsOf({ signatureDate: '2025-01-21' }).signatureDate?.key, 'form.error.future');
  });

  it('CO-05: only a producer may leave the exporter unknown', () => {
    assert.equal(
      problemsOf({ certifierRole: 'IMPORTER', exporterMode: 'UNKNOWN' }).exporterMode?.key,
      'form.error.exporterUnknownRole',
    );
    assert.equal(problemsOf({ certifierRole: 'PRODUCER', exporterMode: 'UNKNOWN' }).exporterMode, undefined);
  });

  it('a certifier who is also the exporter must be in a USMCA Party', () => {
    const form = fixtureForm();
    assert.equal(problemsOf({ exporterMode: 'SAME_AS_CERTIFIER' }).exporterMode, undefined);
    assert.equal(
      problemsOf({ exporterMode: 'SAME_AS_CERTIFIER', certifier: { ...form.certifier, country: 'CN' } }).exporterMode
        ?.key,
      'form.error.exporterNotInParty',
    );
  });
});

describe('fieldForPointer', () => {
  it('maps the node’s JSON pointers onto the form’s inputs', () => {
    const blanket = { scopeType: 'BLANKET' as const };
    assert.equal(fieldForPointer('/credentialSubject/goods/2/hs6', blanket), 'goods.2.hs6');
    assert.equal(fieldForPointer('/credentialSubject/certifier/address/addressCountry', blanket), 'certifier.country');
    assert.equal(fieldForPointer('/credentialSubject/importer/importerNumber', blanket), 'importer.importerNumber');
    assert.equal(fieldForPointer('/credentialSubject/producer/parties/0/name', blanket), 'producer.name');
    assert.equal(fieldForPointer('/credentialSubject/scope/to', blanket), 'blanketTo');
    assert.equal(fieldForPointer('/credentialSubject/signature/date', blanket), 'signatureDate');
    assert.equal(fieldForPointer('/validFrom', blanket), 'blanketFrom');
    assert.equal(fieldForPointer('/validFrom', { scopeType: 'SINGLE' }), 'signatureDate');
    assert.equal(fieldForPointer('/issuer', blanket), null);
  });
});

describe('form paths', () => {
  it('reads and writes nested fields and goods lines without touching the rest', () => {
    const form = fixtureForm();
    const changed = withField(withField(form, 'goods.1.hs6', '940199'), 'certifier.name', 'ACME');
    assert.equal(fieldValue(changed, 'goods.1.hs6'), '940199');
    assert.equal(fieldValue(changed, 'certifier.name'), 'ACME');
    assert.equal(fieldValue(form, 'goods.1.hs6'), '9401.61');
    assert.equal(changed.goods[0], form.goods[0]);
    assert.equal(addMonths('2025-01-31', 1), '2025-02-28');
  });
});
