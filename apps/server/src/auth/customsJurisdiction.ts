import type { Store } from '@clearledger/core';
import type { Principal } from './principal.ts';

const country = (value: unknown): string | undefined =>
  typeof value === 'string' && /^[A-Z]{2}$/.test(value) ? value : undefined;

/**
 * The countries a record is imported into, as its subject says: `importingCountry`, or the
 * importer's address (`importer.address.addressCountry`, or `importer.addressCountry`). Empty when
 * the record names none (an importer "not known" yet, a record that is not about an importation).
 */
export function importingCountries(credential: unknown): string[] {
  const subject = (credential as { credentialSubject?: unknown } | null)?.credentialSubject;
  const subjects = Array.isArray(subject) ? subject : [subject];
  const found = new Set<string>();
  for (const s of subjects) {
    if (typeof s !== 'object' || s === null) continue;
    const { importingCountry, importer } = s as { importingCountry?: unknown; importer?: unknown };
    const direct = country(importingCountry);
    if (direct !== undefined) found.add(direct);
    if (typeof importer === 'object' && importer !== null) {
      const i = importer as { address?: { addressCountry?: unknown }; addressCountry?: unknown };
      const c = country(i.address?.addressCountry) ?? country(i.addressCountry);
      if (c !== undefined) found.add(c);
    }
  }
  return [...found].sort();
}

/**
 * Whether another organisation's record concerns a customs service's jurisdiction: it is imported
 * into the service's country, or it was presented to the service (a case the service takes part
 * in, such as a claim filed with it, references the record's hash). Customs does not read records
 * of other countries' importations that nobody presented to it.
 */
export async function concernsCustoms(
  store: Store,
  customs: Principal,
  record: { hash: string; document: string },
): Promise<'importing-country' | 'presented' | null> {
  if (importingCountries(JSON.parse(record.document)).includes(customs.org.country)) return 'importing-country';
  if (await store.caseReferences(customs.org.id, record.hash)) return 'presented';
  return null;
}
