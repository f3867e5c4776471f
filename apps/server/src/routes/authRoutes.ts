import { ClearledgerError, type OrganizationRecord, type Scope, scopes, scopesOfRoles } from '@clearledger/core';
import type { NodeContext } from '@clearledger/node';
import { DUMMY_PASSWORD_HASH, newAccessToken, secretHash, verifyPassword } from '@clearledger/node';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Authenticator } from '../auth/createAuthenticator.ts';
import { errorResponses, organizationSchema } from '../http/schemas.ts';

/** Sign-in tokens last a working shift. */
const ACCOUNT_TOKEN_SECONDS = 12 * 3600;
/** OAuth client tokens last an hour (clients ask again, as RFC 6749 clients do). */
const CLIENT_TOKEN_SECONDS = 3600;
const MAX_FAILED_LOGINS = 5;
const LOCK_MINUTES = 15;

export type AuthRoutesOptions = { node: NodeContext; authenticator: Authenticator; loginPerMinute: number };

const publicOrganization = (org: OrganizationRecord) => ({
  id: org.id,
  did: org.did,
  name: org.name,
  country: org.country,
  roles: org.roles,
});

/**
 * People's sign-in (`POST /auth/login`, `POST /auth/logout`, `GET /me`) and OAuth 2.0
 * client credentials (`POST /oauth/token`, RFC 6749 §4.4). Tokens are opaque; only their SHA-256
 * is stored. Five wrong passwords lock an account for 15 minutes; both endpoints are rate limited.
 */
export async function authRoutes(
  app: FastifyInstance,
  { node, authenticator, loginPerMinute }: AuthRoutesOptions,
): Promise<void> {
  const store = node.store;
  const issueToken = async (
    orgId: string,
    subjectKind: 'account' | 'client',
    subjectId: string,
    granted: readonly string[],
    seconds: number,
  ) => {
    const token = newAccessToken();
    const now = Date.now();
    await store.putAccessToken({
      tokenHash: secretHash(token),
      orgId,
      subjectKind,
      subjectId,
      scopes: [...granted],
      expiresAt: new Date(now + seconds * 1000).toISOString(),
      createdAt: new Date(now).toISOString(),
    });
    return token;
  };

  app.post(
    '/auth/login',
    {
      config: { rateLimit: { max: loginPerMinute, timeWindow: 60_000 }, audit: { action: 'auth.login' } },
      schema: {
        tags: ['auth'],
        summary: 'Sign in with a username and password',
        description: 'Returns a bearer token for the account, valid for 12 hours.',
        body: {
          type: 'object',
          required: ['username', 'password'],
          additionalProperties: false,
          properties: {
            username: { type: 'string', minLength: 1, maxLength: 128 },
            password: { type: 'string', minLength: 1, maxLength: 1024 },
          },
        },
        response: {
          200: {
            type: 'object',
            required: ['accessToken', 'tokenType', 'expiresIn', 'account', 'organization'],
            properties: {
              accessToken: { type: 'string' },
              tokenType: { type: 'string', const: 'Bearer' },
              expiresIn: { type: 'integer' },
              account: {
                type: 'object',
                properties: {
                  id: { type: 'string' },
                  username: { type: 'string' },
                  displayName: { type: 'string' },
                  roles: { type: 'array', items: { type: 'string' } },
                },
              },
              organization: organizationSchema,
            },
          },
          ...errorResponses(400, 401, 429),
        },
      },
    },
    async (request) => {
      const { username, password } = request.body as { username: string; password: string };
      const account = await store.findAccountByUsername(username.trim());
      const invalid = () => new ClearledgerError('CL_AUTH_INVALID_CREDENTIALS', 'The username or password is wrong.');
      if (account === null) {
        // Same work as a real check: response time does not reveal which usernames exist.
        await verifyPassword(DUMMY_PASSWORD_HASH, password);
        throw invalid();
      }
      request.auditTarget = account.id;
      request.auditOrgId = account.orgId;
      const now = Date.now();
      if (account.lockedUntil !== null && Date.parse(account.lockedUntil) > now) {
        throw new ClearledgerError(
          'CL_AUTH_LOCKED',
          `Too many wrong passwords: this account is locked until ${account.lockedUntil}.`,
        );
      }
      const ok = await verifyPassword(account.passwordHash, password);
      if (!ok || account.disabled) {
        if (!account.disabled) {
          const failed = account.failedLogins + 1;
          await store.updateAccount(
            account.orgId,
            account.id,
            failed >= MAX_FAILED_LOGINS
              ? { failedLogins: 0, lockedUntil: new Date(now + LOCK_MINUTES * 60_000).toISOString() }
              : { failedLogins: failed },
          );
        }
        throw invalid();
      }
      if (account.failedLogins > 0 || account.lockedUntil !== null) {
        await store.updateAccount(account.orgId, account.id, { failedLogins: 0, lockedUntil: null });
      }
      const org = await store.getOrganization(account.orgId);
      if (org === null || !org.active) throw invalid();
      const token = await issueToken(
        org.id,
        'account',
        account.id,
        scopesOfRoles(account.roles),
        ACCOUNT_TOKEN_SECONDS,
      );
      return {
        accessToken: token,
        tokenType: 'Bearer',
        expiresIn: ACCOUNT_TOKEN_SECONDS,
        account: { id: account.id, username: account.username, displayName: account.displayName, roles: account.roles },
        organization: publicOrganization(org),
      };
    },
  );

  app.post(
    '/auth/logout',
    {
      config: { audit: { action: 'auth.logout' } },
      schema: {
        tags: ['auth'],
        summary: 'Revoke the bearer token of this request',
        response: { 204: { type: 'null' }, ...errorResponses(401) },
      },
    },
    async (request, reply) => {
      const principal = request.principal;
      if (principal === null) throw new ClearledgerError('CL_AUTH_REQUIRED', 'There is no token to sign out.');
      if (principal.tokenHash !== undefined) {
        await store.deleteAccessToken(principal.tokenHash);
        authenticator.forget(principal.tokenHash);
      }
      return reply.status(204).send();
    },
  );

  app.get(
    '/me',
    {
      schema: {
        tags: ['auth'],
        summary: 'Who the bearer token belongs to',
        response: {
          200: {
            type: 'object',
            properties: {
              kind: { type: 'string', enum: ['account', 'client', 'operator'] },
              id: { type: 'string' },
              name: { type: 'string' },
              roles: { type: 'array', items: { type: 'string' } },
              scopes: { type: 'array', items: { type: 'string' } },
              organization: organizationSchema,
            },
          },
          ...errorResponses(401),
        },
      },
    },
    async (request) => {
      const principal = request.principal;
      if (principal === null) throw new ClearledgerError('CL_AUTH_REQUIRED', 'Sign in first.');
      return {
        kind: principal.kind,
        id: principal.id,
        name: principal.name,
        roles: principal.roles,
        scopes: [...principal.scopes],
        organization: publicOrganization(principal.org),
      };
    },
  );

  const oauthError = (reply: FastifyReply, status: number, error: string, description: string, code: string) =>
    reply.status(status).header('cache-control', 'no-store').send({ error, error_description: description, code });

  app.post(
    '/oauth/token',
    {
      config: { rateLimit: { max: loginPerMinute * 6, timeWindow: 60_000 }, audit: { action: 'auth.token' } },
      schema: {
        tags: ['auth'],
        summary: 'OAuth 2.0 client credentials grant (RFC 6749 §4.4)',
        description:
          "Send `grant_type=client_credentials` as application/x-www-form-urlencoded (or JSON), authenticating with HTTP Basic (client id and secret) or `client_id` and `client_secret` in the body. Optional `scope`: a space-separated subset of the client's scopes.",
        response: {
          200: {
            type: 'object',
            properties: {
              access_token: { type: 'string' },
              token_type: { type: 'string' },
              expires_in: { type: 'integer' },
              scope: { type: 'string' },
            },
          },
        },
      },
    },
    async (request: FastifyRequest, reply) => {
      const body = (request.body ?? {}) as Record<string, unknown>;
      const field = (name: string) => (typeof body[name] === 'string' ? (body[name] as string) : undefined);
      if (field('grant_type') !== 'client_credentials') {
        return oauthError(
          reply,
          400,
          'unsupported_grant_type',
          'Only grant_type=client_credentials is supported.',
          'CL_AUTH_UNSUPPORTED_GRANT',
        );
      }
      let clientId = field('client_id');
      let clientSecret = field('client_secret');
      const basic = /^Basic ([A-Za-z0-9+/=]{4,1024})$/.exec(request.headers.authorization ?? '');
      if (basic !== null) {
        const decoded = Buffer.from(basic[1]!, 'base64').toString('utf8');
        const colon = decoded.indexOf(':');
        if (colon > 0) {
          clientId = decodeURIComponent(decoded.slice(0, colon));
          clientSecret = decodeURIComponent(decoded.slice(colon + 1));
        }
      }
      const client = clientId === undefined ? null : await store.findClient(clientId);
      if (
        client === null ||
        clientSecret === undefined ||
        client.disabled ||
        secretHash(clientSecret) !== client.secretHash
      ) {
        return oauthError(
          reply,
          401,
          'invalid_client',
          'Unknown client or wrong secret.',
          'CL_AUTH_INVALID_CREDENTIALS',
        );
      }
      request.auditTarget = client.clientId;
      request.auditOrgId = client.orgId;
      const asked =
        field('scope')
          ?.split(' ')
          .filter((s) => s !== '') ?? client.scopes;
      const unknown = asked.filter((s) => !client.scopes.includes(s) || !scopes.includes(s as Scope));
      if (unknown.length > 0) {
        return oauthError(
          reply,
          400,
          'invalid_scope',
          `This client may not have: ${unknown.join(' ')}.`,
          'CL_AUTH_FORBIDDEN',
        );
      }
      const token = await issueToken(client.orgId, 'client', client.clientId, asked, CLIENT_TOKEN_SECONDS);
      return reply.header('cache-control', 'no-store').send({
        access_token: token,
        token_type: 'Bearer',
        expires_in: CLIENT_TOKEN_SECONDS,
        scope: asked.join(' '),
      });
    },
  );
}
