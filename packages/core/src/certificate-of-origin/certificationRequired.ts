import { ClearledgerError } from '../errors/ClearledgerError.ts';
import { compareDecimals, parseDecimal } from '../origin/decimal.ts';

/** Parameters of {@link certificationRequired}. */
export type CertificationRequiredParameters = {
  /** The importation is commercial (goods imported for sale or for any commercial purpose). */
  commercial: boolean;
  /** Value of the originating goods in U.S. dollars, as an exact decimal string ("2400.00"). */
  originatingValueUsd: string;
  /**
   * The importation is one of a series that looks planned to avoid the certification requirement
   * (a risk rule decides this, e.g. several low-value entries from one exporter in a few days).
   */
  partOfSeries?: boolean;
  /** The value up to which a certification is not required; "2500" (19 CFR 182.14, 10.586). */
  thresholdUsd?: string;
};

/** Result of {@link certificationRequired}. */
export type CertificationRequiredResult = {
  /** A certification must be in the importer's possession to claim preference. */
  required: boolean;
  rule: 'CO-12';
  reason: 'NON_COMMERCIAL' | 'LOW_VALUE' | 'ABOVE_THRESHOLD' | 'SERIES';
  message: string;
};

/**
 * Whether a preference claim needs a certification (CO-12): not for a non-commercial importation, nor
 * for a commercial one whose originating value is at most US$2,500 — unless the importation is part
 * of a series planned to evade the requirement. Amounts are compared exactly (no floating point).
 * Throws `CL_INPUT_INVALID` when an amount is not a non-negative decimal string.
 *
 * @example certificationRequired({ commercial: true, originatingValueUsd: '2400' }).required // false
 */
export function certificationRequired(params: CertificationRequiredParameters): CertificationRequiredResult {
  const value = amount(params.originatingValueUsd, 'originatingValueUsd');
  const thresholdText = params.thresholdUsd ?? '2500';
  const threshold = amount(thresholdText, 'thresholdUsd');
  if (params.partOfSeries === true)
    return {
      required: true,
      rule: 'CO-12',
      reason: 'SERIES',
      message:
        'The importation appears to be one of a series planned to avoid the certification requirement: a certification is required.',
    };
  if (!params.commercial)
    return {
      required: false,
      rule: 'CO-12',
      reason: 'NON_COMMERCIAL',
      message: 'A non-commercial importation may claim preference without a certification.',
    };
  if (compareDecimals(value, threshold) <= 0)
    return {
      required: false,
      rule: 'CO-12',
      reason: 'LOW_VALUE',
      message: `The originating value (US$${params.originatingValueUsd}) does not exceed US$${thresholdText}: preference may be claimed without a certification.`,
    };
  return {
    required: true,
    rule: 'CO-12',
    reason: 'ABOVE_THRESHOLD',
    message: `The originating value (US$${params.originatingValueUsd}) exceeds US$${thresholdText}: the claim needs a certification in the importer's possession.`,
  };
}

function amount(text: unknown, field: string) {
  const parsed = typeof text === 'string' ? parseDecimal(text) : undefined;
  if (parsed === undefined || !parsed.success || parsed.data.units < 0n)
    throw new ClearledgerError(
      'CL_INPUT_INVALID',
      `${field} must be a non-negative decimal string such as "2400.00"${parsed?.success === false ? ` (it ${parsed.message})` : ''}.`,
      { field },
    );
  return parsed.data;
}
