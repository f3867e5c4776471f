import { createHash, randomBytes } from 'node:crypto';

/** A new opaque bearer token: `clt_` + 256 random bits, base64url. Only its hash is ever stored. */
export function newAccessToken(): string {
  return `clt_${randomBytes(32).toString('base64url')}`;
}

/** A new OAuth client secret: `cls_` + 256 random bits, base64url. */
export function newClientSecret(): string {
  return `cls_${randomBytes(32).toString('base64url')}`;
}

/** SHA-256 (lower-case hex) of a token or client secret: what the store keeps. High-entropy secrets need no slow hash. */
export function secretHash(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}
