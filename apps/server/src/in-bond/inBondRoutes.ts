import type { NodeContext } from '@clearledger/node';
import type { FastifyInstance } from 'fastify';
import { requireScope } from '../auth/principal.ts';
import { errorResponses } from '../http/schemas.ts';
import { type PartyNames, partyNames } from '../routes/partyNames.ts';
import type { InBondService } from './inBondService.ts';

const movementId = {
  type: 'object',
  required: ['id'],
  properties: {
    id: { type: 'string', minLength: 1, maxLength: 200, description: 'inbond_<hash> or the filing credential hash.' },
  },
} as const;

const movementSchema = { type: 'object', additionalProperties: true } as const;

type Summary = Awaited<ReturnType<InBondService['get']>>;

/** A movement with its parties and the actors of its timeline by name. */
async function named(names: PartyNames, movement: Summary) {
  return {
    ...movement,
    issuerParty: await names.org(movement.issuer),
    liableCarrierParty: await names.org(movement.liableCarrier),
    timeline: await Promise.all(
      movement.timeline.map(async (t) => ({ ...t, by: await names.actor(t.actorOrgId, t.actorId) })),
    ),
  };
}

/**
 * In-bond movements (19 CFR Part 18): `GET /in-bond` (the movements the caller's organisation takes
 * part in: filing or liable carrier, customs, named shipper or consignee), `GET /in-bond/{id}`
 * (facts, state from the chain, timeline with who and when, deadlines, violations) and
 * `POST /in-bond/{id}/events` (customs authorises, decides diversions and orders general order; the
 * liable carrier reports the rest). Bonded carriers file movements with `POST /credentials/issue`.
 */
export async function inBondRoutes(
  app: FastifyInstance,
  { node, service }: { node: NodeContext; service: InBondService },
): Promise<void> {
  app.get(
    '/in-bond',
    {
      schema: {
        tags: ['in-bond'],
        summary: 'In-bond movements your organisation takes part in, newest first',
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: { limit: { type: 'integer', minimum: 1, maximum: 200, default: 50 } },
        },
        response: {
          200: { type: 'object', properties: { movements: { type: 'array', items: movementSchema } } },
          ...errorResponses(401, 403),
        },
      },
    },
    async (request) => {
      const principal = requireScope(request, 'credentials:read');
      const query = request.query as { limit?: number };
      const names = partyNames(node.store, principal);
      const movements = await service.list(principal, { limit: query.limit ?? 50 });
      return { movements: await Promise.all(movements.map((m) => named(names, m))) };
    },
  );

  app.get(
    '/in-bond/:id',
    {
      schema: {
        tags: ['in-bond'],
        summary: 'An in-bond movement: state from the chain, its events with who and when, deadlines, violations',
        params: movementId,
        response: { 200: movementSchema, ...errorResponses(401, 403, 404) },
      },
    },
    async (request) => {
      const principal = requireScope(request, 'credentials:read');
      const { id } = request.params as { id: string };
      const movement = await service.get(principal, id);
      request.auditTarget = movement.id;
      return named(partyNames(node.store, principal), movement);
    },
  );

  app.post(
    '/in-bond/:id/events',
    {
      config: { audit: { action: 'inbond.event', customsMatter: true } },
      schema: {
        tags: ['in-bond'],
        summary: 'Report an event of a movement (authorisation, departure, arrival, export, transfer, diversion…)',
        description:
          'Customs authorises, decides diversions and orders general order; the liable bonded carrier reports the rest; either concludes. `at` (departures, arrivals, exports) is when it happened, never in the future; the report time is the server’s. Refusals carry the codes of the chain (IB-05, IB-06, IB-07, IB-10, IB-11, IB-T5).',
        params: movementId,
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['kind'],
          properties: {
            kind: {
              type: 'string',
              enum: [
                'AUTHORIZE',
                'DEPART',
                'ARRIVE',
                'EXPORT',
                'TRANSFER',
                'DIVERSION_REQUEST',
                'DIVERSION_DECISION',
                'CONCLUDE',
                'DELETE',
                'GENERAL_ORDER',
              ],
            },
            scope: { type: 'string', enum: ['ENTIRE', 'BILL', 'CONTAINER'] },
            ref: { type: 'string', minLength: 1, maxLength: 64, description: 'Bill of lading or container number.' },
            quantity: { type: 'string', pattern: '^\\d{1,18}(\\.\\d{1,6})?$' },
            firmsCode: { type: 'string', minLength: 1, maxLength: 8 },
            port: { type: 'string', pattern: '^\\d{4}$', description: 'Schedule D port.' },
            newPort: { type: 'string', pattern: '^\\d{4}$' },
            approved: { type: 'boolean' },
            toCarrier: { type: 'string', minLength: 1, maxLength: 200, description: 'DID of the receiving carrier.' },
            bondedCarrierId: { type: 'string', minLength: 1, maxLength: 20 },
            at: { type: 'string', format: 'date-time', description: 'When it happened (not after now).' },
            movement: {
              type: 'object',
              additionalProperties: false,
              required: ['verifiableCredential'],
              description:
                'A movement filed on another node, presented to this one (the filing credential and its anchor receipt); `{id}` is then its credential hash.',
              properties: { verifiableCredential: { type: 'object' }, anchor: { type: 'object' } },
            },
          },
        },
        response: { 200: movementSchema, ...errorResponses(400, 401, 403, 404, 409, 422, 503) },
      },
    },
    async (request) => {
      const principal = requireScope(request, 'instruments:act');
      const { id } = request.params as { id: string };
      const input = request.body as Parameters<InBondService['act']>[2];
      const movement = await service.act(principal, id, input);
      request.auditTarget = movement.id;
      request.auditDetails = { kind: input.kind };
      return named(partyNames(node.store, principal), movement);
    },
  );
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Records in-bond deadlines missed by `now` (once each) and sets each movement's next one; returns how many. */
    sweepOverdueInBond(now?: Date): Promise<number>;
  }
}
