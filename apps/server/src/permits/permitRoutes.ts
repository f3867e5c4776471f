import type { NodeContext } from '@clearledger/node';
import type { FastifyInstance } from 'fastify';
import { requireScope } from '../auth/principal.ts';
import { errorResponses } from '../http/schemas.ts';
import { type PartyNames, partyNames } from '../routes/partyNames.ts';
import type { DrawInput, PermitService } from './permitService.ts';

const permitId = {
  type: 'object',
  required: ['id'],
  properties: {
    id: { type: 'string', minLength: 1, maxLength: 200, description: 'permit_<hash> or the permit credential hash.' },
  },
} as const;

const permitSchema = { type: 'object', additionalProperties: true } as const;

type Summary = Omit<Awaited<ReturnType<PermitService['get']>>, 'uses' | 'registered'> & {
  uses?: Awaited<ReturnType<PermitService['get']>>['uses'];
};

/** A permit with its parties by name (and its uses', when listed). */
async function named(names: PartyNames, permit: Summary) {
  return {
    ...permit,
    issuerParty: await names.org(permit.issuer),
    holderParty: await names.org(permit.holder),
    designeeParties: await Promise.all(permit.designees.map((d) => names.org(d))),
    ...(permit.uses === undefined
      ? {}
      : {
          uses: await Promise.all(
            permit.uses.map(async (u) => ({
              ...u,
              drawerParty: await names.org(u.drawer),
              ...(u.onBehalfOf === null ? {} : { onBehalfOfParty: await names.org(u.onBehalfOf) }),
            })),
          ),
        }),
  };
}

/**
 * Permits (PGA licences, permits, certificates; LPCO): `GET /permits` (the permits the caller's
 * organisation takes part in: as agency, holder, designee, drawer or customs), `GET /permits/{id}`
 * (state, balance from the chain, every use with entry, port and time), `POST /permits/draws` (an
 * entry line draws a quantity; PM-01–PM-08) and `POST /permits/{id}/uses/{useKey}/reverse` (the
 * issuing agency's compensating entry, PM-06). Agencies issue permits with `POST /credentials/issue`.
 */
export async function permitRoutes(
  app: FastifyInstance,
  { node, service }: { node: NodeContext; service: PermitService },
): Promise<void> {
  app.get(
    '/permits',
    {
      schema: {
        tags: ['permits'],
        summary: 'Permits your organisation takes part in, newest first',
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: { limit: { type: 'integer', minimum: 1, maximum: 200, default: 50 } },
        },
        response: {
          200: { type: 'object', properties: { permits: { type: 'array', items: permitSchema } } },
          ...errorResponses(401, 403),
        },
      },
    },
    async (request) => {
      const principal = requireScope(request, 'credentials:read');
      const query = request.query as { limit?: number };
      const names = partyNames(node.store, principal);
      const permits = await service.list(principal, { limit: query.limit ?? 50 });
      return { permits: await Promise.all(permits.map((p) => named(names, p))) };
    },
  );

  app.get(
    '/permits/:id',
    {
      schema: {
        tags: ['permits'],
        summary: 'A permit: state and balance from the chain, every use with its entry, port and time',
        params: permitId,
        response: { 200: permitSchema, ...errorResponses(401, 403, 404) },
      },
    },
    async (request) => {
      const principal = requireScope(request, 'credentials:read');
      const { id } = request.params as { id: string };
      const permit = await service.get(principal, id);
      request.auditTarget = permit.id;
      return named(partyNames(node.store, principal), permit);
    },
  );

  app.post(
    '/permits/draws',
    {
      config: { audit: { action: 'permit.draw', customsMatter: true } },
      schema: {
        tags: ['permits'],
        summary: 'Draw a quantity from a permit for an entry line (idempotent per entry line, PM-05)',
        description:
          'The node dates the use at the port, checks holder and scope (PM-07, PM-08) and the chain applies it against the balance (PM-01–PM-04). Repeating a draw returns the first one (`replay: true`); the same entry line with another quantity or port is `CL_PERMIT_USE_KEY_REUSED`.',
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['entryNumber', 'line', 'quantity', 'unit', 'port', 'hts', 'country'],
          oneOf: [{ required: ['permitId'] }, { required: ['permit'] }],
          properties: {
            permitId: { type: 'string', minLength: 1, maxLength: 200 },
            permit: {
              type: 'object',
              additionalProperties: false,
              required: ['verifiableCredential'],
              properties: {
                verifiableCredential: { type: 'object' },
                anchor: { type: 'object' },
              },
            },
            entryNumber: { type: 'string', minLength: 1, maxLength: 20, description: 'e.g. AB1-2345678-7' },
            line: { type: 'integer', minimum: 1, maximum: 9999 },
            quantity: {
              type: 'string',
              pattern: '^\\d{1,18}(\\.\\d{1,6})?$',
              description: 'Exact decimal in the permit unit.',
            },
            unit: { type: 'string', pattern: '^[A-Z][A-Z0-9]{0,4}$' },
            port: { type: 'string', pattern: '^\\d{4}$', description: 'CBP port of entry (Schedule D).' },
            hts: { type: 'string', pattern: '^\\d{4}\\.?\\d{2}(\\.?\\d{2}){0,2}$' },
            country: { type: 'string', pattern: '^[A-Z]{2}$' },
            product: { type: 'string', minLength: 1, maxLength: 200 },
            importer: { type: 'string', minLength: 1, maxLength: 200, description: 'The holder a broker draws for.' },
          },
        },
        response: {
          200: { type: 'object', additionalProperties: true },
          201: { type: 'object', additionalProperties: true },
          ...errorResponses(400, 401, 403, 404, 409, 422, 429, 503),
        },
      },
    },
    async (request, reply) => {
      const principal = requireScope(request, 'instruments:act');
      const result = await service.draw(principal, request.body as DrawInput);
      request.auditTarget = result.permit.id;
      request.auditDetails = {
        useKey: result.use.useKey,
        quantity: result.use.quantity,
        port: result.use.port,
        replay: result.replay,
      };
      const names = partyNames(node.store, principal);
      return reply.status(result.replay ? 200 : 201).send({
        replay: result.replay,
        use: { ...result.use, drawerParty: await names.org(result.use.drawer) },
        permit: await named(names, result.permit),
      });
    },
  );

  app.post(
    '/permits/:id/uses/:useKey/reverse',
    {
      config: { audit: { action: 'permit.reverse', customsMatter: true } },
      schema: {
        tags: ['permits'],
        summary: 'Reverse one use (the issuing agency only): a compensating entry, the use stays in history (PM-06)',
        params: {
          type: 'object',
          required: ['id', 'useKey'],
          properties: { id: permitId.properties.id, useKey: { type: 'string', pattern: '^0x[0-9a-f]{64}$' } },
        },
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['reason'],
          properties: { reason: { type: 'string', minLength: 1, maxLength: 500 } },
        },
        response: { 200: permitSchema, ...errorResponses(400, 401, 403, 404, 409, 503) },
      },
    },
    async (request) => {
      const principal = requireScope(request, 'instruments:act');
      const { id, useKey } = request.params as { id: string; useKey: string };
      const { reason } = request.body as { reason: string };
      const permit = await service.reverse(principal, id, useKey, reason);
      request.auditTarget = permit.id;
      request.auditDetails = { useKey, reason };
      return named(partyNames(node.store, principal), permit);
    },
  );
}
