import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { usmcaCertification } from '../../../../test/fixtures/usmcaCertification.ts';
import { checkCorrection } from './checkCorrection.ts';

const ORIGINAL_ID = 'urn:uuid:6f1c0b8e-3f0a-4a57-9d3e-2b8f6f2a9c01';
const original = () => ({ ...usmcaCertification({ issuer: 'did:web:producer.example' }), id: ORIGINAL_ID });

/** A correction of the original (wrong HS on line 3 fixed), changed further by `change`. */
function correction(change: (vc: Record<string, unknown>, subject: Record<string, unknown>) => void = () => {}) {
  const vc: Record<string, unknown> = structuredClone(original());
  vc.id = 'urn:uuid:0d6f5a7e-8c1b-4f3e-a2d9-7b6c5e4d3a21';
  const subject = vc.credentialSubject as Record<string, unknown>;
  subject.supersedes = ORIGINAL_ID;
  (subject.signature as Record<string, unknown>).date = '2025-02-03';
  change(vc, subject);
  return vc;
}

const fields = (r: ReturnType<typeof checkCorrection>) => (r.success ? [] : r.problems.map((p) => p.field));

describe('checkCorrection', () => {
  it('accepts a correction by the same certifier that supersedes the original by its URN id', () => {
    assert.deepEqual(checkCorrection({ correction: correction(), original: original() }), { success: true });
  });

  it('the certifier name may differ in case and spacing only', () => {
    const r = checkCorrection({
      correction: correction((_, s) => {
        (s.certifier as Record<string, unknown>).name = 'MUEBLES ARTESANALES DE JALISCO  S.A. DE C.V.';
      }),
      original: original(),
    });
    assert.equal(r.success, true);
  });

  it('refuses a correction that does not name the original', () => {
    const r = checkCorrection({
      correction: correction((_, s) => (s.supersedes = 'urn:uuid:11111111-2222-4333-8444-555555555555')),
      original: original(),
    });
    assert.deepEqual(fields(r), ['/credentialSubject/supersedes']);
    assert.deepEqual(
      fields(
        checkCorrection({
          correction: correction((_, s) => (s.supersedes = 'MX-ACM-2025-0000001')),
          original: original(),
        }),
      ),
      ['/credentialSubject/supersedes'],
    );
  });

  it('refuses a correction by another certifier or another issuer', () => {
    const byExporter = correction((_, s) => {
      s.certifierRole = 'EXPORTER';
      s.certifier = { ...(s.certifier as object), name: 'Exportadora del Pacífico S.A. de C.V.' };
    });
    assert.deepEqual(fields(checkCorrection({ correction: byExporter, original: original() })), [
      '/credentialSubject/certifier',
    ]);
    const otherIssuer = correction((vc) => (vc.issuer = 'did:web:someone-else.example'));
    const r = checkCorrection({ correction: otherIssuer, original: original() });
    assert.deepEqual(fields(r), ['/issuer']);
    assert.ok(!r.success);
    assert.match(r.problems[0]!.message, /did:web:producer\.example/);
  });

  it('refuses a correction signed before the original, under another agreement, or with the same id', () => {
    assert.deepEqual(
      fields(
        checkCorrection({
          correction: correction((_, s) => ((s.signature as Record<string, unknown>).date = '2024-12-01')),
          original: original(),
        }),
      ),
      ['/credentialSubject/signature/date'],
    );
    assert.deepEqual(
      fields(checkCorrection({ correction: correction((_, s) => (s.agreement = 'NAFTA')), original: original() })),
      ['/credentialSubject/agreement'],
    );
    assert.deepEqual(
      fields(checkCorrection({ correction: correction((vc) => (vc.id = ORIGINAL_ID)), original: original() })),
      ['/id'],
    );
  });
});
