import { type AnchorReceipt, ClearledgerError, type LedgerView, verifyCredential } from '@clearledger/core';
import { nodeCrypto } from '@clearledger/node';
import { readJsonFile } from '../io.ts';
import type { Output } from '../output.ts';
import { verdictExitCode } from '../verdict.ts';

export { verdictExitCode };

export const verifyHelp = `Usage: clearledger verify <file.json | file.ndjson | -> [options]
       clearledger verify --qr <image.png | image.jpg> [options]

Verifies a signed credential (or an envelope {"credential": …, "anchor": …} with its anchor receipt)
and prints every check — format, integrity, issuer, anchor, status, validity, domain — with its
reason. Exit code 0 when VALID, 1 when INVALID, 3 when INCONCLUSIVE (a check could not run).

With --qr, reads the QR code of a printed copy or a screen from a PNG or JPEG image (a photo works)
and verifies the record it holds, with its anchor receipt, exactly as a file. A QR code that only
links to the record (a reference URL) is verified when this node holds the record; otherwise the
URL and hash are printed and the exit code is 3, because the record cannot be fetched offline.
An image without a readable QR code exits 2 with CL_QR_UNREADABLE; a QR code that is not a
Clearledger record exits 2 with CL_QR_INVALID.

Many records: a JSON array, or a .ndjson / .jsonl file with one per line (what clearledger issue
--out writes), verifies every record and prints one line per record that is not VALID and the count
of each verdict (--json: every record's verdict and failing checks). Exit 0 when all are VALID, 1
when any is INVALID, else 3.

With a node (--node, CLEARLEDGER_NODE_URL or clearledger login), the node verifies
(POST /credentials/verify, no token needed; many records 8 at a time) against its ledger; a
reference QR code is fetched from the node by its hash with the token.

Options:
  --qr <image>       verify the record in the QR code of this PNG or JPEG image
  --data-dir <path>  use this node's trust registry and batches (default ./data when it exists)
  --offline          use no ledger and no node at all: only format, integrity and validity can pass
  --at <time>        verify as of this ISO-8601 time (default now)
  --node <url>, --token <token>, --config <file>, --timeout <seconds>   remote mode (clearledger --help)
  --json             print the full report as JSON
  -h, --help         show this help
`;

/** `clearledger verify`: verify a credential file. */
export async function verifyCommand(
  ledger: LedgerView | undefined,
  args: { file: string; at?: string; input?: unknown },
  out: Output,
): Promise<number> {
  const input = ('input' in args ? args.input : readJsonFile(args.file)) as Record<string, unknown>;
  const envelope = typeof input === 'object' && input !== null && 'credential' in input && !('proof' in input);
  const credential = envelope ? input.credential : input;
  const anchor = envelope ? (input.anchor as AnchorReceipt | undefined) : undefined;
  return verifyAndReport(
    ledger,
    { credential, ...(anchor === undefined ? {} : { anchor }), ...(args.at === undefined ? {} : { at: args.at }) },
    out,
  );
}

/** Verifies a credential (and its anchor receipt), prints the report and returns the verdict's exit code. */
export async function verifyAndReport(
  ledger: LedgerView | undefined,
  args: { credential: unknown; anchor?: AnchorReceipt; at?: string },
  out: Output,
): Promise<number> {
  const { credential, anchor } = args;
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
