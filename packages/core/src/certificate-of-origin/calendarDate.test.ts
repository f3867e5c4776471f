import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { dayNumberOf, isoDateOf } from './calendarDate.ts';

/** The day number as the Date object computes it (the reference), or undefined for a date that does not exist. */
function referenceDayNumber(text: string): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (m === null) return undefined;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return undefined;
  return Math.round(date.getTime() / 86_400_000);
}

describe('dayNumberOf', () => {
  it('agrees with the Date object on every year 0000–9999, month 00–19 and day 00–39, real or not', () => {
    const pad = (n: number, w: number) => String(n).padStart(w, '0');
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 9999 }),
        fc.integer({ min: 0, max: 19 }),
        fc.integer({ min: 0, max: 39 }),
        (y, m, d) => {
          const text = `${pad(y, 4)}-${pad(m, 2)}-${pad(d, 2)}`;
          const n = dayNumberOf(text);
          assert.equal(n, referenceDayNumber(text), text);
          if (n !== undefined) assert.equal(isoDateOf(n), text);
        },
      ),
      { numRuns: 20_000 },
    );
  });

  it('edge dates: the epoch, leap days, century rules', () => {
    assert.equal(dayNumberOf('1970-01-01'), 0);
    assert.equal(dayNumberOf('1969-12-31'), -1);
    assert.equal(dayNumberOf('2000-02-29'), referenceDayNumber('2000-02-29'));
    assert.equal(dayNumberOf('1900-02-29'), undefined);
    assert.equal(dayNumberOf('2024-02-29'), 19_782);
    assert.equal(dayNumberOf('2025-02-29'), undefined);
    assert.equal(dayNumberOf('2025-04-31'), undefined);
    assert.equal(dayNumberOf('0000-03-01'), referenceDayNumber('0000-03-01'));
    for (const bad of ['2025-1-01', '2025-01-01T00:00:00Z', ' 2025-01-01', '20250101', '', null, 20250101])
      assert.equal(dayNumberOf(bad), undefined);
  });
});
