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
});
