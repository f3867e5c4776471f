import type { CarnetIntendedUse } from './types.ts';

/** Which intended uses each ATA/Istanbul contracting party accepts carnets for (CA-05). */
export type CarnetCountryTable = Readonly<Record<string, readonly CarnetIntendedUse[]>>;

const ALL: readonly CarnetIntendedUse[] = ['COMMERCIAL_SAMPLES', 'PROFESSIONAL_EQUIPMENT', 'EXHIBITIONS_FAIRS'];

/**
 * A small default table of contracting parties by accepted use, kept as data (domain.md §0: facts to
 * verify are configuration, never constants); callers pass a fuller table when they have one.
 *
 * Sources: United States — 19 CFR 114.22 [S42]: commercial samples and professional equipment only
 * (no exhibitions and fairs). European Union member states listed, United Kingdom and Switzerland —
 * parties to the ATA Convention's annexes on exhibitions and fairs, professional equipment and
 * commercial samples per the USCIB country list [S30] and the WCO list of contracting parties [S34]
 * [V: check the current lists before relying on a country].
 */
export const defaultCarnetCountries: CarnetCountryTable = {
  US: ['COMMERCIAL_SAMPLES', 'PROFESSIONAL_EQUIPMENT'],
  AT: ALL,
  BE: ALL,
  CH: ALL,
  DE: ALL,
  DK: ALL,
  ES: ALL,
  FR: ALL,
  GB: ALL,
  IE: ALL,
  IT: ALL,
  NL: ALL,
  SE: ALL,
};
