import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { usmcaCertification } from '../../../../test/fixtures/usmcaCertification.ts';
import { isClearledgerError } from '../errors/ClearledgerError.ts';
import type { VerificationReport } from '../verify/types.ts';
import { type ClaimLine, verifyClaim } from './verifyClaim.ts';

const valid: VerificationReport = { verdict: 'VALID', checks: [], verifiedAt: '2025-06-10T00:00:00Z' };
const pending: VerificationReport = {
  verdict: 'INCONCLUSIVE',
  checks: [{ check: 'anchor', status: 'SKIPPED', code: 'CL_VERIFY_ANCHOR_PENDING', message: 'not yet anchored' }],
  verifiedAt: '2025-06-10T00:00:00Z',
};
const revoked: VerificationReport = {
  verdict: 'INVALID',
  checks: [
    { check: 'status', status: 'INVALID', code: 'CL_VERIFY_REVOKED', message: 'The issuer revoked this record.' },
  ],
  verifiedAt: '2025-06-10T00:00:00Z',
};
// The fixture: blanket 2025-01-01…2025-12-31, signed 2024-12-15, goods 940360 (B), 940161, 940350, 940340 (C), 940391 (A).
const certification = usmcaCertification({ issuer: 'did:web:producer.example' }) as unknown as Record<string, unknown>;
const line: ClaimLine = {
  entryNumber: 'AB1-2345678-7',
  entryLine: 1,
  htsus: '9403604081',
  importDate: '2025-06-10',
  claimDate: '2025-06-12',
  valueUsd: '48250.00',
  commercial: true,
};
const outcome = (
  claim: ClaimLine,
  report: VerificationReport | null = valid,
  cert: Record<string, unknown> | null = certification,
) => verifyClaim({ claim, certification: cert, report });
const failing = (r: ReturnType<typeof verifyClaim>) =>
  r.checks.filter((c) => c.status === 'INVALID').map((c) => c.code);

describe('verifyClaim: one entry line against the certification it relies on', () => {
  it('E-CO-1: blanket 2025, imported 2025-06-10 → accepted, on the goods line of its HS subheading', () => {
    const r = outcome(line);
    assert.equal(r.outcome, 'ACCEPT');
    assert.equal(r.goodsLine, 1);
    assert.deepEqual(failing(r), []);
  });
  it('E-CO-2: imported 2026-02-01, after the blanket period → denied as not covered (CO-09), though within 4 years', () => {
    const r = outcome({ ...line, importDate: '2026-02-01', claimDate: '2026-02-03' });
    assert.equal(r.outcome, 'DENY');
    assert.deepEqual(failing(r), ['CL_CLAIM_NOT_COVERED']);
    assert.equal(r.checks.find((c) => c.check === 'acceptance')?.status, 'VALID');
  });
  it('E-CO-4: a claim more than 4 years after the signature → acceptance expired (CO-08)', () => {
    const single = structuredClone(certification) as { credentialSubject: Record<string, unknown> };
    single.credentialSubject.scope = { type: 'SINGLE', invoiceNumber: 'INV-88' };
    single.credentialSubject.signature = { ...(single.credentialSubject.signature as object), date: '2021-01-10' };
    const r = outcome({ ...line, importDate: '2021-01-20', claimDate: '2025-02-01' }, valid, single as never);
    assert.equal(r.outcome, 'DENY');
    assert.ok(failing(r).includes('CL_CLAIM_ACCEPTANCE_EXPIRED'));
  });
  it('E-CO-8: no certification, commercial, originating value US$2,400 → allowed without one (CO-12)', () => {
    const r = outcome({ ...line, valueUsd: '2400.00' }, null, null);
    assert.equal(r.outcome, 'ACCEPT');
    assert.equal(r.checks[0]?.check, 'exemption');
    const above = outcome({ ...line, valueUsd: '2500.01' }, null, null);
    assert.equal(above.outcome, 'DENY');
    assert.deepEqual(failing(above), ['CL_CLAIM_CERTIFICATION_REQUIRED']);
  });
  it('CO-12 per importation: two lines of US$1,500 on one entry exceed US$2,500 together', () => {
    const first = verifyClaim({ claim: { ...line, valueUsd: '1500' }, certification: null, report: null });
    assert.equal(first.outcome, 'ACCEPT');
    const second = verifyClaim({
      claim: { ...line, entryLine: 2, valueUsd: '1500' },
      certification: null,
      report: null,
      otherLinesValueUsd: ['1500'],
    });
    assert.equal(second.outcome, 'DENY');
    assert.deepEqual(failing(second), ['CL_CLAIM_CERTIFICATION_REQUIRED']);
    assert.match(second.checks[0]!.message, /US\$3000, 2 lines/);
  });
  it('CO-12: a self-declared non-commercial importation, or a flagged series, goes to an officer — never accepted at once', () => {
    const nonCommercial = outcome({ ...line, valueUsd: '90000', commercial: false }, null, null);
    assert.equal(nonCommercial.outcome, 'REVIEW');
    assert.equal(nonCommercial.checks[0]!.code, 'CL_CLAIM_EXEMPTION_REVIEW');
    const small = outcome({ ...line, valueUsd: '1', commercial: false }, null, null);
    assert.equal(small.outcome, 'REVIEW');
    const series = verifyClaim({
      claim: { ...line, valueUsd: '2000' },
      certification: null,
      report: null,
      partOfSeries: true,
    });
    assert.equal(series.outcome, 'REVIEW');
    assert.equal(series.checks[0]!.code, 'CL_CLAIM_EXEMPTION_REVIEW');
  });
  it('an HTSUS number outside every listed subheading is a classification mismatch', () => {
    const r = outcome({ ...line, htsus: '9401300010' });
    assert.deepEqual(failing(r), ['CL_CLAIM_CLASSIFICATION_MISMATCH']);
  });
  it('E-CO-7 at entry: criterion D on T-shirts (chapter 61) is refused (CO-11)', () => {
    const apparel = structuredClone(certification) as { credentialSubject: { goods: Record<string, unknown>[] } };
    apparel.credentialSubject.goods = [
      { line: 1, description: 'T-shirts of cotton', hs6: '610910', originCriterion: 'D' },
    ];
    const r = outcome({ ...line, htsus: '6109100012' }, valid, apparel as never);
    assert.deepEqual(failing(r), ['CL_CLAIM_CRITERION_NOT_ALLOWED']);
  });
  it('a revoked certification denies the claim; one not yet anchored leaves it to an officer', () => {
    assert.deepEqual(failing(outcome(line, revoked)), ['CL_CLAIM_CERTIFICATION_INVALID']);
    assert.match(outcome(line, revoked).checks[0]!.message, /revoked/);
    const r = outcome(line, pending);
    assert.equal(r.outcome, 'REVIEW');
    assert.equal(r.checks[0]?.code, 'CL_CLAIM_CERTIFICATION_UNCERTAIN');
  });
  it('malformed claim lines are refused with the field named', () => {
    const cases: [Partial<ClaimLine>, string][] = [
      [{ entryNumber: 'AB12345678' }, '/entryNumber'],
      [{ entryLine: 0 }, '/entryLine'],
      [{ htsus: '9403.60.40' }, '/htsus'],
      [{ importDate: '06/10/2025' }, '/importDate'],
      [{ claimDate: '2025-06-01' }, '/claimDate'],
      [{ valueUsd: '1e4' }, '/valueUsd'],
      [{ valueUsd: '-5' }, '/valueUsd'],
    ];
    for (const [change, field] of cases) {
      assert.throws(
        () => outcome({ ...line, ...change }),
        (e) => isClearledgerError(e) && e.code === 'CL_INPUT_INVALID' && e.field === field,
        field,
      );
    }
  });
});
