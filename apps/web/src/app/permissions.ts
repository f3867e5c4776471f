import type { Scope } from '@clearledger/core';

/*
 * What an account may do in the portal, by the node's scope names. Until `GET /me` has answered with
 * the token's own scopes, a session carries those of its roles (`scopesOfRoles` in @clearledger/core);
 * the node decides in the end, so a mismatch only shows or hides a button.
 */

/** Whether a signed-in session may do something. */
export function can(session: { scopes: readonly string[] } | null, scope: Scope): boolean {
  return session?.scopes.includes(scope) ?? false;
}

/** Whether the session's organisation has a network role (CUSTOMS, PRODUCER…). */
export function hasOrgRole(session: { organization: { roles: readonly string[] } } | null, role: string): boolean {
  return session?.organization.roles.includes(role) ?? false;
}

/** A customs officer who may decide claims and ask for information (the scope, and a customs service). */
export function decidesClaims(
  session: { scopes: readonly string[]; organization: { roles: readonly string[] } } | null,
) {
  return can(session, 'claims:decide') && hasOrgRole(session, 'CUSTOMS');
}
