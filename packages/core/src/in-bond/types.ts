// In-bond movements (19 CFR Part 18; domain.md §5): the filing, its events and the movement's state.

/** The credential type of an in-bond filing (CBP Form 7512 as an electronic record), issued by a bonded carrier. */
export const inBondCredentialType = 'InBondMovementCredential';

/** The credential subject's `type` of an in-bond filing. */
export const inBondSubjectType = 'InBondMovement';

/** In-bond entry types: 61 IT (immediate transportation), 62 T&E (transportation and exportation), 63 IE (immediate exportation). */
export const inBondEntryTypes = ['61', '62', '63'] as const;
export type InBondEntryType = (typeof inBondEntryTypes)[number];

/** How the goods travel; a barge has 60 days to deliver instead of 30 (IB-T1). */
export const conveyanceModes = ['VESSEL', 'BARGE', 'RAIL', 'TRUCK', 'AIR'] as const;
export type ConveyanceMode = (typeof conveyanceModes)[number];

/** A party to the movement as named on the filing (shipper, consignee). */
export type InBondParty = {
  name: string;
  /** Postal address on one line or as schema.org members; shown as written. */
  address?: Record<string, unknown> | string;
  addressCountry?: string;
};

/** The bonded carrier that files the movement and is liable for it. */
export type InBondCarrier = {
  /** The carrier organisation's DID. */
  id: string;
  name: string;
  /** Bonded carrier ID (IB-11): `NN-NNNNNNNXX` (IRS number), `YYDDPP-NNNNN` (CBP-assigned) or `NNN-NN-NNNN` (SSN). */
  bondedCarrierId: string;
  /** Carrier code (SCAC), 2 to 4 capital letters. */
  scac: string;
};

/** A bill of lading of the movement; quantities are decimal strings (at most 6 fractional digits). */
export type InBondBill = { number: string; quantity: string; unit: string };

/** A container of the movement and its seal. */
export type InBondContainer = { number: string; seal?: string };

/** A goods line: HTS number (6 to 10 digits; at least 6 for 62/63, IB-04), value in whole U.S. dollars. */
export type InBondGoods = {
  hts?: string;
  description: string;
  quantity: string;
  unit: string;
  valueUsd: number;
  weightKg?: string;
};

/**
 * The subject of an {@link inBondCredentialType} credential: the in-bond filing (CATAIR QP record),
 * as validated by `validateInBond`.
 */
export type InBondMovement = {
  type?: typeof inBondSubjectType;
  /** 9 digits, no spaces or dashes (IB-01); unique network-wide (kept by the chain). */
  inBondNumber: string;
  entryType: InBondEntryType;
  carrier: InBondCarrier;
  /** Schedule D code of the port where the movement starts. */
  originPort: string;
  /** Schedule D code: the U.S. port of destination (61) or the port of exportation (62, 63). */
  destinationPort: string;
  /** Schedule K code (5 digits) of the foreign port: required for 62 and 63, absent for 61 (IB-02). */
  foreignPort?: string;
  /** FIRMS code of the destination facility, when known at filing. */
  firmsCode?: string;
  conveyance: { mode: ConveyanceMode; name?: string; voyage?: string };
  /** Date (YYYY-MM-DD, at the origin port) the importing vessel arrived; the clock starts at the later of this and authorisation. */
  vesselArrival?: string;
  bills: InBondBill[];
  containers?: InBondContainer[];
  goods: InBondGoods[];
  /** Value of the shipment in whole U.S. dollars. */
  valueUsd: number;
  /** Manifest quantity: the sum of the bills' quantities (decimal string). */
  manifestQuantity: string;
  shipper: InBondParty;
  consignee: InBondParty;
};

/**
 * States of a movement, as the chain numbers them (1 ON_FILE … 11 GENERAL_ORDER). OVERDUE is not a
 * state: it is a violation computed from the dates (`inBondViolations`).
 */
export const inBondStates = [
  'ON_FILE',
  'AUTHORIZED',
  'EN_ROUTE',
  'DIVERSION_PENDING',
  'ARRIVED_PARTIAL',
  'ARRIVED',
  'EXPORTED_PARTIAL',
  'EXPORTED',
  'CONCLUDED',
  'DELETED',
  'GENERAL_ORDER',
] as const;
export type InBondState = (typeof inBondStates)[number];

/** The chain's number of a state (`ON_FILE` 1 … `GENERAL_ORDER` 11). */
export function inBondStateNumber(state: InBondState): number {
  return inBondStates.indexOf(state) + 1;
}

/** States nothing leaves. */
export const finalInBondStates: readonly InBondState[] = ['CONCLUDED', 'DELETED', 'GENERAL_ORDER'];

/** What an arrival or export covers: the entire in-bond, one bill of lading, or one container. */
export type InBondEventScope = 'ENTIRE' | 'BILL' | 'CONTAINER';

/** Who reports an event: the organisation (its id, as the movement's `liableCarrier` names it) and the roles it holds. */
export type InBondActor = { id: string; roles: readonly string[] };

/** Members every event has: who reports it, when it happened (ISO-8601 instant) and when it was reported. */
type EventBase = {
  by: InBondActor;
  /** When it happened (ISO-8601 instant); never after the report (IB-07). */
  at: string;
  /** When it was reported (ISO-8601 instant); `at` when absent. Late reports are violations (IB-07). */
  reportedAt?: string;
};

/**
 * An event of a movement (CATAIR WP record, or customs' action). Quantities are decimal strings
 * (at most 6 fractional digits); an `ENTIRE` arrival or export without a quantity covers all that is
 * left of the manifest quantity.
 */
export type InBondEvent = EventBase &
  (
    | { kind: 'AUTHORIZE' }
    | { kind: 'DEPART' }
    | {
        kind: 'ARRIVE';
        scope: InBondEventScope;
        /** The bill of lading or container number (scope BILL or CONTAINER). */
        ref?: string;
        firmsCode?: string;
        port: string;
        quantity?: string;
      }
    | { kind: 'EXPORT'; scope: InBondEventScope; ref?: string; port?: string; quantity?: string }
    | { kind: 'TRANSFER'; toCarrier: InBondActor & { bondedCarrierId: string } }
    | { kind: 'DIVERSION_REQUEST'; newPort: string }
    | { kind: 'DIVERSION_DECISION'; approved: boolean }
    | { kind: 'CONCLUDE' }
    | { kind: 'DELETE' }
    | { kind: 'GENERAL_ORDER' }
  );

export type InBondEventKind = InBondEvent['kind'];

/** The WP10 event action codes of CATAIR and the event each one reports. */
export const wp10ActionCodes: Readonly<
  Record<string, { kind: 'ARRIVE' | 'EXPORT'; scope: InBondEventScope } | { kind: 'TRANSFER' | 'DIVERSION_REQUEST' }>
> = {
  '1': { kind: 'ARRIVE', scope: 'ENTIRE' },
  '2': { kind: 'ARRIVE', scope: 'BILL' },
  '3': { kind: 'ARRIVE', scope: 'CONTAINER' },
  '5': { kind: 'EXPORT', scope: 'ENTIRE' },
  '6': { kind: 'EXPORT', scope: 'BILL' },
  '7': { kind: 'EXPORT', scope: 'CONTAINER' },
  A: { kind: 'TRANSFER' },
  Z: { kind: 'DIVERSION_REQUEST' },
};

/** Rules a filing is checked against (domain.md §5.3); FORMAT covers shapes §1 gives. */
export type InBondRule = 'FORMAT' | 'IB-01' | 'IB-02' | 'IB-03' | 'IB-04' | 'IB-10' | 'IB-11';

/** One problem of a filing, with a JSON pointer to its field. */
export type InBondProblem = { code: 'CL_INBOND_INVALID'; rule: InBondRule; field: string; message: string };
