import type { CryptoPort } from '../crypto/CryptoPort.ts';
import { encodePublicKeyMultibase } from '../did/multikey.ts';

/** An organisation's signing identity: issuer id plus one Ed25519 key. */
export type Signer = {
  /** The issuer (organisation DID). */
  issuer: string;
  publicKeyMultibase: string;
  /** `<issuer>#<publicKeyMultibase>`: self-describing, checkable offline. */
  verificationMethod: string;
  /** 32-byte Ed25519 seed, kept in memory only; encrypted at rest by the host's key store. */
  seed: Uint8Array;
};

/** Builds a {@link Signer} from an issuer DID and a 32-byte Ed25519 seed. */
export function createSigner(crypto: CryptoPort, parameters: { issuer: string; seed: Uint8Array }): Signer {
  const publicKeyMultibase = encodePublicKeyMultibase(crypto.ed25519PublicKey(parameters.seed));
  return {
    issuer: parameters.issuer,
    publicKeyMultibase,
    verificationMethod: `${parameters.issuer}#${publicKeyMultibase}`,
    seed: parameters.seed,
  };
}
