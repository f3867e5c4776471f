import { ClearledgerError } from '../errors/ClearledgerError.ts';
import { isoDateOf, requireDayNumber, weekdayOf } from './calendarDate.ts';
import { isUsFederalHoliday } from './usFederalHolidays.ts';

/** Options of {@link addBusinessDays}. */
export type AddBusinessDaysOptions = {
  /**
   * Which holidays are not business days: `US_FEDERAL` (the default) skips the U.S. federal holidays
   * on their observed days; `NONE` skips only weekends and the dates in `holidays`.
   */
  calendar?: 'US_FEDERAL' | 'NONE';
  /** More non-business days (YYYY-MM-DD), e.g. a port closed by an emergency. */
  holidays?: readonly string[];
};

/**
 * The date `n` business days after `date` (the day itself is not counted): Saturdays, Sundays and
 * U.S. federal holidays on their observed days ({@link usFederalHolidays}) are skipped, and so are the
 * dates in `options.holidays`. `date` is a calendar date at the place the deadline runs (a port's local
 * date, see `portLocalDate`). `n = 0` returns `date`. Throws `CL_INPUT_INVALID` for a malformed date or
 * a negative or fractional `n`.
 *
 * @example addBusinessDays('2025-11-26', 2) // '2025-12-01' (Thanksgiving and the weekend skipped)
 */
export function addBusinessDays(date: string, n: number, options: AddBusinessDaysOptions = {}): string {
  let day = requireDayNumber(date, 'date');
  if (!Number.isSafeInteger(n) || n < 0)
    throw new ClearledgerError('CL_INPUT_INVALID', 'The number of business days must be a whole number ≥ 0.', {
      field: 'n',
    });
  const holidays = new Set((options.holidays ?? []).map((h) => requireDayNumber(h, 'holidays')));
  const federal = (options.calendar ?? 'US_FEDERAL') === 'US_FEDERAL';
  for (let left = n; left > 0; ) {
    day++;
    const weekday = weekdayOf(day);
    if (weekday !== 0 && weekday !== 6 && !holidays.has(day) && !(federal && isUsFederalHoliday(isoDateOf(day))))
      left--;
  }
  return isoDateOf(day);
}
