import type { DomainCheck } from '../verify/types.ts';
import { defaultAgreementRules } from './agreementRules.ts';
import { addMonthsToDayNumber, dayNumberOf, isoDateOf } from './calendarDate.ts';
import {
  type CertificationAgreement,
  type CertificationCredentialType,
  certificationCredentialTypes,
} from './types.ts';
import { validateCertification } from './validateCertification.ts';

const DAY_MS = 86_400_000;

/**
 * The calendar date at `now` on the last time zone to reach a date (UTC−12), as a day number: a
 * certification still acceptable at some port on that date is not refused anywhere else first.
 */
function latestDayStillCurrent(now: string): number | undefined {
  const t = Date.parse(now);
  return Number.isNaN(t) ? undefined : Math.floor((t - 12 * 3_600_000) / DAY_MS);
}

/**
 * CO-08 at verification: a claim made today may rely on the certification only up to the acceptance
 * period after its signature date (four years), so past that date it verifies INVALID.
 */
function acceptanceProblem(agreement: CertificationAgreement, signatureDate: unknown, now: string) {
  const today = latestDayStillCurrent(now);
  if (today === undefined || typeof signatureDate !== 'string' || dayNumberOf(signatureDate) === undefined) return null;
  const years = defaultAgreementRules[agreement].acceptanceYears;
  const until = addMonthsToDayNumber(signatureDate, years * 12);
  if (today <= until) return null;
  const acceptedUntil = isoDateOf(until);
  const code = 'CL_VERIFY_ACCEPTANCE_EXPIRED' as const;
  const message = `The certification was signed on ${signatureDate}: its acceptance period (CO-08, ${years} years) ended on ${acceptedUntil}, the last date a claim could rely on it.`;
  // As a problem on the signature date too, so issuance refuses it on that field.
  const problem = { code, rule: 'CO-08', field: '/credentialSubject/signature/date', message };
  return {
    status: 'INVALID' as const,
    code,
    message,
    details: { rule: 'CO-08', signatureDate, acceptedUntil, problems: [problem] },
  };
}

/**
 * A signature date after the record was signed (its proof's `created`, or `now` while it is being
 * issued) would stretch the CO-08 acceptance period past four years: refused. Lenient by one time
 * zone span (the earliest zone, UTC+14), since the date is the certifier's local date.
 */
function futureSignatureProblem(credential: { proof?: unknown }, signatureDate: string, now: string) {
  const created = (credential.proof as { created?: unknown } | undefined)?.created;
  const times = [Date.parse(now), typeof created === 'string' ? Date.parse(created) : Number.NaN].filter(
    (t) => !Number.isNaN(t),
  );
  const signedDay = dayNumberOf(signatureDate);
  if (times.length === 0 || signedDay === undefined) return null;
  const latestDay = Math.floor((Math.min(...times) + 14 * 3_600_000) / DAY_MS);
  if (signedDay <= latestDay) return null;
  const message = `The signature date ${signatureDate} is after the record was signed (${isoDateOf(latestDay)} at the latest): a certification cannot be dated in the future (CO-08 counts from this date).`;
  const problem = {
    code: 'CL_ORIGIN_CERTIFICATION_INVALID' as const,
    rule: 'CO-08' as const,
    field: '/credentialSubject/signature/date',
    message,
  };
  return {
    status: 'INVALID' as const,
    code: problem.code,
    message,
    details: { rule: 'CO-08', signatureDate, problems: [problem] },
  };
}

function certificationCheck(agreement: CertificationAgreement): DomainCheck {
  return (credential, now) => {
    const subject = credential.credentialSubject;
    const result = Array.isArray(subject)
      ? {
          success: false as const,
          problems: [
            {
              code: 'CL_ORIGIN_CERTIFICATION_INVALID' as const,
              rule: 'FORMAT' as const,
              field: '/credentialSubject',
              message: 'A certification of origin has exactly one credentialSubject.',
            },
          ],
        }
      : validateCertification(subject, { agreement });
    if (result.success) {
      const future = futureSignatureProblem(credential, result.data.signature.date, now);
      if (future !== null) return future;
      const expired = acceptanceProblem(agreement, result.data.signature.date, now);
      if (expired !== null) return expired;
      return {
        status: 'VALID',
        code: 'CL_VERIFY_OK',
        message: `The certification meets the ${agreement === 'CAFTA_DR' ? 'CAFTA-DR' : agreement} rules for its content (parties, HS 2022 classifications, origin criteria, period, language) and is within its acceptance period.`,
      };
    }
    const first = result.problems[0]!;
    return {
      status: 'INVALID',
      code: first.code,
      message:
        result.problems.length === 1
          ? first.message
          : `${first.message} (and ${result.problems.length - 1} more problem${result.problems.length > 2 ? 's' : ''})`,
      details: { problems: result.problems },
    };
  };
}

/**
 * The domain checks of the three certification-of-origin credential types, for `verifyCredential`'s
 * `domainChecks`: the subject is validated with `validateCertification` and the report's `domain`
 * check is INVALID (code and message of the first problem, every problem in `details.problems`), or
 * INVALID with `CL_VERIFY_ACCEPTANCE_EXPIRED` when `now` is past the acceptance period counted from
 * the signature date (CO-08; `details.acceptedUntil` is the last acceptable date), or VALID.
 *
 * @example verifyCredential({ crypto, now, ledger, domainChecks: certificationDomainChecks }, { credential })
 */
export const certificationDomainChecks: Readonly<Record<CertificationCredentialType, DomainCheck>> = {
  [certificationCredentialTypes.USMCA]: certificationCheck('USMCA'),
  [certificationCredentialTypes.CAFTA_DR]: certificationCheck('CAFTA_DR'),
  [certificationCredentialTypes.NAFTA]: certificationCheck('NAFTA'),
};
