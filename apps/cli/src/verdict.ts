import type { VerificationReport } from '@clearledger/core';
import { exitCodes } from './exitCodeByCode.ts';

/** Exit code of a verification verdict: 0 VALID, 1 INVALID, 3 INCONCLUSIVE. */
export function verdictExitCode(report: Pick<VerificationReport, 'verdict'>): number {
  return report.verdict === 'VALID'
    ? exitCodes.ok
    : report.verdict === 'INVALID'
      ? exitCodes.invalid
      : exitCodes.inconclusive;
}
