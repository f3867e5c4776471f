/** What a token may do. OAuth clients are granted scopes; people get them from their roles. */
export const scopes = [
  'credentials:issue',
  'credentials:read',
  'credentials:status',
  'audit:read',
  'accounts:manage',
  'claims:file',
  'claims:decide',
  'requests:answer',
  'instruments:act',
] as const;
export type Scope = (typeof scopes)[number];

/** Roles of people within their organisation. */
export const accountRoles = ['ADMIN', 'STAFF', 'OFFICER', 'AUDITOR'] as const;
export type AccountRole = (typeof accountRoles)[number];

/**
 * The scopes each role carries: ADMIN everything; STAFF issues and manages records, files claims and
 * answers information requests, draws on permits and reports instrument events; OFFICER reads, decides
 * claims and acts on instruments at the border (in a customs service); AUDITOR reads.
 */
export const scopesOfRole: Readonly<Record<AccountRole, readonly Scope[]>> = {
  ADMIN: scopes,
  STAFF: [
    'credentials:issue',
    'credentials:read',
    'credentials:status',
    'claims:file',
    'requests:answer',
    'instruments:act',
  ],
  OFFICER: ['credentials:read', 'audit:read', 'claims:decide', 'instruments:act'],
  AUDITOR: ['credentials:read', 'audit:read'],
};

/** The union of the scopes of some roles (unknown role names carry none). */
export function scopesOfRoles(roles: readonly string[]): Scope[] {
  const out = new Set<Scope>();
  for (const role of roles) for (const s of scopesOfRole[role as AccountRole] ?? []) out.add(s);
  return [...out];
}
