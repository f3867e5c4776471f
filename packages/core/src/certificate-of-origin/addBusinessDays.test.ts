import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ClearledgerError } from '../errors/ClearledgerError.ts';
import { addBusinessDays } from './addBusinessDays.ts';

describe('addBusinessDays', () => {
  it('skips the weekend: Friday + 1 is Monday, Friday + 5 is the next Friday', () => {
    assert.equal(addBusinessDays('2025-06-13', 1), '2025-06-16');
    assert.equal(addBusinessDays('2025-06-13', 5), '2025-06-20');
  });

  it('counts from a weekend day as from the Friday before', () => {
    assert.equal(addBusinessDays('2025-06-14', 1), '2025-06-16');
    assert.equal(addBusinessDays('2025-06-15', 5), '2025-06-20');
  });

  it('crosses months, years and leap days', () => {
    assert.equal(addBusinessDays('2024-12-27', 3), '2025-01-01');
    assert.equal(addBusinessDays('2024-02-28', 1), '2024-02-29');
    assert.equal(addBusinessDays('2025-01-01', 20), '2025-01-29');
  });

  it('does not know holidays unless they are passed in', () => {
    // 2025-07-04 (Independence Day) is a Friday.
    assert.equal(addBusinessDays('2025-07-01', 5), '2025-07-08');
    assert.equal(addBusinessDays('2025-07-01', 5, { holidays: ['2025-07-04'] }), '2025-07-09');
  });

  it('returns the date itself for 0 days', () => {
    assert.equal(addBusinessDays('2025-06-14', 0), '2025-06-14');
  });

  it('refuses malformed dates and counts', () => {
    for (const [date, n] of [
      ['2025-02-29', 1],
      ['2025-6-1', 1],
      ['2025-06-13', -1],
      ['2025-06-13', 1.5],
    ] as const) {
      assert.throws(
        () => addBusinessDays(date, n),
        (e: unknown) => e instanceof ClearledgerError && e.code === 'CL_INPUT_INVALID',
      );
    }
  });
});
