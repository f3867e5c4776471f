/**
 * The cryptographic primitives core needs, supplied by the host: node:crypto on the server, a
 * pure-JS implementation (`nobleCrypto`) in the browser. All methods are synchronous.
 */
export type CryptoPort = {
  /** SHA-256 digest. */
  sha256(data: Uint8Array): Uint8Array;
  /** SHA-256 of the UTF-8 encoding of `text` (hosts may skip the intermediate copy). */
  sha256Utf8(text: string): Uint8Array;
  /**
   * Optional. Hashes the UTF-8 of `prefix` once and returns a function giving SHA-256 of the UTF-8 of
   * `prefix + suffix`, callable any number of times: texts that share a long prefix (a document with
   * and without its proof) are hashed without hashing the prefix again. `prefix` must not end inside
   * a surrogate pair. Hosts without it: core falls back to {@link CryptoPort.sha256Utf8}.
   */
  sha256Utf8Prefixed?(prefix: string): (suffix: string) => Uint8Array;
  /** Derives the 32-byte Ed25519 public key from a 32-byte seed. */
  ed25519PublicKey(seed: Uint8Array): Uint8Array;
  /** Ed25519 signature (64 bytes) of `message` with the 32-byte seed. */
  ed25519Sign(seed: Uint8Array, message: Uint8Array): Uint8Array;
  /** Ed25519 verification; never throws for a wrong signature, only returns false. */
  ed25519Verify(publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): boolean;
  /** Cryptographically secure random bytes. */
  randomBytes(length: number): Uint8Array;
};
