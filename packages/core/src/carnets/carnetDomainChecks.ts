import type { DomainCheck } from '../verify/types.ts';
import { carnetCredentialType } from './types.ts';
import { validateCarnet } from './validateCarnet.ts';

/**
 * The domain check of `AtaCarnetCredential` for `verifyCredential`: the subject is validated with
 * {@link validateCarnet} (problem fields point into the credential); INVALID with the first problem's
 * code and message and every problem in `details.problems`, or VALID. Whether the carnet is still in
 * use (its validity) is the credential's `validUntil`, checked by verification itself.
 */
export const carnetDomainChecks: Readonly<Record<typeof carnetCredentialType, DomainCheck>> = {
  [carnetCredentialType]: (credential) => {
    const subject = credential.credentialSubject;
    const result = Array.isArray(subject)
      ? {
          success: false as const,
          problems: [
            {
              code: 'CL_CARNET_INVALID' as const,
              rule: 'FORMAT' as const,
              field: '/credentialSubject',
              message: 'An ATA carnet has exactly one credentialSubject.',
            },
          ],
        }
      : validateCarnet(subject, { at: '/credentialSubject' });
    if (result.success)
      return {
        status: 'VALID',
        code: 'CL_VERIFY_OK',
        message:
          'The carnet meets the ATA rules for its content (validity at most one year, General List, countries accepting its intended use, security).',
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
  },
};
