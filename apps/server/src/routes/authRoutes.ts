import { ClearledgerError, type OrganizationRecord, type Scope, scopes, scopesOfRoles } from '@clearledger/core';
import type { NodeContext } from '@clearledger/node';
import { DUMMY_PASSWORD_HASH, newAccessToken, secretHash, verifyPassword } from '@clearledger/node';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Authenticator } from '../auth/createAuthenticator.ts';
import { createSignInGuard, type SignInGuardOptions } from '../auth/createSignInGuard.ts';
import { errorResponses, organizationSchema } from '../http/schemas.ts';

/** Sign-in tokens last a working shift. */
const ACCOUNT_TOKEN_SECONDS = 12 * 3600;
/** OAuth client tokens last an hour (clients ask again, as RFC 6749 clients do). */
const CLIENT_TOKEN_SECONDS = 3600;

export type AuthRoutesOptions = {
  node: NodeContext;
  authenticator: Authenticator;
  loginPerMinute: number;
  signIn?: Partial<SignInGuardOptions>;
};

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
 * is stored. Wrong passwords back off the address they come from (five free, then one minute,
 * doubling), never the account everywhere; a guess spread over many addresses slows the username for
 * addresses it has not signed in from (createSignInGuard). Both endpoints are rate limited per address.
 */
export async function authRoutes(
  app: FastifyInstance,
  { node, authenticator, loginPerMinute, signIn }: AuthRoutesOptions,
): Promise<void> {
  const store = node.store;
  const guard = createSignInGuard(signIn);
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
      config: { rateLimit: { addressPerMinute: loginPerMinute }, audit: { action: 'auth.login' } },
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
    async (request, reply) => {
      const { username: given, password } = request.body as { username: string; password: string };
      const username = given.trim().toLowerCase();
      const invalid = () => new ClearledgerError('CL_AUTH_INVALID_CREDENTIALS', 'The username or password is wrong.');
      const decision = guard.check(username, request.ip);
      if (!decision.ok) {
        reply.header('retry-after', String(decision.retryAfterSeconds));
        throw new ClearledgerError(
          'CL_AUTH_LOCKED',
          decision.reason === 'BACKED_OFF'
            ? `Too many wrong passwords for this username from this address: try again in ${decision.retryAfterSeconds} s.`
            : `This username is being guessed from many addresses; from an address it has not signed in from lately, try again in ${decision.retryAfterSeconds} s.`,
        );
      }
      const account = await store.findAccountByUsername(username);
      if (account === null) {
        // Same work as a real check: response time does not reveal which usernames exist.
        await verifyPassword(DUMMY_PASSWORD_HASH, password);
        guard.failed(username, request.ip);
        throw invalid();
      }
      request.auditTarget = account.id;
      request.auditOrgId = account.orgId;
      const ok = await verifyPassword(account.passwordHash, password);
      if (!ok || account.disabled) {
        guard.failed(username, request.ip);
        throw invalid();
      }
      guard.succeeded(username, request.ip);
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
      config: { rateLimit: { addressPerMinute: loginPerMinute * 6 }, audit: { action: 'auth.token' } },
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
