import type { AnchorReceipt, ClaimVerification, SignedCredential, VerificationReport } from '@clearledger/core';
import type { ApiClient, RequestOptions } from './client.ts';
import { instrumentsApi } from './instrumentsApi.ts';

export type Account = { id: string; username: string; displayName: string; roles: string[] };
export type Organization = { id: string; did: string; name: string; country: string; roles: string[] };

/** `POST /auth/login` → 200 */
export type LoginResult = {
  accessToken: string;
  tokenType: 'Bearer';
  /** Seconds. */
  expiresIn: number;
  account: Account;
  organization: Organization;
};

/** `GET /me`: who the token belongs to and what it may do. */
export type Me = {
  kind: 'account' | 'client' | 'operator';
  id: string;
  name: string;
  roles: string[];
  scopes: string[];
  organization: Organization;
};

export type LedgerStatus = 'pending' | 'sealed' | 'anchored';
/** The issuer's revocation or suspension of a record on the chain (null while it is in force). */
export type RecordStanding = { status: 'REVOKED' | 'SUSPENDED'; reason?: string } | null;
/** What a list shows of a record: its number, the importer by name, the period it covers. */
export type RecordSummary = {
  number: string | null;
  importer: string | null;
  period: { from: string | null; to: string | null } | null;
};
/** The records list's status filter: a ledger step, or revoked / suspended by the issuer. */
export type RecordStatusFilter = LedgerStatus | 'revoked' | 'suspended';

/** An organisation as the node names it (null name: not known to this node). */
export type OrgParty = { id: string; name: string | null };
/** Who acted: the organisation, the person when the node may name them, or the node itself. */
export type ActorParty = { org: OrgParty; person: { id: string; name: string | null } | null; system: boolean };

export type CredentialListItem = {
  id: string;
  hash: string;
  type: string;
  status: LedgerStatus;
  standing?: RecordStanding;
  summary?: RecordSummary;
  issuedAt: string;
};
export type CredentialList = { items: CredentialListItem[]; next: string | null; total: number };
export type CredentialQuery = {
  q?: string;
  type?: string;
  status?: RecordStatusFilter | '';
  limit?: number;
  after?: string;
};

export type CredentialRecord = {
  id: string;
  hash: string;
  type: string;
  status: LedgerStatus;
  standing?: RecordStanding;
  summary?: RecordSummary;
  issuedAt: string;
  verifiableCredential: SignedCredential;
  anchor: AnchorReceipt | null;
};

export type IssueResult = { id: string; hash: string; status: LedgerStatus; verifiableCredential: SignedCredential };
export type QrText = { kind: 'embedded' | 'reference'; text: string; anchored?: boolean };
export type CredentialStatusChange = {
  credentialId: string;
  status: 'REVOKED' | 'SUSPENDED' | 'ACTIVE';
  reason: string;
};
/** `POST /credentials/status` → 200: the change as recorded on the chain. */
export type CredentialStatusResult = {
  credentialId: string;
  hash: string;
  status: string;
  txHash?: string;
  blockNumber?: number;
};

/** One entry summary line that claims preference (`POST /origin/claims`). */
export type ClaimLineInput = {
  entryNumber: string;
  entryLine: number;
  /** 10 digits (or 8), no dots. */
  htsus: string;
  importDate: string;
  /** Exact decimal, U.S. dollars. */
  valueUsd: string;
  commercial: boolean;
};
/** The certification a claim relies on, as presented (the signed record and its anchor receipt). */
export type PresentedCertification = { verifiableCredential: Record<string, unknown>; anchor?: AnchorReceipt };
export type FileClaimBody = ClaimLineInput & {
  certification?: PresentedCertification;
  /** The importer of record a broker files for (DID); default: the caller's organisation. */
  importer?: string;
};
/** An importer of record the organisation files claims for (itself, or one that authorised it as its broker). */
export type ClaimImporter = { did: string; name: string; importerNumbers: string[]; own: boolean };
/** A certification of origin that names the organisation or an importer it files for. */
export type ClaimableCertification = {
  id: string;
  hash: string;
  type: string;
  status: LedgerStatus;
  issuedAt: string;
  certificationNumber: string | null;
  issuer: { did: string; name: string };
  importer: { did: string; name: string };
  period: { from: string | null; to: string | null } | null;
  goods: { hs6: string | null; description: string | null }[];
};

export type ClaimState = 'MADE' | 'ACCEPTED' | 'DENIED' | 'CORRECTED';
export type ClaimDecision = {
  outcome: 'ACCEPTED' | 'DENIED';
  reason: string;
  code: string;
  /** Account id, or `system` for the automatic decision at filing. */
  by: string;
  at: string;
  /** The decision's own record (an anchored credential of the customs service), if issued. */
  record: string | null;
};
/** A workflow event of a claim or request (oldest first). */
export type CaseEvent = {
  caseId: string;
  seq: number;
  actorOrgId: string;
  actorId: string;
  kind: string;
  data: Record<string, unknown> | null;
  at: string;
  /** Who acted, by name. */
  actor?: ActorParty;
};
/** A claim as listed (`GET /origin/claims`). */
export type ClaimSummary = {
  id: string;
  state: ClaimState;
  claimant: string;
  /** The importer of record (DID); the claimant unless a broker filed for it. */
  importer?: string;
  participants: string[];
  /** The node dates a claim (its date at the port when it received it). */
  line: Required<ClaimLineInput> & { claimDate: string };
  certification: { id: string | null; hash: string; issuer: string } | null;
  assessment: ClaimVerification;
  decision: ClaimDecision | null;
  supersedes: string | null;
  createdAt: string;
  updatedAt: string;
  version: number;
  /** The claim's parties by name. */
  parties?: {
    claimant: OrgParty;
    importer: OrgParty;
    filer: OrgParty;
    customs: OrgParty | null;
    certifier: OrgParty | null;
  };
  /** Who decided, by name. */
  decidedBy?: ActorParty | null;
};
export type RequestState =
  | 'REQUESTED'
  | 'UNDER_REVIEW'
  | 'CORRECTION_REQUIRED'
  | 'IN_USE'
  | 'VERIFICATION'
  | 'AFFIRMED'
  | 'DENIED'
  | string;
export type AnswerDocument = { name: string; mediaType: string; sha256: string; size: number };
export type InformationRequest = {
  id: string;
  claimId: string;
  state: RequestState;
  /** The customs service that asked. */
  from: string;
  /** The party asked (DID). */
  to: string;
  question: string;
  documentsRequested: string[];
  /** Last day to answer (or to send the correction), YYYY-MM-DD. */
  due: string;
  overdue: boolean;
  answers: { by: string; text: string; documents: AnswerDocument[]; at: string; record: string | null }[];
  findings: { event: string; note: string; by: string; at: string }[];
  record: string | null;
  version: number;
  createdAt: string;
  updatedAt: string;
  events?: CaseEvent[];
  fromParty?: OrgParty;
  toParty?: OrgParty;
  /** Who gave each answer, in order. */
  answeredBy?: OrgParty[];
  /** Who made each finding, in order. */
  foundBy?: ActorParty[];
};
/** A claim with everything (`GET /origin/claims/{id}`). */
export type Claim = Omit<ClaimSummary, 'certification'> & {
  certification:
    | (ClaimSummary['certification'] & {
        verifiableCredential?: Record<string, unknown>;
        anchor?: AnchorReceipt | null;
      })
    | null;
  events?: CaseEvent[];
  requests?: InformationRequest[];
  /** The parties customs may ask for information (the certifier first). */
  askable?: OrgParty[];
};
/** `GET /origin/inbox`: what waits on the organisation. */
export type Inbox = { requests: number; claims: number };
export type ClaimList = { items: ClaimSummary[]; next: string | null };
export type RequestList = { items: InformationRequest[]; next: string | null };
export type ReviewAction = 'ACCEPT' | 'FIND_DEFECTIVE' | 'START_VERIFICATION' | 'AFFIRM' | 'DENY';
export type AskInformationBody = {
  to?: string;
  question: string;
  documentsRequested?: string[];
  dueInBusinessDays: number;
};
export type AnswerBody = {
  text: string;
  /** Small files inline; scans uploaded first (`uploadDocument`) and named by their SHA-256. */
  documents: ({ name: string; mediaType: string; contentBase64: string } | { sha256: string; name?: string })[];
};

const enc = encodeURIComponent;

/** The node's HTTP API, typed. */
export function clearledgerApi(client: ApiClient) {
  return {
    login: (username: string, password: string) =>
      client.post<LoginResult>('/auth/login', { username, password }, { auth: false }),
    logout: () => client.post<unknown>('/auth/logout', {}),
    me: (options?: RequestOptions) => client.get<Me>('/me', options),
    listCredentials(query: CredentialQuery, options?: RequestOptions) {
      const params = new URLSearchParams();
      if (query.q) params.set('q', query.q);
      if (query.type) params.set('type', query.type);
      if (query.status) params.set('status', query.status);
      params.set('order', 'newest');
      params.set('limit', String(query.limit ?? 25));
      if (query.after) params.set('after', query.after);
      return client.get<CredentialList>(`/credentials?${params}`, options);
    },
    getCredential: (id: string, options?: RequestOptions) =>
      client.get<CredentialRecord>(`/credentials/${enc(id)}`, options),
    getCredentialByHash: (hash: string, options?: RequestOptions) =>
      client.get<CredentialRecord>(`/credentials/by-hash/${enc(hash)}`, options),
    credentialPdf: (id: string, lang: string) =>
      client.blob(`/credentials/${enc(id)}/pdf?lang=${enc(lang)}`, 'application/pdf'),
    credentialQr: (id: string) => client.get<QrText>(`/credentials/${enc(id)}/qr`),
    credentialQrImage: (id: string) => client.blob(`/credentials/${enc(id)}/qr.png`, 'image/png'),
    setStatus: (change: CredentialStatusChange) => client.post<CredentialStatusResult>('/credentials/status', change),
    issue: (credential: Record<string, unknown>) => client.post<IssueResult>('/credentials/issue', { credential }),
    verifyOnline: (verifiableCredential: unknown, anchor?: AnchorReceipt, options?: RequestOptions) =>
      client.post<VerificationReport>(
        '/credentials/verify',
        { verifiableCredential, ...(anchor === undefined ? {} : { anchor }) },
        { auth: false, ...options },
      ),
    listClaims(
      query: { certification?: string; state?: ClaimState; before?: string; limit?: number } = {},
      options?: RequestOptions,
    ) {
      const params = new URLSearchParams();
      if (query.certification) params.set('certification', query.certification);
      if (query.state) params.set('state', query.state);
      if (query.before) params.set('before', query.before);
      params.set('limit', String(query.limit ?? 25));
      return client.get<ClaimList>(`/origin/claims?${params}`, options);
    },
    inbox: (options?: RequestOptions) => client.get<Inbox>('/origin/inbox', options),
    getClaim: (id: string, options?: RequestOptions) => client.get<Claim>(`/origin/claims/${enc(id)}`, options),
    fileClaim: (body: FileClaimBody) => client.post<Claim>('/origin/claims', body),
    claimImporters: (options?: RequestOptions) => client.get<{ items: ClaimImporter[] }>('/origin/importers', options),
    claimableCertifications: (importer?: string, options?: RequestOptions) =>
      client.get<{ items: ClaimableCertification[] }>(
        `/origin/claimable-certifications${importer === undefined ? '' : `?importer=${enc(importer)}`}`,
        options,
      ),
    claimableCertification: (hash: string, options?: RequestOptions) =>
      client.get<{ hash: string; verifiableCredential: Record<string, unknown>; anchor: AnchorReceipt | null }>(
        `/origin/claimable-certifications/${enc(hash)}`,
        options,
      ),
    correctClaim: (id: string, body: FileClaimBody) => client.post<Claim>(`/origin/claims/${enc(id)}/correction`, body),
    decideClaim: (id: string, body: { outcome: 'ACCEPTED' | 'DENIED'; reason: string; expectedVersion: number }) =>
      client.post<Claim>(`/origin/claims/${enc(id)}/decision`, body),
    askInformation: (claimId: string, body: AskInformationBody) =>
      client.post<InformationRequest>(`/origin/claims/${enc(claimId)}/requests`, body),
    listRequests(query: { before?: string; limit?: number } = {}, options?: RequestOptions) {
      const params = new URLSearchParams();
      if (query.before) params.set('before', query.before);
      params.set('limit', String(query.limit ?? 25));
      return client.get<RequestList>(`/origin/requests?${params}`, options);
    },
    getRequest: (id: string, options?: RequestOptions) =>
      client.get<InformationRequest>(`/origin/requests/${enc(id)}`, options),
    answerRequest: (id: string, body: AnswerBody) =>
      client.post<InformationRequest>(`/origin/requests/${enc(id)}/answer`, body),
    /** A document for an answer (PDF, PNG, JPEG or TIFF, at most 10 MiB), streamed to the node. */
    uploadDocument: (id: string, file: File) =>
      client.upload<AnswerDocument>(`/origin/requests/${enc(id)}/documents?name=${enc(file.name)}`, file),
    reviewRequest: (id: string, body: { action: ReviewAction; note: string }) =>
      client.post<InformationRequest>(`/origin/requests/${enc(id)}/review`, body),
    /** A document of an answer, as a blob (participants only). */
    requestDocument: (id: string, sha256: string) =>
      client.blob(`/origin/requests/${enc(id)}/documents/${enc(sha256)}`, '*/*'),
    trustSnapshot: () => client.get<unknown>('/trust/snapshot', { auth: false }),
    didDocument: () => client.get<unknown>('/.well-known/did.json', { auth: false }),
    ...instrumentsApi(client),
  };
}
export type ClearledgerApi = ReturnType<typeof clearledgerApi>;
