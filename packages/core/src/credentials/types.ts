/** A Data Integrity proof secured with `eddsa-jcs-2022`. */
export type DataIntegrityProof = {
  '@context'?: unknown;
  type: 'DataIntegrityProof';
  cryptosuite: 'eddsa-jcs-2022';
  created?: string;
  expires?: string;
  verificationMethod: string;
  proofPurpose: string;
  proofValue: string;
  [key: string]: unknown;
};

/** A W3C Verifiable Credential 2.0 (JSON form). */
export type Credential = {
  '@context': readonly string[];
  id?: string;
  type: readonly string[];
  issuer: string | { id: string; [key: string]: unknown };
  validFrom?: string;
  validUntil?: string;
  credentialSubject: Record<string, unknown> | Record<string, unknown>[];
  credentialStatus?: unknown;
  credentialSchema?: unknown;
  [key: string]: unknown;
};

/** A credential with its proof. */
export type SignedCredential = Credential & { proof: DataIntegrityProof };

/** The issuer's id, whether `issuer` is a string or an object. */
export function issuerId(credential: Pick<Credential, 'issuer'>): string {
  return typeof credential.issuer === 'string' ? credential.issuer : credential.issuer.id;
}
