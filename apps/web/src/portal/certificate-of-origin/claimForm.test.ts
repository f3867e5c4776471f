import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkClaimLine } from '@clearledger/core';
import { claimLineOf, correctionForm, emptyClaimForm, exemptionOf, validateClaimForm } from './claimForm.ts';

const TODAY = '2026-03-10';
const filled = () => ({
  ...emptyClaimForm(TODAY),
  entryNumber: 'ab1-2345678-7',
  entryLine: '2',
  htsus: '9403.60.40.81',
  importDate: '2026-03-02',
  valueUsd: '48250.00',
  pasted: 'CL1:…',
});

describe('claim form', () => {
  it('sends the line the node checks: entry number upper-cased, HTSUS digits only, no claim date when empty', () => {
    const form = filled();
    assert.deepEqual(validateClaimForm(form, { today: TODAY }), {});
    const line = claimLineOf(form);
    assert.deepEqual(line, {
      entryNumber: 'AB1-2345678-7',
      entryLine: 2,
      htsus: '9403604081',
      importDate: '2026-03-02',
      valueUsd: '48250.00',
      commercial: true,
    });
    assert.doesNotThrow(() => checkClaimLine({ ...line, claimDate: TODAY }));
    assert.equal('claimDate' in claimLineOf(form), false, 'the node dates the claim');
  });

  it('reports each input in the user’s words: entry number, line, HTSUS, amounts, dates', () => {
    const problems = validateClaimForm(
      {
        ...filled(),
        entryNumber: 'nope',
        entryLine: '0',
        htsus: '9403.60',
        valueUsd: '12,000',
        importDate: '2026-03-11',
      },
      { today: TODAY },
    );
    assert.deepEqual(problems, {
      entryNumber: { key: 'claim.error.entryNumber' },
      entryLine: { key: 'claim.error.entryLine' },
      htsus: { key: 'claim.error.htsus' },
      valueUsd: { key: 'claim.error.value' },
      importDate: { key: 'form.error.future' },
    });
  });

  it('asks for what the chosen source needs: pasted text, or a record id; nothing for none', () => {
    assert.deepEqual(validateClaimForm({ ...filled(), pasted: ' ' }, { today: TODAY }).pasted, {
      key: 'form.error.required',
    });
    assert.deepEqual(validateClaimForm({ ...filled(), source: 'RECORD' }, { today: TODAY }).recordId, {
      key: 'form.error.required',
    });
    assert.deepEqual(validateClaimForm({ ...filled(), source: 'NONE', pasted: '' }, { today: TODAY }), {});
  });

  it('E-CO-8 / CO-12: without a certification, core says whether the claim can stand', () => {
    assert.equal(exemptionOf({ commercial: true, valueUsd: '2400.00' })?.required, false);
    assert.equal(exemptionOf({ commercial: true, valueUsd: '2500.01' })?.required, true);
    assert.equal(exemptionOf({ commercial: false, valueUsd: '90000' })?.required, false);
    assert.equal(exemptionOf({ commercial: true, valueUsd: 'lots' }), null);
  });

  it('a correction starts from the line as filed', () => {
    const form = correctionForm(
      {
        entryNumber: 'AB1-2345678-7',
        entryLine: 3,
        htsus: '9403604081',
        importDate: '2026-03-02',
        valueUsd: '100.00',
        commercial: false,
      },
      TODAY,
    );
    assert.deepEqual([form.entryLine, form.commercial, form.source], ['3', false, 'PASTE']);
  });
});
