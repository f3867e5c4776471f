import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { usmcaCertification } from '../../../../test/fixtures/usmcaCertification.ts';
import { recordValidUntil } from './recordValidUntil.ts';

describe('recordValidUntil', () => {
  it('is the last day of a blanket certification’s period when the record has no validUntil', () => {
    assert.deepEqual(recordValidUntil(usmcaCertification()), { at: '2025-12-31T23:59:59Z', source: 'period' });
  });

  it('is the record’s own validUntil when it has one', () => {
    const vc = { ...usmcaCertification(), validUntil: '2025-06-30T00:00:00Z' };
    assert.deepEqual(recordValidUntil(vc), { at: '2025-06-30T00:00:00Z', source: 'validUntil' });
  });

  it('is null for a single shipment, a record without a period, or junk', () => {
    const base = usmcaCertification();
    const single = {
      ...base,
      credentialSubject: { ...base.credentialSubject, scope: { type: 'SINGLE', invoiceNumber: 'F-1' } },
    };
    assert.equal(recordValidUntil(single), null);
    assert.equal(recordValidUntil({ type: ['VerifiableCredential'] }), null);
    assert.equal(recordValidUntil('junk'), null);
    assert.equal(recordValidUntil(null), null);
  });
});
