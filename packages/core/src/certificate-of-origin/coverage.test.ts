import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ClearledgerError } from '../errors/ClearledgerError.ts';
import { type CoverageCertification, coverage } from './coverage.ts';

const blanket: CoverageCertification = {
  agreement: 'USMCA',
  scope: { type: 'BLANKET', from: '2025-01-01', to: '2025-12-31' },
  signature: { date: '2024-12-15' },
};

describe('coverage', () => {
  it('CO-09 the blanket period includes its first and last day', () => {
    assert.equal(coverage(blanket, { importDate: '2025-01-01', claimDate: '2025-01-02' }).covered, true);
    assert.equal(coverage(blanket, { importDate: '2025-12-31', claimDate: '2026-01-05' }).covered, true);
    assert.equal(coverage(blanket, { importDate: '2024-12-31', claimDate: '2025-01-05' }).covered, false);
  });

  it('CO-09 an importation before the FROM date but after signature is not covered', () => {
    const r = coverage(blanket, { importDate: '2024-12-20', claimDate: '2024-12-21' });
    assert.equal(r.covered, false);
    assert.match(r.reasons[0]!.message, /outside the blanket period 2025-01-01 to 2025-12-31/);
  });

  it('CO-08 a claim on the fourth anniversary of the signature is within; the next day it is expired', () => {
    const single: CoverageCertification = {
      agreement: 'USMCA',
      scope: { type: 'SINGLE', invoiceNumber: 'INV-88' },
      signature: { date: '2021-01-10' },
    };
    assert.equal(coverage(single, { importDate: '2021-01-12', claimDate: '2025-01-10' }).acceptance, 'WITHIN');
    const late = coverage(single, { importDate: '2021-01-12', claimDate: '2025-01-11' });
    assert.equal(late.acceptance, 'EXPIRED');
    assert.equal(late.covered, true, 'a single-shipment certification still covers its shipment');
  });

  it('CO-08 counts four years from 29 February to 29 February', () => {
    const cert: CoverageCertification = { ...blanket, signature: { date: '2024-02-29' } };
    assert.equal(coverage(cert, { importDate: '2025-03-01', claimDate: '2028-02-29' }).acceptance, 'WITHIN');
    assert.equal(coverage(cert, { importDate: '2025-03-01', claimDate: '2028-03-01' }).acceptance, 'EXPIRED');
  });

  it('a claim made before the certification was signed cannot rest on it', () => {
    const r = coverage(
      { ...blanket, signature: { date: '2025-03-01' } },
      { importDate: '2025-02-10', claimDate: '2025-02-12' },
    );
    assert.equal(r.covered, false);
    assert.deepEqual(
      r.reasons.map((x) => x.rule),
      ['CO-08'],
    );
  });

  it('a NAFTA certificate does not cover importations from 1 July 2020; USMCA starts that day', () => {
    const nafta: CoverageCertification = {
      agreement: 'NAFTA',
      scope: { type: 'BLANKET', from: '2020-01-01', to: '2020-12-31' },
      signature: { date: '2019-12-20' },
    };
    assert.equal(coverage(nafta, { importDate: '2020-06-30', claimDate: '2020-06-30' }).covered, true);
    assert.equal(coverage(nafta, { importDate: '2020-07-01', claimDate: '2020-07-01' }).covered, false);
    const usmca: CoverageCertification = { ...nafta, agreement: 'USMCA' };
    assert.equal(coverage(usmca, { importDate: '2020-06-30', claimDate: '2020-06-30' }).covered, false);
    assert.equal(coverage(usmca, { importDate: '2020-07-01', claimDate: '2020-07-01' }).covered, true);
  });

  it('refuses dates that are not calendar dates', () => {
    assert.throws(
      () => coverage(blanket, { importDate: '06/10/2025', claimDate: '2025-06-10' }),
      (e: unknown) => e instanceof ClearledgerError && e.code === 'CL_INPUT_INVALID' && e.field === 'importDate',
    );
  });
});
