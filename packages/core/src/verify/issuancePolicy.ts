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
  IntellectualPropertyRightsRecordationCredential: ['RIGHTS_HOLDER'],
  IntellectualPropertyRightsLicenseCredential: ['RIGHTS_HOLDER', 'LICENSEE'],
  ProductAuthenticationGuideCredential: ['RIGHTS_HOLDER'],
  OrganizationCredential: ['NETWORK_AUTHORITY'],
};

/** The network's default issuance policy: each registered family's types and roles, then the types above. */
export const defaultIssuancePolicy: IssuancePolicy = { ...familyIssuancePolicy, ...typesWithoutFamily };

/** Why a credential's types cannot be trusted under a policy (reason codes of the issuer check). */
export type IssuancePolicyCode = 'CL_VERIFY_TYPE_UNKNOWN' | 'CL_VERIFY_TYPE_AMBIGUOUS' | 'CL_VERIFY_ROLE_NOT_ALLOWED';

/** A policy decision that refuses, with its reason code, a sentence and the facts behind it. */
export type IssuancePolicyRefusal = {
  ok: false;
  code: IssuancePolicyCode;
  message: string;
  details: {
    types: string[];
    recordTypes?: string[];
    unknownTypes?: string[];
    allowedRoles?: Role[];
    issuerRoles?: string[];
  };
};

/** Result of {@link allowedRoles}: the record type a credential is and the roles that may issue it. */
export type AllowedRolesResult = { ok: true; recordType: string; roles: readonly Role[] } | IssuancePolicyRefusal;

/** Result of {@link checkIssuancePolicy}. */
export type IssuancePolicyResult = AllowedRolesResult;

const BASE_TYPE = 'VerifiableCredential';

/**
 * The one record type a credential's `type` list names under `policy`, and the roles allowed to
 * issue it. Every type other than `VerifiableCredential` must be listed in the policy (an unknown
 * type is not trusted), and exactly one listed record type must be named: none (a bare
 * `["VerifiableCredential"]`) or two (a type borrowing another's roles) is refused.
 *
 * @param policy - type → roles that may issue it.
 * @param types - the credential's `type` list.
 * @returns `{ ok: true, recordType, roles }`, or a refusal with its reason code.
 * @example
 * allowedRoles(defaultIssuancePolicy, ['VerifiableCredential', 'LpcoCredential']);
 * // { ok: true, recordType: 'LpcoCredential', roles: ['PGA'] }
 */
export function allowedRoles(policy: IssuancePolicy, types: readonly string[]): AllowedRolesResult {
  const named = [...new Set(types.filter((t) => t !== BASE_TYPE))];
  const listed = named.filter((t) => Object.hasOwn(policy, t));
  const unknown = named.filter((t) => !Object.hasOwn(policy, t));
  const shown = [...types];
  if (unknown.length > 0)
    return {
      ok: false,
      code: 'CL_VERIFY_TYPE_UNKNOWN',
      message: `${unknown.join(', ')} ${unknown.length === 1 ? 'is not a record type' : 'are not record types'} of this network, so no organisation may issue ${unknown.length === 1 ? 'it' : 'them'}.`,
      details: { types: shown, unknownTypes: unknown },
    };
  if (listed.length === 0)
    return {
      ok: false,
      code: 'CL_VERIFY_TYPE_UNKNOWN',
      message: 'The record names no record type: its type list must hold one besides VerifiableCredential.',
      details: { types: shown, unknownTypes: [] },
    };
  if (listed.length > 1)
    return {
      ok: false,
      code: 'CL_VERIFY_TYPE_AMBIGUOUS',
      message: `The record names ${listed.length} record types (${listed.join(', ')}); a record is of exactly one.`,
      details: { types: shown, recordTypes: listed },
    };
  const recordType = listed[0]!;
  return { ok: true, recordType, roles: policy[recordType]! };
}

/**
 * Whether an organisation holding `issuerRoles` may issue a credential with these types: the
 * checks of {@link allowedRoles}, then one of the issuer's roles must be allowed for the record
 * type. Issuance and verification both decide with it, so a node never issues what it would call
 * INVALID.
 *
 * @param policy - type → roles that may issue it.
 * @param types - the credential's `type` list.
 * @param issuerRoles - the roles the issuing organisation holds (at issuance).
 * @returns `{ ok: true, recordType, roles }`, or a refusal with its reason code.
 */
export function checkIssuancePolicy(
  policy: IssuancePolicy,
  types: readonly string[],
  issuerRoles: readonly string[],
): IssuancePolicyResult {
  const allowed = allowedRoles(policy, types);
  if (!allowed.ok) return allowed;
  if (allowed.roles.some((r) => issuerRoles.includes(r))) return allowed;
  return {
    ok: false,
    code: 'CL_VERIFY_ROLE_NOT_ALLOWED',
    message: `The issuer holds no role allowed to issue ${allowed.recordType} (allowed: ${allowed.roles.join(', ')}; the issuer holds ${issuerRoles.length === 0 ? 'no role' : issuerRoles.join(', ')}).`,
    details: {
      types: [...types],
      recordTypes: [allowed.recordType],
      allowedRoles: [...allowed.roles],
      issuerRoles: [...issuerRoles],
    },
  };
}
