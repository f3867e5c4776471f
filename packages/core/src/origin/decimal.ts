import { ClearledgerError } from '../errors/ClearledgerError.ts';

/**
 * An exact decimal number: `units / 10^scale`. Money, weights and percentages of the rules-of-origin
 * engine are kept in this form and never pass through binary floating point.
 */
export type Decimal = { readonly units: bigint; readonly scale: number };

/** A percentage kept as an exact rational: `100 × numerator / denominator`; the denominator is > 0. */
export type Percentage = { readonly numerator: Decimal; readonly denominator: Decimal };

/** Most fraction digits {@link parseDecimal} accepts ("0.000000000001" is the smallest step). */
export const DECIMAL_MAX_FRACTION_DIGITS = 12;
/** Most integer digits {@link parseDecimal} accepts (keeps hostile input from building huge integers). */
export const DECIMAL_MAX_INTEGER_DIGITS = 30;

/** Result of {@link parseDecimal}. */
export type ParseDecimalResult = { success: true; data: Decimal } | { success: false; message: string };

const DECIMAL_TEXT = /^-?(?:0|[1-9]\d*)(?:\.\d+)?$/;
const POW10: bigint[] = [];
for (let i = 0, p = 1n; i <= 64; i++, p *= 10n) POW10.push(p);

/** 10^n as a bigint (cached for the scales the engine uses). */
export function pow10(n: number): bigint {
  return POW10[n] ?? 10n ** BigInt(n);
}

/**
 * Parses a plain decimal string (`"10000"`, `"3500.75"`, `"-0.1"`) or a safe integer into an exact
 * {@link Decimal}. Refused: exponents (`"1e3"`), a leading `+`, leading zeros (`"007"`), a bare or
 * trailing point (`".5"`, `"5."`), separators and spaces, `NaN`/`Infinity`, more than
 * {@link DECIMAL_MAX_FRACTION_DIGITS} fraction or {@link DECIMAL_MAX_INTEGER_DIGITS} integer digits, and
 * JavaScript numbers that are not safe integers (`0.1` as a number is already inexact — pass `"0.1"`).
 *
 * @param value - The candidate value.
 * @returns `{ success: true, data }` or `{ success: false, message }`; never throws.
 * @example parseDecimal('3500.75') // { success: true, data: { units: 350075n, scale: 2 } }
 */
export function parseDecimal(value: unknown): ParseDecimalResult {
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) {
      return {
        success: false,
        message: 'must be a decimal string (a JavaScript number is accepted only as a safe integer)',
      };
    }
    return { success: true, data: { units: BigInt(value), scale: 0 } };
  }
  if (typeof value !== 'string') return { success: false, message: 'must be a decimal string such as "1250.50"' };
  if (!DECIMAL_TEXT.test(value)) {
    return {
      success: false,
      message: 'must be a plain decimal string such as "1250.50" (no exponent, sign "+", spaces or separators)',
    };
  }
  const point = value.indexOf('.');
  const negative = value.charCodeAt(0) === 45;
  const intDigits = (point < 0 ? value.length : point) - (negative ? 1 : 0);
  const scale = point < 0 ? 0 : value.length - point - 1;
  if (scale > DECIMAL_MAX_FRACTION_DIGITS) {
    return { success: false, message: `must have at most ${DECIMAL_MAX_FRACTION_DIGITS} fraction digits` };
  }
  if (intDigits > DECIMAL_MAX_INTEGER_DIGITS) {
    return { success: false, message: `must have at most ${DECIMAL_MAX_INTEGER_DIGITS} integer digits` };
  }
  const digits = point < 0 ? value : value.slice(0, point) + value.slice(point + 1);
  return { success: true, data: { units: BigInt(digits), scale } };
}

/**
 * Parses a decimal the caller knows to be valid (constants, rule data already checked).
 *
 * @throws {ClearledgerError} `CL_INPUT_INVALID` when `value` is not a decimal {@link parseDecimal} accepts.
 */
export function decimal(value: string | number): Decimal {
  const parsed = parseDecimal(value);
  if (!parsed.success) {
    throw new ClearledgerError('CL_INPUT_INVALID', `${JSON.stringify(value)} ${parsed.message}`);
  }
  return parsed.data;
}

/** The units of `d` expressed at `scale` (which must be ≥ `d.scale`). */
export function unitsAtScale(d: Decimal, scale: number): bigint {
  return scale === d.scale ? d.units : d.units * pow10(scale - d.scale);
}

/** `a + b`, exact. */
export function addDecimals(a: Decimal, b: Decimal): Decimal {
  const scale = Math.max(a.scale, b.scale);
  return { units: unitsAtScale(a, scale) + unitsAtScale(b, scale), scale };
}

/** `a − b`, exact. */
export function subtractDecimals(a: Decimal, b: Decimal): Decimal {
  const scale = Math.max(a.scale, b.scale);
  return { units: unitsAtScale(a, scale) - unitsAtScale(b, scale), scale };
}

/** `a × b`, exact (the scale of the product is the sum of the scales). */
export function multiplyDecimals(a: Decimal, b: Decimal): Decimal {
  return { units: a.units * b.units, scale: a.scale + b.scale };
}

/** −1, 0 or 1 as `a` is less than, equal to or greater than `b` (`"1.50"` equals `"1.5"`). */
export function compareDecimals(a: Decimal, b: Decimal): -1 | 0 | 1 {
  const scale = Math.max(a.scale, b.scale);
  const x = unitsAtScale(a, scale);
  const y = unitsAtScale(b, scale);
  return x < y ? -1 : x > y ? 1 : 0;
}

/**
 * The shortest plain string of `d`: trailing fraction zeros removed, no exponent, `"0"` for zero.
 *
 * @example formatDecimal({ units: 350050n, scale: 2 }) // "3500.5"
 */
export function formatDecimal(d: Decimal): string {
  return formatUnits(d.units, d.scale);
}

/** Shortest plain string of `units / 10^scale` (trailing fraction zeros removed). */
export function formatUnits(units: bigint, scale: number): string {
  const negative = units < 0n;
  let text = (negative ? -units : units).toString();
  if (scale > 0) {
    if (text.length <= scale) text = '0'.repeat(scale - text.length + 1) + text;
    let end = text.length;
    const point = text.length - scale;
    while (end > point && text.charCodeAt(end - 1) === 48) end--;
    text = end === point ? text.slice(0, point) : text.slice(0, point) + '.' + text.slice(point, end);
  }
  return negative && text !== '0' ? '-' + text : text;
}

/**
 * `a / b` as a percentage (`100 × a / b`), kept exact: nothing is divided or rounded, so comparing it
 * with a threshold ({@link comparePct}) never depends on rounding (RO-02). Use {@link formatPct} only to
 * display it.
 *
 * @throws {ClearledgerError} `CL_INPUT_INVALID` when `b` is zero (callers check the base first).
 */
export function ratioPct(a: Decimal, b: Decimal): Percentage {
  if (b.units === 0n) throw new ClearledgerError('CL_INPUT_INVALID', 'A percentage of a zero base is undefined.');
  if (b.units < 0n) {
    return { numerator: { units: -a.units, scale: a.scale }, denominator: { units: -b.units, scale: b.scale } };
  }
  return { numerator: a, denominator: b };
}

/** −1, 0 or 1 as the exact percentage `p` is below, equal to or above `thresholdPct` (no rounding). */
export function comparePct(p: Percentage, thresholdPct: Decimal): -1 | 0 | 1 {
  // 100·n/10^ns / (d/10^ds) <=> t/10^ts  ⇔  100·n·10^(ds+ts) <=> t·d·10^ns   (d > 0)
  const { numerator: n, denominator: d } = p;
  const left = 100n * n.units * pow10(d.scale + thresholdPct.scale);
  const right = thresholdPct.units * d.units * pow10(n.scale);
  return left < right ? -1 : left > right ? 1 : 0;
}

/**
 * Displays an exact percentage with `digits` fraction digits (default 2), rounding half-up: a value
 * exactly halfway is rounded away from zero (`12.345` → `"12.35"`, `−12.345` → `"-12.35"`). A value
 * that rounds to zero is shown without a sign. For display only — compare with {@link comparePct}.
 *
 * @example formatPct(ratioPct(decimal('45'), decimal('80'))) // "56.25"
 */
export function formatPct(p: Percentage, digits = 2): string {
  const { numerator: n, denominator: d } = p;
  const num = 100n * n.units * pow10(d.scale + digits);
  const den = d.units * pow10(n.scale);
  const negative = num < 0n;
  const abs = negative ? -num : num;
  let q = abs / den;
  if ((abs - q * den) * 2n >= den) q += 1n;
  const text = formatFixed(q, digits);
  return negative && q !== 0n ? '-' + text : text;
}

/** `units / 10^digits` with exactly `digits` fraction digits (units ≥ 0). */
function formatFixed(units: bigint, digits: number): string {
  let text = units.toString();
  if (digits === 0) return text;
  if (text.length <= digits) text = '0'.repeat(digits - text.length + 1) + text;
  return text.slice(0, text.length - digits) + '.' + text.slice(text.length - digits);
}
