import { requireDayNumber } from '../certificate-of-origin/calendarDate.ts';
import { ClearledgerError } from '../errors/ClearledgerError.ts';
import type { Decimal } from '../origin/decimal.ts';
import { compareDecimals, formatUnits, parseDecimal } from '../origin/decimal.ts';
import { claimDeadline } from './calendar.ts';
import type { AtaCarnet, CarnetItemState, CarnetItemStates, CarnetItemStatus, CarnetRefusal } from './types.ts';

/**
 * An item's state as shown on `today`: OVERDUE when it is in a country past its re-export deadline
 * (the deadline day itself is still in time), otherwise its stored state.
 *
 * @param itemState - the item's stored state.
 * @param today - `YYYY-MM-DD`.
 * @throws {ClearledgerError} `CL_INPUT_INVALID` when a date is not a calendar date.
 */
export function itemStatusOn(itemState: CarnetItemState, today: string): CarnetItemStatus {
  const now = requireDayNumber(today, 'today');
  if (itemState.state === 'IN_COUNTRY' && itemState.deadline !== undefined)
    if (now > requireDayNumber(itemState.deadline, 'deadline')) return 'OVERDUE';
  return itemState.state;
}

/**
 * The items in a country past their re-export deadline on `today` (domain.md §4.6 OVERDUE_IN_X), by
 * item number, ascending.
 *
 * @param itemStates - item states by item number.
 * @param today - `YYYY-MM-DD`.
 */
export function overdueItems(itemStates: CarnetItemStates, today: string): number[] {
  return Object.entries(itemStates)
    .filter(([, s]) => itemStatusOn(s, today) === 'OVERDUE')
    .map(([item]) => Number(item))
    .sort((a, b) => a - b);
}

/**
 * Whether the carnet is discharged: it was used (some item has a voucher) and every item is back
 * AT_HOME (CHAIN: derived, not stored).
 *
 * @param itemStates - item states by item number (an item not listed is AT_HOME, unused).
 */
export function isDischarged(itemStates: CarnetItemStates): boolean {
  const states = Object.values(itemStates);
  return states.some((s) => s.lastDate !== undefined) && states.every((s) => s.state === 'AT_HOME');
}

function amountOf(value: string, name: string): Decimal {
  const parsed = parseDecimal(value);
  if (!parsed.success || typeof value !== 'string' || parsed.data.units < 0n)
    throw new ClearledgerError('CL_INPUT_INVALID', `${name} must be a non-negative decimal string.`, { field: name });
  return parsed.data;
}

/**
 * The most a guaranteeing association owes on a claim (CA-07, ATA Convention Art. 6): the import
 * duties and taxes due plus 10 %, exact (no floating point), at the duties' decimal places (or one
 * more when needed).
 *
 * @param duties - duties and taxes due, a decimal string.
 * @returns the cap as a decimal string: `"11500.00"` → `"12650.00"`.
 * @throws {ClearledgerError} `CL_INPUT_INVALID` when `duties` is not a non-negative decimal string.
 */
export function maxClaimAmount(duties: string): string {
  const d = amountOf(duties, 'dutiesAndTaxes');
  // d × 1.10 = d × 11 / 10: exact at one more decimal place.
  const units = d.units * 11n;
  const scale = d.scale + 1;
  if (units % 10n === 0n) {
    const text = formatUnits(units / 10n, d.scale);
    return d.scale === 0 ? text : padFraction(text, d.scale);
  }
  return padFraction(formatUnits(units, scale), scale);
}

function padFraction(text: string, scale: number): string {
  const [whole, fraction = ''] = text.split('.');
  return `${whole}.${fraction.padEnd(scale, '0')}`;
}

/** Parameters of {@link checkCarnetClaim}. */
export type CheckCarnetClaimParameters = {
  carnet: Pick<AtaCarnet, 'validUntil'>;
  /** The claimed item's state. */
  itemState: CarnetItemState;
  /** The claiming customs' country; when given, the item must be in it. */
  country?: string;
  claimDate: string;
  /** Amount claimed, a decimal string. */
  amount: string;
  /** Import duties and taxes due, a decimal string, in the same currency. */
  dutiesAndTaxes: string;
  /** ISO 4217 currency of both amounts. */
  currency: string;
};

/** Result of {@link checkCarnetClaim}. */
export type CheckCarnetClaimResult = { ok: true; maxAmount: string; deadline: string } | CarnetRefusal;

/**
 * Whether customs may claim on a carnet item (CA-07): the item is in the claiming country past its
 * re-export deadline (CL_CARNET_ITEM_STATE otherwise), the claim is made no later than one year after
 * the carnet's validity (CL_CARNET_CLAIM_LATE; valid until 2026-02-28 → claims until 2027-02-28), and
 * the amount is at most the duties and taxes due plus 10 % (CL_CARNET_CLAIM_EXCEEDS_CAP; €11,500 →
 * €12,650).
 *
 * @param parameters - carnet, item state, claim date, amounts.
 * @returns `{ ok: true, maxAmount, deadline }` or a refusal.
 * @throws {ClearledgerError} `CL_INPUT_INVALID` when a date or amount is malformed.
 */
export function checkCarnetClaim(parameters: CheckCarnetClaimParameters): CheckCarnetClaimResult {
  const { carnet, itemState, claimDate, currency } = parameters;
  const deadline = claimDeadline(carnet.validUntil);
  const maxAmount = maxClaimAmount(parameters.dutiesAndTaxes);
  const amount = amountOf(parameters.amount, 'amount');
  if (
    itemStatusOn(itemState, claimDate) !== 'OVERDUE' ||
    (parameters.country !== undefined && itemState.country !== parameters.country)
  )
    return {
      ok: false,
      code: 'CL_CARNET_ITEM_STATE',
      rule: 'CA-07',
      field: '/itemState',
      message: `Only an item still in the claiming country after its re-export deadline can be claimed; this one is ${itemStatusOn(itemState, claimDate)}${itemState.country ? ` (${itemState.country})` : ''}.`,
    };
  if (requireDayNumber(claimDate, 'claimDate') > requireDayNumber(deadline, 'deadline'))
    return {
      ok: false,
      code: 'CL_CARNET_CLAIM_LATE',
      rule: 'CA-07',
      field: '/claimDate',
      message: `The carnet was valid until ${carnet.validUntil}: claims could be made until ${deadline}, not on ${claimDate} (CA-07).`,
    };
  if (compareDecimals(amount, amountOf(maxAmount, 'maxAmount')) > 0)
    return {
      ok: false,
      code: 'CL_CARNET_CLAIM_EXCEEDS_CAP',
      rule: 'CA-07',
      field: '/amount',
      message: `The claim of ${parameters.amount} ${currency} exceeds the duties and taxes due (${parameters.dutiesAndTaxes} ${currency}) plus 10 %: ${maxAmount} ${currency} (CA-07).`,
    };
  return { ok: true, maxAmount, deadline };
}

/** Parameters of {@link checkProofOfReexport}. */
export type CheckProofOfReexportParameters = { importDate: string; proofDate: string; validUntil: string };

/**
 * CA-08: a proof of re-exportation discharges a claim only when dated after the importation on the
 * claim and no later than the carnet's last valid day.
 *
 * @returns `{ ok: true }` or `CL_CARNET_PROOF_INVALID`.
 * @throws {ClearledgerError} `CL_INPUT_INVALID` when a date is not a calendar date.
 */
export function checkProofOfReexport(parameters: CheckProofOfReexportParameters): { ok: true } | CarnetRefusal {
  const imported = requireDayNumber(parameters.importDate, 'importDate');
  const proof = requireDayNumber(parameters.proofDate, 'proofDate');
  const until = requireDayNumber(parameters.validUntil, 'validUntil');
  if (proof > imported && proof <= until) return { ok: true };
  return {
    ok: false,
    code: 'CL_CARNET_PROOF_INVALID',
    rule: 'CA-08',
    field: '/proofDate',
    message: `A proof of re-exportation is dated after the importation (${parameters.importDate}) and by the carnet's validity (${parameters.validUntil}); this one is dated ${parameters.proofDate} (CA-08).`,
  };
}
