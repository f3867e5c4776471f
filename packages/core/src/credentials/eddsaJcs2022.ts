import type { CryptoPort } from '../crypto/CryptoPort.ts';
import { fromMultibase58, toMultibase58 } from '../encoding/base58.ts';
import { concatBytes } from '../encoding/bytes.ts';
import { canonicalize } from '../jcs/canonicalize.ts';
import type { DataIntegrityProof } from './types.ts';

/** Options of a new `eddsa-jcs-2022` proof (everything but `proofValue`). */
export type ProofOptions = {
  verificationMethod: string;
  proofPurpose?: string;
  /** XML Schema dateTimeStamp; pass the caller's clock (core has none). */
  created?: string;
  expires?: string;
  domain?: string;
  challenge?: string;
  nonce?: string;
};

/** Parameters of {@link createProof}. */
export type CreateProofParameters = {
  crypto: CryptoPort;
  /** 32-byte Ed25519 seed. */
  seed: Uint8Array;
  options: ProofOptions;
};

/**
 * Secures a JSON document with a Data Integrity proof, `eddsa-jcs-2022` (W3C EdDSA Cryptosuites v1.0,
 * §3.3): hash data = SHA-256(JCS(proof configuration)) ‖ SHA-256(JCS(document)), signed with Ed25519,
 * `proofValue` = base58btc multibase of the signature. The proof configuration carries the document's
 * `@context` when it has one.
 *
 * @returns a new object: the document with its `proof`.
 */
export function createProof<T extends Record<string, unknown>>(
  document: T,
  { crypto, seed, options }: CreateProofParameters,
): T & { proof: DataIntegrityProof } {
  const { proof: _ignored, ...unsecured } = document as T & { proof?: unknown };
  const config: Record<string, unknown> = {
    type: 'DataIntegrityProof',
    cryptosuite: 'eddsa-jcs-2022',
    ...(options.created === undefined ? {} : { created: options.created }),
    ...(options.expires === undefined ? {} : { expires: options.expires }),
    verificationMethod: options.verificationMethod,
    proofPurpose: options.proofPurpose ?? 'assertionMethod',
    ...(options.domain === undefined ? {} : { domain: options.domain }),
    ...(options.challenge === undefined ? {} : { challenge: options.challenge }),
    ...(options.nonce === undefined ? {} : { nonce: options.nonce }),
  };
  if (unsecured['@context'] !== undefined) config['@context'] = unsecured['@context'];
  const signature = crypto.ed25519Sign(seed, hashData(crypto, config, unsecured));
  const proof = { ...config, proofValue: toMultibase58(signature) } as DataIntegrityProof;
  return { ...(unsecured as T), proof };
}

/** Outcome of {@link verifyProofValue}. */
export type ProofCheck =
  | { ok: true }
  | { ok: false; reason: 'PROOF_MALFORMED' | 'CONTEXT_MISMATCH' | 'SIGNATURE'; message: string };

/**
 * Verifies an `eddsa-jcs-2022` proof over `unsecured` with a known public key (W3C EdDSA
 * Cryptosuites v1.0, §3.3.2). Expected negatives come back as values, not exceptions.
 */
export function verifyProofValue(
  crypto: CryptoPort,
  unsecured: Record<string, unknown>,
  proof: Record<string, unknown>,
  publicKey: Uint8Array,
): ProofCheck {
  const { proofValue, ...config } = proof;
  if (typeof proofValue !== 'string') return malformed('proofValue must be a string.');
  let signature: Uint8Array;
  try {
    signature = fromMultibase58(proofValue);
  } catch {
    return malformed('proofValue is not base58btc multibase.');
  }
  if (signature.length !== 64)
    return malformed(`an Ed25519 signature is 64 bytes, proofValue has ${signature.length}.`);
  const proofContext = config['@context'];
  if (proofContext !== undefined && !contextPrefixMatches(unsecured['@context'], proofContext)) {
    return { ok: false, reason: 'CONTEXT_MISMATCH', message: "The proof's @context does not match the document's." };
  }
  let data: Uint8Array;
  try {
    data = hashData(crypto, config, unsecured);
  } catch (error) {
    return malformed(error instanceof Error ? error.message : 'the document cannot be canonicalised.');
  }
  if (!crypto.ed25519Verify(publicKey, data, signature)) {
    return { ok: false, reason: 'SIGNATURE', message: 'The signature does not match the document and key.' };
  }
  return { ok: true };
}

function malformed(message: string): ProofCheck {
  return { ok: false, reason: 'PROOF_MALFORMED', message: `Malformed proof: ${message}` };
}

function hashData(crypto: CryptoPort, config: Record<string, unknown>, unsecured: Record<string, unknown>): Uint8Array {
  return concatBytes(crypto.sha256Utf8(canonicalize(config)), crypto.sha256Utf8(canonicalize(unsecured)));
}

/** The document's @context must start with every entry of the proof's @context, in order. */
function contextPrefixMatches(documentContext: unknown, proofContext: unknown): boolean {
  const doc = Array.isArray(documentContext) ? documentContext : [documentContext];
  const prf = Array.isArray(proofContext) ? proofContext : [proofContext];
  if (prf.length > doc.length) return false;
  for (let i = 0; i < prf.length; i++) if (canonicalize(prf[i]) !== canonicalize(doc[i])) return false;
  return true;
}
