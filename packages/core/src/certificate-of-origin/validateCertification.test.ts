import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { usmcaCertification } from '../../../../test/fixtures/usmcaCertification.ts';
import type { CertificationAgreement, CertificationRule } from './types.ts';
import { validateCertification } from './validateCertification.ts';

type Subject = Record<string, unknown>;

const usmca = (): Subject => structuredClone(usmcaCertification().credentialSubject);

/** A CAFTA-DR certification by a Costa Rican exporter, in Spanish, for apparel made in Honduras. */
const caftaDr = (): Subject => ({
  type: 'CAFTADRCertification',
  agreement: 'CAFTA_DR',
  hsEdition: 'HS2022',
  certificationNumber: 'CR-CV-2025-0042',
  certifierRole: 'EXPORTER',
  certifier: {
    name: 'Confecciones del Valle S.A.',
    address: { streetAddress: 'Zona Franca Saret, Bodega 12', addressLocality: 'Alajuela', addressCountry: 'CR' },
    phone: '+506 2430 1100',
    email: 'exportaciones@confvalle.example',
    taxId: '3-101-123456',
  },
  exporter: null,
  producer: {
    mode: 'LISTED',
    parties: [
      {
        name: 'Textiles Hondureños S. de R.L.',
        address: {
          streetAddress: 'Parque Industrial Choloma, Nave 7',
          addressLocality: 'Choloma',
          addressCountry: 'HN',
        },
        phone: '+504 2669 0300',
      },
    ],
  },
  importer: {
    name: 'Carolina Apparel Inc.',
    address: {
      streetAddress: '400 S Tryon St',
      addressLocality: 'Charlotte',
      addressRegion: 'NC',
      addressCountry: 'US',
    },
    phone: '+1 704 555 0100',
    email: 'customs@carolina-apparel.example',
  },
  scope: { type: 'SINGLE', invoiceNumber: 'FV-2025-00871' },
  goods: [
    {
      line: 1,
      description: "Men's trousers of blue denim, cotton",
      hsCode: '6203424011',
      ruleRef: 'GN29(n) chapter 62, rule 1',
    },
    { line: 2, description: 'T-shirts of cotton, knitted', hsCode: '610910', ruleRef: 'GN29(b)(iii)' },
    { line: 3, description: "Women's trousers of cotton", hsCode: '62046220', ruleRef: 'GN 29(n)' },
  ],
  signature: { signer: 'Lic. Ana Lucía Mora Solís', title: 'Gerente de Exportaciones', date: '2025-03-03' },
  language: 'es',
  englishTranslationRef: 'urn:uuid:0b7d6a52-2d7c-4a6e-9a43-6c1f3e0d9b11',
  supersedes: null,
});

/** A 2019 NAFTA blanket certificate (CBP Form 434) of a Mexican steel exporter that is also the producer. */
const nafta = (): Subject => ({
  type: 'NAFTACertificate',
  agreement: 'NAFTA',
  hsEdition: 'HS2017',
  certifierRole: 'EXPORTER',
  certifier: {
    name: 'Aceros del Norte S.A. de C.V.',
    address: {
      streetAddress: 'Av. Constitución 405 Ote.',
      addressLocality: 'Monterrey',
      addressRegion: 'NL',
      addressCountry: 'MX',
    },
    phone: '+52 81 8340 2200',
    email: 'exportacion@acerosdelnorte.example',
    taxId: 'ANO850101AB2',
  },
  producer: { mode: 'SAME' },
  importer: 'VARIOUS',
  scope: { type: 'BLANKET', from: '2019-01-01', to: '2019-12-31' },
  goods: [
    {
      line: 1,
      description: 'Hot-rolled flat steel in coils, width 600 mm or more, thickness 4.75 mm to 10 mm',
      hs6: '720837',
      originCriterion: 'B',
      producerIndicator: 'YES',
      netCost: 'NO',
      countryOfOrigin: 'MX',
    },
    {
      line: 2,
      description: 'Steel structures, welded (mezzanine frames)',
      hs6: '730890',
      originCriterion: 'B',
      producerIndicator: 'YES',
      netCost: 'NC',
      netCostPeriod: { from: '2018-01-01', to: '2018-12-31' },
      countryOfOrigin: 'MX',
    },
  ],
  signature: { signer: 'Ing. Roberto Garza Treviño', title: 'Gerente de Exportación', date: '2018-12-20' },
  language: 'en',
  englishTranslationRef: null,
  supersedes: null,
});

const examples: Record<CertificationAgreement, () => Subject> = { USMCA: usmca, CAFTA_DR: caftaDr, NAFTA: nafta };

/** Applies a change to a fresh example of the agreement and returns the problems as [rule, field] pairs. */
function problems(agreement: CertificationAgreement, change: (s: Subject) => void) {
  const subject = examples[agreement]();
  change(subject);
  const result = validateCertification(subject, { agreement });
  return result.success ? [] : result.problems.map((p) => [p.rule, p.field]);
}

function assertOnly(
  agreement: CertificationAgreement,
  change: (s: Subject) => void,
  rule: CertificationRule,
  field: string,
) {
  assert.deepEqual(problems(agreement, change), [[rule, `/credentialSubject${field}`]]);
}

const obj = (s: Subject, key: string) => s[key] as Subject;
const goods = (s: Subject, i: number) => (s.goods as Subject[])[i]!;

describe('validateCertification: clean certifications', () => {
  it('the USMCA fixture (test/fixtures/usmcaCertification.ts) validates clean', () => {
    const result = validateCertification(usmcaCertification().credentialSubject, { agreement: 'USMCA' });
    assert.ok(result.success, JSON.stringify(!result.success && result.problems));
    assert.equal(result.data.goods[0]?.hs6, '940360');
  });

  it('a CAFTA-DR certification in Spanish with 6-, 8- and 10-digit classifications validates clean', () => {
    const result = validateCertification(caftaDr(), { agreement: 'CAFTA_DR' });
    assert.ok(result.success, JSON.stringify(!result.success && result.problems));
    assert.equal(result.data.goods[0]?.ruleRef, 'GN29(n) chapter 62, rule 1');
  });

  it('a NAFTA Form 434 blanket certificate (exporter is the producer, various importers) validates clean', () => {
    const result = validateCertification(nafta(), { agreement: 'NAFTA' });
    assert.ok(result.success, JSON.stringify(!result.success && result.problems));
  });

  it('checks the subject against the agreement of its credential type', () => {
    assertOnly('USMCA', (s) => (s.agreement = 'NAFTA'), 'FORMAT', '/agreement');
  });

  it('reports every problem at once, each with a message', () => {
    const subject = usmca();
    obj(subject, 'certifier').email = undefined;
    goods(subject, 2).hs6 = '94035';
    subject.language = 'de';
    const result = validateCertification(subject, { agreement: 'USMCA' });
    assert.equal(result.success, false);
    assert.ok(!result.success);
    assert.deepEqual(
      result.problems.map((p) => p.field),
      ['/credentialSubject/certifier/email', '/credentialSubject/goods/2/hs6', '/credentialSubject/language'],
    );
    for (const p of result.problems) {
      assert.equal(p.code, 'CL_ORIGIN_CERTIFICATION_INVALID');
      assert.ok(p.message.length > 20);
    }
  });

  it('refuses what is not an object', () => {
    const result = validateCertification('USMCA', { agreement: 'USMCA' });
    assert.ok(!result.success);
    assert.equal(result.problems[0]?.field, '/credentialSubject');
  });
});

describe('validateCertification: each rule', () => {
  it('CO-01 certifier role must be importer, exporter or producer', () => {
    assertOnly('USMCA', (s) => (s.certifierRole = 'BROKER'), 'CO-01', '/certifierRole');
  });

  it('CO-01 a NAFTA certificate is completed by the exporter only', () => {
    const found = problems('NAFTA', (s) => (s.certifierRole = 'PRODUCER'));
    assert.deepEqual(found, [['CO-01', '/credentialSubject/certifierRole']]);
  });

  it('CO-02 USMCA certifier needs name, title, full address, phone and email', () => {
    assertOnly('USMCA', (s) => delete obj(s, 'certifier').title, 'CO-02', '/certifier/title');
    assertOnly('USMCA', (s) => (obj(s, 'certifier').phone = ' '), 'CO-02', '/certifier/phone');
    assertOnly('USMCA', (s) => (obj(s, 'certifier').email = 'not-an-address'), 'CO-02', '/certifier/email');
    assertOnly(
      'USMCA',
      (s) => delete obj(obj(s, 'certifier'), 'address').streetAddress,
      'CO-02',
      '/certifier/address/streetAddress',
    );
    assertOnly(
      'USMCA',
      (s) => (obj(obj(s, 'certifier'), 'address').addressCountry = 'Mexico'),
      'CO-02',
      '/certifier/address/addressCountry',
    );
  });

  it('CO-02 NAFTA field 1 needs the exporter tax id; CAFTA-DR does not need a title', () => {
    assertOnly('NAFTA', (s) => delete obj(s, 'certifier').taxId, 'CO-02', '/certifier/taxId');
    assert.deepEqual(
      problems('CAFTA_DR', (s) => delete obj(s, 'certifier').title),
      [],
    );
  });

  it('CO-03 USMCA HS must be exactly 6 digits', () => {
    assertOnly('USMCA', (s) => (goods(s, 1).hs6 = '94016100'), 'CO-03', '/goods/1/hs6');
    assertOnly('USMCA', (s) => (goods(s, 1).hs6 = '9401.61'), 'CO-03', '/goods/1/hs6');
  });

  it('CO-03 the HS subheading must exist in HS 2022', () => {
    assertOnly('USMCA', (s) => (goods(s, 2).hs6 = '940381'), 'CO-03', '/goods/2/hs6');
    assertOnly('USMCA', (s) => (goods(s, 2).hs6 = '999999'), 'CO-03', '/goods/2/hs6');
  });

  it('CO-03 an HS 2017 certificate is checked for format only (9403.81 existed then)', () => {
    assert.deepEqual(
      problems('NAFTA', (s) => (goods(s, 0).hs6 = '940381')),
      [],
    );
  });

  it('CO-03 CAFTA-DR takes 6, 8 or 10 digits whose first 6 are an HS 2022 subheading', () => {
    assertOnly('CAFTA_DR', (s) => (goods(s, 0).hsCode = '6203424'), 'CO-03', '/goods/0/hsCode');
    assertOnly('CAFTA_DR', (s) => (goods(s, 0).hsCode = '62034'), 'CO-03', '/goods/0/hsCode');
    assertOnly('CAFTA_DR', (s) => (goods(s, 0).hsCode = '6203454011'), 'CO-03', '/goods/0/hsCode');
  });

  it('CO-04 USMCA criteria are A to D', () => {
    assertOnly('USMCA', (s) => (goods(s, 3).originCriterion = 'E'), 'CO-04', '/goods/3/originCriterion');
    assertOnly('USMCA', (s) => delete goods(s, 3).originCriterion, 'CO-04', '/goods/3/originCriterion');
  });

  it('CO-04 NAFTA criteria are A to F', () => {
    assert.deepEqual(
      problems('NAFTA', (s) => (goods(s, 0).originCriterion = 'F')),
      [],
    );
    assertOnly('NAFTA', (s) => (goods(s, 0).originCriterion = 'G'), 'CO-04', '/goods/0/originCriterion');
  });

  it('CO-04 CAFTA-DR states the General Note 29 rule instead of a criterion', () => {
    assertOnly('CAFTA_DR', (s) => delete goods(s, 1).ruleRef, 'CO-04', '/goods/1/ruleRef');
    assertOnly('CAFTA_DR', (s) => (goods(s, 1).ruleRef = 'B'), 'CO-04', '/goods/1/ruleRef');
  });

  it('CO-05 the exporter is required when the importer certifies', () => {
    assertOnly(
      'USMCA',
      (s) => {
        s.certifierRole = 'IMPORTER';
        s.exporter = null;
      },
      'CO-05',
      '/exporter',
    );
    assertOnly(
      'CAFTA_DR',
      (s) => {
        s.certifierRole = 'IMPORTER';
      },
      'CO-05',
      '/exporter',
    );
  });

  it('CO-05 a USMCA producer that omits the exporter must state it does not know it (exporterUnknown)', () => {
    const producerWithout = (s: Subject) => {
      s.certifierRole = 'PRODUCER';
      s.exporter = null;
    };
    assertOnly('USMCA', producerWithout, 'CO-05', '/exporterUnknown');
    const missing = validateCertification(
      { ...usmca(), certifierRole: 'PRODUCER', exporter: null },
      { agreement: 'USMCA' },
    );
    assert.ok(!missing.success);
    assert.match(
      missing.problems[0]!.message,
      /must state that it does not know the exporter \(exporterUnknown: true\)/,
    );
    assert.deepEqual(
      problems('USMCA', (s) => {
        producerWithout(s);
        s.exporterUnknown = true;
      }),
      [],
    );
    // The statement is the producer's, for an exporter it leaves out, and a boolean.
    assertOnly('USMCA', (s) => (s.exporterUnknown = true), 'CO-05', '/exporterUnknown');
    assertOnly(
      'USMCA',
      (s) => {
        s.certifierRole = 'EXPORTER';
        s.exporterUnknown = true;
      },
      'CO-05',
      '/exporterUnknown',
    );
    assertOnly(
      'USMCA',
      (s) => {
        producerWithout(s);
        s.exporterUnknown = 'yes';
      },
      'CO-05',
      '/exporterUnknown',
    );
    // CAFTA-DR names the exporter only when it differs from the producer: no statement needed.
    assert.deepEqual(
      problems('CAFTA_DR', (s) => {
        s.certifierRole = 'PRODUCER';
      }),
      [],
    );
  });

  it('CO-05 a USMCA exporter needs its telephone and email', () => {
    assertOnly('USMCA', (s) => delete obj(s, 'exporter').email, 'CO-05', '/exporter/email');
  });

  it('CO-06 exporter, producer and importer must be in a Party', () => {
    assertOnly(
      'USMCA',
      (s) => (obj(obj(s, 'exporter'), 'address').addressCountry = 'CN'),
      'CO-06',
      '/exporter/address/addressCountry',
    );
    assertOnly(
      'USMCA',
      (s) => ((obj(s, 'producer').parties as Subject[])[0]!.addressCountry = 'GT'),
      'CO-06',
      '/producer/parties/0/addressCountry',
    );
    assertOnly(
      'USMCA',
      (s) => (obj(obj(s, 'importer'), 'address').addressCountry = 'DE'),
      'CO-06',
      '/importer/address/addressCountry',
    );
    // Guatemala is a CAFTA-DR Party, Mexico is not.
    assertOnly(
      'CAFTA_DR',
      (s) => (obj((obj(s, 'producer').parties as Subject[])[0]!, 'address').addressCountry = 'MX'),
      'CO-06',
      '/producer/parties/0/address/addressCountry',
    );
  });

  it('CO-07 a blanket period must not end before it starts', () => {
    assertOnly(
      'USMCA',
      (s) => (s.scope = { type: 'BLANKET', from: '2025-06-01', to: '2025-05-31' }),
      'CO-07',
      '/scope/to',
    );
  });

  it('CO-07 a blanket period of exactly 12 months is accepted, one day more is not', () => {
    assert.deepEqual(
      problems('USMCA', (s) => (s.scope = { type: 'BLANKET', from: '2024-03-15', to: '2025-03-14' })),
      [],
    );
    assertOnly(
      'USMCA',
      (s) => (s.scope = { type: 'BLANKET', from: '2024-03-15', to: '2025-03-15' }),
      'CO-07',
      '/scope/to',
    );
    assertOnly(
      'USMCA',
      (s) => (s.scope = { type: 'BLANKET', from: '2025-02-30', to: '2025-12-31' }),
      'CO-07',
      '/scope/from',
    );
  });

  it('CO-07 a single-shipment certification needs an invoice number or another unique reference', () => {
    assertOnly('USMCA', (s) => (s.scope = { type: 'SINGLE' }), 'CO-07', '/scope/invoiceNumber');
    assert.deepEqual(
      problems('USMCA', (s) => (s.scope = { type: 'SINGLE', reference: 'SO-55120' })),
      [],
    );
  });

  it('CO-10 a USMCA certification may not be on an invoice issued in a non-Party', () => {
    assertOnly('USMCA', (s) => (s.document = { type: 'INVOICE', issuedIn: 'HK' }), 'CO-10', '/document/issuedIn');
    assertOnly('USMCA', (s) => (s.document = { type: 'COMMERCIAL_DOCUMENT' }), 'CO-10', '/document/issuedIn');
    assert.deepEqual(
      problems('USMCA', (s) => (s.document = { type: 'INVOICE', issuedIn: 'MX' })),
      [],
    );
  });

  it('CO-11 criterion D is not allowed for HS chapters 61 to 63', () => {
    assertOnly(
      'USMCA',
      (s) => {
        goods(s, 0).hs6 = '620342';
        goods(s, 0).originCriterion = 'D';
      },
      'CO-11',
      '/goods/0/originCriterion',
    );
    assert.deepEqual(
      problems('USMCA', (s) => (goods(s, 0).originCriterion = 'D')),
      [],
    );
  });

  it('CO-13 language must be English, Spanish or French', () => {
    assertOnly('USMCA', (s) => (s.language = 'pt'), 'CO-13', '/language');
  });

  it('CO-13 a Spanish or French certification needs an English translation reference', () => {
    assertOnly('USMCA', (s) => (s.language = 'fr'), 'CO-13', '/englishTranslationRef');
    assertOnly(
      'USMCA',
      (s) => {
        s.language = 'es';
        s.englishTranslationRef = 'translation attached';
      },
      'CO-13',
      '/englishTranslationRef',
    );
    assert.deepEqual(
      problems('USMCA', (s) => {
        s.language = 'es';
        s.englishTranslationRef = 'https://docs.muebles-jalisco.example/cert/MX-ACM-2025-0000001-en.pdf';
      }),
      [],
    );
    assertOnly('CAFTA_DR', (s) => (s.englishTranslationRef = null), 'CO-13', '/englishTranslationRef');
  });
});

describe('validateCertification: agreement formats', () => {
  it('NAFTA fields 8 to 10 are checked on every goods line', () => {
    assertOnly('NAFTA', (s) => (goods(s, 0).producerIndicator = 'NO'), 'FORMAT', '/goods/0/producerIndicator');
    assertOnly('NAFTA', (s) => (goods(s, 0).netCost = 'YES'), 'FORMAT', '/goods/0/netCost');
    assertOnly('NAFTA', (s) => (goods(s, 0).countryOfOrigin = 'GT'), 'FORMAT', '/goods/0/countryOfOrigin');
    assertOnly('NAFTA', (s) => (goods(s, 1).netCost = 'NO'), 'FORMAT', '/goods/1/netCostPeriod');
    assert.deepEqual(
      problems('NAFTA', (s) => (goods(s, 0).countryOfOrigin = 'JNT')),
      [],
    );
  });

  it('NAFTA field 4 must name the importer or say UNKNOWN or VARIOUS', () => {
    assertOnly('NAFTA', (s) => (s.importer = null), 'FORMAT', '/importer');
    assert.deepEqual(
      problems('NAFTA', (s) => (s.importer = 'UNKNOWN')),
      [],
    );
  });

  it('CAFTA-DR needs the importer of record', () => {
    assertOnly('CAFTA_DR', (s) => (s.importer = 'VARIOUS'), 'FORMAT', '/importer');
  });

  it('a USMCA importer is needed only if known, and may be VARIOUS', () => {
    assert.deepEqual(
      problems('USMCA', (s) => (s.importer = null)),
      [],
    );
    assert.deepEqual(
      problems('USMCA', (s) => (s.importer = 'VARIOUS')),
      [],
    );
  });

  it('goods lines need a description; the signature needs a signer and a real date', () => {
    assertOnly('USMCA', (s) => (goods(s, 4).description = ''), 'FORMAT', '/goods/4/description');
    assertOnly('USMCA', (s) => (obj(s, 'signature').date = '15/12/2024'), 'FORMAT', '/signature/date');
    assertOnly('USMCA', (s) => (s.goods = []), 'FORMAT', '/goods');
  });
});

describe('validateCertification: confidential producer', () => {
  const hash = `sha256:${'3f'.repeat(32)}`;

  it('records only a well-formed salted hash', () => {
    assert.deepEqual(
      problems('USMCA', (s) => (s.producer = { mode: 'CONFIDENTIAL', hash })),
      [],
    );
    assertOnly('USMCA', (s) => (s.producer = { mode: 'CONFIDENTIAL', hash: 'sha256:XYZ' }), 'FORMAT', '/producer/hash');
    assertOnly(
      'USMCA',
      (s) => (s.producer = { mode: 'CONFIDENTIAL', hash: hash.toUpperCase().replace('SHA256', 'sha256') }),
      'FORMAT',
      '/producer/hash',
    );
  });

  it('refuses a confidential producer whose details are listed anyway', () => {
    assertOnly(
      'USMCA',
      (s) => (s.producer = { mode: 'CONFIDENTIAL', hash, parties: [{ name: 'Secret Maker', addressCountry: 'MX' }] }),
      'FORMAT',
      '/producer/parties',
    );
  });

  it('USMCA does not know NAFTA’s SAME producer', () => {
    assertOnly('USMCA', (s) => (s.producer = { mode: 'SAME' }), 'FORMAT', '/producer/mode');
  });
});

describe('validateCertification: corrections', () => {
  it('supersedes must be a URN id', () => {
    assert.deepEqual(
      problems('USMCA', (s) => (s.supersedes = 'urn:uuid:6f1c0b8e-3f0a-4a57-9d3e-2b8f6f2a9c01')),
      [],
    );
    assertOnly('USMCA', (s) => (s.supersedes = 'MX-ACM-2024-0000991'), 'CORRECTION', '/supersedes');
  });
});
