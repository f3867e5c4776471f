import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fromHex, matchesProducerCommitment, nobleCrypto, validateCertification } from '@clearledger/core';
import { usmcaCertification } from '../../../../../test/fixtures/usmcaCertification.ts';
import {
  buildCertificationCredential,
  type CertificationFormInput,
  certificationProblems,
  confidentialProducerFile,
  emptyCertificationForm,
  fieldForPointer,
  fieldLabelKeys,
  fieldValue,
  formValidUntil,
  prefilledCertificationForm,
  producerCommitmentOf,
  validateFormInputs,
  withField,
} from './certificationForm.ts';

const TODAY = '2025-01-20';
const ISSUER = 'did:web:producer.example';
const fixture = usmcaCertification({ issuer: ISSUER });
const s = fixture.credentialSubject;

/** The fixture's certification as a user would type it into the form. */
function fixtureForm(): CertificationFormInput {
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
    agreement: 'USMCA',
    language: 'en',
    englishTranslationRef: '',
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
      ruleRef: '',
      invoiceReference: g.invoiceReference,
    })),
    signer: s.signature.signer,
    signerTitle: s.signature.title,
    signatureDate: s.signature.date,
    attested: true,
  };
}

const problemsOf = (change: Partial<CertificationFormInput>) =>
  certificationProblems({ ...fixtureForm(), ...change }, { today: TODAY, issuer: ISSUER });

describe('buildCertificationCredential', () => {
  it('builds the record in the shape of the USMCA fixture, adding each good’s country of origin', () => {
    const form = fixtureForm();
    assert.deepEqual(problemsOf({}), { fields: {}, general: [] });
    const built = buildCertificationCredential(form, { issuer: ISSUER });
    const expected = {
      ...fixture,
      credentialSubject: { ...s, goods: s.goods.map((g) => ({ ...g, countryOfOrigin: 'MX' })) },
    };
    assert.deepEqual(built, expected);
  });

  it('writes a single shipment, an unknown exporter and a confidential producer (its hash only)', () => {
    const form: CertificationFormInput = {
      ...fixtureForm(),
      scopeType: 'SINGLE',
      invoiceNumber: 'INV-88',
      exporterMode: 'UNKNOWN',
      producerMode: 'CONFIDENTIAL',
      producer: { name: 'Aserradero del Norte S.A.', country: 'MX' },
      language: 'es',
      englishTranslationRef: 'https://muebles-jalisco.example/co/en.pdf',
    };
    const salt = new Uint8Array(32).fill(7);
    const producerHash = producerCommitmentOf(nobleCrypto, form, salt);
    assert.match(producerHash ?? '', /^sha256:[0-9a-f]{64}$/);
    const { fields, general } = certificationProblems(form, { today: TODAY, issuer: ISSUER, producerHash });
    assert.deepEqual([fields, general], [{}, []]);
    const subject = buildCertificationCredential(form, { issuer: ISSUER, producerHash }).credentialSubject as Record<
      string,
      unknown
    >;
    assert.deepEqual(subject.scope, { type: 'SINGLE', invoiceNumber: 'INV-88' });
    assert.equal(subject.exporter, null);
    assert.equal(subject.exporterUnknown, true, 'the producer’s statement that it does not know the exporter (CO-05)');
    assert.deepEqual(subject.producer, { mode: 'CONFIDENTIAL', hash: producerHash });
    assert.equal(JSON.stringify(subject).includes(form.producer.name), false, 'the producer’s name is not in it');
    assert.deepEqual([subject.language, subject.englishTranslationRef], ['es', form.englishTranslationRef]);

    // The file the certifier keeps opens the commitment (what CBP checks on request).
    const file = confidentialProducerFile(form, { producerHash: producerHash!, salt, credentialId: 'urn:uuid:1' });
    assert.ok(matchesProducerCommitment(nobleCrypto, file.producerHash, file.parties, fromHex(file.salt)));
    assert.equal(producerCommitmentOf(nobleCrypto, { ...form, producer: { name: '', country: 'MX' } }, salt), null);
  });

  it('writes a CAFTA-DR certification: hsCode of 6 to 10 digits and a General Note 29 rule', () => {
    const form = fixtureForm();
    const cafta: CertificationFormInput = {
      ...form,
      agreement: 'CAFTA_DR',
      exporter: { ...form.exporter, country: 'GT' },
      producer: { ...form.producer, country: 'GT' },
      certifier: { ...form.certifier, country: 'GT' },
      goods: [{ ...form.goods[0]!, hs6: '9403.60.8081', ruleRef: 'GN29(n)', originCriterion: '', countryOfOrigin: '' }],
    };
    assert.deepEqual(certificationProblems(cafta, { today: TODAY, issuer: ISSUER }), { fields: {}, general: [] });
    const credential = buildCertificationCredential(cafta, { issuer: ISSUER });
    assert.deepEqual(credential.type, ['VerifiableCredential', 'CAFTADRCertificationOfOrigin']);
    const subject = credential.credentialSubject as { goods: Record<string, unknown>[] };
    assert.deepEqual(subject.goods[0], {
      line: 1,
      description: form.goods[0]!.description,
      hsCode: '9403608081',
      ruleRef: 'GN29(n)',
      invoiceReference: 'PO-7781',
    });
    assert.ok(validateCertification(subject, { agreement: 'CAFTA_DR' }).success);
    // The USMCA origin criteria are not asked; the rule reference is, and in the agreement's words.
    const noRule = { ...cafta, goods: [{ ...cafta.goods[0]!, ruleRef: 'rule 4' }] };
    assert.deepEqual(certificationProblems(noRule, { today: TODAY, issuer: ISSUER }).fields['goods.0.ruleRef'], {
      rule: 'CO-04',
      message:
        'Goods line 1: state the General Note 29 rule under which the good qualifies (ruleRef, e.g. "GN29(b)(i)").',
    });
    // A USMCA Party that is not a CAFTA-DR one: the exporter's country is refused (CO-06).
    const mexican = { ...cafta, exporter: { ...cafta.exporter, country: 'MX' } };
    assert.equal(
      (certificationProblems(mexican, { today: TODAY, issuer: ISSUER }).fields['exporter.country'] as { rule: string })
        .rule,
      'CO-06',
    );
  });
});

describe('certificationProblems: the form’s input checks, then core’s rules on the built credential', () => {
  const ruleOf = (change: Partial<CertificationFormInput>, field: string) =>
    (problemsOf(change).fields[field] as { rule?: string } | undefined)?.rule;

  it('an empty form reports its required inputs (input checks, before any rule)', () => {
    const { fields } = certificationProblems(emptyCertificationForm(TODAY), { today: TODAY, issuer: ISSUER });
    for (const field of ['certificationNumber', 'certifierRole', 'certifier.name', 'goods.0.hs6', 'signer', 'attested'])
      assert.deepEqual(fields[field], { key: field === 'attested' ? 'form.error.attest' : 'form.error.required' });
  });

  it('E-CO-3 / CO-07: a blanket period longer than 12 months is refused on “Period to”; a calendar year is not', () => {
    assert.equal(ruleOf({ blanketTo: '2026-01-15' }, 'blanketTo'), 'CO-07');
    assert.equal(ruleOf({ blanketTo: '2026-01-01' }, 'blanketTo'), 'CO-07');
    assert.equal(problemsOf({ blanketTo: '2025-12-31' }).fields.blanketTo, undefined);
    assert.equal(ruleOf({ blanketTo: '2024-12-31' }, 'blanketTo'), 'CO-07');
  });

  it('E-CO-6 / CO-03: a 5-digit HS code is an input problem; a 6-digit code that is not in HS 2022 breaks CO-03', () => {
    const goods = (hs6: string) => [{ ...fixtureForm().goods[0]!, hs6 }];
    assert.deepEqual(problemsOf({ goods: goods('9403.6') }).fields['goods.0.hs6'], { key: 'form.error.hs6' });
    assert.equal(problemsOf({ goods: goods('9403.60') }).fields['goods.0.hs6'], undefined);
    assert.equal(ruleOf({ goods: goods('999999') }, 'goods.0.hs6'), 'CO-03');
  });

  it('E-CO-7 / CO-11: criterion D is refused for textiles (HS chapters 61–63)', () => {
    const line = { ...fixtureForm().goods[0]!, hs6: '610910', originCriterion: 'D' as const };
    assert.equal(ruleOf({ goods: [line] }, 'goods.0.originCriterion'), 'CO-11');
  });

  it('CO-02: the certifier’s contacts are required — what the node refused and the browser let through', () => {
    const form = fixtureForm();
    const fields = validateFormInputs({ ...form, certifier: { ...form.certifier, email: '' } }, { today: TODAY });
    assert.deepEqual(fields['certifier.email'], { key: 'form.error.required' });
    // Core's rule alone (the input check is what the user sees first): the pointer lands on the input.
    const subject = buildCertificationCredential(
      { ...form, certifier: { ...form.certifier, email: '' } },
      { issuer: ISSUER },
    ).credentialSubject;
    const result = validateCertification(subject, { agreement: 'USMCA' });
    assert.ok(!result.success);
    assert.deepEqual(
      result.problems.map((p) => [p.rule, fieldForPointer(p.field, form)]),
      [['CO-02', 'certifier.email']],
    );
  });

  it('CO-05 / CO-06: only a producer may leave the exporter unknown; a certifier-exporter must be in a Party', () => {
    assert.equal(ruleOf({ certifierRole: 'IMPORTER', exporterMode: 'UNKNOWN' }, 'exporterMode'), 'CO-05');
    assert.equal(problemsOf({ certifierRole: 'PRODUCER', exporterMode: 'UNKNOWN' }).fields.exporterMode, undefined);
    const form = fixtureForm();
    assert.equal(problemsOf({ exporterMode: 'SAME_AS_CERTIFIER' }).fields.exporterMode, undefined);
    assert.equal(
      ruleOf({ exporterMode: 'SAME_AS_CERTIFIER', certifier: { ...form.certifier, country: 'CN' } }, 'exporterMode'),
      'CO-06',
    );
    assert.equal(ruleOf({ exporter: { ...form.exporter, country: 'CN' } }, 'exporter.country'), 'CO-06');
  });

  it('CO-13: Spanish or French needs the English translation’s reference (a URL or URN)', () => {
    assert.deepEqual(problemsOf({ language: 'fr' }).fields.englishTranslationRef, { key: 'form.error.required' });
    assert.equal(
      ruleOf({ language: 'fr', englishTranslationRef: 'the English copy' }, 'englishTranslationRef'),
      'CO-13',
    );
    assert.equal(
      problemsOf({ language: 'fr', englishTranslationRef: 'urn:uuid:5f0c7a2e-1b4e-4d0a-9a57-2f3c1d9e8b71' }).fields
        .englishTranslationRef,
      undefined,
    );
  });

  it('dates must be real and the signature not in the future (input checks core cannot make)', () => {
    assert.deepEqual(problemsOf({ signatureDate: '2025-02-30' }).fields.signatureDate, { key: 'form.error.date' });
    assert.deepEqual(problemsOf({ signatureDate: '2025-01-21' }).fields.signatureDate, { key: 'form.error.future' });
  });
});

describe('fieldForPointer', () => {
  it('maps the JSON pointers of core and the node onto the form’s inputs', () => {
    const blanket = { scopeType: 'BLANKET' as const };
    assert.equal(fieldForPointer('/credentialSubject/goods/2/hs6', blanket), 'goods.2.hs6');
    assert.equal(fieldForPointer('/credentialSubject/goods/0/hsCode', blanket), 'goods.0.hs6');
    assert.equal(fieldForPointer('/credentialSubject/goods/1/ruleRef', blanket), 'goods.1.ruleRef');
    assert.equal(fieldForPointer('/credentialSubject/certifier/address/addressCountry', blanket), 'certifier.country');
    assert.equal(fieldForPointer('/credentialSubject/importer/importerNumber', blanket), 'importer.importerNumber');
    assert.equal(fieldForPointer('/credentialSubject/importer', blanket), 'importerMode');
    assert.equal(fieldForPointer('/credentialSubject/producer/parties/0/name', blanket), 'producer.name');
    assert.equal(fieldForPointer('/credentialSubject/producer/parties/0/addressCountry', blanket), 'producer.country');
    assert.equal(fieldForPointer('/credentialSubject/producer/hash', blanket), 'producerMode');
    assert.equal(fieldForPointer('/credentialSubject/scope/to', blanket), 'blanketTo');
    assert.equal(fieldForPointer('/credentialSubject/signature/date', blanket), 'signatureDate');
    assert.equal(fieldForPointer('/credentialSubject/englishTranslationRef', blanket), 'englishTranslationRef');
    assert.equal(fieldForPointer('/credentialSubject/exporter/email', blanket), 'exporter.email');
    assert.equal(
      fieldForPointer('/credentialSubject/exporter/address/addressCountry', {
        scopeType: 'BLANKET',
        exporterMode: 'SAME_AS_CERTIFIER',
      }),
      'exporterMode',
    );
    assert.equal(fieldForPointer('/validFrom', blanket), 'blanketFrom');
    assert.equal(fieldForPointer('/validFrom', { scopeType: 'SINGLE' }), 'signatureDate');
    assert.equal(fieldForPointer('/issuer', blanket), null);
    assert.equal(fieldForPointer('/credentialSubject/hsEdition', blanket), null);
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
  });
});

describe('the form for the signed-in organisation', () => {
  it('fills the certifier from the organisation and the signer from the person; the rest stays blank', () => {
    const form = prefilledCertificationForm(TODAY, {
      organization: { name: ' Muebles Artesanales de Jalisco S.A. de C.V. ', country: 'mx' },
      account: { displayName: 'María Fernanda Ruiz Ortega' },
    });
    assert.equal(form.certifier.name, 'Muebles Artesanales de Jalisco S.A. de C.V.');
    assert.equal(form.certifier.country, 'MX');
    assert.equal(form.signer, 'María Fernanda Ruiz Ortega');
    assert.equal(form.certifier.street, '');
    assert.equal(form.exporter.name, '');
    assert.equal(form.signatureDate, TODAY);
    assert.deepEqual(prefilledCertificationForm(TODAY, null), emptyCertificationForm(TODAY));
    const odd = prefilledCertificationForm(TODAY, { organization: { name: 'X', country: 'Mexico' } });
    assert.equal(odd.certifier.country, '', 'a country the node holds in another shape is left to pick');
  });

  it('says until when a blanket certification is valid: the last day of its period', () => {
    assert.equal(formValidUntil({ scopeType: 'BLANKET', blanketTo: '2026-12-31' }), '2026-12-31');
    assert.equal(formValidUntil({ scopeType: 'BLANKET', blanketTo: '2026-02-30' }), null);
    assert.equal(formValidUntil({ scopeType: 'SINGLE', blanketTo: '2026-12-31' }), null);
  });

  it('names every field the form can report a problem on, for the problem summary', () => {
    const form = { ...fixtureForm(), certifier: { ...fixtureForm().certifier, name: '', email: 'x' }, attested: false };
    form.goods[1] = { ...form.goods[1]!, hs6: '12' };
    const problems = certificationProblems(form, { today: TODAY, issuer: ISSUER });
    assert.ok(Object.keys(problems.fields).length >= 4);
    for (const path of Object.keys(problems.fields))
      assert.ok(fieldLabelKeys(path, 'USMCA').length > 0, `${path} has a label`);
    assert.deepEqual(fieldLabelKeys('certifier.name', 'USMCA'), [
      { key: 'form.section.certifier' },
      { key: 'form.party.name' },
    ]);
    assert.deepEqual(fieldLabelKeys('goods.1.hs6', 'USMCA'), [
      { key: 'form.goodsLine', params: { line: 2 } },
      { key: 'form.goods.hs6' },
    ]);
    assert.deepEqual(fieldLabelKeys('signerTitle', 'USMCA'), [
      { key: 'form.section.signature' },
      { key: 'form.signerTitle' },
    ]);
    assert.deepEqual(fieldLabelKeys('nothing.here', 'USMCA'), []);
  });
});
