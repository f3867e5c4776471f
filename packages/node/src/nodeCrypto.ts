import {
  createHash,
  createPrivateKey,
  createPublicKey,
  hash,
  type KeyObject,
  randomBytes,
  sign,
  verify,
} from 'node:crypto';
import type { CryptoPort } from '@clearledger/core';

// DER prefixes that wrap a raw 32-byte Ed25519 key as PKCS#8 / SPKI (RFC 8410).
const PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');
const SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');
const CACHE_LIMIT = 4096;

/** A bounded map: when full, the oldest entry is dropped. Key objects are cheap to rebuild. */
class BoundedCache<V> {
  readonly #map = new Map<string, V>();
  get(key: string): V | undefined {
    return this.#map.get(key);
  }
  set(key: string, value: V): void {
    if (this.#map.size >= CACHE_LIMIT) {
      const oldest = this.#map.keys().next();
      if (!oldest.done) this.#map.delete(oldest.value);
    }
    this.#map.set(key, value);
  }
}

const publicKeys = new BoundedCache<KeyObject>();
const privateKeys = new BoundedCache<KeyObject>();

function bytesKey(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
}

function publicKeyObject(publicKey: Uint8Array): KeyObject {
  const id = bytesKey(publicKey);
  let key = publicKeys.get(id);
  if (key === undefined) {
    key = createPublicKey({ key: Buffer.concat([SPKI_PREFIX, publicKey]), format: 'der', type: 'spki' });
    publicKeys.set(id, key);
  }
  return key;
}

function privateKeyObject(seed: Uint8Array): KeyObject {
  const id = bytesKey(seed);
  let key = privateKeys.get(id);
  if (key === undefined) {
    key = createPrivateKey({ key: Buffer.concat([PKCS8_PREFIX, seed]), format: 'der', type: 'pkcs8' });
    privateKeys.set(id, key);
  }
  return key;
}

// Random bytes come from a pool refilled 4 KiB at a time: one system call per ~250 UUIDs.
const POOL_SIZE = 4096;
let pool = randomBytes(POOL_SIZE);
let poolOffset = 0;

function pooledRandomBytes(length: number): Uint8Array {
  if (length > POOL_SIZE / 4) return toBytes(randomBytes(length));
  if (poolOffset + length > POOL_SIZE) {
    pool = randomBytes(POOL_SIZE);
    poolOffset = 0;
  }
  // A copy: callers may keep or modify what they get, and the pool is never handed out twice.
  const out = new Uint8Array(pool.subarray(poolOffset, poolOffset + length));
  pool.fill(0, poolOffset, poolOffset + length);
  poolOffset += length;
  return out;
}

function toBytes(buffer: Buffer): Uint8Array {
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}

/**
 * The bytes of a digest returned as a `binary` (latin1) string, one character per byte: node:crypto
 * returns a short string several times faster than a new Buffer.
 */
function latin1Bytes(text: string): Uint8Array {
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) out[i] = text.charCodeAt(i);
  return out;
}

/**
 * {@link CryptoPort} backed by node:crypto (OpenSSL). Key objects are cached by key bytes so a
 * verifier checking many records of one issuer parses the key once.
 */
export const nodeCrypto: CryptoPort = {
  sha256: (data) => latin1Bytes(hash('sha256', data, 'binary')),
  sha256Utf8: (text) => latin1Bytes(hash('sha256', text, 'binary')),
  sha256Utf8Prefixed: (prefix) => {
    const head = createHash('sha256').update(prefix, 'utf8');
    return (suffix) => latin1Bytes(head.copy().update(suffix, 'utf8').digest('binary'));
  },
  ed25519PublicKey: (seed) => {
    if (seed.length !== 32) throw new RangeError('An Ed25519 seed is 32 bytes.');
    const der = createPublicKey(privateKeyObject(seed)).export({ format: 'der', type: 'spki' });
    return toBytes(der.subarray(SPKI_PREFIX.length));
  },
  ed25519Sign: (seed, message) => toBytes(sign(null, message, privateKeyObject(seed))),
  ed25519Verify: (publicKey, message, signature) => {
    if (publicKey.length !== 32 || signature.length !== 64) return false;
    try {
      return verify(null, message, publicKeyObject(publicKey), signature);
    } catch {
      return false;
    }
  },
  randomBytes: pooledRandomBytes,
};
