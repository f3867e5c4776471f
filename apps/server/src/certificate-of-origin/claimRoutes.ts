import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import { type CaseRecord, ClearledgerError } from '@clearledger/core';
import type { NodeContext } from '@clearledger/node';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { type Principal, requireScope } from '../auth/principal.ts';
import { jurisdictionOf } from '../http/auditLog.ts';
import { errorResponses, receiptSchema } from '../http/schemas.ts';
import { type PartyNames, partyNames } from '../routes/partyNames.ts';
import { documentsDir } from './claimFilingRoutes.ts';
import { claimParties, decisionBy, namedEvents, requestParties } from './claimParties.ts';
import {
  CLAIM,
  type ClaimData,
  type ClaimInput,
  type ClaimService,
  DEFAULT_ANSWER_BUSINESS_DAYS,
  REQUEST,
  type RequestData,
} from './claimService.ts';
import {
  brokerAuthorizationsOf,
  FILER_CODE,
  IMPORTER_NUMBER,
  recordTradeIdentifiers,
  setBrokerAuthorization,
  tradeIdentifiersOf,
} from './tradeIdentifiers.ts';

const claimLineSchema = {
  entryNumber: {
    type: 'string',
    maxLength: 20,
    description: 'Filer code (3), entry number (7), check digit, e.g. AB1-2345678-7.',
  },
  entryLine: { type: 'integer', minimum: 1, maximum: 9999 },
  htsus: { type: 'string', pattern: '^\\d{8}(\\d{2})?$', description: 'HTSUS number of the line, 10 digits.' },
  importDate: { type: 'string', format: 'date' },
  valueUsd: { type: 'string', maxLength: 32, description: 'Value of the originating goods, exact decimal.' },
  commercial: { type: 'boolean', default: true },
  port: {
    type: 'string',
    pattern: '^\\d{4}$',
    description:
      'CBP port of entry (Schedule D code, e.g. 2304 Laredo): the claim is dated and its deadlines run at its local date. Default: Eastern time.',
  },
} as const;

const presentedSchema = {
  type: 'object',
  required: ['verifiableCredential'],
  additionalProperties: false,
  properties: { verifiableCredential: { type: 'object' }, anchor: receiptSchema },
} as const;

/** Most open cases counted for the badges. */
const INBOX_LIMIT = 1000;

const idParams = { type: 'object', required: ['id'], properties: { id: { type: 'string', maxLength: 100 } } } as const;

/** The claim date is the node's: a body that tries to set it is refused with a reason, before any other check. */
async function refuseClaimDate(request: FastifyRequest) {
  const body = request.body as Record<string, unknown> | null;
  if (body !== null && typeof body === 'object' && Object.hasOwn(body, 'claimDate'))
    throw new ClearledgerError(
      'CL_INPUT_INVALID',
      'claimDate is not accepted: the node dates a claim with the date at the port when it receives it (CO-08).',
      { field: '/claimDate' },
    );
}

/** The claim as its parties see it (the certification document only in full views). */
export function publicClaim(claim: CaseRecord, full: boolean) {
  const data = claim.data as ClaimData;
  return {
    id: claim.id,
    state: claim.state,
    claimant: claim.ownerOrgId,
    importer: data.importer ?? claim.ownerOrgId,
    filer: data.filer ?? claim.ownerOrgId,
    port: data.port ?? null,
    participants: claim.participants,
    line: data.line,
    certification:
      data.certification === null
        ? null
        : {
            id: data.certification.id,
            hash: data.certification.hash,
            issuer: data.certification.issuer,
            issuerVerified: data.certification.issuerVerified ?? false,
            ...(full ? { verifiableCredential: data.certification.document, anchor: data.certification.anchor } : {}),
          },
    assessment: data.assessment,
    decision: data.decision,
    supersedes: data.supersedes,
    createdAt: claim.createdAt,
    updatedAt: claim.updatedAt,
    version: claim.version,
  };
}

/**
 * Claims of preference at entry and customs' information requests (domain.md §2.5), as thin routes over
 * the {@link ClaimService}:
 * - `POST /origin/claims` — the importer of record (or the broker it authorised, filing under its own
 *   filer code) claims preference for one entry line, relying on a certification it presents (or on
 *   the CO-12 exemption, judged on the whole entry). The node dates the claim at the port. A clean
 *   claim is accepted and a failing one denied at once; one that cannot be decided (not anchored yet,
 *   a non-commercial declaration, a possible series) waits for an officer.
 * - `POST /origin/claims/{id}/decision`, `/requests`, `/origin/requests/{id}/answer`, `/review` — the
 *   officer decides, asks for information due in business days at the port; a missed deadline denies.
 * - `PUT /origin/trade-identifiers/{org}` — customs records an organisation's importer numbers and
 *   filer codes; `PUT|DELETE /origin/broker-authorizations/{broker}` — an importer authorises a broker.
 * Only the parties of a claim see it; anyone else gets a 404.
 */
export async function claimRoutes(
  app: FastifyInstance,
  { node, service }: { node: NodeContext; service: ClaimService },
): Promise<void> {
  const store = node.store;

  const publicRequest = (r: CaseRecord) => {
    const data = r.data as RequestData;
    return {
      id: r.id,
      claimId: data.claimId,
      state: r.state,
      from: r.ownerOrgId,
      to: data.to,
      question: data.question,
      documentsRequested: data.documentsRequested,
      due: data.due,
      overdue: service.isOverdue(r),
      answers: data.answers.map(({ documents, ...a }) => ({
        ...a,
        documents: documents.map(({ contentBase64: _c, ...d }) => d),
      })),
      findings: data.findings,
      record: data.record,
      version: r.version,
      createdAt: r.createdAt,
      updatedAt: r.updatedAt,
    };
  };
  /** A claim with its parties by name (and, in full, whom customs may ask). */
  const namedClaim = async (names: PartyNames, claim: CaseRecord, full: boolean) => {
    const { parties, askable } = await claimParties(names, claim);
    return {
      ...publicClaim(claim, full),
      parties,
      ...(full ? { askable } : {}),
      decidedBy: await decisionBy(names, claim),
    };
  };
  const namedRequest = async (names: PartyNames, r: CaseRecord) => ({
    ...publicRequest(r),
    ...(await requestParties(names, r)),
  });
  const namesFor = (principal: Principal) => partyNames(store, principal);

  app.post(
    '/origin/claims',
    {
      config: { audit: { action: 'claim.make', customsMatter: true } },
      preValidation: refuseClaimDate,
      schema: {
        tags: ['origin'],
        summary:
          'Claim preference for an entry line on a certification of origin (the importer of record or its broker)',
        body: {
          type: 'object',
          required: ['entryNumber', 'entryLine', 'htsus', 'importDate', 'valueUsd'],
          additionalProperties: false,
          properties: {
            ...claimLineSchema,
            certification: presentedSchema,
            customs: { type: 'string', maxLength: 200 },
            importer: {
              type: 'string',
              maxLength: 200,
              description: "The importer of record (DID); default: the caller's organisation.",
            },
          },
        },
        response: { 201: { type: 'object', additionalProperties: true }, ...errorResponses(400, 401, 403, 409) },
      },
    },
    async (request, reply: FastifyReply) => {
      const principal = requireScope(request, 'claims:file');
      const claim = await service.fileClaim(principal, request.body as ClaimInput, null);
      request.auditTarget = claim.id;
      request.auditJurisdiction = await jurisdictionOf(store, [(claim.data as ClaimData).customs]);
      return reply.status(201).send(await namedClaim(namesFor(principal), claim, true));
    },
  );

  app.post(
    '/origin/claims/verify',
    {
      preValidation: refuseClaimDate,
      schema: {
        tags: ['origin'],
        summary: 'Check a claim line against a certification without filing it (brokers before filing, officers)',
        description:
          "Runs every check of a claim — the certification verifies (signature, issuer, anchor, status, agreement rules), covers the import date, is within 4 years of today's date at the port, lists the HTSUS line's subheading with an allowed criterion, or the $2,500 exemption on this line alone — and answers the outcome with each reason. Nothing is stored.",
        body: {
          type: 'object',
          required: ['entryNumber', 'entryLine', 'htsus', 'importDate', 'valueUsd'],
          additionalProperties: false,
          properties: { ...claimLineSchema, certification: presentedSchema },
        },
        response: { 200: { type: 'object', additionalProperties: true }, ...errorResponses(400, 401, 403) },
      },
    },
    async (request) => {
      if (request.principal === null) throw new ClearledgerError('CL_AUTH_REQUIRED', 'Sign in or send a bearer token.');
      return service.checkClaim(request.body as ClaimInput);
    },
  );

  app.get(
    '/origin/claims',
    {
      schema: {
        tags: ['origin'],
        summary:
          'Claims the organisation is a party to (claimant, importer of record, customs, certifier), newest first',
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            state: { type: 'string', enum: ['MADE', 'ACCEPTED', 'DENIED', 'CORRECTED'] },
            certification: {
              type: 'string',
              pattern: '^[0-9a-f]{64}$',
              description: 'Only claims on this certification hash.',
            },
            limit: { type: 'integer', minimum: 1, maximum: 100, default: 25 },
            before: { type: 'string', maxLength: 100 },
          },
        },
        response: { 200: { type: 'object', additionalProperties: true }, ...errorResponses(400, 401, 403) },
      },
    },
    async (request) => {
      const principal = requireScope(request, 'credentials:read');
      const q = request.query as { state?: string; certification?: string; limit: number; before?: string };
      const cases = await store.listCases(principal.org.id, {
        kind: CLAIM,
        limit: q.certification === undefined ? q.limit : 1000,
        ...(q.state === undefined ? {} : { state: q.state }),
        ...(q.before === undefined ? {} : { beforeId: q.before }),
      });
      const names = namesFor(principal);
      const items = await Promise.all(
        cases
          .filter((c) => q.certification === undefined || (c.data as ClaimData).certification?.hash === q.certification)
          .slice(0, q.limit)
          .map((c) => namedClaim(names, c, false)),
      );
      return { items, next: items.length === q.limit ? items[items.length - 1]!.id : null };
    },
  );

  app.get(
    '/origin/inbox',
    {
      schema: {
        tags: ['origin'],
        summary: 'How many information requests and claims wait on the organisation (for badges)',
        description:
          'requests: requests addressed to the organisation still open for an answer, and answers waiting for the review of the customs service that asked. claims: for a customs service, the claims filed with it waiting for a decision; for others, the claims with a request waiting on them.',
        response: {
          200: {
            type: 'object',
            properties: { requests: { type: 'integer' }, claims: { type: 'integer' } },
          },
          ...errorResponses(401, 403),
        },
      },
    },
    async (request) => {
      const principal = requireScope(request, 'credentials:read');
      const me = principal.org.id;
      const requests = (await store.listCases(me, { kind: REQUEST, limit: INBOX_LIMIT })).filter((r) => {
        const open = r.state === 'REQUESTED' || r.state === 'CORRECTION_REQUIRED';
        if ((r.data as RequestData).to === me) return open && !service.isOverdue(r);
        return r.ownerOrgId === me && r.state === 'UNDER_REVIEW';
      });
      const claims = principal.org.roles.includes('CUSTOMS')
        ? (await store.listCases(me, { kind: CLAIM, state: 'MADE', limit: INBOX_LIMIT })).filter(
            (c) => (c.data as ClaimData).customs === me,
          ).length
        : new Set(requests.map((r) => (r.data as RequestData).claimId)).size;
      return { requests: requests.length, claims };
    },
  );

  app.get(
    '/origin/claims/:id',
    {
      schema: {
        tags: ['origin'],
        summary: 'A claim with its assessment, history and information requests',
        params: idParams,
        response: { 200: { type: 'object', additionalProperties: true }, ...errorResponses(401, 403, 404) },
      },
    },
    async (request) => {
      const principal = requireScope(request, 'credentials:read');
      const { id } = request.params as { id: string };
      const claim = await store.getCase(principal.org.id, id);
      if (claim.kind !== CLAIM) throw new ClearledgerError('CL_STORE_NOT_FOUND', `No claim ${id}.`);
      const requests = await store.listCases(principal.org.id, { kind: REQUEST, parentId: id });
      const names = namesFor(principal);
      return {
        ...(await namedClaim(names, claim, true)),
        events: await namedEvents(names, await store.listCaseEvents(principal.org.id, id)),
        requests: await Promise.all(requests.map((r) => namedRequest(names, r))),
      };
    },
  );

  app.post(
    '/origin/claims/:id/decision',
    {
      config: { audit: { action: 'claim.decide', customsMatter: true } },
      schema: {
        tags: ['origin'],
        summary: 'Accept or deny a claim (customs)',
        params: idParams,
        body: {
          type: 'object',
          required: ['outcome', 'reason'],
          additionalProperties: false,
          properties: {
            outcome: { type: 'string', enum: ['ACCEPTED', 'DENIED'] },
            reason: { type: 'string', minLength: 3, maxLength: 2000 },
            expectedVersion: { type: 'integer', minimum: 1 },
          },
        },
        response: { 200: { type: 'object', additionalProperties: true }, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      const principal = requireScope(request, 'claims:decide');
      const { id } = request.params as { id: string };
      request.auditTarget = id;
      return namedClaim(namesFor(principal), await service.decideClaim(principal, id, request.body as never), true);
    },
  );

  app.post(
    '/origin/claims/:id/correction',
    {
      config: { audit: { action: 'claim.correct', customsMatter: true } },
      preValidation: refuseClaimDate,
      schema: {
        tags: ['origin'],
        summary: 'Correct a claim (the claimant): the old claim becomes CORRECTED and a new one is assessed',
        params: idParams,
        body: {
          type: 'object',
          required: ['entryNumber', 'entryLine', 'htsus', 'importDate', 'valueUsd'],
          additionalProperties: false,
          properties: { ...claimLineSchema, certification: presentedSchema },
        },
        response: { 201: { type: 'object', additionalProperties: true }, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply: FastifyReply) => {
      const principal = requireScope(request, 'claims:file');
      const { id } = request.params as { id: string };
      const fresh = await service.correctClaim(principal, id, request.body as ClaimInput);
      request.auditTarget = fresh.id;
      request.auditJurisdiction = await jurisdictionOf(store, [(fresh.data as ClaimData).customs]);
      return reply.status(201).send(await namedClaim(namesFor(principal), fresh, true));
    },
  );

  app.post(
    '/origin/claims/:id/requests',
    {
      config: { audit: { action: 'request.send', customsMatter: true } },
      schema: {
        tags: ['origin'],
        summary: 'Ask the certifier (or another party) for information on a claim (customs)',
        params: idParams,
        body: {
          type: 'object',
          required: ['question'],
          additionalProperties: false,
          properties: {
            to: {
              type: 'string',
              maxLength: 200,
              description:
                "The party asked (DID): the certification's verified issuer (default), the importer of record, its filer or the claimant; anyone else is refused.",
            },
            question: { type: 'string', minLength: 3, maxLength: 5000 },
            documentsRequested: { type: 'array', maxItems: 20, items: { type: 'string', maxLength: 200 } },
            dueInBusinessDays: { type: 'integer', minimum: 1, maximum: 120, default: DEFAULT_ANSWER_BUSINESS_DAYS },
          },
        },
        response: { 201: { type: 'object', additionalProperties: true }, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply: FastifyReply) => {
      const principal = requireScope(request, 'claims:decide');
      const { id } = request.params as { id: string };
      const created = await service.sendRequest(principal, id, request.body as never);
      request.auditTarget = created.id;
      return reply.status(201).send(await namedRequest(namesFor(principal), created));
    },
  );

  app.get(
    '/origin/requests',
    {
      schema: {
        tags: ['origin'],
        summary: 'Information requests the organisation sent or received, newest first',
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            state: { type: 'string', maxLength: 40 },
            limit: { type: 'integer', minimum: 1, maximum: 100, default: 25 },
            before: { type: 'string', maxLength: 100 },
          },
        },
        response: { 200: { type: 'object', additionalProperties: true }, ...errorResponses(400, 401, 403) },
      },
    },
    async (request) => {
      const principal = requireScope(request, 'credentials:read');
      const q = request.query as { state?: string; limit: number; before?: string };
      const cases = await store.listCases(principal.org.id, {
        kind: REQUEST,
        limit: q.limit,
        ...(q.state === undefined ? {} : { state: q.state }),
        ...(q.before === undefined ? {} : { beforeId: q.before }),
      });
      const names = namesFor(principal);
      return {
        items: await Promise.all(cases.map((c) => namedRequest(names, c))),
        next: cases.length === q.limit ? cases[cases.length - 1]!.id : null,
      };
    },
  );

  app.get(
    '/origin/requests/:id',
    {
      schema: {
        tags: ['origin'],
        summary: 'An information request with its answers, findings and history',
        params: idParams,
        response: { 200: { type: 'object', additionalProperties: true }, ...errorResponses(401, 403, 404) },
      },
    },
    async (request) => {
      const principal = requireScope(request, 'credentials:read');
      const { id } = request.params as { id: string };
      const found = await store.getCase(principal.org.id, id);
      if (found.kind !== REQUEST) throw new ClearledgerError('CL_STORE_NOT_FOUND', `No information request ${id}.`);
      const names = namesFor(principal);
      return {
        ...(await namedRequest(names, found)),
        events: await namedEvents(names, await store.listCaseEvents(principal.org.id, id)),
      };
    },
  );

  app.post(
    '/origin/requests/:id/answer',
    {
      config: { audit: { action: 'request.answer', customsMatter: true } },
      schema: {
        tags: ['origin'],
        summary: 'Answer an information request with text and documents (the party asked)',
        params: idParams,
        body: {
          type: 'object',
          required: ['text'],
          additionalProperties: false,
          properties: {
            text: { type: 'string', minLength: 1, maxLength: 20000 },
            documents: {
              type: 'array',
              maxItems: 10,
              items: {
                anyOf: [
                  {
                    type: 'object',
                    required: ['name', 'contentBase64'],
                    additionalProperties: false,
                    properties: {
                      name: { type: 'string', minLength: 1, maxLength: 200 },
                      mediaType: { type: 'string', maxLength: 100, description: 'Default application/octet-stream.' },
                      contentBase64: { type: 'string', maxLength: 700_000 },
                    },
                  },
                  {
                    type: 'object',
                    required: ['sha256'],
                    additionalProperties: false,
                    description:
                      'A document uploaded for this request (POST /origin/requests/{id}/documents), by its hash.',
                    properties: {
                      sha256: { type: 'string', pattern: '^[0-9a-f]{64}$' },
                      name: { type: 'string', minLength: 1, maxLength: 200 },
                    },
                  },
                ],
              },
            },
          },
        },
        response: {
          200: { type: 'object', additionalProperties: true },
          ...errorResponses(400, 401, 403, 404, 409, 413),
        },
      },
    },
    async (request) => {
      const principal = requireScope(request, 'requests:answer');
      const { id } = request.params as { id: string };
      request.auditTarget = id;
      const answered = await service.answerRequest(principal, id, request.body as never);
      // The customs service that asked reads the answer in its audit log, wherever the answer comes from.
      request.auditJurisdiction = await jurisdictionOf(store, [answered.ownerOrgId]);
      return namedRequest(namesFor(principal), answered);
    },
  );

  app.get(
    '/origin/requests/:id/documents/:sha256',
    {
      schema: {
        tags: ['origin'],
        summary: 'A document of an answer (participants only); its SHA-256 is in the anchored answer',
        params: {
          type: 'object',
          required: ['id', 'sha256'],
          properties: { id: { type: 'string', maxLength: 100 }, sha256: { type: 'string', pattern: '^[0-9a-f]{64}$' } },
        },
        response: errorResponses(401, 403, 404),
      },
    },
    async (request, reply) => {
      const principal = requireScope(request, 'credentials:read');
      const { id, sha256 } = request.params as { id: string; sha256: string };
      const found = await store.getCase(principal.org.id, id);
      const doc = (found.data as RequestData).answers.flatMap((a) => a.documents).find((d) => d.sha256 === sha256);
      if (found.kind !== REQUEST || doc === undefined)
        throw new ClearledgerError('CL_STORE_NOT_FOUND', `No document ${sha256}.`);
      return reply
        .type(doc.mediaType)
        .header('content-disposition', `attachment; filename="${doc.name.replace(/[^\w.-]+/g, '_')}"`)
        .send(
          doc.contentBase64 === undefined
            ? createReadStream(join(documentsDir(node), doc.sha256))
            : Buffer.from(doc.contentBase64, 'base64'),
        );
    },
  );

  app.post(
    '/origin/requests/:id/review',
    {
      config: { audit: { action: 'request.review', customsMatter: true } },
      schema: {
        tags: ['origin'],
        summary: 'Review an answer (customs): accept, find defective, start or conclude an origin verification',
        params: idParams,
        body: {
          type: 'object',
          required: ['action', 'note'],
          additionalProperties: false,
          properties: {
            action: { type: 'string', enum: ['ACCEPT', 'FIND_DEFECTIVE', 'START_VERIFICATION', 'AFFIRM', 'DENY'] },
            note: { type: 'string', minLength: 3, maxLength: 5000 },
          },
        },
        response: { 200: { type: 'object', additionalProperties: true }, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      const principal = requireScope(request, 'claims:decide');
      const { id } = request.params as { id: string };
      request.auditTarget = id;
      return namedRequest(namesFor(principal), await service.reviewRequest(principal, id, request.body as never));
    },
  );

  const orgParams = { type: 'object', required: ['org'], properties: { org: { type: 'string', maxLength: 200 } } };
  const requireRecorder = (request: FastifyRequest): Principal => {
    const principal = requireScope(request, 'accounts:manage');
    if (!principal.org.roles.includes('CUSTOMS') && !principal.org.roles.includes('NETWORK_AUTHORITY'))
      throw new ClearledgerError(
        'CL_AUTH_FORBIDDEN',
        "Only customs or the network authority records an organisation's importer numbers and filer codes.",
      );
    return principal;
  };

  app.get(
    '/origin/trade-identifiers/:org',
    {
      schema: {
        tags: ['origin'],
        summary:
          "An organisation's verified importer numbers and filer codes, and the brokers it authorised (itself or customs)",
        params: orgParams,
        response: { 200: { type: 'object', additionalProperties: true }, ...errorResponses(401, 403, 404) },
      },
    },
    async (request) => {
      const principal = requireScope(request, 'credentials:read');
      const { org } = request.params as { org: string };
      if (principal.org.id !== org && !principal.org.roles.includes('CUSTOMS'))
        throw new ClearledgerError('CL_STORE_NOT_FOUND', `No trade identifiers of ${org} for you.`);
      return {
        org,
        ...(await tradeIdentifiersOf(store, org)),
        brokers: await brokerAuthorizationsOf(store, org),
      };
    },
  );

  app.put(
    '/origin/trade-identifiers/:org',
    {
      config: { audit: { action: 'trade-identifiers.record', customsMatter: true } },
      schema: {
        tags: ['origin'],
        summary: "Record an organisation's verified importer numbers and filer codes (customs administrators)",
        params: orgParams,
        body: {
          type: 'object',
          required: ['importerNumbers', 'filerCodes'],
          additionalProperties: false,
          properties: {
            importerNumbers: {
              type: 'array',
              maxItems: 20,
              items: { type: 'string', maxLength: 20 },
              description: `IRS, CBP-assigned or SSN importer numbers (${IMPORTER_NUMBER.source}).`,
            },
            filerCodes: {
              type: 'array',
              maxItems: 20,
              items: { type: 'string', maxLength: 3 },
              description: `Filer codes (${FILER_CODE.source}), the first three characters of the entry numbers filed.`,
            },
          },
        },
        response: { 200: { type: 'object', additionalProperties: true }, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      const principal = requireRecorder(request);
      const { org } = request.params as { org: string };
      const body = request.body as { importerNumbers: string[]; filerCodes: string[] };
      request.auditTarget = org;
      return {
        org,
        ...(await recordTradeIdentifiers(store, {
          org,
          ...body,
          by: `${principal.org.id}#${principal.id}`,
          at: new Date().toISOString(),
        })),
      };
    },
  );

  const brokerParams = {
    type: 'object',
    required: ['broker'],
    properties: { broker: { type: 'string', maxLength: 200 } },
  };
  const authorize = (authorizeIt: boolean) => async (request: FastifyRequest) => {
    const principal = requireScope(request, 'claims:file');
    if (!principal.org.roles.includes('IMPORTER'))
      throw new ClearledgerError('CL_AUTH_FORBIDDEN', 'Only an importer authorises a broker to claim on its entries.');
    const { broker } = request.params as { broker: string };
    request.auditTarget = broker;
    return {
      importer: principal.org.id,
      brokers: await setBrokerAuthorization(store, {
        importer: principal.org.id,
        broker,
        authorize: authorizeIt,
        by: principal.id,
        at: new Date().toISOString(),
      }),
    };
  };
  const brokerRoute = (summary: string, action: string) => ({
    config: { audit: { action, customsMatter: true } },
    schema: {
      tags: ['origin'],
      summary,
      params: brokerParams,
      response: { 200: { type: 'object', additionalProperties: true }, ...errorResponses(400, 401, 403) },
    },
  });
  app.put(
    '/origin/broker-authorizations/:broker',
    brokerRoute('Authorise a customs broker to file and claim on your entries (importers)', 'broker.authorize'),
    authorize(true),
  );
  app.delete(
    '/origin/broker-authorizations/:broker',
    brokerRoute('Withdraw a broker authorisation (importers)', 'broker.withdraw'),
    authorize(false),
  );
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Moves information requests past their deadline to DENIED (and their claims); returns how many. */
    sweepOverdueRequests(now?: Date): Promise<number>;
  }
}
