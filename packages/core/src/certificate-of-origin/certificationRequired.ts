import { ClearledgerError } from '../errors/ClearledgerError.ts';
import { addDecimals, compareDecimals, type Decimal, formatDecimal, parseDecimal } from '../origin/decimal.ts';

/** Parameters of {@link certificationRequired}. */
export type CertificationRequiredParameters = {
  /** The importation is declared commercial (goods imported for sale or for any commercial purpose). */
  commercial: boolean;
  /** Value of the originating goods of the line being claimed, in U.S. dollars, as an exact decimal ("2400.00"). */
  originatingValueUsd: string;
  /**
   * The originating values of the other lines of the same importation (entry) already claimed: the
   * US$2,500 limit applies to the importation, not to each line.
   */
  otherLinesValueUsd?: readonly string[];
  /**
   * The importation looks like one of a series planned to avoid the certification requirement (the
   * risk rule {@link exemptionSeries} decides this). A flag, not a finding: an officer decides.
   */
  partOfSeries?: boolean;
  /** The value up to which a certification is not required; "2500" (19 CFR 182.14, 10.586). */
  thresholdUsd?: string;
};

/** Result of {@link certificationRequired}. */
export type CertificationRequiredResult = {
  /** A certification must be in the importer's possession to claim preference (unless an officer finds otherwise when `review`). */
  required: boolean;
  /** An officer must decide: a self-declared non-commercial importation, or a series flagged by the risk rule. */
  review: boolean;
  rule: 'CO-12';
  reason: 'NON_COMMERCIAL' | 'LOW_VALUE' | 'ABOVE_THRESHOLD' | 'SERIES';
  /** The originating value of the whole importation (this line and the others), exact decimal. */
  importationValueUsd: string;
  message: string;
};

/**
 * Whether a preference claim needs a certification (CO-12, 19 CFR 182.14 / 10.586): not for a
 * non-commercial importation, nor for a commercial one whose originating value — of the whole
 * importation, every line of the entry added up — is at most US$2,500, unless the importation is part
 * of a series planned to evade the requirement. The claimant cannot settle two of these alone: a
 * declared non-commercial importation and a series flagged by the risk rule go to an officer
 * (`review: true`). Amounts are compared exactly. Throws `CL_INPUT_INVALID` when an amount is not a
 * non-negative decimal string.
 *
 * @example certificationRequired({ commercial: true, originatingValueUsd: '2400' }).required // false
 * @example certificationRequired({ commercial: true, originatingValueUsd: '1500', otherLinesValueUsd: ['1500'] }).required // true
 */
export function certificationRequired(params: CertificationRequiredParameters): CertificationRequiredResult {
  const line = amount(params.originatingValueUsd, 'originatingValueUsd');
  const total = (params.otherLinesValueUsd ?? []).reduce<Decimal>(
    (sum, v, i) => addDecimals(sum, amount(v, `otherLinesValueUsd/${i}`)),
    line,
  );
  const importationValueUsd = formatDecimal(total);
  const thresholdText = params.thresholdUsd ?? '2500';
  const threshold = amount(thresholdText, 'thresholdUsd');
  const others = params.otherLinesValueUsd?.length ?? 0;
  const valueText =
    others === 0
      ? `The originating value (US$${params.originatingValueUsd})`
      : `The originating value of the importation (US$${importationValueUsd}, ${others + 1} lines of the entry)`;
  if (params.commercial && compareDecimals(total, threshold) > 0)
    return {
      required: true,
      review: false,
      rule: 'CO-12',
      reason: 'ABOVE_THRESHOLD',
      importationValueUsd,
      message: `${valueText} exceeds US$${thresholdText}: the claim needs a certification in the importer's possession.`,
    };
  if (params.partOfSeries === true)
    return {
      required: true,
      review: true,
      rule: 'CO-12',
      reason: 'SERIES',
      importationValueUsd,
      message:
        'The importation appears to be one of a series planned to avoid the certification requirement: an officer decides whether a certification is required.',
    };
  if (!params.commercial)
    return {
      required: false,
      review: true,
      rule: 'CO-12',
      reason: 'NON_COMMERCIAL',
      importationValueUsd,
      message:
        'The importation is declared non-commercial, which needs no certification: an officer confirms the declaration before preference is granted.',
    };
  return {
    required: false,
    review: false,
    rule: 'CO-12',
    reason: 'LOW_VALUE',
    importationValueUsd,
    message: `${valueText} does not exceed US$${thresholdText}: preference may be claimed without a certification.`,
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
