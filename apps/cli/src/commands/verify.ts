import {
  type AnchorReceipt,
  ClearledgerError,
  type LedgerView,
  type VerificationReport,
  verifyCredential,
} from '@clearledger/core';
import { nodeCrypto } from '@clearledger/node';
import { exitCodes } from '../exitCodeByCode.ts';
import { readJsonFile } from '../io.ts';
import type { Output } from '../output.ts';

export const verifyHelp = `Usage: clearledger verify <file.json | -> [options]

Verifies a signed credential (or an envelope {"credential": …, "anchor": …} with its anchor receipt)
and prints every check — format, integrity, issuer, anchor, status, validity, domain — with its
reason. Exit code 0 when VALID, 1 when INVALID, 3 when INCONCLUSIVE (a check could not run).

Options:
  --data-dir <path>  use this node's trust registry and batches (default ./data when it exists)
  --offline          use no ledger at all: only format, integrity and validity can pass
  --at <time>        verify as of this ISO-8601 time (default now)
  --json             print the full report as JSON
  -h, --help         show this help
`;

/** `clearledger verify`: verify a credential file. */
export async function verifyCommand(
  ledger: LedgerView | undefined,
  args: { file: string; at?: string },
  out: Output,
): Promise<number> {
  const input = readJsonFile(args.file) as Record<string, unknown>;
  const envelope = typeof input === 'object' && input !== null && 'credential' in input && !('proof' in input);
  const credential = envelope ? input.credential : input;
  const anchor = envelope ? (input.anchor as AnchorReceipt | undefined) : undefined;
  const now = args.at ?? new Date().toISOString();
  if (Number.isNaN(Date.parse(now)))
    throw new ClearledgerError('CL_INPUT_INVALID', '--at must be an ISO-8601 time.', { field: '--at' });
  const report = await verifyCredential(
    { crypto: nodeCrypto, now, ...(ledger === undefined ? {} : { ledger }) },
    { credential, ...(anchor === undefined || typeof anchor !== 'object' ? {} : { anchor }) },
  );
  out.report(report);
  return verdictExitCode(report);
}

/** Exit code of a verification verdict. */
export function verdictExitCode(report: VerificationReport): number {
  return report.verdict === 'VALID'
    ? exitCodes.ok
    : report.verdict === 'INVALID'
      ? exitCodes.invalid
      : exitCodes.inconclusive;
}
