import { ClearledgerError } from '../errors/ClearledgerError.ts';

const alphabet = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
const index = new Int8Array(128).fill(-1);
for (let i = 0; i < alphabet.length; i++) index[alphabet.charCodeAt(i)] = i;

/** Base58 (Bitcoin alphabet) encoding, as used by multibase `z`. */
export function base58Encode(bytes: Uint8Array): string {
  let zeros = 0;
  while (zeros < bytes.length && bytes[zeros] === 0) zeros++;
  // log(256) / log(58) ≈ 1.366
  const size = Math.ceil(((bytes.length - zeros) * 138) / 100) + 1;
  const digits = new Uint8Array(size);
  let length = 0;
  for (let i = zeros; i < bytes.length; i++) {
    let carry = bytes[i]!;
    let j = 0;
    for (let k = size - 1; (carry !== 0 || j < length) && k >= 0; k--, j++) {
      carry += 256 * digits[k]!;
      digits[k] = carry % 58;
      carry = Math.floor(carry / 58);
    }
    length = j;
  }
  let start = size - length;
  while (start < size && digits[start] === 0) start++;
  let out = '1'.repeat(zeros);
  for (let i = start; i < size; i++) out += alphabet[digits[i]!];
  return out;
}

/** Decodes base58 (Bitcoin alphabet), throwing `CL_ENCODING_INVALID` on any foreign character. */
export function base58Decode(text: string): Uint8Array {
  let zeros = 0;
  while (zeros < text.length && text[zeros] === '1') zeros++;
  const size = Math.ceil(((text.length - zeros) * 733) / 1000) + 1;
  const bytes = new Uint8Array(size);
  let length = 0;
  for (let i = zeros; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const value = code < 128 ? index[code]! : -1;
    if (value < 0) {
      throw new ClearledgerError('CL_ENCODING_INVALID', `Base58 text has an invalid character at position ${i}.`);
    }
    let carry = value;
    let j = 0;
    for (let k = size - 1; (carry !== 0 || j < length) && k >= 0; k--, j++) {
      carry += 58 * bytes[k]!;
      bytes[k] = carry & 0xff;
      carry >>= 8;
    }
    length = j;
  }
  let start = size - length;
  while (start < size && bytes[start] === 0) start++;
  const out = new Uint8Array(zeros + size - start);
  out.set(bytes.subarray(start), zeros);
  return out;
}

/** Multibase base58btc: `z` + base58. */
export function toMultibase58(bytes: Uint8Array): string {
  return 'z' + base58Encode(bytes);
}

/** Parses a multibase base58btc string (must start with `z`). */
export function fromMultibase58(text: string): Uint8Array {
  if (typeof text !== 'string' || text[0] !== 'z' || text.length < 2) {
    throw new ClearledgerError('CL_ENCODING_INVALID', 'A multibase value must be base58btc and start with "z".');
  }
  return base58Decode(text.slice(1));
}
