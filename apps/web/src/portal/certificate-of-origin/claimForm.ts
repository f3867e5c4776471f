import {
  type CertificationRequiredResult,
  certificationRequired,
  checkClaimLine,
  checkEntryNumber,
  isClearledgerError,
} from '@clearledger/core';
import type { ClaimLineInput } from '../../api/clearledgerApi.ts';
import type { MessageKey } from '../../i18n/index.ts';
import { isCalendarDate } from './certificationForm.ts';

/**
 * Where the claim's certification comes from: picked from those naming the importer, a photo of its
 * QR code, the PDF the node printed, pasted (QR text or JSON), a record the account can read, a check
 * made on this device, or none (CO-12).
 */
export type CertificationSource = 'PICK' | 'PHOTO' | 'PDF' | 'PASTE' | 'RECORD' | 'CHECK' | 'NONE';

/** The claim form, as typed. */
export type ClaimFormInput = {
  entryNumber: string;
  entryLine: string;
  htsus: string;
  importDate: string;
  valueUsd: string;
  commercial: boolean;
  source: CertificationSource;
  pasted: string;
  recordId: string;
  /** The hash of the certification picked from the list, or read from a PDF. */
  picked: string;
  /** The text of the QR code read from a photo. */
  scanned: string;
  /** The id of the check on this device the claim starts from (its verified record). */
  checkId: string;
  /** The importer of record (DID) a broker files for; '' for the caller's own organisation. */
  importer: string;
};

export type ClaimField = keyof ClaimFormInput;
export type ClaimFormProblems = Partial<Record<ClaimField, { key: MessageKey } | { message: string }>>;

export function emptyClaimForm(today: string): ClaimFormInput {
  return {
    entryNumber: '',
    entryLine: '1',
    htsus: '',
    importDate: today,
    valueUsd: '',
    commercial: true,
    source: 'PASTE',
    pasted: '',
    recordId: '',
    picked: '',
    scanned: '',
    checkId: '',
    importer: '',
  };
}

const ENTRY_NUMBER = /^[A-Z0-9]{3}-?\d{7}-?\d$/;
const HTSUS = /^\d{8}(\d{2})?$/;
const AMOUNT = /^\d+(\.\d+)?$/;

/** `9403.60.40.81` → `9403604081`. */
export const normalizeHtsus = (text: string) => text.replace(/[\s.]/g, '');
const normalizeAmount = (text: string) => text.trim().replace(/^\$/, '');

/**
 * The claim line to send, from the form (entry number upper-cased, HTSUS digits only). There is no
 * claim date: the node dates the claim with the date at the port when it receives it.
 */
export function claimLineOf(form: ClaimFormInput): ClaimLineInput {
  return {
    entryNumber: form.entryNumber.trim().toUpperCase(),
    entryLine: Number(form.entryLine.trim()),
    htsus: normalizeHtsus(form.htsus),
    importDate: form.importDate,
    valueUsd: normalizeAmount(form.valueUsd),
    commercial: form.commercial,
  };
}

/**
 * Checks the claim form: each input's format with a message in the user's language, then core's
 * `checkClaimLine` on the line as it will be sent (the node's own check), and the certification's
 * source (something pasted, a record id).
 */
export function validateClaimForm(form: ClaimFormInput, { today }: { today: string }): ClaimFormProblems {
  const problems: ClaimFormProblems = {};
  const add = (field: ClaimField, key: MessageKey) => {
    problems[field] ??= { key };
  };
  const entry = form.entryNumber.trim().toUpperCase();
  if (entry === '') add('entryNumber', 'form.error.required');
  else if (!ENTRY_NUMBER.test(entry)) add('entryNumber', 'claim.error.entryNumber');
  else if (!checkEntryNumber(entry).success) add('entryNumber', 'claim.error.checkDigit');
  const line = form.entryLine.trim();
  if (line === '') add('entryLine', 'form.error.required');
  else if (!/^\d{1,4}$/.test(line) || Number(line) < 1) add('entryLine', 'claim.error.entryLine');
  const htsus = normalizeHtsus(form.htsus);
  if (htsus === '') add('htsus', 'form.error.required');
  else if (!HTSUS.test(htsus)) add('htsus', 'claim.error.htsus');
  if (form.importDate.trim() === '') add('importDate', 'form.error.required');
  else if (!isCalendarDate(form.importDate)) add('importDate', 'form.error.date');
  else if (form.importDate > today) add('importDate', 'form.error.future');
  const value = normalizeAmount(form.valueUsd);
  if (value === '') add('valueUsd', 'form.error.required');
  else if (!AMOUNT.test(value)) add('valueUsd', 'claim.error.value');
  if (form.source === 'PASTE' && form.pasted.trim() === '') add('pasted', 'form.error.required');
  if (form.source === 'RECORD' && form.recordId.trim() === '') add('recordId', 'form.error.required');
  if (form.source === 'PICK' && form.picked === '') add('picked', 'fileClaim.error.pick');
  if (form.source === 'PDF' && form.picked === '') add('picked', 'fileClaim.error.pdf');
  if (form.source === 'PHOTO' && form.scanned === '') add('scanned', 'fileClaim.error.photo');

  if (Object.keys(problems).length === 0) {
    const sent = claimLineOf(form);
    try {
      checkClaimLine({ ...sent, claimDate: today });
    } catch (error) {
      if (!isClearledgerError(error)) throw error;
      const field = (error.field ?? '').replace(/^\//, '') as ClaimField;
      problems[field in form ? field : 'entryNumber'] = { message: error.message };
    }
  }
  return problems;
}

/**
 * Whether the claim needs a certification (core's CO-12): shown when the claim relies on none.
 * Null while the value is not an amount.
 */
export function exemptionOf(form: Pick<ClaimFormInput, 'commercial' | 'valueUsd'>): CertificationRequiredResult | null {
  const value = normalizeAmount(form.valueUsd);
  if (!AMOUNT.test(value)) return null;
  return certificationRequired({ commercial: form.commercial, originatingValueUsd: value });
}

/** The claim form of a correction: the line as filed, the same certification (kept unless replaced). */
export function correctionForm(line: ClaimLineInput, today: string): ClaimFormInput {
  return {
    ...emptyClaimForm(today),
    entryNumber: line.entryNumber,
    entryLine: String(line.entryLine),
    htsus: line.htsus,
    importDate: line.importDate,
    valueUsd: line.valueUsd,
    commercial: line.commercial,
  };
}

/**
 * The record hash a PDF printed by the node carries in its document information (`/Subject`), or
 * null: the PDF is not one of the node's printed records.
 */
export function recordHashOfPdf(bytes: Uint8Array): string | null {
  if (String.fromCharCode(...bytes.subarray(0, 5)) !== '%PDF-') return null;
  // The document information is not compressed: read it as Latin-1 text. /Subject is a string or,
  // as pdfkit writes it, a reference to an object holding the string.
  const text = new TextDecoder('latin1').decode(bytes);
  const reference = /\/Subject\s+(\d+)\s+(\d+)\s+R/.exec(text);
  const holder =
    reference === null
      ? text
      : (new RegExp(`(?:^|\\s)${reference[1]}\\s+${reference[2]}\\s+obj\\s*([^]{0,400}?)endobj`).exec(text)?.[1] ?? '');
  const subject = reference === null ? '/Subject' : '';
  const match =
    new RegExp(`${subject}\\s*\\(([0-9a-f]{64})\\)`).exec(holder) ??
    new RegExp(`${subject}\\s*<([0-9a-fA-F]+)>`).exec(holder);
  if (match === null) return null;
  const value = match[1]!;
  if (value.length === 64) return value;
  // A hex string (UTF-16BE with its byte order mark, or plain bytes).
  const decoded = (value.toUpperCase().startsWith('FEFF') ? value.slice(4) : value).match(/../g) ?? [];
  const chars = value.toUpperCase().startsWith('FEFF')
    ? decoded.filter((_, i) => i % 2 === 1).map((h) => String.fromCharCode(Number.parseInt(h, 16)))
    : decoded.map((h) => String.fromCharCode(Number.parseInt(h, 16)));
  const hash = chars.join('');
  return /^[0-9a-f]{64}$/.test(hash) ? hash : null;
}

/** `48250.5` in U.S. dollars with the locale's separators: `$48,250.50`, `48 250,50 $US`. */
export function formatUsd(value: string, locale: string): string {
  const amount = Number(value);
  if (!Number.isFinite(amount)) return `US$ ${value}`;
  const decimals = Math.max(2, Math.min(6, (value.split('.')[1] ?? '').length));
  return new Intl.NumberFormat(locale, {
    style: 'currency',
    currency: 'USD',
    currencyDisplay: 'symbol',
    minimumFractionDigits: 2,
    maximumFractionDigits: decimals,
  }).format(amount);
}
