import { ClearledgerError } from '../errors/ClearledgerError.ts';

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });
const hexAlphabet = '0123456789abcdef';

/** UTF-8 encodes a string. */
export function utf8(text: string): Uint8Array {
  return encoder.encode(text);
}

/** Decodes UTF-8 bytes, refusing malformed sequences. */
export function fromUtf8(bytes: Uint8Array): string {
  return decoder.decode(bytes);
}

const hexCodes = new TextEncoder().encode(hexAlphabet);

/**
 * Lower-case hex of `bytes`. Built as one flat string (concatenating pieces would leave V8 a rope of
 * 32 nodes per hash: gigabytes when a batch's 1.7 million proof nodes are encoded).
 */
export function toHex(bytes: Uint8Array): string {
  const out = new Uint8Array(bytes.length * 2);
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    out[2 * i] = hexCodes[b >> 4]!;
    out[2 * i + 1] = hexCodes[b & 15]!;
  }
  return decoder.decode(out);
}

const hexValue = new Int8Array(128).fill(-1);
for (let i = 0; i < 16; i++) {
  hexValue[hexAlphabet.charCodeAt(i)] = i;
  hexValue['0123456789ABCDEF'.charCodeAt(i)] = i;
}

/** Parses even-length hex (upper or lower case, no `0x`), throwing `CL_ENCODING_INVALID`. */
export function fromHex(hex: string): Uint8Array {
  if (typeof hex !== 'string' || hex.length % 2 !== 0) {
    throw new ClearledgerError('CL_ENCODING_INVALID', 'Hex must have an even number of 0-9/a-f digits.');
  }
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) {
    const a = hex.charCodeAt(2 * i);
    const b = hex.charCodeAt(2 * i + 1);
    const hi = a < 128 ? hexValue[a]! : -1;
    const lo = b < 128 ? hexValue[b]! : -1;
    if (hi < 0 || lo < 0)
      throw new ClearledgerError('CL_ENCODING_INVALID', 'Hex must have an even number of 0-9/a-f digits.');
    out[i] = (hi << 4) | lo;
  }
  return out;
}

/** Concatenates byte arrays. */
export function concatBytes(...parts: Uint8Array[]): Uint8Array {
  let length = 0;
  for (const p of parts) length += p.length;
  const out = new Uint8Array(length);
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}

/** Constant-structure equality of two byte arrays. */
export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!;
  return diff === 0;
}

const b64url = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** Base64url without padding (RFC 4648 §5). */
export function toBase64Url(bytes: Uint8Array): string {
  let out = '';
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    out += b64url[n >> 18]! + b64url[(n >> 12) & 63]! + b64url[(n >> 6) & 63]! + b64url[n & 63]!;
  }
  const rest = bytes.length - i;
  if (rest === 1) {
    const n = bytes[i]! << 16;
    out += b64url[n >> 18]! + b64url[(n >> 12) & 63]!;
  } else if (rest === 2) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8);
    out += b64url[n >> 18]! + b64url[(n >> 12) & 63]! + b64url[(n >> 6) & 63]!;
  }
  return out;
}

const b64urlIndex = new Map<string, number>([...b64url].map((c, i) => [c, i]));

/** Parses unpadded base64url, throwing `CL_ENCODING_INVALID`. */
export function fromBase64Url(text: string): Uint8Array {
  if (text.length % 4 === 1)
    throw new ClearledgerError('CL_ENCODING_INVALID', 'Base64url text has an impossible length.');
  const out = new Uint8Array(Math.floor((text.length * 3) / 4));
  let bits = 0;
  let value = 0;
  let o = 0;
  for (const c of text) {
    const v = b64urlIndex.get(c);
    if (v === undefined)
      throw new ClearledgerError('CL_ENCODING_INVALID', `Base64url text has an invalid character "${c}".`);
    value = (value << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (value >> bits) & 0xff;
    }
  }
  return out;
}
