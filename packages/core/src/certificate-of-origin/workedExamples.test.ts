// The worked examples of the domain specification (§2.7), one test each.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { usmcaCertification } from '../../../../test/fixtures/usmcaCertification.ts';
import { certificationRequired } from './certificationRequired.ts';
import { coverage } from './coverage.ts';
import type { UsmcaCertificationSubject } from './types.ts';
import { validateCertification } from './validateCertification.ts';

/** The USMCA fixture (blanket 2025-01-01…2025-12-31, signed 2024-12-15) with a change, validated. */
function usmca(change: (s: Record<string, unknown>) => void = () => {}) {
  const subject: Record<string, unknown> = structuredClone(usmcaCertification().credentialSubject);
  change(subject);
  return validateCertification(subject, { agreement: 'USMCA' });
}

function valid(change?: (s: Record<string, unknown>) => void): UsmcaCertificationSubject {
  const result = usmca(change);
  assert.ok(result.success, JSON.stringify(!result.success && result.problems));
  return result.data;
}

function rejected(change: (s: Record<string, unknown>) => void) {
  const result = usmca(change);
  assert.ok(!result.success, 'expected the certification to be rejected');
  return result.problems.map((p) => [p.rule, p.field]);
}

const goods = (s: Record<string, unknown>) => s.goods as Record<string, unknown>[];

describe('certification of origin: worked examples', () => {
  it('E-CO-1 USMCA blanket 2025, signed 2024-12-15, importation 2025-06-10: valid and covered', () => {
    const cert = valid();
    assert.deepEqual(cert.scope, { type: 'BLANKET', from: '2025-01-01', to: '2025-12-31' });
    assert.deepEqual(coverage(cert, { importDate: '2025-06-10', claimDate: '2025-06-10' }), {
      covered: true,
      acceptance: 'WITHIN',
      acceptedUntil: '2028-12-15',
      reasons: [],
    });
  });

  it('E-CO-2 same certification, importation 2026-02-01: not covered (CO-09) although within acceptance', () => {
    const result = coverage(valid(), { importDate: '2026-02-01', claimDate: '2026-02-01' });
    assert.equal(result.covered, false);
    assert.equal(result.acceptance, 'WITHIN');
    assert.deepEqual(
      result.reasons.map((r) => r.rule),
      ['CO-09'],
    );
  });

  it('E-CO-3 blanket 2025-01-01…2026-01-15: rejected by CO-07 (more than 12 months)', () => {
    const found = rejected((s) => (s.scope = { type: 'BLANKET', from: '2025-01-01', to: '2026-01-15' }));
    assert.deepEqual(found, [['CO-07', '/credentialSubject/scope/to']]);
  });

  it('E-CO-4 single-shipment certification signed 2021-01-10, claim 2025-02-01: EXPIRED (CO-08)', () => {
    const cert = valid((s) => {
      s.scope = { type: 'SINGLE', invoiceNumber: 'INV-88' };
      (s.signature as Record<string, unknown>).date = '2021-01-10';
    });
    const result = coverage(cert, { importDate: '2021-01-20', claimDate: '2025-02-01' });
    assert.equal(result.acceptance, 'EXPIRED');
    assert.equal(result.acceptedUntil, '2025-01-10');
    assert.deepEqual(
      result.reasons.map((r) => r.rule),
      ['CO-08'],
    );
  });

  it('E-CO-5 producer certifies, exporter blank because the producer does not know it: valid (CO-05)', () => {
    const cert = valid((s) => {
      s.certifierRole = 'PRODUCER';
      s.exporter = null;
      s.exporterUnknown = true;
    });
    assert.equal(cert.exporter, null);
    assert.equal(cert.exporterUnknown, true);
  });

  it('E-CO-5 the same certification without the producer’s statement that it does not know the exporter: rejected by CO-05', () => {
    const found = rejected((s) => {
      s.certifierRole = 'PRODUCER';
      s.exporter = null;
    });
    assert.deepEqual(found, [['CO-05', '/credentialSubject/exporterUnknown']]);
  });

  it('E-CO-6 HS 9403.6 (5 digits): rejected by CO-03', () => {
    const found = rejected((s) => (goods(s)[0]!.hs6 = '9403.6'));
    assert.deepEqual(found, [['CO-03', '/credentialSubject/goods/0/hs6']]);
  });

  it('E-CO-7 criterion D on HS 6109.10 (T-shirts): rejected by CO-11', () => {
    const found = rejected((s) => {
      goods(s)[0]!.hs6 = '610910';
      goods(s)[0]!.originCriterion = 'D';
    });
    assert.deepEqual(found, [['CO-11', '/credentialSubject/goods/0/originCriterion']]);
  });

  it('E-CO-8 commercial import, originating value US$2,400, no certification on file: claim allowed (CO-12)', () => {
    const result = certificationRequired({ commercial: true, originatingValueUsd: '2400' });
    assert.equal(result.required, false);
    assert.equal(result.rule, 'CO-12');
    assert.equal(result.reason, 'LOW_VALUE');
  });
});
