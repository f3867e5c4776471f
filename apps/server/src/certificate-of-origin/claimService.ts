import { randomUUID } from 'node:crypto';
import {
  type AnchorReceipt,
  addBusinessDays,
  type CaseRecord,
  type CertificationState,
  type ClaimLine,
  type ClaimVerification,
  ClearledgerError,
  checkClaimLine,
  credentialHash,
  DEFAULT_PORT_TIME_ZONE,
  endOfLocalDay,
  exemptionSeries,
  findCbpPort,
  isClearledgerError,
  issueCredentials,
  nextCertificationState,
  nextClaimState,
  portLocalDate,
  storeLedgerView,
  type VerificationReport,
  verifyClaim,
} from '@clearledger/core';
import type { NodeContext } from '@clearledger/node';
import type { Principal } from '../auth/principal.ts';
import { requireClaimant } from './tradeIdentifiers.ts';

export const CLAIM = 'origin-claim';
export const REQUEST = 'information-request';
/** Business days the party asked has to answer an information request, unless the officer sets another. */
export const DEFAULT_ANSWER_BUSINESS_DAYS = 30;
/** Business days to provide a corrected certification (at least 5, 19 CFR 182.12). */
const CORRECTION_BUSINESS_DAYS = 5;
const MAX_DOCUMENT_BYTES = 512 * 1024;
/** Claims of the importer read to add up an entry's lines and to look for a series (newest first). */
const HISTORY_LIMIT = 1000;

export type ClaimData = {
  line: ClaimLine;
  /** The importer of record (an organisation with an importer number verified by customs). */
  importer: string;
  /** The organisation that filed the entry: the importer itself or its authorised broker. */
  filer: string;
  /** The CBP port (Schedule D) whose date is the claim date and whose calendar runs the deadlines. */
  port: string | null;
  timeZone: string;
  /** The customs service the claim is filed with. */
  customs: string;
  /** 1 for a claim, n for its (n−1)th correction. */
  revision: number;
  certification: {
    id: string | null;
    hash: string;
    issuer: string;
    /** The issuer's signature and identity verified (so the issuer takes part in the claim). */
    issuerVerified: boolean;
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

export type RequestData = {
  claimId: string;
  to: string;
  question: string;
  documentsRequested: string[];
  /** Last day (at the claim's port) to answer (REQUESTED) or to provide a correction (CORRECTION_REQUIRED). */
  due: string;
  /** The time zone of the claim's port: `due` ends at midnight there. */
  timeZone?: string;
  answers: {
    by: string;
    text: string;
    /** Inline documents carry their bytes; uploaded ones are on the node's disk under their SHA-256. */
    documents: { name: string; mediaType: string; sha256: string; size: number; contentBase64?: string }[];
    at: string;
    record: string | null;
  }[];
  findings: { event: string; note: string; by: string; at: string }[];
  record: string | null;
};

/** What a claimant sends: an entry line (no claim date: the node dates the claim), a certification or none. */
export type ClaimInput = Omit<ClaimLine, 'claimDate'> & {
  certification?: PresentedCertification;
  customs?: string;
  importer?: string;
  port?: string;
};
export type PresentedCertification = { verifiableCredential: Record<string, unknown>; anchor?: unknown };
export type Actor = { orgId: string; actorId: string };
/** A document uploaded for an information request (see claimFilingRoutes). */
type UploadedDocumentRef = { name: string; mediaType: string; sha256: string; size: number };

const normalEntry = (entry: string) => entry.replaceAll('-', '').toUpperCase();
const zoneOf = (data: { timeZone?: string }) => data.timeZone ?? DEFAULT_PORT_TIME_ZONE;

/** The port a claim names (its Schedule D code) and its time zone; `CL_INPUT_INVALID` for an unknown port. */
export function portOf(code: string | undefined): { port: string | null; timeZone: string } {
  if (code === undefined) return { port: null, timeZone: DEFAULT_PORT_TIME_ZONE };
  const port = findCbpPort(code);
  if (port === undefined)
    throw new ClearledgerError('CL_INPUT_INVALID', `${code} is not a CBP port this node knows (Schedule D code).`, {
      field: '/port',
    });
  return { port: port.code, timeZone: port.timeZone };
}

/** The claims service of a node (load → decide with core → persist → anchor), shared by the routes and the overdue sweep. */
export type ClaimService = ReturnType<typeof createClaimService>;

/** Creates the {@link ClaimService} of a node; `clock` gives the current instant (the claim date comes from it). */
export function createClaimService(node: NodeContext, clock: () => Date = () => new Date()) {
  const store = node.store;
  const nowIso = () => clock().toISOString();

  /** Issues a record of `orgId` when this node holds its key (null otherwise), so it is signed and anchored. */
  const issueRecord = async (orgId: string, type: string, subject: Record<string, unknown>): Promise<string | null> => {
    let signer: Awaited<ReturnType<typeof node.signerFor>>;
    try {
      signer = await node.signerFor(orgId);
    } catch {
      return null;
    }
    const result = await issueCredentials(
      { store, crypto: node.crypto, now: nowIso().replace(/\.\d{3}Z$/, 'Z') },
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

  const ledger = node.ledger?.view ?? storeLedgerView(store);
  const verifyPresented = async (presented: PresentedCertification) =>
    node.verify({
      now: nowIso(),
      rules: 'certification',
      credential: presented.verifiableCredential,
      ...(presented.anchor === undefined ? {} : { anchor: presented.anchor as AnchorReceipt }),
    });

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

  /** The entry line with the node's claim date: the date at the port now. */
  const lineOf = (body: Omit<ClaimLine, 'claimDate'>, timeZone: string): ClaimLine => {
    const claimDate = portLocalDate(nowIso(), timeZone);
    const line: ClaimLine = {
      entryNumber: body.entryNumber.toUpperCase(),
      entryLine: body.entryLine,
      htsus: body.htsus,
      importDate: body.importDate,
      claimDate,
      valueUsd: body.valueUsd,
      commercial: body.commercial,
    };
    if (typeof line.importDate === 'string' && line.importDate > claimDate)
      throw new ClearledgerError(
        'CL_INPUT_INVALID',
        `importDate ${line.importDate} is after today's date at the port (${claimDate}): a claim follows the importation.`,
        { field: '/importDate' },
      );
    checkClaimLine(line);
    return line;
  };

  /** The certification as the claim keeps it; its issuer counts only when the signature and issuer checks passed. */
  const certificationOf = (
    presented: PresentedCertification,
    report: VerificationReport,
  ): ClaimData['certification'] => {
    const vc = presented.verifiableCredential;
    const issuer =
      typeof vc.issuer === 'string' ? vc.issuer : String((vc.issuer as { id?: unknown } | undefined)?.id ?? '');
    let hash: string;
    try {
      hash = report.hash ?? credentialHash(node.crypto, vc);
    } catch {
      throw new ClearledgerError('CL_INPUT_INVALID', 'The certification is not a JSON credential that can be hashed.', {
        field: '/certification/verifiableCredential',
      });
    }
    const passed = (name: string) => report.checks.some((c) => c.check === name && c.status === 'VALID');
    return {
      id: typeof vc.id === 'string' ? vc.id : null,
      hash,
      issuer,
      issuerVerified: issuer !== '' && passed('integrity') && passed('issuer'),
      document: vc,
      anchor: (presented.anchor as Record<string, unknown> | undefined) ?? null,
    };
  };

  const decide = async (
    claim: CaseRecord,
    by: Actor,
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
    const at = nowIso();
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

  /** The importer's other live claims: lines of the same entry (CO-12 per importation) and exempt entries nearby (series). */
  const importationContext = async (importer: string, line: ClaimLine, replacing: string | null) => {
    const claims = (await store.listCases(importer, { kind: CLAIM, limit: HISTORY_LIMIT })).filter(
      (c) => c.id !== replacing && c.state !== 'CORRECTED' && (c.data as ClaimData).importer === importer,
    );
    const sameEntry = claims.filter(
      (c) =>
        normalEntry((c.data as ClaimData).line.entryNumber) === normalEntry(line.entryNumber) &&
        (c.data as ClaimData).line.entryLine !== line.entryLine,
    );
    const exempt = claims
      .filter((c) => (c.data as ClaimData).certification === null && c.state !== 'DENIED')
      .map((c) => (c.data as ClaimData).line);
    return {
      otherLinesValueUsd: sameEntry.map((c) => (c.data as ClaimData).line.valueUsd),
      series: exemptionSeries({
        importation: [
          line,
          ...sameEntry
            .filter((c) => (c.data as ClaimData).certification === null)
            .map((c) => (c.data as ClaimData).line),
        ],
        earlier: exempt,
      }),
    };
  };

  /**
   * Files a claim (or the correction of `supersedes`): binds the entry to its importer of record,
   * dates it at the port, verifies it with core and decides it at once when it is clear — or leaves it
   * to an officer.
   */
  const fileClaim = async (principal: Principal, body: ClaimInput, supersedes: CaseRecord | null) => {
    const previous = supersedes === null ? null : (supersedes.data as ClaimData);
    const { port, timeZone } =
      previous !== null && body.port === undefined
        ? { port: previous.port, timeZone: previous.timeZone }
        : portOf(body.port);
    const line = lineOf(body, timeZone);
    const importer = previous?.importer ?? body.importer ?? principal.org.id;
    const { filer } = await requireClaimant(store, {
      caller: principal.org.id,
      importer,
      entryNumber: line.entryNumber,
    });
    // A correction goes to the customs service the corrected claim was filed with.
    const customs = previous === null ? await customsOf(body.customs) : previous.customs;
    let certification: ClaimData['certification'] = null;
    let report: VerificationReport | null = null;
    if (body.certification !== undefined) {
      report = await verifyPresented(body.certification);
      certification = certificationOf(body.certification, report);
    }
    const context = certification === null ? await importationContext(importer, line, supersedes?.id ?? null) : null;
    const assessment = verifyClaim({
      claim: line,
      certification: certification?.document ?? null,
      report,
      ...(context === null
        ? {}
        : { otherLinesValueUsd: context.otherLinesValueUsd, partOfSeries: context.series.flagged }),
    });
    const id = `claim_${Date.now().toString(36).padStart(9, '0')}_${randomUUID().slice(0, 8)}`;
    const at = nowIso();
    const revision = previous === null ? 1 : previous.revision + 1;
    let claim = await store.putCase(
      {
        id,
        kind: CLAIM,
        ownerOrgId: principal.org.id,
        // Only parties the ledger vouches for: customs, the importer of record, its filer, and the
        // certification's issuer when its signature verified — never a DID a document merely names.
        participants: [
          ...new Set([
            customs,
            importer,
            filer,
            ...(certification?.issuerVerified === true ? [certification.issuer] : []),
          ]),
        ],
        state: 'MADE',
        uniqueKey: `${importer}/${normalEntry(line.entryNumber)}/${line.entryLine}/${revision}`,
        parentId: null,
        dueAt: null,
        data: {
          line,
          importer,
          filer,
          port,
          timeZone,
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
        data: {
          outcome: assessment.outcome,
          ...(context?.series.flagged === true ? { series: context.series.entries } : {}),
        },
        at,
      },
    );
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

  /** Checks a claim line without filing it: the same assessment, dated at the port now, nothing stored. */
  const checkClaim = async (body: Omit<ClaimInput, 'customs' | 'importer'>) => {
    const { timeZone } = portOf(body.port);
    const line = lineOf(body, timeZone);
    const report = body.certification === undefined ? null : await verifyPresented(body.certification);
    const assessment = verifyClaim({
      claim: line,
      certification: body.certification?.verifiableCredential ?? null,
      report,
    });
    return { line, assessment, certification: report };
  };

  /** The claimant corrects its claim: the old one becomes CORRECTED and a new one is assessed. */
  const correctClaim = async (principal: Principal, id: string, body: ClaimInput) => {
    const old = await store.getCase(principal.org.id, id);
    if (old.kind !== CLAIM || old.ownerOrgId !== principal.org.id)
      throw new ClearledgerError('CL_STORE_NOT_FOUND', `No claim ${id} of yours.`);
    const next = nextClaimState(old.state as never, 'CORRECT');
    if (!next.success) throw new ClearledgerError('CL_ORIGIN_CERTIFICATION_STATE', next.problem.message);
    const fresh = await fileClaim(principal, body, old);
    const at = nowIso();
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
    return fresh;
  };

  const requireCustoms = (principal: Principal, claim: CaseRecord) => {
    if (!principal.org.roles.includes('CUSTOMS') || !claim.participants.includes(principal.org.id)) {
      throw new ClearledgerError('CL_AUTH_FORBIDDEN', 'Only the customs service the claim was filed with can do this.');
    }
  };

  /** An officer accepts or denies a claim. */
  const decideClaim = async (
    principal: Principal,
    id: string,
    body: { outcome: 'ACCEPTED' | 'DENIED'; reason: string; expectedVersion?: number },
  ) => {
    const claim = await store.getCase(principal.org.id, id);
    if (claim.kind !== CLAIM) throw new ClearledgerError('CL_STORE_NOT_FOUND', `No claim ${id}.`);
    requireCustoms(principal, claim);
    if (body.expectedVersion !== undefined && body.expectedVersion !== claim.version)
      throw new ClearledgerError(
        'CL_STORE_CONFLICT',
        'The claim changed since you opened it; reload it and decide again.',
      );
    return decide(claim, { orgId: principal.org.id, actorId: principal.id }, body.outcome, body.reason, 'CL_VERIFY_OK');
  };

  /** A request that ended (accepted, affirmed, denied) decides its claim if the claim still waits. */
  const settleClaim = async (req: CaseRecord, by: Actor, note: string) => {
    const outcome =
      req.state === 'IN_USE' || req.state === 'AFFIRMED' ? 'ACCEPTED' : req.state === 'DENIED' ? 'DENIED' : null;
    if (outcome === null) return;
    const claim = await store.getCase(by.orgId, (req.data as RequestData).claimId);
    // Only a waiting claim is decided here: an accepted one stays accepted (a later finding is a new matter).
    if (claim.state !== 'MADE') return;
    await decide(claim, by, outcome, note, outcome === 'DENIED' ? 'CL_CLAIM_CERTIFICATION_INVALID' : 'CL_VERIFY_OK');
  };

  /** The officer asks a party for information, due in business days at the claim's port. */
  const sendRequest = async (
    principal: Principal,
    claimId: string,
    body: { to?: string; question: string; documentsRequested?: string[]; dueInBusinessDays: number },
  ) => {
    const claim = await store.getCase(principal.org.id, claimId);
    if (claim.kind !== CLAIM) throw new ClearledgerError('CL_STORE_NOT_FOUND', `No claim ${claimId}.`);
    requireCustoms(principal, claim);
    const data = claim.data as ClaimData;
    const verifiedIssuer = data.certification?.issuerVerified === false ? undefined : data.certification?.issuer;
    const to = body.to ?? verifiedIssuer ?? data.importer ?? claim.ownerOrgId;
    if ((await store.getOrganization(to)) === null) {
      throw new ClearledgerError('CL_INPUT_INVALID', `${to} is not an organisation on this network.`, { field: '/to' });
    }
    // Only a party to the claim the node vouches for: not whatever DID the submitted document names.
    const askable = [
      verifiedIssuer,
      data.importer ?? claim.ownerOrgId,
      data.filer ?? claim.ownerOrgId,
      claim.ownerOrgId,
    ];
    if (to === data.customs || !askable.includes(to)) {
      throw new ClearledgerError(
        'CL_INPUT_INVALID',
        `${to} is not a party to this claim: ask the certifier the ledger verified, the importer of record, its filer or the claimant.`,
        { field: '/to' },
      );
    }
    const timeZone = zoneOf(data);
    const due = addBusinessDays(portLocalDate(nowIso(), timeZone), body.dueInBusinessDays);
    const requestId = `req_${Date.now().toString(36).padStart(9, '0')}_${randomUUID().slice(0, 8)}`;
    const record = await issueRecord(principal.org.id, 'InformationRequestCredential', {
      type: 'InformationRequest',
      request: requestId,
      claim: claimId,
      to,
      question: body.question,
      documentsRequested: body.documentsRequested ?? [],
      due,
    });
    const at = nowIso();
    return store.putCase(
      {
        id: requestId,
        kind: REQUEST,
        ownerOrgId: principal.org.id,
        participants: [...new Set([to, claim.ownerOrgId, data.importer ?? claim.ownerOrgId])],
        state: 'REQUESTED',
        uniqueKey: null,
        parentId: claimId,
        dueAt: endOfLocalDay(due, timeZone),
        data: {
          claimId,
          to,
          question: body.question,
          documentsRequested: body.documentsRequested ?? [],
          due,
          timeZone,
          answers: [],
          findings: [],
          record,
        } satisfies RequestData,
        createdAt: at,
      },
      { actorOrgId: principal.org.id, actorId: principal.id, kind: 'request.sent', data: { to, due, record }, at },
    );
  };

  /** The party asked answers (or sends its corrected answer) before the deadline at the port. */
  const answerRequest = async (
    principal: Principal,
    id: string,
    body: {
      text: string;
      documents?: ({ name: string; mediaType?: string; contentBase64: string } | { sha256: string; name?: string })[];
    },
  ) => {
    const found = await store.getCase(principal.org.id, id);
    const data = found.data as RequestData;
    if (found.kind !== REQUEST) throw new ClearledgerError('CL_STORE_NOT_FOUND', `No information request ${id}.`);
    if (data.to !== principal.org.id)
      throw new ClearledgerError('CL_AUTH_FORBIDDEN', 'Only the party asked can answer this request.');
    const today = portLocalDate(nowIso(), zoneOf(data));
    const event = found.state === 'CORRECTION_REQUIRED' ? 'SUBMIT_CORRECTION' : 'SUBMIT';
    const next = nextCertificationState(found.state as CertificationState, event, {
      date: today,
      correctionDue: data.due,
    });
    const late = `The deadline (${data.due}) has passed: the request can no longer be answered.`;
    if (!next.success)
      throw new ClearledgerError('CL_ORIGIN_CERTIFICATION_STATE', today > data.due ? late : next.problem.message);
    if (found.state === 'REQUESTED' && today > data.due)
      throw new ClearledgerError('CL_ORIGIN_CERTIFICATION_STATE', late);
    const uploads = (data as RequestData & { uploads?: UploadedDocumentRef[] }).uploads ?? [];
    const documents = (body.documents ?? []).map((d, i) => {
      if ('sha256' in d) {
        // A document uploaded for this request (streamed to the node's disk), named by its hash.
        const uploaded = uploads.find((u) => u.sha256 === d.sha256);
        if (uploaded === undefined)
          throw new ClearledgerError(
            'CL_INPUT_INVALID',
            `Document ${i + 1} (${d.sha256}) was not uploaded for this request: upload it first.`,
            { field: `/documents/${i}/sha256` },
          );
        return {
          name: d.name ?? uploaded.name,
          mediaType: uploaded.mediaType,
          sha256: uploaded.sha256,
          size: uploaded.size,
        };
      }
      const bytes = Buffer.from(d.contentBase64, 'base64');
      if (
        bytes.length === 0 ||
        bytes.length > MAX_DOCUMENT_BYTES ||
        bytes.toString('base64').replace(/=+$/, '') !== d.contentBase64.replace(/=+$/, '')
      ) {
        throw new ClearledgerError(
          'CL_INPUT_INVALID',
          `Document ${i + 1} must be base64 of 1 byte to ${MAX_DOCUMENT_BYTES / 1024} KiB.`,
          { field: `/documents/${i}/contentBase64` },
        );
      }
      return {
        name: d.name,
        mediaType: d.mediaType ?? 'application/octet-stream',
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
    const at = nowIso();
    return store.updateCase(principal.org.id, id, {
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
  };

  /** The officer reviews an answer; a defective one gets five business days at the port for a correction. */
  const reviewRequest = async (
    principal: Principal,
    id: string,
    body: { action: 'ACCEPT' | 'FIND_DEFECTIVE' | 'START_VERIFICATION' | 'AFFIRM' | 'DENY'; note: string },
  ) => {
    const found = await store.getCase(principal.org.id, id);
    if (found.kind !== REQUEST || found.ownerOrgId !== principal.org.id)
      throw new ClearledgerError('CL_STORE_NOT_FOUND', `No information request ${id} of yours.`);
    const data = found.data as RequestData;
    const timeZone = zoneOf(data);
    const next = nextCertificationState(found.state as CertificationState, body.action, {
      date: portLocalDate(nowIso(), timeZone),
      correctionBusinessDays: CORRECTION_BUSINESS_DAYS,
    });
    if (!next.success) throw new ClearledgerError('CL_ORIGIN_CERTIFICATION_STATE', next.problem.message);
    const at = nowIso();
    const due = next.correctionDue ?? data.due;
    const updated = await store.updateCase(principal.org.id, id, {
      expectedVersion: found.version,
      state: next.state,
      dueAt: next.state === 'CORRECTION_REQUIRED' ? endOfLocalDay(due, timeZone) : null,
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
    return updated;
  };

  /** Moves information requests past their deadline (midnight at the claim's port) to DENIED, and their waiting claims with them. */
  const sweepOverdueRequests = async (now = clock()): Promise<number> => {
    let changed = 0;
    for (const overdue of await store.dueCases(REQUEST, ['REQUESTED', 'CORRECTION_REQUIRED'], now.toISOString(), 100)) {
      const data = overdue.data as RequestData;
      const next = nextCertificationState(overdue.state as CertificationState, 'MISS_DEADLINE', {
        date: portLocalDate(now.toISOString(), zoneOf(data)),
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

  /** Whether a claim waits only because its certification was not anchored yet when it was filed. */
  const waitsForAnchor = (data: ClaimData) =>
    data.certification !== null &&
    data.decision === null &&
    data.assessment.outcome === 'REVIEW' &&
    data.report?.checks.some((c) => c.check === 'anchor' && c.code === 'CL_VERIFY_ANCHOR_PENDING') === true;

  /**
   * Assesses again the claims that wait because their certification was not anchored yet, once it is
   * (the node's anchor worker calls it when it records anchors): with the anchor receipt the claim is
   * decided as if it had been filed now — accepted or denied with its reasons — or keeps waiting when
   * it still cannot be decided. A claim an officer already asked about stays with the officer.
   * Returns how many claims were decided.
   */
  const reassessAnchored = async (): Promise<number> => {
    if (ledger.anchorReceipt === undefined) return 0;
    let decided = 0;
    for (const customs of (await store.listOrganizations()).filter((o) => o.roles.includes('CUSTOMS'))) {
      for (const claim of await store.listCases(customs.id, { kind: CLAIM, state: 'MADE', limit: HISTORY_LIMIT })) {
        const data = claim.data as ClaimData;
        if (data.customs !== customs.id || !waitsForAnchor(data) || data.certification === null) continue;
        const anchor = await ledger.anchorReceipt(data.certification.hash);
        if (anchor === null || anchor === 'pending') continue;
        if ((await store.listCases(customs.id, { kind: REQUEST, parentId: claim.id, limit: 1 })).length > 0) continue;
        const presented = { verifiableCredential: data.certification.document, anchor };
        const report = await verifyPresented(presented);
        const assessment = verifyClaim({ claim: data.line, certification: data.certification.document, report });
        if (assessment.outcome === 'REVIEW') continue;
        const at = nowIso();
        try {
          const updated = await store.updateCase(customs.id, claim.id, {
            expectedVersion: claim.version,
            state: claim.state,
            data: {
              ...data,
              certification: certificationOf(presented, report),
              report,
              assessment,
            } satisfies ClaimData,
            event: {
              actorOrgId: customs.id,
              actorId: 'system',
              kind: 'claim.reassessed',
              data: { outcome: assessment.outcome, because: 'anchored' },
              at,
            },
          });
          const failing = assessment.checks.find((c) => c.status === 'INVALID');
          await decide(
            updated,
            { orgId: customs.id, actorId: 'system' },
            assessment.outcome === 'ACCEPT' ? 'ACCEPTED' : 'DENIED',
            failing?.message ?? 'Every check passed once the certification was anchored.',
            failing?.code ?? 'CL_VERIFY_OK',
          );
          decided++;
        } catch (error) {
          // An officer decided it meanwhile: theirs stands.
          if (!(isClearledgerError(error) && error.code === 'CL_STORE_CONFLICT')) throw error;
        }
      }
    }
    return decided;
  };

  /** Whether a request is past its deadline at the claim's port. */
  const isOverdue = (r: CaseRecord) =>
    (r.state === 'REQUESTED' || r.state === 'CORRECTION_REQUIRED') &&
    portLocalDate(nowIso(), zoneOf(r.data as RequestData)) > (r.data as RequestData).due;

  return {
    issueRecord,
    decide,
    settleClaim,
    fileClaim,
    checkClaim,
    correctClaim,
    decideClaim,
    sendRequest,
    answerRequest,
    reviewRequest,
    sweepOverdueRequests,
    reassessAnchored,
    isOverdue,
  };
}
