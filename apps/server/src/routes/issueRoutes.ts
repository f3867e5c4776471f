import { certificationDomainChecks, issueCredentials } from '@clearledger/core';
import type { NodeContext } from '@clearledger/node';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { requireScope } from '../auth/principal.ts';
import { errorResponses } from '../http/schemas.ts';

/**
 * `POST /credentials/issue` (W3C VC API shape, extended to many): `{ credential }` or
 * `{ credentials: [...] }` → the signed credentials of the caller's organisation, stored as pending
 * and anchored by the node's worker. Needs the `credentials:issue` scope (a person with the ADMIN or
 * STAFF role, an OAuth client granted it, or the node operator's token).
 */
export async function issueRoutes(app: FastifyInstance, { node }: { node: NodeContext }): Promise<void> {
  app.post(
    '/credentials/issue',
    {
      config: { audit: { action: 'credential.issue', customsMatter: true } },
      schema: {
        tags: ['credentials'],
        summary: 'Issue (sign, store, anchor) one or many records',
        description:
          'All or nothing: when any credential is invalid nothing is issued and every problem is listed with its index and field. `id`, `issuer` and `validFrom` are filled in when absent.',
        response: {
          201: {
            type: 'object',
            additionalProperties: true,
            properties: {
              id: { type: 'string' },
              hash: { type: 'string' },
              status: { type: 'string' },
              verifiableCredential: { type: 'object', additionalProperties: true },
              issued: { type: 'array', items: { type: 'object', additionalProperties: true } },
            },
          },
          ...errorResponses(400, 401, 403, 413, 422),
        },
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
    async (request, reply: FastifyReply) => {
      const principal = requireScope(request, 'credentials:issue');
      const body = request.body as { credential?: Record<string, unknown>; credentials?: Record<string, unknown>[] };
      const list = body.credentials ?? [body.credential!];
      const signer = await node.signerFor(principal.org.id);
      const result = await issueCredentials(
        {
          store: node.store,
          crypto: node.crypto,
          now: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
          signMany: node.signMany,
          domainChecks: certificationDomainChecks,
        },
        { orgId: principal.org.id, signer, credentials: list },
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
      request.auditTarget = result.issued.length === 1 ? result.issued[0]!.id : `${result.issued.length} credentials`;
      request.auditDetails = { count: result.issued.length, types: [...new Set(result.issued.map((i) => i.type))] };
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
