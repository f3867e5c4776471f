import { isHs2022Subheading } from '../hs/hsNomenclature.ts';
import {
  comparePct,
  DECIMAL_MAX_FRACTION_DIGITS,
  type Decimal,
  decimal,
  formatPct,
  formatUnits,
  parseDecimal,
  unitsAtScale,
} from './decimal.ts';
import {
  type CompiledAlternative,
  type CompiledRuleSet,
  compileRuleSet,
  deMinimisExclusionFor,
  findCompiledRule,
  isIsoDate,
  loadRuleSet,
  type RuleSummary,
} from './ruleSet.ts';
import {
  CRITERION_D_EXCLUDED_CHAPTERS,
  criterionDThresholdPct,
  TEXTILE_CHAPTERS,
} from './rules/deMinimisExclusions.ts';
import type {
  AccumulationEvidence,
  Agreement,
  DeMinimisBasis,
  EvaluateOriginInput,
  HsEdition,
  OriginProblem,
  RuleSet,
  RvcMethod,
  TariffShiftLevel,
} from './types.ts';

/** A de minimis exclusion that applied to a material (USMCA Annex 4-A, CAFTA-DR Art. 4.6.2). */
export type DeMinimisExclusionApplied = { ref: string; description: string; source: string };

/** A non-originating material that does not make the required tariff shift. */
export type TariffShiftFailure = {
  materialId: string;
  hs6: string;
  value: string;
  reason: string;
  /** Set when de minimis cannot be used for this material in this good. */
  deMinimisExcluded?: DeMinimisExclusionApplied;
};

/**
 * The de minimis test on the materials failing the tariff shift: their share of the base (value of
 * the good, or weight of the classifying component) against the limit; `within` when share ≤ limit,
 * compared exactly. `base` and `pct` are absent when the base could not be established (see reasons).
 */
export type DeMinimisOutcome = {
  basis: DeMinimisBasis;
  failingValue: string;
  base?: string;
  /** Share in percent, 2 decimals, for display. */
  pct?: string;
  limitPct: string;
  /** True when the share is within the limit (and, for weight, the elastomeric part within its own limit). */
  within: boolean;
  /** Weight basis only, when failing materials are elastomeric: their weight against the elastomeric limit. */
  elastomeric?: { weight: string; pct: string; limitPct: string; within: boolean };
  /** Failing materials de minimis cannot be used for; any makes `within` false. */
  excluded?: (DeMinimisExclusionApplied & { materialId: string })[];
};

/** The tariff-shift test of one alternative. */
export type TariffShiftOutcome = {
  level: TariffShiftLevel;
  exceptFrom?: string[];
  /** True when no material fails, or the failing ones are within de minimis. */
  satisfied: boolean;
  failing: TariffShiftFailure[];
  deMinimis?: DeMinimisOutcome;
};

/** One RVC method of one alternative. */
export type RvcMethodOutcome = {
  method: RvcMethod;
  pass: boolean;
  /** The RVC in percent, 2 decimals (half-up), for display; absent when it could not be computed. */
  pct?: string;
  /** The exact RVC: `100 × numerator / denominator` (decimal strings); the comparison uses this. */
  exact?: { numerator: string; denominator: string };
  /** The threshold in force on the import date. */
  thresholdPct?: string;
  /** Why the method was not computed or has no threshold. */
  reason?: string;
};

/** The RVC test of one alternative: met when one method meets its threshold. */
export type RvcOutcome = { pass: boolean; methods: RvcMethodOutcome[] };

/** One alternative of the product-specific rule, with every test it names. */
export type AlternativeOutcome = {
  index: number;
  result: 'PASS' | 'FAIL';
  tariffShift?: TariffShiftOutcome;
  rvc?: RvcOutcome;
  reasons: string[];
};

/** How a material's originating status was decided when it differs from a plain claim, or rests on evidence. */
export type MaterialNote = {
  materialId: string;
  treatedAs: 'ORIGINATING' | 'NON_ORIGINATING';
  basis:
    | 'NO_EVIDENCE'
    | 'UNVERIFIED_SUPPLIER_CERTIFICATION'
    | 'SUPPLIER_CERTIFICATION_REJECTED'
    | 'SUPPLIER_CERTIFICATION'
    | 'WHOLLY_OBTAINED';
  message: string;
};

/**
 * Why the good qualifies (USMCA Art. 4.2 / Annex 5-A letters): every material wholly obtained or
 * produced (A), the product-specific rule (B), every material originating (C), or a non-originating
 * part classified with the good and the RVC of criterion D (D).
 */
export type OriginCriterion =
  | 'WHOLLY_OBTAINED'
  | 'PRODUCT_SPECIFIC_RULE'
  | 'ORIGINATING_MATERIALS_ONLY'
  | 'PARTS_SAME_SUBHEADING_RVC';

/** The Annex 5-A letter of each criterion. */
export const originCriterionLetter: Readonly<Record<OriginCriterion, 'A' | 'B' | 'C' | 'D'>> = Object.freeze({
  WHOLLY_OBTAINED: 'A',
  PRODUCT_SPECIFIC_RULE: 'B',
  ORIGINATING_MATERIALS_ONLY: 'C',
  PARTS_SAME_SUBHEADING_RVC: 'D',
});

/**
 * Criterion D (USMCA Art. 4.2(d), NAFTA Art. 401(d)), assessed when the product-specific rule is not
 * met: a non-originating part is classified in the good's own subheading (or heading not divided into
 * subheadings), so it cannot make the shift; the good then qualifies on RVC alone (60 % transaction
 * value or 50 % net cost). Not for HS chapters 61–63. The unassembled-good case (GRI 2(a)) is not
 * modelled.
 */
export type CriterionDOutcome = {
  result: 'PASS' | 'FAIL';
  /** Non-originating materials classified with the good. */
  parts: string[];
  rvc?: RvcOutcome;
  reasons: string[];
};

/** The explained result of {@link evaluateOrigin}. */
export type OriginEvaluation = {
  result: 'PASS' | 'FAIL';
  agreement: Agreement;
  hsEdition: HsEdition;
  importDate: string;
  good: { hs6: string; description?: string };
  rule: RuleSummary;
  /** Index of the first alternative that passed. */
  passedBy?: number;
  /** Set when the result is PASS. */
  criterion?: OriginCriterion;
  /** USMCA Annex 5-A / NAFTA letter of the criterion (A–D), when the agreement has one. */
  originCriterion?: 'A' | 'B' | 'C' | 'D';
  /** True for a good of HS chapters 50–63: de minimis by weight of the classifying component. */
  textile: boolean;
  alternatives: AlternativeOutcome[];
  /** Criterion D, when the agreement has it and the product-specific rule is not met. */
  criterionD?: CriterionDOutcome;
  /** Value of non-originating materials (VNM; RO-03 and RO-04 included) and of originating ones (VOM). */
  totals: { vnm: string; vom: string; nonOriginatingCount: number; originatingCount: number };
  /** True when a verified supplier credential made a material originating (accumulation). */
  accumulation: boolean;
  /** Materials whose status rests on evidence or was overridden for lack of it (RO-04). */
  notes: MaterialNote[];
};

/** What the caller verified, beside the bill of materials. */
export type EvaluateOriginOptions = {
  /**
   * The verifier's findings for the supplier credentials the materials name (see
   * `verifyAccumulationEvidence`). A material whose credential is not here counts as non-originating.
   */
  accumulationEvidence?: readonly AccumulationEvidence[];
};

/** Result of {@link evaluateOrigin}. */
export type EvaluateOriginResult =
  | { success: true; data: OriginEvaluation }
  | { success: false; problems: OriginProblem[] };

/** Scale all values are brought to (the most fraction digits an input may have). */
const S = DECIMAL_MAX_FRACTION_DIGITS;
const HS6 = /^\d{6}$/;
const HEX64 = /^[0-9a-f]{64}$/;
const METHOD_NAMES: Record<RvcMethod, string> = {
  TV: 'transaction value',
  NC: 'net cost',
  BUILD_DOWN: 'build-down',
  BUILD_UP: 'build-up',
};
const BASE_FIELD: Record<RvcMethod, 'transactionValue' | 'netCost' | 'adjustedValue'> = {
  TV: 'transactionValue',
  NC: 'netCost',
  BUILD_DOWN: 'adjustedValue',
  BUILD_UP: 'adjustedValue',
};
const LEVEL_WORD: Record<TariffShiftLevel, string> = { CC: 'chapter', CTH: 'heading', CTSH: 'subheading' };
const compiledCache = new WeakMap<RuleSet, CompiledRuleSet | OriginProblem[]>();

/** Per-evaluation facts of one material. */
type Material = {
  id: string;
  hs6: string;
  hs: number;
  value: bigint;
  weight: bigint | undefined;
  elastomeric: boolean;
  originating: boolean;
  /** Why a non-originating material is non-originating despite its claim (RO-04), for failure reasons. */
  status: string | undefined;
};

type GoodValues = {
  transactionValue: bigint | undefined;
  netCost: bigint | undefined;
  adjustedValue: bigint | undefined;
  totalCost: bigint | undefined;
  weight: bigint | undefined;
};

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function problem(problems: OriginProblem[], path: string, message: string): void {
  problems.push({ code: 'CL_INPUT_INVALID', path, message });
}

/** Parses an optional amount at scale S; undefined when absent, null when invalid (a problem is added). */
function amount(value: unknown, path: string, problems: OriginProblem[], positive: boolean): bigint | undefined | null {
  if (value === undefined) return undefined;
  const parsed = parseDecimal(value);
  if (!parsed.success) {
    problem(problems, path, parsed.message);
    return null;
  }
  const units = unitsAtScale(parsed.data, S);
  if (positive ? units <= 0n : units < 0n) {
    problem(problems, path, positive ? 'must be greater than 0' : 'must not be negative');
    return null;
  }
  return units;
}

function notInEdition(path: string, hs6: string): OriginProblem {
  return {
    code: 'CL_ORIGIN_HS_EDITION',
    path,
    message: `${hs6.slice(0, 4)}.${hs6.slice(4)} is not an HS 2022 subheading; transpose codes of other HS editions first (RO-01)`,
  };
}

function hsLabel(hs: number, level: TariffShiftLevel): string {
  const text = String(hs).padStart(6, '0');
  if (level === 'CC') return `chapter ${text.slice(0, 2)}`;
  if (level === 'CTH') return `heading ${text.slice(0, 2)}.${text.slice(2, 4)}`;
  return `subheading ${text.slice(0, 4)}.${text.slice(4)}`;
}

function fmt(units: bigint): string {
  return formatUnits(units, S);
}

function pctOf(part: bigint, base: bigint) {
  return { numerator: { units: part, scale: S }, denominator: { units: base, scale: S } };
}

/**
 * Decides whether a good qualifies as originating under the product-specific rule of `ruleSet` that
 * covers its HS subheading, and explains every alternative of that rule.
 *
 * - RO-01: HS codes of the good and the materials are 6-digit subheadings that exist in the rule
 *   set's HS edition (HS 2022); others are refused with `CL_ORIGIN_HS_EDITION`.
 * - Tariff shift: every non-originating material must change chapter/heading/subheading and not come
 *   from an excepted code; those that do not are allowed while their share is within de minimis
 *   (USMCA 10 %, CAFTA-DR 10 %, NAFTA 7 %). The base is the transaction value of the good for
 *   USMCA/NAFTA — or its total cost when the claimant relies on the net cost method only, or gives no
 *   transaction value (never the net cost) — and the adjusted value for CAFTA-DR. A good of HS
 *   chapters 50–63 is a textile or apparel good, derived from its subheading: its base is the weight
 *   of the component that determines classification. The limit itself passes (≤). De minimis is never
 *   used for a material the agreement's exclusions name for the good (USMCA Annex 4-A, CAFTA-DR
 *   Art. 4.6.2, and the rule set's own `deMinimisExclusions`).
 * - RVC: every method of the alternative (or those in `input.rvcMethods`) is computed exactly and
 *   compared unrounded (RO-02) with the threshold in force on `importDate` (RO-05); one method
 *   meeting its threshold meets the requirement. De minimis materials stay in VNM (RO-03).
 * - RO-04: a material counts as originating only with evidence — a wholly-obtained attestation, or a
 *   supplier credential whose {@link AccumulationEvidence} in `options` is VALID, of the rule set's
 *   agreement and covers the material's subheading (accumulation); otherwise it is non-originating
 *   and `notes` says why.
 * - The good qualifies when an alternative passes (criterion B), when every material is wholly
 *   obtained (A) or originating (C), or — USMCA/NAFTA — under criterion D (see {@link CriterionDOutcome}).
 *
 * Unknown input fields are ignored. Values are decimal strings (or safe integers) in one currency.
 *
 * @param ruleSet - A rule set compiled with `compileRuleSet` (a plain rule set is compiled once and cached).
 * @param input - Good, bill of materials and import date.
 * @param options - The verified accumulation evidence.
 * @returns `{ success: true, data }` with the explanation, or `{ success: false, problems }` with JSON
 * pointers (bad input, no rule for the subheading, other HS edition); never throws for any input.
 * @example
 * const rules = compileRuleSet(usmcaRules);
 * const r = evaluateOrigin(rules, { good: { hs6: '190590', transactionValue: '1000' }, materials, importDate: '2024-03-01' });
 * if (r.success) console.log(r.data.result, r.data.passedBy);
 */
export function evaluateOrigin(
  ruleSet: CompiledRuleSet | RuleSet,
  input: EvaluateOriginInput,
  options: EvaluateOriginOptions = {},
): EvaluateOriginResult {
  const compiled = compiledOf(ruleSet);
  if (Array.isArray(compiled)) return { success: false, problems: compiled };
  const problems: OriginProblem[] = [];
  const raw = input as unknown;
  if (!isObject(raw)) {
    problem(problems, '', 'must be an object { good, materials, importDate }');
    return { success: false, problems };
  }
  const { agreement, hsEdition } = compiled.ruleSet;

  if (raw.hsEdition !== undefined && raw.hsEdition !== hsEdition) {
    problems.push({
      code: 'CL_ORIGIN_HS_EDITION',
      path: '/hsEdition',
      message: `the rule set is written in ${hsEdition}; transpose the HS codes from ${String(raw.hsEdition)} first (RO-01)`,
    });
  }
  const importDate = raw.importDate;
  if (!isIsoDate(importDate)) problem(problems, '/importDate', 'must be an ISO calendar date (YYYY-MM-DD)');
  else {
    const inForce = compiled.ruleSet.inForce;
    if (inForce !== undefined && (importDate < inForce.from || (inForce.to !== undefined && importDate > inForce.to))) {
      problems.push({
        code: 'CL_ORIGIN_NO_RULE',
        path: '/importDate',
        message: `the ${agreement} rules apply to importations from ${inForce.from}${inForce.to === undefined ? '' : ` to ${inForce.to}`}`,
      });
    }
  }

  // Good
  const good = raw.good;
  let goodHs = -1;
  let goodHs6 = '';
  let description: string | undefined;
  let isTextile = false;
  const values: GoodValues = {
    transactionValue: undefined,
    netCost: undefined,
    adjustedValue: undefined,
    totalCost: undefined,
    weight: undefined,
  };
  if (!isObject(good)) problem(problems, '/good', 'must be an object { hs6, ... }');
  else {
    if (typeof good.hs6 !== 'string' || !HS6.test(good.hs6)) {
      problem(problems, '/good/hs6', `must be a 6-digit ${hsEdition} subheading such as "190590" (RO-01)`);
    } else if (!isHs2022Subheading(good.hs6)) {
      problems.push(notInEdition('/good/hs6', good.hs6));
    } else {
      goodHs6 = good.hs6;
      goodHs = Number(good.hs6);
      const chapter = Math.floor(goodHs / 10_000);
      isTextile = TEXTILE_CHAPTERS.from <= chapter && chapter <= TEXTILE_CHAPTERS.to;
    }
    if (good.description !== undefined) {
      if (typeof good.description !== 'string') problem(problems, '/good/description', 'must be a string');
      else description = good.description;
    }
    if (good.isTextile !== undefined) {
      problem(
        problems,
        '/good/isTextile',
        'is not accepted: a good is a textile or apparel good when its subheading is in HS chapters 50–63, which the engine derives from hs6; remove the field',
      );
    }
    const tv = amount(good.transactionValue, '/good/transactionValue', problems, true);
    const nc = amount(good.netCost, '/good/netCost', problems, true);
    const av = amount(good.adjustedValue, '/good/adjustedValue', problems, true);
    const tc = amount(good.totalCost, '/good/totalCost', problems, true);
    const w = amount(good.weightGrams, '/good/weightGrams', problems, true);
    if (tv !== null) values.transactionValue = tv;
    if (nc !== null) values.netCost = nc;
    if (av !== null) values.adjustedValue = av;
    if (tc !== null) values.totalCost = tc;
    if (w !== null) values.weight = w;
    if (typeof tc === 'bigint' && typeof nc === 'bigint' && tc < nc) {
      problem(
        problems,
        '/good/totalCost',
        'must not be less than netCost (net cost is the total cost less promotion, royalty, shipping and non-allowable interest costs)',
      );
    }
  }

  // Claimant's RVC methods
  let chosen: readonly RvcMethod[] | undefined;
  if (raw.rvcMethods !== undefined) {
    const list = raw.rvcMethods;
    if (!Array.isArray(list) || list.some((m) => typeof m !== 'string' || !(m in METHOD_NAMES))) {
      problem(problems, '/rvcMethods', 'must be an array of "TV", "NC", "BUILD_DOWN" or "BUILD_UP"');
    } else chosen = list as RvcMethod[];
  }

  // Materials
  const materials: Material[] = [];
  const notes: MaterialNote[] = [];
  const evidenceByHash = new Map<string, AccumulationEvidence>();
  for (const e of options.accumulationEvidence ?? []) evidenceByHash.set(e.credentialHash, e);
  let accumulation = false;
  let whollyObtainedCount = 0;
  let vnm = 0n;
  let vom = 0n;
  let nonOriginatingCount = 0;
  const list = raw.materials;
  if (!Array.isArray(list) || list.length === 0) {
    problem(problems, '/materials', 'must be a non-empty array of materials');
  } else {
    const ids = new Set<string>();
    for (let i = 0; i < list.length; i++) {
      const m = list[i] as unknown;
      const at = `/materials/${i}`;
      if (!isObject(m)) {
        problem(problems, at, 'must be an object { id, hs6, value, originating, ... }');
        continue;
      }
      const id = m.id;
      let ok = true;
      if (typeof id !== 'string' || id.length === 0) {
        problem(problems, `${at}/id`, 'must be a non-empty string');
        ok = false;
      } else if (ids.has(id)) {
        problem(problems, `${at}/id`, `"${id}" is used by another material`);
        ok = false;
      } else ids.add(id);
      if (typeof m.hs6 !== 'string' || !HS6.test(m.hs6)) {
        problem(problems, `${at}/hs6`, `must be a 6-digit ${hsEdition} subheading (RO-01)`);
        ok = false;
      } else if (!isHs2022Subheading(m.hs6)) {
        problems.push(notInEdition(`${at}/hs6`, m.hs6));
        ok = false;
      }
      const value = m.value === undefined ? null : amount(m.value, `${at}/value`, problems, false);
      if (m.value === undefined) problem(problems, `${at}/value`, 'is required');
      const weight = amount(m.weightGrams, `${at}/weightGrams`, problems, false);
      if (m.elastomeric !== undefined && typeof m.elastomeric !== 'boolean') {
        problem(problems, `${at}/elastomeric`, 'must be a boolean');
        ok = false;
      }
      if (typeof m.originating !== 'boolean') {
        problem(problems, `${at}/originating`, 'must be a boolean');
        ok = false;
      }
      const evidence = m.evidence;
      let evidenceKind: 'NONE' | 'WHOLLY_OBTAINED' | 'SUPPLIER' = 'NONE';
      let credential = '';
      if (evidence !== undefined) {
        if (!isObject(evidence)) {
          problem(problems, `${at}/evidence`, 'must be an object { kind, ... }');
          ok = false;
        } else if (evidence.kind === 'WHOLLY_OBTAINED') evidenceKind = 'WHOLLY_OBTAINED';
        else if (evidence.kind === 'SUPPLIER_CERTIFICATION') {
          if (typeof evidence.credentialHash !== 'string' || !HEX64.test(evidence.credentialHash)) {
            problem(
              problems,
              `${at}/evidence/credentialHash`,
              'must be the credential hash (64 lower-case hex digits)',
            );
            ok = false;
          }
          if (evidence.verified !== undefined) {
            problem(
              problems,
              `${at}/evidence/verified`,
              'is not accepted: a supplier credential counts only once the caller has verified it (clearledger qualify --evidence, or the portal’s Verify button); remove the field',
            );
            ok = false;
          }
          credential = String(evidence.credentialHash);
          evidenceKind = 'SUPPLIER';
        } else {
          problem(problems, `${at}/evidence/kind`, 'must be "SUPPLIER_CERTIFICATION" or "WHOLLY_OBTAINED"');
          ok = false;
        }
      }
      if (!ok || value === null || value === undefined || weight === null) continue;
      const claimed = m.originating === true;
      const short = credential.slice(0, 12);
      let originating: boolean;
      let status: string | undefined;
      if (evidenceKind === 'WHOLLY_OBTAINED') {
        originating = true;
        whollyObtainedCount++;
        notes.push({
          materialId: id as string,
          treatedAs: 'ORIGINATING',
          basis: 'WHOLLY_OBTAINED',
          message: claimed
            ? 'originating: wholly obtained or produced (attested)'
            : 'originating: wholly obtained or produced (attested), although not claimed as originating',
        });
      } else if (evidenceKind === 'SUPPLIER') {
        const found = evidenceByHash.get(credential);
        const refusal = found === undefined ? undefined : supplierRefusal(found, agreement, m.hs6 as string);
        if (found !== undefined && refusal === undefined) {
          originating = true;
          accumulation = true;
          notes.push({
            materialId: id as string,
            treatedAs: 'ORIGINATING',
            basis: 'SUPPLIER_CERTIFICATION',
            message: `originating by accumulation: supplier credential ${short}… verified VALID${found.issuer === undefined ? '' : ` (issued by ${found.issuer})`}, covering ${hsText(m.hs6 as string)}`,
          });
        } else {
          originating = false;
          const why = refusal ?? 'was not verified';
          status = `supplier credential ${short}… ${why} (RO-04)`;
          notes.push({
            materialId: id as string,
            treatedAs: 'NON_ORIGINATING',
            basis: found === undefined ? 'UNVERIFIED_SUPPLIER_CERTIFICATION' : 'SUPPLIER_CERTIFICATION_REJECTED',
            message: `treated as non-originating: the supplier credential ${short}… ${why} (RO-04)`,
          });
        }
      } else {
        originating = false;
        if (claimed) {
          status = 'claimed originating without evidence (RO-04)';
          notes.push({
            materialId: id as string,
            treatedAs: 'NON_ORIGINATING',
            basis: 'NO_EVIDENCE',
            message:
              'treated as non-originating: marked originating without evidence (supplier certification or wholly-obtained attestation) (RO-04)',
          });
        }
      }
      if (originating) vom += value;
      else {
        vnm += value;
        nonOriginatingCount++;
      }
      materials.push({
        id: id as string,
        hs6: m.hs6 as string,
        hs: Number(m.hs6),
        value,
        weight,
        elastomeric: m.elastomeric === true,
        originating,
        status,
      });
    }
  }

  if (goodHs < 0) return { success: false, problems };
  const found = findCompiledRule(compiled, goodHs);
  if (found === undefined) {
    problems.push({
      code: 'CL_ORIGIN_NO_RULE',
      path: '/good/hs6',
      message: `the ${agreement} rule set has no product-specific rule for subheading ${goodHs6.slice(0, 4)}.${goodHs6.slice(4)}`,
    });
    return { success: false, problems };
  }
  if (chosen !== undefined) {
    for (const alt of found.alternatives) {
      for (const method of alt.rvc?.methods ?? []) {
        const field = BASE_FIELD[method];
        if (chosen.includes(method) && values[field] === undefined) {
          if (!problems.some((p) => p.path === `/good/${field}`)) {
            problem(problems, `/good/${field}`, `is required by the chosen ${METHOD_NAMES[method]} method`);
          }
        }
      }
    }
  }
  if (problems.length > 0) return { success: false, problems };

  const date = importDate as string;
  const alternatives: AlternativeOutcome[] = [];
  let passedBy: number | undefined;
  for (let index = 0; index < found.alternatives.length; index++) {
    const outcome = evaluateAlternative(
      compiled,
      found.alternatives[index]!,
      index,
      goodHs,
      isTextile,
      values,
      materials,
      vnm,
      vom,
      date,
      chosen,
    );
    alternatives.push(outcome);
    if (passedBy === undefined && outcome.result === 'PASS') passedBy = index;
  }

  const onlyOriginating = nonOriginatingCount === 0;
  const whollyObtained = onlyOriginating && whollyObtainedCount === materials.length;
  let criterionD: CriterionDOutcome | undefined;
  if (passedBy === undefined && !onlyOriginating) {
    criterionD = evaluateCriterionD(agreement, goodHs, values, materials, vnm, date, chosen);
  }
  const pass = passedBy !== undefined || onlyOriginating || criterionD?.result === 'PASS';
  const data: OriginEvaluation = {
    result: pass ? 'PASS' : 'FAIL',
    agreement,
    hsEdition,
    importDate: date,
    good: description === undefined ? { hs6: goodHs6 } : { hs6: goodHs6, description },
    textile: isTextile,
    rule: { ...found.summary },
    alternatives,
    totals: {
      vnm: fmt(vnm),
      vom: fmt(vom),
      nonOriginatingCount,
      originatingCount: materials.length - nonOriginatingCount,
    },
    accumulation,
    notes,
  };
  if (passedBy !== undefined) data.passedBy = passedBy;
  if (criterionD !== undefined) data.criterionD = criterionD;
  if (pass) {
    const criterion: OriginCriterion = whollyObtained
      ? 'WHOLLY_OBTAINED'
      : onlyOriginating
        ? 'ORIGINATING_MATERIALS_ONLY'
        : passedBy !== undefined
          ? 'PRODUCT_SPECIFIC_RULE'
          : 'PARTS_SAME_SUBHEADING_RVC';
    data.criterion = criterion;
    if (agreement !== 'CAFTA_DR') data.originCriterion = originCriterionLetter[criterion];
  }
  return { success: true, data };
}

function compiledOf(ruleSet: CompiledRuleSet | RuleSet): CompiledRuleSet | OriginProblem[] {
  if ((ruleSet as CompiledRuleSet).kind === 'CompiledRuleSet') return ruleSet as CompiledRuleSet;
  const raw = ruleSet as RuleSet;
  const cached = compiledCache.get(raw);
  if (cached !== undefined) return cached;
  const loaded = loadRuleSet(raw);
  const result = loaded.success
    ? compileRuleSet(loaded.data)
    : loaded.problems.map((p) => ({ ...p, path: `/ruleSet${p.path}` }));
  if (typeof raw === 'object' && raw !== null) compiledCache.set(raw, result);
  return result;
}

function evaluateAlternative(
  compiled: CompiledRuleSet,
  alt: CompiledAlternative,
  index: number,
  goodHs: number,
  isTextile: boolean,
  values: GoodValues,
  materials: readonly Material[],
  vnm: bigint,
  vom: bigint,
  date: string,
  chosen: readonly RvcMethod[] | undefined,
): AlternativeOutcome {
  const reasons: string[] = [];
  let pass = true;
  let tariffShiftOutcome: TariffShiftOutcome | undefined;
  let rvcOutcome: RvcOutcome | undefined;

  const shift = alt.shift;
  if (shift !== undefined) {
    const failing: TariffShiftFailure[] = [];
    const basis: DeMinimisBasis = isTextile ? 'WEIGHT' : (alt.alternative.deMinimisBasis ?? 'VALUE');
    const excluded: (DeMinimisExclusionApplied & { materialId: string })[] = [];
    let failingSum = 0n;
    let elastomericSum = 0n;
    let missingWeight: string | undefined;
    const goodCode = Math.floor(goodHs / shift.divisor);
    for (const m of materials) {
      if (m.originating) continue;
      let reason: string | undefined;
      if (Math.floor(m.hs / shift.divisor) === goodCode) {
        reason = `non-originating ${hsLabel(m.hs, shift.level)} does not change ${LEVEL_WORD[shift.level]}`;
      } else {
        for (const e of shift.except) {
          const code = Math.floor(m.hs / e.divisor);
          if (e.lo <= code && code <= e.hi) {
            reason = `non-originating material from subheading ${m.hs6.slice(0, 4)}.${m.hs6.slice(4)}, which the rule excepts`;
            break;
          }
        }
      }
      if (reason === undefined) continue;
      const failure: TariffShiftFailure = {
        materialId: m.id,
        hs6: m.hs6,
        value: fmt(m.value),
        reason: m.status === undefined ? reason : `${reason}; ${m.status}`,
      };
      const exclusion = deMinimisExclusionFor(compiled, goodHs, m.hs);
      if (exclusion !== undefined) {
        const applied = { ref: exclusion.ref, description: exclusion.description, source: exclusion.source };
        failure.deMinimisExcluded = applied;
        failure.reason += `; de minimis does not apply (${exclusion.ref}: ${exclusion.description})`;
        excluded.push({ materialId: m.id, ...applied });
      }
      failing.push(failure);
      if (basis === 'VALUE') failingSum += m.value;
      else if (m.weight === undefined) missingWeight ??= m.id;
      else {
        failingSum += m.weight;
        if (m.elastomeric) elastomericSum += m.weight;
      }
    }
    const tariffShift: TariffShiftOutcome = { level: shift.level, satisfied: failing.length === 0, failing };
    const exceptFrom = alt.alternative.tariffShift?.exceptFrom;
    if (exceptFrom !== undefined) tariffShift.exceptFrom = exceptFrom;
    const levelText = `tariff shift (change of ${LEVEL_WORD[shift.level]}${exceptFrom === undefined ? '' : ', with exceptions'})`;
    if (failing.length === 0) reasons.push(`${levelText}: every non-originating material shifts`);
    else {
      const limit = basis === 'VALUE' ? compiled.deMinimis.value : compiled.deMinimis.weight;
      const limitPct = basis === 'VALUE' ? compiled.deMinimis.valueText : compiled.deMinimis.weightText;
      const dm: DeMinimisOutcome = {
        basis,
        failingValue: fmt(failingSum),
        limitPct,
        within: false,
      };
      if (excluded.length > 0) dm.excluded = excluded;
      const [base, baseName] = deMinimisBase(compiled.ruleSet.agreement, basis, values, chosen);
      const count =
        failing.length === 1 ? '1 non-originating material does' : `${failing.length} non-originating materials do`;
      if (basis === 'WEIGHT' && missingWeight !== undefined) {
        reasons.push(
          `${levelText}: ${count} not shift; de minimis by weight not assessed: material "${missingWeight}" has no weightGrams`,
        );
      } else if (base === undefined) {
        reasons.push(`${levelText}: ${count} not shift; de minimis not assessed: ${baseName} not given`);
      } else {
        const share = pctOf(failingSum, base);
        dm.base = fmt(base);
        dm.pct = formatPct(share);
        const shareWithin = comparePct(share, limit) <= 0;
        dm.within = shareWithin;
        reasons.push(
          shareWithin
            ? `${levelText}: ${count} not shift but ${dm.pct} % of the ${baseName} is within de minimis (≤ ${limitPct} %)` +
                (basis === 'VALUE' ? '; the value stays in VNM for RVC (RO-03)' : '')
            : `${levelText}: ${count} not shift and ${dm.pct} % of the ${baseName} exceeds de minimis (${limitPct} %)`,
        );
        if (basis === 'WEIGHT' && elastomericSum > 0n) {
          const elastic = pctOf(elastomericSum, base);
          const e = {
            weight: fmt(elastomericSum),
            pct: formatPct(elastic),
            limitPct: compiled.deMinimis.elastomericText,
            within: comparePct(elastic, compiled.deMinimis.elastomeric) <= 0,
          };
          dm.elastomeric = e;
          if (!e.within) {
            dm.within = false;
            reasons.push(
              `${levelText}: the non-shifting elastomeric content is ${e.pct} % of the component weight, above the ${e.limitPct} % allowed`,
            );
          }
        }
        if (excluded.length > 0 && dm.within) {
          dm.within = false;
          reasons.push(
            `${levelText}: de minimis cannot be used for ${excluded.map((e) => `"${e.materialId}" (${e.ref}, ${e.source})`).join(', ')}`,
          );
        }
        tariffShift.satisfied = dm.within;
      }
      tariffShift.deMinimis = dm;
    }
    tariffShiftOutcome = tariffShift;
    if (!tariffShift.satisfied) pass = false;
  }

  const rvc = alt.rvc;
  if (rvc !== undefined) {
    const methods: RvcMethodOutcome[] = [];
    let met = false;
    for (const method of rvc.methods) {
      if (chosen !== undefined && !chosen.includes(method)) continue;
      const thresholds = rvc.thresholds.get(method)!;
      let threshold: (typeof thresholds)[number] | undefined;
      for (const t of thresholds) {
        if (t.from <= date && (t.to === undefined || date <= t.to)) {
          threshold = t;
          break;
        }
      }
      const result = rvcMethodOutcome(method, values, vnm, vom, threshold, date, reasons);
      if (result.pass) met = true;
      methods.push(result);
    }
    if (methods.length === 0) reasons.push('RVC: none of the chosen methods is allowed by this alternative');
    rvcOutcome = { pass: met, methods };
    if (!met) pass = false;
  }

  return {
    index,
    result: pass ? 'PASS' : 'FAIL',
    ...(tariffShiftOutcome === undefined ? {} : { tariffShift: tariffShiftOutcome }),
    ...(rvcOutcome === undefined ? {} : { rvc: rvcOutcome }),
    reasons,
  };
}

/**
 * The de minimis base: weight for textiles; adjusted value (CAFTA-DR); for USMCA/NAFTA the
 * transaction value, or the total cost when the claimant relies on net cost only or gives no
 * transaction value (Art. 4.12.1) — never the net cost, which leaves out costs the total cost has.
 */
function deMinimisBase(
  agreement: Agreement,
  basis: DeMinimisBasis,
  values: GoodValues,
  chosen: readonly RvcMethod[] | undefined,
): [bigint | undefined, string] {
  if (basis === 'WEIGHT') return [values.weight, 'weight of the component that determines classification'];
  if (agreement === 'CAFTA_DR') return [values.adjustedValue, 'adjusted value'];
  const netCostOnly = chosen?.includes('NC') === true && !chosen.includes('TV');
  if (!netCostOnly && values.transactionValue !== undefined) return [values.transactionValue, 'transaction value'];
  const name = netCostOnly ? 'total cost (net cost method)' : 'total cost';
  if (values.totalCost !== undefined) return [values.totalCost, name];
  return [undefined, netCostOnly ? 'total cost (the net cost method is used)' : 'transaction value (or total cost)'];
}

/** One RVC method computed exactly against its threshold (absent: none in force on `date`). */
function rvcMethodOutcome(
  method: RvcMethod,
  values: GoodValues,
  vnm: bigint,
  vom: bigint,
  threshold: { pct: Decimal; pctText: string } | undefined,
  date: string,
  reasons: string[],
  label = 'RVC',
): RvcMethodOutcome {
  const name = METHOD_NAMES[method];
  const field = BASE_FIELD[method];
  const base = values[field];
  if (base === undefined) {
    reasons.push(`${label} ${name}: not computed, ${field} not given`);
    return { method, pass: false, reason: `${field} not given` };
  }
  const numerator = method === 'BUILD_UP' ? vom : base - vnm;
  const share = pctOf(numerator, base);
  const result: RvcMethodOutcome = {
    method,
    pass: false,
    pct: formatPct(share),
    exact: { numerator: fmt(numerator), denominator: fmt(base) },
  };
  if (threshold === undefined) {
    result.reason = `no threshold in force on ${date}`;
    reasons.push(`${label} ${name} ${result.pct} %: no threshold in force on ${date}`);
    return result;
  }
  result.thresholdPct = threshold.pctText;
  result.pass = comparePct(share, threshold.pct) >= 0;
  reasons.push(
    `${label} ${name} ${result.pct} % ${result.pass ? '≥' : '<'} ${threshold.pctText} %: ${result.pass ? 'met' : 'not met'}`,
  );
  return result;
}

/**
 * Criterion D (see {@link CriterionDOutcome}); undefined when the agreement has no criterion D or the
 * good is of chapters 61–63.
 */
function evaluateCriterionD(
  agreement: Agreement,
  goodHs: number,
  values: GoodValues,
  materials: readonly Material[],
  vnm: bigint,
  date: string,
  chosen: readonly RvcMethod[] | undefined,
): CriterionDOutcome | undefined {
  const thresholds = criterionDThresholdPct[agreement];
  const chapter = Math.floor(goodHs / 10_000);
  if (thresholds === undefined) return undefined;
  if (CRITERION_D_EXCLUDED_CHAPTERS.from <= chapter && chapter <= CRITERION_D_EXCLUDED_CHAPTERS.to) return undefined;
  // A heading not divided into subheadings has the one subheading XXXX.00.
  const undividedHeading = goodHs % 100 === 0;
  const parts = materials
    .filter((m) => !m.originating && (m.hs === goodHs || (undividedHeading && Math.floor(m.hs / 100) === goodHs / 100)))
    .map((m) => m.id);
  const reasons: string[] = [];
  if (parts.length === 0) {
    reasons.push(
      `criterion D: no non-originating part is classified in the good's own subheading ${hsText(String(goodHs).padStart(6, '0'))}`,
    );
    return { result: 'FAIL', parts, reasons };
  }
  reasons.push(
    `criterion D: non-originating ${parts.length === 1 ? 'part' : 'parts'} ${parts.map((p) => `"${p}"`).join(', ')} classified with the good cannot make the tariff shift; the RVC alone decides`,
  );
  const methods: RvcMethodOutcome[] = [];
  for (const method of ['TV', 'NC'] as const) {
    if (chosen !== undefined && !chosen.includes(method)) continue;
    const pctText = thresholds[method];
    methods.push(
      rvcMethodOutcome(method, values, vnm, 0n, { pct: decimal(pctText), pctText }, date, reasons, 'criterion D RVC'),
    );
  }
  const met = methods.some((m) => m.pass);
  return { result: met ? 'PASS' : 'FAIL', parts, rvc: { pass: met, methods }, reasons };
}

/** Why a verified supplier credential does not make a material originating, or undefined when it does. */
function supplierRefusal(found: AccumulationEvidence, agreement: Agreement, hs6: string): string | undefined {
  if (found.verdict === 'NOT_FOUND') return `was not found${found.reason === undefined ? '' : `: ${found.reason}`}`;
  if (found.verdict !== 'VALID') return `is ${found.verdict}${found.reason === undefined ? '' : `: ${found.reason}`}`;
  if (found.agreement !== agreement)
    return `is a ${found.agreement ?? 'non-origin'} record; accumulation under ${agreement} needs one of ${agreement}`;
  if (!found.coveredHs6.includes(hs6)) {
    const covered = found.coveredHs6.length === 0 ? 'no good as originating' : found.coveredHs6.map(hsText).join(', ');
    return `covers ${covered}, not the material's ${hsText(hs6)}`;
  }
  return undefined;
}

function hsText(hs6: string): string {
  return `${hs6.slice(0, 4)}.${hs6.slice(4)}`;
}
