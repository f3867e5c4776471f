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

/**
 * Where a person starts after signing in, by where their work is: customs on Verify (with its
 * claims queue), importers and brokers on their claims, everyone else on the organisation's records.
 */
export function landingRoute(
  session: { scopes: readonly string[]; organization: { roles: readonly string[] } } | null,
): { name: 'verify' } | { name: 'claims' } | { name: 'records'; query: Record<string, never> } {
  if (decidesClaims(session)) return { name: 'verify' };
  if (can(session, 'claims:file') && (hasOrgRole(session, 'IMPORTER') || hasOrgRole(session, 'BROKER')))
    return { name: 'claims' };
  return { name: 'records', query: {} };
}
