/** The status codes of `AnchorRegistry.setStatus` / `statusOf`. REVOKED is final. */
export const credentialStatusCodes = { ACTIVE: 0, REVOKED: 1, SUSPENDED: 2 } as const;

/** A credential status as the ledger records it. */
export type CredentialStatus = keyof typeof credentialStatusCodes;

/**
 * The status name of an on-chain status code.
 *
 * @param code - the `status` value returned by `AnchorRegistry.statusOf`.
 * @returns the status name, or `undefined` for a code the contract never stores.
 */
export function credentialStatusFromCode(code: number): CredentialStatus | undefined {
  return code === 0 ? 'ACTIVE' : code === 1 ? 'REVOKED' : code === 2 ? 'SUSPENDED' : undefined;
}
