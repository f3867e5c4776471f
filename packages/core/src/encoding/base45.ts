import { ClearledgerError } from '../errors/ClearledgerError.ts';

/** The 45 characters of RFC 9285, which are exactly the QR code alphanumeric-mode characters. */
export const BASE45_ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:';

const index = new Int8Array(128).fill(-1);
for (let i = 0; i < BASE45_ALPHABET.length; i++) index[BASE45_ALPHABET.charCodeAt(i)] = i;

/**
 * Base45 encoding (RFC 9285): every two bytes become three characters, a last odd byte two.
 *
 * @param bytes - The bytes to encode.
 * @returns Text using only {@link BASE45_ALPHABET}, which a QR code stores in alphanumeric mode.
 * @example
 * base45Encode(new TextEncoder().encode('AB')); // 'BB8'
 */
export function base45Encode(bytes: Uint8Array): string {
  const chars: string[] = [];
  const pairs = bytes.length - (bytes.length % 2);
  for (let i = 0; i < pairs; i += 2) {
    let n = bytes[i]! * 256 + bytes[i + 1]!;
    const c = n % 45;
    n = (n - c) / 45;
    const d = n % 45;
    const e = (n - d) / 45;
    chars.push(BASE45_ALPHABET[c]!, BASE45_ALPHABET[d]!, BASE45_ALPHABET[e]!);
  }
  if (pairs < bytes.length) {
    const n = bytes[pairs]!;
    const c = n % 45;
    chars.push(BASE45_ALPHABET[c]!, BASE45_ALPHABET[(n - c) / 45]!);
  }
  return chars.join('');
}

/**
 * Decodes Base45 (RFC 9285), strictly: only the 45 upper-case alphabet characters, a length that is
 * not 1 more than a multiple of 3, and no group worth more than its bytes can hold (a three-character
 * group above 65535 or a final two-character group above 255).
 *
 * @param text - Base45 text.
 * @returns The decoded bytes.
 * @throws {ClearledgerError} `CL_ENCODING_INVALID` for any text that is not canonical Base45.
 * @example
 * new TextDecoder().decode(base45Decode('QED8WEX0')); // 'ietf!'
 */
export function base45Decode(text: string): Uint8Array {
  if (text.length % 3 === 1) {
    throw new ClearledgerError('CL_ENCODING_INVALID', 'Base45 text cannot have a length of 3n + 1 characters.', {
      details: { length: text.length },
    });
  }
  const out = new Uint8Array(Math.floor(text.length / 3) * 2 + (text.length % 3 === 2 ? 1 : 0));
  let o = 0;
  for (let i = 0; i < text.length; i += 3) {
    const group = Math.min(3, text.length - i);
    let n = 0;
    for (let k = group - 1; k >= 0; k--) n = n * 45 + digit(text, i + k);
    if (group === 3) {
      if (n > 0xffff) throw overflow(i, n);
      out[o++] = n >> 8;
      out[o++] = n & 0xff;
    } else {
      if (n > 0xff) throw overflow(i, n);
      out[o++] = n;
    }
  }
  return out;
}

function digit(text: string, position: number): number {
  const code = text.charCodeAt(position);
  const value = code < 128 ? index[code]! : -1;
  if (value < 0) {
    throw new ClearledgerError('CL_ENCODING_INVALID', `Base45 text has an invalid character at position ${position}.`, {
      details: { position },
    });
  }
  return value;
}

function overflow(position: number, value: number): ClearledgerError {
  return new ClearledgerError(
    'CL_ENCODING_INVALID',
    `Base45 group at position ${position} is worth ${value}, more than its bytes can hold.`,
    { details: { position } },
  );
}
