import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ClearledgerError } from '../errors/ClearledgerError.ts';
import { addBusinessDays } from './addBusinessDays.ts';

describe('addBusinessDays', () => {
  it('skips the weekend: Friday + 1 is Monday, Friday + 5 is the next Friday', () => {
    assert.equal(addBusinessDays('2025-06-06', 1), '2025-06-09');
    assert.equal(addBusinessDays('2025-06-06', 5), '2025-06-13');
  });

  it('counts from a weekend day as from the Friday before', () => {
    assert.equal(addBusinessDays('2025-06-07', 1), '2025-06-09');
    assert.equal(addBusinessDays('2025-06-08', 5), '2025-06-13');
  });

  it('skips Juneteenth (Thursday 19 June 2025): Friday 13 June + 5 is Monday 23 June', () => {
    assert.equal(addBusinessDays('2025-06-13', 5), '2025-06-23');
    assert.equal(addBusinessDays('2025-06-13', 5, { calendar: 'NONE' }), '2025-06-20');
  });

  it('crosses months, years and leap days', () => {
    assert.equal(addBusinessDays('2024-12-27', 3), '2025-01-02'); // New Year's Day skipped
    assert.equal(addBusinessDays('2024-02-28', 1), '2024-02-29');
    assert.equal(addBusinessDays('2025-01-01', 20), '2025-01-30'); // MLK Day (20 Jan) skipped
  });

  it('skips U.S. federal holidays: Independence Day on a Friday', () => {
    assert.equal(addBusinessDays('2025-07-01', 5), '2025-07-09');
    assert.equal(addBusinessDays('2025-07-01', 5, { calendar: 'NONE' }), '2025-07-08');
    assert.equal(addBusinessDays('2025-07-01', 5, { calendar: 'NONE', holidays: ['2025-07-04'] }), '2025-07-09');
  });

  it('a deadline spanning Thanksgiving: 5 business days from the Tuesday before end on the Wednesday after', () => {
    // 26 Nov (1), Thanksgiving 27 Nov skipped, 28 Nov (2) is a business day, weekend, 1–3 Dec (3–5).
    assert.equal(addBusinessDays('2025-11-25', 5), '2025-12-03');
    assert.equal(addBusinessDays('2025-11-26', 1), '2025-11-28');
  });

  it('skips observed days: Independence Day 2026 (a Saturday) closes Friday 3 July', () => {
    assert.equal(addBusinessDays('2026-07-02', 1), '2026-07-06');
    // Christmas 2022 (a Sunday) is observed Monday 26 December; New Year 2023 (Sunday) Monday 2 January.
    assert.equal(addBusinessDays('2022-12-23', 1), '2022-12-27');
    assert.equal(addBusinessDays('2022-12-30', 1), '2023-01-03');
    // New Year 2022 (a Saturday) is observed Friday 31 December 2021.
    assert.equal(addBusinessDays('2021-12-30', 1), '2022-01-03');
  });

  it('more non-business days can be added (a port closed)', () => {
    assert.equal(addBusinessDays('2025-06-13', 1, { holidays: ['2025-06-16'] }), '2025-06-17');
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
