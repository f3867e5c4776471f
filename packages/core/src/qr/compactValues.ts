import { base58Decode, base58Encode } from '../encoding/base58.ts';
import { fromHex, toHex } from '../encoding/bytes.ts';

/**
 * CBOR tags of the compact QR payload (one-byte tags, unassigned in the IANA registry, meaningful only
 * inside a `CL2:` payload). Each turns a string that matches a common shape into fewer bytes, and is
 * used only when turning it back gives the very same string.
 */
export const QR_TAG = Object.freeze({
  /** A string of the dictionary's `values`: its index. */
  dictionaryValue: 6,
  /** `YYYY-MM-DDThh:mm:ssZ`: seconds since 1970-01-01T00:00:00Z. */
  dateTime: 7,
  /** `YYYY-MM-DD`: days since 1970-01-01. */
  date: 8,
  /** Multibase base58btc (`z…`): the bytes. */
  multibase58: 9,
  /** `urn:uuid:` + a lower-case UUID: its 16 bytes. */
  urnUuid: 10,
  /** Lower-case hex of even length: the bytes. */
  hex: 11,
  /** `0x` + lower-case hex of even length: the bytes. */
  hex0x: 12,
  /** `a#b`: the array `[a, b]`, each part itself compacted (a DID URL and its key fragment). */
  fragment: 13,
  /** A lower-case UUID: its 16 bytes. */
  uuid: 14,
});

/** Separates the strings of the text table (a string holding it stays in the skeleton as text). */
export const TEXT_SEPARATOR = '\u0000';

/** Keys of the anchor receipt's CBOR map, by their integer. */
export const RECEIPT_KEYS = [
  'root',
  'leafIndex',
  'treeSize',
  'proof',
  'batchId',
  'chainId',
  'txHash',
  'blockNumber',
  'anchoredAt',
] as const;

const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const HEX = /^(?:[0-9a-f]{2})+$/;
const BASE58 = /^z[1-9A-HJ-NP-Za-km-z]+$/;
const DAY_MS = 86_400_000;

/** `YYYY-MM-DDThh:mm:ssZ` of whole seconds since the epoch. */
export function formatDateTime(seconds: number): string {
  return new Date(seconds * 1000).toISOString().replace('.000Z', 'Z');
}

/** `YYYY-MM-DD` of whole days since the epoch. */
export function formatDate(days: number): string {
  return new Date(days * DAY_MS).toISOString().slice(0, 10);
}

/** The seconds of a date-time string, when writing them back gives the same string. */
export function dateTimeSeconds(text: string): number | undefined {
  if (!DATE_TIME.test(text)) return undefined;
  const ms = Date.parse(text);
  if (!Number.isFinite(ms) || ms % 1000 !== 0) return undefined;
  const seconds = ms / 1000;
  return formatDateTime(seconds) === text ? seconds : undefined;
}

/** The days of a calendar date string, when writing them back gives the same string. */
export function dateDays(text: string): number | undefined {
  if (!DATE.test(text)) return undefined;
  const ms = Date.parse(`${text}T00:00:00Z`);
  if (!Number.isFinite(ms)) return undefined;
  const days = ms / DAY_MS;
  return formatDate(days) === text ? days : undefined;
}

/** The 16 bytes of a lower-case UUID, or undefined. */
export function uuidBytes(text: string): Uint8Array | undefined {
  return UUID.test(text) ? fromHex(text.replaceAll('-', '')) : undefined;
}

/** The lower-case UUID of 16 bytes. */
export function formatUuid(bytes: Uint8Array): string {
  const h = toHex(bytes);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** The bytes of lower-case, even-length hex, or undefined. */
export function hexBytes(text: string): Uint8Array | undefined {
  return HEX.test(text) ? fromHex(text) : undefined;
}

/** The bytes of a multibase base58btc string, when encoding them back gives the same string. */
export function multibase58Bytes(text: string): Uint8Array | undefined {
  if (!BASE58.test(text)) return undefined;
  const bytes = base58Decode(text.slice(1));
  return 'z' + base58Encode(bytes) === text ? bytes : undefined;
}
