import { requireDayNumber } from '../certificate-of-origin/calendarDate.ts';
import type { ErrorCode } from '../errors/codes.ts';
import { type CarnetCountryTable, defaultCarnetCountries } from './carnetCountries.ts';
import { nextItemState } from './nextItemState.ts';
import {
  type AtaCarnet,
  type CarnetItemState,
  type CarnetItemStates,
  type CarnetRefusal,
  type CarnetRule,
  type CarnetVoucher,
  voucherColour,
} from './types.ts';

/** Parameters of {@link checkVoucher}. */
export type CheckVoucherParameters = {
  /** The carnet's (validated) subject. */
  carnet: AtaCarnet;
  /** Item states before the voucher; an item not listed is AT_HOME and not yet used. */
  itemStates: CarnetItemStates;
  voucher: CarnetVoucher;
  /** The customs service endorsing the voucher. */
  endorsingCustoms: { country: string };
  /** CA-09: the goods arrived by mail (refused for a U.S. importation). */
  mailImportation?: boolean;
  /** CA-09: U.S. customs found the goods entitled to temporary importation under bond (19 CFR 114.31). */
  entitledToTib?: boolean;
  /** Contracting parties by accepted use (CA-05); defaults to {@link defaultCarnetCountries}. */
  countries?: CarnetCountryTable;
};

/** Result of {@link checkVoucher}: the item states after the voucher, or why it is refused. */
export type CheckVoucherResult = { ok: true; nextItemStates: Record<number, CarnetItemState> } | CarnetRefusal;

const AT_HOME: CarnetItemState = { state: 'AT_HOME' };

/**
 * Whether customs may endorse a voucher of a carnet, the same way the contract judges it, and the
 * item states it leads to. In order: the office is in the endorsing customs' own country
 * (CL_CARNET_OFFICE_NOT_OWN); CA-06 yellow vouchers of a U.S.-issued carnet are not detached; CA-03 the
 * date is within the carnet's validity (CL_CARNET_EXPIRED) and not before its issue; CA-05 the country
 * is the home country for EXPORT/REIMPORT, otherwise listed on the carnet and accepting its intended
 * use (CL_CARNET_COUNTRY_NOT_COVERED); CA-09 a U.S. importation is of goods entitled to TIB and not by
 * mail; CA-02 the items are on the General List with no more pieces than listed; per item, the
 * transition of {@link nextItemState} (CL_CARNET_ITEM_STATE), CA-03 dates in order
 * (CL_CARNET_DATE_ORDER) and CA-04 a re-exportation by the item's deadline (CL_CARNET_REEXPORT_LATE).
 * An importation's deadline is min(validUntil, the date customs set).
 *
 * @param parameters - carnet, item states, voucher, endorsing customs, CA-09 facts.
 * @returns `{ ok: true, nextItemStates }` (every item, changed or not) or a refusal.
 * @throws {ClearledgerError} `CL_INPUT_INVALID` when a date is not a calendar date.
 */
export function checkVoucher(parameters: CheckVoucherParameters): CheckVoucherResult {
  const { carnet, itemStates, voucher } = parameters;
  const table = parameters.countries ?? defaultCarnetCountries;
  const home = carnet.issuingAssociation.country;
  const refuse = (code: ErrorCode, rule: CarnetRule, field: string, message: string): CarnetRefusal => ({
    ok: false,
    code,
    rule,
    field,
    message,
  });
  const date = requireDayNumber(voucher.date, 'voucher.date');
  const validUntil = requireDayNumber(carnet.validUntil, 'validUntil');
  const issued = requireDayNumber(carnet.issueDate, 'issueDate');
  const colour = voucherColour(voucher.kind);

  if (parameters.endorsingCustoms.country !== voucher.country)
    return refuse(
      'CL_CARNET_OFFICE_NOT_OWN',
      'OFFICE',
      '/voucher/country',
      `Customs of ${parameters.endorsingCustoms.country} endorse vouchers only at their own offices, not in ${voucher.country}.`,
    );
  if (colour === 'YELLOW' && home === 'US' && voucher.detached === true)
    return refuse(
      'CL_CARNET_VOUCHER_DETACHED',
      'CA-06',
      '/voucher/detached',
      'Yellow vouchers of a U.S.-issued carnet stay attached: customs certify counterfoil and voucher (CA-06).',
    );
  if (date > validUntil)
    return refuse(
      'CL_CARNET_EXPIRED',
      'CA-03',
      '/voucher/date',
      `The voucher is dated ${voucher.date}, after the carnet's validity (until ${carnet.validUntil}, CA-03).`,
    );
  if (date < issued)
    return refuse(
      'CL_CARNET_DATE_ORDER',
      'CA-03',
      '/voucher/date',
      `The voucher is dated ${voucher.date}, before the carnet was issued (${carnet.issueDate}).`,
    );

  // CA-05: where the voucher may be endorsed.
  if (voucher.kind === 'EXPORT' || voucher.kind === 'REIMPORT') {
    if (voucher.country !== home)
      return refuse(
        'CL_CARNET_COUNTRY_NOT_COVERED',
        'CA-05',
        '/voucher/country',
        `A ${voucher.kind} (yellow) voucher is endorsed in the carnet's home country ${home}, not ${voucher.country}.`,
      );
  } else {
    const accepted = Object.hasOwn(table, voucher.country) ? table[voucher.country] : undefined;
    if (!carnet.countries.includes(voucher.country) || accepted === undefined)
      return refuse(
        'CL_CARNET_COUNTRY_NOT_COVERED',
        'CA-05',
        '/voucher/country',
        `${voucher.country} is not on the carnet's countries of use (${carnet.countries.join(', ')}) or is no known contracting party (CA-05).`,
      );
    if (voucher.kind !== 'TRANSIT' && !accepted.includes(carnet.intendedUse))
      return refuse(
        'CL_CARNET_COUNTRY_NOT_COVERED',
        'CA-05',
        '/voucher/country',
        `${voucher.country} does not accept carnets for ${carnet.intendedUse} (CA-05).`,
      );
  }

  // CA-09: U.S. importation.
  if (voucher.kind === 'IMPORT' && voucher.country === 'US') {
    if (parameters.mailImportation === true)
      return refuse(
        'CL_CARNET_NOT_ENTITLED',
        'CA-09',
        '/mailImportation',
        'The U.S. accepts no carnet for goods arriving by mail (19 CFR 114.31, CA-09).',
      );
    if (parameters.entitledToTib !== true)
      return refuse(
        'CL_CARNET_NOT_ENTITLED',
        'CA-09',
        '/entitledToTib',
        'A carnet covers in the U.S. only goods entitled to temporary importation under bond (19 CFR 114.31, CA-09).',
      );
  }

  // Import deadline: min(validUntil, the date customs set).
  let deadline: string | undefined;
  if (voucher.kind === 'IMPORT') {
    deadline = carnet.validUntil;
    if (voucher.deadline !== undefined) {
      const set = requireDayNumber(voucher.deadline, 'voucher.deadline');
      if (set < date)
        return refuse(
          'CL_CARNET_DATE_ORDER',
          'CA-03',
          '/voucher/deadline',
          `The re-export date ${voucher.deadline} is before the importation (${voucher.date}).`,
        );
      if (set < validUntil) deadline = voucher.deadline;
    }
  }

  // CA-02 and the items' transitions.
  if (voucher.items.length === 0)
    return refuse('CL_CARNET_ITEM_UNKNOWN', 'CA-02', '/voucher/items', 'The voucher names no item (CA-02).');
  const next: Record<number, CarnetItemState> = {};
  for (const listed of carnet.generalList) next[listed.item] = itemStates[listed.item] ?? AT_HOME;
  const named = new Set<number>();
  for (const [i, line] of voucher.items.entries()) {
    const field = `/voucher/items/${i}`;
    const listed = carnet.generalList.find((g) => g.item === line.item);
    if (listed === undefined || named.has(line.item))
      return refuse(
        'CL_CARNET_ITEM_UNKNOWN',
        'CA-02',
        `${field}/item`,
        listed === undefined
          ? `Item ${line.item} is not on the General List (CA-02).`
          : `Item ${line.item} is named twice on the voucher.`,
      );
    named.add(line.item);
    if (
      line.pieces !== undefined &&
      (!Number.isSafeInteger(line.pieces) || line.pieces < 1 || line.pieces > listed.pieces)
    )
      return refuse(
        'CL_CARNET_ITEM_UNKNOWN',
        'CA-02',
        `${field}/pieces`,
        `Item ${line.item} lists ${listed.pieces} piece(s); the voucher names ${line.pieces} (CA-02).`,
      );
    const before = itemStates[line.item] ?? AT_HOME;
    const after = nextItemState(before, {
      kind: voucher.kind,
      country: voucher.country,
      date: voucher.date,
      ...(deadline === undefined ? {} : { deadline }),
    });
    if (after === null)
      return refuse(
        'CL_CARNET_ITEM_STATE',
        'ITEM_STATE',
        `${field}/item`,
        `Item ${line.item} is ${before.state}${before.country ? ` (${before.country})` : ''}: a ${voucher.kind} voucher in ${voucher.country} does not apply (${transitionHint(voucher.kind)}).`,
      );
    if (before.lastDate !== undefined && date < requireDayNumber(before.lastDate, 'lastDate'))
      return refuse(
        'CL_CARNET_DATE_ORDER',
        'CA-03',
        '/voucher/date',
        `Item ${line.item}'s last voucher is dated ${before.lastDate}; this one (${voucher.date}) is earlier (CA-03).`,
      );
    if (
      voucher.kind === 'REEXPORT' &&
      before.deadline !== undefined &&
      date > requireDayNumber(before.deadline, 'deadline')
    )
      return refuse(
        'CL_CARNET_REEXPORT_LATE',
        'CA-04',
        '/voucher/date',
        `Item ${line.item} was to leave ${voucher.country} by ${before.deadline}; re-exported on ${voucher.date} (CA-04).`,
      );
    next[line.item] = after;
  }
  return { ok: true, nextItemStates: next };
}

function transitionHint(kind: CarnetVoucher['kind']): string {
  switch (kind) {
    case 'EXPORT':
      return 'an exportation takes an item that is at home';
    case 'IMPORT':
      return 'an importation takes an item that left its last country: no second importation without re-exportation';
    case 'REEXPORT':
      return 'a re-exportation takes an item imported into that country';
    case 'REIMPORT':
    case 'TRANSIT':
      return `a ${kind === 'REIMPORT' ? 're-importation' : 'transit'} takes an item that left its last country`;
  }
}
