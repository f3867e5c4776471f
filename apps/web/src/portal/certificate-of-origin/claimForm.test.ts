import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkClaimLine } from '@clearledger/core';
import {
  claimLineOf,
  correctionForm,
  emptyClaimForm,
  exemptionOf,
  formatUsd,
  recordHashOfPdf,
  validateClaimForm,
} from './claimForm.ts';

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

  it('a mistyped check digit is caught in the form, in the user’s language', () => {
    const problems = validateClaimForm({ ...filled(), entryNumber: 'AB1-2345678-9' }, { today: TODAY });
    assert.deepEqual(problems.entryNumber, { key: 'claim.error.checkDigit' });
    assert.equal(
      validateClaimForm({ ...filled(), entryNumber: 'ab1-2345678-7' }, { today: TODAY }).entryNumber,
      undefined,
    );
  });

  it('picking, a photo and a PDF each need their part before the claim is sent', () => {
    assert.deepEqual(validateClaimForm({ ...filled(), source: 'PICK' }, { today: TODAY }).picked, {
      key: 'fileClaim.error.pick',
    });
    assert.deepEqual(validateClaimForm({ ...filled(), source: 'PHOTO' }, { today: TODAY }).scanned, {
      key: 'fileClaim.error.photo',
    });
    assert.equal(
      validateClaimForm({ ...filled(), source: 'PDF', picked: 'ab'.repeat(32) }, { today: TODAY }).picked,
      undefined,
    );
  });

  it('money shows with the thousands separators of the user’s locale', () => {
    assert.equal(formatUsd('48250.00', 'en'), '$48,250.00');
    assert.equal(formatUsd('1234567.5', 'en'), '$1,234,567.50');
    assert.match(formatUsd('48250.00', 'fr'), /^48\s250,00\s\$US$/);
    assert.match(formatUsd('48250.00', 'es'), /48\.250,00/);
  });

  it('reads the record hash a printed PDF carries in its document information', () => {
    const hash = 'c0ffee'.padEnd(64, '0');
    const pdf = new TextEncoder().encode(
      `%PDF-1.3\n1 0 obj\n<< /Subject (${hash}) /Creator (Clearledger) >>\nendobj\n%%EOF`,
    );
    assert.equal(recordHashOfPdf(pdf), hash);
    const utf16 = [...hash].map((c) => `00${c.charCodeAt(0).toString(16)}`).join('');
    assert.equal(recordHashOfPdf(new TextEncoder().encode(`%PDF-1.7\n<< /Subject <FEFF${utf16}> >>`)), hash);
    // As the node's PDF writer puts it: /Subject refers to an object holding the string.
    const indirect = `%PDF-1.3\n20 0 obj\n(${hash})\nendobj\n14 0 obj\n<<\n/Title 18 0 R\n/Subject 20 0 R\n>>\nendobj\n`;
    assert.equal(recordHashOfPdf(new TextEncoder().encode(indirect)), hash);
    assert.equal(recordHashOfPdf(new TextEncoder().encode('not a pdf')), null);
    assert.equal(recordHashOfPdf(new TextEncoder().encode('%PDF-1.7\n<< /Title (x) >>')), null);
  });
});
