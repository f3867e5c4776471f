import { base45Encode } from '../encoding/base45.ts';
import { ClearledgerError } from '../errors/ClearledgerError.ts';
import type { AnchorReceipt } from '../verify/types.ts';
import { encodeCompactPayload } from './encodeCompactPayload.ts';
import { DEFAULT_QR_MAX_CHARS, QR_EMBEDDED_PREFIX } from './qrPayloadFormat.ts';

/** What a QR code carries: the signed credential and, once anchored, its anchor receipt. */
export type EncodeQrPayloadParameters = {
  verifiableCredential: object;
  anchor?: AnchorReceipt;
};

/** Options of {@link encodeQrPayload}. */
export type EncodeQrPayloadOptions = {
  /** Longest embedded text, in characters; default {@link DEFAULT_QR_MAX_CHARS}. */
  maxChars?: number;
  /**
   * Where the record can be fetched, used when the embedded text is too long: either the full URL
   * ending in `/<hash>`, or a base URL to which `/<hash>` is appended. http or https only.
   */
  referenceUrl?: string;
  /** Ledger hash of the credential (64 lower-case hex digits). */
  hash: string;
};

/** Result of {@link encodeQrPayload}: the text to put in the QR code and which form it is. */
export type EncodeQrPayloadResult = { kind: 'embedded' | 'reference'; text: string };

/**
 * The text of a record's QR code. Embedded form: `CL2:` + Base45 (RFC 9285) of the compact bytes of
 * the credential and its receipt (`encodeCompactPayload`: CBOR with a versioned dictionary), all QR
 * alphanumeric characters, so a scanner can verify the record with no network; decoding gives back
 * the same signed credential. When that text is longer than `maxChars`, the reference form: the
 * record's URL (`…/<hash>`). Print it at error correction M (`QR_ERROR_CORRECTION`).
 *
 * @param input - The signed credential and its anchor receipt, if any.
 * @param options - Size limit, reference URL and the credential hash.
 * @returns The QR text and its kind.
 * @throws {ClearledgerError} `CL_INPUT_INVALID` when the hash, the limit or the URL is malformed, or
 * when the embedded text does not fit and no `referenceUrl` was given.
 * @example
 * const { kind, text } = encodeQrPayload({ verifiableCredential, anchor }, { hash, referenceUrl: 'https://node.example/v' });
 */
export function encodeQrPayload(
  input: EncodeQrPayloadParameters,
  options: EncodeQrPayloadOptions,
): EncodeQrPayloadResult {
  const { hash } = options;
  const maxChars = options.maxChars ?? DEFAULT_QR_MAX_CHARS;
  if (typeof hash !== 'string' || !/^[0-9a-f]{64}$/.test(hash))
    throw new ClearledgerError('CL_INPUT_INVALID', 'The credential hash must be 64 lower-case hex digits.', {
      field: 'hash',
    });
  if (!Number.isSafeInteger(maxChars) || maxChars < 0)
    throw new ClearledgerError('CL_INPUT_INVALID', 'maxChars must be a non-negative integer.', { field: 'maxChars' });
  const reference = options.referenceUrl === undefined ? undefined : referenceText(options.referenceUrl, hash);

  const text =
    QR_EMBEDDED_PREFIX +
    base45Encode(
      encodeCompactPayload(
        input.anchor === undefined
          ? { verifiableCredential: input.verifiableCredential }
          : { verifiableCredential: input.verifiableCredential, anchor: input.anchor },
      ),
    );
  if (text.length <= maxChars) return { kind: 'embedded', text };
  if (reference === undefined) {
    throw new ClearledgerError(
      'CL_INPUT_INVALID',
      `The record takes ${text.length} characters in a QR code, more than the limit of ${maxChars}; ` +
        'give a reference URL where the record can be fetched.',
      { field: 'referenceUrl', details: { chars: text.length, maxChars } },
    );
  }
  return { kind: 'reference', text: reference };
}

/** The reference URL for `hash`: `url` itself when it already ends in `/<hash>`, else `url/<hash>`. */
function referenceText(url: string, hash: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new ClearledgerError('CL_INPUT_INVALID', `"${url}" is not a URL.`, { field: 'referenceUrl' });
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:')
    throw new ClearledgerError('CL_INPUT_INVALID', 'The reference URL must use https (or http).', {
      field: 'referenceUrl',
    });
  if (parsed.username !== '' || parsed.password !== '' || parsed.search !== '' || parsed.hash !== '')
    throw new ClearledgerError(
      'CL_INPUT_INVALID',
      'The reference URL must have no user name, password, query or fragment: the record hash ends it.',
      { field: 'referenceUrl' },
    );
  if (parsed.pathname.split('/').at(-1) === hash) return parsed.href;
  return parsed.href.replace(/\/$/, '') + '/' + hash;
}
