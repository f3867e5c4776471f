import { timingSafeEqual } from 'node:crypto';
import { ClearledgerError, type Scope, type Store, scopes, scopesOfRoles } from '@clearledger/core';
import { secretHash } from '@clearledger/node';
import type { FastifyRequest } from 'fastify';
import type { Principal } from './principal.ts';

/** How long a resolved token is trusted without reading the store again (disable/logout take effect within it). */
const CACHE_MS = 5_000;
const CACHE_MAX = 10_000;

/**
 * Resolves the bearer token of a request to a {@link Principal}: the operator token (constant-time
 * compare), or an access token from sign-in / OAuth, looked up by its SHA-256 hash, checked for
 * expiry, and for its account or client and organisation being active. No header → null
 * (anonymous); a header that does not resolve → CL_AUTH_REQUIRED / CL_AUTH_TOKEN_EXPIRED.
 */
export function createAuthenticator(deps: {
  store: Store;
  operatorOrgId: string;
  operatorToken: string | undefined;
  now?: () => number;
}): Authenticator {
  const now = deps.now ?? Date.now;
  const operator = deps.operatorToken === undefined ? undefined : Buffer.from(deps.operatorToken);
  const cache = new Map<string, { principal: Principal; until: number; expiresAt: number }>();
  let operatorPrincipal: { principal: Principal; until: number } | undefined;

  const resolve = async (token: string): Promise<Principal> => {
    if (operator !== undefined) {
      const given = Buffer.from(token);
      if (given.length === operator.length && timingSafeEqual(given, operator)) {
        if (operatorPrincipal !== undefined && operatorPrincipal.until > now()) return operatorPrincipal.principal;
        const org = await deps.store.getOrganization(deps.operatorOrgId);
        if (org === null) throw new ClearledgerError('CL_AUTH_REQUIRED', 'The operator organisation is missing.');
        const principal: Principal = {
          kind: 'operator',
          id: 'operator',
          name: 'Node operator',
          org,
          scopes: new Set(scopes),
          roles: ['ADMIN'],
          tokenHash: undefined,
        };
        operatorPrincipal = { principal, until: now() + CACHE_MS };
        return principal;
      }
    }
    const hash = secretHash(token);
    const t = now();
    const cached = cache.get(hash);
    if (cached !== undefined && cached.until > t && cached.expiresAt > t) return cached.principal;
    const record = await deps.store.findAccessToken(hash);
    const expired = () =>
      new ClearledgerError(
        'CL_AUTH_TOKEN_EXPIRED',
        'This access token has expired or was revoked; sign in again or request a new token.',
      );
    if (record === null) throw expired();
    const expiresAt = Date.parse(record.expiresAt);
    if (expiresAt <= t) {
      await deps.store.deleteAccessToken(hash);
      throw expired();
    }
    const org = await deps.store.getOrganization(record.orgId);
    if (org === null || !org.active) throw expired();
    let principal: Principal;
    if (record.subjectKind === 'account') {
      const account = await deps.store.getAccount(record.orgId, record.subjectId).catch(() => null);
      if (account === null || account.disabled) throw expired();
      const granted = new Set(scopesOfRoles(account.roles));
      principal = {
        kind: 'account',
        id: account.id,
        name: account.displayName,
        org,
        scopes: new Set(record.scopes.filter((s): s is Scope => granted.has(s as Scope))),
        roles: account.roles,
        tokenHash: hash,
      };
    } else {
      const client = await deps.store.findClient(record.subjectId);
      if (client === null || client.disabled || client.orgId !== record.orgId) throw expired();
      const granted = new Set(client.scopes);
      principal = {
        kind: 'client',
        id: client.clientId,
        name: client.name,
        org,
        scopes: new Set(record.scopes.filter((s): s is Scope => granted.has(s))),
        roles: [],
        tokenHash: hash,
      };
    }
    if (cache.size >= CACHE_MAX) cache.clear();
    cache.set(hash, { principal, until: t + CACHE_MS, expiresAt });
    return principal;
  };

  /** The bearer token of a request: null without one, undefined when the header is malformed. */
  const bearerOf = (request: FastifyRequest): string | null | undefined => {
    const header = request.headers.authorization;
    // Basic is client authentication at the OAuth token endpoint, not a caller identity.
    if (header === undefined || header === '' || header.startsWith('Basic ')) return null;
    return /^Bearer ([\x21-\x7e]{1,512})$/.exec(header)?.[1];
  };
  const authenticate = async (request: FastifyRequest): Promise<Principal | null> => {
    const token = bearerOf(request);
    if (token === undefined) {
      throw new ClearledgerError('CL_AUTH_REQUIRED', 'Send the token as "Authorization: Bearer <token>".');
    }
    return token === null ? null : resolve(token);
  };
  return Object.assign(authenticate, {
    forget(tokenHash: string) {
      cache.delete(tokenHash);
    },
    known(request: FastifyRequest): Principal | null | undefined {
      const token = bearerOf(request);
      if (token === null || token === undefined) return token;
      const t = now();
      if (operator !== undefined && operatorPrincipal !== undefined && operatorPrincipal.until > t) {
        const given = Buffer.from(token);
        if (given.length === operator.length && timingSafeEqual(given, operator)) return operatorPrincipal.principal;
      }
      const cached = cache.get(secretHash(token));
      return cached !== undefined && cached.until > t && cached.expiresAt > t ? cached.principal : undefined;
    },
  });
}

/**
 * Resolves a request's caller; `forget` drops a token from the cache (logout, disabling); `known`
 * answers without the store: null (no token), the caller of a token resolved moments ago, or
 * undefined (resolving needs a store lookup, or the header is malformed).
 */
export type Authenticator = ((request: FastifyRequest) => Promise<Principal | null>) & {
  forget(tokenHash: string): void;
  known(request: FastifyRequest): Principal | null | undefined;
};
