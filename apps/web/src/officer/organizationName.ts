import type { LedgerSnapshot } from '@clearledger/core';

/**
 * The registered name of an organisation (by its DID) in a trust snapshot the device verified, or
 * null when the snapshot does not know it or carries no name for it.
 *
 * @example
 * organizationName(snapshot, 'did:web:muebles-jalisco.example'); // 'Muebles Artesanales de Jalisco S.A. de C.V.'
 */
export function organizationName(
  snapshot: Pick<LedgerSnapshot, 'organizations'> | null,
  did: string | null,
): string | null {
  if (snapshot === null || did === null) return null;
  const name = snapshot.organizations.find((org) => org.id === did)?.name;
  return typeof name === 'string' && name.trim() !== '' ? name : null;
}
