import { randomUUID } from 'node:crypto';
import {
  addBusinessDays,
  type CaseRecord,
  type CertificationState,
  type ClaimLine,
  type ClaimVerification,
  ClearledgerError,
  certificationDomainChecks,
  checkClaimLine,
  credentialHash,
  isClearledgerError,
  issueCredentials,
  nextCertificationState,
  nextClaimState,
  storeLedgerView,
  type VerificationReport,
  verifyClaim,
  verifyCredential,
} from '@clearledger/core';
import type { NodeContext } from '@clearledger/node';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { type Principal, requireScope } from '../auth/principal.ts';
import { errorResponses, receiptSchema } from '../http/schemas.ts';

const CLAIM = 'origin-claim';
const REQUEST = 'information-request';
/** Business days the party asked has to answer an information request, unless the officer sets another. */
const DEFAULT_ANSWER_BUSINESS_DAYS = 30;
/** Business days to provide a corrected certification (at least 5, 19 CFR 182.12). */
const CORRECTION_BUSINESS_DAYS = 5;
const MAX_DOCUMENT_BYTES = 512 * 1024;

type ClaimData = {
  line: ClaimLine;
  /** The customs service the claim is filed with. */
  customs: string;
  /** 1 for a claim, n for its (n−1)th correction. */
  revision: number;
  certification: {
    id: string | null;
    hash: string;
    issuer: string;
    document: Record<string, unknown>;
    anchor: Record<string, unknown> | null;
  } | null;
  assessment: ClaimVerification;
  report: VerificationReport | null;
  decision: {
    outcome: 'ACCEPTED' | 'DENIED';
    reason: string;
    code: string;
    by: string;
    at: string;
    record: string | null;
  } | null;
  supersedes: string | null;
};

type RequestData = {
  claimId: string;
  to: string;
  question: string;
  documentsRequested: string[];
  /** Last day to answer (REQUESTED) or to provide a correction (CORRECTION_REQUIRED). */
  due: string;
  answers: {
    by: string;
    text: string;
    documents: { name: string; mediaType: string; sha256: string; size: number; contentBase64: string }[];
    at: string;
    record: string | null;
  }[];
  findings: { event: string; note: string; by: string; at: string }[];
  record: string | null;
};

const today = () => new Date().toISOString().slice(0, 10);
const endOfDay = (date: string) => `${date}T23:59:59.999Z`;

const claimLineSchema = {
  entryNumber: {
    type: 'string',
    maxLength: 20,
    description: 'Filer code (3), entry number (7), check digit, e.g. AB1-2345678-9.',
  },
  entryLine: { type: 'integer', minimum: 1, maximum: 9999 },
  htsus: { type: 'string', pattern: '^\\d{8}(\\d{2})?$', description: 'HTSUS number of the line, 10 digits.' },
  importDate: { type: 'string', format: 'date' },
  claimDate: { type: 'string', format: 'date', description: 'Default: today.' },
  valueUsd: { type: 'string', maxLength: 32, description: 'Value of the originating goods, exact decimal.' },
  commercial: { type: 'boolean', default: true },
} as const;

const presentedSchema = {
  type: 'object',
  required: ['verifiableCredential'],
  additionalProperties: false,
  properties: { verifiableCredential: { type: 'object' }, anchor: receiptSchema },
} as const;

/** Decisions, records and deadlines of claims, shared by the routes and the node's overdue sweep. */
export type ClaimService = ReturnType<typeof createClaimService>;

/** Creates the {@link ClaimService} of a node. */
export function createClaimService(node: NodeContext) {
  const store = node.store;
  /** Issues a record of `orgId` when this node holds its key (null otherwise), so it is signed and anchored. */
  const issueRecord = async (orgId: string, type: string, subject: Record<string, unknown>): Promise<string | null> => {
    let signer: Awaited<ReturnType<typeof node.signerFor>>;
    try {
      signer = await node.signerFor(orgId);
    } catch {
      return null;
    }
    const result = await issueCredentials(
      { store, crypto: node.crypto, now: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z') },
      {
        orgId,
        signer,
        credentials: [
          {
            '@context': ['https://www.w3.org/ns/credentials/v2', 'https://clearledger.dev/ns/v1'],
            type: ['VerifiableCredential', type],
            credentialSubject: subject,
          },
        ],
      },
    );
    return result.success ? result.issued[0]!.id : null;
  };

  const decide = async (
    claim: CaseRecord,
    by: { orgId: string; actorId: string },
    outcome: 'ACCEPTED' | 'DENIED',
    reason: string,
    code: string,
  ): Promise<CaseRecord> => {
    const data = claim.data as ClaimData;
    const next = nextClaimState(claim.state as never, outcome === 'ACCEPTED' ? 'ACCEPT' : 'DENY');
    if (!next.success) throw new ClearledgerError('CL_ORIGIN_CERTIFICATION_STATE', next.problem.message);
    const record = await issueRecord(by.orgId, 'OriginClaimDecisionCredential', {
      type: 'OriginClaimDecision',
      claim: claim.id,
      entryNumber: data.line.entryNumber,
      entryLine: data.line.entryLine,
      htsus: data.line.htsus,
      certification: data.certification?.hash ?? null,
      outcome,
      reasonCode: code,
      reason,
    });
    const at = new Date().toISOString();
    return store.updateCase(by.orgId, claim.id, {
      expectedVersion: claim.version,
      state: next.state,
      data: { ...data, decision: { outcome, reason, code, by: by.actorId, at, record } },
      event: {
        actorOrgId: by.orgId,
        actorId: by.actorId,
        kind: 'claim.decided',
        data: { outcome, code, reason, record },
        at,
      },
    });
  };

  /** A request that ended (accepted, affirmed, denied) decides its claim if the claim still waits. */
  const settleClaim = async (req: CaseRecord, by: { orgId: string; actorId: string }, note: string) => {
    const outcome =
      req.state === 'IN_USE' || req.state === 'AFFIRMED' ? 'ACCEPTED' : req.state === 'DENIED' ? 'DENIED' : null;
    if (outcome === null) return;
    const claim = await store.getCase(by.orgId, (req.data as RequestData).claimId);
    // Only a waiting claim is decided here: an accepted one stays accepted (a later finding is a new matter).
    if (claim.state !== 'MADE') return;
    await decide(claim, by, outcome, note, outcome === 'DENIED' ? 'CL_CLAIM_CERTIFICATION_INVALID' : 'CL_VERIFY_OK');
  };

  /** Moves information requests past their deadline to DENIED, and their waiting claims with them. */
  const sweepOverdueRequests = async (now = new Date()): Promise<number> => {
    let changed = 0;
    const date = now.toISOString().slice(0, 10);
    for (const overdue of await store.dueCases(REQUEST, ['REQUESTED', 'CORRECTION_REQUIRED'], now.toISOString(), 100)) {
      const data = overdue.data as RequestData;
      const next = nextCertificationState(overdue.state as CertificationState, 'MISS_DEADLINE', {
        date,
        correctionDue: data.due,
      });
      if (!next.success) continue;
      try {
        const updated = await store.updateCase(overdue.ownerOrgId, overdue.id, {
          expectedVersion: overdue.version,
          state: next.state,
          dueAt: null,
          data: {
            ...data,
            findings: [
              ...data.findings,
              { event: 'MISS_DEADLINE', note: `No answer by ${data.due}.`, by: 'system', at: now.toISOString() },
            ],
          },
          event: {
            actorOrgId: overdue.ownerOrgId,
            actorId: 'system',
            kind: 'request.deadline-missed',
            data: { due: data.due },
            at: now.toISOString(),
          },
        });
        await settleClaim(
          updated,
          { orgId: overdue.ownerOrgId, actorId: 'system' },
          `The information requested was not provided by ${data.due}.`,
        );
        changed++;
      } catch (error) {
        if (!(isClearledgerError(error) && error.code === 'CL_STORE_CONFLICT')) throw error;
      }
    }
    return changed;
  };

  return { issueRecord, decide, settleClaim, sweepOverdueRequests };
}

/**
 * Claims of preference at entry and customs' information requests (domain.md §2.5):
 * - `POST /origin/claims` — an importer or broker claims preference for one entry line, relying on a
 *   certification it presents (or on the $2,500 exemption). The claim is verified at once
 *   (`verifyClaim`): a clean claim is accepted and a failing one denied automatically, each with its
 *   reasons; one that cannot be decided (a certification not yet anchored) waits for an officer.
 * - `POST /origin/claims/{id}/decision` — a customs officer accepts or denies a claim, with a reason.
 * - `POST /origin/claims/{id}/requests` — the officer asks the certifier (or another party) for
 *   information, due in business days; `POST /origin/requests/{id}/answer` answers with text and
 *   documents (hashed; the answer is issued as an anchored credential); `POST
 *   /origin/requests/{id}/review` accepts, finds it defective (a corrected answer due in 5 business
 *   days), starts or concludes a verification. A missed deadline denies the claim (the overdue sweep).
 * Every decision and request is also an anchored credential of the customs service, so both sides can
 * prove what was decided and when. Only the parties of a claim see it; anyone else gets a 404.
 */
export async function claimRoutes(
  app: FastifyInstance,
  { node, service }: { node: NodeContext; service: ClaimService },
): Promise<void> {
  const { issueRecord, decide, settleClaim } = service;
  const store = node.store;
  const ledger = node.ledger?.view ?? storeLedgerView(store);

  const verifyPresented = async (presented: { verifiableCredential: Record<string, unknown>; anchor?: unknown }) =>
    verifyCredential(
      {
        crypto: node.crypto,
        now: new Date().toISOString(),
        ...(ledger === undefined ? {} : { ledger }),
        domainChecks: certificationDomainChecks,
      },
      {
        credential: presented.verifiableCredential,
        ...(presented.anchor === undefined ? {} : { anchor: presented.anchor as never }),
      },
    );

  const customsOf = async (requested: string | undefined) => {
    const id = requested ?? node.operatorOrgId;
    const org = await store.getOrganization(id);
    if (org === null || !org.roles.includes('CUSTOMS')) {
      throw new ClearledgerError('CL_INPUT_INVALID', `${id} is not a customs service on this network.`, {
        field: '/customs',
      });
    }
    return org.id;
  };

  const requireCustoms = (principal: Principal, claim: CaseRecord) => {
    if (!principal.org.roles.includes('CUSTOMS') || !claim.participants.includes(principal.org.id)) {
      throw new ClearledgerError('CL_AUTH_FORBIDDEN', 'Only the customs service the claim was filed with can do this.');
    }
  };

  const publicClaim = (claim: CaseRecord, full: boolean) => {
    const data = claim.data as ClaimData;
    return {
      id: claim.id,
      state: claim.state,
      claimant: claim.ownerOrgId,
      participants: claim.participants,
      line: data.line,
      certification:
        data.certification === null
          ? null
          : {
              id: data.certification.id,
              hash: data.certification.hash,
              issuer: data.certification.issuer,
              ...(full ? { verifiableCredential: data.certification.document, anchor: data.certification.anchor } : {}),
            },
      assessment: data.assessment,
      decision: data.decision,
      supersedes: data.supersedes,
      createdAt: claim.createdAt,
      updatedAt: claim.updatedAt,
      version: claim.version,
    };
  };

  const fileClaim = async (
    request: FastifyRequest,
    principal: Principal,
    body: ClaimLine & {
      certification?: { verifiableCredential: Record<string, unknown>; anchor?: unknown };
      customs?: string;
    },
    supersedes: CaseRecord | null,
  ) => {
    const line: ClaimLine = {
      entryNumber: body.entryNumber.toUpperCase(),
      entryLine: body.entryLine,
      htsus: body.htsus,
      importDate: body.importDate,
      claimDate: body.claimDate ?? today(),
      valueUsd: body.valueUsd,
      commercial: body.commercial,
    };
    checkClaimLine(line);
    // A correction goes to the customs service the corrected claim was filed with.
    const customs = supersedes === null ? await customsOf(body.customs) : (supersedes.data as ClaimData).customs;
    const presented = body.certification;
    let certification: ClaimData['certification'] = null;
    let report: VerificationReport | null = null;
    if (presented !== undefined) {
      report = await verifyPresented(presented);
      const vc = presented.verifiableCredential;
      const issuer =
        typeof vc.issuer === 'string' ? vc.issuer : String((vc.issuer as { id?: unknown } | undefined)?.id ?? '');
      let hash: string;
      try {
        hash = report.hash ?? credentialHash(node.crypto, vc);
      } catch {
        throw new ClearledgerError(
          'CL_INPUT_INVALID',
          'The certification is not a JSON credential that can be hashed.',
          {
            field: '/certification/verifiableCredential',
          },
        );
      }
      certification = {
        id: typeof vc.id === 'string' ? vc.id : null,
        hash,
        issuer,
        document: vc,
        anchor: (presented.anchor as Record<string, unknown> | undefined) ?? null,
      };
    }
    const assessment = verifyClaim({ claim: line, certification: certification?.document ?? null, report });
    const id = `claim_${Date.now().toString(36).padStart(9, '0')}_${randomUUID().slice(0, 8)}`;
    const at = new Date().toISOString();
    const revision = supersedes === null ? 1 : (supersedes.data as ClaimData).revision + 1;
    let claim = await store.putCase(
      {
        id,
        kind: CLAIM,
        ownerOrgId: principal.org.id,
        participants: [
          customs,
          ...(certification !== null && certification.issuer !== '' ? [certification.issuer] : []),
        ],
        state: 'MADE',
        uniqueKey: `${line.entryNumber.replaceAll('-', '')}/${line.entryLine}/${revision}`,
        parentId: null,
        dueAt: null,
        data: {
          line,
          customs,
          certification,
          assessment,
          report,
          decision: null,
          supersedes: supersedes?.id ?? null,
          revision,
        } satisfies ClaimData,
        createdAt: at,
      },
      {
        actorOrgId: principal.org.id,
        actorId: principal.id,
        kind: 'claim.made',
        data: { outcome: assessment.outcome },
        at,
      },
    );
    request.auditTarget = claim.id;
    // Clear cases are decided at once; a claim that cannot be decided yet waits for an officer.
    if (assessment.outcome !== 'REVIEW') {
      const failing = assessment.checks.find((c) => c.status === 'INVALID');
      claim = await decide(
        claim,
        { orgId: customs, actorId: 'system' },
        assessment.outcome === 'ACCEPT' ? 'ACCEPTED' : 'DENIED',
        failing?.message ?? 'Every check passed.',
        failing?.code ?? 'CL_VERIFY_OK',
      );
    }
    return claim;
  };

  app.post(
    '/origin/claims',
    {
      config: { audit: { action: 'claim.make', customsMatter: true } },
      schema: {
        tags: ['origin'],
        summary: 'Claim preference for an entry line on a certification of origin',
        body: {
          type: 'object',
          required: ['entryNumber', 'entryLine', 'htsus', 'importDate', 'valueUsd'],
          additionalProperties: false,
          properties: {
            ...claimLineSchema,
            certification: presentedSchema,
            customs: { type: 'string', maxLength: 200 },
          },
        },
        response: { 201: { type: 'object', additionalProperties: true }, ...errorResponses(400, 401, 403, 409) },
      },
    },
    async (request, reply: FastifyReply) => {
      const principal = requireScope(request, 'claims:file');
      const claim = await fileClaim(request, principal, request.body as never, null);
      return reply.status(201).send(publicClaim(claim, true));
    },
  );

  app.post(
    '/origin/claims/verify',
    {
      schema: {
        tags: ['origin'],
        summary: 'Check a claim line against a certification without filing it (brokers before filing, officers)',
        description:
          "Runs every check of a claim — the certification verifies (signature, issuer, anchor, status, agreement rules), covers the import date, is within 4 years, lists the HTSUS line's subheading with an allowed criterion, or the $2,500 exemption — and answers the outcome with each reason. Nothing is stored.",
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
      const principal = request.principal;
      if (principal === null) throw new ClearledgerError('CL_AUTH_REQUIRED', 'Sign in or send a bearer token.');
      const body = request.body as ClaimLine & {
        certification?: { verifiableCredential: Record<string, unknown>; anchor?: unknown };
      };
      const line: ClaimLine = {
        ...body,
        entryNumber: body.entryNumber.toUpperCase(),
        claimDate: body.claimDate ?? today(),
      };
      checkClaimLine(line);
      const report = body.certification === undefined ? null : await verifyPresented(body.certification);
      const assessment = verifyClaim({
        claim: line,
        certification: body.certification?.verifiableCredential ?? null,
        report,
      });
      return { line, assessment, certification: report };
    },
  );

  app.get(
    '/origin/claims',
    {
      schema: {
        tags: ['origin'],
        summary: 'Claims the organisation is a party to (claimant, customs, certifier), newest first',
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
      const items = cases
        .filter((c) => q.certification === undefined || (c.data as ClaimData).certification?.hash === q.certification)
        .slice(0, q.limit)
        .map((c) => publicClaim(c, false));
      return { items, next: items.length === q.limit ? items[items.length - 1]!.id : null };
    },
  );

  app.get(
    '/origin/claims/:id',
    {
      schema: {
        tags: ['origin'],
        summary: 'A claim with its assessment, history and information requests',
        params: { type: 'object', required: ['id'], properties: { id: { type: 'string', maxLength: 100 } } },
        response: { 200: { type: 'object', additionalProperties: true }, ...errorResponses(401, 403, 404) },
      },
    },
    async (request) => {
      const principal = requireScope(request, 'credentials:read');
      const { id } = request.params as { id: string };
      const claim = await store.getCase(principal.org.id, id);
      if (claim.kind !== CLAIM) throw new ClearledgerError('CL_STORE_NOT_FOUND', `No claim ${id}.`);
      const requests = await store.listCases(principal.org.id, { kind: REQUEST, parentId: id });
      return {
        ...publicClaim(claim, true),
        events: await store.listCaseEvents(principal.org.id, id),
        requests: requests.map(publicRequest),
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
        params: { type: 'object', required: ['id'], properties: { id: { type: 'string', maxLength: 100 } } },
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
      const body = request.body as { outcome: 'ACCEPTED' | 'DENIED'; reason: string; expectedVersion?: number };
      request.auditTarget = id;
      const claim = await store.getCase(principal.org.id, id);
      if (claim.kind !== CLAIM) throw new ClearledgerError('CL_STORE_NOT_FOUND', `No claim ${id}.`);
      requireCustoms(principal, claim);
      if (body.expectedVersion !== undefined && body.expectedVersion !== claim.version) {
        throw new ClearledgerError(
          'CL_STORE_CONFLICT',
          'The claim changed since you opened it; reload it and decide again.',
        );
      }
      const decided = await decide(
        claim,
        { orgId: principal.org.id, actorId: principal.id },
        body.outcome,
        body.reason,
        'CL_VERIFY_OK',
      );
      return publicClaim(decided, true);
    },
  );

  app.post(
    '/origin/claims/:id/correction',
    {
      config: { audit: { action: 'claim.correct', customsMatter: true } },
      schema: {
        tags: ['origin'],
        summary: 'Correct a claim (the claimant): the old claim becomes CORRECTED and a new one is assessed',
        params: { type: 'object', required: ['id'], properties: { id: { type: 'string', maxLength: 100 } } },
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
      const old = await store.getCase(principal.org.id, id);
      if (old.kind !== CLAIM || old.ownerOrgId !== principal.org.id)
        throw new ClearledgerError('CL_STORE_NOT_FOUND', `No claim ${id} of yours.`);
      const next = nextClaimState(old.state as never, 'CORRECT');
      if (!next.success) throw new ClearledgerError('CL_ORIGIN_CERTIFICATION_STATE', next.problem.message);
      const fresh = await fileClaim(request, principal, request.body as never, old);
      const at = new Date().toISOString();
      await store.updateCase(principal.org.id, id, {
        expectedVersion: old.version,
        state: next.state,
        data: { ...(old.data as ClaimData), correctedBy: fresh.id },
        event: {
          actorOrgId: principal.org.id,
          actorId: principal.id,
          kind: 'claim.corrected',
          data: { by: fresh.id },
          at,
        },
      });
      return reply.status(201).send(publicClaim(fresh, true));
    },
  );

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
      overdue: (r.state === 'REQUESTED' || r.state === 'CORRECTION_REQUIRED') && today() > data.due,
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

  app.post(
    '/origin/claims/:id/requests',
    {
      config: { audit: { action: 'request.send', customsMatter: true } },
      schema: {
        tags: ['origin'],
        summary: 'Ask the certifier (or another party) for information on a claim (customs)',
        params: { type: 'object', required: ['id'], properties: { id: { type: 'string', maxLength: 100 } } },
        body: {
          type: 'object',
          required: ['question'],
          additionalProperties: false,
          properties: {
            to: {
              type: 'string',
              maxLength: 200,
              description: "The party asked (DID); default: the certification's issuer.",
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
      const body = request.body as {
        to?: string;
        question: string;
        documentsRequested?: string[];
        dueInBusinessDays: number;
      };
      const claim = await store.getCase(principal.org.id, id);
      if (claim.kind !== CLAIM) throw new ClearledgerError('CL_STORE_NOT_FOUND', `No claim ${id}.`);
      requireCustoms(principal, claim);
      const to = body.to ?? (claim.data as ClaimData).certification?.issuer ?? claim.ownerOrgId;
      if ((await store.getOrganization(to)) === null) {
        throw new ClearledgerError('CL_INPUT_INVALID', `${to} is not an organisation on this network.`, {
          field: '/to',
        });
      }
      const due = addBusinessDays(today(), body.dueInBusinessDays);
      const requestId = `req_${Date.now().toString(36).padStart(9, '0')}_${randomUUID().slice(0, 8)}`;
      const record = await issueRecord(principal.org.id, 'InformationRequestCredential', {
        type: 'InformationRequest',
        request: requestId,
        claim: id,
        to,
        question: body.question,
        documentsRequested: body.documentsRequested ?? [],
        due,
      });
      const at = new Date().toISOString();
      const created = await store.putCase(
        {
          id: requestId,
          kind: REQUEST,
          ownerOrgId: principal.org.id,
          participants: [to, claim.ownerOrgId],
          state: 'REQUESTED',
          uniqueKey: null,
          parentId: id,
          dueAt: endOfDay(due),
          data: {
            claimId: id,
            to,
            question: body.question,
            documentsRequested: body.documentsRequested ?? [],
            due,
            answers: [],
            findings: [],
            record,
          } satisfies RequestData,
          createdAt: at,
        },
        { actorOrgId: principal.org.id, actorId: principal.id, kind: 'request.sent', data: { to, due, record }, at },
      );
      request.auditTarget = requestId;
      return reply.status(201).send(publicRequest(created));
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
      return { items: cases.map(publicRequest), next: cases.length === q.limit ? cases[cases.length - 1]!.id : null };
    },
  );

  app.get(
    '/origin/requests/:id',
    {
      schema: {
        tags: ['origin'],
        summary: 'An information request with its answers, findings and history',
        params: { type: 'object', required: ['id'], properties: { id: { type: 'string', maxLength: 100 } } },
        response: { 200: { type: 'object', additionalProperties: true }, ...errorResponses(401, 403, 404) },
      },
    },
    async (request) => {
      const principal = requireScope(request, 'credentials:read');
      const { id } = request.params as { id: string };
      const found = await store.getCase(principal.org.id, id);
      if (found.kind !== REQUEST) throw new ClearledgerError('CL_STORE_NOT_FOUND', `No information request ${id}.`);
      return { ...publicRequest(found), events: await store.listCaseEvents(principal.org.id, id) };
    },
  );

  app.post(
    '/origin/requests/:id/answer',
    {
      config: { audit: { action: 'request.answer', customsMatter: true } },
      schema: {
        tags: ['origin'],
        summary: 'Answer an information request with text and documents (the party asked)',
        params: { type: 'object', required: ['id'], properties: { id: { type: 'string', maxLength: 100 } } },
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
                type: 'object',
                required: ['name', 'contentBase64'],
                additionalProperties: false,
                properties: {
                  name: { type: 'string', minLength: 1, maxLength: 200 },
                  mediaType: { type: 'string', maxLength: 100, default: 'application/octet-stream' },
                  contentBase64: { type: 'string', maxLength: 700_000 },
                },
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
      const body = request.body as {
        text: string;
        documents?: { name: string; mediaType: string; contentBase64: string }[];
      };
      request.auditTarget = id;
      const found = await store.getCase(principal.org.id, id);
      const data = found.data as RequestData;
      if (found.kind !== REQUEST) throw new ClearledgerError('CL_STORE_NOT_FOUND', `No information request ${id}.`);
      if (data.to !== principal.org.id)
        throw new ClearledgerError('CL_AUTH_FORBIDDEN', 'Only the party asked can answer this request.');
      const event = found.state === 'CORRECTION_REQUIRED' ? 'SUBMIT_CORRECTION' : 'SUBMIT';
      const next = nextCertificationState(found.state as CertificationState, event, {
        date: today(),
        correctionDue: data.due,
      });
      if (!next.success) {
        throw new ClearledgerError(
          'CL_ORIGIN_CERTIFICATION_STATE',
          today() > data.due
            ? `The deadline (${data.due}) has passed: the request can no longer be answered.`
            : next.problem.message,
        );
      }
      if (found.state === 'REQUESTED' && today() > data.due) {
        throw new ClearledgerError(
          'CL_ORIGIN_CERTIFICATION_STATE',
          `The deadline (${data.due}) has passed: the request can no longer be answered.`,
        );
      }
      const documents = (body.documents ?? []).map((d, i) => {
        const bytes = Buffer.from(d.contentBase64, 'base64');
        if (
          bytes.length === 0 ||
          bytes.length > MAX_DOCUMENT_BYTES ||
          bytes.toString('base64').replace(/=+$/, '') !== d.contentBase64.replace(/=+$/, '')
        ) {
          throw new ClearledgerError(
            'CL_INPUT_INVALID',
            `Document ${i + 1} must be base64 of 1 byte to ${MAX_DOCUMENT_BYTES / 1024} KiB.`,
            {
              field: `/documents/${i}/contentBase64`,
            },
          );
        }
        return {
          name: d.name,
          mediaType: d.mediaType,
          sha256: Buffer.from(node.crypto.sha256(bytes)).toString('hex'),
          size: bytes.length,
          contentBase64: d.contentBase64,
        };
      });
      const record = await issueRecord(principal.org.id, 'InformationResponseCredential', {
        type: 'InformationResponse',
        request: id,
        claim: data.claimId,
        text: body.text,
        documents: documents.map(({ contentBase64: _c, ...d }) => d),
      });
      const at = new Date().toISOString();
      const updated = await store.updateCase(principal.org.id, id, {
        expectedVersion: found.version,
        state: next.state,
        dueAt: null,
        data: { ...data, answers: [...data.answers, { by: principal.org.id, text: body.text, documents, at, record }] },
        event: {
          actorOrgId: principal.org.id,
          actorId: principal.id,
          kind: 'request.answered',
          data: { documents: documents.length, record },
          at,
        },
      });
      return publicRequest(updated);
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
        .send(Buffer.from(doc.contentBase64, 'base64'));
    },
  );

  app.post(
    '/origin/requests/:id/review',
    {
      config: { audit: { action: 'request.review', customsMatter: true } },
      schema: {
        tags: ['origin'],
        summary: 'Review an answer (customs): accept, find defective, start or conclude an origin verification',
        params: { type: 'object', required: ['id'], properties: { id: { type: 'string', maxLength: 100 } } },
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
      const body = request.body as {
        action: 'ACCEPT' | 'FIND_DEFECTIVE' | 'START_VERIFICATION' | 'AFFIRM' | 'DENY';
        note: string;
      };
      request.auditTarget = id;
      const found = await store.getCase(principal.org.id, id);
      if (found.kind !== REQUEST || found.ownerOrgId !== principal.org.id)
        throw new ClearledgerError('CL_STORE_NOT_FOUND', `No information request ${id} of yours.`);
      const data = found.data as RequestData;
      const next = nextCertificationState(found.state as CertificationState, body.action, {
        date: today(),
        correctionBusinessDays: CORRECTION_BUSINESS_DAYS,
      });
      if (!next.success) throw new ClearledgerError('CL_ORIGIN_CERTIFICATION_STATE', next.problem.message);
      const at = new Date().toISOString();
      const due = next.correctionDue ?? data.due;
      const updated = await store.updateCase(principal.org.id, id, {
        expectedVersion: found.version,
        state: next.state,
        dueAt: next.state === 'CORRECTION_REQUIRED' ? endOfDay(due) : null,
        data: {
          ...data,
          due,
          findings: [...data.findings, { event: body.action, note: body.note, by: principal.id, at }],
        },
        event: {
          actorOrgId: principal.org.id,
          actorId: principal.id,
          kind: `request.${body.action.toLowerCase()}`,
          data: { note: body.note, due },
          at,
        },
      });
      await settleClaim(updated, { orgId: principal.org.id, actorId: principal.id }, body.note);
      return publicRequest(updated);
    },
  );
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Moves information requests past their deadline to DENIED (and their claims); returns how many. */
    sweepOverdueRequests(now?: Date): Promise<number>;
  }
}
