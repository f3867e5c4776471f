import type { ErrorCode } from '../errors/codes.ts';

/** The credential type of an ATA carnet, issued by the issuing association (role CARNET_ISSUER). */
export const carnetCredentialType = 'AtaCarnetCredential';
/** The credential-subject `type` of an ATA carnet. */
export const carnetSubjectType = 'AtaCarnet';

/** Box C: what the goods are used for (ATA Convention annexes; domain.md §4.2). */
export const carnetIntendedUses = ['COMMERCIAL_SAMPLES', 'PROFESSIONAL_EQUIPMENT', 'EXHIBITIONS_FAIRS'] as const;
export type CarnetIntendedUse = (typeof carnetIntendedUses)[number];

/** How the holder secured the carnet with its issuing association (domain.md §4.1). */
export const securityDepositTypes = ['BOND', 'CASH', 'CLAIM_DEPOSIT'] as const;
export type SecurityDepositType = (typeof securityDepositTypes)[number];

/** One line of the General List (domain.md §4.2); money and weights are decimal strings. */
export type GeneralListItem = {
  /** Item number, 1..n, unique. */
  item: number;
  /** Trade description, including marks and serial numbers. */
  description: string;
  /** Number of pieces, at least 1. */
  pieces: number;
  weightKg?: string;
  value: string;
  /** ISO 4217. */
  currency: string;
  /** Country of origin, ISO 3166-1 alpha-2. */
  origin: string;
};

/** The subject of an `AtaCarnetCredential` (domain.md §4.5). Dates are `YYYY-MM-DD`. */
export type AtaCarnet = {
  type?: typeof carnetSubjectType;
  /** Carnet number as printed in box G, e.g. `US-123456`. */
  carnetNumber: string;
  /** Issuing association (box G); its country is the carnet's home country. */
  issuingAssociation: { name: string; country: string };
  /** Box A. */
  holder: { id: string; name: string; address: string; country: string };
  /** Box B. */
  representatives?: { name: string; id?: string }[];
  intendedUse: CarnetIntendedUse;
  /** Box P: countries of use (and transit), ISO 3166-1 alpha-2. */
  countries: string[];
  issueDate: string;
  /** Last day the carnet may be used (inclusive, as printed). */
  validUntil: string;
  generalList: GeneralListItem[];
  securityDeposit: { type: SecurityDepositType; amount: string; currency: string };
};

/** States of a carnet (domain.md §4.6). */
export const carnetStates = [
  'APPLIED',
  'ISSUED',
  'ACTIVE',
  'EXPIRED',
  'RETURNED',
  'CLAIMED',
  'REGULARISED',
  'PAID',
  'REPLACED',
  'CANCELLED',
  'CLOSED',
] as const;
export type CarnetState = (typeof carnetStates)[number];

/** Allowed carnet state changes (domain.md §4.6). */
export const carnetStateTransitions: Readonly<Record<CarnetState, readonly CarnetState[]>> = {
  APPLIED: ['ISSUED'],
  ISSUED: ['ACTIVE', 'CANCELLED'],
  ACTIVE: ['EXPIRED', 'RETURNED', 'CLAIMED', 'REPLACED'],
  EXPIRED: ['CLOSED', 'CLAIMED'],
  RETURNED: ['CLOSED'],
  CLAIMED: ['REGULARISED', 'PAID'],
  REGULARISED: ['CLOSED'],
  PAID: ['CLOSED'],
  REPLACED: [],
  CANCELLED: [],
  CLOSED: [],
};

/** Stored state of one General List item, as the contract keeps it (CHAIN: 0 AT_HOME … 3 CLAIMED). */
export const carnetItemStoredStates = ['AT_HOME', 'ABROAD', 'IN_COUNTRY', 'CLAIMED'] as const;
export type CarnetItemStoredState = (typeof carnetItemStoredStates)[number];
/** An item's state as shown: the stored state, or OVERDUE (derived: in a country past its deadline). */
export type CarnetItemStatus = CarnetItemStoredState | 'OVERDUE';

/** Where one item is, after its last voucher. */
export type CarnetItemState = {
  state: CarnetItemStoredState;
  /** The country the item is in (IN_COUNTRY, CLAIMED). */
  country?: string;
  /** Re-export deadline in that country: min(validUntil, the date customs set at importation). */
  deadline?: string;
  /** Date of the item's last voucher (CA-03: the next one may not be earlier). */
  lastDate?: string;
};

/** Item states by General List item number; an item not listed is AT_HOME and not yet used. */
export type CarnetItemStates = Readonly<Record<number, CarnetItemState>>;

/** Voucher kinds; the numbers are the contract's (CHAIN: 0 EXPORT … 4 TRANSIT). */
export const voucherKinds = ['EXPORT', 'IMPORT', 'REEXPORT', 'REIMPORT', 'TRANSIT'] as const;
export type VoucherKind = (typeof voucherKinds)[number];
export type VoucherColour = 'YELLOW' | 'WHITE' | 'BLUE';

const colours: Readonly<Record<VoucherKind, VoucherColour>> = {
  EXPORT: 'YELLOW',
  IMPORT: 'WHITE',
  REEXPORT: 'WHITE',
  REIMPORT: 'YELLOW',
  TRANSIT: 'BLUE',
};

/**
 * The colour of a voucher, from its kind: yellow for exportation and re-importation (home country),
 * white for importation and re-exportation (foreign country), blue for transit (domain.md §4.2).
 */
export function voucherColour(kind: VoucherKind): VoucherColour {
  return colours[kind];
}

/** A voucher as customs endorses it. */
export type CarnetVoucher = {
  kind: VoucherKind;
  items: { item: number; pieces?: number }[];
  /** Country of the endorsing office, ISO 3166-1 alpha-2. */
  country: string;
  /** Customs office (e.g. CBP port code `2704`). */
  office: string;
  date: string;
  /** On an importation: the re-export date customs set on the counterfoil. */
  deadline?: string;
  /** Whether the voucher was detached from its counterfoil (CA-06). */
  detached?: boolean;
};

/** Rules a carnet problem or refusal names. */
export type CarnetRule =
  | 'FORMAT'
  | 'GENERAL_LIST'
  | 'SECURITY'
  | 'CA-01'
  | 'CA-02'
  | 'CA-03'
  | 'CA-04'
  | 'CA-05'
  | 'CA-06'
  | 'CA-07'
  | 'CA-08'
  | 'CA-09'
  | 'ITEM_STATE'
  | 'OFFICE';

/** One problem of a carnet, about one field (a JSON pointer). */
export type CarnetProblem = { code: 'CL_CARNET_INVALID'; rule: CarnetRule; field: string; message: string };

/** A refused voucher, claim or proof: its code, rule, field (JSON pointer) and a sentence. */
export type CarnetRefusal = { ok: false; code: ErrorCode; rule: CarnetRule; field: string; message: string };
