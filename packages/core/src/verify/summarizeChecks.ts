import type { Verdict, VerificationCheck } from './types.ts';

/**
 * The verdict of a list of checks: INVALID if any check is INVALID; VALID if every check is VALID or
 * SKIPPED as not applicable; INCONCLUSIVE otherwise. SKIPPED never counts as a pass by itself.
 */
export function summarizeChecks(checks: readonly VerificationCheck[]): Verdict {
  let complete = true;
  for (const c of checks) {
    if (c.status === 'INVALID') return 'INVALID';
    if (c.status === 'ERROR' || (c.status === 'SKIPPED' && c.code !== 'CL_VERIFY_NOT_APPLICABLE')) complete = false;
  }
  return complete ? 'VALID' : 'INCONCLUSIVE';
}
