import {
  ClearledgerError,
  type CredentialRow,
  checkCorrection,
  type ErrorCode,
  isIdempotencyKey,
  issueCredentials,
  issueOnce,
  issueResponseBody,
  permitCredentialType,
  type Store,
} from '@clearledger/core';
import type { NodeContext } from '@clearledger/node';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { importingCountries } from '../auth/customsJurisdiction.ts';
import { requireScope } from '../auth/principal.ts';
import { credentialCount } from '../http/registerRateLimits.ts';
import { errorResponses } from '../http/schemas.ts';
import type { InstrumentService } from '../instruments/InstrumentService.ts';

/**
 * `POST /credentials/issue` (W3C VC API shape, extended to many): `{ credential }` or
 * `{ credentials: [...] }` → the signed credentials of the caller's organisation, stored as pending
 * and anchored by the node's worker. Needs the `credentials:issue` scope (a person with the ADMIN or
 * STAFF role, an OAuth client granted it, or the node operator's token).
 *
 * With an `Idempotency-Key` header, the request is done at most once per organisation and key: the
 * answer is recorded with the credentials (same transaction) and a retry of the same request gets it
 * again (same records, same status; header `Idempotent-Replayed: true`); the key with another request
 * is 422 `CL_HTTP_IDEMPOTENCY_KEY_REUSED`. Keys are kept at least 24 hours.
 */
export async function issueRoutes(
  app: FastifyInstance,
  { node, instruments }: { node: NodeContext; instruments: readonly InstrumentService[] },
): Promise<void> {
  app.post(
    '/credentials/issue',
    {
      config: {
        audit: { action: 'credential.issue', customsMatter: true },
        cost: (body) => credentialCount((body as { credentials?: unknown }).credentials ?? [1]),
      },
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
              superseded: { type: 'object', additionalProperties: true },
            },
          },
          ...errorResponses(400, 401, 403, 413, 422, 429),
        },
        headers: {
          type: 'object',
          properties: {
            'idempotency-key': {
              type: 'string',
              minLength: 1,
              maxLength: 255,
              description:
                'Issue at most once: a retry with the same key and body gets the first answer again (kept 24 h; per organisation).',
            },
          },
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
      const keyHeader = request.headers['idempotency-key'];
      if (keyHeader !== undefined && (typeof keyHeader !== 'string' || !isIdempotencyKey(keyHeader))) {
        throw new ClearledgerError(
          'CL_INPUT_INVALID',
          'Idempotency-Key must be one header of 1 to 255 visible ASCII characters.',
          {
            field: 'Idempotency-Key',
          },
        );
      }
      // Customs of the importing countries may read this entry (the issuer's own country when none is named).
      const importing = [...new Set(list.flatMap((draft) => importingCountries(draft)))];
      request.auditJurisdiction = importing.length === 0 ? null : importing;
      // Checks the corrections, then validates, signs and stores (all or nothing).
      const run = async (store: Store) => {
        // Corrections: a certification that supersedes another must correct one of the caller's own,
        // by the same certifier; once issued, the original is revoked on the chain as SUPERSEDED.
        const corrections: { index: number; original: CredentialRow }[] = [];
        const correctionProblems: { index: number; code: ErrorCode; field: string; message: string }[] = [];
        for (const [index, draft] of list.entries()) {
          const subject = draft.credentialSubject as Record<string, unknown> | undefined;
          const supersedes = typeof subject === 'object' && subject !== null ? subject.supersedes : undefined;
          if (typeof supersedes !== 'string') continue;
          const original = await store.getCredential(principal.org.id, supersedes).catch(() => null);
          if (original === null) {
            correctionProblems.push({
              index,
              code: 'CL_ORIGIN_CERTIFICATION_INVALID',
              field: '/credentialSubject/supersedes',
              message: `${supersedes} is not a certification your organisation issued.`,
            });
            continue;
          }
          const checked = checkCorrection({
            correction: { issuer: principal.org.id, ...draft },
            original: JSON.parse(original.document) as unknown,
          });
          if (checked.success) corrections.push({ index, original });
          else
            for (const p of checked.problems)
              correctionProblems.push({ index, code: p.code, field: p.field, message: p.message });
        }
        if (correctionProblems.length > 0)
          return { corrections, result: { success: false as const, problems: correctionProblems } };
        const signer = await node.signerFor(principal.org.id);
        const result = await issueCredentials(
          {
            store,
            crypto: node.crypto,
            now: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
            signMany: node.signMany,
            // The view /credentials/verify judges with: the node issues nothing it would call INVALID.
            ...(node.ledger === undefined ? {} : { ledger: node.ledger.view }),
          },
          { orgId: principal.org.id, signer, credentials: list },
        );
        return { corrections, result };
      };
      const opened = instruments.filter((service) =>
        list.some((draft) => Array.isArray(draft.type) && draft.type.includes(service.credentialType)),
      );
      // Checks against the chain before signing (a keyed retry is answered from its first issuance instead;
      // a conflict there shows on the instrument's case).
      if (keyHeader === undefined) for (const service of opened) await service.checkIssue?.(principal.org.id, list);
      let outcome: Awaited<ReturnType<typeof run>>;
      if (keyHeader === undefined) outcome = await run(node.store);
      else {
        const once = await issueOnce(
          { store: node.store, crypto: node.crypto, now: new Date().toISOString() },
          {
            orgId: principal.org.id,
            key: keyHeader,
            request: body,
            respond: (rows) => ({ statusCode: 201, body: issueResponseBody(rows, body.credentials === undefined) }),
          },
          run,
        );
        if (once.replayed) {
          request.auditDetails = { idempotencyKey: keyHeader, replayed: true };
          return reply.status(once.statusCode).header('idempotent-replayed', 'true').send(once.body);
        }
        outcome = once.result;
      }
      const { corrections, result } = outcome;
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
      request.auditDetails = {
        count: result.issued.length,
        types: [...new Set(result.issued.map((i) => i.type))],
        ...(keyHeader === undefined ? {} : { idempotencyKey: keyHeader }),
      };
      const superseded = new Map<number, { id: string; status: 'REVOKED' | 'NOT_REVOKED'; message?: string }>();
      for (const { index, original } of corrections) {
        try {
          if (node.ledger === undefined) throw new Error('this node has no chain');
          await (await node.ledger.clientFor(principal.org.id)).setStatus(original.hash, 'REVOKED', 'SUPERSEDED');
          superseded.set(index, { id: original.id, status: 'REVOKED' });
        } catch (error) {
          // The correction stands; the original's revocation can be done again (POST /credentials/status).
          superseded.set(index, {
            id: original.id,
            status: 'NOT_REVOKED',
            message: `The original could not be revoked on the chain yet (${error instanceof Error ? error.message : String(error)}); revoke it with POST /credentials/status.`,
          });
        }
      }
      for (const service of opened) {
        // Each instrument gets its case, then its registration on the chain. A failure (or a crash
        // before) is left to the next anchoring, which opens missing cases and registers the rest.
        await service.openIssued(node.store, principal.org.id, principal.id, result.issued).catch(() => undefined);
        await service.registerPending(principal.org.id).catch((error: unknown) => {
          request.log.warn({ err: error }, 'instrument registration on the chain failed; it will be retried');
        });
      }
      const issued = result.issued.map((i, index) => ({
        id: i.id,
        hash: i.hash,
        status: 'pending',
        verifiableCredential: i.credential,
        ...(superseded.has(index) ? { superseded: superseded.get(index) } : {}),
      }));
      return reply.status(201).send(body.credentials === undefined ? issued[0] : { issued });
    },
  );
}
