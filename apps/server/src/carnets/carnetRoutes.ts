import type { NodeContext } from '@clearledger/node';
import type { FastifyInstance } from 'fastify';
import { requireScope } from '../auth/principal.ts';
import { errorResponses } from '../http/schemas.ts';
import { type PartyNames, partyNames } from '../routes/partyNames.ts';
import type { CarnetService, ClaimInput, VoucherInput } from './carnetService.ts';

const carnetId = {
  type: 'object',
  required: ['id'],
  properties: {
    id: { type: 'string', minLength: 1, maxLength: 200, description: 'carnet_<hash> or the carnet credential hash.' },
  },
} as const;

const carnetSchema = { type: 'object', additionalProperties: true } as const;
const day = { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' } as const;
const amount = { type: 'string', pattern: '^\\d{1,18}(\\.\\d{1,6})?$' } as const;

type Summary = Awaited<ReturnType<CarnetService['get']>>;

/** A carnet with its parties by name: issuing association, holder, and the customs of each voucher and claim. */
async function named(names: PartyNames, carnet: Summary) {
  return {
    ...carnet,
    issuerParty: await names.org(carnet.issuer),
    holderParty: await names.org(carnet.holder),
    vouchers: await Promise.all(carnet.vouchers.map(async (v) => ({ ...v, customsParty: await names.org(v.customs) }))),
    claims: await Promise.all(carnet.claims.map(async (c) => ({ ...c, customsParty: await names.org(c.customs) }))),
  };
}

/**
 * ATA carnets: `GET /carnets` (the carnets the caller's organisation takes part in), `GET
 * /carnets/{id}` (every item's place from the chain, overdue items, discharge, vouchers with office,
 * date and customs), `POST /carnets/{id}/vouchers` (customs endorses a voucher at its own office,
 * dated by the node; §4.6, CA-02–CA-06, CA-09) and `POST /carnets/{id}/claims` (customs claims on an
 * overdue item, CA-07). Issuing associations issue carnets with `POST /credentials/issue`.
 */
export async function carnetRoutes(
  app: FastifyInstance,
  { node, service }: { node: NodeContext; service: CarnetService },
): Promise<void> {
  app.get(
    '/carnets',
    {
      schema: {
        tags: ['carnets'],
        summary: 'ATA carnets your organisation takes part in, newest first',
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: { limit: { type: 'integer', minimum: 1, maximum: 200, default: 50 } },
        },
        response: {
          200: { type: 'object', properties: { carnets: { type: 'array', items: carnetSchema } } },
          ...errorResponses(401, 403),
        },
      },
    },
    async (request) => {
      const principal = requireScope(request, 'credentials:read');
      const query = request.query as { limit?: number };
      const names = partyNames(node.store, principal);
      const carnets = await service.list(principal, { limit: query.limit ?? 50 });
      return { carnets: await Promise.all(carnets.map((c) => named(names, c))) };
    },
  );

  app.get(
    '/carnets/:id',
    {
      schema: {
        tags: ['carnets'],
        summary: "A carnet: every item's place from the chain, overdue items, vouchers with office, date and customs",
        params: carnetId,
        response: { 200: carnetSchema, ...errorResponses(401, 403, 404) },
      },
    },
    async (request) => {
      const principal = requireScope(request, 'credentials:read');
      const { id } = request.params as { id: string };
      const carnet = await service.get(principal, id);
      request.auditTarget = carnet.id;
      return named(partyNames(node.store, principal), carnet);
    },
  );

  app.post(
    '/carnets/:id/vouchers',
    {
      config: { audit: { action: 'carnet.endorse', customsMatter: true } },
      schema: {
        tags: ['carnets'],
        summary: 'Endorse a voucher at one of your customs offices (the node dates it at the office)',
        description:
          "Customs only, at its own offices: a CBP port (Schedule D) for U.S. customs, the office's code for partner customs (CL_CARNET_OFFICE_NOT_OWN otherwise). The date is the office's date now; a client date is refused. The items move on the chain all together or not at all (§4.6). A carnet this node does not know is presented with `carnet` (credential and anchor receipt).",
        params: carnetId,
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['kind', 'items', 'office'],
          properties: {
            kind: { type: 'string', enum: ['EXPORT', 'IMPORT', 'REEXPORT', 'REIMPORT', 'TRANSIT'] },
            items: {
              type: 'array',
              minItems: 1,
              maxItems: 500,
              items: {
                type: 'object',
                additionalProperties: false,
                required: ['item'],
                properties: {
                  item: { type: 'integer', minimum: 1, maximum: 65535 },
                  pieces: { type: 'integer', minimum: 1, maximum: 1_000_000 },
                },
              },
            },
            office: {
              type: 'string',
              pattern: '^[A-Z0-9][A-Z0-9-]{0,31}$',
              description: 'CBP port code (e.g. 2704) or the partner office code (e.g. DE-FRA).',
            },
            country: { type: 'string', pattern: '^[A-Z]{2}$', description: "The office's country (your own)." },
            deadline: { ...day, description: 'On an importation: the re-export date set on the counterfoil.' },
            entitledToTib: { type: 'boolean' },
            mailImportation: { type: 'boolean' },
            carnet: {
              type: 'object',
              additionalProperties: false,
              required: ['verifiableCredential'],
              properties: { verifiableCredential: { type: 'object' }, anchor: { type: 'object' } },
            },
          },
        },
        response: {
          201: { type: 'object', additionalProperties: true },
          ...errorResponses(400, 401, 403, 404, 409, 422, 429, 503),
        },
      },
    },
    async (request, reply) => {
      const principal = requireScope(request, 'instruments:act');
      const { id } = request.params as { id: string };
      const result = await service.endorse(principal, id, request.body as VoucherInput);
      request.auditTarget = result.carnet.id;
      request.auditDetails = {
        kind: result.voucher.kind,
        items: result.voucher.items.map((i) => i.item),
        country: result.voucher.country,
        office: result.voucher.office,
        date: result.voucher.date,
      };
      const names = partyNames(node.store, principal);
      return reply.status(201).send({
        voucher: { ...result.voucher, customsParty: await names.org(result.voucher.customs) },
        carnet: await named(names, result.carnet),
      });
    },
  );

  app.post(
    '/carnets/:id/claims',
    {
      config: { audit: { action: 'carnet.claim', customsMatter: true } },
      schema: {
        tags: ['carnets'],
        summary: 'Claim on an item still in your country past its re-export deadline (CA-07)',
        description:
          'Customs of the country where the item is overdue, within one year after the carnet expired, for at most the duties and taxes due plus 10 %. The node dates the claim.',
        params: carnetId,
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['item', 'amount', 'dutiesAndTaxes', 'currency'],
          properties: {
            item: { type: 'integer', minimum: 1, maximum: 65535 },
            amount,
            dutiesAndTaxes: amount,
            currency: { type: 'string', pattern: '^[A-Z]{3}$' },
            office: { type: 'string', pattern: '^\\d{4}$', description: 'U.S. customs: the claiming CBP port.' },
          },
        },
        response: {
          201: { type: 'object', additionalProperties: true },
          ...errorResponses(400, 401, 403, 404, 409, 422, 429, 503),
        },
      },
    },
    async (request, reply) => {
      const principal = requireScope(request, 'instruments:act');
      const { id } = request.params as { id: string };
      const result = await service.claim(principal, id, request.body as ClaimInput);
      request.auditTarget = result.carnet.id;
      request.auditDetails = { item: result.claim.item, amount: result.claim.amount, currency: result.claim.currency };
      const names = partyNames(node.store, principal);
      return reply.status(201).send({
        claim: { ...result.claim, customsParty: await names.org(result.claim.customs) },
        carnet: await named(names, result.carnet),
      });
    },
  );
}
