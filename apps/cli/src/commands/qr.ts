import {
  type AnchorReceipt,
  ClearledgerError,
  credentialHash,
  DEFAULT_QR_MAX_CHARS,
  type DecodedQrPayload,
  decodeQrPayload,
  encodeQrPayload,
  type LedgerView,
} from '@clearledger/core';
import { nodeCrypto } from '@clearledger/node';
import QRCode from 'qrcode';
import { exitCodes } from '../exitCodeByCode.ts';
import { readJsonFile } from '../io.ts';
import type { Output } from '../output.ts';
import { readQrImage } from '../qrImage.ts';
import { verifyAndReport } from './verify.ts';

export const qrHelp = `Usage: clearledger qr <signed.json | envelope.json> [--out qr.png] [--reference-url <url>]

Makes the QR code of a signed credential (or of an export envelope {"credential": …, "anchor": …},
whose anchor receipt then travels with it). The code embeds the whole record — CL2: + Base45 of its
compact CBOR form (a dictionary of the record's terms, the receipt as bytes; error correction M) —
so "clearledger verify --qr" or a phone verifies it with no network; codes printed as CL1: still read. When the embedded text is longer than --max-chars, the code holds the reference URL
<url>/<hash> instead, and --reference-url is required.

With a node (--node, CLEARLEDGER_NODE_URL or clearledger login), the record may be named by its hash
or id and comes from the node with its anchor receipt (a file without a receipt gets the node's);
the reference URL defaults to the node's <node>/v.

Options:
  --out <file.png>        write the QR code as a PNG (error correction M, 4-module margin, at least
                          4 pixels per module); without it the QR text is printed
  --reference-url <url>   where the record can be fetched (https://node.example/v or the full
                          https://node.example/v/<hash>), used when the record is too long to embed
  --max-chars <n>         longest embedded text (default ${DEFAULT_QR_MAX_CHARS}, a version 40-M code)
  --node <url>, --token <token>, --config <file>, --timeout <seconds>   remote mode (clearledger --help)
  --json                  print {kind, chars, version, modules, hash, file} as JSON
  -h, --help              show this help
`;

/** Reads a bare signed credential or an export envelope from a JSON file. */
export function readCredentialFile(file: string): { credential: Record<string, unknown>; anchor?: AnchorReceipt } {
  const input = readJsonFile(file);
  if (typeof input !== 'object' || input === null || Array.isArray(input))
    throw new ClearledgerError('CL_INPUT_INVALID', `${file} must hold a credential object or an export envelope.`);
  const value = input as Record<string, unknown>;
  const envelope = 'credential' in value && !('proof' in value);
  const credential = envelope ? value.credential : value;
  if (typeof credential !== 'object' || credential === null || Array.isArray(credential))
    throw new ClearledgerError('CL_INPUT_INVALID', `${file}: "credential" must be an object.`);
  const anchor = envelope && typeof value.anchor === 'object' && value.anchor !== null ? value.anchor : undefined;
  return {
    credential: credential as Record<string, unknown>,
    ...(anchor === undefined ? {} : { anchor: anchor as AnchorReceipt }),
  };
}

/** Parses `--max-chars`. */
export function parseMaxChars(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d{1,9}$/.test(text))
    throw new ClearledgerError('CL_INPUT_INVALID', '--max-chars must be a whole number of characters.', {
      field: '--max-chars',
    });
  return Number(text);
}

/** {@link encodeQrPayload}, with errors that name the command-line options. */
export function encodeQrCli(...args: Parameters<typeof encodeQrPayload>): ReturnType<typeof encodeQrPayload> {
  try {
    return encodeQrPayload(...args);
  } catch (error) {
    if (error instanceof ClearledgerError && (error.field === 'referenceUrl' || error.field === 'maxChars')) {
      const option = error.field === 'referenceUrl' ? '--reference-url' : '--max-chars';
      throw new ClearledgerError(error.code, `${error.message} (${option})`, {
        field: option,
        ...(error.details === undefined ? {} : { details: error.details }),
      });
    }
    throw error;
  }
}

/** `clearledger qr`: the QR code of a credential file, as a PNG or as text. */
export async function qrCommand(
  args: { file: string; out?: string; referenceUrl?: string; maxChars?: number },
  out: Output,
): Promise<number> {
  return qrOfRecord(readCredentialFile(args.file), args, out);
}

/** The QR code of a signed credential (with its anchor receipt when there is one), as a PNG or as text. */
export async function qrOfRecord(
  record: { credential: Record<string, unknown>; anchor?: AnchorReceipt },
  args: { out?: string; referenceUrl?: string; maxChars?: number },
  out: Output,
): Promise<number> {
  const { credential, anchor } = record;
  const hash = credentialHash(nodeCrypto, credential);
  const qr = encodeQrCli(
    { verifiableCredential: credential, ...(anchor === undefined ? {} : { anchor }) },
    {
      hash,
      ...(args.referenceUrl === undefined ? {} : { referenceUrl: args.referenceUrl }),
      ...(args.maxChars === undefined ? {} : { maxChars: args.maxChars }),
    },
  );
  const symbol = QRCode.create(qr.text, { errorCorrectionLevel: 'M' });
  const modules = symbol.modules.size;
  // At least 4 pixels per module, and about 640 pixels across for small codes.
  const scale = Math.max(4, Math.ceil(640 / (modules + 8)));
  if (args.out !== undefined) {
    await QRCode.toFile(args.out, qr.text, { type: 'png', errorCorrectionLevel: 'M', margin: 4, scale });
  } else if (!out.json) process.stdout.write(qr.text + '\n');
  const summary = {
    kind: qr.kind,
    chars: qr.text.length,
    version: symbol.version,
    errorCorrection: 'M',
    modules,
    hash,
    anchored: anchor !== undefined,
    ...(args.out === undefined ? { text: qr.text } : { file: args.out, pixelsPerModule: scale }),
  };
  const what =
    qr.kind === 'embedded'
      ? `the whole record${anchor === undefined ? ' (no anchor receipt: export it once anchored to include one)' : ' and its anchor receipt'}`
      : `a link to the record (${qr.text})`;
  out.result(
    summary,
    `${args.out === undefined ? 'QR text' : `Wrote ${args.out}`}: ${what}; ${qr.text.length} characters, version ${symbol.version}-M, ${modules}×${modules} modules.`,
  );
  return exitCodes.ok;
}

/**
 * The Clearledger payload of the QR code in an image (read before any node or chain is opened).
 *
 * @throws {ClearledgerError} `CL_QR_UNREADABLE` without a readable QR code, `CL_QR_INVALID` when the
 * code is not a Clearledger record.
 */
export function readQrPayload(image: string): DecodedQrPayload {
  const decoded = decodeQrPayload(readQrImage(image));
  if (!decoded.success) throw decoded.error;
  return decoded.data;
}

/**
 * `clearledger verify --qr`: verifies the record of a QR code like a file. A reference QR code is
 * verified when `resolve` finds the record (this node's store); otherwise it is INCONCLUSIVE.
 */
export async function verifyQrCommand(
  ledger: LedgerView | undefined,
  args: {
    payload: DecodedQrPayload;
    at?: string;
    resolve?: (hash: string) => Promise<{ credential: unknown; anchor?: AnchorReceipt } | null>;
  },
  out: Output,
): Promise<number> {
  const at = args.at === undefined ? {} : { at: args.at };
  const { payload } = args;
  if (payload.kind === 'embedded') {
    return verifyAndReport(
      ledger,
      {
        credential: payload.verifiableCredential,
        ...(payload.anchor === undefined ? {} : { anchor: payload.anchor }),
        ...at,
      },
      out,
    );
  }
  const local = args.resolve === undefined ? null : await args.resolve(payload.hash);
  if (local !== null) {
    if (!out.json) process.stderr.write(`The QR code links to ${payload.url}; this node holds that record.\n`);
    return verifyAndReport(ledger, { ...local, ...at }, out);
  }
  const message =
    `The QR code links to the record at ${payload.url} (hash ${payload.hash}); it cannot be fetched and ` +
    'verified offline. Open the link, or get the record file and run clearledger verify <file>.';
  out.result({ verdict: 'INCONCLUSIVE', qr: payload, message }, `INCONCLUSIVE  ${message}`);
  return exitCodes.inconclusive;
}
