import type { CryptoPort } from '../crypto/CryptoPort.ts';
import { fromMultibase58, toMultibase58 } from '../encoding/base58.ts';
import { concatBytes } from '../encoding/bytes.ts';
import { canonicalize, canonicalMembers, joinCanonicalMembers, joinWithMember } from '../jcs/canonicalize.ts';
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
  parameters: CreateProofParameters,
): T & { proof: DataIntegrityProof } {
  return signDocument(document, parameters).signed;
}

/**
 * {@link createProof}, also returning the JCS text of the whole signed document (proof included) and
 * its SHA-256, computed from the same canonical members the signature covered, so callers hashing the
 * signed document do not serialise or hash it again.
 */
export function signDocument<T extends Record<string, unknown>>(
  document: T,
  { crypto, seed, options }: CreateProofParameters,
): { signed: T & { proof: DataIntegrityProof }; canonicalSigned: string; signedHash: Uint8Array } {
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
  // The unsecured and the signed document share every member sorting before "proof" (almost all of
  // the text): that prefix is written and hashed once for both.
  let head = '{';
  let tail = '';
  for (const member of canonicalMembers(unsecured)) {
    if (member.key < 'proof') head += (head.length === 1 ? '' : ',') + member.text;
    else tail += ',' + member.text;
  }
  const hashWithHead = sha256Utf8Prefixed(crypto, head);
  const unsecuredRest = (head.length === 1 ? tail.slice(1) : tail) + '}';
  const configMembers = canonicalMembers(config);
  const data = concatBytes(crypto.sha256Utf8(joinCanonicalMembers(configMembers)), hashWithHead(unsecuredRest));
  const proofValue = toMultibase58(crypto.ed25519Sign(seed, data));
  const proof = { ...config, proofValue } as DataIntegrityProof;
  const signedRest =
    (head.length === 1 ? '' : ',') + '"proof":' + joinWithMember(configMembers, 'proofValue', proofValue) + tail + '}';
  return {
    signed: { ...(unsecured as T), proof },
    canonicalSigned: head + signedRest,
    signedHash: hashWithHead(signedRest),
  };
}

/** SHA-256 of `prefix + suffix` for several suffixes, with the host's incremental hash when it has one. */
function sha256Utf8Prefixed(crypto: CryptoPort, prefix: string): (suffix: string) => Uint8Array {
  return crypto.sha256Utf8Prefixed?.(prefix) ?? ((suffix) => crypto.sha256Utf8(prefix + suffix));
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
  let canonicalUnsecured: string;
  try {
    canonicalUnsecured = canonicalize(unsecured);
  } catch (error) {
    return malformed(error instanceof Error ? error.message : 'the document cannot be canonicalised.');
  }
  return verifyCanonicalProof(crypto, { canonicalUnsecured, context: unsecured['@context'] }, proof, publicKey);
}

/**
 * {@link verifyProofValue} over an already canonicalised unsecured document (see
 * `canonicalMembers`), so a verifier that also hashes the signed document serialises it once; or
 * over the SHA-256 of that canonical text (`unsecuredHash`), when the verifier hashed it along with
 * the signed document (they share a long prefix).
 */
export function verifyCanonicalProof(
  crypto: CryptoPort,
  document: ({ canonicalUnsecured: string } | { unsecuredHash: Uint8Array }) & { context: unknown },
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
  if (proofContext !== undefined && !contextPrefixMatches(document.context, proofContext)) {
    return { ok: false, reason: 'CONTEXT_MISMATCH', message: "The proof's @context does not match the document's." };
  }
  let data: Uint8Array;
  try {
    data =
      'unsecuredHash' in document
        ? concatBytes(crypto.sha256Utf8(canonicalize(config)), document.unsecuredHash)
        : hashData(crypto, config, document.canonicalUnsecured);
  } catch (error) {
    return malformed(error instanceof Error ? error.message : 'the proof cannot be canonicalised.');
  }
  if (!crypto.ed25519Verify(publicKey, data, signature)) {
    return { ok: false, reason: 'SIGNATURE', message: 'The signature does not match the document and key.' };
  }
  return { ok: true };
}

function malformed(message: string): ProofCheck {
  return { ok: false, reason: 'PROOF_MALFORMED', message: `Malformed proof: ${message}` };
}

function hashData(crypto: CryptoPort, config: Record<string, unknown>, canonicalUnsecured: string): Uint8Array {
  return concatBytes(crypto.sha256Utf8(canonicalize(config)), crypto.sha256Utf8(canonicalUnsecured));
}

/** The document's @context must start with every entry of the proof's @context, in order. */
function contextPrefixMatches(documentContext: unknown, proofContext: unknown): boolean {
  const doc = Array.isArray(documentContext) ? documentContext : [documentContext];
  const prf = Array.isArray(proofContext) ? proofContext : [proofContext];
  if (prf.length > doc.length) return false;
  for (let i = 0; i < prf.length; i++) {
    if (prf[i] !== doc[i] && (typeof prf[i] === 'string' || canonicalize(prf[i]) !== canonicalize(doc[i])))
      return false;
  }
  return true;
}
