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

/** Result of {@link issueCredentials}. */
export type IssueCredentialsResult =
  | { success: true; issued: { id: string; hash: string; credential: SignedCredential; canonical: string }[] }
  | { success: false; problems: IssueProblem[] };

/**
 * Validates and signs a set of credentials, then stores them with their anchoring outbox rows in one
 * transaction. All or nothing: when any credential is invalid, nothing is signed into the store and
 * every problem is reported with its input index and field.
 */
export async function issueCredentials(
  deps: IssueContext & { store: Store },
  { orgId, signer, credentials }: IssueCredentialsParameters,
): Promise<IssueCredentialsResult> {
  const issued: { id: string; hash: string; credential: SignedCredential; canonical: string }[] = [];
  const problems: IssueProblem[] = [];
  for (let index = 0; index < credentials.length; index++) {
    const result = issueCredential(deps, { credential: credentials[index]!, signer });
    if (result.success) {
      issued.push({
        id: result.credential.id!,
        hash: result.hash,
        credential: result.credential,
        canonical: result.canonical,
      });
    } else for (const p of result.problems) problems.push({ ...p, index });
  }
  if (problems.length > 0) return { success: false, problems };
  await deps.store.insertCredentials(
    orgId,
    issued.map(({ id, hash, credential, canonical }) => ({
      id,
      hash,
      type: primaryType(credential.type),
      issuedAt: deps.now,
      document: canonical,
    })),
  );
  return { success: true, issued };
}

/** The most specific type of a credential (the first one that is not `VerifiableCredential`). */
export function primaryType(types: readonly string[]): string {
  return types.find((t) => t !== 'VerifiableCredential') ?? 'VerifiableCredential';
}
