import {
  type AccumulationEvidence,
  type BillOfMaterials,
  bomCommitment,
  type CompiledRuleSet,
  type CryptoPort,
  caftaDrRules,
  compileRuleSet,
  type EvaluateOriginInput,
  type EvaluateOriginResult,
  evaluateOrigin,
  fromBase64Url,
  type OriginMaterial,
  type OriginProblem,
  TEXTILE_CHAPTERS,
  toBase64Url,
  usmcaRules,
} from '@clearledger/core';
import type { MessageKey, MessageParams } from '../../i18n/index.ts';

/** The agreements whose product-specific rules the browser evaluates. */
export type QualifyAgreement = 'USMCA' | 'CAFTA_DR';
export const qualifyAgreements: readonly QualifyAgreement[] = ['USMCA', 'CAFTA_DR'];

/** How a material's originating status is shown (RO-04): none, a supplier certification, wholly obtained. */
export type EvidenceKind = 'NONE' | 'SUPPLIER_CERTIFICATION' | 'WHOLLY_OBTAINED';

/** One row of the bill of materials, as typed. */
export type BomRowInput = {
  /** Stable identity for the UI list. */
  uid: string;
  description: string;
  hs6: string;
  value: string;
  /** Grams; for textiles (de minimis by weight). */
  weightGrams: string;
  elastomeric: boolean;
  originating: boolean;
  evidence: EvidenceKind;
  /** Ledger hash of the supplier's certification. */
  credentialHash: string;
  /**
   * What the node's verifier found for that credential when it was checked from this screen (core's
   * `accumulationEvidence` of the record and its verification report); null until checked. It counts
   * only for the hash it was found for.
   */
  verification: AccumulationEvidence | null;
};

/** The "qualify a product" form: the good, its values and the bill of materials. */
export type QualifyFormInput = {
  agreement: QualifyAgreement;
  goodHs6: string;
  goodDescription: string;
  /** USMCA: transaction value (TV method; de minimis base). */
  transactionValue: string;
  /** USMCA: net cost (NC method). */
  netCost: string;
  /** CAFTA-DR: adjusted value (build-down and build-up; de minimis base). */
  adjustedValue: string;
  importDate: string;
  /** Grams of the component that determines the classification (textile goods, HS chapters 50–63). */
  goodWeightGrams: string;
  rows: BomRowInput[];
};

export function emptyBomRow(uid: string): BomRowInput {
  return {
    uid,
    description: '',
    hs6: '',
    value: '',
    weightGrams: '',
    elastomeric: false,
    originating: false,
    evidence: 'NONE',
    credentialHash: '',
    verification: null,
  };
}

export function emptyQualifyForm(today: string): QualifyFormInput {
  return {
    agreement: 'USMCA',
    goodHs6: '',
    goodDescription: '',
    transactionValue: '',
    netCost: '',
    adjustedValue: '',
    importDate: today,
    goodWeightGrams: '',
    rows: [emptyBomRow('m1')],
  };
}

const hs = (text: string) => text.replace(/[\s.]/g, '');
/** `12,500.00` → `12500.00`: thousands separators and spaces go, the rest is the engine's to check. */
const amount = (text: string) => text.trim().replace(/[\s,]/g, '');

/**
 * Whether the good is a textile or apparel good (HS chapters 50–63), which makes its de minimis by
 * weight: it follows from the subheading typed, never from a choice on the form.
 */
export function isTextileGood(goodHs6: string): boolean {
  const digits = hs(goodHs6);
  if (!/^\d{2}/.test(digits)) return false;
  const chapter = Number(digits.slice(0, 2));
  return TEXTILE_CHAPTERS.from <= chapter && chapter <= TEXTILE_CHAPTERS.to;
}

/** The material id the engine reports (failing materials, notes): `M1`, `M2`… by row. */
export const materialId = (index: number) => `M${index + 1}`;

/**
 * The input of core's `evaluateOrigin` for the form: HS codes without dots, amounts as decimal
 * strings (thousands separators dropped), empty values left out, every material's evidence (a
 * supplier certification by its hash only: it counts through {@link accumulationEvidenceOf}, RO-04),
 * weights for a textile good (HS chapters 50–63). Every RVC method the agreement allows is computed
 * from the values given.
 */
export function engineInput(form: QualifyFormInput): EvaluateOriginInput {
  const usmca = form.agreement === 'USMCA';
  const textile = isTextileGood(form.goodHs6);
  const opt = <K extends string>(key: K, text: string): Partial<Record<K, string>> =>
    amount(text) === '' ? {} : ({ [key]: amount(text) } as Record<K, string>);
  const materials: OriginMaterial[] = form.rows.map((row, i) => {
    const material: OriginMaterial = {
      id: materialId(i),
      hs6: hs(row.hs6),
      value: amount(row.value),
      originating: row.originating,
    };
    if (row.description.trim() !== '') material.description = row.description.trim();
    if (textile) {
      if (amount(row.weightGrams) !== '') material.weightGrams = amount(row.weightGrams);
      if (row.elastomeric) material.elastomeric = true;
    }
    if (row.evidence === 'WHOLLY_OBTAINED') material.evidence = { kind: 'WHOLLY_OBTAINED' };
    else if (row.evidence === 'SUPPLIER_CERTIFICATION')
      material.evidence = { kind: 'SUPPLIER_CERTIFICATION', credentialHash: row.credentialHash.trim().toLowerCase() };
    return material;
  });
  return {
    good: {
      hs6: hs(form.goodHs6),
      ...(form.goodDescription.trim() === '' ? {} : { description: form.goodDescription.trim() }),
      ...(usmca ? { ...opt('transactionValue', form.transactionValue), ...opt('netCost', form.netCost) } : {}),
      ...(usmca ? {} : opt('adjustedValue', form.adjustedValue)),
      ...(textile ? opt('weightGrams', form.goodWeightGrams) : {}),
    },
    materials,
    importDate: form.importDate,
  };
}

/** The private bill of materials the commitment is made to (good, materials, import date). */
export function billOfMaterials(form: QualifyFormInput): BillOfMaterials {
  const input = engineInput(form);
  return { good: input.good, materials: input.materials, importDate: input.importDate };
}

const compiled = new Map<QualifyAgreement, CompiledRuleSet>();

/** The agreement's rule set, compiled once. */
export function ruleSetOf(agreement: QualifyAgreement): CompiledRuleSet {
  let found = compiled.get(agreement);
  if (found === undefined) {
    found = compileRuleSet(agreement === 'USMCA' ? usmcaRules : caftaDrRules);
    compiled.set(agreement, found);
  }
  return found;
}

/**
 * The accumulation evidence of the form: each row's verification (done by the node's verifier from
 * this screen), for the hash the row names now. A row never checked, or edited since, has none.
 */
export function accumulationEvidenceOf(form: QualifyFormInput): AccumulationEvidence[] {
  const out: AccumulationEvidence[] = [];
  for (const row of form.rows) {
    const v = row.verification;
    if (row.evidence !== 'SUPPLIER_CERTIFICATION' || v === null) continue;
    if (v.credentialHash !== row.credentialHash.trim().toLowerCase()) continue;
    if (!out.some((e) => e.credentialHash === v.credentialHash)) out.push(v);
  }
  return out;
}

/** Runs core's rules-of-origin engine on the form, in the browser. */
export function evaluateForm(form: QualifyFormInput): EvaluateOriginResult {
  return evaluateOrigin(ruleSetOf(form.agreement), engineInput(form), {
    accumulationEvidence: accumulationEvidenceOf(form),
  });
}

/**
 * The input of the form a problem's JSON pointer (into the engine input) is about: `/good/hs6` →
 * `goodHs6`, `/materials/2/value` → `rows.2.value`; null when none (shown above the results).
 */
export function qualifyFieldOf(pointer: string): string | null {
  const parts = pointer.split('/').slice(1);
  if (parts[0] === 'importDate') return 'importDate';
  if (parts[0] === 'good') {
    const goodFields: Record<string, string> = {
      hs6: 'goodHs6',
      description: 'goodDescription',
      transactionValue: 'transactionValue',
      netCost: 'netCost',
      adjustedValue: 'adjustedValue',
      weightGrams: 'goodWeightGrams',
    };
    return goodFields[parts[1] ?? ''] ?? null;
  }
  if (parts[0] === 'materials' && parts[1] !== undefined && /^\d+$/.test(parts[1])) {
    const rowFields: Record<string, string> = {
      hs6: 'hs6',
      value: 'value',
      weightGrams: 'weightGrams',
      description: 'description',
      evidence: 'credentialHash',
      id: 'description',
      originating: 'originating',
      elastomeric: 'elastomeric',
    };
    const field = rowFields[parts[2] ?? ''];
    return field === undefined ? `rows.${parts[1]}.description` : `rows.${parts[1]}.${field}`;
  }
  return null;
}

/** The salted commitment to the bill of materials (core's `bomCommitment`), the only thing that would be anchored. */
export function commitmentOf(crypto: CryptoPort, form: QualifyFormInput, salt: Uint8Array): string {
  return bomCommitment(crypto, billOfMaterials(form), salt);
}

/** The working file the producer keeps: the form, the bill of materials, the salt and the commitment. */
export type WorkingFile = {
  type: 'OriginWorkingFile';
  version: 1;
  agreement: QualifyAgreement;
  form: QualifyFormInput;
  billOfMaterials: BillOfMaterials;
  /** base64url, as in the commitment's preimage `{ bom, salt }`. */
  salt: string;
  commitment: string;
  result: 'PASS' | 'FAIL' | null;
  ruleRef: string | null;
  savedAt: string;
};

export function workingFile(
  crypto: CryptoPort,
  form: QualifyFormInput,
  salt: Uint8Array,
  { result, ruleRef, savedAt }: { result: 'PASS' | 'FAIL' | null; ruleRef: string | null; savedAt: string },
): WorkingFile {
  return {
    type: 'OriginWorkingFile',
    version: 1,
    agreement: form.agreement,
    form,
    billOfMaterials: billOfMaterials(form),
    salt: toBase64Url(salt),
    commitment: commitmentOf(crypto, form, salt),
    result,
    ruleRef,
    savedAt,
  };
}

/** Reads a working file back (form and salt), or null when it is not one. */
export function readWorkingFile(json: unknown): { form: QualifyFormInput; salt: Uint8Array } | null {
  const file = json as Partial<WorkingFile> | null;
  if (file?.type !== 'OriginWorkingFile' || typeof file.salt !== 'string' || typeof file.form !== 'object') return null;
  const form = file.form as QualifyFormInput;
  if (!qualifyAgreements.includes(form.agreement) || !Array.isArray(form.rows)) return null;
  try {
    const salt = fromBase64Url(file.salt);
    // A supplier credential is verified again after loading: a file cannot say it was.
    const rows = form.rows.map((row, i) => {
      const { verified: _verified, ...kept } = row as BomRowInput & { verified?: unknown };
      return { ...emptyBomRow(`m${i + 1}`), ...kept, uid: `m${i + 1}`, verification: null };
    });
    const { isTextile: _isTextile, ...fields } = form as QualifyFormInput & { isTextile?: unknown };
    return { form: { ...emptyQualifyForm(form.importDate ?? ''), ...fields, rows }, salt };
  } catch {
    return null;
  }
}

/** The HS subheading the screen gives as its example, in its hint, its placeholder and its problems. */
export const HS_EXAMPLE = '9403.60';

/** A problem as the user reads it: a sentence of the dictionary and its parameters. */
export type PlainProblem = { key: MessageKey; params?: MessageParams };

/**
 * What a problem of the engine means for the person filling the form, in a sentence of the
 * dictionary: which value is missing or wrong and what to type, never the engine's JSON path or code
 * (those stay in the technical details). Reads the input of the field the problem is about.
 */
export function plainProblemOf(problem: OriginProblem, form: QualifyFormInput): PlainProblem {
  const field = qualifyFieldOf(problem.path);
  const row = /^rows\.(\d+)\./.exec(field ?? '');
  const rowInput = row === null ? undefined : form.rows[Number(row[1])];
  const name = field?.replace(/^rows\.\d+\./, '') ?? '';
  const typed =
    rowInput !== undefined
      ? String((rowInput as Record<string, unknown>)[name] ?? '')
      : field !== null
        ? String((form as unknown as Record<string, unknown>)[field] ?? '')
        : '';
  const empty = typed.trim() === '';
  if (problem.code === 'CL_ORIGIN_NO_RULE' && field === 'goodHs6')
    return { key: 'qualify.error.noRule', params: { code: formatHsText(hs(form.goodHs6)) } };
  if (problem.code === 'CL_ORIGIN_NO_RULE' && field === 'importDate') return { key: 'qualify.error.dateNotInForce' };
  if (name === 'hs6' || name === 'goodHs6') {
    if (empty) return { key: 'qualify.error.hsRequired', params: { example: HS_EXAMPLE } };
    if (problem.code === 'CL_ORIGIN_HS_EDITION')
      return { key: 'qualify.hsUnknown', params: { code: formatHsText(hs(typed)) } };
    return { key: 'qualify.error.hsFormat', params: { example: HS_EXAMPLE } };
  }
  if (field === 'importDate') return { key: 'qualify.error.date' };
  if (
    name === 'value' ||
    name === 'weightGrams' ||
    name === 'goodWeightGrams' ||
    field === 'transactionValue' ||
    field === 'netCost' ||
    field === 'adjustedValue'
  ) {
    if (empty)
      return { key: /method/.test(problem.message) ? 'qualify.error.requiredForMethod' : 'form.error.required' };
    return { key: 'qualify.error.amount' };
  }
  if (problem.path === '/materials') return { key: 'qualify.error.noMaterials' };
  if (name === 'credentialHash') return { key: 'qualify.error.evidence' };
  return { key: 'qualify.error.other' };
}

const formatHsText = (digits: string) => (/^\d{6}$/.test(digits) ? `${digits.slice(0, 4)}.${digits.slice(4)}` : digits);
