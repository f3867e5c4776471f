import { decode } from 'cborg';
import { base58Encode } from '../encoding/base58.ts';
import { fromUtf8, toHex } from '../encoding/bytes.ts';
import { ClearledgerError } from '../errors/ClearledgerError.ts';
import { formatDate, formatDateTime, formatUuid, QR_TAG, RECEIPT_KEYS, TEXT_SEPARATOR } from './compactValues.ts';
import { impliedRoot } from './impliedRoot.ts';
import { inflateCapped } from './inflateCapped.ts';
import { presetText, QR_DICTIONARIES, type QrDictionary } from './qrDictionary.ts';

/** Why compact bytes were refused (`error.details.reason` of `CL_QR_INVALID`). */
export type CompactPayloadProblem = 'cbor' | 'deflate' | 'too-large' | 'utf8' | 'shape';

/** Result of {@link decodeCompactPayload}: the payload as JSON text `{"vc":…,"anchor":…}`, or why not. */
export type DecodeCompactPayloadResult =
  | { success: true; data: { json: string; dictionaryVersion: number } }
  | { success: false; error: ClearledgerError };

/** Deepest nesting read from the skeleton; the JSON limits (depth 32) apply again to the result. */
const MAX_DEPTH = 40;

/** Thrown inside the walk; turned into a `CL_QR_INVALID` result. */
class Refusal extends Error {
  constructor(
    readonly reason: CompactPayloadProblem,
    message: string,
  ) {
    super(message);
  }
}

/** A tag met by cborg, resolved by the walk (which also knows the text table). */
class Tagged {
  constructor(
    readonly tag: number,
    readonly inner: unknown,
  ) {}
}

const tags: ((inner: unknown) => unknown)[] = [];
for (const n of Object.values(QR_TAG)) tags[n] = (inner) => new Tagged(n, inner);

/**
 * Reads the bytes written by `encodeCompactPayload`, treating them as hostile: strict CBOR (shortest
 * lengths, no indefinite lengths, no duplicate keys, only our tags), a known dictionary version, the
 * text table inflated under `maxBytes`, every placeholder filled and every text used.
 *
 * @param bytes - The payload bytes (after Base45).
 * @param maxBytes - Largest text table, once inflated.
 * @returns `{ success: true, data: { json } }` where `json` is the text `{"vc": …, "anchor": …}` for
 * the usual JSON checks; or `{ success: false, error }`: `CL_QR_DICTIONARY_UNKNOWN` for a dictionary
 * version this program does not know, else `CL_QR_INVALID` with `details.reason` a
 * {@link CompactPayloadProblem}. Never throws.
 * @example
 * const result = decodeCompactPayload(base45Decode(text.slice(4)), 256 * 1024);
 */
export function decodeCompactPayload(bytes: Uint8Array, maxBytes: number): DecodeCompactPayloadResult {
  const version = bytes[0];
  if (version === undefined) return failure('shape', 'The compact QR payload is empty.');
  const dictionary = QR_DICTIONARIES.get(version);
  if (dictionary === undefined) {
    const known = [...QR_DICTIONARIES.keys()];
    return {
      success: false,
      error: new ClearledgerError(
        'CL_QR_DICTIONARY_UNKNOWN',
        `The QR code was written with dictionary version ${version}; this program reads version ${known.join(', ')}. ` +
          'Update the app or the CLI, or ask for the record by its link.',
        { details: { version, known } },
      ),
    };
  }
  let top: unknown;
  try {
    top = decode(bytes.subarray(1), {
      strict: true,
      allowIndefinite: false,
      allowUndefined: true,
      allowInfinity: false,
      allowNaN: false,
      allowBigInt: false,
      useMaps: true,
      rejectDuplicateMapKeys: true,
      tags,
    });
  } catch (cause) {
    return failure('cbor', `The QR payload is not valid compact CBOR: ${(cause as Error).message}`, cause);
  }
  try {
    if (!Array.isArray(top) || top.length < 2 || top.length > 3 || !(top[1] instanceof Uint8Array))
      throw new Refusal('shape', 'The compact QR payload must be [credential, texts, receipt?].');
    const reader = { texts: readTexts(top[1], dictionary, maxBytes), next: 0 };
    const vc = walk(top[0], dictionary, reader, 0);
    if (reader.next !== reader.texts.length)
      throw new Refusal('shape', 'The compact QR payload holds more texts than its credential uses.');
    const payload: Record<string, unknown> = { vc };
    if (top.length === 3) payload.anchor = receipt(top[2], vc);
    return { success: true, data: { json: JSON.stringify(payload), dictionaryVersion: version } };
  } catch (e) {
    if (e instanceof Refusal) return failure(e.reason, e.message);
    return failure('shape', `The compact QR payload is malformed: ${(e as Error).message}`, e);
  }
}

function readTexts(blob: Uint8Array, dictionary: QrDictionary, maxBytes: number): string[] {
  if (blob.length === 0) return [];
  const inflated = inflateCapped(blob, maxBytes, presetText(dictionary));
  if (inflated === 'too-large')
    throw new Refusal('too-large', `The QR payload's texts inflate to more than ${maxBytes} bytes; it is refused.`);
  if (inflated === 'corrupt') throw new Refusal('deflate', "The QR payload's texts are not valid DEFLATE data.");
  try {
    return fromUtf8(inflated).split(TEXT_SEPARATOR);
  } catch {
    throw new Refusal('utf8', "The QR payload's texts are not UTF-8.");
  }
}

type Reader = { texts: string[]; next: number };

/** A dictionary index: 0–23 as themselves, −1…−24 for 24–47, 24 and over for 48 and over. */
function dictionaryIndex(n: unknown): number {
  if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < -24)
    throw new Refusal('shape', 'A dictionary reference must be a small integer.');
  return n < 0 ? 23 - n : n < 24 ? n : n + 24;
}

function walk(item: unknown, d: QrDictionary, reader: Reader, depth: number): unknown {
  if (depth > MAX_DEPTH) throw new Refusal('shape', `The compact QR payload nests deeper than ${MAX_DEPTH}.`);
  if (item === undefined) {
    const text = reader.texts[reader.next];
    if (text === undefined) throw new Refusal('shape', 'The compact QR payload uses more texts than it holds.');
    reader.next += 1;
    return text;
  }
  if (item === null || typeof item === 'boolean' || typeof item === 'string') return item;
  if (typeof item === 'number') return item;
  if (Array.isArray(item)) return item.map((v) => walk(v, d, reader, depth + 1));
  if (item instanceof Map) {
    const seen = new Set<string>();
    const entries: [string, unknown][] = [];
    for (const [k, v] of item) {
      let key: string;
      if (typeof k === 'string') {
        // A known term is always written as its integer: as text it could hide a second copy.
        if (d.terms.includes(k)) throw new Refusal('shape', `The key "${k}" must be written as its dictionary number.`);
        key = k;
      } else {
        const term = d.terms[dictionaryIndex(k)];
        if (term === undefined) throw new Refusal('shape', `The key number ${String(k)} is not in the dictionary.`);
        key = term;
      }
      if (seen.has(key)) throw new Refusal('shape', `The key "${key}" appears twice.`);
      seen.add(key);
      entries.push([key, walk(v, d, reader, depth + 1)]);
    }
    // fromEntries defines own properties, so a "__proto__" key stays a key (and is refused by the JSON checks).
    return Object.fromEntries(entries);
  }
  if (item instanceof Tagged) return tagged(item, d, reader, depth);
  throw new Refusal('shape', 'The compact QR payload holds bytes where a JSON value belongs.');
}

function tagged(item: Tagged, d: QrDictionary, reader: Reader, depth: number): string {
  const { tag, inner } = item;
  const bytesOf = (length?: number) => {
    if (!(inner instanceof Uint8Array) || inner.length === 0 || (length !== undefined && inner.length !== length))
      throw new Refusal('shape', `Tag ${tag} must hold ${length ?? 'some'} bytes.`);
    return inner;
  };
  const integerOf = () => {
    if (typeof inner !== 'number' || !Number.isSafeInteger(inner))
      throw new Refusal('shape', `Tag ${tag} must hold an integer.`);
    return inner;
  };
  switch (tag) {
    case QR_TAG.dictionaryValue: {
      const value = d.values[dictionaryIndex(inner)];
      if (value === undefined)
        throw new Refusal('shape', `The value number ${String(inner)} is not in the dictionary.`);
      return value;
    }
    case QR_TAG.dateTime:
      return timestamp(() => formatDateTime(integerOf()));
    case QR_TAG.date:
      return timestamp(() => formatDate(integerOf()));
    case QR_TAG.multibase58:
      return 'z' + base58Encode(bytesOf());
    case QR_TAG.urnUuid:
      return 'urn:uuid:' + formatUuid(bytesOf(16));
    case QR_TAG.uuid:
      return formatUuid(bytesOf(16));
    case QR_TAG.hex:
      return toHex(bytesOf());
    case QR_TAG.hex0x:
      return '0x' + toHex(bytesOf());
    case QR_TAG.fragment: {
      if (!Array.isArray(inner) || inner.length !== 2)
        throw new Refusal('shape', 'A fragment tag must hold two parts.');
      const [a, b] = inner.map((part) => walk(part, d, reader, depth + 1));
      if (typeof a !== 'string' || typeof b !== 'string') throw new Refusal('shape', 'A fragment part must be text.');
      return `${a}#${b}`;
    }
    default:
      throw new Refusal('shape', `Tag ${tag} is not used in a compact QR payload.`);
  }
}

function timestamp(format: () => string): string {
  try {
    return format();
  } catch (e) {
    if (e instanceof Refusal) throw e;
    throw new Refusal('shape', 'A date in the compact QR payload is out of range.');
  }
}

/** The receipt as a plain object (its shape is checked with the JSON form's), the root computed back when left out. */
function receipt(item: unknown, credential: unknown): Record<string, unknown> {
  if (!Array.isArray(item) || item.length < 4 || item.length > RECEIPT_KEYS.length)
    throw new Refusal('shape', "The compact QR payload's receipt must be a list of 4 to 9 members.");
  const out: Record<string, unknown> = {};
  item.forEach((v, i) => {
    const name = RECEIPT_KEYS[i]!;
    if (v === null && name !== 'root') return;
    if (v !== null) out[name] = receiptValue(name, v);
  });
  for (const name of ['leafIndex', 'treeSize', 'proof'] as const)
    if (!(name in out)) throw new Refusal('shape', `The compact QR payload's receipt has no ${name}.`);
  if (item[0] === null) {
    const proof = out.proof;
    const root =
      typeof out.leafIndex === 'number' &&
      typeof out.treeSize === 'number' &&
      Array.isArray(proof) &&
      proof.every((p) => typeof p === 'string')
        ? impliedRoot(credential, { leafIndex: out.leafIndex, treeSize: out.treeSize, proof })
        : undefined;
    if (root === undefined)
      throw new Refusal('shape', "The compact QR payload's receipt has no root and its proof leads to none.");
    out.root = root;
  }
  return out;
}

function receiptValue(name: (typeof RECEIPT_KEYS)[number], v: unknown): unknown {
  if (v instanceof Uint8Array) {
    switch (name) {
      case 'root':
        return toHex(v);
      case 'proof': {
        if (v.length % 32 !== 0) throw new Refusal('shape', 'The receipt proof must be whole 32-byte hashes.');
        return Array.from({ length: v.length / 32 }, (_, i) => toHex(v.subarray(i * 32, i * 32 + 32)));
      }
      case 'batchId':
        if (v.length !== 16) throw new Refusal('shape', 'The receipt batch id must be 16 bytes.');
        return formatUuid(v);
      case 'txHash':
        return '0x' + toHex(v);
      default:
        throw new Refusal('shape', `The receipt's ${name} cannot be bytes.`);
    }
  }
  if (name === 'anchoredAt' && typeof v === 'number' && Number.isSafeInteger(v))
    return timestamp(() => formatDateTime(v));
  if (v instanceof Map || v instanceof Tagged || v === undefined)
    throw new Refusal('shape', `The receipt's ${name} is malformed.`);
  return v;
}

function failure(reason: CompactPayloadProblem, message: string, cause?: unknown): DecodeCompactPayloadResult {
  return {
    success: false,
    error: new ClearledgerError('CL_QR_INVALID', message, {
      details: { reason },
      ...(cause === undefined ? {} : { cause }),
    }),
  };
}
