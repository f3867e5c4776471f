import { isHs2022Subheading } from '../hs/hsNomenclature.ts';
import {
  comparePct,
  DECIMAL_MAX_FRACTION_DIGITS,
  formatPct,
  formatUnits,
  parseDecimal,
  unitsAtScale,
} from './decimal.ts';
import {
  type CompiledAlternative,
  type CompiledRuleSet,
  compileRuleSet,
  findCompiledRule,
  isIsoDate,
  loadRuleSet,
  type RuleSummary,
} from './ruleSet.ts';
import type {
  Agreement,
  DeMinimisBasis,
  EvaluateOriginInput,
  HsEdition,
  OriginProblem,
  RuleSet,
  RvcMethod,
  TariffShiftLevel,
} from './types.ts';

/** A non-originating material that does not make the required tariff shift. */
export type TariffShiftFailure = { materialId: string; hs6: string; value: string; reason: string };

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
  basis: 'NO_EVIDENCE' | 'UNVERIFIED_SUPPLIER_CERTIFICATION' | 'SUPPLIER_CERTIFICATION' | 'WHOLLY_OBTAINED';
  message: string;
};

/**
 * Why the good qualifies: under the product-specific rule (USMCA/NAFTA criterion B), or because
 * every material is originating (criterion C).
 */
export type OriginCriterion = 'PRODUCT_SPECIFIC_RULE' | 'ORIGINATING_MATERIALS_ONLY';

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
  /** USMCA Annex 5-A / NAFTA letter of the criterion (`B` or `C`), when the agreement has one. */
  originCriterion?: 'B' | 'C';
  alternatives: AlternativeOutcome[];
  /** Value of non-originating materials (VNM; RO-03 and RO-04 included) and of originating ones (VOM). */
  totals: { vnm: string; vom: string; nonOriginatingCount: number; originatingCount: number };
  /** True when a verified supplier certification made a material originating (accumulation). */
  accumulation: boolean;
  /** Materials whose status rests on evidence or was overridden for lack of it (RO-04). */
  notes: MaterialNote[];
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
 *   (USMCA 10 %, CAFTA-DR 10 %, NAFTA 7 % of the value of the good — transaction value or, failing
 *   that, net cost for USMCA/NAFTA, adjusted value for CAFTA-DR; textiles: weight of the component
 *   that determines classification). The limit itself passes (≤).
 * - RVC: every method of the alternative (or those in `input.rvcMethods`) is computed exactly and
 *   compared unrounded (RO-02) with the threshold in force on `importDate` (RO-05); one method
 *   meeting its threshold meets the requirement. De minimis materials stay in VNM (RO-03).
 * - RO-04: a material counts as originating only with evidence — a wholly-obtained attestation or a
 *   supplier certification the caller verified (which also makes a material originating by
 *   accumulation); otherwise it is non-originating and `notes` says why.
 * - The good qualifies when an alternative passes, or when no material is non-originating.
 *
 * Unknown input fields are ignored. Values are decimal strings (or safe integers) in one currency.
 *
 * @param ruleSet - A rule set compiled with `compileRuleSet` (a plain rule set is compiled once and cached).
 * @param input - Good, bill of materials and import date.
 * @returns `{ success: true, data }` with the explanation, or `{ success: false, problems }` with JSON
 * pointers (bad input, no rule for the subheading, other HS edition); never throws for any input.
 * @example
 * const rules = compileRuleSet(usmcaRules);
 * const r = evaluateOrigin(rules, { good: { hs6: '190590', transactionValue: '1000' }, materials, importDate: '2024-03-01' });
 * if (r.success) console.log(r.data.result, r.data.passedBy);
 */
export function evaluateOrigin(ruleSet: CompiledRuleSet | RuleSet, input: EvaluateOriginInput): EvaluateOriginResult {
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
    }
    if (good.description !== undefined) {
      if (typeof good.description !== 'string') problem(problems, '/good/description', 'must be a string');
      else description = good.description;
    }
    if (good.isTextile !== undefined) {
      if (typeof good.isTextile !== 'boolean') problem(problems, '/good/isTextile', 'must be a boolean');
      else isTextile = good.isTextile;
    }
    const tv = amount(good.transactionValue, '/good/transactionValue', problems, true);
    const nc = amount(good.netCost, '/good/netCost', problems, true);
    const av = amount(good.adjustedValue, '/good/adjustedValue', problems, true);
    const w = amount(good.weightGrams, '/good/weightGrams', problems, true);
    if (tv !== null) values.transactionValue = tv;
    if (nc !== null) values.netCost = nc;
    if (av !== null) values.adjustedValue = av;
    if (w !== null) values.weight = w;
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
  let accumulation = false;
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
      let evidenceKind: 'NONE' | 'WHOLLY_OBTAINED' | 'VERIFIED' | 'UNVERIFIED' = 'NONE';
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
          if (typeof evidence.verified !== 'boolean') {
            problem(problems, `${at}/evidence/verified`, 'must be a boolean: whether the certification was verified');
            ok = false;
          }
          credential = String(evidence.credentialHash);
          evidenceKind = evidence.verified === true ? 'VERIFIED' : 'UNVERIFIED';
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
        notes.push({
          materialId: id as string,
          treatedAs: 'ORIGINATING',
          basis: 'WHOLLY_OBTAINED',
          message: claimed
            ? 'originating: wholly obtained or produced (attested)'
            : 'originating: wholly obtained or produced (attested), although not claimed as originating',
        });
      } else if (evidenceKind === 'VERIFIED') {
        originating = true;
        accumulation = true;
        notes.push({
          materialId: id as string,
          treatedAs: 'ORIGINATING',
          basis: 'SUPPLIER_CERTIFICATION',
          message: `originating by accumulation: verified supplier certification ${short}…`,
        });
      } else if (evidenceKind === 'UNVERIFIED') {
        originating = false;
        status = `supplier certification ${short}… not verified (RO-04)`;
        notes.push({
          materialId: id as string,
          treatedAs: 'NON_ORIGINATING',
          basis: 'UNVERIFIED_SUPPLIER_CERTIFICATION',
          message: `treated as non-originating: the supplier certification ${short}… was not verified (RO-04)`,
        });
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
  const pass = passedBy !== undefined || onlyOriginating;
  const data: OriginEvaluation = {
    result: pass ? 'PASS' : 'FAIL',
    agreement,
    hsEdition,
    importDate: date,
    good: description === undefined ? { hs6: goodHs6 } : { hs6: goodHs6, description },
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
  if (pass) {
    data.criterion = onlyOriginating ? 'ORIGINATING_MATERIALS_ONLY' : 'PRODUCT_SPECIFIC_RULE';
    if (agreement !== 'CAFTA_DR') data.originCriterion = onlyOriginating ? 'C' : 'B';
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
    const basis: DeMinimisBasis = alt.alternative.deMinimisBasis ?? (isTextile ? 'WEIGHT' : 'VALUE');
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
      failing.push({
        materialId: m.id,
        hs6: m.hs6,
        value: fmt(m.value),
        reason: m.status === undefined ? reason : `${reason}; ${m.status}`,
      });
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
      const [base, baseName] = deMinimisBase(compiled.ruleSet.agreement, basis, values);
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
      const name = METHOD_NAMES[method];
      const field = BASE_FIELD[method];
      const base = values[field];
      const thresholds = rvc.thresholds.get(method)!;
      let threshold: (typeof thresholds)[number] | undefined;
      for (const t of thresholds) {
        if (t.from <= date && (t.to === undefined || date <= t.to)) {
          threshold = t;
          break;
        }
      }
      if (base === undefined) {
        methods.push({ method, pass: false, reason: `${field} not given` });
        reasons.push(`RVC ${name}: not computed, ${field} not given`);
        continue;
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
        reasons.push(`RVC ${name} ${result.pct} %: no threshold in force on ${date}`);
      } else {
        result.thresholdPct = threshold.pctText;
        result.pass = comparePct(share, threshold.pct) >= 0;
        reasons.push(
          `RVC ${name} ${result.pct} % ${result.pass ? '≥' : '<'} ${threshold.pctText} %: ${result.pass ? 'met' : 'not met'}`,
        );
        if (result.pass) met = true;
      }
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

function deMinimisBase(agreement: Agreement, basis: DeMinimisBasis, values: GoodValues): [bigint | undefined, string] {
  if (basis === 'WEIGHT') return [values.weight, 'weight of the component that determines classification'];
  if (agreement === 'CAFTA_DR') return [values.adjustedValue, 'adjusted value'];
  if (values.transactionValue !== undefined) return [values.transactionValue, 'transaction value'];
  if (values.netCost !== undefined) return [values.netCost, 'net cost'];
  return [undefined, 'transaction value (or net cost)'];
}
