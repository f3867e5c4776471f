import type { AnchorReceipt, CryptoPort, InclusionCache, LedgerSnapshot, VerificationReport } from '@clearledger/core';
import type { CredentialRecord } from '../api/clearledgerApi.ts';
import { isApiError } from '../api/client.ts';
import type { CheckEntry, CheckHistory, CheckOrigin } from '../offline/checkHistory.ts';
import { checkReferencedHash, verifyLocally } from '../offline/verifyLocally.ts';
import type { ScanInput } from './parseScanText.ts';

/** What checking a record needs from the app. */
export type VerificationDeps = {
  crypto: CryptoPort;
  now: () => string;
  newId: () => string;
  snapshot: () => LedgerSnapshot | null;
  online: () => boolean;
  signedIn: () => boolean;
  history: CheckHistory;
  inclusionCache?: InclusionCache;
  /** How old the trust snapshot may be (ms) for a green verdict; default 24 h. */
  maxSnapshotAgeMs?: () => number;
  api: {
    getCredentialByHash(hash: string): Promise<Pick<CredentialRecord, 'verifiableCredential' | 'anchor'>>;
    verifyOnline(credential: unknown, anchor?: AnchorReceipt): Promise<VerificationReport>;
  };
};

export type CheckOutcome =
  | { kind: 'checked'; entry: CheckEntry }
  /** A QR reference needs the network to fetch its record. */
  | { kind: 'needs-network' }
  /** A QR reference needs a signed-in account to fetch its record. */
  | { kind: 'needs-login'; hash: string }
  /** The node has no record with the referenced hash (or not one this account may see). */
  | { kind: 'not-found'; hash: string }
  | { kind: 'failed'; message: string };

/**
 * Checks a scanned, uploaded or pasted record on this device against the trust snapshot (a QR
 * reference is first fetched from the node) and records the check in the history.
 */
export async function checkRecord(
  deps: VerificationDeps,
  input: ScanInput,
  origin: CheckOrigin,
): Promise<CheckOutcome> {
  let credential: unknown;
  let anchor: AnchorReceipt | undefined;
  let referenceHash: string | undefined;
  if (input.kind === 'embedded') {
    credential = input.credential;
    anchor = input.anchor;
  } else {
    if (!deps.online()) return { kind: 'needs-network' };
    if (!deps.signedIn()) return { kind: 'needs-login', hash: input.hash };
    try {
      const record = await deps.api.getCredentialByHash(input.hash);
      credential = record.verifiableCredential;
      anchor = record.anchor ?? undefined;
      referenceHash = input.hash;
    } catch (error) {
      if (isApiError(error) && (error.status === 404 || error.code === 'CL_STORE_NOT_FOUND'))
        return { kind: 'not-found', hash: input.hash };
      if (isApiError(error) && error.status === 401) return { kind: 'needs-login', hash: input.hash };
      if (isApiError(error) && error.code === 'NETWORK') return { kind: 'needs-network' };
      return { kind: 'failed', message: error instanceof Error ? error.message : String(error) };
    }
  }
  const at = deps.now();
  let report = await verifyLocally(
    {
      crypto: deps.crypto,
      now: at,
      snapshot: deps.snapshot(),
      ...(deps.inclusionCache === undefined ? {} : { inclusionCache: deps.inclusionCache }),
      ...(deps.maxSnapshotAgeMs === undefined ? {} : { maxSnapshotAgeMs: deps.maxSnapshotAgeMs() }),
    },
    { credential, anchor },
  );
  if (referenceHash !== undefined) report = checkReferencedHash(report, referenceHash);
  const entry: CheckEntry = {
    id: deps.newId(),
    at,
    origin,
    report,
    credential,
    ...(anchor === undefined ? {} : { anchor }),
    ...(referenceHash === undefined ? {} : { referenceHash }),
  };
  await deps.history.add(entry);
  return { kind: 'checked', entry };
}

/**
 * Re-checks a recorded check with the node against the live ledger (`POST /credentials/verify`)
 * and keeps the newer report in the history. Throws the API error when the node cannot answer;
 * the local report then stays.
 */
export async function recheckOnline(deps: VerificationDeps, entry: CheckEntry): Promise<CheckEntry> {
  let report = await deps.api.verifyOnline(entry.credential, entry.anchor);
  if (entry.referenceHash !== undefined) report = checkReferencedHash(report, entry.referenceHash);
  await deps.history.updateReport(entry.id, report);
  return { ...entry, report };
}
