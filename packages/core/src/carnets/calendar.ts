import {
  addMonthsToDayNumber,
  dayNumberOf,
  isoDateOf,
  requireDayNumber,
} from '../certificate-of-origin/calendarDate.ts';

/**
 * The last day a carnet issued on `issueDate` may be valid until (CA-01, inclusive as printed): the
 * day before the same date a year later. Issued 2025-03-01 → valid until 2026-02-28 at the latest
 * (2026-03-01 would make it a year and a day); issued 2024-02-29 → 2025-02-28.
 *
 * @param issueDate - `YYYY-MM-DD` (must be a real date).
 * @returns the latest `validUntil`, `YYYY-MM-DD`.
 * @throws {ClearledgerError} `CL_INPUT_INVALID` when `issueDate` is not a calendar date.
 */
export function latestValidUntil(issueDate: string): string {
  requireDayNumber(issueDate, 'issueDate');
  return isoDateOf(addMonthsToDayNumber(issueDate, 12) - 1);
}

/**
 * The last day a claim on the carnet may be made (CA-07, ATA Convention Art. 6: within one year after
 * the carnet's expiry): the same date a year after `validUntil`, inclusive. Valid until 2026-02-28 →
 * claims until 2027-02-28; a 29 February rolls over to 1 March.
 *
 * @param validUntil - `YYYY-MM-DD` (must be a real date).
 * @returns the claim deadline, `YYYY-MM-DD`.
 * @throws {ClearledgerError} `CL_INPUT_INVALID` when `validUntil` is not a calendar date.
 */
export function claimDeadline(validUntil: string): string {
  requireDayNumber(validUntil, 'validUntil');
  return isoDateOf(addMonthsToDayNumber(validUntil, 12));
}

/** Day number of a real date, or undefined. */
export const day = (value: unknown): number | undefined => dayNumberOf(value);
