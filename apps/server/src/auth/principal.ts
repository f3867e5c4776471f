import { ClearledgerError, type OrganizationRecord, type Scope } from '@clearledger/core';
import type { FastifyRequest } from 'fastify';

/** Who is calling: a person's account, an OAuth client, or the node operator's token. */
export type Principal = {
  kind: 'account' | 'client' | 'operator';
  /** Account id, client id, or `operator`. */
  id: string;
  /** Display name for audit and UI. */
  name: string;
  /** The caller's organisation: every read and write is scoped to it. */
  org: OrganizationRecord;
  scopes: ReadonlySet<Scope>;
  roles: readonly string[];
  /** SHA-256 of the bearer token (to log out); undefined for the operator token. */
  tokenHash: string | undefined;
};

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | null;
    /** What a state-changing call acted on, for the audit log. */
    auditTarget: string | null;
    auditDetails: Record<string, unknown> | null;
    /** The organisation an unauthenticated call concerns (sign-in of a known account). */
    auditOrgId: string | null;
    /**
     * Countries whose customs service may read this call's customs-matter entry (e.g. the importing
     * countries of issued records); default: the caller's organisation's country.
     */
    auditJurisdiction: string[] | null;
  }
}

/** The caller, who must be signed in and hold `scope`: CL_AUTH_REQUIRED (401) or CL_AUTH_FORBIDDEN (403) otherwise. */
export function requireScope(request: FastifyRequest, scope: Scope): Principal {
  const principal = request.principal;
  if (principal === null) {
    throw new ClearledgerError('CL_AUTH_REQUIRED', 'Sign in (POST /auth/login) or send an OAuth bearer token.');
  }
  if (!principal.scopes.has(scope)) {
    throw new ClearledgerError(
      'CL_AUTH_FORBIDDEN',
      `This needs the "${scope}" permission, which your account or token does not have.`,
    );
  }
  return principal;
}

/** True when the caller's organisation is a customs service (may read records presented to it). */
export function isCustoms(principal: Principal): boolean {
  return principal.org.roles.includes('CUSTOMS');
}
