import { base45Decode } from '../encoding/base45.ts';
import { fromUtf8 } from '../encoding/bytes.ts';
import { ClearledgerError } from '../errors/ClearledgerError.ts';
import { parseJson } from '../json/parseJson.ts';
import type { AnchorReceipt } from '../verify/types.ts';
import { decodeCompactPayload } from './decodeCompactPayload.ts';
import { inflateCapped } from './inflateCapped.ts';
import {
  QR_EMBEDDED_PREFIX,
  QR_EMBEDDED_PREFIX_V1,
  QR_MAX_INFLATED_BYTES,
  QR_MAX_TEXT_CHARS,
} from './qrPayloadFormat.ts';

/** What a Clearledger QR code holds: the record itself, or where to fetch it. */
export type DecodedQrPayload =
  | { kind: 'embedded'; verifiableCredential: Record<string, unknown>; anchor?: AnchorReceipt }
  | { kind: 'reference'; url: string; hash: string };

/** Result of {@link decodeQrPayload}. */
export type DecodeQrPayloadResult =
  | { success: true; data: DecodedQrPayload }
  | { success: false; error: ClearledgerError };

/** Why a text is not a Clearledger QR payload (`error.details.reason` of `CL_QR_INVALID`). */
export type QrPayloadProblem =
  | 'prefix'
  | 'too-large'
  | 'base45'
  | 'deflate'
  | 'cbor'
  | 'utf8'
  | 'json'
  | 'shape'
  | 'url'
  | 'url-scheme'
  | 'url-hash';

/**
 * Reads the text of a scanned Clearledger QR code (see `encodeQrPayload`), treating it as hostile.
 * Both embedded formats are read: the compact `CL2:` (see `decodeCompactPayload`) and the first
 * `CL1:` (Base45 of DEFLATE-compressed JSON), printed on earlier paper copies. The text is capped at
 * {@link QR_MAX_TEXT_CHARS}, inflation stops as soon as the output passes
 * {@link QR_MAX_INFLATED_BYTES} (a DEFLATE bomb never allocates much more), and the JSON goes through
 * `parseJson` (size, depth, duplicate and forbidden keys). A reference URL must be http(s), without
 * user name, query or fragment, and end in a 64-hex-digit credential hash. The record is not
 * verified here: pass it to `verifyCredential`.
 *
 * @param text - The text the QR code decoded to.
 * @returns `{ success: true, data }` or `{ success: false, error }` with code `CL_QR_INVALID` and
 * `error.details.reason` a {@link QrPayloadProblem}, or `CL_QR_DICTIONARY_UNKNOWN` for a compact
 * payload written with a dictionary version this program does not know; never throws.
 * @example
 * const result = decodeQrPayload(scanned);
 * if (result.success && result.data.kind === 'embedded') await verifyCredential(ctx, { credential: result.data.verifiableCredential, ...(result.data.anchor ? { anchor: result.data.anchor } : {}) });
 */
export function decodeQrPayload(text: string): DecodeQrPayloadResult {
  if (typeof text !== 'string') return failure('prefix', 'A QR payload must be text.');
  if (text.length > QR_MAX_TEXT_CHARS)
    return failure('too-large', `The QR text is ${text.length} characters; at most ${QR_MAX_TEXT_CHARS} are read.`);
  if (text.startsWith(QR_EMBEDDED_PREFIX)) return decodeCompact(text.slice(QR_EMBEDDED_PREFIX.length));
  if (text.startsWith(QR_EMBEDDED_PREFIX_V1)) return decodeEmbedded(text.slice(QR_EMBEDDED_PREFIX_V1.length));
  if (/^https?:\/\//i.test(text)) return decodeReference(text);
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(text))
    return failure('url-scheme', 'The QR code holds a link that is not http(s); it is not a Clearledger record.');
  return failure(
    'prefix',
    `The QR code is not a Clearledger record (it starts neither with ${QR_EMBEDDED_PREFIX}, ${QR_EMBEDDED_PREFIX_V1} nor with https://).`,
  );
}

/** The bytes of an embedded payload's Base45, or the refusal. */
function base45Bytes(body: string): Uint8Array | DecodeQrPayloadResult {
  try {
    return base45Decode(body);
  } catch (cause) {
    return failure('base45', `The QR payload is not valid Base45: ${(cause as Error).message}`, cause);
  }
}

function decodeCompact(body: string): DecodeQrPayloadResult {
  const bytes = base45Bytes(body);
  if (!(bytes instanceof Uint8Array)) return bytes;
  const compact = decodeCompactPayload(bytes, QR_MAX_INFLATED_BYTES);
  if (!compact.success) return compact;
  return decodeJson(compact.data.json);
}

function decodeEmbedded(body: string): DecodeQrPayloadResult {
  const compressed = base45Bytes(body);
  if (!(compressed instanceof Uint8Array)) return compressed;
  const inflated = inflateCapped(compressed, QR_MAX_INFLATED_BYTES);
  if (inflated === 'too-large')
    return failure('too-large', `The QR payload inflates to more than ${QR_MAX_INFLATED_BYTES} bytes; it is refused.`);
  if (inflated === 'corrupt') return failure('deflate', 'The QR payload is not valid DEFLATE data.');
  let json: string;
  try {
    json = fromUtf8(inflated);
  } catch (cause) {
    return failure('utf8', 'The QR payload is not UTF-8 text.', cause);
  }
  return decodeJson(json);
}

/** The JSON form `{"vc": …, "anchor": …}` of either format, with the hostile-JSON limits and shape checks. */
function decodeJson(json: string): DecodeQrPayloadResult {
  const parsed = parseJson(json, { maxBytes: QR_MAX_INFLATED_BYTES, maxDepth: 32 });
  if (!parsed.success) {
    return failure('json', `The QR payload is not acceptable JSON: ${parsed.error.message}`, parsed.error, {
      jsonCode: parsed.error.code,
    });
  }
  const value = parsed.data;
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return failure('shape', 'The QR payload must be a JSON object {"vc": …, "anchor": …}.');
  const extra = Object.keys(value).filter((k) => k !== 'vc' && k !== 'anchor');
  if (extra.length > 0) return failure('shape', `The QR payload has unexpected members: ${extra.join(', ')}.`);
  const vc = value.vc;
  if (typeof vc !== 'object' || vc === null || Array.isArray(vc))
    return failure('shape', 'The QR payload must hold a credential object in "vc".');
  if (!('anchor' in value)) return { success: true, data: { kind: 'embedded', verifiableCredential: vc } };
  const anchor = anchorReceipt(value.anchor);
  if (typeof anchor === 'string') return failure('shape', `The QR payload's anchor receipt is malformed: ${anchor}.`);
  return { success: true, data: { kind: 'embedded', verifiableCredential: vc, anchor } };
}

function decodeReference(text: string): DecodeQrPayloadResult {
  let url: URL;
  try {
    url = new URL(text);
  } catch (cause) {
    return failure('url', 'The QR code holds a malformed URL.', cause);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    return failure('url-scheme', 'The QR code holds a link that is not http(s).');
  if (url.username !== '' || url.password !== '' || url.search !== '' || url.hash !== '')
    return failure('url', 'A Clearledger reference URL has no user name, password, query or fragment.');
  const last = url.pathname.split('/').at(-1) ?? '';
  if (!/^[0-9a-fA-F]{64}$/.test(last))
    return failure(
      'url-hash',
      'The link does not end in a credential hash (64 hex digits); it is not a Clearledger record.',
    );
  return { success: true, data: { kind: 'reference', url: url.href, hash: last.toLowerCase() } };
}

const isCount = (v: unknown) => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;

/**
 * The anchor receipt in a payload, or what is wrong with it. Only the shape is checked; whether the
 * proof leads to an anchored root is the verification's anchor check.
 */
function anchorReceipt(value: unknown): AnchorReceipt | string {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'not an object';
  const r = value as Record<string, unknown>;
  const known = ['batchId', 'root', 'leafIndex', 'treeSize', 'proof', 'chainId', 'txHash', 'blockNumber', 'anchoredAt'];
  const extra = Object.keys(r).filter((k) => !known.includes(k));
  if (extra.length > 0) return `unexpected members ${extra.join(', ')}`;
  if (typeof r.root !== 'string') return 'root must be a string';
  if (!isCount(r.leafIndex) || !isCount(r.treeSize)) return 'leafIndex and treeSize must be non-negative integers';
  if (!Array.isArray(r.proof) || !r.proof.every((p) => typeof p === 'string')) return 'proof must be a list of strings';
  if (r.batchId !== undefined && typeof r.batchId !== 'string') return 'batchId must be a string';
  if (r.chainId !== undefined && !isCount(r.chainId)) return 'chainId must be an integer';
  if (r.txHash !== undefined && typeof r.txHash !== 'string') return 'txHash must be a string';
  if (r.blockNumber !== undefined && !isCount(r.blockNumber)) return 'blockNumber must be an integer';
  if (r.anchoredAt !== undefined && typeof r.anchoredAt !== 'string') return 'anchoredAt must be a string';
  return {
    ...(r.batchId === undefined ? {} : { batchId: r.batchId as string }),
    root: r.root,
    leafIndex: r.leafIndex as number,
    treeSize: r.treeSize as number,
    proof: r.proof as string[],
    ...(r.chainId === undefined ? {} : { chainId: r.chainId as number }),
    ...(r.txHash === undefined ? {} : { txHash: r.txHash as string }),
    ...(r.blockNumber === undefined ? {} : { blockNumber: r.blockNumber as number }),
    ...(r.anchoredAt === undefined ? {} : { anchoredAt: r.anchoredAt as string }),
  };
}

function failure(
  reason: QrPayloadProblem,
  message: string,
  cause?: unknown,
  details: Record<string, unknown> = {},
): DecodeQrPayloadResult {
  return {
    success: false,
    error: new ClearledgerError('CL_QR_INVALID', message, {
      details: { reason, ...details },
      ...(cause === undefined ? {} : { cause }),
    }),
  };
}
