import { ClearledgerError } from '../errors/ClearledgerError.ts';
import { isoDateOf, requireDayNumber, weekdayOf } from './calendarDate.ts';

/** Options of {@link addBusinessDays}. */
export type AddBusinessDaysOptions = {
  /**
   * Non-business days besides weekends (YYYY-MM-DD), e.g. U.S. federal holidays. None by default:
   * without this list only Saturdays and Sundays are skipped.
   */
  holidays?: readonly string[];
};

/**
 * The date `n` business days after `date` (the day itself is not counted): Saturdays and Sundays are
 * skipped, and so are the dates in `options.holidays` — holidays are NOT known otherwise, so a
 * deadline computed without the list can fall on a federal holiday. `n = 0` returns `date`. Throws
 * `CL_INPUT_INVALID` for a malformed date or a negative or fractional `n`.
 *
 * @example addBusinessDays('2025-06-13', 5) // '2025-06-20' (Friday + 5 business days)
 */
export function addBusinessDays(date: string, n: number, options: AddBusinessDaysOptions = {}): string {
  let day = requireDayNumber(date, 'date');
  if (!Number.isSafeInteger(n) || n < 0)
    throw new ClearledgerError('CL_INPUT_INVALID', 'The number of business days must be a whole number ≥ 0.', {
      field: 'n',
    });
  const holidays = new Set((options.holidays ?? []).map((h) => requireDayNumber(h, 'holidays')));
  for (let left = n; left > 0; ) {
    day++;
    const weekday = weekdayOf(day);
    if (weekday !== 0 && weekday !== 6 && !holidays.has(day)) left--;
  }
  return isoDateOf(day);
}
