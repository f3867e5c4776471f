import { credentialHash } from '../credentials/credentialHash.ts';
import type { CryptoPort } from '../crypto/CryptoPort.ts';
import { ClearledgerError } from '../errors/ClearledgerError.ts';
import type { NewCredentialRow, Store } from '../store/Store.ts';

/** What a keyed issuance answered, recorded with its credentials. */
export type RecordedResponse = { statusCode: number; body: unknown };

/** Parameters of {@link issueOnce}. */
export type IssueOnceParameters = {
  orgId: string;
  /** The client's idempotency key: 1 to 255 visible ASCII characters, scoped to `orgId`. */
  key: string;
  /** The request as the client sent it (its JCS hash tells a retry from another request). */
  request: unknown;
  /** The response to record, from the rows stored (called inside their transaction). */
  respond(rows: readonly NewCredentialRow[]): RecordedResponse;
};

/** Result of {@link issueOnce}: the recorded response of an earlier run, or this run's result. */
export type IssueOnceResult<R> = ({ replayed: true } & RecordedResponse) | { replayed: false; result: R };

/** Whether a text is a usable idempotency key. */
export function isIdempotencyKey(key: string): boolean {
  return /^[\x21-\x7e]{1,255}$/.test(key);
}

/**
 * Runs an issuance at most once per (organisation, idempotency key). The first run's response is
 * written in the same transaction as its credentials — so a crash after the commit leaves the key
 * mapped to the records — and a retry with the same key and the same request gets that response
 * again instead of new records. The same key with another request is `CL_HTTP_IDEMPOTENCY_KEY_REUSED`.
 * A run that stores nothing (invalid credentials) records nothing: its retry is judged afresh.
 *
 * @param deps - the store, crypto (for the request hash) and the time recorded.
 * @param params - organisation, key, request and how to build the recorded response.
 * @param issue - the issuance, given the store to write with (its `insertCredentials` also records the key).
 */
export async function issueOnce<R>(
  deps: { store: Store; crypto: CryptoPort; now: string },
  params: IssueOnceParameters,
  issue: (store: Store) => Promise<R>,
): Promise<IssueOnceResult<R>> {
  const { store } = deps;
  const { orgId, key } = params;
  if (!isIdempotencyKey(key)) {
    throw new ClearledgerError('CL_INPUT_INVALID', 'An Idempotency-Key is 1 to 255 visible ASCII characters.', {
      field: 'Idempotency-Key',
    });
  }
  const requestHash = credentialHash(deps.crypto, params.request);
  const replay = async (): Promise<IssueOnceResult<R> | null> => {
    const recorded = await store.findIdempotencyRecord(orgId, key);
    if (recorded === null) return null;
    if (recorded.requestHash !== requestHash) {
      throw new ClearledgerError(
        'CL_HTTP_IDEMPOTENCY_KEY_REUSED',
        `The Idempotency-Key "${key}" was used on ${recorded.createdAt} for another request; use a new key for a new request.`,
        { field: 'Idempotency-Key' },
      );
    }
    return { replayed: true, statusCode: recorded.statusCode, body: JSON.parse(recorded.response) as unknown };
  };
  const earlier = await replay();
  if (earlier !== null) return earlier;
  const recording: Store = {
    ...store,
    insertCredentials: (insertOrgId, rows) =>
      store.transaction(async (tx) => {
        await tx.insertCredentials(insertOrgId, rows);
        const { statusCode, body } = params.respond(rows);
        await tx.putIdempotencyRecord({
          orgId,
          key,
          requestHash,
          statusCode,
          response: JSON.stringify(body),
          createdAt: deps.now,
        });
      }),
  };
  try {
    return { replayed: false, result: await issue(recording) };
  } catch (error) {
    // The same key sent twice at once: the second commit lost on the key and rolled back.
    if (error instanceof ClearledgerError && error.code === 'CL_STORE_CONFLICT') {
      const concurrent = await replay();
      if (concurrent !== null) return concurrent;
    }
    throw error;
  }
}

/**
 * The body `POST /credentials/issue` answers for stored rows: the record (one credential asked) or
 * `{ issued: [...] }`, each `{ id, hash, status: 'pending', verifiableCredential }`.
 */
export function issueResponseBody(rows: readonly NewCredentialRow[], single: boolean): unknown {
  const issued = rows.map((r) => ({
    id: r.id,
    hash: r.hash,
    status: 'pending',
    verifiableCredential: JSON.parse(r.document) as unknown,
  }));
  return single ? issued[0] : { issued };
}
