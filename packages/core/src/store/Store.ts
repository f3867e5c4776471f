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
  countCredentials(orgId: string, query?: Omit<CredentialQuery, 'limit' | 'afterId'>): Promise<number>;

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

  /** Node-wide key/value settings (the node's own configuration, schema version, ...). */
  getSetting(key: string): Promise<string | null>;
  putSetting(key: string, value: string): Promise<void>;
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
  limit?: number;
  /** Keyset pagination: rows with id greater than this. */
  afterId?: string;
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
  members: { credentialId: string; leafIndex: number; inclusionProof: string[] }[];
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
