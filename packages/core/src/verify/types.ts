import type { ErrorCode } from '../errors/codes.ts';

/** The checks of a verification report, in the order they run. */
export const checkNames = ['format', 'integrity', 'issuer', 'anchor', 'status', 'validity', 'domain'] as const;
export type CheckName = (typeof checkNames)[number];

/** Outcome of one check. */
export type CheckStatus = 'VALID' | 'INVALID' | 'ERROR' | 'SKIPPED';

/** One check of a report, with its stable reason code and a sentence for people. */
export type VerificationCheck = {
  check: CheckName;
  status: CheckStatus;
  code: ErrorCode;
  message: string;
  details?: Record<string, unknown>;
};

/**
 * Overall verdict. VALID only when every check is VALID or does not apply; INVALID when any check is
 * INVALID; INCONCLUSIVE otherwise (a check could not run: ledger unreachable, anchor pending, ...).
 */
export type Verdict = 'VALID' | 'INVALID' | 'INCONCLUSIVE';

export type VerificationReport = {
  verdict: Verdict;
  checks: VerificationCheck[];
  credentialId?: string;
  issuer?: string;
  types?: string[];
  /** Ledger identity of the credential (SHA-256 of JCS of the signed credential). */
  hash?: string;
  /** The `now` the report was computed at. */
  verifiedAt: string;
  /** Where ledger facts came from: a live chain, or an offline snapshot as of a block and time. */
  ledgerSource?: LedgerSource;
};

/** Receipt that ties a credential to an anchored Merkle batch (RFC 9162 inclusion proof). */
export type AnchorReceipt = {
  batchId?: string;
  /** Merkle root, lower-case hex. */
  root: string;
  leafIndex: number;
  treeSize: number;
  /** Audit path, lower-case hex, leaf to root. */
  proof: string[];
  chainId?: number;
  txHash?: string;
  blockNumber?: number;
  anchoredAt?: string;
};

/**
 * A point of ledger history: the state after block `blockNumber`. Verification asks for the issuer's
 * roles and active flag at the block that anchored the record (issuance), not as of today.
 */
export type LedgerPoint = { blockNumber: number };

/**
 * What the trust registry says about an issuer and one of its keys. `organization` is as of the
 * point asked for (null when it was not registered then); `key` is the key's whole timeline
 * (validity window and revocation, which can be back-dated), judged by the verifier at issuance time.
 */
export type IssuerFacts = {
  organization: { id: string; active: boolean; roles: readonly string[] } | null;
  key: { validFrom: string; validUntil: string | null; revokedAt: string | null } | null;
};

/** What the ledger says about an anchored batch root. */
export type AnchorFacts = {
  root: string;
  issuer: string;
  /** Number of credentials in the batch; the receipt's tree size must equal it. */
  size: number;
  blockNumber: number;
  anchoredAt: string;
  chainId?: number;
};

/**
 * What the ledger says about a credential's status. UNKNOWN: the view does not track statuses (a
 * node's own store without its chain), so the status check is SKIPPED and the verdict INCONCLUSIVE.
 */
export type StatusFacts = { status: 'ACTIVE' | 'REVOKED' | 'SUSPENDED' | 'UNKNOWN'; reason?: string; since?: string };

export type LedgerSource = { kind: 'live' | 'snapshot' | 'local'; blockNumber?: number; asOf?: string };

type MaybePromise<T> = T | Promise<T>;

/**
 * The ledger as verification sees it. Filled in by the ledger package (live chain), by a signed
 * snapshot (offline officer app) or by the node's own store (a single node before anchoring).
 */
export type LedgerView = {
  readonly source: LedgerSource;
  /**
   * The issuer's registration (roles, active flag) as of `at` — the latest state when `at` is
   * absent — and the key's timeline. A view without history answers the latest state.
   */
  issuerFacts(issuer: string, publicKeyMultibase: string, at?: LedgerPoint): MaybePromise<IssuerFacts>;
  /**
   * The anchor of `root` by `issuer` (anchors are keyed by organisation and root: another
   * organisation anchoring the same root neither blocks nor stands in for the issuer's), or null.
   */
  anchorFacts(root: string, issuer: string): MaybePromise<AnchorFacts | null>;
  /** Status the issuer set for the credential (statuses are per issuing organisation). */
  statusFacts(credentialHash: string, issuer: string): MaybePromise<StatusFacts>;
  /** A receipt the view knows for this credential hash (e.g. the issuing node's own), if any. */
  anchorReceipt?(credentialHash: string): MaybePromise<AnchorReceipt | 'pending' | null>;
};

/** A domain rule check for a record type (filled in by later capabilities). */
export type DomainCheck = (
  credential: Record<string, unknown>,
  now: string,
) => MaybePromise<Omit<VerificationCheck, 'check'> | null>;
