import { ClearledgerError } from '../errors/ClearledgerError.ts';
import { dayNumberOf, isoDateOf, weekdayOf } from './calendarDate.ts';

/** One U.S. federal holiday as observed by federal offices (5 U.S.C. 6103; OPM's observed-day rules). */
export type FederalHoliday = {
  /** The day offices are closed, YYYY-MM-DD (the holiday itself, or its observed Friday or Monday). */
  date: string;
  /** The holiday's legal date, YYYY-MM-DD (differs from `date` when it falls on a weekend). */
  actual: string;
  name: FederalHolidayName;
};

export type FederalHolidayName =
  | "New Year's Day"
  | 'Birthday of Martin Luther King, Jr.'
  | "Washington's Birthday"
  | 'Memorial Day'
  | 'Juneteenth National Independence Day'
  | 'Independence Day'
  | 'Labor Day'
  | 'Columbus Day'
  | 'Veterans Day'
  | 'Thanksgiving Day'
  | 'Christmas Day';

/** First year computed: Veterans Day went back to 11 November in 1978 (the Monday rules date from 1971). */
export const FIRST_HOLIDAY_YEAR = 1978;
const LAST_HOLIDAY_YEAR = 9998;

const day = (year: number, month: number, date: number) => dayNumberOf(isoOf(year, month, date))!;
const isoOf = (year: number, month: number, date: number) =>
  `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(date).padStart(2, '0')}`;
/** The `n`th `weekday` (0 Sunday … 6 Saturday) of a month; n = -1 for the last one. */
const nthWeekday = (year: number, month: number, weekday: number, n: number) => {
  if (n > 0) {
    const first = day(year, month, 1);
    return first + ((weekday - weekdayOf(first) + 7) % 7) + (n - 1) * 7;
  }
  const last = (month === 12 ? day(year + 1, 1, 1) : day(year, month + 1, 1)) - 1;
  return last - ((weekdayOf(last) - weekday + 7) % 7);
};
/** A fixed-date holiday falling on Saturday is observed the Friday before, on Sunday the Monday after. */
const observed = (d: number) => (weekdayOf(d) === 6 ? d - 1 : weekdayOf(d) === 0 ? d + 1 : d);

/** The holidays whose legal date is in `year`, with their observed days (one may be in another year). */
function legalHolidays(year: number): FederalHoliday[] {
  const fixed = (month: number, date: number, name: FederalHolidayName): FederalHoliday => {
    const d = day(year, month, date);
    return { date: isoDateOf(observed(d)), actual: isoDateOf(d), name };
  };
  const floating = (month: number, weekday: number, n: number, name: FederalHolidayName): FederalHoliday => {
    const d = nthWeekday(year, month, weekday, n);
    return { date: isoDateOf(d), actual: isoDateOf(d), name };
  };
  return [
    fixed(1, 1, "New Year's Day"),
    ...(year >= 1986 ? [floating(1, 1, 3, 'Birthday of Martin Luther King, Jr.')] : []),
    floating(2, 1, 3, "Washington's Birthday"),
    floating(5, 1, -1, 'Memorial Day'),
    ...(year >= 2021 ? [fixed(6, 19, 'Juneteenth National Independence Day')] : []),
    fixed(7, 4, 'Independence Day'),
    floating(9, 1, 1, 'Labor Day'),
    floating(10, 1, 2, 'Columbus Day'),
    fixed(11, 11, 'Veterans Day'),
    floating(11, 4, 4, 'Thanksgiving Day'),
    fixed(12, 25, 'Christmas Day'),
  ];
}

/**
 * The U.S. federal holidays observed in calendar `year` (5 U.S.C. 6103), computed by their rules for
 * any year from 1978: fixed-date holidays that fall on a Saturday are observed the Friday before, on a
 * Sunday the Monday after — so New Year's Day of the next year can be observed on 31 December of this
 * one. Juneteenth counts from 2021 and Martin Luther King, Jr. Day from 1986. Inauguration Day is not
 * included (it is a holiday only for federal employees in the Washington, D.C. area). Throws
 * `CL_INPUT_INVALID` for a year outside 1978–9998.
 *
 * @example usFederalHolidays(2026).find((h) => h.name === 'Independence Day')?.date // '2026-07-03'
 */
export function usFederalHolidays(year: number): FederalHoliday[] {
  if (!Number.isSafeInteger(year) || year < FIRST_HOLIDAY_YEAR || year > LAST_HOLIDAY_YEAR)
    throw new ClearledgerError(
      'CL_INPUT_INVALID',
      `Federal holidays are computed for the years ${FIRST_HOLIDAY_YEAR} to ${LAST_HOLIDAY_YEAR}.`,
      { field: 'year' },
    );
  const prefix = `${String(year).padStart(4, '0')}-`;
  const candidates = [...legalHolidays(year), ...(year < LAST_HOLIDAY_YEAR ? legalHolidays(year + 1).slice(0, 1) : [])];
  return candidates.filter((h) => h.date.startsWith(prefix));
}

const observedByYear = new Map<number, ReadonlySet<string>>();

/** True when `date` (YYYY-MM-DD) is a day federal offices are closed for a holiday (observed days included). */
export function isUsFederalHoliday(date: string): boolean {
  const year = Number(date.slice(0, 4));
  let set = observedByYear.get(year);
  if (set === undefined) {
    set = new Set(usFederalHolidays(year).map((h) => h.date));
    observedByYear.set(year, set);
  }
  return set.has(date);
}
