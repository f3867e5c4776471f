import { addBusinessDays } from '../certificate-of-origin/addBusinessDays.ts';
import { dayNumberOf, isoDateOf } from '../certificate-of-origin/calendarDate.ts';
import { type CbpPort, cbpPorts, DEFAULT_PORT_TIME_ZONE } from '../ports/cbpPorts.ts';
import { portLocalDate } from '../ports/portLocalDate.ts';
import { toMillionths } from './quantity.ts';
import type { InBondEvent, InBondMovement } from './types.ts';

/** What of the filing the deadlines depend on. */
export type InBondDeadlineMovement = Pick<
  InBondMovement,
  'entryType' | 'originPort' | 'destinationPort' | 'vesselArrival' | 'conveyance' | 'manifestQuantity'
>;

/** Options of {@link inBondDeadlines} and {@link inBondViolations}. */
export type InBondDeadlineOptions = {
  /** More non-business days (YYYY-MM-DD) besides weekends and U.S. federal holidays, e.g. a port closed. */
  holidays?: readonly string[];
  /** Days the goods were held for examination or inspection: they do not count against IB-T1. */
  examHoldDays?: number;
  /** Extension of IB-T1 granted by the port director, in days (case by case). */
  extensionDays?: number;
  /** Ports and their time zones; default `cbpPorts` (unknown ports count in Eastern time). */
  ports?: readonly CbpPort[];
};

/** The deadlines of a movement as calendar dates at the port concerned; null while not started. */
export type InBondDeadlines = {
  /** IB-T1: the later of the vessel's arrival and customs' authorisation (origin port's date). */
  clockStart: string | null;
  /** IB-T1: last day to deliver to the destination or export port (30 days, 60 by barge, plus exam holds and extensions). */
  deliverBy: string | null;
  /** IB-T2: last day to report the latest arrival (2 business days). */
  arrivalReportDue: string | null;
  /** IB-T3 (62 only): last day to export, 15 calendar days after the last portion arrived. */
  exportBy: string | null;
  /** IB-T4: last day to report the latest export (2 business days). */
  exportReportDue: string | null;
};

/** A broken time limit. */
export type InBondViolation = {
  /** LATE_REPORT (IB-07), OVERDUE (IB-08, irregular delivery), GENERAL_ORDER_DUE (IB-09). */
  code: 'LATE_REPORT' | 'OVERDUE' | 'GENERAL_ORDER_DUE';
  rule: 'IB-07' | 'IB-08' | 'IB-09';
  /** The deadline that passed (YYYY-MM-DD). */
  due: string;
  /** The first day of the violation: the day after the deadline. */
  since: string;
  /** For LATE_REPORT: the index of the late event in `events`. */
  event?: number;
};

const plusDays = (date: string, days: number) => isoDateOf(dayNumberOf(date)! + days);
const later = (a: string, b: string) => (dayNumberOf(a)! >= dayNumberOf(b)! ? a : b);

/** The movement replayed from its events: the dates deadlines count from, at the port concerned. */
function replay(movement: InBondDeadlineMovement, events: readonly InBondEvent[], options: InBondDeadlineOptions) {
  const ports = options.ports ?? cbpPorts;
  const zoneOf = (port: string | undefined) => ports.find((p) => p.code === port)?.timeZone ?? DEFAULT_PORT_TIME_ZONE;
  const manifest = toMillionths(movement.manifestQuantity) ?? 0n;
  let destination = movement.destinationPort;
  let requested: string | undefined;
  let arrived = 0n;
  let exported = 0n;
  const r = {
    zoneOf,
    authorized: null as string | null,
    lastArrival: null as string | null,
    arrivalComplete: null as string | null,
    lastExport: null as string | null,
    exportComplete: null as string | null,
    deleted: false,
    generalOrder: false,
    concluded: false,
    reports: [] as { index: number; happened: string; reported: string }[],
    destination,
  };
  events.forEach((event, index) => {
    switch (event.kind) {
      case 'AUTHORIZE':
        r.authorized ??= portLocalDate(event.at, zoneOf(movement.originPort));
        break;
      case 'DIVERSION_REQUEST':
        requested = event.newPort;
        break;
      case 'DIVERSION_DECISION':
        if (event.approved && requested !== undefined) destination = requested;
        requested = undefined;
        r.destination = destination;
        break;
      case 'ARRIVE':
      case 'EXPORT': {
        const zone = zoneOf(event.port ?? destination);
        const happened = portLocalDate(event.at, zone);
        r.reports.push({ index, happened, reported: portLocalDate(event.reportedAt ?? event.at, zone) });
        const done = event.kind === 'ARRIVE' ? arrived : exported;
        const total = done + (event.quantity === undefined ? manifest - done : (toMillionths(event.quantity) ?? 0n));
        if (event.kind === 'ARRIVE') {
          arrived = total;
          r.lastArrival = happened;
          if (total >= manifest) r.arrivalComplete ??= happened;
        } else {
          exported = total;
          r.lastExport = happened;
          if (total >= manifest) r.exportComplete ??= happened;
        }
        break;
      }
      case 'DELETE':
        r.deleted = true;
        break;
      case 'GENERAL_ORDER':
        r.generalOrder = true;
        break;
      case 'CONCLUDE':
        r.concluded = true;
        break;
    }
  });
  return r;
}

function deadlinesOf(
  movement: InBondDeadlineMovement,
  r: ReturnType<typeof replay>,
  options: InBondDeadlineOptions,
): InBondDeadlines {
  const business = (date: string) => addBusinessDays(date, 2, { holidays: options.holidays ?? [] });
  const clockStart =
    r.authorized === null
      ? null
      : movement.vesselArrival !== undefined && dayNumberOf(movement.vesselArrival) !== undefined
        ? later(movement.vesselArrival, r.authorized)
        : r.authorized;
  const days =
    (movement.conveyance.mode === 'BARGE' ? 60 : 30) + (options.examHoldDays ?? 0) + (options.extensionDays ?? 0);
  return {
    clockStart,
    deliverBy: clockStart === null ? null : plusDays(clockStart, days),
    arrivalReportDue: r.lastArrival === null ? null : business(r.lastArrival),
    exportBy: movement.entryType === '62' && r.arrivalComplete !== null ? plusDays(r.arrivalComplete, 15) : null,
    exportReportDue: r.lastExport === null ? null : business(r.lastExport),
  };
}

/**
 * The time limits of a movement (domain.md §5.1), from its filing and the events accepted so far
 * (in order), as calendar dates at the port concerned: IB-T1 deliver within 30 days (60 by barge)
 * from the later of the vessel's arrival and customs' authorisation, exam holds excluded; IB-T2
 * report an arrival within 2 business days; IB-T3 (62) export within 15 calendar days after the last
 * portion arrived; IB-T4 report an export within 2 business days. Business days skip weekends and
 * U.S. federal holidays on their observed days. Pure: a node's sweep and any verifier get the same dates.
 *
 * @example inBondDeadlines(movement, events).deliverBy // '2025-07-03'
 */
export function inBondDeadlines(
  movement: InBondDeadlineMovement,
  events: readonly InBondEvent[],
  options: InBondDeadlineOptions = {},
): InBondDeadlines {
  return deadlinesOf(movement, replay(movement, events, options), options);
}

/**
 * The time limits a movement has broken by `now` (ISO-8601 instant): IB-07 an arrival or export
 * reported after its 2 business days (`LATE_REPORT`, one per late event); IB-08 goods delivered
 * (61/62: the last portion arrived; 63: exported) after the deliver-by date, or not delivered when
 * it has passed at the destination (`OVERDUE`, irregular delivery); IB-09 a T&E not fully exported by
 * its export-by date (`GENERAL_ORDER_DUE`, until customs orders it). A deleted movement has none.
 *
 * @example inBondViolations(movement, events, '2025-07-08T12:00:00Z') // [{ code: 'OVERDUE', … }]
 */
export function inBondViolations(
  movement: InBondDeadlineMovement,
  events: readonly InBondEvent[],
  now: string,
  options: InBondDeadlineOptions = {},
): InBondViolation[] {
  const r = replay(movement, events, options);
  if (r.deleted) return [];
  const d = deadlinesOf(movement, r, options);
  const today = portLocalDate(now, r.zoneOf(r.destination));
  const after = (a: string, b: string) => dayNumberOf(a)! > dayNumberOf(b)!;
  const violations: InBondViolation[] = [];

  for (const report of r.reports) {
    const due = addBusinessDays(report.happened, 2, { holidays: options.holidays ?? [] });
    if (after(report.reported, due))
      violations.push({ code: 'LATE_REPORT', rule: 'IB-07', due, since: plusDays(due, 1), event: report.index });
  }

  if (d.deliverBy !== null) {
    const delivered = movement.entryType === '63' ? r.exportComplete : r.arrivalComplete;
    const open = delivered === null && !r.concluded && !r.generalOrder;
    if ((delivered !== null && after(delivered, d.deliverBy)) || (open && after(today, d.deliverBy)))
      violations.push({ code: 'OVERDUE', rule: 'IB-08', due: d.deliverBy, since: plusDays(d.deliverBy, 1) });
  }

  if (d.exportBy !== null && !r.generalOrder) {
    const exported = r.exportComplete;
    if ((exported !== null && after(exported, d.exportBy)) || (exported === null && after(today, d.exportBy)))
      violations.push({ code: 'GENERAL_ORDER_DUE', rule: 'IB-09', due: d.exportBy, since: plusDays(d.exportBy, 1) });
  }
  return violations;
}
