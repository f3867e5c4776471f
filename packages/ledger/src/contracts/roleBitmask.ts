import { ClearledgerError, type Role, roles } from '@clearledger/core';

/**
 * The on-chain roles bitmask of `TrustRegistry`: bit i is `roles[i]` of core's role list
 * (bit 0 NETWORK_AUTHORITY, 1 CUSTOMS, 2 PGA, ... 10 LICENSEE).
 *
 * @param granted - role names; duplicates are harmless.
 * @returns the bitmask to pass to `registerOrganization` / `setRoles`.
 * @example
 * roleBitmask(['PRODUCER', 'EXPORTER']); // 0b11000n = 24n
 */
export function roleBitmask(granted: readonly Role[]): bigint {
  let mask = 0n;
  for (const role of granted) {
    const bit = roles.indexOf(role);
    if (bit < 0) throw new ClearledgerError('CL_INPUT_INVALID', `Unknown role ${JSON.stringify(role)}.`);
    mask |= 1n << BigInt(bit);
  }
  return mask;
}

/**
 * The role names of an on-chain roles bitmask, in core's role order.
 *
 * @param mask - the `roles` value read from `TrustRegistry.getOrganization`.
 * @returns the roles whose bit is set (bits beyond the known roles are ignored; the contract refuses them).
 */
export function rolesFromBitmask(mask: bigint): Role[] {
  return roles.filter((_, bit) => (mask >> BigInt(bit)) & 1n);
}
