import type { ActorParty, OrgParty } from './clearledgerApi.ts';
import type { ApiClient, RequestOptions } from './client.ts';

/** A permit's state as the node shows it (from the chain). */
export type PermitState =
  | 'APPLIED'
  | 'PRESENTED'
  | 'ACTIVE'
  | 'PARTIALLY_USED'
  | 'EXHAUSTED'
  | 'CONSUMED'
  | 'EXPIRED'
  | 'REVOKED'
  | string;

/** One use of a permit: an entry line that drew a quantity at a port. */
export type PermitUse = {
  useKey: string;
  /** Null for a use drawn through another node: the chain holds its entry as a hash only. */
  entryNumber: string | null;
  line: number | null;
  quantity: string;
  unit: string;
  port: string;
  hts: string;
  country: string;
  product: string | null;
  drawer: string;
  drawerParty?: OrgParty;
  onBehalfOf: string | null;
  onBehalfOfParty?: OrgParty;
  at: string;
  txHash: string;
  blockNumber: number;
  balanceAfter: string;
  reversed: { at: string; by: string; reason: string; txHash: string } | null;
};

/** `GET /permits/{id}`: a permit with its state and balance from the chain and its newest uses. */
export type Permit = {
  id: string;
  credentialId: string;
  hash: string;
  number: string;
  agency: { code: string; name: string };
  program: string;
  issuer: string;
  holder: string;
  designees: string[];
  singleUse: boolean;
  quantity: string;
  unit: string;
  issuedOn: string;
  expiresOn: string;
  state: PermitState;
  balance: string;
  useCount: number | null;
  registered?: boolean;
  uses?: PermitUse[];
  issuerParty?: OrgParty;
  holderParty?: OrgParty;
  designeeParties?: OrgParty[];
};

/** `POST /permits/draws`: an entry line draws a quantity (the node dates it at the port). */
export type DrawBody = {
  permitId: string;
  entryNumber: string;
  line: number;
  quantity: string;
  unit: string;
  port: string;
  hts: string;
  country: string;
  /** The holder a broker draws for (DID). */
  importer?: string;
};
export type DrawResult = { replay: boolean; use: PermitUse; permit: Permit };

export type CarnetItemStatus = 'AT_HOME' | 'ABROAD' | 'IN_COUNTRY' | 'CLAIMED' | 'OVERDUE';
export type CarnetItem = {
  item: number;
  description: string;
  pieces: number;
  state: Exclude<CarnetItemStatus, 'OVERDUE'>;
  status: CarnetItemStatus;
  country: string | null;
  deadline: string | null;
  lastDate: string | null;
};
export type VoucherKind = 'EXPORT' | 'IMPORT' | 'REEXPORT' | 'REIMPORT' | 'TRANSIT';
export type Voucher = {
  kind: VoucherKind;
  colour: 'YELLOW' | 'WHITE' | 'BLUE';
  items: { item: number; pieces?: number }[];
  country: string;
  office: string;
  date: string;
  deadline: string | null;
  customs: string;
  customsParty?: OrgParty;
  at: string;
};
export type CarnetClaim = {
  item: number;
  country: string;
  date: string;
  amount: string;
  currency: string;
  customs: string;
  customsParty?: OrgParty;
};
/** `GET /carnets/{id}`: every item's place from the chain, overdue items and vouchers. */
export type Carnet = {
  id: string;
  credentialId: string;
  hash: string;
  carnetNumber: string;
  issuer: string;
  issuingAssociation: { name: string; country: string };
  holder: string;
  home: string;
  intendedUse: string;
  countries: string[];
  issueDate: string;
  validUntil: string;
  claimUntil: string;
  state: string;
  registered: boolean;
  voucherCount: number;
  items: CarnetItem[];
  overdue: number[];
  discharged: boolean;
  vouchers: Voucher[];
  claims: CarnetClaim[];
  issuerParty?: OrgParty;
  holderParty?: OrgParty;
};
export type VoucherBody = {
  kind: VoucherKind;
  items: { item: number }[];
  office: string;
  country?: string;
  deadline?: string;
};
export type EndorseResult = { voucher: Voucher; carnet: Carnet };

export type InBondDeadlines = {
  clockStart: string | null;
  deliverBy: string | null;
  arrivalReportDue: string | null;
  exportBy: string | null;
  exportReportDue: string | null;
};
export type InBondViolation = {
  code: 'LATE_REPORT' | 'OVERDUE' | 'GENERAL_ORDER_DUE' | string;
  rule: string;
  due: string;
  since: string;
  recordedAt?: string;
};
export type InBondTimelineEvent = {
  seq: number;
  kind: string;
  actorOrgId: string;
  actorId: string;
  reportedAt: string;
  /** When it happened (departures, arrivals, exports). */
  happenedAt?: string;
  port?: string;
  newPort?: string;
  approved?: boolean;
  by?: ActorParty;
};
/** `GET /in-bond/{id}`: state from the chain, timeline with who and when, deadlines, violations. */
export type InBondMovement = {
  id: string;
  credentialId: string;
  hash: string;
  inBondNumber: string;
  entryType: string;
  originPort: string;
  destinationPort: string;
  filedDestinationPort: string;
  foreignPort: string | null;
  issuer: string;
  liableCarrier: string;
  state: string;
  chain: { requestedPort: string | null } | null;
  deadlines: InBondDeadlines;
  nextDueAt: string | null;
  violations: InBondViolation[];
  timeline: InBondTimelineEvent[];
  issuerParty?: OrgParty;
  liableCarrierParty?: OrgParty;
};
export type InBondEventBody =
  | { kind: 'ARRIVE'; port: string; firmsCode?: string; at?: string; scope?: 'ENTIRE' }
  | { kind: 'DIVERSION_DECISION'; approved: boolean };

const enc = encodeURIComponent;

/** The node's routes of the stateful instruments: permits, ATA carnets, in-bond movements. */
export function instrumentsApi(client: ApiClient) {
  return {
    listPermits: (options?: RequestOptions) => client.get<{ permits: Permit[] }>('/permits?limit=200', options),
    getPermit: (id: string, options?: RequestOptions) => client.get<Permit>(`/permits/${enc(id)}`, options),
    drawPermit: (body: DrawBody) => client.post<DrawResult>('/permits/draws', body),
    reversePermitUse: (id: string, useKey: string, reason: string) =>
      client.post<Permit>(`/permits/${enc(id)}/uses/${enc(useKey)}/reverse`, { reason }),
    listCarnets: (options?: RequestOptions) => client.get<{ carnets: Carnet[] }>('/carnets?limit=200', options),
    getCarnet: (id: string, options?: RequestOptions) => client.get<Carnet>(`/carnets/${enc(id)}`, options),
    endorseVoucher: (id: string, body: VoucherBody) => client.post<EndorseResult>(`/carnets/${enc(id)}/vouchers`, body),
    listInBond: (options?: RequestOptions) =>
      client.get<{ movements: InBondMovement[] }>('/in-bond?limit=200', options),
    getInBond: (id: string, options?: RequestOptions) => client.get<InBondMovement>(`/in-bond/${enc(id)}`, options),
    inBondEvent: (id: string, body: InBondEventBody) => client.post<InBondMovement>(`/in-bond/${enc(id)}/events`, body),
  };
}
