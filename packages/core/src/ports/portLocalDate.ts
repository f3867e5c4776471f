import { ClearledgerError } from '../errors/ClearledgerError.ts';

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterOf(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (f === undefined) {
    try {
      f = new Intl.DateTimeFormat('en-US', {
        timeZone,
        hourCycle: 'h23',
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
        second: '2-digit',
      });
    } catch {
      throw new ClearledgerError('CL_INPUT_INVALID', `${timeZone} is not an IANA time zone.`, { field: 'timeZone' });
    }
    formatters.set(timeZone, f);
  }
  return f;
}

/** Wall-clock fields of an instant in a zone. */
function wallClock(instantMs: number, timeZone: string) {
  const parts: Record<string, string> = {};
  for (const p of formatterOf(timeZone).formatToParts(new Date(instantMs))) parts[p.type] = p.value;
  return {
    date: `${parts.year!.padStart(4, '0')}-${parts.month}-${parts.day}`,
    asUtcMs: Date.UTC(
      Number(parts.year),
      Number(parts.month) - 1,
      Number(parts.day),
      Number(parts.hour),
      Number(parts.minute),
      Number(parts.second),
    ),
  };
}

function instantMs(instant: string): number {
  const ms = Date.parse(instant);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(instant) || Number.isNaN(ms))
    throw new ClearledgerError('CL_INPUT_INVALID', 'The instant must be an ISO-8601 date and time.', {
      field: 'instant',
    });
  return ms;
}

/**
 * The calendar date (YYYY-MM-DD) in `timeZone` at `instant` (ISO-8601): 2025-11-27T05:30:00Z is still
 * 26 November in Los Angeles. Uses `Intl.DateTimeFormat`, so it runs the same in Node and browsers.
 * Throws `CL_INPUT_INVALID` for an unknown zone or a malformed instant.
 *
 * @example portLocalDate('2025-11-27T05:30:00Z', 'America/Los_Angeles') // '2025-11-26'
 */
export function portLocalDate(instant: string, timeZone: string): string {
  return wallClock(instantMs(instant), timeZone).date;
}

/**
 * The last millisecond of calendar `date` in `timeZone`, as an ISO-8601 UTC instant: the moment a
 * deadline "on that day at the port" has passed. Daylight-saving changes are followed.
 *
 * @example endOfLocalDay('2025-12-01', 'America/Chicago') // '2025-12-02T05:59:59.999Z'
 */
export function endOfLocalDay(date: string, timeZone: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (m === null) throw new ClearledgerError('CL_INPUT_INVALID', 'date must be YYYY-MM-DD.', { field: 'date' });
  // Start from the local wall time read as UTC, then correct by the zone's offset at that instant (twice,
  // so an offset change between the guess and the answer is taken into account).
  const wall = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), 23, 59, 59, 999);
  let guess = wall;
  for (let i = 0; i < 2; i++) {
    const offset = wallClock(guess, timeZone).asUtcMs - Math.floor(guess / 1000) * 1000;
    guess = wall - offset;
  }
  return new Date(guess).toISOString();
}
