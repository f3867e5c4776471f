import { familyIssuancePolicy } from '../families/familyRegistry.ts';

/** Organisation roles on a Clearledger network. */
export const roles = [
  'NETWORK_AUTHORITY',
  'CUSTOMS',
  'PGA',
  'EXPORTER',
  'PRODUCER',
  'IMPORTER',
  'BROKER',
  'CARNET_ISSUER',
  'BONDED_CARRIER',
  'RIGHTS_HOLDER',
  'LICENSEE',
] as const;
export type Role = (typeof roles)[number];

/** Which roles may issue which credential type. A type not listed here cannot be trusted. */
export type IssuancePolicy = Readonly<Record<string, readonly Role[]>>;

/**
 * Record types whose family has no descriptor in the family registry yet (permits, carnets, in-bond,
 * IP rights) and the network's own: listed here so their issuer roles hold meanwhile. A family's
 * descriptor takes its types over from this list.
 */
const typesWithoutFamily: IssuancePolicy = {
  LpcoCredential: ['PGA'],
  AtaCarnetCredential: ['CARNET_ISSUER'],
  InBondMovementCredential: ['BONDED_CARRIER'],
  IntellectualPropertyRightsRecordationCredential: ['RIGHTS_HOLDER'],
  IntellectualPropertyRightsLicenseCredential: ['RIGHTS_HOLDER', 'LICENSEE'],
  ProductAuthenticationGuideCredential: ['RIGHTS_HOLDER'],
  OrganizationCredential: ['NETWORK_AUTHORITY'],
};

/** The network's default issuance policy: each registered family's types and roles, then the types above. */
export const defaultIssuancePolicy: IssuancePolicy = { ...familyIssuancePolicy, ...typesWithoutFamily };

/** The roles allowed to issue a credential with these types, or null when no listed type matches. */
export function allowedRoles(policy: IssuancePolicy, types: readonly string[]): readonly Role[] | null {
  for (const type of types) {
    const allowed = policy[type];
    if (allowed !== undefined) return allowed;
  }
  return null;
}
