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

  it('a non-commercial importation needs none, whatever its value', () => {
    const r = certificationRequired({ commercial: false, originatingValueUsd: '18000' });
    assert.equal(r.required, false);
    assert.equal(r.reason, 'NON_COMMERCIAL');
  });

  it('an importation that is part of a series planned to evade the requirement needs one', () => {
    const r = certificationRequired({ commercial: true, originatingValueUsd: '2400', partOfSeries: true });
    assert.equal(r.required, true);
    assert.equal(r.reason, 'SERIES');
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
