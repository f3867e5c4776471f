import {
  anchorReceiptOf,
  ClearledgerError,
  type CredentialRow,
  type CredentialStatus,
  isClearledgerError,
} from '@clearledger/core';
import type { NodeContext } from '@clearledger/node';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { concernsCustoms } from '../auth/customsJurisdiction.ts';
import { isCustoms, type Principal, requireScope } from '../auth/principal.ts';
import { errorResponses, receiptSchema } from '../http/schemas.ts';

const recordSummarySchema = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    hash: { type: 'string' },
    type: { type: 'string' },
    status: { type: 'string', enum: ['pending', 'sealed', 'anchored'] },
    issuedAt: { type: 'string' },
  },
} as const;

export const recordSchema = {
  type: 'object',
  properties: {
    ...recordSummarySchema.properties,
    verifiableCredential: { type: 'object', additionalProperties: true },
    anchor: { anyOf: [receiptSchema, { type: 'null' }] },
  },
} as const;

const idParams = {
  type: 'object',
  required: ['id'],
  properties: { id: { type: 'string', minLength: 1, maxLength: 512 } },
} as const;

/** A stored credential as the API shows it: the record, its ledger status and anchor receipt. */
export async function recordOf(node: NodeContext, row: CredentialRow) {
  const receipt = await node.store.findReceipt(row.hash);
  const anchor = receipt === null ? 'pending' : anchorReceiptOf(receipt);
  return {
    id: row.id,
    hash: row.hash,
    type: row.type,
    status: row.status,
    issuedAt: row.issuedAt,
    verifiableCredential: JSON.parse(row.document) as Record<string, unknown>,
    anchor: anchor === 'pending' ? null : anchor,
  };
}

/**
 * A record the caller may read by hash: its own organisation's, or — for a customs service — a
 * record that concerns its jurisdiction (imported into its country, or presented to it in a claim or
 * another case it takes part in; the access is audited). Anything else reads as not found.
 */
export async function readableByHash(node: NodeContext, principal: Principal, request: FastifyRequest, hash: string) {
  try {
    return await node.store.getCredentialByHash(principal.org.id, hash);
  } catch (error) {
    if (!(isClearledgerError(error) && error.code === 'CL_STORE_NOT_FOUND') || !isCustoms(principal)) throw error;
  }
  const notFound = () => new ClearledgerError('CL_STORE_NOT_FOUND', `No record with hash ${hash}.`);
  const receipt = await node.store.findReceipt(hash);
  if (receipt === null) throw notFound();
  const row = await node.store.getCredentialByHash(receipt.orgId, hash);
  const basis = await concernsCustoms(node.store, principal, row);
  request.auditDetails = { customsAccess: basis !== null, owner: receipt.orgId, ...(basis === null ? {} : { basis }) };
  if (basis === null) throw notFound();
  return row;
}

/**
 * Reading an organisation's records: `GET /credentials` (search, filters, keyset pages),
 * `GET /credentials/{id}`, `GET /credentials/by-hash/{hash}`, and the status update
 * `POST /credentials/status` (revoke, suspend, reinstate on the chain). Another organisation's
 * record is a 404, exactly like a record that does not exist.
 */
export async function credentialRoutes(app: FastifyInstance, { node }: { node: NodeContext }): Promise<void> {
  app.get(
    '/credentials',
    {
      schema: {
        tags: ['credentials'],
        summary: "List and search the caller's organisation's records",
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            q: {
              type: 'string',
              maxLength: 200,
              description: 'Matches id, type, hash prefix or any text of the record.',
            },
            type: { type: 'string', maxLength: 200 },
            status: { type: 'string', enum: ['pending', 'sealed', 'anchored'] },
            limit: { type: 'integer', minimum: 1, maximum: 100, default: 25 },
            after: { type: 'string', maxLength: 512, description: 'Id of the last record of the previous page.' },
          },
        },
        response: {
          200: {
            type: 'object',
            properties: {
              items: { type: 'array', items: recordSummarySchema },
              next: { anyOf: [{ type: 'string' }, { type: 'null' }] },
              total: { type: 'integer' },
            },
          },
          ...errorResponses(400, 401, 403),
        },
      },
    },
    async (request) => {
      const principal = requireScope(request, 'credentials:read');
      const query = request.query as {
        q?: string;
        type?: string;
        status?: CredentialStatus;
        limit: number;
        after?: string;
      };
      const filter = {
        ...(query.q === undefined || query.q.trim() === '' ? {} : { q: query.q.trim() }),
        ...(query.type === undefined ? {} : { type: query.type }),
        ...(query.status === undefined ? {} : { status: query.status }),
      };
      const rows = await node.store.listCredentials(principal.org.id, {
        ...filter,
        limit: query.limit + 1,
        ...(query.after === undefined ? {} : { afterId: query.after }),
      });
      const page = rows.slice(0, query.limit);
      return {
        items: page.map((r) => ({ id: r.id, hash: r.hash, type: r.type, status: r.status, issuedAt: r.issuedAt })),
        next: rows.length > query.limit ? page[page.length - 1]!.id : null,
        total: await node.store.countCredentials(principal.org.id, filter),
      };
    },
  );

  app.get(
    '/credentials/by-hash/:hash',
    {
      config: { audit: { action: 'credential.read-by-hash', customsMatter: true } },
      schema: {
        tags: ['credentials'],
        summary: 'A record by its ledger hash (what a reference QR code carries)',
        description:
          "The caller's own records; a customs service also reads records that concern its jurisdiction: imported into its country (the importer's address), or presented to it in a claim or another case it takes part in (audited). Any other record is a 404.",
        params: {
          type: 'object',
          required: ['hash'],
          properties: { hash: { type: 'string', pattern: '^[0-9a-f]{64}$' } },
        },
        response: { 200: recordSchema, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const principal = requireScope(request, 'credentials:read');
      const { hash } = request.params as { hash: string };
      request.auditTarget = hash;
      return recordOf(node, await readableByHash(node, principal, request, hash));
    },
  );

  app.get(
    '/credentials/:id',
    {
      schema: {
        tags: ['credentials'],
        summary: 'One record with its ledger status and anchor receipt',
        params: idParams,
        response: { 200: recordSchema, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const principal = requireScope(request, 'credentials:read');
      const { id } = request.params as { id: string };
      return recordOf(node, await node.store.getCredential(principal.org.id, id));
    },
  );

  app.post(
    '/credentials/status',
    {
      config: { audit: { action: 'credential.status', customsMatter: true } },
      schema: {
        tags: ['credentials'],
        summary: 'Revoke, suspend or reinstate a record (on the chain)',
        description:
          "Sets the status on the AnchorRegistry with the organisation's chain account. REVOKED is final; verifiers see the change in the next block.",
        body: {
          type: 'object',
          required: ['credentialId', 'status'],
          additionalProperties: false,
          properties: {
            credentialId: { type: 'string', minLength: 1, maxLength: 512 },
            status: { type: 'string', enum: ['REVOKED', 'SUSPENDED', 'ACTIVE'] },
            reason: { type: 'string', maxLength: 32, description: 'At most 32 bytes (stored on the chain).' },
          },
        },
        response: {
          200: {
            type: 'object',
            properties: {
              credentialId: { type: 'string' },
              hash: { type: 'string' },
              status: { type: 'string' },
              txHash: { type: 'string' },
              blockNumber: { type: 'integer' },
            },
          },
          ...errorResponses(400, 401, 403, 404, 409, 503),
        },
      },
    },
    async (request) => {
      const principal = requireScope(request, 'credentials:status');
      const body = request.body as {
        credentialId: string;
        status: 'REVOKED' | 'SUSPENDED' | 'ACTIVE';
        reason?: string;
      };
      request.auditTarget = body.credentialId;
      const reason = body.reason ?? '';
      if (new TextEncoder().encode(reason).length > 32) {
        throw new ClearledgerError('CL_INPUT_INVALID', 'reason is at most 32 bytes.', { field: '/reason' });
      }
      const row = await node.store.getCredential(principal.org.id, body.credentialId);
      if (node.ledger === undefined) {
        throw new ClearledgerError('CL_LEDGER_UNAVAILABLE', 'This node has no chain to record the status on.');
      }
      const client = await node.ledger.clientFor(principal.org.id);
      const tx = await client.setStatus(row.hash, body.status, reason);
      request.auditDetails = { status: body.status, reason, txHash: tx.txHash };
      return { credentialId: row.id, hash: row.hash, status: body.status, ...tx };
    },
  );
}
