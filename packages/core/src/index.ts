export type { LoadedDocument } from './credentials/contexts.ts';
export {
  CLEARLEDGER_V1_CONTEXT,
  clearledgerV1Context,
  isKnownContext,
  loadContext,
  VC_EXAMPLES_V2_CONTEXT,
  VC_V2_CONTEXT,
} from './credentials/contexts.ts';
export type { CreateProofParameters, ProofCheck, ProofOptions } from './credentials/eddsaJcs2022.ts';
export { createProof, verifyProofValue } from './credentials/eddsaJcs2022.ts';
export type { Credential, DataIntegrityProof, SignedCredential } from './credentials/types.ts';
export { issuerId } from './credentials/types.ts';
export type { CryptoPort } from './crypto/CryptoPort.ts';
export { nobleCrypto } from './crypto/nobleCrypto.ts';
export {
  decodePublicKeyMultibase,
  decodeSecretKeyMultibase,
  encodePublicKeyMultibase,
  encodeSecretKeyMultibase,
  isPublicKeyMultibase,
} from './did/multikey.ts';
export type { ParsedVerificationMethod } from './did/verificationMethod.ts';
export { didKeyFromMultibase, parseVerificationMethod } from './did/verificationMethod.ts';
export { base58Decode, base58Encode, fromMultibase58, toMultibase58 } from './encoding/base58.ts';
export {
  concatBytes,
  equalBytes,
  fromBase64Url,
  fromHex,
  fromUtf8,
  toBase64Url,
  toHex,
  utf8,
} from './encoding/bytes.ts';
export * from './errors/index.ts';
export { canonicalize } from './jcs/canonicalize.ts';
