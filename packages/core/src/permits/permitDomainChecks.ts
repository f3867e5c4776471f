import type { DomainCheck } from '../verify/types.ts';
import { permitCredentialType } from './types.ts';
import { validatePermit } from './validatePermit.ts';

/**
 * The permit's rules at verification: the subject validates with {@link validatePermit} (INVALID
 * with the first problem's code and message, every problem in `details.problems`), or VALID. Its
 * state (balance, expiry, suspension) is the ledger's, read with `permitStateOf`, not a check of the
 * document.
 */
const permitCheck: DomainCheck = (credential) => {
  const subject = credential.credentialSubject;
  const result = Array.isArray(subject)
    ? {
        success: false as const,
        problems: [
          {
            code: 'CL_PERMIT_INVALID' as const,
            rule: 'FORMAT' as const,
            field: '/credentialSubject',
            message: 'A permit has exactly one credentialSubject.',
          },
        ],
      }
    : validatePermit(subject);
  if (result.success)
    return {
      status: 'VALID',
      code: 'CL_VERIFY_OK',
      message: 'The permit meets the rules of its content (agency, holder, dates and term, quantity and unit, scope).',
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

/** The domain checks of the permits family, for `verifyCredential`'s `domainChecks`. */
export const permitDomainChecks: Readonly<Record<typeof permitCredentialType, DomainCheck>> = {
  [permitCredentialType]: permitCheck,
};
