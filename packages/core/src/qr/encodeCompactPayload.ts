import { encode, Token, Type } from 'cborg';
import { deflateSync } from 'fflate';
import { utf8 } from '../encoding/bytes.ts';
import { ClearledgerError } from '../errors/ClearledgerError.ts';
import type { AnchorReceipt } from '../verify/types.ts';
import {
  dateDays,
  dateTimeSeconds,
  hexBytes,
  multibase58Bytes,
  QR_TAG,
  RECEIPT_KEYS,
  TEXT_SEPARATOR,
  uuidBytes,
} from './compactValues.ts';
import { impliedRoot } from './impliedRoot.ts';
import { presetText, QR_CURRENT_DICTIONARY, type QrDictionary } from './qrDictionary.ts';

/** Parameters of {@link encodeCompactPayload}. */
export type EncodeCompactPayloadParameters = {
  verifiableCredential: object;
  anchor?: AnchorReceipt;
};

type Tokens = Token | Tokens[];
type Writer = { terms: Map<string, number>; values: Map<string, number>; texts: string[] };

/**
 * The compact bytes of a QR payload: one header byte (the dictionary version), then the CBOR array
 * `[skeleton, texts]` or `[skeleton, texts, receipt]`.
 *
 * The skeleton is the credential with the dictionary's keys as small integers (0–23, then −1…−24: one
 * byte each, then larger), its values as tagged integers, and dates, date-times, multibase, UUIDs and
 * hex as tagged numbers or bytes wherever writing them back gives the same string. Every other string
 * is an `undefined` placeholder, filled in order from `texts`: those strings joined by NUL and raw
 * DEFLATE-compressed with the dictionary's preset text (kept apart from the bytes of signatures and
 * hashes, text compresses far better). The receipt's hashes are bytes, its proof path one byte
 * string. Decoding gives back the same JSON value; unknown keys and values stay plain strings.
 *
 * @param input - The signed credential and its anchor receipt, if any.
 * @param dictionary - The dictionary to write with; default the current one.
 * @returns The bytes (see `decodeCompactPayload`).
 * @throws {ClearledgerError} `CL_INPUT_INVALID` when the credential holds a value JSON cannot
 * (a function, a symbol, a non-finite number, undefined in an array).
 * @example
 * const bytes = encodeCompactPayload({ verifiableCredential, anchor });
 */
export function encodeCompactPayload(
  input: EncodeCompactPayloadParameters,
  dictionary: QrDictionary = QR_CURRENT_DICTIONARY,
): Uint8Array {
  const writer: Writer = {
    terms: new Map(dictionary.terms.map((t, i) => [t, i])),
    values: new Map(dictionary.values.map((v, i) => [v, i])),
    texts: [],
  };
  const skeleton = valueTokens(input.verifiableCredential, writer);
  const texts =
    writer.texts.length === 0
      ? new Uint8Array(0)
      : deflateSync(utf8(writer.texts.join(TEXT_SEPARATOR)), { level: 9, dictionary: presetText(dictionary) });
  const items: Tokens[] = [skeleton, new Token(Type.bytes, texts)];
  if (input.anchor !== undefined) items.push(receiptTokens(input.anchor, input.verifiableCredential));
  const cbor = encode(new TokenTree([new Token(Type.array, items.length), ...items]), {
    typeEncoders: { Object: (obj: unknown) => (obj instanceof TokenTree ? obj.tokens : null) },
  });
  const out = new Uint8Array(cbor.length + 1);
  out[0] = dictionary.version;
  out.set(cbor, 1);
  return out;
}

/** Ready-made tokens handed to cborg, which writes them with the shortest lengths. */
class TokenTree {
  constructor(readonly tokens: Tokens) {}
}

const text = (s: string) => new Token(Type.string, s);
const bytes = (b: Uint8Array) => new Token(Type.bytes, b);
const tag = (n: number, inner: Tokens): Tokens => [new Token(Type.tag, n), inner];
const integer = (n: number) => (n < 0 ? new Token(Type.negint, n) : new Token(Type.uint, n));
/** A dictionary index: 0–23 as themselves, 24–47 as −1…−24 (both one byte), then on upwards. */
const index = (i: number) => (i < 24 ? integer(i) : i < 48 ? integer(23 - i) : integer(i - 24));

function numberToken(n: number): Token {
  if (!Number.isFinite(n))
    throw new ClearledgerError('CL_INPUT_INVALID', 'A credential cannot hold a non-finite number.');
  return Number.isSafeInteger(n) ? integer(n) : new Token(Type.float, n);
}

function valueTokens(value: unknown, w: Writer): Tokens {
  if (value === null) return new Token(Type.null, null);
  if (value === true) return new Token(Type.true, true);
  if (value === false) return new Token(Type.false, false);
  if (typeof value === 'number') return numberToken(value);
  if (typeof value === 'string') return stringTokens(value, w);
  if (Array.isArray(value)) return [new Token(Type.array, value.length), ...value.map((v) => valueTokens(v, w))];
  if (typeof value === 'object') {
    // As JSON.stringify and the canonical form do, members whose value is undefined do not exist.
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    const out: Tokens[] = [new Token(Type.map, entries.length)];
    for (const [key, v] of entries) {
      const i = w.terms.get(key);
      out.push(i === undefined ? text(key) : index(i), valueTokens(v, w));
    }
    return out;
  }
  throw new ClearledgerError('CL_INPUT_INVALID', `A credential cannot hold a value of type ${typeof value}.`);
}

/** The shortest exactly reversible form of a string, or a placeholder for the text table. */
function stringTokens(s: string, w: Writer): Tokens {
  const i = w.values.get(s);
  if (i !== undefined) return tag(QR_TAG.dictionaryValue, index(i));
  const seconds = dateTimeSeconds(s);
  if (seconds !== undefined) return tag(QR_TAG.dateTime, integer(seconds));
  const days = dateDays(s);
  if (days !== undefined) return tag(QR_TAG.date, integer(days));
  if (s.startsWith('urn:uuid:')) {
    const b = uuidBytes(s.slice(9));
    if (b !== undefined) return tag(QR_TAG.urnUuid, bytes(b));
  }
  const uuid = uuidBytes(s);
  if (uuid !== undefined) return tag(QR_TAG.uuid, bytes(uuid));
  if (s.startsWith('0x')) {
    const b = hexBytes(s.slice(2));
    if (b !== undefined) return tag(QR_TAG.hex0x, bytes(b));
  }
  // Short hex-looking strings (an HS code such as "940360") are shorter as text.
  if (s.length >= 16) {
    const b = hexBytes(s);
    if (b !== undefined) return tag(QR_TAG.hex, bytes(b));
  }
  if (s.length >= 16 && s[0] === 'z') {
    const b = multibase58Bytes(s);
    if (b !== undefined) return tag(QR_TAG.multibase58, bytes(b));
  }
  const hash = s.indexOf('#');
  if (s.startsWith('did:') && hash > 0 && hash === s.lastIndexOf('#') && hash < s.length - 1) {
    // A DID URL and its key fragment: each half on its own (the DID repeats the issuer's, in the text).
    return tag(QR_TAG.fragment, [
      new Token(Type.array, 2),
      stringTokens(s.slice(0, hash), w),
      stringTokens(s.slice(hash + 1), w),
    ]);
  }
  if (s.includes(TEXT_SEPARATOR)) return text(s);
  w.texts.push(s);
  return new Token(Type.undefined, undefined);
}

const HASH_HEX = /^[0-9a-f]{64}$/;

/**
 * The receipt as an array in {@link RECEIPT_KEYS} order (null for a member it does not have, the
 * absent ones at the end left out); hashes as bytes when they are lower-case hex. The root is null
 * when the proof leads to it from the credential: the reader computes it back.
 */
function receiptTokens(anchor: AnchorReceipt, credential: object): Tokens {
  const slots: (Tokens | undefined)[] = [];
  const put = (key: (typeof RECEIPT_KEYS)[number], tokens: Tokens) => {
    slots[RECEIPT_KEYS.indexOf(key)] = tokens;
  };
  const everyHash = anchor.proof.every((p) => HASH_HEX.test(p));
  put(
    'root',
    everyHash && impliedRoot(credential, anchor) === anchor.root
      ? new Token(Type.null, null)
      : HASH_HEX.test(anchor.root)
        ? bytes(hexBytes(anchor.root)!)
        : text(anchor.root),
  );
  put('leafIndex', numberToken(anchor.leafIndex));
  put('treeSize', numberToken(anchor.treeSize));
  put(
    'proof',
    everyHash
      ? bytes(anchor.proof.length === 0 ? new Uint8Array(0) : hexBytes(anchor.proof.join(''))!)
      : [new Token(Type.array, anchor.proof.length), ...anchor.proof.map(text)],
  );
  if (anchor.batchId !== undefined) {
    const b = uuidBytes(anchor.batchId);
    put('batchId', b === undefined ? text(anchor.batchId) : bytes(b));
  }
  if (anchor.chainId !== undefined) put('chainId', numberToken(anchor.chainId));
  if (anchor.txHash !== undefined) {
    const b = anchor.txHash.startsWith('0x') ? hexBytes(anchor.txHash.slice(2)) : undefined;
    put('txHash', b === undefined ? text(anchor.txHash) : bytes(b));
  }
  if (anchor.blockNumber !== undefined) put('blockNumber', numberToken(anchor.blockNumber));
  if (anchor.anchoredAt !== undefined) {
    const seconds = dateTimeSeconds(anchor.anchoredAt);
    put('anchoredAt', seconds === undefined ? text(anchor.anchoredAt) : integer(seconds));
  }
  const out = Array.from(slots, (s) => s ?? new Token(Type.null, null));
  return [new Token(Type.array, out.length), ...out];
}
