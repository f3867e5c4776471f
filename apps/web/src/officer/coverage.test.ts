import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { usmcaCertification } from '../../../../test/fixtures/usmcaCertification.ts';
import { certificationAgreementOf, coverageFor, coverageLook } from './coverage.ts';

// Blanket 2025-01-01 … 2025-12-31, signed 2024-12-15 (domain.md E-CO-1, E-CO-2).
const certification = usmcaCertification({ issuer: 'did:web:producer.example' });

describe('coverage for an import date (core’s coverage())', () => {
  it('E-CO-1: an importation inside the blanket period is covered; the claim can rely on it until signature + 4 years', () => {
    const view = coverageFor(certification, '2025-06-10', '2025-06-12');
    assert.deepEqual(view, {
      kind: 'result',
      agreement: 'USMCA',
      importDate: '2025-06-10',
      claimDate: '2025-06-12',
      covered: true,
      acceptance: 'WITHIN',
      acceptedUntil: '2028-12-15',
      period: { from: '2025-01-01', to: '2025-12-31' },
      reasons: [],
    });
  });

  it('E-CO-2: after the blanket period it is not covered (CO-09), although still within acceptance', () => {
    const view = coverageFor(certification, '2026-02-01', '2026-02-03');
    assert.equal(view.kind, 'result');
    if (view.kind !== 'result') return;
    assert.equal(view.covered, false);
    assert.equal(view.acceptance, 'WITHIN');
    assert.deepEqual(
      view.reasons.map((r) => r.rule),
      ['CO-09'],
    );
  });

  it('CO-08: a claim made today more than 4 years after signature is past the acceptance period', () => {
    const view = coverageFor(certification, '2025-06-10', '2029-01-02');
    assert.ok(view.kind === 'result' && view.acceptance === 'EXPIRED' && view.covered);
  });

  it('a future importation is judged as claimed on its own date', () => {
    const view = coverageFor(certification, '2025-09-01', '2025-06-12');
    assert.ok(view.kind === 'result' && view.claimDate === '2025-09-01' && view.covered);
  });

  it('other records, bad dates and unreadable periods say so instead of throwing', () => {
    assert.deepEqual(coverageFor({ type: ['VerifiableCredential', 'LpcoCredential'] }, '2025-06-10', '2025-06-12'), {
      kind: 'not-certification',
    });
    assert.deepEqual(coverageFor(certification, '2025-13-45', '2025-06-12'), { kind: 'bad-date' });
    assert.deepEqual(coverageFor(certification, '', '2025-06-12'), { kind: 'bad-date' });
    const broken = structuredClone(certification) as unknown as { credentialSubject: { scope: unknown } };
    broken.credentialSubject.scope = { type: 'BLANKET', from: 'soon', to: 'later' };
    assert.equal(coverageFor(broken, '2025-06-10', '2025-06-12').kind, 'unreadable');
    assert.equal(
      certificationAgreementOf({ type: ['VerifiableCredential', 'CAFTADRCertificationOfOrigin'] }),
      'CAFTA_DR',
    );
    assert.equal(certificationAgreementOf(null), null);
  });
});

describe('coverageLook: the answer for a date under the verdict', () => {
  const covered = { covered: true, acceptance: 'WITHIN' } as const;
  it('is green "✓ Covers…" only for a VALID record within acceptance', () => {
    assert.deepEqual(coverageLook(covered, 'VALID'), { tone: 'valid', icon: '✓', key: 'coverage.covered' });
  });

  it('an INVALID record covers nothing, whatever its dates say (revoked, tampered)', () => {
    for (const view of [
      covered,
      { covered: false, acceptance: 'WITHIN' } as const,
      { covered: true, acceptance: 'EXPIRED' } as const,
    ])
      assert.deepEqual(coverageLook(view, 'INVALID'), { tone: 'invalid', icon: '✗', key: 'coverage.invalidRecord' });
  });

  it('an INCONCLUSIVE record is amber with "!" when its dates would cover, red when they would not', () => {
    assert.deepEqual(coverageLook(covered, 'INCONCLUSIVE'), {
      tone: 'inconclusive',
      icon: '!',
      key: 'coverage.coveredIfValid',
    });
    assert.equal(coverageLook({ covered: false, acceptance: 'WITHIN' }, 'INCONCLUSIVE').tone, 'invalid');
  });

  it('never green nor "✓" unless the verdict is VALID', () => {
    for (const verdict of ['INVALID', 'INCONCLUSIVE'] as const)
      for (const c of [true, false])
        for (const acceptance of ['WITHIN', 'EXPIRED'] as const) {
          const look = coverageLook({ covered: c, acceptance }, verdict);
          assert.notEqual(look.tone, 'valid');
          assert.notEqual(look.icon, '✓');
          assert.notEqual(look.key, 'coverage.covered');
        }
  });
});
