/**
 * The off-chain store port. Implemented by `@clearledger/store` for SQLite (embedded default) and
 * PostgreSQL (`DATABASE_URL`); one behaviour suite runs against both.
 *
 * Rules every adapter keeps:
 * - every read and write of organisation-owned data takes the caller's `orgId` and never returns
 *   another organisation's rows (a foreign id reads as not found);
 * - every write method is atomic: it either fully happens or leaves nothing behind;
 * - failures are `ClearledgerError`s with portable codes: `CL_STORE_NOT_FOUND`, `CL_STORE_CONFLICT`,
 *   `CL_STORE_UNAVAILABLE`, `CL_STORE_MIGRATION_FAILED`;
 * - timestamps are ISO-8601 UTC strings with milliseconds (`2026-01-31T12:00:00.000Z`), hashes are
 *   lower-case hex, JSON documents are stored as the exact text given.
 */
export type Store = {
  readonly dialect: 'sqlite' | 'postgres';
  /** Applies pending migrations (idempotent; each migration in its own transaction). */
  migrate(): Promise<{ applied: string[] }>;
  /** Runs `fn` in one transaction; a throw rolls everything back. Nested calls join the outer one. */
  transaction<T>(fn: (tx: Store) => Promise<T>): Promise<T>;
  close(): Promise<void>;

  putOrganization(org: OrganizationRecord): Promise<void>;
  getOrganization(id: string): Promise<OrganizationRecord | null>;
  listOrganizations(): Promise<OrganizationRecord[]>;

  /** Adds a signing key (`CL_STORE_CONFLICT` if its public key is already registered). */
  putKey(key: KeyRecord): Promise<void>;
  /** Updates the validity end or revocation time of a key of `orgId`. */
  updateKey(
    orgId: string,
    publicKeyMultibase: string,
    change: { validUntil?: string; revokedAt?: string },
  ): Promise<void>;
  listKeys(orgId: string): Promise<KeyRecord[]>;
  /** The key with this public key, whoever owns it (trust lookups), or null. */
  findKey(publicKeyMultibase: string): Promise<KeyRecord | null>;

  /**
   * Stores issued credentials, all in one transaction, as `pending` (awaiting a Merkle batch).
   * A pending credential is its own anchoring outbox entry: no separate outbox row is written.
   * `CL_STORE_CONFLICT` when an id or hash already exists; then nothing of the call is stored.
   */
  insertCredentials(orgId: string, rows: NewCredentialRow[]): Promise<void>;
  /** The oldest `pending` credentials of `orgId` (insertion order), for the next Merkle batch. */
  pendingCredentials(orgId: string, limit: number): Promise<{ id: string; hash: string }[]>;
  /** `CL_STORE_NOT_FOUND` when the id does not exist or belongs to another organisation. */
  getCredential(orgId: string, id: string): Promise<CredentialRow>;
  getCredentialByHash(orgId: string, hash: string): Promise<CredentialRow>;
  listCredentials(orgId: string, query?: CredentialQuery): Promise<CredentialRow[]>;
  countCredentials(orgId: string, query?: Omit<CredentialQuery, 'limit' | 'afterId' | 'newestFirst'>): Promise<number>;

  /** Pending outbox rows of `kind` (e.g. `anchor-batch`), oldest first. */
  pendingOutbox(orgId: string, kind: string, limit: number): Promise<OutboxRow[]>;
  /**
   * Seals a Merkle batch in one transaction: stores the batch, sets each member's batch, leaf index
   * and inclusion proof (members must be `pending` credentials of `orgId`, else `CL_STORE_CONFLICT`
   * and nothing changes), and enqueues one `anchor-batch` outbox row keyed by the batch root.
   */
  sealBatch(orgId: string, batch: NewBatch): Promise<void>;
  getBatch(orgId: string, id: string): Promise<BatchRow>;
  /**
   * Records that a batch root is on the ledger (one row: credential status is derived from their
   * batch, so all members read as `anchored` at once). Idempotent.
   */
  markBatchAnchored(orgId: string, id: string, anchor: BatchAnchor): Promise<void>;
  /**
   * Public ledger facts about a credential hash, whoever issued it (no document content): its batch
   * root, leaf index, inclusion proof and anchor, for verification on this node. Null when unknown.
   */
  findReceipt(hash: string): Promise<ReceiptRow | null>;
  /** The batch with this root, whoever sealed it, or null. */
  findBatchByRoot(root: string): Promise<BatchRow | null>;
  /** Marks an outbox row done. Idempotent. */
  completeOutbox(orgId: string, id: number): Promise<void>;

  // Cases: workflow items several organisations take part in — an origin claim at entry (importer,
  // customs, certifier), customs' information request (customs, requested party), later in-bond
  // movements and carnets. Each has a state, JSON data, an optional deadline, a version for
  // optimistic concurrency, and an append-only event history. Only participants see a case.
  /**
   * Creates a case and its first event. `CL_STORE_CONFLICT` when the id exists or another case of the
   * same kind has the same `uniqueKey` (e.g. one claim per entry line).
   */
  putCase(item: NewCaseRecord, event: CaseEventInput): Promise<CaseRecord>;
  /** `CL_STORE_NOT_FOUND` unless the viewer's organisation is a participant. */
  getCase(viewerOrgId: string, id: string): Promise<CaseRecord>;
  /**
   * The case of `kind` with `uniqueKey`, or null, whoever takes part in it: for the node's own
   * services (a permit's case by its hash); what a caller may see is decided by participants.
   */
  findCaseByKey(kind: string, uniqueKey: string): Promise<CaseRecord | null>;
  /** Cases of a kind the viewer takes part in, newest first (keyset pagination by `beforeId`). */
  listCases(viewerOrgId: string, query: CaseQuery): Promise<CaseRecord[]>;
  /**
   * Moves a case to `state` with new `data` (and deadline) and appends `event`, atomically, only if
   * the case is still at `expectedVersion` (`CL_STORE_CONFLICT` otherwise: someone acted first) and
   * the viewer participates (`CL_STORE_NOT_FOUND` otherwise).
   */
  updateCase(viewerOrgId: string, id: string, change: CaseChange): Promise<CaseRecord>;
  /** The case's events, oldest first (participants only). */
  listCaseEvents(viewerOrgId: string, id: string): Promise<CaseEvent[]>;
  /** Cases of `kind` in one of `states` whose deadline is before `before` (the node's overdue sweep). */
  dueCases(kind: string, states: readonly string[], before: string, limit: number): Promise<CaseRecord[]>;
  /**
   * Whether a case the viewer's organisation takes part in holds `ref` (e.g. a record hash, as a
   * whole JSON string value) in its data: the record was presented to it.
   */
  caseReferences(viewerOrgId: string, ref: string): Promise<boolean>;

  // Idempotency keys of state-changing requests (issuance), per organisation.
  /** The recorded outcome of `key` for `orgId`, or null. */
  findIdempotencyRecord(orgId: string, key: string): Promise<IdempotencyRecord | null>;
  /**
   * Records the outcome of a keyed request; call it in the transaction that does the work, so the
   * key and what it did commit together. `CL_STORE_CONFLICT` when (orgId, key) is already recorded.
   */
  putIdempotencyRecord(record: IdempotencyRecord): Promise<void>;
  /** Deletes records created before `createdBefore`; returns how many. */
  deleteIdempotencyRecords(createdBefore: string): Promise<number>;

  // Trade identifiers customs verified for organisations (who may claim on an entry), and the
  // brokers each importer authorised.
  /**
   * Replaces the organisation's importer numbers and filer codes, atomically. `CL_STORE_CONFLICT`
   * when one is recorded for another organisation (nothing changes); `CL_STORE_NOT_FOUND` when the
   * organisation does not exist.
   */
  putTradeIdentifiers(record: TradeIdentifiersRecord): Promise<void>;
  /** The organisation's identifiers (empty lists when none were recorded). */
  getTradeIdentifiers(orgId: string): Promise<TradeIdentifiersRecord>;
  /** The organisation an importer number or filer code is recorded for, or null. */
  findTradeIdentifierHolder(kind: TradeIdentifierKind, value: string): Promise<string | null>;
  /** Records that an importer authorised a broker (idempotent); `CL_STORE_NOT_FOUND` for an unknown organisation. */
  putBrokerAuthorization(authorization: BrokerAuthorizationRecord): Promise<void>;
  /** Withdraws an authorisation; idempotent. */
  deleteBrokerAuthorization(importerOrgId: string, brokerOrgId: string): Promise<void>;
  /** The brokers an importer authorised, by broker id. */
  listBrokerAuthorizations(importerOrgId: string): Promise<BrokerAuthorizationRecord[]>;

  /** Node-wide key/value settings (the node's own configuration, schema version, ...). */
  getSetting(key: string): Promise<string | null>;
  putSetting(key: string, value: string): Promise<void>;

  // People's accounts. Usernames are unique node-wide, compared case-insensitively (store them lower-cased).
  /**
   * Adds an account; its username is stored lower-cased. `CL_STORE_CONFLICT` when the username (any
   * case) or id exists; `CL_STORE_NOT_FOUND` when the organisation does not exist.
   */
  putAccount(account: AccountRecord): Promise<void>;
  /** `CL_STORE_NOT_FOUND` when absent or another organisation's. */
  getAccount(orgId: string, id: string): Promise<AccountRecord>;
  /** Login lookup across organisations, case-insensitive; null when unknown. */
  findAccountByUsername(username: string): Promise<AccountRecord | null>;
  /** The organisation's accounts, by username. */
  listAccounts(orgId: string): Promise<AccountRecord[]>;
  /** `CL_STORE_NOT_FOUND` when absent or another organisation's. */
  updateAccount(orgId: string, id: string, change: AccountChange): Promise<void>;

  // OAuth 2.0 client-credentials clients (a broker's software, a PGA's system).
  /** `CL_STORE_CONFLICT` when the clientId exists; `CL_STORE_NOT_FOUND` when the organisation does not. */
  putClient(client: ClientRecord): Promise<void>;
  /** The client with this id, whichever organisation owns it (token requests), or null. */
  findClient(clientId: string): Promise<ClientRecord | null>;
  /** The organisation's clients, by clientId. */
  listClients(orgId: string): Promise<ClientRecord[]>;
  /** `CL_STORE_NOT_FOUND` when absent or another organisation's. */
  updateClient(
    orgId: string,
    clientId: string,
    change: { disabled?: boolean; secretHash?: string; scopes?: string[] },
  ): Promise<void>;

  // Opaque bearer tokens, stored only as their SHA-256 hash.
  /** `CL_STORE_CONFLICT` when the hash exists; `CL_STORE_NOT_FOUND` when the organisation does not. */
  putAccessToken(token: AccessTokenRecord): Promise<void>;
  /** The token with this hash, or null. Expired tokens are returned until deleted: compare `expiresAt`. */
  findAccessToken(tokenHash: string): Promise<AccessTokenRecord | null>;
  /** Deletes a token; idempotent. */
  deleteAccessToken(tokenHash: string): Promise<void>;
  /** Deletes tokens with expiresAt <= now; returns how many. */
  deleteExpiredAccessTokens(now: string): Promise<number>;

  // Audit log of state-changing calls. Append-only: there is no update or delete.
  /** Appends an entry; returns its id (increasing). */
  appendAudit(entry: NewAuditEntry): Promise<number>;
  /**
   * Entries the viewer may read, newest first: its own organisation's, plus — when viewer.customs —
   * the customsMatter entries of other organisations whose jurisdiction includes `viewer.country`
   * (none without a country). Keyset pagination with beforeId.
   */
  listAudit(viewer: { orgId: string; customs: boolean; country?: string }, query?: AuditQuery): Promise<AuditEntry[]>;
};

/** Kinds of trade identifier: an importer of record's number (IRS, CBP-assigned, SSN) or a filer code. */
export type TradeIdentifierKind = 'IMPORTER_NUMBER' | 'FILER_CODE';

/** The trade identifiers customs verified for an organisation. */
export type TradeIdentifiersRecord = {
  orgId: string;
  importerNumbers: string[];
  /** Three characters that start every entry number the organisation files. */
  filerCodes: string[];
  /** Who recorded them (organisation#person) and when; empty when none were recorded. */
  recordedBy: string;
  recordedAt: string;
};

/** An importer's authorisation of a customs broker to file and claim on its entries. */
export type BrokerAuthorizationRecord = {
  importerOrgId: string;
  brokerOrgId: string;
  authorizedBy: string;
  authorizedAt: string;
};

export type OrganizationRecord = {
  id: string;
  did: string;
  name: string;
  country: string;
  roles: string[];
  active: boolean;
  createdAt: string;
};

export type KeyRecord = {
  orgId: string;
  publicKeyMultibase: string;
  /** Secret key encrypted at rest (only for the node's own keys), opaque to the store. */
  encryptedSecret: string | null;
  validFrom: string;
  validUntil: string | null;
  revokedAt: string | null;
  createdAt: string;
};

/** `pending` until sealed in a Merkle batch, `sealed` until the batch root is on the ledger, then `anchored`. */
export type CredentialStatus = 'pending' | 'sealed' | 'anchored';

export type NewCredentialRow = {
  id: string;
  /** SHA-256 hex of JCS(signed credential). */
  hash: string;
  type: string;
  issuedAt: string;
  /** The signed credential as JSON text. */
  document: string;
};

export type CredentialRow = NewCredentialRow & {
  orgId: string;
  status: CredentialStatus;
  batchId: string | null;
  leafIndex: number | null;
  /** Inclusion proof as lower-case hex node hashes, leaf to root. */
  inclusionProof: string[] | null;
  createdAt: string;
};

export type CredentialQuery = {
  type?: string;
  status?: CredentialStatus;
  /**
   * Search: credentials whose id or type contains `q`, whose hash starts with it, or whose document
   * text contains it. Letters A–Z match either case; every other character, `%` and `_` included,
   * matches only itself (so both databases return the same rows).
   */
  q?: string;
  limit?: number;
  /**
   * Keyset pagination: rows with id greater than this; with `newestFirst`, rows stored before the
   * credential with this id.
   */
  afterId?: string;
  /** Newest first (the order credentials were stored in, reversed) instead of by id. */
  newestFirst?: boolean;
};

export type OutboxRow = {
  id: number;
  orgId: string;
  kind: string;
  idempotencyKey: string;
  payload: string;
  status: 'pending' | 'done';
  attempts: number;
  createdAt: string;
};

export type NewBatch = {
  id: string;
  /** Merkle root, lower-case hex. */
  root: string;
  createdAt: string;
  /**
   * Inclusion proofs as lower-case hex node hashes, or as the nodes' 32-byte hashes concatenated
   * (what the Merkle tree produces: no hex round trip for large batches).
   */
  members: { credentialId: string; leafIndex: number; inclusionProof: readonly string[] | Uint8Array }[];
};

export type BatchAnchor = { chainId: number; txHash: string; blockNumber: number; anchoredAt: string };

export type BatchRow = {
  id: string;
  orgId: string;
  root: string;
  size: number;
  createdAt: string;
  anchor: BatchAnchor | null;
};

export type ReceiptRow = {
  hash: string;
  orgId: string;
  status: CredentialStatus;
  batch: BatchRow | null;
  leafIndex: number | null;
  inclusionProof: string[] | null;
};

/** A person's account in an organisation. */
export type AccountRecord = {
  id: string;
  orgId: string;
  /** Unique node-wide, case-insensitively; the store keeps and returns it lower-cased. */
  username: string;
  displayName: string;
  /** Password hash in PHC string format (the node hashes; the store never sees passwords). */
  passwordHash: string;
  /** Roles within the organisation, e.g. ['ADMIN'], ['OFFICER'], ['STAFF']. */
  roles: string[];
  disabled: boolean;
  failedLogins: number;
  lockedUntil: string | null;
  createdAt: string;
};

/** The fields of an account {@link Store.updateAccount} may change; absent fields stay as they are. */
export type AccountChange = {
  displayName?: string;
  passwordHash?: string;
  roles?: string[];
  disabled?: boolean;
  failedLogins?: number;
  lockedUntil?: string | null;
};

/** An OAuth 2.0 client-credentials client of an organisation. */
export type ClientRecord = {
  clientId: string;
  orgId: string;
  name: string;
  /** Secret hash in PHC string format. */
  secretHash: string;
  scopes: string[];
  disabled: boolean;
  createdAt: string;
};

/** An opaque bearer token, known to the store only by its hash. */
export type AccessTokenRecord = {
  /** SHA-256 of the token, lower-case hex. */
  tokenHash: string;
  orgId: string;
  subjectKind: 'account' | 'client';
  /** The account id or clientId. */
  subjectId: string;
  scopes: string[];
  expiresAt: string;
  createdAt: string;
};

/** An audit log entry before the store numbers it. */
export type NewAuditEntry = {
  orgId: string;
  actorKind: 'account' | 'client' | 'operator' | 'system' | 'anonymous';
  actorId: string;
  /** What was done, e.g. 'credential.issue', 'credential.status', 'auth.login'. */
  action: string;
  /** What it was done to (a credential id, an account id), or null. */
  target: string | null;
  ip: string | null;
  userAgent: string | null;
  outcome: 'success' | 'failure';
  statusCode: number;
  /** True for matters customs may read (claims, permits, carnets, in-bonds, certifications). */
  customsMatter: boolean;
  /**
   * The countries (ISO 3166-1 alpha-2) whose customs service may read this customs matter (e.g. the
   * importing country of an issued certification). Absent or empty: none but the organisation itself.
   */
  jurisdiction?: string[];
  at: string;
  details: Record<string, unknown> | null;
};

/** A stored audit log entry. */
export type AuditEntry = NewAuditEntry & { id: number };

export type AuditQuery = {
  /** Page size, 1..1000; default 100. */
  limit?: number;
  /** Keyset pagination: entries with id less than this. */
  beforeId?: number;
  /** Only entries with exactly this action. */
  action?: string;
};

/** What a keyed request did (see {@link Store.putIdempotencyRecord}). */
export type IdempotencyRecord = {
  orgId: string;
  /** The client's `Idempotency-Key`, 1–255 visible ASCII characters. */
  key: string;
  /** SHA-256 hex of the request (JCS of its body): the same key with another request is refused. */
  requestHash: string;
  statusCode: number;
  /** The response body as JSON text, returned again on a retry. */
  response: string;
  createdAt: string;
};

/** A new case: see {@link Store.putCase}. */
export type NewCaseRecord = {
  /** Sortable unique id, e.g. `claim_<time-ordered uuid>`. */
  id: string;
  /** e.g. `origin-claim`, `information-request`. */
  kind: string;
  /** The organisation that opened it. */
  ownerOrgId: string;
  /** Every organisation that may read it (the owner is added when missing). */
  participants: string[];
  state: string;
  /** At most one case of a kind per unique key (null: no constraint). */
  uniqueKey: string | null;
  /** The case this one belongs to (an information request's claim), or null. */
  parentId: string | null;
  /** Deadline (ISO-8601), or null. */
  dueAt: string | null;
  data: Record<string, unknown>;
  createdAt: string;
};

export type CaseRecord = NewCaseRecord & { version: number; updatedAt: string };

export type CaseQuery = {
  kind: string;
  state?: string;
  parentId?: string;
  /** Only cases this organisation opened. */
  ownerOrgId?: string;
  limit?: number;
  /** Keyset pagination: cases with an id lower than this (ids sort by creation). */
  beforeId?: string;
};

export type CaseEventInput = {
  /** Organisation and person or system that acted. */
  actorOrgId: string;
  actorId: string;
  /** e.g. `claim.made`, `claim.decided`, `request.answered`. */
  kind: string;
  data: Record<string, unknown> | null;
  at: string;
};

export type CaseEvent = CaseEventInput & { caseId: string; seq: number };

export type CaseChange = {
  expectedVersion: number;
  state: string;
  data: Record<string, unknown>;
  /** New deadline; `undefined` keeps the current one. */
  dueAt?: string | null;
  /** Organisations to add as participants. */
  addParticipants?: string[];
  event: CaseEventInput;
};
