import { createRequire } from 'node:module';
import type { CryptoPort } from '@clearledger/core';
import { nodeCrypto } from './nodeCrypto.ts';

/** The part of sodium-native (libsodium bindings) this port uses. */
type Sodium = {
  crypto_sign_seed_keypair(publicKey: Uint8Array, secretKey: Uint8Array, seed: Uint8Array): void;
  crypto_sign_detached(signature: Uint8Array, message: Uint8Array, secretKey: Uint8Array): void;
  crypto_sign_verify_detached(signature: Uint8Array, message: Uint8Array, publicKey: Uint8Array): boolean;
};

const CACHE_LIMIT = 4096;

/**
 * Loads libsodium through sodium-native (its npm package ships prebuilt binaries) and returns a
 * {@link CryptoPort} on it, or the reason it could not be loaded (no binary for this platform, a
 * broken install). Ed25519 is libsodium's; SHA-256 and random bytes stay on node:crypto, whose
 * OpenSSL SHA-256 uses the processor's SHA extensions and is several times faster than libsodium's
 * portable one on canonical JSON of a few kilobytes. Ed25519 is deterministic (RFC 8032): both ports
 * give byte-identical signatures and proofs for the same seed and message. libsodium's verification
 * is the stricter one: it also refuses small-order public keys and signature points, which no honest
 * signer produces.
 */
export function loadSodiumCrypto(): { crypto: CryptoPort } | { error: string } {
  let sodium: Sodium;
  try {
    sodium = createRequire(import.meta.url)('sodium-native') as Sodium;
    // Prove the binding works, not only that it loads: one key pair, one signature, one verification.
    const pk = new Uint8Array(32);
    const sk = new Uint8Array(64);
    sodium.crypto_sign_seed_keypair(pk, sk, new Uint8Array(32));
    const signature = new Uint8Array(64);
    sodium.crypto_sign_detached(signature, pk, sk);
    if (!sodium.crypto_sign_verify_detached(signature, pk, pk)) throw new Error('self-test failed');
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
  return { crypto: sodiumPort(sodium) };
}

function sodiumPort(sodium: Sodium): CryptoPort {
  // Expanded secret keys (seed ‖ public key, 64 bytes) by seed: a signer signs many records.
  const secretKeys = new Map<string, Uint8Array>();
  const secretKey = (seed: Uint8Array): Uint8Array => {
    if (seed.length !== 32) throw new RangeError('An Ed25519 seed is 32 bytes.');
    const id = Buffer.from(seed.buffer, seed.byteOffset, seed.byteLength).toString('latin1');
    let sk = secretKeys.get(id);
    if (sk === undefined) {
      sk = new Uint8Array(64);
      sodium.crypto_sign_seed_keypair(new Uint8Array(32), sk, seed);
      if (secretKeys.size >= CACHE_LIMIT) secretKeys.delete(secretKeys.keys().next().value!);
      secretKeys.set(id, sk);
    }
    return sk;
  };
  return {
    sha256: nodeCrypto.sha256,
    sha256Utf8: nodeCrypto.sha256Utf8,
    sha256Utf8Prefixed: nodeCrypto.sha256Utf8Prefixed!,
    randomBytes: nodeCrypto.randomBytes,
    ed25519PublicKey: (seed) => secretKey(seed).slice(32),
    ed25519Sign: (seed, message) => {
      const signature = new Uint8Array(64);
      sodium.crypto_sign_detached(signature, message, secretKey(seed));
      return signature;
    },
    ed25519Verify: (publicKey, message, signature) => {
      if (publicKey.length !== 32 || signature.length !== 64) return false;
      return sodium.crypto_sign_verify_detached(signature, message, publicKey);
    },
  };
}
