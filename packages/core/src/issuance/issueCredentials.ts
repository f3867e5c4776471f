import type { FormatProblem } from '../credentials/checkCredentialFormat.ts';
import { type IssueContext, issueCredential } from '../credentials/issueCredential.ts';
import type { Signer } from '../credentials/signer.ts';
import type { SignedCredential } from '../credentials/types.ts';
import type { Store } from '../store/Store.ts';

/** Parameters of {@link issueCredentials}. */
export type IssueCredentialsParameters = {
  orgId: string;
  signer: Signer;
  credentials: readonly Record<string, unknown>[];
};

/** A problem with one input credential, by its position in the input. */
export type IssueProblem = FormatProblem & { index: number };

/** One signed credential: its ledger identity and its canonical JSON text. */
export type SignedRecord = {
  id: string;
  /** SHA-256 of `canonical`, lower-case hex. */
  hash: string;
  /** The most specific type. */
  type: string;
  /** The signed credential as RFC 8785 JSON text (what is stored and served). */
  canonical: string;
};

/** A signed credential; `credential` is parsed from `canonical` when first read. */
export type IssuedCredential = SignedRecord & { readonly credential: SignedCredential };

/** Outcome of signing one input: the record, or the problems that stopped it. */
export type SignOutcome = { success: true; record: SignedRecord } | { success: false; problems: FormatProblem[] };

/**
 * Signs many credentials. The default signs them one after another on the calling thread; a host
 * may pass a parallel implementation (the node uses a worker-thread pool) with the same results.
 */
export type SignMany = (parameters: {
  signer: Signer;
  credentials: readonly Record<string, unknown>[];
  now: string;
}) => Promise<SignOutcome[]>;

/** Result of {@link issueCredentials}. */
export type IssueCredentialsResult =
  | { success: true; issued: IssuedCredential[] }
  | { success: false; problems: IssueProblem[] };

/**
 * Validates and signs a set of credentials, then stores them in one transaction as pending (each is
 * its own anchoring outbox entry until a Merkle batch seals it). All or nothing: when any credential
 * is invalid, nothing is stored and every problem is reported with its input index and field.
 */
export async function issueCredentials(
  deps: IssueContext & { store: Store; signMany?: SignMany },
  { orgId, signer, credentials }: IssueCredentialsParameters,
): Promise<IssueCredentialsResult> {
  const outcomes =
    deps.signMany === undefined
      ? signSequentially(deps, signer, credentials)
      : await deps.signMany({ signer, credentials, now: deps.now });
  const problems: IssueProblem[] = [];
  const records: SignedRecord[] = [];
  outcomes.forEach((outcome, index) => {
    if (outcome.success) records.push(outcome.record);
    else for (const p of outcome.problems) problems.push({ ...p, index });
  });
  if (problems.length > 0) return { success: false, problems };
  await deps.store.insertCredentials(
    orgId,
    records.map(({ id, hash, type, canonical }) => ({ id, hash, type, issuedAt: deps.now, document: canonical })),
  );
  return { success: true, issued: records.map(withCredential) };
}

/** Signs each credential in turn with {@link issueCredential}. */
export function signSequentially(
  ctx: IssueContext,
  signer: Signer,
  credentials: readonly Record<string, unknown>[],
): SignOutcome[] {
  return credentials.map((credential) => {
    const result = issueCredential(ctx, { credential, signer });
    if (!result.success) return result;
    return {
      success: true,
      record: {
        id: result.credential.id!,
        hash: result.hash,
        type: primaryType(result.credential.type),
        canonical: result.canonical,
      },
    };
  });
}

function withCredential(record: SignedRecord): IssuedCredential {
  let parsed: SignedCredential | undefined;
  return {
    ...record,
    get credential() {
      parsed ??= JSON.parse(record.canonical) as SignedCredential;
      return parsed;
    },
  };
}

/** The most specific type of a credential (the first one that is not `VerifiableCredential`). */
export function primaryType(types: readonly string[]): string {
  return types.find((t) => t !== 'VerifiableCredential') ?? 'VerifiableCredential';
}
