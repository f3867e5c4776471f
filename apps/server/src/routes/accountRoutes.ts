import { randomUUID } from 'node:crypto';
import { accountRoles, ClearledgerError, scopes } from '@clearledger/core';
import type { NodeContext } from '@clearledger/node';
import { hashPassword, newClientSecret, secretHash } from '@clearledger/node';
import type { FastifyInstance } from 'fastify';
import { requireScope } from '../auth/principal.ts';
import { errorResponses } from '../http/schemas.ts';

const accountSchema = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    username: { type: 'string' },
    displayName: { type: 'string' },
    roles: { type: 'array', items: { type: 'string' } },
    disabled: { type: 'boolean' },
    lockedUntil: { anyOf: [{ type: 'string' }, { type: 'null' }] },
    createdAt: { type: 'string' },
  },
} as const;

const clientSchema = {
  type: 'object',
  properties: {
    clientId: { type: 'string' },
    name: { type: 'string' },
    scopes: { type: 'array', items: { type: 'string' } },
    disabled: { type: 'boolean' },
    createdAt: { type: 'string' },
  },
} as const;

const roleList = {
  type: 'array',
  minItems: 1,
  uniqueItems: true,
  items: { type: 'string', enum: [...accountRoles] },
} as const;
const usernamePattern = '^[A-Za-z0-9._@-]{3,64}$';

/**
 * An organisation's administrators manage its people's accounts and its OAuth clients (systems such
 * as a broker's software). Secrets are shown once, at creation; the store keeps only hashes.
 */
export async function accountRoutes(app: FastifyInstance, { node }: { node: NodeContext }): Promise<void> {
  const store = node.store;

  app.get(
    '/accounts',
    {
      schema: {
        tags: ['accounts'],
        summary: "The organisation's accounts",
        response: { 200: { type: 'array', items: accountSchema }, ...errorResponses(401, 403) },
      },
    },
    async (request) => store.listAccounts(requireScope(request, 'accounts:manage').org.id),
  );

  app.post(
    '/accounts',
    {
      config: { audit: { action: 'account.create' } },
      schema: {
        tags: ['accounts'],
        summary: 'Create an account for a person of the organisation',
        body: {
          type: 'object',
          required: ['username', 'displayName', 'password', 'roles'],
          additionalProperties: false,
          properties: {
            username: { type: 'string', pattern: usernamePattern },
            displayName: { type: 'string', minLength: 1, maxLength: 200 },
            password: { type: 'string', minLength: 10, maxLength: 1024 },
            roles: roleList,
          },
        },
        response: { 201: accountSchema, ...errorResponses(400, 401, 403, 409) },
      },
    },
    async (request, reply) => {
      const principal = requireScope(request, 'accounts:manage');
      const body = request.body as { username: string; displayName: string; password: string; roles: string[] };
      const account = {
        id: `acct_${randomUUID()}`,
        orgId: principal.org.id,
        username: body.username.toLowerCase(),
        displayName: body.displayName,
        passwordHash: await hashPassword(body.password),
        roles: body.roles,
        disabled: false,
        failedLogins: 0,
        lockedUntil: null,
        createdAt: new Date().toISOString(),
      };
      await store.putAccount(account);
      request.auditTarget = account.id;
      request.auditDetails = { username: account.username, roles: account.roles };
      return reply.status(201).send(account);
    },
  );

  app.patch(
    '/accounts/:id',
    {
      config: { audit: { action: 'account.update' } },
      schema: {
        tags: ['accounts'],
        summary: 'Change roles, name or password, or disable an account',
        params: { type: 'object', required: ['id'], properties: { id: { type: 'string', maxLength: 100 } } },
        body: {
          type: 'object',
          additionalProperties: false,
          minProperties: 1,
          properties: {
            displayName: { type: 'string', minLength: 1, maxLength: 200 },
            password: { type: 'string', minLength: 10, maxLength: 1024 },
            roles: roleList,
            disabled: { type: 'boolean' },
          },
        },
        response: { 200: accountSchema, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const principal = requireScope(request, 'accounts:manage');
      const { id } = request.params as { id: string };
      const body = request.body as { displayName?: string; password?: string; roles?: string[]; disabled?: boolean };
      request.auditTarget = id;
      if (
        principal.kind === 'account' &&
        id === principal.id &&
        (body.disabled === true || (body.roles && !body.roles.includes('ADMIN')))
      ) {
        throw new ClearledgerError('CL_INPUT_INVALID', 'You cannot disable yourself or remove your own ADMIN role.', {
          field: '/roles',
        });
      }
      await store.updateAccount(principal.org.id, id, {
        ...(body.displayName === undefined ? {} : { displayName: body.displayName }),
        ...(body.roles === undefined ? {} : { roles: body.roles }),
        ...(body.disabled === undefined ? {} : { disabled: body.disabled }),
        ...(body.password === undefined
          ? {}
          : { passwordHash: await hashPassword(body.password), failedLogins: 0, lockedUntil: null }),
      });
      request.auditDetails = {
        changed: Object.keys(body)
          .filter((k) => k !== 'password')
          .concat(body.password ? ['password'] : []),
      };
      return store.getAccount(principal.org.id, id);
    },
  );

  app.get(
    '/clients',
    {
      schema: {
        tags: ['accounts'],
        summary: "The organisation's OAuth clients",
        response: { 200: { type: 'array', items: clientSchema }, ...errorResponses(401, 403) },
      },
    },
    async (request) => store.listClients(requireScope(request, 'accounts:manage').org.id),
  );

  app.post(
    '/clients',
    {
      config: { audit: { action: 'client.create' } },
      schema: {
        tags: ['accounts'],
        summary: 'Register an OAuth client (client credentials) for a system',
        description: 'The answer carries the client secret once; store it in the system that uses it.',
        body: {
          type: 'object',
          required: ['name', 'scopes'],
          additionalProperties: false,
          properties: {
            name: { type: 'string', minLength: 1, maxLength: 200 },
            scopes: { type: 'array', minItems: 1, uniqueItems: true, items: { type: 'string', enum: [...scopes] } },
          },
        },
        response: {
          201: { type: 'object', properties: { ...clientSchema.properties, clientSecret: { type: 'string' } } },
          ...errorResponses(400, 401, 403),
        },
      },
    },
    async (request, reply) => {
      const principal = requireScope(request, 'accounts:manage');
      const body = request.body as { name: string; scopes: string[] };
      const secret = newClientSecret();
      const client = {
        clientId: `clc_${randomUUID()}`,
        orgId: principal.org.id,
        name: body.name,
        secretHash: secretHash(secret),
        scopes: body.scopes,
        disabled: false,
        createdAt: new Date().toISOString(),
      };
      await store.putClient(client);
      request.auditTarget = client.clientId;
      request.auditDetails = { name: client.name, scopes: client.scopes };
      return reply.status(201).send({ ...client, clientSecret: secret });
    },
  );

  app.patch(
    '/clients/:clientId',
    {
      config: { audit: { action: 'client.update' } },
      schema: {
        tags: ['accounts'],
        summary: 'Disable or re-enable an OAuth client',
        params: {
          type: 'object',
          required: ['clientId'],
          properties: { clientId: { type: 'string', maxLength: 100 } },
        },
        body: {
          type: 'object',
          required: ['disabled'],
          additionalProperties: false,
          properties: { disabled: { type: 'boolean' } },
        },
        response: { 200: clientSchema, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const principal = requireScope(request, 'accounts:manage');
      const { clientId } = request.params as { clientId: string };
      const { disabled } = request.body as { disabled: boolean };
      request.auditTarget = clientId;
      await store.updateClient(principal.org.id, clientId, { disabled });
      const client = (await store.listClients(principal.org.id)).find((c) => c.clientId === clientId);
      if (client === undefined) throw new ClearledgerError('CL_STORE_NOT_FOUND', `No client ${clientId}.`);
      return client;
    },
  );

  app.get(
    '/audit',
    {
      schema: {
        tags: ['accounts'],
        summary:
          "Audit log: every state-changing call of the organisation (and, for customs, other organisations' customs matters concerning its country)",
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            limit: { type: 'integer', minimum: 1, maximum: 500, default: 100 },
            before: { type: 'integer', minimum: 1 },
            action: { type: 'string', maxLength: 100 },
          },
        },
        response: {
          200: {
            type: 'object',
            properties: {
              items: { type: 'array', items: { type: 'object', additionalProperties: true } },
              next: { anyOf: [{ type: 'integer' }, { type: 'null' }] },
            },
          },
          ...errorResponses(400, 401, 403),
        },
      },
    },
    async (request) => {
      const principal = requireScope(request, 'audit:read');
      const q = request.query as { limit: number; before?: number; action?: string };
      const items = await store.listAudit(
        { orgId: principal.org.id, customs: principal.org.roles.includes('CUSTOMS'), country: principal.org.country },
        {
          limit: q.limit,
          ...(q.before === undefined ? {} : { beforeId: q.before }),
          ...(q.action === undefined ? {} : { action: q.action }),
        },
      );
      return { items, next: items.length === q.limit ? items[items.length - 1]!.id : null };
    },
  );
}
