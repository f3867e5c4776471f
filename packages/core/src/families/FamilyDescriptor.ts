import type { Role } from '../verify/issuancePolicy.ts';
import type { DomainCheck } from '../verify/types.ts';

/**
 * One record family (certificates of origin, permits, carnets, in-bond movements, IP rights): what
 * the shared paths — issuance, verification, the printed copy, the QR code and the officer app —
 * need to know about it. Each family declares one in its own folder
 * (`packages/core/src/<family>/family.ts`) and adds it to {@link familyRegistry}; nothing else
 * outside the family's folders names its types.
 */
export type FamilyDescriptor = {
  /** The family's folder name: `certificate-of-origin`, `permits`, `carnets`, `in-bond`, `ipr`. */
  id: string;
  /** Every credential type of the family, with the organisation roles allowed to issue it. */
  credentialTypes: Readonly<Record<string, readonly Role[]>>;
  /** The domain rules of its types, run by `verifyCredential` as the `domain` check. */
  domainChecks: Readonly<Record<string, DomainCheck>>;
  /** Credential-subject `type`s that identify a record of the family (subject type → credential type). */
  subjectTypes?: Readonly<Record<string, string>>;
  /** The kinds of case (multi-party workflow) the family opens in the store. */
  caseKinds: readonly string[];
  /** What an officer screen and a printed copy show first, by credential type. */
  keyFacts: Readonly<Record<string, KeyFactsExtractor>>;
  /** Words the QR payload's compression dictionary should know for this family (none yet). */
  qrTerms?: readonly string[];
};

/**
 * Reads the key facts of a (possibly hostile or malformed) credential of one type; never throws,
 * absent facts are null.
 */
export type KeyFactsExtractor = (credential: Readonly<Record<string, unknown>>) => RecordKeyFacts;

/**
 * The family-specific facts of a record, as plain data: labels are message keys (`certifier` is
 * `facts.certifier` in the web app, a field label in the PDF), values say what they are (text, a
 * code word to translate, a date, parties, a period), so each reader renders and translates them.
 */
export type RecordKeyFacts = { facts: KeyFact[]; tables: KeyFactsTable[] };

/** One labelled fact; a null value is shown as "not stated". */
export type KeyFact = { label: string; value: KeyFactValue | null };

/** A fact's value, by kind. */
export type KeyFactValue =
  /** Shown as written (numbers, names, references). */
  | { kind: 'text'; text: string }
  /** A code word the reader translates in the context of the fact's label (`VARIOUS`, `CONFIDENTIAL`). */
  | { kind: 'term'; term: string }
  /** Parties, each with its contact facts; `role` is the capacity they act in (a role code). */
  | { kind: 'parties'; parties: PartyFacts[]; role?: string }
  /** A period of dates (ISO-8601 calendar dates). */
  | { kind: 'period'; from: string | null; to: string | null }
  /** A single shipment, by its invoice. */
  | { kind: 'shipment'; invoiceNumber: string | null }
  /** Who signed, in what capacity, on which date. */
  | { kind: 'signature'; signer: string | null; title: string | null; date: string | null };

/** A party (certifier, exporter, producer, importer, holder, carrier…) as shown to people. */
export type PartyFacts = {
  name: string | null;
  title: string | null;
  /** Street, locality, region and postal code on one line. */
  address: string | null;
  country: string | null;
  phone: string | null;
  email: string | null;
  taxId: string | null;
  importerNumber: string | null;
};

/**
 * A table of the record (goods lines, items of a carnet): the subject member it lists (`source`),
 * column labels (message keys under `label`), and per row its line number, one cell per column
 * and the row's remaining members (`rest`, printed as notes).
 */
export type KeyFactsTable = {
  label: string;
  source: string;
  columns: string[];
  rows: { line: number | null; cells: (string | null)[]; rest: Record<string, unknown> }[];
};
