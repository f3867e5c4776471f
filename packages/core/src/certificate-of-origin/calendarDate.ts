import { ClearledgerError } from '../errors/ClearledgerError.ts';

// Calendar dates (`YYYY-MM-DD`, no time zone: the date at the port or issuing authority) as day
// numbers counted from 1970-01-01, so that comparisons and arithmetic never meet a clock or a zone.

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;

/** The day number of an ISO calendar date, or `undefined` when `value` is not a real `YYYY-MM-DD` date. */
export function dayNumberOf(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;
  const m = ISO_DATE.exec(value);
  if (m === null) return undefined;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  return daysFromCivil(year, month, day);
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** Days from 1970-01-01 to a proleptic Gregorian date (H. Hinnant's days_from_civil), no Date object. */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

/** True when `value` is a real ISO calendar date (`2025-02-29` is not). */
export function isIsoDate(value: unknown): value is string {
  return dayNumberOf(value) !== undefined;
}

/** The day number of `date`; throws `CL_INPUT_INVALID` naming `name` when it is not an ISO date. */
export function requireDayNumber(date: unknown, name: string): number {
  const n = dayNumberOf(date);
  if (n === undefined)
    throw new ClearledgerError('CL_INPUT_INVALID', `${name} must be a calendar date YYYY-MM-DD.`, { field: name });
  return n;
}

/** The ISO calendar date of a day number. */
export function isoDateOf(dayNumber: number): string {
  const date = new Date(dayNumber * DAY_MS);
  return `${String(date.getUTCFullYear()).padStart(4, '0')}-${String(date.getUTCMonth() + 1).padStart(2, '0')}-${String(date.getUTCDate()).padStart(2, '0')}`;
}

/** Day of the week of a day number: 0 Sunday … 6 Saturday. */
export function weekdayOf(dayNumber: number): number {
  return (((dayNumber + 4) % 7) + 7) % 7;
}

/**
 * Adds calendar months to a valid ISO date. A day that does not exist in the target month rolls over
 * (2024-02-29 + 12 months = 2025-03-01), so "before date + 12 months" keeps a full year of days.
 */
export function addMonthsToDayNumber(date: string, months: number): number {
  const m = ISO_DATE.exec(date)!;
  const d = new Date(0);
  d.setUTCFullYear(Number(m[1]), Number(m[2]) - 1 + months, Number(m[3]));
  return Math.round(d.getTime() / DAY_MS);
}
