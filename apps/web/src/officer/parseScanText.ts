import { type AnchorReceipt, parseJson } from '@clearledger/core';

/** What a QR code carries (core's `decodeQrPayload`): the signed record itself, or where to fetch it. */
export type QrPayload =
  | { kind: 'embedded'; verifiableCredential: unknown; anchor?: AnchorReceipt }
  | { kind: 'reference'; url: string; hash: string };

/** Core's QR payload decoder. */
export type DecodeQrPayload = (
  text: string,
) => { success: true; data: QrPayload } | { success: false; error: { message?: string } | unknown };

/** A record to verify, from a scan, a photo or pasted text. */
export type ScanInput =
  | { kind: 'embedded'; credential: unknown; anchor?: AnchorReceipt }
  | { kind: 'reference'; url: string; hash: string };

/**
 * Why a text is not something to verify: nothing was given, JSON that does not parse, something
 * that is neither a Clearledger QR payload nor a credential (a link, a product code, any text), a
 * Clearledger QR payload that is damaged or cut short, or one written in a newer compact format
 * (a dictionary version this app does not know yet: an update reads it).
 */
export type ScanTextProblem = 'EMPTY' | 'JSON' | 'NOT_A_RECORD' | 'DAMAGED' | 'NEWER_FORMAT';

export type ParseScanTextResult =
  | { success: true; data: ScanInput }
  | { success: false; reason: ScanTextProblem; message: string };

/** The decoder's reasons that mean "not ours at all" rather than "ours, but damaged". */
const foreignQrReasons = new Set(['prefix', 'url', 'url-scheme', 'url-hash']);

const qrProblemOf = (error: unknown): ScanTextProblem => {
  if ((error as { code?: unknown } | null)?.code === 'CL_QR_DICTIONARY_UNKNOWN') return 'NEWER_FORMAT';
  const reason = (error as { details?: { reason?: unknown } } | null)?.details?.reason;
  return typeof reason === 'string' && foreignQrReasons.has(reason) ? 'NOT_A_RECORD' : 'DAMAGED';
};

const messageOf = (error: unknown) =>
  typeof error === 'object' && error !== null && typeof (error as { message?: unknown }).message === 'string'
    ? (error as { message: string }).message
    : String(error);

function fromObject(value: unknown): ParseScanTextResult {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return { success: false, reason: 'NOT_A_RECORD', message: 'The JSON is not an object.' };
  const o = value as Record<string, unknown>;
  // An exported envelope ({ verifiableCredential, anchor }) or an API record ({ ..., verifiableCredential, anchor }).
  if (typeof o.verifiableCredential === 'object' && o.verifiableCredential !== null) {
    const anchor = typeof o.anchor === 'object' && o.anchor !== null ? (o.anchor as AnchorReceipt) : undefined;
    return {
      success: true,
      data: { kind: 'embedded', credential: o.verifiableCredential, ...(anchor === undefined ? {} : { anchor }) },
    };
  }
  if ('@context' in o || 'proof' in o || 'credentialSubject' in o)
    return { success: true, data: { kind: 'embedded', credential: o } };
  return { success: false, reason: 'NOT_A_RECORD', message: 'The JSON is not a credential.' };
}

/**
 * Reads what the officer scanned or pasted: a QR payload (decoded by `decodeQr`), a credential as
 * JSON, or an exported envelope `{ verifiableCredential, anchor }`. JSON goes through core's
 * hostile-input parser (size and depth limits, duplicate keys refused).
 */
export function parseScanText(text: string, decodeQr: DecodeQrPayload): ParseScanTextResult {
  const trimmed = text.trim();
  if (trimmed === '') return { success: false, reason: 'EMPTY', message: 'Nothing to verify.' };
  if (trimmed.startsWith('{')) {
    const parsed = parseJson(trimmed);
    if (!parsed.success) return { success: false, reason: 'JSON', message: parsed.error.message };
    return fromObject(parsed.data);
  }
  const decoded = decodeQr(trimmed);
  if (!decoded.success)
    return { success: false, reason: qrProblemOf(decoded.error), message: messageOf(decoded.error) };
  const payload = decoded.data;
  if (payload.kind === 'reference') return { success: true, data: payload };
  return {
    success: true,
    data: {
      kind: 'embedded',
      credential: payload.verifiableCredential,
      ...(payload.anchor === undefined ? {} : { anchor: payload.anchor }),
    },
  };
}
