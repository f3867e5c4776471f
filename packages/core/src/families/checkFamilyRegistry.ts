import { roles } from '../verify/issuancePolicy.ts';
import type { FamilyDescriptor } from './FamilyDescriptor.ts';

const BASE_TYPE = 'VerifiableCredential';
const familyId = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

/**
 * The problems of a family registry, as sentences (none: consistent). Every family has a
 * kebab-case id of its own and at least one credential type; every credential type has issuer
 * roles, all of them network roles, and belongs to one family only; domain checks, key facts and
 * subject types name only their own family's credential types; a case kind or subject type is
 * used by one family only.
 *
 * @param registry - the families.
 * @returns the problems found, in registry order.
 */
export function checkFamilyRegistry(registry: readonly FamilyDescriptor[]): string[] {
  const problems: string[] = [];
  const knownRoles = new Set<string>(roles);
  const ownerOf = {
    family: new Map<string, string>(),
    type: new Map<string, string>(),
    caseKind: new Map<string, string>(),
    subjectType: new Map<string, string>(),
  };
  const claim = (what: keyof typeof ownerOf, key: string, family: string, label: string) => {
    const owner = ownerOf[what].get(key);
    if (owner !== undefined) problems.push(`${label} ${key} is in both ${owner} and ${family}.`);
    else ownerOf[what].set(key, family);
  };
  for (const family of registry) {
    const id = family.id;
    if (!familyId.test(id)) problems.push(`Family id "${id}" is not a kebab-case folder name.`);
    claim('family', id, id, 'Family id');
    const types = Object.keys(family.credentialTypes);
    if (types.length === 0) problems.push(`Family ${id} has no credential type.`);
    for (const type of types) {
      if (type === BASE_TYPE) problems.push(`Family ${id} lists ${BASE_TYPE}, which is no record type.`);
      claim('type', type, id, 'Credential type');
      const allowed = family.credentialTypes[type]!;
      if (allowed.length === 0) problems.push(`${type} (${id}) has no role allowed to issue it.`);
      for (const role of allowed)
        if (!knownRoles.has(role)) problems.push(`${type} (${id}) names ${role}, which is no network role.`);
    }
    const own = (what: string, keys: readonly string[]) => {
      for (const key of keys)
        if (!Object.hasOwn(family.credentialTypes, key))
          problems.push(`Family ${id} has ${what} for ${key}, which is not one of its credential types.`);
    };
    own('a domain check', Object.keys(family.domainChecks));
    own('key facts', Object.keys(family.keyFacts));
    own('a subject type', Object.values(family.subjectTypes ?? {}));
    for (const subjectType of Object.keys(family.subjectTypes ?? {}))
      claim('subjectType', subjectType, id, 'Subject type');
    for (const kind of family.caseKinds) claim('caseKind', kind, id, 'Case kind');
  }
  return problems;
}
