/**
 * The check digit of a CBP entry number (19 CFR 142.3a; ACE CATAIR Appendix E, "Valid Entry Numbers"):
 * a modulus-10 digit over the 10 characters of the filer code and the 7-digit number. Letters of the
 * filer code count as digits (A–I → 1–9, J–R → 1–9, S–Z → 2–9); every second character from the left
 * (the 2nd, 4th … 10th) is doubled and a product above 9 counts as the sum of its digits; the check
 * digit is what takes the total to the next multiple of ten.
 *
 * @param base The filer code and the 7-digit number (`ABC1234567`, dashes allowed).
 * @returns The check digit, 0–9; null when `base` is not 3 letters or digits and 7 digits.
 * @example entryNumberCheckDigit('ABC-1234567') // 6 → ABC-1234567-6
 */
export function entryNumberCheckDigit(base: string): number | null {
  const flat = base.replaceAll('-', '').toUpperCase();
  if (!/^[A-Z0-9]{3}\d{7}$/.test(flat)) return null;
  let sum = 0;
  for (let i = 0; i < 10; i++) {
    const code = flat.charCodeAt(i);
    // '0'–'9' count as themselves; letters repeat 1–9 from A, J and (skipping 1) S.
    const value = code <= 57 ? code - 48 : code <= 82 ? ((code - 65) % 9) + 1 : code - 83 + 2;
    const weighted = i % 2 === 1 ? value * 2 : value;
    sum += weighted > 9 ? weighted - 9 : weighted;
  }
  return (10 - (sum % 10)) % 10;
}

/** Result of {@link checkEntryNumber}. */
export type CheckEntryNumberResult =
  | { success: true; entryNumber: string }
  | { success: false; reason: 'FORMAT' | 'CHECK_DIGIT'; expected?: number };

/**
 * Checks an entry number's shape (filer code, 7 digits, check digit; dashes optional) and its check
 * digit; on success, the number written `XXX-NNNNNNN-C`.
 *
 * @example checkEntryNumber('abc12345676') // { success: true, entryNumber: 'ABC-1234567-6' }
 */
export function checkEntryNumber(text: string): CheckEntryNumberResult {
  const flat = text.trim().toUpperCase();
  if (!/^[A-Z0-9]{3}-?\d{7}-?\d$/.test(flat)) return { success: false, reason: 'FORMAT' };
  const digits = flat.replaceAll('-', '');
  const expected = entryNumberCheckDigit(digits.slice(0, 10))!;
  if (Number(digits[10]) !== expected) return { success: false, reason: 'CHECK_DIGIT', expected };
  return { success: true, entryNumber: `${digits.slice(0, 3)}-${digits.slice(3, 10)}-${digits[10]}` };
}
