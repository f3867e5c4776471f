import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { usmcaCertification } from '../../../../test/fixtures/usmcaCertification.ts';
import { issueCredential } from '../credentials/issueCredential.ts';
import { createSigner } from '../credentials/signer.ts';
import { nobleCrypto as crypto } from '../crypto/nobleCrypto.ts';
import { defaultIssuancePolicy } from '../verify/issuancePolicy.ts';
import { verifyCredential } from '../verify/verifyCredential.ts';
import { certificationDomainChecks } from './certificationDomainChecks.ts';

const ISSUER = 'did:web:producer.example';
const signer = createSigner(crypto, { issuer: ISSUER, seed: new Uint8Array(32).fill(7) });

function signed(change: (subject: Record<string, unknown>) => void = () => {}) {
  const credential = structuredClone(usmcaCertification({ issuer: ISSUER }));
  change(credential.credentialSubject as unknown as Record<string, unknown>);
  const issued = issueCredential({ crypto, now: '2025-01-10T12:00:00Z' }, { credential, signer });
  assert.ok(issued.success);
  return issued.credential;
}

async function domainCheck(credential: unknown) {
  const report = await verifyCredential(
    { crypto, now: '2025-06-10T09:00:00Z', domainChecks: certificationDomainChecks },
    { credential },
  );
  return report.checks.find((c) => c.check === 'domain')!;
}

describe('certificationDomainChecks', () => {
  it('covers exactly the certification types of the issuance policy', () => {
    assert.deepEqual(Object.keys(certificationDomainChecks).sort(), [
      'CAFTADRCertificationOfOrigin',
      'NAFTACertificateOfOrigin',
      'USMCACertificationOfOrigin',
    ]);
    for (const type of Object.keys(certificationDomainChecks)) assert.ok(defaultIssuancePolicy[type], type);
  });

  it('makes the domain check of a clean USMCA certification VALID', async () => {
    const check = await domainCheck(signed());
    assert.equal(check.status, 'VALID');
    assert.equal(check.code, 'CL_VERIFY_OK');
  });

  it('makes it INVALID with the first problem and lists every problem', async () => {
    const check = await domainCheck(
      signed((s) => {
        const goods = s.goods as Record<string, unknown>[];
        goods[2]!.hs6 = '940381';
        goods[4]!.originCriterion = 'Z';
      }),
    );
    assert.equal(check.status, 'INVALID');
    assert.equal(check.code, 'CL_ORIGIN_CERTIFICATION_INVALID');
    assert.match(check.message, /^Goods line 3: 9403\.81 is not a subheading of HS 2022.*\(and 1 more problem\)$/);
    const problems = (check.details?.problems ?? []) as { rule: string; field: string }[];
    assert.deepEqual(
      problems.map((p) => [p.rule, p.field]),
      [
        ['CO-03', '/credentialSubject/goods/2/hs6'],
        ['CO-04', '/credentialSubject/goods/4/originCriterion'],
      ],
    );
  });

  it('checks a credential of another agreement type against that agreement', async () => {
    const check = await certificationDomainChecks.NAFTACertificateOfOrigin(
      { credentialSubject: usmcaCertification().credentialSubject },
      '2025-06-10T09:00:00Z',
    );
    assert.ok(check);
    assert.equal(check.status, 'INVALID');
    const fields = ((check.details?.problems ?? []) as { field: string }[]).map((p) => p.field);
    assert.ok(fields.includes('/credentialSubject/agreement'));
  });

  it('refuses a certification with several subjects', async () => {
    const check = await certificationDomainChecks.USMCACertificationOfOrigin(
      { credentialSubject: [usmcaCertification().credentialSubject] },
      '2025-06-10T09:00:00Z',
    );
    assert.equal(check?.status, 'INVALID');
    assert.equal(check?.code, 'CL_ORIGIN_CERTIFICATION_INVALID');
  });

  describe('CO-08: the acceptance period, judged at the time of verification', () => {
    const single = (date: string) =>
      signed((s) => {
        s.scope = { type: 'SINGLE', invoiceNumber: 'INV-88' };
        (s.signature as Record<string, unknown>).date = date;
      });
    const at = async (credential: unknown, now: string) =>
      (await verifyCredential({ crypto, now, domainChecks: certificationDomainChecks }, { credential })).checks.find(
        (c) => c.check === 'domain',
      )!;

    it('E-CO-4 at verification: a single-shipment certification signed 2021-01-10 is EXPIRED on 2025-02-01, naming 2025-01-10', async () => {
      const check = await at(single('2021-01-10'), '2025-02-01T15:00:00Z');
      assert.equal(check.status, 'INVALID');
      assert.equal(check.code, 'CL_VERIFY_ACCEPTANCE_EXPIRED');
      assert.match(check.message, /signed on 2021-01-10: its acceptance period \(CO-08, 4 years\) ended on 2025-01-10/);
      assert.deepEqual(check.details, {
        rule: 'CO-08',
        signatureDate: '2021-01-10',
        acceptedUntil: '2025-01-10',
        problems: [
          { code: check.code, rule: 'CO-08', field: '/credentialSubject/signature/date', message: check.message },
        ],
      });
    });

    it('a certification signed in 2020 verifies INVALID in 2026, and the whole verdict with it', async () => {
      const credential = single('2020-08-03');
      const report = await verifyCredential(
        { crypto, now: '2026-12-07T10:00:00Z', domainChecks: certificationDomainChecks },
        { credential },
      );
      assert.equal(report.verdict, 'INVALID');
      const check = report.checks.find((c) => c.check === 'domain')!;
      assert.equal(check.code, 'CL_VERIFY_ACCEPTANCE_EXPIRED');
      assert.equal(check.details?.acceptedUntil, '2024-08-03');
      // The same record verified as of a date within its acceptance period is still VALID there.
      assert.equal((await at(credential, '2024-08-03T10:00:00Z')).status, 'VALID');
    });

    it('a NAFTA certificate (CBP Form 434) signed in 2019 was VALID in 2020 and is INVALID in 2026', async () => {
      const credential = {
        credentialSubject: {
          type: 'NAFTACertificate',
          agreement: 'NAFTA',
          hsEdition: 'HS2017',
          certifierRole: 'EXPORTER',
          certifier: {
            name: 'Aceros del Norte S.A. de C.V.',
            address: { streetAddress: 'Av. Constitución 405 Ote.', addressLocality: 'Monterrey', addressCountry: 'MX' },
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
          ],
          signature: { signer: 'Ing. Roberto Garza Treviño', title: 'Gerente de Exportación', date: '2019-01-05' },
          language: 'en',
          englishTranslationRef: null,
          supersedes: null,
        },
      };
      const in2020 = await certificationDomainChecks.NAFTACertificateOfOrigin(credential, '2020-01-10T10:00:00Z');
      assert.equal(in2020?.status, 'VALID', JSON.stringify(in2020));
      const in2026 = await certificationDomainChecks.NAFTACertificateOfOrigin(credential, '2026-12-07T10:00:00Z');
      assert.equal(in2026?.status, 'INVALID');
      assert.equal(in2026?.code, 'CL_VERIFY_ACCEPTANCE_EXPIRED');
      assert.equal(in2026?.details?.acceptedUntil, '2023-01-05');
      assert.match(in2026?.message ?? '', /ended on 2023-01-05/);
    });

    it('the last acceptable date counts until it has ended everywhere (UTC−12), not a minute more', async () => {
      const credential = single('2024-12-15');
      // 2028-12-15 is the last day: it ends at 2028-12-16T12:00Z on the last time zone to see it.
      for (const [now, status] of [
        ['2028-12-15T00:00:00Z', 'VALID'],
        ['2028-12-16T11:59:59Z', 'VALID'],
        ['2028-12-16T12:00:00Z', 'INVALID'],
        ['2030-01-01T00:00:00Z', 'INVALID'],
      ] as const) {
        const check = await at(credential, now);
        assert.equal(check.status, status, now);
        if (status === 'INVALID') assert.equal(check.details?.acceptedUntil, '2028-12-15');
      }
    });

    it('counts from the signature date with whole calendar months (2024-02-29 + 4 years = 2028-02-29)', async () => {
      const credential = single('2024-02-29');
      assert.equal((await at(credential, '2028-03-01T11:00:00Z')).status, 'VALID');
      const check = await at(credential, '2028-03-01T13:00:00Z');
      assert.equal(check.code, 'CL_VERIFY_ACCEPTANCE_EXPIRED');
      assert.equal(check.details?.acceptedUntil, '2028-02-29');
    });
  });
  it('refuses a signature date after the record was signed: it would stretch the CO-08 acceptance period', async () => {
    // Signed (proof created) 2025-01-10; a signature date a year later would be accepted until 2030.
    const future = signed((s) => {
      (s.signature as Record<string, unknown>).date = '2026-01-10';
    });
    const check = await domainCheck(future);
    assert.equal(check.status, 'INVALID');
    assert.equal(check.code, 'CL_ORIGIN_CERTIFICATION_INVALID');
    const problems = (check.details?.problems ?? []) as { rule: string; field: string }[];
    assert.deepEqual(
      problems.map((p) => [p.rule, p.field]),
      [['CO-08', '/credentialSubject/signature/date']],
    );
    // The certifier's own date, a time zone ahead of UTC, is not a future date.
    const sameDay = signed((s) => {
      (s.signature as Record<string, unknown>).date = '2025-01-10';
    });
    assert.equal((await domainCheck(sameDay)).status, 'VALID');
  });
});
