import { fromMultibase58, toMultibase58 } from '../encoding/base58.ts';
import { ClearledgerError } from '../errors/ClearledgerError.ts';

const ED25519_PUB = [0xed, 0x01] as const;
const ED25519_PRIV = [0x80, 0x26] as const;

/** Encodes a 32-byte Ed25519 public key as a Multikey `publicKeyMultibase` (`z6Mk…`). */
export function encodePublicKeyMultibase(publicKey: Uint8Array): string {
  return encodeWithPrefix(ED25519_PUB, publicKey, 'public key');
}

/** Encodes a 32-byte Ed25519 seed as a Multikey `secretKeyMultibase` (`z3u2…`). */
export function encodeSecretKeyMultibase(seed: Uint8Array): string {
  return encodeWithPrefix(ED25519_PRIV, seed, 'secret key');
}

/** Decodes an Ed25519 Multikey `publicKeyMultibase` to its 32 raw bytes. */
export function decodePublicKeyMultibase(multibase: string): Uint8Array {
  return decodeWithPrefix(ED25519_PUB, multibase, 'public key');
}

/** Decodes an Ed25519 Multikey `secretKeyMultibase` to its 32-byte seed. */
export function decodeSecretKeyMultibase(multibase: string): Uint8Array {
  return decodeWithPrefix(ED25519_PRIV, multibase, 'secret key');
}

/** True when `text` looks like an Ed25519 Multikey public key (without decoding it). */
export function isPublicKeyMultibase(text: string): boolean {
  return /^z6Mk[1-9A-HJ-NP-Za-km-z]{44}$/.test(text);
}

function encodeWithPrefix(prefix: readonly number[], key: Uint8Array, what: string): string {
  if (key.length !== 32)
    throw new ClearledgerError('CL_KEY_INVALID', `An Ed25519 ${what} is 32 bytes, got ${key.length}.`);
  const bytes = new Uint8Array(34);
  bytes[0] = prefix[0]!;
  bytes[1] = prefix[1]!;
  bytes.set(key, 2);
  return toMultibase58(bytes);
}

function decodeWithPrefix(prefix: readonly number[], multibase: string, what: string): Uint8Array {
  let bytes: Uint8Array;
  try {
    bytes = fromMultibase58(multibase);
  } catch (cause) {
    throw new ClearledgerError('CL_KEY_INVALID', `The Ed25519 ${what} is not valid base58btc multibase.`, { cause });
  }
  if (bytes.length !== 34 || bytes[0] !== prefix[0] || bytes[1] !== prefix[1]) {
    throw new ClearledgerError('CL_KEY_INVALID', `The value is not an Ed25519 ${what} in Multikey form.`);
  }
  return bytes.slice(2);
}
