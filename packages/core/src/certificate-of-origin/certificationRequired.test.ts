import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ClearledgerError } from '../errors/ClearledgerError.ts';
import { certificationRequired } from './certificationRequired.ts';

const required = (originatingValueUsd: string, commercial = true) =>
  certificationRequired({ commercial, originatingValueUsd }).required;

describe('certificationRequired (CO-12)', () => {
  it('a commercial importation of exactly US$2,500 needs no certification; one cent more does', () => {
    assert.equal(required('2500'), false);
    assert.equal(required('2500.00'), false);
    assert.equal(required('2500.01'), true);
    assert.equal(required('2500.000000000001'), true);
    assert.equal(required('0.01'), false);
  });

  it('a non-commercial importation needs none, whatever its value — but the declaration is for an officer to confirm', () => {
    const r = certificationRequired({ commercial: false, originatingValueUsd: '18000' });
    assert.equal(r.required, false);
    assert.equal(r.review, true);
    assert.equal(r.reason, 'NON_COMMERCIAL');
  });

  it('an importation flagged as part of a series planned to evade the requirement needs one, if the officer agrees', () => {
    const r = certificationRequired({ commercial: true, originatingValueUsd: '2400', partOfSeries: true });
    assert.equal(r.required, true);
    assert.equal(r.review, true);
    assert.equal(r.reason, 'SERIES');
  });

  it('an importation above the limit needs one outright: a series flag does not send it to an officer', () => {
    const r = certificationRequired({ commercial: true, originatingValueUsd: '9000', partOfSeries: true });
    assert.deepEqual([r.required, r.review, r.reason], [true, false, 'ABOVE_THRESHOLD']);
  });

  it('the limit applies to the importation: the values of every line of the entry are added', () => {
    const r = certificationRequired({
      commercial: true,
      originatingValueUsd: '1000.50',
      otherLinesValueUsd: ['1000.25', '499.25'],
    });
    assert.deepEqual([r.required, r.review, r.reason, r.importationValueUsd], [false, false, 'LOW_VALUE', '2500']);
    const over = certificationRequired({
      commercial: true,
      originatingValueUsd: '1000.50',
      otherLinesValueUsd: ['1000.25', '499.26'],
    });
    assert.deepEqual([over.required, over.reason, over.importationValueUsd], [true, 'ABOVE_THRESHOLD', '2500.01']);
    assert.throws(
      () => certificationRequired({ commercial: true, originatingValueUsd: '1', otherLinesValueUsd: ['-1'] }),
      (e: unknown) => e instanceof ClearledgerError && e.code === 'CL_INPUT_INVALID',
    );
  });

  it('takes another threshold as data', () => {
    assert.equal(
      certificationRequired({ commercial: true, originatingValueUsd: '1500', thresholdUsd: '1000' }).required,
      true,
    );
  });

  it('refuses amounts that are not non-negative decimal strings', () => {
    for (const bad of ['-1', '2,400', '2.4e3', '', ' 2400']) {
      assert.throws(
        () => certificationRequired({ commercial: true, originatingValueUsd: bad }),
        (e: unknown) => e instanceof ClearledgerError && e.code === 'CL_INPUT_INVALID',
        bad,
      );
    }
    assert.throws(() => certificationRequired({ commercial: true, originatingValueUsd: 2400 as unknown as string }));
  });
});
