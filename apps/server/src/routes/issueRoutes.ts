import { issueCredentials } from '@clearledger/core';
import type { NodeContext } from '@clearledger/node';
import type { FastifyInstance } from 'fastify';
import { operatorAuthorizer } from '../http/operatorAuth.ts';

/**
 * `POST /credentials/issue` (W3C VC API shape, extended to many): `{ credential }` or
 * `{ credentials: [...] }` → the signed credentials, stored as pending and anchored by the node's
 * worker. Until organisation accounts exist, only the node operator may issue: a bearer token
 * created on first start (`data/operator-token`, readable by the owner only).
 */
export async function issueRoutes(
  app: FastifyInstance,
  { node, operatorToken }: { node: NodeContext; operatorToken: string },
): Promise<void> {
  const authorize = operatorAuthorizer(operatorToken);
  app.post(
    '/credentials/issue',
    {
      schema: {
        body: {
          type: 'object',
          additionalProperties: false,
          properties: {
            credential: { type: 'object' },
            credentials: { type: 'array', minItems: 1, maxItems: 10_000, items: { type: 'object' } },
          },
          oneOf: [{ required: ['credential'] }, { required: ['credentials'] }],
        },
      },
    },
    async (request, reply) => {
      authorize(request);
      const body = request.body as { credential?: Record<string, unknown>; credentials?: Record<string, unknown>[] };
      const list = body.credentials ?? [body.credential!];
      const signer = await node.signerFor(node.operatorOrgId);
      const result = await issueCredentials(
        {
          store: node.store,
          crypto: node.crypto,
          now: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
          signMany: node.signMany,
        },
        { orgId: node.operatorOrgId, signer, credentials: list },
      );
      if (!result.success) {
        return reply.status(422).send({
          error: {
            code: 'CL_CREDENTIAL_INVALID',
            message: 'Nothing was issued; fix these problems and try again.',
            problems: result.problems,
          },
        });
      }
      const issued = result.issued.map((i) => ({
        id: i.id,
        hash: i.hash,
        status: 'pending',
        verifiableCredential: i.credential,
      }));
      return reply.status(201).send(body.credentials === undefined ? issued[0] : { issued });
    },
  );
}
