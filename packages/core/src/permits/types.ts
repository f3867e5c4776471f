import type { Credential } from '../credentials/types.ts';
import type { ErrorCode } from '../errors/codes.ts';

/** The credential type of a PGA licence, permit, certificate or other document (LPCO). */
export const permitCredentialType = 'LpcoCredential';

/** The kind of LPCO document (ACE PG13 LPCO type). */
export type LpcoType = 'LICENSE' | 'PERMIT' | 'CERTIFICATE' | 'OTHER';

/** The agency that issued the document, e.g. `{ code: 'ATF', name: 'Bureau of Alcohol, Tobacco, Firearms and Explosives' }`. */
export type LpcoAgency = {
  /** Agency code as in the PGA message set: APHIS, FWS, ATF, FDA, NHTSA, EPA, DDTC… */
  code: string;
  name: string;
};

/** The holder of a permit: the importer (or exporter) it was issued to. */
export type LpcoHolder = {
  /** The holder's DID. */
  id: string;
  name: string;
  /** CBP importer number (IRS, EIN or CBP-assigned). */
  importerNumber?: string;
  /** Street, locality and postal code on one line. */
  address?: string;
  /** ISO 3166-1 alpha-2. */
  country: string;
};

/** A party the permit names as allowed to use it besides the holder. */
export type LpcoDesignee = { id: string; name: string };

/** A quantity in the permit's unit: `value` is a decimal string with at most 6 fraction digits. */
export type LpcoQuantity = {
  value: string;
  /** Unit of measure code (CBP/ACE), e.g. NO, KG, PCS, L. */
  unit: string;
};

/**
 * What the permit covers, by dimension. An absent list puts no restriction on its dimension; `hs`
 * is always given (HTSUS prefixes of 6, 8 or 10 digits).
 */
export type LpcoScope = {
  hs: string[];
  products?: string[];
  /** ISO 3166-1 alpha-2 countries (of origin or export). */
  countries?: string[];
  /** CBP ports of entry (Schedule D, 4 digits). */
  ports?: string[];
};

/** Subject of an `LpcoCredential` (domain specification §6). */
export type Lpco = {
  type?: 'Lpco';
  lpcoType: LpcoType;
  agency: LpcoAgency;
  /** The agency's program or form, e.g. `PPQ 587`, `ATF Form 6 Part I`, `CITES export permit`. */
  program: string;
  /** The document number the agency gave it. */
  number: string;
  holder: LpcoHolder;
  designees?: LpcoDesignee[];
  /** ISO calendar dates (the agency's local date). */
  issuedOn: string;
  expiresOn: string;
  /** A single-use permit (CITES) is consumed by its first use. */
  singleUse: boolean;
  authorizedQuantity: LpcoQuantity;
  scope: LpcoScope;
  goodsDescription: string;
};

/** A permit as a Verifiable Credential. */
export type LpcoCredential = Credential & { credentialSubject: Lpco };

/** States of a permit (domain specification §6.3). */
export const permitStates = [
  'APPLIED',
  'ACTIVE',
  'PARTIALLY_USED',
  'EXHAUSTED',
  'CONSUMED',
  'EXPIRED',
  'SUSPENDED',
  'REVOKED',
  'DENIED',
] as const;
export type PermitState = (typeof permitStates)[number];

/** The states the permit contract stores, by their number on chain (1 ACTIVE … 4 CONSUMED). */
export const permitChainStates = { 1: 'ACTIVE', 2: 'PARTIALLY_USED', 3: 'EXHAUSTED', 4: 'CONSUMED' } as const;
export type PermitChainState = (typeof permitChainStates)[keyof typeof permitChainStates];

/** The rule a permit problem breaks: a `PM-xx` rule, `TERM` for a program's longest term, `FORMAT` otherwise. */
export type PermitRule = 'PM-01' | 'PM-02' | 'PM-03' | 'PM-05' | 'PM-06' | 'PM-07' | 'PM-08' | 'TERM' | 'FORMAT';

/** One problem of a permit, about one field (a JSON pointer into the credential). */
export type PermitProblem = {
  code: 'CL_PERMIT_INVALID';
  rule: PermitRule;
  field: string;
  message: string;
};

/** A refused use or transition: its code, rule, field (JSON pointer into the input) and a sentence. */
export type PermitRefusal = {
  ok: false;
  code: ErrorCode;
  rule: PermitRule;
  field: string;
  message: string;
  /** The balance left, with CL_PERMIT_INSUFFICIENT_BALANCE. */
  details?: { balance?: string };
};
