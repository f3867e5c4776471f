import { recordKeyFacts } from './recordKeyFacts.ts';

/** Result of {@link recordValidUntil}: the last moment a record is good for, and where it comes from. */
export type RecordValidUntil = { at: string; source: 'validUntil' | 'period' };

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Until when a record is good for what it states: its own `validUntil`, else the end (23:59:59 UTC)
 * of the last day of the period its family's key facts state (a certification's blanket period).
 * Null when the record states neither. What a reader shows as "Valid until"; verification still
 * judges `validUntil` and the family's own checks.
 *
 * @param credential - the credential, as parsed (possibly hostile or malformed).
 * @returns the end and its source, or null.
 * @example
 * recordValidUntil(blanketCertification); // { at: '2025-12-31T23:59:59Z', source: 'period' }
 */
export function recordValidUntil(credential: unknown): RecordValidUntil | null {
  if (typeof credential !== 'object' || credential === null || Array.isArray(credential)) return null;
  const own = (credential as { validUntil?: unknown }).validUntil;
  if (typeof own === 'string' && own.trim() !== '') return { at: own, source: 'validUntil' };
  for (const fact of recordKeyFacts(credential)?.facts.facts ?? []) {
    const value = fact.value;
    if (value?.kind === 'period' && value.to !== null && DAY.test(value.to))
      return { at: `${value.to}T23:59:59Z`, source: 'period' };
  }
  return null;
}
