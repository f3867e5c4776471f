import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ClearledgerError } from '../errors/ClearledgerError.ts';
import { checkEntryNumber, entryNumberCheckDigit } from './entryNumberCheckDigit.ts';
import { checkClaimLine } from './verifyClaim.ts';

describe('entry number check digit (CBP, 19 CFR 142.3a)', () => {
  it('worked example ABC-1234567: letters to digits, every second character doubled, to the next ten → 6', () => {
    // A B C 1 2 3 4 5 6 7 → 1 2 3 1 2 3 4 5 6 7. Doubled (2nd, 4th … 10th): 2→4, 1→2, 3→6, 5→10→1, 7→14→5
    // = 18; the others 1+3+2+4+6 = 16; total 34; 40 − 34 = 6.
    assert.equal(entryNumberCheckDigit('ABC1234567'), 6);
    assert.deepEqual(checkEntryNumber('abc12345676'), { success: true, entryNumber: 'ABC-1234567-6' });
  });

  it('worked example GLH-2345678 (the demo importer): G=7 L=3 H=8 → 2', () => {
    // 7 3 8 2 3 4 5 6 7 8: doubled 3→6, 2→4, 4→8, 6→12→3, 8→16→7 = 28; others 7+8+3+5+7 = 30; 58 → 2.
    assert.equal(entryNumberCheckDigit('GLH-2345678'), 2);
    assert.deepEqual(checkEntryNumber('GLH-2345678-9'), { success: false, reason: 'CHECK_DIGIT', expected: 2 });
  });

  it('a total that is already a multiple of ten gives 0; letters after R skip 1 (S=2 … Z=9)', () => {
    assert.equal(entryNumberCheckDigit('9999999999'), 0);
    // S=2, Z=9 doubled → 18 → 9, J=1: 12 → 8.
    assert.equal(entryNumberCheckDigit('SZJ0000000'), 8);
    assert.equal(entryNumberCheckDigit('AJ10000000'), entryNumberCheckDigit('1110000000'), 'A and J both count 1');
  });

  it('every single mistyped digit of the number is caught', () => {
    const base = 'B76044017';
    for (let d = 0; d <= 9; d++) {
      const good = `${base}${d}`;
      const check = entryNumberCheckDigit(good)!;
      for (let i = 3; i < 10; i++) {
        for (let x = 0; x <= 9; x++) {
          if (String(x) === good[i]) continue;
          const typo = good.slice(0, i) + x + good.slice(i + 1);
          assert.notEqual(entryNumberCheckDigit(typo), check, `${typo} vs ${good}`);
        }
      }
    }
  });

  it('shapes that are not an entry number are refused, not given a digit', () => {
    assert.equal(entryNumberCheckDigit('AB1234567'), null);
    assert.equal(entryNumberCheckDigit('AB-1234567'), null);
    assert.deepEqual(checkEntryNumber('GLH-417'), { success: false, reason: 'FORMAT' });
  });

  it('a claim line with a wrong check digit is refused with CL_CLAIM_ENTRY_CHECK_DIGIT naming the right digit', () => {
    const line = {
      entryLine: 1,
      htsus: '9403604081',
      importDate: '2025-06-10',
      claimDate: '2025-06-11',
      valueUsd: '100',
      commercial: true,
    };
    assert.doesNotThrow(() => checkClaimLine({ ...line, entryNumber: 'GLH-2345678-2' }));
    assert.throws(
      () => checkClaimLine({ ...line, entryNumber: 'GLH-2345678-9' }),
      (e: unknown) =>
        e instanceof ClearledgerError &&
        e.code === 'CL_CLAIM_ENTRY_CHECK_DIGIT' &&
        e.field === '/entryNumber' &&
        /should be 2/.test(e.message),
    );
  });
});
