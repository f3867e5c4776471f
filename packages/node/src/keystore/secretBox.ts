import { createCipheriv, createDecipheriv, randomBytes, scryptSync } from 'node:crypto';
import { ClearledgerError } from '@clearledger/core';

/**
 * Encrypts secrets at rest with AES-256-GCM. The 32-byte key comes either from a passphrase
 * (scrypt, N=2^15) or from a random master key file in the data folder. Output format:
 * `v1.<iv b64url>.<ciphertext+tag b64url>` — the key's origin is recorded by the caller.
 */
export class SecretBox {
  readonly #key: Buffer;

  private constructor(key: Buffer) {
    this.#key = key;
  }

  /** A box keyed by a random 32-byte master key. */
  static fromMasterKey(key: Uint8Array): SecretBox {
    if (key.length !== 32) throw new ClearledgerError('CL_CONFIG_INVALID', 'The master key must be 32 bytes.');
    return new SecretBox(Buffer.from(key));
  }

  /** A box keyed by a passphrase and a per-node salt. */
  static fromPassphrase(passphrase: string, salt: Uint8Array): SecretBox {
    if (passphrase.length < 12) {
      throw new ClearledgerError('CL_CONFIG_INVALID', 'The key passphrase must be at least 12 characters long.');
    }
    return new SecretBox(scryptSync(passphrase, salt, 32, { N: 1 << 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 }));
  }

  /** Encrypts `plaintext`; `associated` binds the ciphertext to a purpose (e.g. the public key). */
  seal(plaintext: Uint8Array, associated: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.#key, iv);
    cipher.setAAD(Buffer.from(associated, 'utf8'));
    const body = Buffer.concat([cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
    return `v1.${iv.toString('base64url')}.${body.toString('base64url')}`;
  }

  /** Decrypts what {@link seal} produced; `CL_KEYSTORE_LOCKED` when the key or purpose is wrong. */
  open(sealed: string, associated: string): Uint8Array {
    const [version, ivText, bodyText] = sealed.split('.');
    if (version !== 'v1' || ivText === undefined || bodyText === undefined) {
      throw new ClearledgerError('CL_KEYSTORE_LOCKED', 'The stored secret is in an unknown format.');
    }
    const body = Buffer.from(bodyText, 'base64url');
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.#key, Buffer.from(ivText, 'base64url'));
      decipher.setAAD(Buffer.from(associated, 'utf8'));
      decipher.setAuthTag(body.subarray(body.length - 16));
      return new Uint8Array(Buffer.concat([decipher.update(body.subarray(0, body.length - 16)), decipher.final()]));
    } catch {
      throw new ClearledgerError(
        'CL_KEYSTORE_LOCKED',
        'A stored key could not be decrypted: the passphrase (CLEARLEDGER_KEY_PASSPHRASE) or master key file is not the one it was encrypted with.',
      );
    }
  }
}
