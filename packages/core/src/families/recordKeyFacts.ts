import type { FamilyDescriptor, RecordKeyFacts } from './FamilyDescriptor.ts';
import { familyRegistry } from './familyRegistry.ts';

/** Result of {@link recordKeyFacts}: the record's type, its family and what it states. */
export type RecordKeyFactsResult = { recordType: string; family: string; facts: RecordKeyFacts };

/**
 * The family-specific key facts of a (possibly hostile or malformed) credential, read by its
 * family's extractor: the first of its types a registered family knows, else the type its
 * credential subject's `type` stands for. Null when no family reads facts from this kind of record.
 *
 * @param credential - the credential, as parsed.
 * @param registry - the families (default: {@link familyRegistry}).
 * @returns the record type, family id and facts, or null.
 * @example
 * recordKeyFacts(certification)?.facts.facts.find((f) => f.label === 'certifier');
 */
export function recordKeyFacts(
  credential: unknown,
  registry: readonly FamilyDescriptor[] = familyRegistry,
): RecordKeyFactsResult | null {
  if (typeof credential !== 'object' || credential === null || Array.isArray(credential)) return null;
  const vc = credential as Record<string, unknown>;
  const types = (Array.isArray(vc.type) ? vc.type : [vc.type]).filter((t): t is string => typeof t === 'string');
  const rawSubject = Array.isArray(vc.credentialSubject) ? vc.credentialSubject[0] : vc.credentialSubject;
  const subjectType =
    typeof rawSubject === 'object' && rawSubject !== null ? (rawSubject as { type?: unknown }).type : undefined;
  for (const family of registry) {
    const recordType =
      types.find((t) => Object.hasOwn(family.credentialTypes, t)) ??
      (typeof subjectType === 'string' &&
      family.subjectTypes !== undefined &&
      Object.hasOwn(family.subjectTypes, subjectType)
        ? family.subjectTypes[subjectType]
        : undefined);
    if (recordType === undefined) continue;
    const extract = Object.hasOwn(family.keyFacts, recordType) ? family.keyFacts[recordType] : undefined;
    if (extract === undefined) return null;
    return { recordType, family: family.id, facts: extract(vc) };
  }
  return null;
}
