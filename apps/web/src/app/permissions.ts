/** What an account may do in the portal, by the node's scope names. */
export type Scope =
  | 'credentials:issue'
  | 'credentials:read'
  | 'credentials:status'
  | 'audit:read'
  | 'accounts:manage'
  | 'claims:file'
  | 'claims:decide'
  | 'requests:answer';

/**
 * The scopes the node grants each account role (ADMIN everything; STAFF issues and manages records,
 * files claims and answers information requests; OFFICER reads and decides claims; AUDITOR reads).
 * Used until `GET /me` has answered with the token's own scopes; the node decides in the end, so a
 * mismatch only shows or hides a button.
 */
const scopesOfRole: Readonly<Record<string, readonly Scope[]>> = {
  ADMIN: [
    'credentials:issue',
    'credentials:read',
    'credentials:status',
    'audit:read',
    'accounts:manage',
    'claims:file',
    'claims:decide',
    'requests:answer',
  ],
  STAFF: ['credentials:issue', 'credentials:read', 'credentials:status', 'claims:file', 'requests:answer'],
  OFFICER: ['credentials:read', 'audit:read', 'claims:decide'],
  AUDITOR: ['credentials:read', 'audit:read'],
};

export function scopesOfRoles(roles: readonly string[]): Scope[] {
  return [...new Set(roles.flatMap((role) => scopesOfRole[role] ?? []))];
}

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
