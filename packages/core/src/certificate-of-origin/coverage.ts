import { type AgreementRules, defaultAgreementRules } from './agreementRules.ts';
import { addMonthsToDayNumber, isoDateOf, requireDayNumber } from './calendarDate.ts';
import type { CertificationAgreement, CertificationRule, CertificationScope } from './types.ts';

/** What {@link coverage} needs of a certification (a validated subject has it). */
export type CoverageCertification = {
  agreement: CertificationAgreement;
  scope: CertificationScope;
  signature: { date: string };
};

/** Parameters of {@link coverage}. */
export type CoverageParameters = {
  /** Date of importation (YYYY-MM-DD). */
  importDate: string;
  /** Date of the claim: the entry summary (or post-importation claim) that relies on the certification. */
  claimDate: string;
  /** The agreement's figures; defaults to {@link defaultAgreementRules}. */
  rules?: AgreementRules;
};

/** Why an importation is not covered or a claim comes too late. */
export type CoverageReason = { rule: Extract<CertificationRule, 'CO-08' | 'CO-09'>; message: string };

/** Result of {@link coverage}. */
export type CoverageResult = {
  /** The certification covers this importation (blanket period, agreement in force, made before the claim). */
  covered: boolean;
  /** The claim falls within the acceptance period counted from the signature (CO-08). */
  acceptance: 'WITHIN' | 'EXPIRED';
  /** Last day a claim may rely on the certification. */
  acceptedUntil: string;
  reasons: CoverageReason[];
};

/**
 * Whether a certification covers an importation and may still be relied on by a claim: the claim is
 * made at most 4 years after the signature (CO-08, acceptance period), the importation falls within
 * the blanket period (CO-09; a single-shipment certification covers its one shipment), the agreement
 * applied on the import date (NAFTA: importations before 2020-07-01; USMCA: from that day), and the
 * certification existed when the claim was made. Coverage and acceptance are independent: an
 * importation after the blanket period is not covered even while the certification is still within
 * its acceptance period. Throws `CL_INPUT_INVALID` for dates that are not YYYY-MM-DD.
 *
 * @example coverage(subject, { importDate: '2025-06-10', claimDate: '2025-06-12' })
 *   // { covered: true, acceptance: 'WITHIN', acceptedUntil: '2028-12-15', reasons: [] }
 */
export function coverage(cert: CoverageCertification, params: CoverageParameters): CoverageResult {
  const rules = params.rules ?? defaultAgreementRules[cert.agreement];
  const imported = requireDayNumber(params.importDate, 'importDate');
  const claimed = requireDayNumber(params.claimDate, 'claimDate');
  const signed = requireDayNumber(cert.signature.date, 'signature.date');
  const reasons: CoverageReason[] = [];
  let covered = true;

  const until = addMonthsToDayNumber(cert.signature.date, rules.acceptanceYears * 12);
  const acceptedUntil = isoDateOf(until);
  const acceptance = claimed <= until ? 'WITHIN' : 'EXPIRED';
  if (acceptance === 'EXPIRED')
    reasons.push({
      rule: 'CO-08',
      message: `The claim of ${params.claimDate} is more than ${rules.acceptanceYears} years after the certification was signed (${cert.signature.date}); it could be relied on until ${acceptedUntil}.`,
    });
  if (claimed < signed) {
    covered = false;
    reasons.push({
      rule: 'CO-08',
      message: `The claim of ${params.claimDate} was made before the certification was signed (${cert.signature.date}): it cannot rest on it.`,
    });
  }

  if (cert.scope.type === 'BLANKET') {
    const from = requireDayNumber(cert.scope.from, 'scope.from');
    const to = requireDayNumber(cert.scope.to, 'scope.to');
    if (imported < from || imported > to) {
      covered = false;
      reasons.push({
        rule: 'CO-09',
        message: `The importation of ${params.importDate} is outside the blanket period ${cert.scope.from} to ${cert.scope.to}: another certification is needed.`,
      });
    }
  }

  const { from, until: before } = rules.importations;
  if (from !== undefined && imported < requireDayNumber(from, 'rules.importations.from')) {
    covered = false;
    reasons.push({
      rule: 'CO-09',
      message: `${rules.label} applies to goods imported from ${from}; the importation of ${params.importDate} is earlier.`,
    });
  }
  if (before !== undefined && imported >= requireDayNumber(before, 'rules.importations.until')) {
    covered = false;
    reasons.push({
      rule: 'CO-09',
      message: `${rules.label} applies only to goods imported before ${before}; the importation of ${params.importDate} is not.`,
    });
  }
  return { covered, acceptance, acceptedUntil, reasons };
}
