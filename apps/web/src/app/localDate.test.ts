import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { localToday } from './localDate.ts';

describe('localToday', () => {
  it('is the calendar date in the device’s time zone, not the UTC date', () => {
    // 01:30 UTC on 8 December is still 7 December in this process's zone when it is west of UTC.
    const instant = new Date('2026-12-08T01:30:00Z');
    const expected = new Intl.DateTimeFormat('en-CA', {
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    }).format(instant);
    assert.equal(localToday(instant), expected);
    assert.match(localToday(), /^\d{4}-\d{2}-\d{2}$/);
  });
});
