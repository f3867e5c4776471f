import { type CertificationState, type ClaimCheckName, nextCertificationState, toBase64Url } from '@clearledger/core';
import type { ClaimSummary, InformationRequest, ReviewAction } from '../api/clearledgerApi.ts';
import type { MessageKey } from '../i18n/index.ts';

/** What a claim's page leads with: decided (accepted, denied), corrected, or waiting for an officer. */
export type ClaimOutcome = 'ACCEPTED' | 'DENIED' | 'CORRECTED' | 'WAITING';

export function claimOutcome(claim: Pick<ClaimSummary, 'state'>): ClaimOutcome {
  return claim.state === 'MADE' ? 'WAITING' : claim.state;
}

export const claimOutcomeKeys: Readonly<Record<ClaimOutcome, MessageKey>> = {
  ACCEPTED: 'claim.outcome.ACCEPTED',
  DENIED: 'claim.outcome.DENIED',
  CORRECTED: 'claim.outcome.CORRECTED',
  WAITING: 'claim.outcome.WAITING',
};

export const claimCheckKeys: Readonly<Record<ClaimCheckName, MessageKey>> = {
  certification: 'claim.check.certification',
  coverage: 'claim.check.coverage',
  acceptance: 'claim.check.acceptance',
  classification: 'claim.check.classification',
  criterion: 'claim.check.criterion',
  exemption: 'claim.check.exemption',
};

/** Words for the events of claims and requests; an unknown kind is shown as it is. */
export const caseEventKeys: Readonly<Record<string, MessageKey>> = {
  'claim.made': 'event.claim.made',
  'claim.decided': 'event.claim.decided',
  'claim.corrected': 'event.claim.corrected',
  'claim.reassessed': 'event.claim.reassessed',
  'request.sent': 'event.request.sent',
  'request.answered': 'event.request.answered',
  'request.accept': 'event.request.accept',
  'request.find_defective': 'event.request.find_defective',
  'request.start_verification': 'event.request.start_verification',
  'request.affirm': 'event.request.affirm',
  'request.deny': 'event.request.deny',
  'request.deadline-missed': 'event.request.deadline-missed',
  'request.document-uploaded': 'event.request.document-uploaded',
};

export const requestStateKeys: Readonly<Record<string, MessageKey>> = {
  REQUESTED: 'request.state.REQUESTED',
  UNDER_REVIEW: 'request.state.UNDER_REVIEW',
  CORRECTION_REQUIRED: 'request.state.CORRECTION_REQUIRED',
  IN_USE: 'request.state.IN_USE',
  VERIFICATION: 'request.state.VERIFICATION',
  AFFIRMED: 'request.state.AFFIRMED',
  DENIED: 'request.state.DENIED',
};

export const reviewActions: readonly ReviewAction[] = [
  'ACCEPT',
  'FIND_DEFECTIVE',
  'START_VERIFICATION',
  'AFFIRM',
  'DENY',
];

/** The review actions core's certification state machine allows in the request's state, today. */
export function reviewActionsFor(state: string, today: string): ReviewAction[] {
  return reviewActions.filter(
    (action) => nextCertificationState(state as CertificationState, action, { date: today }).success,
  );
}

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const dayNumber = (date: string): number | null => {
  const m = DAY.exec(date);
  return m === null ? null : Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) / 86_400_000;
};

/**
 * How a request's deadline stands: calendar days left until the due date (0 on the day itself,
 * negative once past), whether it is overdue, and whether it is still open (waiting for an answer or
 * a correction). Null for a date that is not YYYY-MM-DD.
 */
export function dueStatus(
  request: Pick<InformationRequest, 'due' | 'state'>,
  today: string,
): { daysLeft: number; overdue: boolean; open: boolean } | null {
  const due = dayNumber(request.due);
  const now = dayNumber(today);
  if (due === null || now === null) return null;
  const open = request.state === 'REQUESTED' || request.state === 'CORRECTION_REQUIRED';
  return { daysLeft: due - now, overdue: open && now > due, open };
}

/** Whether the organisation may answer the request now: it was asked, the request waits for it, not past due. */
export function mayAnswer(request: Pick<InformationRequest, 'to' | 'due' | 'state'>, orgDid: string, today: string) {
  const status = dueStatus(request, today);
  return request.to === orgDid && status !== null && status.open && !status.overdue;
}

/** Largest document sent inline with an answer (any type); larger ones are uploaded. */
export const MAX_DOCUMENT_BYTES = 512 * 1024;
/** Largest document uploaded for an answer: a scanned invoice (PDF, PNG, JPEG or TIFF). */
export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;
/** The types a document over {@link MAX_DOCUMENT_BYTES} may have (the node reads them from its first bytes). */
export const UPLOAD_TYPES: readonly string[] = ['application/pdf', 'image/png', 'image/jpeg', 'image/tiff'];
/** Whether a file goes to the node on its own (streamed, type-checked) rather than inline in the answer. */
export const uploaded = (file: { size: number }) => file.size > MAX_DOCUMENT_BYTES;
/** Most documents in one answer. */
export const MAX_DOCUMENTS = 10;
/** Most bytes of documents in one answer: in base64 they must fit the node's 1 MiB request body with the text. */
export const MAX_ANSWER_BYTES = 700 * 1024;

/** What is wrong with the files chosen for an answer (too many, too large together, empty, too large), per file. */
export function answerFileProblems(
  files: readonly { name: string; size: number; type?: string }[],
): { name: string | null; key: MessageKey }[] {
  const problems: { name: string | null; key: MessageKey }[] = [];
  if (files.length > MAX_DOCUMENTS) problems.push({ name: null, key: 'answer.error.tooMany' });
  // Inline files travel in the answer's JSON body; uploaded scans do not count there.
  if (files.filter((f) => !uploaded(f)).reduce((sum, file) => sum + file.size, 0) > MAX_ANSWER_BYTES)
    problems.push({ name: null, key: 'answer.error.tooLargeTogether' });
  for (const file of files) {
    if (file.size === 0) problems.push({ name: file.name, key: 'answer.error.empty' });
    else if (file.size > MAX_UPLOAD_BYTES) problems.push({ name: file.name, key: 'answer.error.tooLarge' });
    else if (uploaded(file) && !UPLOAD_TYPES.includes(file.type ?? ''))
      problems.push({ name: file.name, key: 'answer.error.largeType' });
  }
  return problems;
}

/** Standard base64 (with padding) of bytes, as the node expects documents. */
export function bytesToBase64(bytes: Uint8Array): string {
  const url = toBase64Url(bytes).replace(/-/g, '+').replace(/_/g, '/');
  return url + '='.repeat((4 - (url.length % 4)) % 4);
}

/** `1536` → `1.5 KiB`. */
export function formatBytes(size: number): string {
  if (size < 1024) return `${size} B`;
  if (size < 1024 * 1024) return `${(size / 1024).toFixed(1).replace(/\.0$/, '')} KiB`;
  return `${(size / (1024 * 1024)).toFixed(1).replace(/\.0$/, '')} MiB`;
}
