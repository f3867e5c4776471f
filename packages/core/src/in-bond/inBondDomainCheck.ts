import type { DomainCheck } from '../verify/types.ts';
import { inBondCredentialType } from './types.ts';
import { validateInBond } from './validateInBond.ts';

/**
 * The domain check of an in-bond filing at verification: its subject must pass `validateInBond`
 * (INVALID with the first problem's code and message, every problem in `details.problems`). The
 * movement's state and deadlines are the chain's and the sweep's, not the credential's.
 */
const inBondCheck: DomainCheck = (credential) => {
  const subject = credential.credentialSubject;
  const result = Array.isArray(subject)
    ? {
        success: false as const,
        problems: [
          {
            code: 'CL_INBOND_INVALID' as const,
            rule: 'FORMAT' as const,
            field: '/credentialSubject',
            message: 'An in-bond movement has exactly one credentialSubject.',
          },
        ],
      }
    : validateInBond(subject);
  if (result.success)
    return {
      status: 'VALID',
      code: 'CL_VERIFY_OK',
      message:
        'The in-bond filing meets the rules of 19 CFR Part 18 for its content (number, entry type, ports, carrier, HTS, quantities).',
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

/** The domain checks of the in-bond family, for `verifyCredential`'s `domainChecks`. */
export const inBondDomainChecks: Readonly<Record<typeof inBondCredentialType, DomainCheck>> = {
  [inBondCredentialType]: inBondCheck,
};
