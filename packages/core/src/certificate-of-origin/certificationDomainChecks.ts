import type { DomainCheck } from '../verify/types.ts';
import {
  type CertificationAgreement,
  type CertificationCredentialType,
  certificationCredentialTypes,
} from './types.ts';
import { validateCertification } from './validateCertification.ts';

function certificationCheck(agreement: CertificationAgreement): DomainCheck {
  return (credential) => {
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
    if (result.success)
      return {
        status: 'VALID',
        code: 'CL_VERIFY_OK',
        message: `The certification meets the ${agreement === 'CAFTA_DR' ? 'CAFTA-DR' : agreement} rules for its content (parties, HS 2022 classifications, origin criteria, period, language).`,
      };
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
 * check is INVALID (code and message of the first problem, every problem in `details.problems`) or
 * VALID.
 *
 * @example verifyCredential({ crypto, now, ledger, domainChecks: certificationDomainChecks }, { credential })
 */
export const certificationDomainChecks: Readonly<Record<CertificationCredentialType, DomainCheck>> = {
  [certificationCredentialTypes.USMCA]: certificationCheck('USMCA'),
  [certificationCredentialTypes.CAFTA_DR]: certificationCheck('CAFTA_DR'),
  [certificationCredentialTypes.NAFTA]: certificationCheck('NAFTA'),
};
