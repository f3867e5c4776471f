import { ed25519 } from '@noble/curves/ed25519';
import { sha256 } from '@noble/hashes/sha2';
import { randomBytes } from '@noble/hashes/utils';
import { utf8 } from '../encoding/bytes.ts';
import type { CryptoPort } from './CryptoPort.ts';

/** Pure-JS {@link CryptoPort} (audited @noble libraries) for browsers and other hosts without node:crypto. */
export const nobleCrypto: CryptoPort = {
  sha256: (data) => sha256(data),
  sha256Utf8: (text) => sha256(utf8(text)),
  sha256Utf8Prefixed: (prefix) => {
    const head = sha256.create().update(utf8(prefix));
    return (suffix) => head.clone().update(utf8(suffix)).digest();
  },
  ed25519PublicKey: (seed) => ed25519.getPublicKey(seed),
  ed25519Sign: (seed, message) => ed25519.sign(message, seed),
  ed25519Verify: (publicKey, message, signature) => {
    try {
      return ed25519.verify(signature, message, publicKey, { zip215: false });
    } catch {
      return false;
    }
  },
  randomBytes: (length) => randomBytes(length),
};
