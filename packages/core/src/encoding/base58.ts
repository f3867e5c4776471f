import { ClearledgerError } from '../errors/ClearledgerError.ts';

const alphabet = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
const index = new Int8Array(128).fill(-1);
for (let i = 0; i < alphabet.length; i++) index[alphabet.charCodeAt(i)] = i;

// Arithmetic in big limbs keeps the quadratic base conversion short: output limbs in base 58^5
// (< 2^30) take two input bytes (2^16) per step, so every intermediate product stays exact in a
// double (< 2^46 < 2^53); decoding consumes five base58 digits per step into base-2^16 limbs.
const B58_5 = 58 ** 5;
const POW58 = [1, 58, 58 ** 2, 58 ** 3, 58 ** 4, 58 ** 5];
const alphabetCodes = Uint8Array.from(alphabet, (c) => c.charCodeAt(0));
const ascii = new TextDecoder();
// log(256) / log(58^5): output limbs per input byte.
const LIMBS_PER_BYTE = Math.log(256) / Math.log(B58_5);

/** Base58 (Bitcoin alphabet) encoding, as used by multibase `z`. */
export function base58Encode(bytes: Uint8Array): string {
  const n = bytes.length;
  let zeros = 0;
  while (zeros < n && bytes[zeros] === 0) zeros++;
  // Little-endian limbs in base 58^5.
  const limbs = new Float64Array(Math.ceil((n - zeros) * LIMBS_PER_BYTE) + 1);
  let used = 0;
  let i = zeros;
  if ((n - i) % 2 === 1) {
    limbs[0] = bytes[i++]!;
    used = 1;
  }
  for (; i < n; i += 2) {
    let carry = bytes[i]! * 256 + bytes[i + 1]!;
    for (let j = 0; j < used; j++) {
      const x = limbs[j]! * 65536 + carry;
      carry = Math.floor(x / B58_5);
      limbs[j] = x - carry * B58_5;
    }
    while (carry > 0) {
      const next = Math.floor(carry / B58_5);
      limbs[used++] = carry - next * B58_5;
      carry = next;
    }
  }
  // Five digits per limb, most significant first; the top limb's leading zero digits are dropped.
  const digits = new Uint8Array(used * 5);
  let at = digits.length;
  for (let j = 0; j < used; j++) {
    let limb = limbs[j]!;
    for (let k = 0; k < 5; k++) {
      const next = Math.floor(limb / 58);
      digits[--at] = alphabetCodes[limb - next * 58]!;
      limb = next;
    }
  }
  while (at < digits.length && digits[at] === 49) at++;
  return '1'.repeat(zeros) + ascii.decode(digits.subarray(at));
}

/** Decodes base58 (Bitcoin alphabet), throwing `CL_ENCODING_INVALID` on any foreign character. */
export function base58Decode(text: string): Uint8Array {
  let zeros = 0;
  while (zeros < text.length && text[zeros] === '1') zeros++;
  // Little-endian limbs in base 2^16; consume up to five base58 digits per step.
  const limbs: number[] = [];
  for (let i = zeros; i < text.length; ) {
    let chunk = 0;
    let n = 0;
    for (; n < 5 && i < text.length; n++, i++) {
      const code = text.charCodeAt(i);
      const value = code < 128 ? index[code]! : -1;
      if (value < 0) {
        throw new ClearledgerError('CL_ENCODING_INVALID', `Base58 text has an invalid character at position ${i}.`);
      }
      chunk = chunk * 58 + value;
    }
    const mul = POW58[n]!;
    let carry = chunk;
    for (let j = 0; j < limbs.length; j++) {
      const x = limbs[j]! * mul + carry;
      carry = Math.floor(x / 65536);
      limbs[j] = x - carry * 65536;
    }
    while (carry > 0) {
      const next = Math.floor(carry / 65536);
      limbs.push(carry - next * 65536);
      carry = next;
    }
  }
  const body: number[] = [];
  for (const limb of limbs) body.push(limb & 0xff, limb >>> 8);
  while (body.length > 0 && body[body.length - 1] === 0) body.pop();
  const out = new Uint8Array(zeros + body.length);
  for (let k = 0; k < body.length; k++) out[zeros + k] = body[body.length - 1 - k]!;
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
