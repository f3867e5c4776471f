import type { CryptoPort } from '../crypto/CryptoPort.ts';
import { toBase64Url, toHex } from '../encoding/bytes.ts';
import { ClearledgerError } from '../errors/ClearledgerError.ts';
import { canonicalize } from '../jcs/canonicalize.ts';
import type { OriginCriterion, OriginEvaluation } from './evaluateOrigin.ts';
import { isIsoDate } from './ruleSet.ts';
import type { Agreement, HsEdition, OriginGood, OriginMaterial, RvcMethod, TariffShiftLevel } from './types.ts';

/** Credential type of a record proving an origin qualification without disclosing costs. */
export const ORIGIN_QUALIFICATION_CREDENTIAL_TYPE = 'OriginQualificationCredential';

/** Shortest salt {@link bomCommitment} accepts, in bytes. */
export const BOM_COMMITMENT_MIN_SALT_BYTES = 16;

/** The private bill of materials a qualification rests on (the input of `evaluateOrigin`). */
export type BillOfMaterials = { good: OriginGood; materials: OriginMaterial[]; importDate?: string };

const COMMITMENT = /^sha256:[0-9a-f]{64}$/;

/**
 * A salted commitment to a bill of materials: `sha256:` and the lower-case hex SHA-256 of the JCS
 * (RFC 8785) of `{ "bom": bom, "salt": base64url(salt) }`. The bill of materials and the salt stay
 * with the producer; only the commitment goes on the ledger. Revealing both later lets an auditor
 * check that they are what the qualification was based on; the salt keeps anyone from confirming a
 * guessed bill of materials.
 *
 * @param crypto - Hash provider.
 * @param bom - The bill of materials (JSON values only).
 * @param salt - Fresh random bytes (at least 16), e.g. `crypto.randomBytes(32)`, kept with the bill of materials.
 * @returns `sha256:<64 hex digits>`.
 * @throws {ClearledgerError} `CL_INPUT_INVALID` for a salt shorter than 16 bytes;
 * `CL_JCS_UNSUPPORTED_VALUE` when `bom` holds a value JSON cannot carry.
 */
export function bomCommitment(crypto: CryptoPort, bom: BillOfMaterials, salt: Uint8Array): string {
  if (!(salt instanceof Uint8Array) || salt.length < BOM_COMMITMENT_MIN_SALT_BYTES) {
    throw new ClearledgerError(
      'CL_INPUT_INVALID',
      `The bill-of-materials salt must be at least ${BOM_COMMITMENT_MIN_SALT_BYTES} random bytes.`,
    );
  }
  return 'sha256:' + toHex(crypto.sha256Utf8(canonicalize({ salt: toBase64Url(salt), bom })));
}

/**
 * The `credentialSubject` of an {@link ORIGIN_QUALIFICATION_CREDENTIAL_TYPE}: what was decided and
 * under which rule, without any value, cost or percentage of the bill of materials.
 */
export type OriginQualificationSubject = {
  id?: string;
  type: 'OriginQualification';
  agreement: Agreement;
  hsEdition: HsEdition;
  good: { hs6: string; description?: string };
  result: 'PASS' | 'FAIL';
  ruleRef: string;
  ruleSource: string;
  /** Index of the alternative of the rule that was met. */
  alternative?: number;
  criterion?: OriginCriterion;
  originCriterion?: 'A' | 'B' | 'C' | 'D';
  /** The tariff-shift test of the alternative met. */
  tariffShift?: { level: TariffShiftLevel; met: boolean; deMinimisUsed: boolean };
  /** The RVC method relied on and its threshold; never the RVC itself. */
  rvc?: { method: RvcMethod; thresholdPct: string; met: boolean };
  deMinimisUsed: boolean;
  /** A verified supplier certification made a material originating. */
  accumulationUsed: boolean;
  bomCommitment: string;
  /** Date whose thresholds were applied. */
  importDate: string;
  /** Blanket period the qualification covers, if any. */
  period?: { from: string; to: string };
};

/** Parameters of {@link originQualificationSubject}. */
export type OriginQualificationSubjectParameters = {
  /** From {@link bomCommitment}. */
  bomCommitment: string;
  /** Subject id (e.g. the producer's DID), if the credential names one. */
  id?: string;
  /** Blanket period covered (ISO dates, inclusive). */
  period?: { from: string; to: string };
  /** RVC method to state when several met their threshold; default the first that did. */
  rvcMethod?: RvcMethod;
};

/**
 * Builds the credential subject proving an origin evaluation without its costs: the good's HS
 * subheading and description, agreement, rule ref, alternative met, criterion, RVC method and
 * threshold with whether it was met (not the values), whether de minimis or accumulation was used,
 * the bill-of-materials commitment and the import date or period.
 *
 * @throws {ClearledgerError} `CL_INPUT_INVALID` when the commitment or period is malformed, or
 * `rvcMethod` did not meet its threshold in the alternative met (caller bugs).
 * @example
 * const subject = originQualificationSubject(evaluation, { bomCommitment: bomCommitment(crypto, bom, salt) });
 */
export function originQualificationSubject(
  evaluation: OriginEvaluation,
  parameters: OriginQualificationSubjectParameters,
): OriginQualificationSubject {
  if (!COMMITMENT.test(parameters.bomCommitment)) {
    throw new ClearledgerError('CL_INPUT_INVALID', 'bomCommitment must be "sha256:" followed by 64 hex digits.', {
      field: 'bomCommitment',
    });
  }
  const period = parameters.period;
  if (period !== undefined && !(isIsoDate(period.from) && isIsoDate(period.to) && period.from <= period.to)) {
    throw new ClearledgerError('CL_INPUT_INVALID', 'period must hold ISO dates with from ≤ to.', { field: 'period' });
  }
  const subject: OriginQualificationSubject = {
    type: 'OriginQualification',
    agreement: evaluation.agreement,
    hsEdition: evaluation.hsEdition,
    good: { ...evaluation.good },
    result: evaluation.result,
    ruleRef: evaluation.rule.ref,
    ruleSource: evaluation.rule.source,
    deMinimisUsed: false,
    accumulationUsed: evaluation.accumulation,
    bomCommitment: parameters.bomCommitment,
    importDate: evaluation.importDate,
  };
  if (parameters.id !== undefined) subject.id = parameters.id;
  if (evaluation.criterion !== undefined) subject.criterion = evaluation.criterion;
  if (evaluation.originCriterion !== undefined) subject.originCriterion = evaluation.originCriterion;
  const passed = evaluation.passedBy === undefined ? undefined : evaluation.alternatives[evaluation.passedBy];
  if (passed !== undefined) {
    subject.alternative = passed.index;
    const shift = passed.tariffShift;
    if (shift !== undefined) {
      const used = shift.failing.length > 0 && shift.deMinimis?.within === true;
      subject.tariffShift = { level: shift.level, met: shift.satisfied, deMinimisUsed: used };
      subject.deMinimisUsed = used;
    }
    if (passed.rvc !== undefined) {
      const wanted = parameters.rvcMethod;
      const met = passed.rvc.methods.find((m) => m.pass && (wanted === undefined || m.method === wanted));
      if (met === undefined || met.thresholdPct === undefined) {
        throw new ClearledgerError(
          'CL_INPUT_INVALID',
          `RVC method ${String(wanted)} did not meet its threshold in the alternative met.`,
          { field: 'rvcMethod' },
        );
      }
      subject.rvc = { method: met.method, thresholdPct: met.thresholdPct, met: true };
    }
  }
  const d = evaluation.criterionD;
  if (passed === undefined && evaluation.criterion === 'PARTS_SAME_SUBHEADING_RVC' && d?.rvc !== undefined) {
    const wanted = parameters.rvcMethod;
    const met = d.rvc.methods.find((m) => m.pass && (wanted === undefined || m.method === wanted));
    if (met === undefined || met.thresholdPct === undefined) {
      throw new ClearledgerError(
        'CL_INPUT_INVALID',
        `RVC method ${String(wanted)} did not meet criterion D's threshold.`,
        {
          field: 'rvcMethod',
        },
      );
    }
    subject.rvc = { method: met.method, thresholdPct: met.thresholdPct, met: true };
  }
  if (period !== undefined) subject.period = { from: period.from, to: period.to };
  return subject;
}
