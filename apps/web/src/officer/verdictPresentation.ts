import type {
  CheckName,
  CheckStatus,
  ErrorCode,
  Verdict,
  VerificationCheck,
  VerificationReport,
} from '@clearledger/core';
import type { MessageKey, MessageParams } from '../i18n/index.ts';
import { type Tone, toneUnder } from './verdictTone.ts';

/** A message to show: a dictionary key and its parameters. */
export type Sentence = { key: MessageKey; params?: MessageParams };

/** How a verdict looks: a tone (colour), an icon and words, so colour is never the only signal. */
export type VerdictLook = {
  tone: Exclude<Tone, 'neutral'>;
  icon: string;
  label: MessageKey;
  summary: MessageKey;
};

export const verdictLooks: Readonly<Record<Verdict, VerdictLook>> = {
  VALID: { tone: 'valid', icon: '✓', label: 'verdict.VALID', summary: 'verdict.VALID.summary' },
  INCONCLUSIVE: {
    tone: 'inconclusive',
    icon: '!',
    label: 'verdict.INCONCLUSIVE',
    summary: 'verdict.INCONCLUSIVE.summary',
  },
  INVALID: { tone: 'invalid', icon: '✗', label: 'verdict.INVALID', summary: 'verdict.INVALID.summary' },
};

export const checkLabels: Readonly<Record<CheckName, MessageKey>> = {
  format: 'check.format',
  integrity: 'check.integrity',
  issuer: 'check.issuer',
  anchor: 'check.anchor',
  status: 'check.status',
  validity: 'check.validity',
  domain: 'check.domain',
};

/**
 * A check's outcome in words and an icon (SKIPPED as "not applicable" when that is its reason). Under
 * a `verdict` other than VALID a passed check is grey, not green (see `toneUnder`).
 */
export function checkOutcome(
  check: Pick<VerificationCheck, 'status' | 'code'>,
  verdict: Verdict | null = null,
): {
  tone: Tone;
  icon: string;
  label: MessageKey;
} {
  const outcome = ownOutcome(check);
  return verdict === null ? outcome : { ...outcome, tone: toneUnder(verdict, outcome.tone) };
}

function ownOutcome(check: Pick<VerificationCheck, 'status' | 'code'>): {
  tone: Tone;
  icon: string;
  label: MessageKey;
} {
  const looks: Record<CheckStatus, { tone: Tone; icon: string; label: MessageKey }> = {
    VALID: { tone: 'valid', icon: '✓', label: 'checkStatus.VALID' },
    INVALID: { tone: 'invalid', icon: '✗', label: 'checkStatus.INVALID' },
    ERROR: { tone: 'inconclusive', icon: '!', label: 'checkStatus.ERROR' },
    SKIPPED: { tone: 'inconclusive', icon: '–', label: 'checkStatus.SKIPPED' },
  };
  if (check.status === 'SKIPPED' && check.code === 'CL_VERIFY_NOT_APPLICABLE')
    return { tone: 'neutral', icon: '–', label: 'checkStatus.NOT_APPLICABLE' };
  return looks[check.status];
}

/** Whether a check passed, or does not apply to this record: it folds away with the other passed checks. */
export function checkPassed(check: Pick<VerificationCheck, 'status' | 'code'>): boolean {
  return check.status === 'VALID' || (check.status === 'SKIPPED' && check.code === 'CL_VERIFY_NOT_APPLICABLE');
}

/** What changed between two verdicts on the same record: the verdicts, and in a word why when it got worse. */
export type VerdictChange = { from: Verdict; to: Verdict; reason: MessageKey | null };

/** A short word for the reasons that most often turn a verdict; other reasons are named by their check. */
const changeWords: Partial<Readonly<Record<VerifyCode, MessageKey>>> = {
  CL_VERIFY_REVOKED: 'change.revoked',
  CL_VERIFY_SUSPENDED: 'change.suspended',
  CL_VERIFY_EXPIRED: 'change.expired',
  CL_VERIFY_SIGNATURE: 'change.signature',
};

/**
 * The change of verdict between the report shown before and the one that replaces it (an online
 * re-check), or null when the verdict is the same. The reason is the first check that did not pass.
 *
 * @example
 * verdictChange(validReport, revokedReport); // { from: 'VALID', to: 'INVALID', reason: 'change.revoked' }
 */
export function verdictChange(
  before: Pick<VerificationReport, 'verdict'>,
  after: Pick<VerificationReport, 'verdict' | 'checks'>,
): VerdictChange | null {
  if (before.verdict === after.verdict) return null;
  const failed = after.verdict === 'VALID' ? undefined : after.checks.find((c) => !checkPassed(c));
  const reason =
    failed === undefined
      ? null
      : ((changeWords as Readonly<Record<string, MessageKey>>)[failed.code] ?? checkLabels[failed.check]);
  return { from: before.verdict, to: after.verdict, reason };
}

/** The reason codes a verification report can carry. */
export type VerifyCode = Extract<ErrorCode, `CL_VERIFY_${string}`>;

/** One sentence per reason code; a new code does not compile until it has one. */
const reasonKeys: Readonly<Record<Exclude<VerifyCode, 'CL_VERIFY_OK'>, MessageKey>> = {
  CL_VERIFY_NOT_APPLICABLE: 'reason.CL_VERIFY_NOT_APPLICABLE',
  CL_VERIFY_PRECONDITION: 'reason.CL_VERIFY_PRECONDITION',
  CL_VERIFY_FORMAT: 'reason.CL_VERIFY_FORMAT',
  CL_VERIFY_CONTEXT_UNKNOWN: 'reason.CL_VERIFY_CONTEXT_UNKNOWN',
  CL_VERIFY_PROOF_MISSING: 'reason.CL_VERIFY_PROOF_MISSING',
  CL_VERIFY_PROOF_UNSUPPORTED: 'reason.CL_VERIFY_PROOF_UNSUPPORTED',
  CL_VERIFY_PROOF_MALFORMED: 'reason.CL_VERIFY_PROOF_MALFORMED',
  CL_VERIFY_SIGNATURE: 'reason.CL_VERIFY_SIGNATURE',
  CL_VERIFY_KEY_CONTROLLER: 'reason.CL_VERIFY_KEY_CONTROLLER',
  CL_VERIFY_ISSUER_UNKNOWN: 'reason.CL_VERIFY_ISSUER_UNKNOWN',
  CL_VERIFY_ISSUER_INACTIVE: 'reason.CL_VERIFY_ISSUER_INACTIVE',
  CL_VERIFY_KEY_UNKNOWN: 'reason.CL_VERIFY_KEY_UNKNOWN',
  CL_VERIFY_KEY_NOT_VALID_AT_ISSUANCE: 'reason.CL_VERIFY_KEY_NOT_VALID_AT_ISSUANCE',
  CL_VERIFY_ROLE_NOT_ALLOWED: 'reason.CL_VERIFY_ROLE_NOT_ALLOWED',
  CL_VERIFY_TYPE_UNKNOWN: 'reason.CL_VERIFY_TYPE_UNKNOWN',
  CL_VERIFY_TYPE_AMBIGUOUS: 'reason.CL_VERIFY_TYPE_AMBIGUOUS',
  CL_VERIFY_LEDGER_UNAVAILABLE: 'reason.CL_VERIFY_LEDGER_UNAVAILABLE',
  CL_VERIFY_ANCHOR_MISSING: 'reason.CL_VERIFY_ANCHOR_MISSING',
  CL_VERIFY_ANCHOR_PENDING: 'reason.CL_VERIFY_ANCHOR_PENDING',
  CL_VERIFY_ANCHOR_PROOF: 'reason.CL_VERIFY_ANCHOR_PROOF',
  CL_VERIFY_ANCHOR_NOT_ON_LEDGER: 'reason.CL_VERIFY_ANCHOR_NOT_ON_LEDGER',
  CL_VERIFY_ANCHOR_ISSUER_MISMATCH: 'reason.CL_VERIFY_ANCHOR_ISSUER_MISMATCH',
  CL_VERIFY_REVOKED: 'reason.CL_VERIFY_REVOKED',
  CL_VERIFY_SUSPENDED: 'reason.CL_VERIFY_SUSPENDED',
  CL_VERIFY_STATUS_UNKNOWN: 'reason.CL_VERIFY_STATUS_UNKNOWN',
  CL_VERIFY_NOT_YET_VALID: 'reason.CL_VERIFY_NOT_YET_VALID',
  CL_VERIFY_EXPIRED: 'reason.CL_VERIFY_EXPIRED',
  CL_VERIFY_ACCEPTANCE_EXPIRED: 'reason.CL_VERIFY_ACCEPTANCE_EXPIRED',
  CL_VERIFY_SNAPSHOT_STALE: 'reason.CL_VERIFY_SNAPSHOT_STALE',
  CL_VERIFY_DOMAIN: 'reason.CL_VERIFY_DOMAIN',
};

/** What a passing check established, per check. */
const okKeys: Readonly<Record<CheckName, MessageKey>> = {
  format: 'reason.ok.format',
  integrity: 'reason.ok.integrity',
  issuer: 'reason.ok.issuer',
  anchor: 'reason.ok.anchor',
  status: 'reason.ok.status',
  validity: 'reason.ok.validity',
  domain: 'reason.ok.domain',
};

function detail(check: VerificationCheck, name: string): unknown {
  return check.details?.[name];
}

/**
 * The plain-words reason of one check in the officer's language, or null when the code is not one
 * the app knows (a newer node): the caller then shows the report's own message.
 */
export function checkSentence(check: VerificationCheck): Sentence | null {
  if (detail(check, 'snapshotBehind') === true) return { key: 'reason.snapshotBehind' };
  if (detail(check, 'hashMismatch') === true) return { key: 'reason.hashMismatch' };
  if (check.code === 'CL_VERIFY_OK') {
    const block = detail(check, 'blockNumber');
    const at = detail(check, 'anchoredAt');
    if (check.check === 'anchor' && typeof block === 'number' && typeof at === 'string')
      return { key: 'reason.ok.anchorAt', params: { block, at: { dateTime: at } } };
    return { key: okKeys[check.check] };
  }
  const key = (reasonKeys as Readonly<Record<string, MessageKey>>)[check.code];
  if (key === undefined) return null;
  const reason = detail(check, 'reason');
  if (check.code === 'CL_VERIFY_REVOKED' && typeof reason === 'string')
    return { key: 'reason.CL_VERIFY_REVOKED.because', params: { reason } };
  if (check.code === 'CL_VERIFY_SUSPENDED' && typeof reason === 'string')
    return { key: 'reason.CL_VERIFY_SUSPENDED.because', params: { reason } };
  const until = detail(check, 'acceptedUntil');
  if (check.code === 'CL_VERIFY_ACCEPTANCE_EXPIRED' && typeof until === 'string')
    return { key: 'reason.CL_VERIFY_ACCEPTANCE_EXPIRED.until', params: { until: { date: until } } };
  const age = detail(check, 'snapshotAgeMs');
  const max = detail(check, 'maxAgeMs');
  const asOf = detail(check, 'asOf');
  if (
    check.code === 'CL_VERIFY_SNAPSHOT_STALE' &&
    typeof age === 'number' &&
    typeof max === 'number' &&
    typeof asOf === 'string'
  )
    return {
      key: 'reason.CL_VERIFY_SNAPSHOT_STALE.age',
      params: { hours: Math.floor(age / 3_600_000), max: Math.round(max / 3_600_000), at: { dateTime: asOf } },
    };
  if (check.code === 'CL_VERIFY_LEDGER_UNAVAILABLE' && check.status === 'ERROR')
    return { key: 'reason.CL_VERIFY_LEDGER_UNAVAILABLE.error' };
  return { key };
}

const codesOf = (report: VerificationReport) => new Set<string>(report.checks.map((c) => c.code));

/**
 * What the officer should do next, most important first. Wording follows the verdict and, within
 * it, the reasons: an anchor that is pending calls for a later re-check, a revoked record for a
 * referral to its issuer, and so on.
 */
export function nextSteps(report: VerificationReport): MessageKey[] {
  const codes = codesOf(report);
  const steps: MessageKey[] = [];
  const snapshotBehind = report.checks.some((c) => c.details?.snapshotBehind === true);
  if (report.verdict === 'VALID') {
    steps.push('next.valid.release');
    if (report.ledgerSource?.kind === 'snapshot') steps.push('next.valid.offline');
    return steps;
  }
  if (report.verdict === 'INVALID') {
    steps.push('next.invalid.doNotAccept');
    if (codes.has('CL_VERIFY_REVOKED') || codes.has('CL_VERIFY_SUSPENDED')) steps.push('next.invalid.withdrawn');
    else if (
      codes.has('CL_VERIFY_EXPIRED') ||
      codes.has('CL_VERIFY_NOT_YET_VALID') ||
      codes.has('CL_VERIFY_ACCEPTANCE_EXPIRED')
    )
      steps.push('next.invalid.dates');
    else if (
      codes.has('CL_VERIFY_ISSUER_UNKNOWN') ||
      codes.has('CL_VERIFY_ISSUER_INACTIVE') ||
      codes.has('CL_VERIFY_ROLE_NOT_ALLOWED') ||
      codes.has('CL_VERIFY_TYPE_UNKNOWN') ||
      codes.has('CL_VERIFY_TYPE_AMBIGUOUS') ||
      codes.has('CL_VERIFY_KEY_UNKNOWN') ||
      codes.has('CL_VERIFY_KEY_NOT_VALID_AT_ISSUANCE')
    )
      steps.push('next.invalid.issuer');
    else steps.push('next.invalid.altered');
    steps.push('next.invalid.refer');
    return steps;
  }
  steps.push('next.inconclusive.doNotReleaseYet');
  if (snapshotBehind) steps.push('next.inconclusive.snapshotBehind');
  if (codes.has('CL_VERIFY_SNAPSHOT_STALE')) steps.push('next.inconclusive.snapshotStale');
  if (codes.has('CL_VERIFY_ANCHOR_PENDING')) steps.push('next.inconclusive.anchorPending');
  if (codes.has('CL_VERIFY_ANCHOR_MISSING')) steps.push('next.inconclusive.anchorMissing');
  if (codes.has('CL_VERIFY_LEDGER_UNAVAILABLE') && !snapshotBehind) steps.push('next.inconclusive.ledger');
  if (steps.length === 1) steps.push('next.inconclusive.generic');
  return steps;
}

/**
 * Where the ledger facts came from, in words: "online, block N", or "offline, trust snapshot as of
 * block N / time T", or that no ledger was consulted.
 */
export function ledgerSourceSentence(report: Pick<VerificationReport, 'ledgerSource'>): Sentence {
  const source = report.ledgerSource;
  if (source === undefined) return { key: 'source.none' };
  if (source.kind === 'snapshot')
    return source.blockNumber !== undefined && source.asOf !== undefined
      ? { key: 'source.snapshot', params: { block: source.blockNumber, at: { dateTime: source.asOf } } }
      : { key: 'source.snapshotUnknown' };
  if (source.kind === 'live')
    return source.blockNumber !== undefined
      ? { key: 'source.live', params: { block: source.blockNumber } }
      : { key: 'source.liveUnknown' };
  return { key: 'source.local' };
}
