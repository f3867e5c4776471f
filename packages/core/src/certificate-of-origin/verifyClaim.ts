import { ClearledgerError } from '../errors/ClearledgerError.ts';
import type { ErrorCode } from '../errors/codes.ts';
import { hsChapter } from '../hs/hsNomenclature.ts';
import { parseDecimal } from '../origin/decimal.ts';
import type { VerificationReport } from '../verify/types.ts';
import { isIsoDate } from './calendarDate.ts';
import { certificationRequired } from './certificationRequired.ts';
import { coverage } from './coverage.ts';
import { checkEntryNumber } from './entryNumberCheckDigit.ts';
import { type CertificationAgreement, certificationCredentialTypes } from './types.ts';

/** One entry summary line that claims preference (the `S`/`S+` or `P` prefix on its HTSUS number). */
export type ClaimLine = {
  /** CBP entry number: filer code (3), entry number (7), check digit (1); dashes allowed. */
  entryNumber: string;
  /** Line of the entry summary (1-based). */
  entryLine: number;
  /** HTSUS number of the line, 10 digits (8 accepted). */
  htsus: string;
  /** Date of importation, YYYY-MM-DD. */
  importDate: string;
  /**
   * Date the claim is made (entry summary or post-importation claim), YYYY-MM-DD: the date at the port
   * when the node received the claim — set by the node, never taken from the claimant.
   */
  claimDate: string;
  /** Value of the originating goods of the line in U.S. dollars, exact decimal ("12500.00"). */
  valueUsd: string;
  /** A commercial importation (anything imported for sale or a commercial purpose). */
  commercial: boolean;
};

/** The check a claim line passed or failed. */
export type ClaimCheckName = 'certification' | 'coverage' | 'acceptance' | 'classification' | 'criterion' | 'exemption';

export type ClaimCheck = {
  check: ClaimCheckName;
  status: 'VALID' | 'INVALID' | 'SKIPPED' | 'ERROR';
  code: ErrorCode;
  message: string;
  /** The rule of the domain specification it applies (CO-08, CO-09, CO-11, CO-12). */
  rule?: string;
};

/** What verifying a claim concludes: accept it, deny it (with the failing checks), or leave it to an officer. */
export type ClaimVerification = {
  outcome: 'ACCEPT' | 'DENY' | 'REVIEW';
  checks: ClaimCheck[];
  /** The goods line of the certification the entry line relies on. */
  goodsLine?: number;
};

/** Parameters of {@link verifyClaim}. */
export type VerifyClaimParameters = {
  claim: ClaimLine;
  /** The certification presented (the signed credential), or null when the claim relies on the CO-12 exemption. */
  certification: Record<string, unknown> | null;
  /** Its verification report (signature, issuer, anchor, status, rules), when there is a certification. */
  report: VerificationReport | null;
  /**
   * Originating values of the other lines of the same entry already claimed (CO-12 is judged per
   * importation: the values of all its lines are added up).
   */
  otherLinesValueUsd?: readonly string[];
  /** The series risk rule ({@link exemptionSeries}) flagged the importation: an officer decides. */
  partOfSeries?: boolean;
};

const HTSUS = /^\d{8}(\d{2})?$/;

/**
 * Checks that a claim line is well formed; throws `CL_INPUT_INVALID` naming the field otherwise, and
 * `CL_CLAIM_ENTRY_CHECK_DIGIT` when the entry number's check digit is not CBP's for its first ten characters.
 */
export function checkClaimLine(claim: ClaimLine): void {
  const bad = (field: string, message: string) =>
    new ClearledgerError('CL_INPUT_INVALID', message, { field: `/${field}` });
  const entry = typeof claim.entryNumber === 'string' ? checkEntryNumber(claim.entryNumber) : null;
  if (entry === null || (!entry.success && entry.reason === 'FORMAT'))
    throw bad(
      'entryNumber',
      'entryNumber is the filer code (3 letters or digits), 7 digits and the check digit, e.g. ABC-1234567-6.',
    );
  if (!entry.success)
    throw new ClearledgerError(
      'CL_CLAIM_ENTRY_CHECK_DIGIT',
      `The check digit of entry number ${claim.entryNumber} should be ${entry.expected}: check the number on the entry summary (CBP Form 7501, block 1).`,
      { field: '/entryNumber', details: { expected: entry.expected } },
    );
  if (!Number.isSafeInteger(claim.entryLine) || claim.entryLine < 1 || claim.entryLine > 9999)
    throw bad('entryLine', 'entryLine is the line number of the entry summary, from 1.');
  if (typeof claim.htsus !== 'string' || !HTSUS.test(claim.htsus))
    throw bad('htsus', "htsus is the line's HTSUS number: 10 digits (or 8), without dots.");
  if (!isIsoDate(claim.importDate)) throw bad('importDate', 'importDate must be a date, YYYY-MM-DD.');
  if (!isIsoDate(claim.claimDate)) throw bad('claimDate', 'claimDate must be a date, YYYY-MM-DD.');
  if (claim.claimDate < claim.importDate) throw bad('claimDate', 'A claim cannot be made before the importation.');
  if (typeof claim.valueUsd !== 'string' || !parseDecimal(claim.valueUsd).success)
    throw bad('valueUsd', 'valueUsd must be an amount in U.S. dollars written as a decimal string, e.g. "12500.00".');
  if (claim.valueUsd.startsWith('-')) throw bad('valueUsd', 'valueUsd cannot be negative.');
}

/**
 * Verifies one claim of preference at entry against the certification it relies on: the
 * certification verifies (its report's verdict), covers the importation (blanket period, CO-09) and is
 * still within its acceptance period (CO-08), lists an HS subheading the entry's HTSUS number falls
 * under, with an origin criterion allowed for that chapter (CO-11); or, without a certification, the
 * importation is exempt (non-commercial or at most US$2,500, CO-12). The outcome is ACCEPT when every
 * check passes, DENY when one fails, REVIEW when one could not be decided (e.g. not anchored yet).
 */
export function verifyClaim({
  claim,
  certification,
  report,
  otherLinesValueUsd,
  partOfSeries,
}: VerifyClaimParameters): ClaimVerification {
  checkClaimLine(claim);
  const checks: ClaimCheck[] = [];
  const add = (check: ClaimCheck) => checks.push(check);
  if (certification === null) {
    const need = certificationRequired({
      commercial: claim.commercial,
      originatingValueUsd: claim.valueUsd,
      ...(otherLinesValueUsd === undefined ? {} : { otherLinesValueUsd }),
      ...(partOfSeries === undefined ? {} : { partOfSeries }),
    });
    // A declared non-commercial importation or a flagged series is never decided automatically.
    add({
      check: 'exemption',
      status: need.review ? 'ERROR' : need.required ? 'INVALID' : 'VALID',
      code: need.review
        ? 'CL_CLAIM_EXEMPTION_REVIEW'
        : need.required
          ? 'CL_CLAIM_CERTIFICATION_REQUIRED'
          : 'CL_VERIFY_OK',
      message: need.message,
      rule: 'CO-12',
    });
    return { outcome: need.review ? 'REVIEW' : need.required ? 'DENY' : 'ACCEPT', checks };
  }

  const verdict = report?.verdict ?? 'INCONCLUSIVE';
  const failing =
    report?.checks.find((c) => c.status === 'INVALID') ??
    report?.checks.find((c) => c.status === 'ERROR') ??
    report?.checks.find(
      (c) => c.status === 'SKIPPED' && c.code !== 'CL_VERIFY_NOT_APPLICABLE' && c.code !== 'CL_VERIFY_PRECONDITION',
    );
  add(
    verdict === 'VALID'
      ? {
          check: 'certification',
          status: 'VALID',
          code: 'CL_VERIFY_OK',
          message: 'The certification verifies: signature, issuer, anchor, status and its rules.',
        }
      : verdict === 'INVALID'
        ? {
            check: 'certification',
            status: 'INVALID',
            code: 'CL_CLAIM_CERTIFICATION_INVALID',
            message: `The certification does not verify: ${failing?.message ?? 'see its report'}`,
          }
        : {
            check: 'certification',
            status: 'ERROR',
            code: 'CL_CLAIM_CERTIFICATION_UNCERTAIN',
            message: `The certification could not be fully verified: ${failing?.message ?? 'see its report'}`,
          },
  );

  const types = Array.isArray(certification.type) ? (certification.type as string[]) : [];
  const agreement = (Object.entries(certificationCredentialTypes).find(([, t]) => types.includes(t))?.[0] ??
    null) as CertificationAgreement | null;
  const subject = certification.credentialSubject as Record<string, unknown> | undefined;
  if (agreement === null || subject === undefined || typeof subject !== 'object') {
    add({
      check: 'coverage',
      status: 'INVALID',
      code: 'CL_CLAIM_NOT_COVERED',
      message: 'The record presented is not a certification of origin.',
    });
    return { outcome: 'DENY', checks };
  }

  try {
    const covered = coverage(
      { agreement, scope: subject.scope as never, signature: subject.signature as never },
      { importDate: claim.importDate, claimDate: claim.claimDate },
    );
    const notCovered = covered.reasons.filter((r) => r.rule === 'CO-09');
    add(
      covered.covered
        ? {
            check: 'coverage',
            status: 'VALID',
            code: 'CL_VERIFY_OK',
            message: 'The certification covers this importation.',
            rule: 'CO-09',
          }
        : {
            check: 'coverage',
            status: 'INVALID',
            code: 'CL_CLAIM_NOT_COVERED',
            message: notCovered.map((r) => r.message).join(' ') || 'The certification does not cover this importation.',
            rule: 'CO-09',
          },
    );
    add(
      covered.acceptance === 'WITHIN'
        ? {
            check: 'acceptance',
            status: 'VALID',
            code: 'CL_VERIFY_OK',
            message: `Within the acceptance period (until ${covered.acceptedUntil}).`,
            rule: 'CO-08',
          }
        : {
            check: 'acceptance',
            status: 'INVALID',
            code: 'CL_CLAIM_ACCEPTANCE_EXPIRED',
            message: `The acceptance period ended on ${covered.acceptedUntil}, before this claim.`,
            rule: 'CO-08',
          },
    );
  } catch (error) {
    add({
      check: 'coverage',
      status: 'INVALID',
      code: 'CL_CLAIM_NOT_COVERED',
      message: `The certification's period or signature date cannot be read: ${error instanceof Error ? error.message : 'malformed'}.`,
    });
  }

  const goods = Array.isArray(subject.goods) ? (subject.goods as Record<string, unknown>[]) : [];
  const line = goods.find((g) => {
    const code = String(g.hs6 ?? g.hsCode ?? '');
    return code.length >= 6 && claim.htsus.startsWith(code);
  });
  if (line === undefined) {
    add({
      check: 'classification',
      status: 'INVALID',
      code: 'CL_CLAIM_CLASSIFICATION_MISMATCH',
      message: `HTSUS ${claim.htsus} is not under any subheading the certification lists (${goods.map((g) => String(g.hs6 ?? g.hsCode ?? '?')).join(', ') || 'none'}).`,
    });
  } else {
    add({
      check: 'classification',
      status: 'VALID',
      code: 'CL_VERIFY_OK',
      message: `HTSUS ${claim.htsus} falls under goods line ${String(line.line ?? goods.indexOf(line) + 1)} (${String(line.hs6 ?? line.hsCode)}).`,
    });
    const chapter = Number(hsChapter(claim.htsus));
    const apparelD = line.originCriterion === 'D' && chapter >= 61 && chapter <= 63;
    add(
      apparelD
        ? {
            check: 'criterion',
            status: 'INVALID',
            code: 'CL_CLAIM_CRITERION_NOT_ALLOWED',
            message: `Origin criterion D is not available for textiles and apparel of chapter ${chapter}.`,
            rule: 'CO-11',
          }
        : {
            check: 'criterion',
            status: 'VALID',
            code: 'CL_VERIFY_OK',
            message: `Origin criterion ${String(line.originCriterion ?? line.ruleRef ?? '—')}.`,
            rule: 'CO-11',
          },
    );
  }

  const outcome = checks.some((c) => c.status === 'INVALID')
    ? 'DENY'
    : checks.some((c) => c.status === 'ERROR')
      ? 'REVIEW'
      : 'ACCEPT';
  const goodsLine = line === undefined ? undefined : Number(line.line ?? goods.indexOf(line) + 1);
  return { outcome, checks, ...(goodsLine === undefined ? {} : { goodsLine }) };
}
