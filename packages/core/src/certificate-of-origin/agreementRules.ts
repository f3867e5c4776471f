import type { CertificationAgreement, CertifierRole } from './types.ts';

/**
 * The figures and lists a certification is checked against, per agreement. They are data, not
 * constants in the rules, because several are still to be confirmed against the regulation for some
 * agreements (CAFTA-DR blanket and acceptance periods); a host can pass its own.
 */
export type AgreementRules = {
  /** Long name used in messages. */
  label: string;
  /** ISO 3166-1 alpha-2 codes of the Parties (CO-06). */
  parties: readonly string[];
  /** Who may certify (CO-01). */
  certifierRoles: readonly CertifierRole[];
  /** Allowed origin criteria per goods line, or null when the agreement states a rule reference instead (CO-04). */
  originCriteria: readonly string[] | null;
  /** Allowed lengths of the HS number on a goods line (CO-03). */
  hsDigits: readonly number[];
  /** HS chapters for which criterion D may not be used (CO-11). */
  criterionDExcludedChapters: readonly string[];
  /** Producer declarations allowed. */
  producerModes: readonly string[];
  /** Longest blanket period, in months (CO-07). */
  blanketMaxMonths: number;
  /** Acceptance period after signature, in years (CO-08). */
  acceptanceYears: number;
  /** Languages a certification may be written in; any but English needs an English translation (CO-13). */
  languages: readonly string[];
  /** An invoice or commercial document issued in a non-Party may not carry the certification (CO-10). */
  nonPartyInvoiceForbidden: boolean;
  /** Importations the agreement applies to: on or after `from`, before `until` (ISO dates). */
  importations: { from?: string; until?: string };
};

const USMCA_PARTIES = ['US', 'MX', 'CA'] as const;

/** The rules of USMCA (19 CFR Part 182), CAFTA-DR (19 CFR 10.581–10.625) and NAFTA (19 CFR Part 181). */
export const defaultAgreementRules: Readonly<Record<CertificationAgreement, AgreementRules>> = {
  USMCA: {
    label: 'USMCA',
    parties: USMCA_PARTIES,
    certifierRoles: ['IMPORTER', 'EXPORTER', 'PRODUCER'],
    originCriteria: ['A', 'B', 'C', 'D'],
    hsDigits: [6],
    criterionDExcludedChapters: ['61', '62', '63'],
    producerModes: ['LISTED', 'VARIOUS', 'CONFIDENTIAL'],
    blanketMaxMonths: 12,
    acceptanceYears: 4,
    languages: ['en', 'es', 'fr'],
    nonPartyInvoiceForbidden: true,
    importations: { from: '2020-07-01' },
  },
  CAFTA_DR: {
    label: 'CAFTA-DR',
    parties: ['US', 'CR', 'DO', 'SV', 'GT', 'HN', 'NI'],
    certifierRoles: ['IMPORTER', 'EXPORTER', 'PRODUCER'],
    originCriteria: null,
    hsDigits: [6, 8, 10],
    criterionDExcludedChapters: [],
    producerModes: ['LISTED', 'VARIOUS', 'CONFIDENTIAL'],
    blanketMaxMonths: 12,
    acceptanceYears: 4,
    languages: ['en', 'es'],
    nonPartyInvoiceForbidden: false,
    importations: {},
  },
  NAFTA: {
    label: 'NAFTA (CBP Form 434)',
    parties: USMCA_PARTIES,
    certifierRoles: ['EXPORTER'],
    originCriteria: ['A', 'B', 'C', 'D', 'E', 'F'],
    hsDigits: [6],
    criterionDExcludedChapters: ['61', '62', '63'],
    producerModes: ['LISTED', 'VARIOUS', 'CONFIDENTIAL', 'SAME', 'UNKNOWN'],
    blanketMaxMonths: 12,
    acceptanceYears: 4,
    languages: ['en', 'es', 'fr'],
    nonPartyInvoiceForbidden: false,
    importations: { until: '2020-07-01' },
  },
};
