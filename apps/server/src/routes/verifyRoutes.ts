import {
  type AnchorReceipt,
  ClearledgerError,
  createInclusionCache,
  storeLedgerView,
  verifyCredential,
} from '@clearledger/core';
import type { NodeContext } from '@clearledger/node';
import type { FastifyInstance } from 'fastify';

const receiptSchema = {
  type: 'object',
  required: ['root', 'leafIndex', 'treeSize', 'proof'],
  properties: {
    root: { type: 'string', pattern: '^[0-9a-f]{64}$' },
    leafIndex: { type: 'integer', minimum: 0 },
    treeSize: { type: 'integer', minimum: 1 },
    proof: { type: 'array', maxItems: 64, items: { type: 'string', pattern: '^[0-9a-f]{64}$' } },
  },
} as const;

/**
 * `POST /credentials/verify` (W3C VC API shape): `{ verifiableCredential, anchor? }` → a
 * verification report. Bad credentials are a 200 report with INVALID checks, not an HTTP error;
 * only a request that is not even shaped like a verification request is a 400.
 */
export async function verifyRoutes(app: FastifyInstance, { node }: { node: NodeContext }): Promise<void> {
  const ledger = node.ledger?.view ?? storeLedgerView(node.store);
  const inclusionCache = createInclusionCache();
  app.post(
    '/credentials/verify',
    {
      schema: {
        body: {
          type: 'object',
          required: ['verifiableCredential'],
          additionalProperties: false,
          properties: {
            verifiableCredential: { type: 'object' },
            anchor: receiptSchema,
            options: { type: 'object', properties: { at: { type: 'string', format: 'date-time' } } },
          },
        },
      },
    },
    async (request) => {
      const body = request.body as { verifiableCredential: unknown; anchor?: AnchorReceipt; options?: { at?: string } };
      const now = body.options?.at ?? new Date().toISOString();
      if (Number.isNaN(Date.parse(now))) {
        throw new ClearledgerError('CL_INPUT_INVALID', 'options.at must be an ISO-8601 date-time.', {
          field: '/options/at',
        });
      }
      return verifyCredential(
        { crypto: node.crypto, now, ledger, inclusionCache },
        { credential: body.verifiableCredential, ...(body.anchor === undefined ? {} : { anchor: body.anchor }) },
      );
    },
  );
}
