import type { CarnetItemState, VoucherKind } from './types.ts';

/** What {@link nextItemState} needs of a voucher. */
export type ItemVoucher = {
  kind: VoucherKind;
  country: string;
  date: string;
  /** On an importation: the item's re-export deadline there, min(validUntil, the customs-set date). */
  deadline?: string;
};

/**
 * Where an item is after a voucher, by the contract's table (InstrumentRegistry.endorse): EXPORT
 * AT_HOME → ABROAD; IMPORT(X) ABROAD → IN_COUNTRY(X) with its deadline; REEXPORT(X) IN_COUNTRY(X) →
 * ABROAD; REIMPORT ABROAD → AT_HOME; TRANSIT ABROAD → ABROAD. Any other pair (a second importation
 * without re-exportation, a re-exportation from another country, anything on a CLAIMED item) is
 * refused: null (CL_CARNET_ITEM_STATE). Dates and deadlines are checked by `checkVoucher`.
 *
 * @param state - the item's state before the voucher.
 * @param voucher - kind, country, date (and deadline for an importation).
 * @returns the item's next state (its `lastDate` is the voucher's date), or null.
 */
export function nextItemState(state: CarnetItemState, voucher: ItemVoucher): CarnetItemState | null {
  const lastDate = voucher.date;
  switch (voucher.kind) {
    case 'EXPORT':
      return state.state === 'AT_HOME' ? { state: 'ABROAD', lastDate } : null;
    case 'IMPORT':
      return state.state === 'ABROAD'
        ? {
            state: 'IN_COUNTRY',
            country: voucher.country,
            ...(voucher.deadline === undefined ? {} : { deadline: voucher.deadline }),
            lastDate,
          }
        : null;
    case 'REEXPORT':
      return state.state === 'IN_COUNTRY' && state.country === voucher.country ? { state: 'ABROAD', lastDate } : null;
    case 'REIMPORT':
      return state.state === 'ABROAD' ? { state: 'AT_HOME', lastDate } : null;
    case 'TRANSIT':
      return state.state === 'ABROAD' ? { state: 'ABROAD', lastDate } : null;
    default:
      return null;
  }
}
