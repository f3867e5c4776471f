import { addBusinessDays } from './addBusinessDays.ts';
import { addMonthsToDayNumber, dayNumberOf } from './calendarDate.ts';

/** States of a certification of origin on the ledger. */
export const certificationStates = [
  'DRAFT',
  'ISSUED',
  'PROVIDED',
  'IN_USE',
  'REQUESTED',
  'UNDER_REVIEW',
  'CORRECTION_REQUIRED',
  'VERIFICATION',
  'AFFIRMED',
  'DENIED',
  'SUPERSEDED',
  'EXPIRED',
  'VOID',
] as const;
export type CertificationState = (typeof certificationStates)[number];

/** States nothing leaves. */
export const finalCertificationStates: readonly CertificationState[] = ['DENIED', 'SUPERSEDED', 'EXPIRED', 'VOID'];

/**
 * What happens to a certification: signed; delivered to the importer; a claim (S or P prefix on an
 * entry line); CBP asks for it; it is submitted; CBP accepts it, finds it defective, or opens an
 * origin verification (USMCA Art. 5.9) and affirms or denies; a corrected copy comes, or its deadline
 * passes; the certifier reports an error (a new certification supersedes it); the acceptance period
 * elapses; a draft is voided.
 */
export type CertificationEvent =
  | 'SIGN'
  | 'DELIVER'
  | 'CLAIM'
  | 'CBP_REQUEST'
  | 'SUBMIT'
  | 'ACCEPT'
  | 'FIND_DEFECTIVE'
  | 'SUBMIT_CORRECTION'
  | 'MISS_DEADLINE'
  | 'START_VERIFICATION'
  | 'AFFIRM'
  | 'DENY'
  | 'REPORT_ERROR'
  | 'ELAPSE_ACCEPTANCE'
  | 'VOID';

/** Facts the time-bound events are checked against. */
export type CertificationTransitionContext = {
  /** Date of the event (YYYY-MM-DD): needed by FIND_DEFECTIVE, SUBMIT_CORRECTION, MISS_DEADLINE, ELAPSE_ACCEPTANCE. */
  date?: string;
  /** Signature date of the certification: needed by ELAPSE_ACCEPTANCE. */
  signedOn?: string;
  /** The deadline FIND_DEFECTIVE returned: needed by SUBMIT_CORRECTION and MISS_DEADLINE. */
  correctionDue?: string;
  /** Business days given to correct a defective certification; 5 (at least 5 under 19 CFR 182.12). */
  correctionBusinessDays?: number;
  /** Acceptance period in years; 4. */
  acceptanceYears?: number;
  /** Non-business days besides weekends for the correction deadline (none by default). */
  holidays?: readonly string[];
};

/** Why a transition was refused. */
export type TransitionProblem = {
  code: 'CL_ORIGIN_CERTIFICATION_STATE';
  state: string;
  event: string;
  message: string;
};

/** Result of {@link nextCertificationState}. */
export type NextCertificationStateResult =
  | {
      success: true;
      state: CertificationState;
      /** After FIND_DEFECTIVE: the last day to provide the corrected certification. */
      correctionDue?: string;
    }
  | { success: false; problem: TransitionProblem };

const transitions: Readonly<
  Record<CertificationEvent, Readonly<Partial<Record<CertificationState, CertificationState>>>>
> = {
  SIGN: { DRAFT: 'ISSUED' },
  DELIVER: { ISSUED: 'PROVIDED' },
  CLAIM: { PROVIDED: 'IN_USE', IN_USE: 'IN_USE' },
  CBP_REQUEST: { PROVIDED: 'REQUESTED', IN_USE: 'REQUESTED' },
  SUBMIT: { REQUESTED: 'UNDER_REVIEW' },
  ACCEPT: { UNDER_REVIEW: 'IN_USE' },
  FIND_DEFECTIVE: { UNDER_REVIEW: 'CORRECTION_REQUIRED' },
  SUBMIT_CORRECTION: { CORRECTION_REQUIRED: 'UNDER_REVIEW' },
  // A request for information left unanswered by its due date, like a correction not provided in time.
  MISS_DEADLINE: { REQUESTED: 'DENIED', CORRECTION_REQUIRED: 'DENIED' },
  START_VERIFICATION: { UNDER_REVIEW: 'VERIFICATION' },
  AFFIRM: { VERIFICATION: 'AFFIRMED' },
  DENY: { VERIFICATION: 'DENIED' },
  REPORT_ERROR: {
    ISSUED: 'SUPERSEDED',
    PROVIDED: 'SUPERSEDED',
    IN_USE: 'SUPERSEDED',
    REQUESTED: 'SUPERSEDED',
    UNDER_REVIEW: 'SUPERSEDED',
    CORRECTION_REQUIRED: 'SUPERSEDED',
    VERIFICATION: 'SUPERSEDED',
    AFFIRMED: 'SUPERSEDED',
  },
  ELAPSE_ACCEPTANCE: { ISSUED: 'EXPIRED', PROVIDED: 'EXPIRED', IN_USE: 'EXPIRED' },
  VOID: { DRAFT: 'VOID' },
};

/**
 * The state a certification of origin moves to on an event (domain specification §2.5), or a
 * problem when the event is not allowed in that state or its dates do not allow it: a corrected copy
 * after the deadline, a missed deadline that has not passed, an acceptance period that has not
 * elapsed. Each claim on an entry line is a separate record with its own machine
 * ({@link nextClaimState}); CLAIM keeps a certification IN_USE. An error reported in any issued,
 * non-final state supersedes the certification (a draft is voided instead).
 *
 * @example nextCertificationState('UNDER_REVIEW', 'FIND_DEFECTIVE', { date: '2025-06-13' })
 *   // { success: true, state: 'CORRECTION_REQUIRED', correctionDue: '2025-06-20' }
 */
export function nextCertificationState(
  state: CertificationState,
  event: CertificationEvent,
  context: CertificationTransitionContext = {},
): NextCertificationStateResult {
  const refuse = (message: string): NextCertificationStateResult => ({
    success: false,
    problem: { code: 'CL_ORIGIN_CERTIFICATION_STATE', state, event, message },
  });
  if (!certificationStates.includes(state)) return refuse(`"${state}" is not a certification state.`);
  const row = Object.hasOwn(transitions, event) ? transitions[event] : undefined;
  if (row === undefined) return refuse(`"${event}" is not a certification event.`);
  const target = Object.hasOwn(row, state) ? row[state] : undefined;
  if (target === undefined)
    return finalCertificationStates.includes(state)
      ? refuse(`The certification is ${state}, a final state: nothing can change it any more.`)
      : refuse(`${event} is not possible while the certification is ${state}.`);

  const date = dayNumberOf(context.date);
  const needsDate = ['FIND_DEFECTIVE', 'SUBMIT_CORRECTION', 'MISS_DEADLINE', 'ELAPSE_ACCEPTANCE'];
  if (needsDate.includes(event) && date === undefined)
    return refuse(`${event} needs the date of the event (YYYY-MM-DD).`);

  if (event === 'FIND_DEFECTIVE') {
    const days = context.correctionBusinessDays ?? 5;
    const due = addBusinessDays(
      context.date!,
      days,
      context.holidays === undefined ? {} : { holidays: context.holidays },
    );
    return { success: true, state: target, correctionDue: due };
  }
  if (event === 'SUBMIT_CORRECTION' || event === 'MISS_DEADLINE') {
    const due = dayNumberOf(context.correctionDue);
    if (due === undefined) return refuse(`${event} needs the correction deadline (correctionDue, YYYY-MM-DD).`);
    if (event === 'SUBMIT_CORRECTION' && date! > due)
      return refuse(
        `The corrected certification came on ${context.date}, after the deadline of ${context.correctionDue}: the claim is denied (MISS_DEADLINE).`,
      );
    if (event === 'MISS_DEADLINE' && date! <= due)
      return refuse(
        `The deadline of ${context.correctionDue} has not passed on ${context.date}: a corrected copy may still come.`,
      );
  }
  if (event === 'ELAPSE_ACCEPTANCE') {
    if (dayNumberOf(context.signedOn) === undefined)
      return refuse('ELAPSE_ACCEPTANCE needs the signature date of the certification (signedOn, YYYY-MM-DD).');
    const years = context.acceptanceYears ?? 4;
    if (date! <= addMonthsToDayNumber(context.signedOn!, years * 12))
      return refuse(
        `On ${context.date} the certification signed on ${context.signedOn} is still within its ${years}-year acceptance period.`,
      );
  }
  return { success: true, state: target };
}
