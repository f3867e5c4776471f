import { ClearledgerError } from '../errors/ClearledgerError.ts';
import { isHs2022Code } from '../hs/hsNomenclature.ts';
import { compareDecimals, type Decimal, decimal, parseDecimal } from './decimal.ts';
import { deMinimisExclusionsByAgreement } from './rules/deMinimisExclusions.ts';
import type {
  Agreement,
  Alternative,
  DatedThreshold,
  DeMinimisBasis,
  DeMinimisExclusion,
  OriginProblem,
  ProductRule,
  RuleSet,
  RvcMethod,
  RvcRequirement,
  TariffShift,
  TariffShiftLevel,
} from './types.ts';

/** Result of {@link loadRuleSet}. */
export type LoadRuleSetResult = { success: true; data: RuleSet } | { success: false; problems: OriginProblem[] };

/**
 * De minimis limits (percent) applied when a rule set gives none: by value, by weight, and the part of
 * the weight that may be elastomeric (USMCA Art. 6.1; CAFTA-DR: elastomeric yarns must be formed in a
 * Party, so none may be non-originating).
 */
export const defaultDeMinimisPct: Readonly<Record<Agreement, { value: string; weight: string; elastomeric: string }>> =
  Object.freeze({
    USMCA: { value: '10', weight: '10', elastomeric: '7' },
    CAFTA_DR: { value: '10', weight: '10', elastomeric: '0' },
    NAFTA: { value: '7', weight: '7', elastomeric: '7' },
  });

/** RVC methods each agreement defines. */
export const rvcMethodsByAgreement: Readonly<Record<Agreement, readonly RvcMethod[]>> = Object.freeze({
  USMCA: ['TV', 'NC'],
  NAFTA: ['TV', 'NC'],
  CAFTA_DR: ['BUILD_DOWN', 'BUILD_UP'],
});

const AGREEMENTS: readonly Agreement[] = ['USMCA', 'CAFTA_DR', 'NAFTA'];
const LEVELS: readonly TariffShiftLevel[] = ['CC', 'CTH', 'CTSH'];
const METHODS: readonly RvcMethod[] = ['TV', 'NC', 'BUILD_DOWN', 'BUILD_UP'];
const BASES: readonly DeMinimisBasis[] = ['VALUE', 'WEIGHT'];
const HS_CODE_OR_RANGE = /^(\d{2}|\d{4}|\d{6})(?:-(\d{2}|\d{4}|\d{6}))?$/;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MAX_TEXT = 4000;
const MAX_RULES = 20_000;

/** True when `text` is an ISO-8601 calendar date (`YYYY-MM-DD`) that exists. */
export function isIsoDate(text: unknown): text is string {
  if (typeof text !== 'string') return false;
  const m = ISO_DATE.exec(text);
  if (m === null) return false;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]!;
  return day <= days;
}

/** A chapter, heading or subheading range as numbers of `length` digits (a single code has lo = hi). */
export type HsRange = { length: 2 | 4 | 6; lo: number; hi: number };

/**
 * Parses `"5106"` or `"5106-5113"`; undefined when malformed, of mixed lengths, out of order, or when
 * a code (or either end of a range) is not a chapter, heading or subheading of HS 2022.
 */
export function parseHsRange(text: string): HsRange | undefined {
  const m = HS_CODE_OR_RANGE.exec(text);
  if (m === null) return undefined;
  const lo = m[1]!;
  const hi = m[2] ?? lo;
  if (hi.length !== lo.length || !isHs2022Code(lo) || !isHs2022Code(hi)) return undefined;
  const range: HsRange = { length: lo.length as 2 | 4 | 6, lo: Number(lo), hi: Number(hi) };
  if (m[2] !== undefined && range.lo >= range.hi) return undefined;
  return range;
}

type Problems = OriginProblem[];

function problem(problems: Problems, path: string, message: string): void {
  problems.push({ code: 'CL_INPUT_INVALID', path, message });
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function checkKeys(value: Record<string, unknown>, allowed: readonly string[], path: string, problems: Problems): void {
  for (const key of Object.keys(value)) {
    if (!allowed.includes(key)) problem(problems, `${path}/${key}`, `unknown field "${key}"`);
  }
}

function text(value: unknown, path: string, problems: Problems, max = MAX_TEXT): string | undefined {
  if (typeof value !== 'string' || value.trim().length === 0) {
    problem(problems, path, 'must be a non-empty string');
    return undefined;
  }
  if (value.length > max) {
    problem(problems, path, `must be at most ${max} characters`);
    return undefined;
  }
  return value;
}

function pct(value: unknown, path: string, problems: Problems, allowZero: boolean): string | undefined {
  if (typeof value !== 'string') {
    problem(problems, path, 'must be a percentage as a decimal string such as "60" or "62.5"');
    return undefined;
  }
  const parsed = parseDecimal(value);
  if (!parsed.success) {
    problem(problems, path, parsed.message);
    return undefined;
  }
  const sign = compareDecimals(parsed.data, ZERO);
  if (sign < 0 || (sign === 0 && !allowZero) || compareDecimals(parsed.data, HUNDRED) > 0) {
    problem(problems, path, allowZero ? 'must be between 0 and 100' : 'must be greater than 0 and at most 100');
    return undefined;
  }
  return value;
}

const ZERO = decimal('0');
const HUNDRED = decimal('100');

function checkTariffShift(value: unknown, path: string, problems: Problems): TariffShift | undefined {
  if (!isPlainObject(value)) {
    problem(problems, path, 'must be an object { level, exceptFrom? }');
    return undefined;
  }
  checkKeys(value, ['level', 'exceptFrom'], path, problems);
  const level = value.level;
  if (typeof level !== 'string' || !LEVELS.includes(level as TariffShiftLevel)) {
    problem(problems, `${path}/level`, 'must be "CC", "CTH" or "CTSH"');
    return undefined;
  }
  const out: TariffShift = { level: level as TariffShiftLevel };
  if (value.exceptFrom !== undefined) {
    if (!Array.isArray(value.exceptFrom) || value.exceptFrom.length === 0) {
      problem(problems, `${path}/exceptFrom`, 'must be a non-empty array of HS codes or ranges');
      return undefined;
    }
    const list: string[] = [];
    value.exceptFrom.forEach((code: unknown, i: number) => {
      if (typeof code !== 'string' || parseHsRange(code) === undefined) {
        problem(
          problems,
          `${path}/exceptFrom/${i}`,
          'must be an HS 2022 chapter (2 digits), heading (4) or subheading (6), or an ordered range of one length such as "5106-5113"',
        );
      } else list.push(code);
    });
    out.exceptFrom = list;
  }
  return out;
}

function checkThresholds(
  value: unknown,
  methods: RvcMethod[],
  path: string,
  problems: Problems,
): RvcRequirement['thresholdPct'] | undefined {
  if (typeof value === 'string') return pct(value, path, problems, false);
  if (isPlainObject(value)) {
    const out: Partial<Record<RvcMethod, string>> = {};
    checkKeys(value, methods, path, problems);
    for (const method of methods) {
      if (value[method] === undefined) problem(problems, `${path}/${method}`, `a threshold for ${method} is missing`);
      else {
        const p = pct(value[method], `${path}/${method}`, problems, false);
        if (p !== undefined) out[method] = p;
      }
    }
    return out;
  }
  if (!Array.isArray(value) || value.length === 0) {
    problem(
      problems,
      path,
      'must be a percentage string, an object of one percentage per method, or a non-empty array of dated thresholds',
    );
    return undefined;
  }
  const list: DatedThreshold[] = [];
  value.forEach((entry: unknown, i: number) => {
    const at = `${path}/${i}`;
    if (!isPlainObject(entry)) {
      problem(problems, at, 'must be an object { from, to?, pct, method? }');
      return;
    }
    checkKeys(entry, ['from', 'to', 'pct', 'method'], at, problems);
    const from = entry.from;
    if (!isIsoDate(from)) {
      problem(problems, `${at}/from`, 'must be an ISO calendar date (YYYY-MM-DD)');
      return;
    }
    const item: DatedThreshold = { from, pct: '' };
    if (entry.to !== undefined) {
      if (!isIsoDate(entry.to)) {
        problem(problems, `${at}/to`, 'must be an ISO calendar date (YYYY-MM-DD)');
        return;
      }
      if (entry.to < from) {
        problem(problems, `${at}/to`, 'must not be before "from"');
        return;
      }
      item.to = entry.to;
    }
    const p = pct(entry.pct, `${at}/pct`, problems, false);
    if (p === undefined) return;
    item.pct = p;
    if (entry.method !== undefined) {
      if (typeof entry.method !== 'string' || !methods.includes(entry.method as RvcMethod)) {
        problem(problems, `${at}/method`, `must be one of the requirement's methods (${methods.join(', ')})`);
        return;
      }
      item.method = entry.method as RvcMethod;
    }
    list.push(item);
  });
  if (list.length !== value.length) return undefined;
  for (const method of methods) {
    const applying = list
      .map((t, i) => ({ t, i }))
      .filter(({ t }) => t.method === undefined || t.method === method)
      .sort((a, b) => (a.t.from < b.t.from ? -1 : a.t.from > b.t.from ? 1 : 0));
    if (applying.length === 0) problem(problems, path, `no dated threshold applies to method ${method}`);
    for (let k = 1; k < applying.length; k++) {
      const prev = applying[k - 1]!;
      const next = applying[k]!;
      if (prev.t.to === undefined || prev.t.to >= next.t.from) {
        problem(
          problems,
          `${path}/${next.i}`,
          `overlaps dated threshold ${prev.i} for method ${method} (periods are inclusive; end one the day before the next starts)`,
        );
      }
    }
  }
  return list;
}

function checkRvc(value: unknown, agreement: Agreement | undefined, path: string, problems: Problems) {
  if (!isPlainObject(value)) {
    problem(problems, path, 'must be an object { methods, thresholdPct }');
    return undefined;
  }
  checkKeys(value, ['methods', 'thresholdPct'], path, problems);
  const methods = value.methods;
  if (!Array.isArray(methods) || methods.length === 0) {
    problem(problems, `${path}/methods`, 'must be a non-empty array of RVC methods');
    return undefined;
  }
  const allowed = agreement === undefined ? METHODS : rvcMethodsByAgreement[agreement];
  const list: RvcMethod[] = [];
  let ok = true;
  methods.forEach((m: unknown, i: number) => {
    if (typeof m !== 'string' || !allowed.includes(m as RvcMethod)) {
      problem(problems, `${path}/methods/${i}`, `must be one of ${allowed.join(', ')}`);
      ok = false;
    } else if (list.includes(m as RvcMethod)) {
      problem(problems, `${path}/methods/${i}`, `method ${m} is listed twice`);
      ok = false;
    } else list.push(m as RvcMethod);
  });
  if (!ok) return undefined;
  const thresholdPct = checkThresholds(value.thresholdPct, list, `${path}/thresholdPct`, problems);
  if (thresholdPct === undefined) return undefined;
  const out: RvcRequirement = { methods: list, thresholdPct };
  return out;
}

function checkAlternative(
  value: unknown,
  agreement: Agreement | undefined,
  path: string,
  problems: Problems,
): Alternative | undefined {
  if (!isPlainObject(value)) {
    problem(problems, path, 'must be an object { tariffShift?, rvc?, deMinimisBasis? }');
    return undefined;
  }
  checkKeys(value, ['tariffShift', 'rvc', 'deMinimisBasis'], path, problems);
  const out: Alternative = {};
  if (value.tariffShift === undefined && value.rvc === undefined) {
    problem(problems, path, 'an alternative needs a tariffShift, an rvc, or both');
  }
  if (value.tariffShift !== undefined) {
    const shift = checkTariffShift(value.tariffShift, `${path}/tariffShift`, problems);
    if (shift !== undefined) out.tariffShift = shift;
  }
  if (value.rvc !== undefined) {
    const rvc = checkRvc(value.rvc, agreement, `${path}/rvc`, problems);
    if (rvc !== undefined) out.rvc = rvc;
  }
  if (value.deMinimisBasis !== undefined) {
    if (typeof value.deMinimisBasis !== 'string' || !BASES.includes(value.deMinimisBasis as DeMinimisBasis)) {
      problem(problems, `${path}/deMinimisBasis`, 'must be "VALUE" or "WEIGHT"');
    } else out.deMinimisBasis = value.deMinimisBasis as DeMinimisBasis;
  }
  return out;
}

function checkRule(value: unknown, agreement: Agreement | undefined, path: string, problems: Problems) {
  if (!isPlainObject(value)) {
    problem(problems, path, 'must be an object { ref, hs, description, alternatives, source?, note? }');
    return undefined;
  }
  checkKeys(value, ['ref', 'hs', 'description', 'alternatives', 'source', 'note'], path, problems);
  const ref = text(value.ref, `${path}/ref`, problems, 100);
  const description = text(value.description, `${path}/description`, problems);
  let hs: string | undefined;
  if (typeof value.hs !== 'string' || parseHsRange(value.hs) === undefined) {
    problem(
      problems,
      `${path}/hs`,
      'must be an HS 2022 chapter (2 digits), heading (4) or subheading (6), or an ordered range of one length such as "940161-940180"',
    );
  } else hs = value.hs;
  const alternatives: Alternative[] = [];
  if (!Array.isArray(value.alternatives) || value.alternatives.length === 0) {
    problem(problems, `${path}/alternatives`, 'must be a non-empty array');
  } else {
    value.alternatives.forEach((alt: unknown, i: number) => {
      const a = checkAlternative(alt, agreement, `${path}/alternatives/${i}`, problems);
      if (a !== undefined) alternatives.push(a);
    });
  }
  const source = value.source === undefined ? undefined : text(value.source, `${path}/source`, problems);
  const note = value.note === undefined ? undefined : text(value.note, `${path}/note`, problems);
  if (ref === undefined || description === undefined || hs === undefined) return undefined;
  const rule: ProductRule = { ref, hs, description, alternatives };
  if (source !== undefined) rule.source = source;
  if (note !== undefined) rule.note = note;
  return rule;
}

function hsList(value: unknown, path: string, problems: Problems): string[] | undefined {
  if (!Array.isArray(value) || value.length === 0) {
    problem(problems, path, 'must be a non-empty array of HS codes or ranges');
    return undefined;
  }
  const list: string[] = [];
  value.forEach((code: unknown, i: number) => {
    if (typeof code !== 'string' || parseHsRange(code) === undefined) {
      problem(
        problems,
        `${path}/${i}`,
        'must be an HS 2022 chapter (2 digits), heading (4) or subheading (6), or an ordered range of one length such as "0401-0406"',
      );
    } else list.push(code);
  });
  return list.length === value.length ? list : undefined;
}

function checkExclusion(value: unknown, path: string, problems: Problems): DeMinimisExclusion | undefined {
  if (!isPlainObject(value)) {
    problem(
      problems,
      path,
      'must be an object { ref, goods, materials?, sameSubheading?, description, source, note? }',
    );
    return undefined;
  }
  checkKeys(value, ['ref', 'goods', 'materials', 'sameSubheading', 'description', 'source', 'note'], path, problems);
  const ref = text(value.ref, `${path}/ref`, problems, 100);
  const goods = hsList(value.goods, `${path}/goods`, problems);
  const materials = value.materials === undefined ? undefined : hsList(value.materials, `${path}/materials`, problems);
  if (value.sameSubheading !== undefined && typeof value.sameSubheading !== 'boolean')
    problem(problems, `${path}/sameSubheading`, 'must be a boolean');
  const description = text(value.description, `${path}/description`, problems);
  const source = text(value.source, `${path}/source`, problems);
  const note = value.note === undefined ? undefined : text(value.note, `${path}/note`, problems);
  if (ref === undefined || goods === undefined || description === undefined || source === undefined) return undefined;
  if (value.materials !== undefined && materials === undefined) return undefined;
  const out: DeMinimisExclusion = { ref, goods, description, source };
  if (materials !== undefined) out.materials = materials;
  if (value.sameSubheading === true) out.sameSubheading = true;
  if (note !== undefined) out.note = note;
  return out;
}

/**
 * Checks an external rule file strictly and returns a clean copy: unknown fields are refused at
 * every level; HS codes are 2, 4 or 6 digits (ranges of one length, in order); percentages are exact
 * decimal strings in (0, 100]; RVC methods belong to the agreement; dated thresholds are real dates
 * and do not overlap for any method; rule refs are unique and no two rules cover the same code at the
 * same level.
 *
 * @param json - The parsed rule file (e.g. from `parseJson`), or a rule set built in code.
 * @returns `{ success: true, data }` or `{ success: false, problems }` (JSON pointers); never throws.
 * @example
 * const loaded = loadRuleSet(parsed);
 * if (!loaded.success) for (const p of loaded.problems) console.log(p.path, p.message);
 */
export function loadRuleSet(json: unknown): LoadRuleSetResult {
  const problems: Problems = [];
  if (!isPlainObject(json)) {
    problem(
      problems,
      '',
      'a rule set must be an object { agreement, hsEdition, source, rules, inForce?, thresholds? }',
    );
    return { success: false, problems };
  }
  checkKeys(
    json,
    ['agreement', 'hsEdition', 'source', 'inForce', 'rules', 'thresholds', 'deMinimisExclusions'],
    '',
    problems,
  );
  let agreement: Agreement | undefined;
  if (typeof json.agreement !== 'string' || !AGREEMENTS.includes(json.agreement as Agreement)) {
    problem(problems, '/agreement', 'must be "USMCA", "CAFTA_DR" or "NAFTA"');
  } else agreement = json.agreement as Agreement;
  if (json.hsEdition !== 'HS2022') problem(problems, '/hsEdition', 'must be "HS2022"');
  const source = text(json.source, '/source', problems);

  let inForce: RuleSet['inForce'];
  if (json.inForce !== undefined) {
    const v = json.inForce;
    if (!isPlainObject(v)) problem(problems, '/inForce', 'must be an object { from, to? }');
    else {
      checkKeys(v, ['from', 'to'], '/inForce', problems);
      if (!isIsoDate(v.from)) problem(problems, '/inForce/from', 'must be an ISO calendar date (YYYY-MM-DD)');
      else if (v.to !== undefined && (!isIsoDate(v.to) || v.to < v.from)) {
        problem(problems, '/inForce/to', 'must be an ISO calendar date (YYYY-MM-DD) not before "from"');
      } else inForce = v.to === undefined ? { from: v.from } : { from: v.from, to: v.to as string };
    }
  }

  let thresholds: RuleSet['thresholds'];
  if (json.thresholds !== undefined) {
    const v = json.thresholds;
    if (!isPlainObject(v)) {
      problem(
        problems,
        '/thresholds',
        'must be an object { deMinimisPct?, deMinimisWeightPct?, elastomericWeightPct? }',
      );
    } else {
      checkKeys(v, ['deMinimisPct', 'deMinimisWeightPct', 'elastomericWeightPct'], '/thresholds', problems);
      thresholds = {};
      if (v.deMinimisPct !== undefined) {
        const p = pct(v.deMinimisPct, '/thresholds/deMinimisPct', problems, true);
        if (p !== undefined) thresholds.deMinimisPct = p;
      }
      if (v.deMinimisWeightPct !== undefined) {
        const p = pct(v.deMinimisWeightPct, '/thresholds/deMinimisWeightPct', problems, true);
        if (p !== undefined) thresholds.deMinimisWeightPct = p;
      }
      if (v.elastomericWeightPct !== undefined) {
        const p = pct(v.elastomericWeightPct, '/thresholds/elastomericWeightPct', problems, true);
        if (p !== undefined) thresholds.elastomericWeightPct = p;
      }
    }
  }

  let exclusions: DeMinimisExclusion[] | undefined;
  if (json.deMinimisExclusions !== undefined) {
    if (!Array.isArray(json.deMinimisExclusions)) {
      problem(problems, '/deMinimisExclusions', 'must be an array of de minimis exclusions');
    } else {
      exclusions = [];
      json.deMinimisExclusions.forEach((value: unknown, i: number) => {
        const e = checkExclusion(value, `/deMinimisExclusions/${i}`, problems);
        if (e !== undefined) exclusions!.push(e);
      });
    }
  }

  const rules: ProductRule[] = [];
  if (!Array.isArray(json.rules) || json.rules.length === 0) {
    problem(problems, '/rules', 'must be a non-empty array of product-specific rules');
  } else if (json.rules.length > MAX_RULES) {
    problem(problems, '/rules', `must hold at most ${MAX_RULES} rules`);
  } else {
    const refs = new Map<string, number>();
    const covered: { range: HsRange; index: number }[] = [];
    json.rules.forEach((value: unknown, i: number) => {
      const rule = checkRule(value, agreement, `/rules/${i}`, problems);
      if (rule === undefined) return;
      const seen = refs.get(rule.ref);
      if (seen !== undefined) problem(problems, `/rules/${i}/ref`, `ref "${rule.ref}" is also used by rule ${seen}`);
      else refs.set(rule.ref, i);
      const range = parseHsRange(rule.hs)!;
      const clash = covered.find(
        (c) => c.range.length === range.length && c.range.lo <= range.hi && range.lo <= c.range.hi,
      );
      if (clash !== undefined) {
        problem(problems, `/rules/${i}/hs`, `"${rule.hs}" overlaps rule ${clash.index} at the same level`);
      }
      covered.push({ range, index: i });
      rules.push(rule);
    });
  }

  if (problems.length > 0 || agreement === undefined || source === undefined) return { success: false, problems };
  const data: RuleSet = { agreement, hsEdition: 'HS2022', source, rules };
  if (inForce !== undefined) data.inForce = inForce;
  if (thresholds !== undefined) data.thresholds = thresholds;
  if (exclusions !== undefined) data.deMinimisExclusions = exclusions;
  return { success: true, data };
}

/** A dated (or undated) threshold ready for selection by date. */
export type CompiledThreshold = { from: string; to: string | undefined; pct: Decimal; pctText: string };

/** An alternative with its codes and thresholds parsed once. */
export type CompiledAlternative = {
  readonly alternative: Alternative;
  readonly shift:
    | { level: TariffShiftLevel; divisor: number; except: readonly { divisor: number; lo: number; hi: number }[] }
    | undefined;
  readonly rvc: { methods: readonly RvcMethod[]; thresholds: ReadonlyMap<RvcMethod, CompiledThreshold[]> } | undefined;
};

/** A product-specific rule with its alternatives compiled. */
export type CompiledRule = {
  readonly rule: ProductRule;
  /** The rule facts copied into every explanation. */
  readonly summary: RuleSummary;
  readonly alternatives: readonly CompiledAlternative[];
};

/** The facts of a rule that an explanation names. */
export type RuleSummary = { ref: string; hs: string; description: string; source: string; note?: string };

/**
 * A rule set checked and indexed once (see {@link compileRuleSet}); evaluating against it allocates
 * nothing proportional to the number of rules.
 */
export type CompiledRuleSet = {
  readonly kind: 'CompiledRuleSet';
  readonly ruleSet: RuleSet;
  readonly deMinimis: {
    readonly value: Decimal;
    readonly valueText: string;
    readonly weight: Decimal;
    readonly weightText: string;
    readonly elastomeric: Decimal;
    readonly elastomericText: string;
  };
  /** The agreement's de minimis exclusions and the rule set's own, with their codes parsed. */
  readonly exclusions: readonly CompiledExclusion[];
  /** Exact codes by length (index 0: subheadings, 1: headings, 2: chapters). */
  readonly exact: readonly [Map<number, CompiledRule>, Map<number, CompiledRule>, Map<number, CompiledRule>];
  /** Ranges by length, in the same order. */
  readonly ranges: readonly [RangeEntry[], RangeEntry[], RangeEntry[]];
};

type RangeEntry = { lo: number; hi: number; rule: CompiledRule };

/** An HS code or range as a test on a 6-digit subheading number. */
type CodeTest = { divisor: number; lo: number; hi: number };

/** A de minimis exclusion with its codes parsed. */
export type CompiledExclusion = {
  readonly exclusion: DeMinimisExclusion;
  readonly goods: readonly CodeTest[];
  /** Undefined: any material. */
  readonly materials: readonly CodeTest[] | undefined;
};

function codeTests(codes: readonly string[]): CodeTest[] {
  return codes.map((code) => {
    const r = parseHsRange(code);
    if (r === undefined) throw new ClearledgerError('CL_INPUT_INVALID', `Invalid HS code or range "${code}".`);
    return { divisor: DIVISOR[r.length], lo: r.lo, hi: r.hi };
  });
}

function matches(tests: readonly CodeTest[], hs6: number): boolean {
  for (const t of tests) {
    const code = Math.floor(hs6 / t.divisor);
    if (t.lo <= code && code <= t.hi) return true;
  }
  return false;
}

function compileExclusion(exclusion: DeMinimisExclusion): CompiledExclusion {
  return {
    exclusion,
    goods: codeTests(exclusion.goods),
    materials: exclusion.materials === undefined ? undefined : codeTests(exclusion.materials),
  };
}

/**
 * The first de minimis exclusion that keeps a non-originating material of subheading `materialHs6`
 * (as a number) from de minimis in a good of subheading `goodHs6`, or undefined.
 */
export function deMinimisExclusionFor(
  compiled: CompiledRuleSet,
  goodHs6: number,
  materialHs6: number,
): DeMinimisExclusion | undefined {
  for (const e of compiled.exclusions) {
    if (!matches(e.goods, goodHs6)) continue;
    if (e.exclusion.sameSubheading === true && materialHs6 !== goodHs6) continue;
    if (e.materials !== undefined && !matches(e.materials, materialHs6)) continue;
    return e.exclusion;
  }
  return undefined;
}

const DIVISOR = { 2: 10_000, 4: 100, 6: 1 } as const;
const SHIFT_DIVISOR: Record<TariffShiftLevel, number> = { CC: 10_000, CTH: 100, CTSH: 1 };

function compileAlternative(alternative: Alternative): CompiledAlternative {
  const s = alternative.tariffShift;
  const shift =
    s === undefined
      ? undefined
      : {
          level: s.level,
          divisor: SHIFT_DIVISOR[s.level],
          except: (s.exceptFrom ?? []).map((code) => {
            const r = parseHsRange(code)!;
            return { divisor: DIVISOR[r.length], lo: r.lo, hi: r.hi };
          }),
        };
  let rvc: CompiledAlternative['rvc'];
  if (alternative.rvc !== undefined) {
    const { methods, thresholdPct } = alternative.rvc;
    const thresholds = new Map<RvcMethod, CompiledThreshold[]>();
    for (const method of methods) {
      let list: CompiledThreshold[];
      if (typeof thresholdPct === 'string') {
        list = [{ from: '0000-01-01', to: undefined, pct: decimal(thresholdPct), pctText: thresholdPct }];
      } else if (Array.isArray(thresholdPct)) {
        list = thresholdPct
          .filter((t) => t.method === undefined || t.method === method)
          .map((t) => ({ from: t.from, to: t.to, pct: decimal(t.pct), pctText: t.pct }));
      } else {
        const p = thresholdPct[method]!;
        list = [{ from: '0000-01-01', to: undefined, pct: decimal(p), pctText: p }];
      }
      thresholds.set(method, list);
    }
    rvc = { methods, thresholds };
  }
  return { alternative, shift, rvc };
}

/**
 * Checks a rule set (as {@link loadRuleSet} does) and builds its lookup index once. Reuse the result
 * for every evaluation.
 *
 * @throws {ClearledgerError} `CL_INPUT_INVALID` with `details.problems` when the rule set is invalid
 * (rule data is program input here; check external files with {@link loadRuleSet} first).
 */
export function compileRuleSet(ruleSet: RuleSet): CompiledRuleSet {
  const loaded = loadRuleSet(ruleSet);
  if (!loaded.success) {
    const first = loaded.problems[0]!;
    throw new ClearledgerError('CL_INPUT_INVALID', `Invalid rule set at ${first.path || '/'}: ${first.message}`, {
      field: first.path,
      details: { problems: loaded.problems },
    });
  }
  const data = loaded.data;
  const exact: CompiledRuleSet['exact'] = [new Map(), new Map(), new Map()];
  const ranges: CompiledRuleSet['ranges'] = [[], [], []];
  for (const rule of data.rules) {
    const summary: RuleSummary = {
      ref: rule.ref,
      hs: rule.hs,
      description: rule.description,
      source: rule.source ?? data.source,
    };
    if (rule.note !== undefined) summary.note = rule.note;
    const compiled: CompiledRule = { rule, summary, alternatives: rule.alternatives.map(compileAlternative) };
    const r = parseHsRange(rule.hs)!;
    const level = r.length === 6 ? 0 : r.length === 4 ? 1 : 2;
    if (r.lo === r.hi) exact[level].set(r.lo, compiled);
    else ranges[level].push({ lo: r.lo, hi: r.hi, rule: compiled });
  }
  const limits = defaultDeMinimisPct[data.agreement];
  const valueText = data.thresholds?.deMinimisPct ?? limits.value;
  const weightText = data.thresholds?.deMinimisWeightPct ?? limits.weight;
  const elastomericText = data.thresholds?.elastomericWeightPct ?? limits.elastomeric;
  return {
    kind: 'CompiledRuleSet',
    ruleSet: data,
    exclusions: [...deMinimisExclusionsByAgreement[data.agreement], ...(data.deMinimisExclusions ?? [])].map(
      compileExclusion,
    ),
    deMinimis: {
      value: decimal(valueText),
      valueText,
      weight: decimal(weightText),
      weightText,
      elastomeric: decimal(elastomericText),
      elastomericText,
    },
    exact,
    ranges,
  };
}

/**
 * The rule that applies to a 6-digit subheading: the most specific one (subheading, then heading,
 * then chapter), or undefined.
 */
export function findCompiledRule(compiled: CompiledRuleSet, hs6: number): CompiledRule | undefined {
  for (let level = 0; level < 3; level++) {
    const code = level === 0 ? hs6 : Math.floor(hs6 / (level === 1 ? 100 : 10_000));
    const hit = compiled.exact[level as 0 | 1 | 2].get(code);
    if (hit !== undefined) return hit;
    for (const r of compiled.ranges[level as 0 | 1 | 2]) if (r.lo <= code && code <= r.hi) return r.rule;
  }
  return undefined;
}

/**
 * The product-specific rule of `ruleSet` for the subheading `hs6` (6 digits), or undefined.
 *
 * @example findProductRule(compileRuleSet(usmcaRules), '190590')?.ref // "USMCA-4B-19.05"
 */
export function findProductRule(compiled: CompiledRuleSet, hs6: string): ProductRule | undefined {
  if (!/^\d{6}$/.test(hs6)) return undefined;
  return findCompiledRule(compiled, Number(hs6))?.rule;
}
