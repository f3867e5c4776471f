import {
  type CertificationRequiredResult,
  certificationRequired,
  checkClaimLine,
  isClearledgerError,
} from '@clearledger/core';
import type { ClaimLineInput } from '../../api/clearledgerApi.ts';
import type { MessageKey } from '../../i18n/index.ts';
import { isCalendarDate } from './certificationForm.ts';

/** Where the claim's certification comes from: pasted (QR text or JSON), a record the account can read, or none (CO-12). */
export type CertificationSource = 'PASTE' | 'RECORD' | 'NONE';

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
