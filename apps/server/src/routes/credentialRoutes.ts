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
import { recordSummary } from './recordSummary.ts';

const recordSummarySchema = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    hash: { type: 'string' },
    type: { type: 'string' },
    status: { type: 'string', enum: ['pending', 'sealed', 'anchored'] },
    standing: {
      description: "The issuer's status on the chain: REVOKED or SUSPENDED (with the reason), null while in force.",
      anyOf: [
        {
          type: 'object',
          properties: { status: { type: 'string', enum: ['REVOKED', 'SUSPENDED'] }, reason: { type: 'string' } },
        },
        { type: 'null' },
      ],
    },
    summary: {
      type: 'object',
      description: "What lists show: the record's number, the importer by name, the period it covers.",
      properties: {
        number: { type: ['string', 'null'] },
        importer: { type: ['string', 'null'] },
        period: {
          anyOf: [
            { type: 'object', properties: { from: { type: ['string', 'null'] }, to: { type: ['string', 'null'] } } },
            { type: 'null' },
          ],
        },
      },
    },
    issuedAt: { type: 'string' },
  },
} as const;

/** Filters of the list: the ledger's steps, and the issuer's revocation or suspension on the chain. */
const listStatuses = ['pending', 'sealed', 'anchored', 'revoked', 'suspended'] as const;
type ListStatus = (typeof listStatuses)[number];
/** Most records read to find the revoked or suspended ones of an organisation. */
const STANDING_SCAN_LIMIT = 20_000;

/**
 * The issuer's revocation or suspension of a record as the chain says (the node's status index, read
 * up to the chain head first); null while the record is in force or the node has no chain.
 */
export async function standingReader(node: NodeContext) {
  const statuses = node.ledger?.statuses;
  if (statuses !== undefined) await statuses.sync().catch(() => undefined);
  return (row: Pick<CredentialRow, 'hash' | 'orgId'>) => {
    const facts = statuses?.get(row.hash, row.orgId);
    if (facts === undefined || (facts.status !== 'REVOKED' && facts.status !== 'SUSPENDED')) return null;
    return { status: facts.status, ...(facts.reason === undefined ? {} : { reason: facts.reason }) };
  };
}

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
  const verifiableCredential = JSON.parse(row.document) as Record<string, unknown>;
  return {
    id: row.id,
    hash: row.hash,
    type: row.type,
    status: row.status,
    standing: (await standingReader(node))(row),
    summary: recordSummary(verifiableCredential),
    issuedAt: row.issuedAt,
    verifiableCredential,
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
            status: {
              type: 'string',
              enum: [...listStatuses],
              description: 'A ledger step (pending, sealed, anchored), or revoked / suspended by the issuer.',
            },
            order: {
              type: 'string',
              enum: ['id', 'newest'],
              default: 'id',
              description: 'By id, or newest first (the order the node stored them, reversed).',
            },
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
        status?: ListStatus;
        order: 'id' | 'newest';
        limit: number;
        after?: string;
      };
      const byStanding = query.status === 'revoked' || query.status === 'suspended';
      const filter = {
        ...(query.q === undefined || query.q.trim() === '' ? {} : { q: query.q.trim() }),
        ...(query.type === undefined ? {} : { type: query.type }),
        ...(query.status === undefined || byStanding ? {} : { status: query.status as CredentialStatus }),
      };
      const order = query.order === 'newest' ? { newestFirst: true } : {};
      const standing = await standingReader(node);
      const item = (r: CredentialRow) => ({
        id: r.id,
        hash: r.hash,
        type: r.type,
        status: r.status,
        standing: standing(r),
        summary: recordSummary(JSON.parse(r.document)),
        issuedAt: r.issuedAt,
      });
      if (byStanding) {
        // The chain's status index knows hashes, not records: read the organisation's records in order.
        const wanted = query.status === 'revoked' ? 'REVOKED' : 'SUSPENDED';
        const matches: CredentialRow[] = [];
        let afterId: string | undefined;
        for (let read = 0; read < STANDING_SCAN_LIMIT; read += 1000) {
          const rows = await node.store.listCredentials(principal.org.id, {
            ...filter,
            ...order,
            limit: 1000,
            ...(afterId === undefined ? {} : { afterId }),
          });
          matches.push(...rows.filter((r) => standing(r)?.status === wanted));
          if (rows.length < 1000) break;
          afterId = rows[rows.length - 1]!.id;
        }
        const start = query.after === undefined ? 0 : matches.findIndex((r) => r.id === query.after) + 1;
        const page = matches.slice(start, start + query.limit);
        return {
          items: page.map(item),
          next: start + query.limit < matches.length ? page[page.length - 1]!.id : null,
          total: matches.length,
        };
      }
      const rows = await node.store.listCredentials(principal.org.id, {
        ...filter,
        ...order,
        limit: query.limit + 1,
        ...(query.after === undefined ? {} : { afterId: query.after }),
      });
      const page = rows.slice(0, query.limit);
      return {
        items: page.map(item),
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
