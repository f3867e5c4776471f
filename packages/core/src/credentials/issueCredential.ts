import type { CryptoPort } from '../crypto/CryptoPort.ts';
import { randomUuid } from '../crypto/randomUuid.ts';
import { toHex } from '../encoding/bytes.ts';
import {
  type CheckCredentialFormatResult,
  checkCredentialFormat,
  type FormatProblem,
} from './checkCredentialFormat.ts';
import { signDocument } from './eddsaJcs2022.ts';
import type { Signer } from './signer.ts';
import { issuerId, type SignedCredential } from './types.ts';

/** What issuing needs from the host. */
export type IssueContext = {
  crypto: CryptoPort;
  /** Current time as an XML Schema dateTimeStamp, e.g. `2026-11-21T20:20:10Z`. */
  now: string;
};

/** Parameters of {@link issueCredential}. */
export type IssueCredentialParameters = {
  /** The unsigned credential; `id`, `issuer` and `validFrom` are filled in when absent. */
  credential: Record<string, unknown>;
  signer: Signer;
};

/** Result of {@link issueCredential}: the signed credential and its hash, or the problems found. */
export type IssueCredentialResult =
  | {
      success: true;
      credential: SignedCredential;
      /** The signed credential as RFC 8785 JSON text: what is stored and served (parsing it gives canonical key order). */
      canonical: string;
      /** SHA-256 of `canonical`, lower-case hex: the credential's ledger identity. */
      hash: string;
    }
  | { success: false; problems: FormatProblem[] };

/**
 * Validates and signs one credential with `eddsa-jcs-2022`. Fills in a `urn:uuid` id, the signer as
 * issuer and `validFrom = now` when they are absent; refuses a credential whose issuer is not the
 * signer's organisation.
 */
export function issueCredential(
  ctx: IssueContext,
  { credential, signer }: IssueCredentialParameters,
): IssueCredentialResult {
  const { proof: _dropped, ...rest } = credential;
  const draft: Record<string, unknown> = {
    ...rest,
    id: rest.id ?? `urn:uuid:${randomUuid(ctx.crypto)}`,
    issuer: rest.issuer ?? signer.issuer,
  };
  if (draft.validFrom === undefined) draft.validFrom = ctx.now;
  const checked: CheckCredentialFormatResult = checkCredentialFormat(draft);
  if (!checked.success) return checked;
  if (issuerId(checked.data) !== signer.issuer) {
    return {
      success: false,
      problems: [
        {
          code: 'CL_CREDENTIAL_INVALID',
          field: '/issuer',
          message: `The issuer must be the signing organisation ${signer.issuer}.`,
        },
      ],
    };
  }
  const { signed, canonicalSigned, signedHash } = signDocument(checked.data, {
    crypto: ctx.crypto,
    seed: signer.seed,
    options: { verificationMethod: signer.verificationMethod, created: ctx.now },
  });
  // Same value as credentialHash(signed), without serialising or hashing the document a second time.
  return { success: true, credential: signed as SignedCredential, canonical: canonicalSigned, hash: toHex(signedHash) };
}
