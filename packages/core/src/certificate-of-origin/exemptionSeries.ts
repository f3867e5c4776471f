import { ClearledgerError } from '../errors/ClearledgerError.ts';
import { addDecimals, compareDecimals, type Decimal, formatDecimal, parseDecimal } from '../origin/decimal.ts';
import { requireDayNumber } from './calendarDate.ts';

/** An importation that claimed preference without a certification (the CO-12 exemption). */
export type ExemptImportation = {
  /** Entry number (dashes ignored). */
  entryNumber: string;
  importDate: string;
  /** HTSUS number of a line (its first 6 digits, the HS subheading, are compared). */
  htsus: string;
  /** Originating value of the line in U.S. dollars, exact decimal. */
  valueUsd: string;
};

/** Parameters of {@link exemptionSeries}. */
export type ExemptionSeriesParameters = {
  /** The lines of the importation being claimed (usually one). */
  importation: readonly ExemptImportation[];
  /** Earlier exempt lines of the same importer of record (other entries; lines of the same entry are ignored). */
  earlier: readonly ExemptImportation[];
  /** How many calendar days before or after the importation still count as the same series. Default 7. */
  windowDays?: number;
  /** The exemption limit, "2500" (19 CFR 182.14). */
  thresholdUsd?: string;
};

/** Result of {@link exemptionSeries}. */
export type ExemptionSeriesResult = {
  /** The risk rule flags the importation as possibly one of a series planned to evade CO-12. */
  flagged: boolean;
  /** The other entries of the series (none when not flagged). */
  entries: string[];
  /** Originating value of the importation and those entries together, exact decimal. */
  combinedValueUsd: string;
};

const normal = (entry: string) => entry.replaceAll('-', '').toUpperCase();

/**
 * The "series" risk rule of CO-12 (19 CFR 182.14: the exemption does not apply to an importation that
 * is one of a series of importations carried out or planned to evade the certification requirement):
 * it flags an exempt importation when the same importer of record claimed the exemption on *other*
 * entries of goods of the same HS subheading imported within `windowDays` (7) calendar days of it, and
 * all of them together exceed US$2,500 — one shipment's value split across entries. A flag sends the
 * claim to an officer; it does not deny it by itself. Pure; throws `CL_INPUT_INVALID` on a malformed
 * date or amount.
 *
 * @example exemptionSeries({ importation: [{ entryNumber: 'AB1-0000002-2', importDate: '2025-06-11', htsus: '9403604081', valueUsd: '2000' }], earlier: [{ entryNumber: 'AB1-0000001-1', importDate: '2025-06-10', htsus: '9403604081', valueUsd: '2000' }] }).flagged // true
 */
export function exemptionSeries(params: ExemptionSeriesParameters): ExemptionSeriesResult {
  const window = params.windowDays ?? 7;
  const threshold = parseDecimal(params.thresholdUsd ?? '2500');
  const amount = (v: string, field: string): Decimal => {
    const p = parseDecimal(v);
    if (!p.success || p.data.units < 0n)
      throw new ClearledgerError('CL_INPUT_INVALID', `${field} must be a non-negative decimal string.`, { field });
    return p.data;
  };
  const own = new Set(params.importation.map((l) => normal(l.entryNumber)));
  let total: Decimal = { units: 0n, scale: 0 };
  for (const l of params.importation) total = addDecimals(total, amount(l.valueUsd, 'valueUsd'));
  const entries = new Set<string>();
  for (const e of params.earlier) {
    if (own.has(normal(e.entryNumber))) continue;
    const day = requireDayNumber(e.importDate, 'importDate');
    const related = params.importation.some(
      (l) =>
        l.htsus.slice(0, 6) === e.htsus.slice(0, 6) &&
        Math.abs(requireDayNumber(l.importDate, 'importDate') - day) <= window,
    );
    if (!related) continue;
    total = addDecimals(total, amount(e.valueUsd, 'valueUsd'));
    entries.add(e.entryNumber);
  }
  const flagged = entries.size > 0 && threshold.success && compareDecimals(total, threshold.data) > 0;
  return { flagged, entries: flagged ? [...entries] : [], combinedValueUsd: formatDecimal(total) };
}
