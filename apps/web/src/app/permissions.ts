/** What an account may do in the portal, by the node's scope names. */
export type Scope = 'credentials:issue' | 'credentials:read' | 'credentials:status' | 'audit:read' | 'accounts:manage';

/**
 * The scopes the node grants each account role (ADMIN everything, STAFF issues and manages records,
 * OFFICER and AUDITOR read). Used until `GET /me` has answered with the token's own scopes; the node
 * decides in the end, so a mismatch only shows or hides a button.
 */
const scopesOfRole: Readonly<Record<string, readonly Scope[]>> = {
  ADMIN: ['credentials:issue', 'credentials:read', 'credentials:status', 'audit:read', 'accounts:manage'],
  STAFF: ['credentials:issue', 'credentials:read', 'credentials:status'],
  OFFICER: ['credentials:read', 'audit:read'],
  AUDITOR: ['credentials:read', 'audit:read'],
};

export function scopesOfRoles(roles: readonly string[]): Scope[] {
  return [...new Set(roles.flatMap((role) => scopesOfRole[role] ?? []))];
}

/** Whether a signed-in session may do something. */
export function can(session: { scopes: readonly string[] } | null, scope: Scope): boolean {
  return session?.scopes.includes(scope) ?? false;
}
