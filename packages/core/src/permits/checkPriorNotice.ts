import type { ErrorCode } from '../errors/codes.ts';

/** Mode of transport of a food shipment. */
export type PriorNoticeMode = 'ROAD' | 'RAIL' | 'AIR' | 'WATER';
/** Where the prior notice was submitted: ABI/ACE (by the filer) or PNSI (FDA's web interface). */
export type PriorNoticeSystem = 'ABI_ACE' | 'PNSI';

/** FDA prior notice timing (21 CFR 1.279, domain specification §6.2): lead hours by mode, earliest days by system. */
export const priorNoticeTiming = {
  minimumHours: { ROAD: 2, RAIL: 4, AIR: 4, WATER: 8 },
  maximumDays: { ABI_ACE: 30, PNSI: 15 },
} as const satisfies {
  minimumHours: Record<PriorNoticeMode, number>;
  maximumDays: Record<PriorNoticeSystem, number>;
};

/** Input of {@link checkPriorNotice}: instants are ISO-8601 date-times with a UTC offset (`Z` or `±hh:mm`). */
export type PriorNoticeInput = {
  arrival: string;
  confirmedAt: string;
  mode: PriorNoticeMode;
  system: PriorNoticeSystem;
};

/** Result of {@link checkPriorNotice}; `leadMinutes` is the time from confirmation to arrival. */
export type PriorNoticeResult =
  | { ok: true; leadMinutes: number }
  | { ok: false; code: ErrorCode; rule: 'PRIOR_NOTICE'; field: string; message: string; leadMinutes?: number };

const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * Whether an FDA prior notice was confirmed in time (E-PM-4): at least 2 hours before arrival by
 * road, 4 by rail or air, 8 by water (CL_PRIOR_NOTICE_TOO_LATE), and at most 30 days before it
 * through ABI/ACE or 15 days through PNSI (CL_PRIOR_NOTICE_TOO_EARLY).
 *
 * @example checkPriorNotice({ arrival: '2025-05-10T14:00:00-05:00', confirmedAt: '2025-05-10T12:30:00-05:00', mode: 'ROAD', system: 'ABI_ACE' })
 *   // { ok: false, code: 'CL_PRIOR_NOTICE_TOO_LATE', … leadMinutes: 90 }
 */
export function checkPriorNotice(input: PriorNoticeInput): PriorNoticeResult {
  const invalid = (field: string, message: string): PriorNoticeResult => ({
    ok: false,
    code: 'CL_INPUT_INVALID',
    rule: 'PRIOR_NOTICE',
    field,
    message,
  });
  const instant = (v: unknown) => (typeof v === 'string' && INSTANT.test(v) ? Date.parse(v) : Number.NaN);
  const arrival = instant(input.arrival);
  const confirmed = instant(input.confirmedAt);
  if (Number.isNaN(arrival))
    return invalid('/arrival', 'arrival is a date-time with its UTC offset, e.g. 2025-05-10T14:00:00-05:00.');
  if (Number.isNaN(confirmed))
    return invalid('/confirmedAt', 'confirmedAt is a date-time with its UTC offset, e.g. 2025-05-10T12:30:00-05:00.');
  if (!Object.hasOwn(priorNoticeTiming.minimumHours, input.mode))
    return invalid('/mode', 'mode is ROAD, RAIL, AIR or WATER.');
  if (!Object.hasOwn(priorNoticeTiming.maximumDays, input.system))
    return invalid('/system', 'system is ABI_ACE or PNSI.');
  const leadMinutes = Math.round((arrival - confirmed) / 60_000);
  const hours = priorNoticeTiming.minimumHours[input.mode];
  const days = priorNoticeTiming.maximumDays[input.system];
  if (arrival - confirmed < hours * 3_600_000)
    return {
      ok: false,
      code: 'CL_PRIOR_NOTICE_TOO_LATE',
      rule: 'PRIOR_NOTICE',
      field: '/confirmedAt',
      message: `Prior notice for arrival by ${input.mode.toLowerCase()} must be confirmed at least ${hours} hours before arrival; it was confirmed ${leadMinutes} minutes before.`,
      leadMinutes,
    };
  if (arrival - confirmed > days * 86_400_000)
    return {
      ok: false,
      code: 'CL_PRIOR_NOTICE_TOO_EARLY',
      rule: 'PRIOR_NOTICE',
      field: '/confirmedAt',
      message: `Prior notice through ${input.system === 'PNSI' ? 'PNSI' : 'ABI/ACE'} may be submitted at most ${days} days before arrival; it was ${Math.floor(leadMinutes / 1440)} days before.`,
      leadMinutes,
    };
  return { ok: true, leadMinutes };
}
