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

/** The network's default issuance policy (record types are added by their capabilities). */
export const defaultIssuancePolicy: IssuancePolicy = {
  USMCACertificationOfOrigin: ['EXPORTER', 'PRODUCER', 'IMPORTER'],
  CAFTADRCertificationOfOrigin: ['EXPORTER', 'PRODUCER', 'IMPORTER'],
  NAFTACertificateOfOrigin: ['EXPORTER'],
  OriginQualificationCredential: ['PRODUCER', 'EXPORTER'],
  LpcoCredential: ['PGA'],
  AtaCarnetCredential: ['CARNET_ISSUER'],
  InBondMovementCredential: ['BONDED_CARRIER'],
  IntellectualPropertyRightsRecordationCredential: ['RIGHTS_HOLDER'],
  IntellectualPropertyRightsLicenseCredential: ['RIGHTS_HOLDER', 'LICENSEE'],
  ProductAuthenticationGuideCredential: ['RIGHTS_HOLDER'],
  InformationRequestCredential: ['CUSTOMS'],
  InformationResponseCredential: ['EXPORTER', 'PRODUCER', 'IMPORTER', 'BROKER'],
  OriginClaimDecisionCredential: ['CUSTOMS'],
  OrganizationCredential: ['NETWORK_AUTHORITY'],
};

/** The roles allowed to issue a credential with these types, or null when no listed type matches. */
export function allowedRoles(policy: IssuancePolicy, types: readonly string[]): readonly Role[] | null {
  for (const type of types) {
    const allowed = policy[type];
    if (allowed !== undefined) return allowed;
  }
  return null;
}
