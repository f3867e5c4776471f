import { carnetFamily } from '../carnets/family.ts';
import { certificateOfOriginFamily } from '../certificate-of-origin/family.ts';
import { inBondFamily } from '../in-bond/family.ts';
import { permitsFamily } from '../permits/family.ts';
import type { Role } from '../verify/issuancePolicy.ts';
import type { DomainCheck } from '../verify/types.ts';
import type { FamilyDescriptor } from './FamilyDescriptor.ts';

/**
 * Every record family the network knows, one line each. Issuance and verification (issuer roles,
 * domain checks), the printed copy, the QR code and the officer app read their family-specific
 * parts from here. A new family adds its folder, its `family.ts` and one line below.
 */
export const familyRegistry: readonly FamilyDescriptor[] = [
  certificateOfOriginFamily,
  permitsFamily,
  inBondFamily,
  carnetFamily,
];

/** The roles allowed to issue each credential type of the registered families. */
export const familyIssuancePolicy: Readonly<Record<string, readonly Role[]>> = Object.fromEntries(
  familyRegistry.flatMap((family) => Object.entries(family.credentialTypes)),
);

/** The domain check of each credential type that has one, across the registered families. */
export const familyDomainChecks: Readonly<Record<string, DomainCheck>> = Object.fromEntries(
  familyRegistry.flatMap((family) => Object.entries(family.domainChecks)),
);

/**
 * The family a credential type belongs to, or undefined.
 *
 * @param type - a credential type, e.g. `USMCACertificationOfOrigin`.
 * @returns its family's descriptor.
 */
export function familyOfType(
  type: string,
  registry: readonly FamilyDescriptor[] = familyRegistry,
): FamilyDescriptor | undefined {
  return registry.find((family) => Object.hasOwn(family.credentialTypes, type));
}
