import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { addBusinessDays } from '../certificate-of-origin/addBusinessDays.ts';
import { ClearledgerError } from '../errors/ClearledgerError.ts';
import { cbpPorts, findCbpPort } from './cbpPorts.ts';
import { endOfLocalDay, portLocalDate } from './portLocalDate.ts';

describe('ports and their local dates', () => {
  it('every port has a four-digit Schedule D code (leading zero kept), once, and a zone Intl knows', () => {
    const codes = cbpPorts.map((p) => p.code);
    assert.equal(new Set(codes).size, codes.length);
    for (const port of cbpPorts) {
      assert.match(port.code, /^\d{4}$/);
      assert.doesNotThrow(() => portLocalDate('2025-06-01T00:00:00Z', port.timeZone), port.code);
    }
    assert.equal(findCbpPort('2304')?.timeZone, 'America/Chicago');
    assert.equal(findCbpPort('0712')?.name, 'Champlain-Rouses Point, NY');
    assert.equal(findCbpPort('712'), undefined);
  });

  it('23:30 at Los Angeles (2704) is still that day there, the next day in UTC — and the deadline follows the port', () => {
    const instant = '2025-06-13T06:30:00.000Z'; // Thursday 12 June 2025, 23:30 PDT
    const la = findCbpPort('2704')!;
    assert.equal(portLocalDate(instant, la.timeZone), '2025-06-12');
    assert.equal(portLocalDate(instant, findCbpPort('1001')!.timeZone), '2025-06-13');
    // One business day from Thursday is Friday at the port; counted from the UTC date it would be Monday.
    assert.equal(addBusinessDays(portLocalDate(instant, la.timeZone), 1), '2025-06-13');
    assert.equal(addBusinessDays(instant.slice(0, 10), 1), '2025-06-16');
  });

  it('the end of a local day is an instant in UTC, daylight saving time followed', () => {
    assert.equal(endOfLocalDay('2025-06-13', 'America/Los_Angeles'), '2025-06-14T06:59:59.999Z');
    assert.equal(endOfLocalDay('2025-12-01', 'America/Chicago'), '2025-12-02T05:59:59.999Z');
    assert.equal(endOfLocalDay('2025-07-01', 'America/Phoenix'), '2025-07-02T06:59:59.999Z'); // no DST in Arizona
    assert.equal(endOfLocalDay('2025-03-09', 'America/New_York'), '2025-03-10T03:59:59.999Z'); // the day DST starts
    assert.equal(endOfLocalDay('2025-11-02', 'America/New_York'), '2025-11-03T04:59:59.999Z'); // the day DST ends
    assert.equal(portLocalDate(endOfLocalDay('2025-11-02', 'America/New_York'), 'America/New_York'), '2025-11-02');
  });

  it('refuses an unknown zone and a malformed instant', () => {
    for (const f of [
      () => portLocalDate('2025-06-13T06:30:00Z', 'Mars/Olympus'),
      () => portLocalDate('yesterday', 'America/Chicago'),
      () => endOfLocalDay('2025-6-1', 'America/Chicago'),
    ])
      assert.throws(f, (e: unknown) => e instanceof ClearledgerError && e.code === 'CL_INPUT_INVALID');
  });
});
