import type { CryptoPort } from '@clearledger/core';
import { nodeCrypto } from './nodeCrypto.ts';
import { loadSodiumCrypto } from './sodiumCrypto.ts';

/** Which implementation backs a node's {@link CryptoPort}. */
export type CryptoProvider = 'libsodium' | 'node:crypto';

/** The crypto port a node runs on, which one it is, and why the preferred one was not used. */
export type SelectedCrypto = { crypto: CryptoPort; provider: CryptoProvider; fallbackReason?: string };

let selected: SelectedCrypto | undefined;

/**
 * The fastest Ed25519 this process can load: libsodium (sodium-native) when it loads and passes its
 * self-test, node:crypto (OpenSSL) otherwise, with the reason. Decided once per process (each worker
 * thread decides for itself, the same way); both give byte-identical signatures.
 */
export function selectCrypto(): SelectedCrypto {
  if (selected === undefined) {
    const sodium = loadSodiumCrypto();
    selected =
      'crypto' in sodium
        ? { crypto: sodium.crypto, provider: 'libsodium' }
        : { crypto: nodeCrypto, provider: 'node:crypto', fallbackReason: `libsodium unavailable: ${sodium.error}` };
  }
  return selected;
}

/** The selected port (see {@link selectCrypto}). */
export const fastCrypto: CryptoPort = selectCrypto().crypto;
