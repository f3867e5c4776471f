import type { Credential } from '../credentials/types.ts';
import type { ErrorCode } from '../errors/codes.ts';

/** The trade agreement a certification is made under (NAFTA: legacy CBP Form 434, entries before 1 July 2020). */
export type CertificationAgreement = 'USMCA' | 'CAFTA_DR' | 'NAFTA';

/** Who completed the certification. NAFTA certificates are always completed by the exporter. */
export type CertifierRole = 'IMPORTER' | 'EXPORTER' | 'PRODUCER';

/** A postal address (schema.org names); the country is ISO 3166-1 alpha-2. */
export type PostalAddress = {
  streetAddress?: string;
  addressLocality?: string;
  addressRegion?: string;
  postalCode?: string;
  addressCountry: string;
};

/** An exporter, producer or importer named on a certification. */
export type CertificationParty = {
  name: string;
  address?: PostalAddress;
  /** The country alone, for parties listed without a full address (e.g. producers). */
  addressCountry?: string;
  phone?: string;
  email?: string;
  /** Tax identification number (NAFTA field 1: U.S. EIN/SSN, Mexican RFC, Canadian business number). */
  taxId?: string;
  importerNumber?: string;
};

/** The party that completed and signed the certification (data element 2 of Annex 5-A). */
export type Certifier = CertificationParty & { title?: string };

/**
 * The producer(s): listed; "VARIOUS"; confidential (only a salted hash of the producer details is in
 * the credential, the details stay with the certifier: "available upon request by the importing
 * authorities"); NAFTA also allows "SAME" (as the exporter) and "UNKNOWN".
 */
export type ProducerDeclaration =
  | { mode: 'LISTED'; parties: CertificationParty[] }
  | { mode: 'VARIOUS'; parties?: CertificationParty[] }
  | { mode: 'CONFIDENTIAL'; hash: string }
  | { mode: 'SAME' }
  | { mode: 'UNKNOWN' };

/** The importer: a party, "VARIOUS" (several importers) or "UNKNOWN" (NAFTA field 4). */
export type ImporterDeclaration = CertificationParty | 'VARIOUS' | 'UNKNOWN';

/** A single shipment (identified by its invoice or another unique reference) or a blanket period. */
export type CertificationScope =
  | { type: 'SINGLE'; invoiceNumber?: string; reference?: string }
  | { type: 'BLANKET'; from: string; to: string };

/** USMCA origin criteria (Art. 4.2(a)–(d)). */
export type UsmcaOriginCriterion = 'A' | 'B' | 'C' | 'D';

/** NAFTA preference criteria (Form 434 field 7). */
export type NaftaPreferenceCriterion = 'A' | 'B' | 'C' | 'D' | 'E' | 'F';

/** A goods line of a USMCA certification (data elements 6 and 7). */
export type UsmcaGood = {
  line?: number;
  description: string;
  /** HS 6-digit subheading, digits only. */
  hs6: string;
  originCriterion: UsmcaOriginCriterion;
  invoiceReference?: string;
  ruleRef?: string;
  rvcMethod?: 'TV' | 'NC' | null;
};

/** A goods line of a CAFTA-DR certification (19 CFR 10.584(a)(3)–(5)). */
export type CaftaDrGood = {
  line?: number;
  description: string;
  /** HTSUS classification to six or more digits (6, 8 or 10), digits only. */
  hsCode: string;
  /** The General Note 29 rule of origin under which the good qualifies, e.g. `GN29(b)(i)`. */
  ruleRef: string;
  invoiceReference?: string;
};

/** A goods line of a NAFTA certificate (Form 434 fields 5–10). */
export type NaftaGood = {
  line?: number;
  description: string;
  hs6: string;
  originCriterion: NaftaPreferenceCriterion;
  /** Field 8: the exporter is the producer, or on what it relies. */
  producerIndicator: 'YES' | 'NO (1)' | 'NO (2)' | 'NO (3)';
  /** Field 9: regional value content computed with the net cost method, or not. */
  netCost: 'NC' | 'NO';
  /** Field 9: the period when the net cost was averaged over one. */
  netCostPeriod?: { from: string; to: string };
  /** Field 10: country of origin. */
  countryOfOrigin: 'US' | 'MX' | 'CA' | 'JNT';
};

/** Authorized signature and date (data element 9). */
export type CertificationSignature = {
  signer: string;
  title?: string;
  /** ISO calendar date of signature (completion): the acceptance period counts from it. */
  date: string;
  statementVersion?: string;
};

/** What the certification is written on: an invoice or commercial document may not come from a non-Party (CO-10). */
export type CertificationDocument = {
  type: 'STANDALONE' | 'INVOICE' | 'COMMERCIAL_DOCUMENT';
  /** Country where the invoice or commercial document was issued. */
  issuedIn?: string;
};

type CertificationCommon = {
  hsEdition: string;
  certificationNumber?: string;
  certifierRole: CertifierRole;
  certifier: Certifier;
  /** Absent when the certifier is the exporter, or when a certifying producer does not know the exporter (CO-05). */
  exporter?: CertificationParty | null;
  /**
   * The certifying producer's statement that it does not know the exporter (USMCA Annex 5-A data
   * element 3): required by CO-05 when a USMCA producer leaves the exporter out, refused otherwise.
   */
  exporterUnknown?: boolean;
  producer?: ProducerDeclaration | null;
  importer?: ImporterDeclaration | null;
  scope: CertificationScope;
  signature: CertificationSignature;
  document?: CertificationDocument;
  /** ISO 639-1: en, es or fr. */
  language: string;
  /** Where the English translation given to CBP is (required when `language` is not `en`, CO-13). */
  englishTranslationRef?: string | null;
  /** The URN id of the certification this one corrects. */
  supersedes?: string | null;
};

/** Subject of a `USMCACertificationOfOrigin` credential (USMCA Annex 5-A, 19 CFR 182.12). */
export type UsmcaCertificationSubject = CertificationCommon & {
  type?: 'USMCACertification';
  agreement: 'USMCA';
  goods: UsmcaGood[];
};

/** Subject of a `CAFTADRCertificationOfOrigin` credential (19 CFR 10.584). */
export type CaftaDrCertificationSubject = CertificationCommon & {
  type?: 'CAFTADRCertification';
  agreement: 'CAFTA_DR';
  goods: CaftaDrGood[];
};

/** Subject of a `NAFTACertificateOfOrigin` credential (CBP Form 434). */
export type NaftaCertificateSubject = CertificationCommon & {
  type?: 'NAFTACertificate';
  agreement: 'NAFTA';
  goods: NaftaGood[];
};

/** The subject of any certification of origin. */
export type CertificationSubject = UsmcaCertificationSubject | CaftaDrCertificationSubject | NaftaCertificateSubject;

/** A USMCA certification of origin as a Verifiable Credential. */
export type USMCACertificationOfOrigin = Credential & { credentialSubject: UsmcaCertificationSubject };
/** A CAFTA-DR certification of origin as a Verifiable Credential. */
export type CAFTADRCertificationOfOrigin = Credential & { credentialSubject: CaftaDrCertificationSubject };
/** A legacy NAFTA certificate of origin (CBP Form 434) as a Verifiable Credential. */
export type NAFTACertificateOfOrigin = Credential & { credentialSubject: NaftaCertificateSubject };

/** The credential type of each agreement's certification. */
export const certificationCredentialTypes = {
  USMCA: 'USMCACertificationOfOrigin',
  CAFTA_DR: 'CAFTADRCertificationOfOrigin',
  NAFTA: 'NAFTACertificateOfOrigin',
} as const satisfies Record<CertificationAgreement, string>;

/** A credential type of a certification of origin. */
export type CertificationCredentialType = (typeof certificationCredentialTypes)[CertificationAgreement];

/**
 * The rule a problem breaks: a `CO-xx` rule of the domain specification, `FORMAT` for the other
 * minimum data elements of the agreement's certification, `CORRECTION` for a correction pair.
 */
export type CertificationRule =
  | 'CO-01'
  | 'CO-02'
  | 'CO-03'
  | 'CO-04'
  | 'CO-05'
  | 'CO-06'
  | 'CO-07'
  | 'CO-08'
  | 'CO-09'
  | 'CO-10'
  | 'CO-11'
  | 'CO-12'
  | 'CO-13'
  | 'FORMAT'
  | 'CORRECTION';

/** One problem of a certification, about one field (a JSON pointer into the credential). */
export type CertificationProblem = {
  code: ErrorCode;
  rule: CertificationRule;
  field: string;
  message: string;
};
