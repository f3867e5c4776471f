import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { ClearledgerError } from '@clearledger/core';

/** scrypt cost: N = 2^15, r = 8, p = 1 (32 MiB, tens of milliseconds per hash). */
const DEFAULT_COST = { ln: 15, r: 8, p: 1 } as const;
const KEY_LENGTH = 32;

function derive(password: string, salt: Buffer, cost: { ln: number; r: number; p: number }): Promise<Buffer> {
  const N = 2 ** cost.ln;
  return new Promise((resolve, reject) => {
    scrypt(
      password.normalize('NFC'),
      salt,
      KEY_LENGTH,
      { N, r: cost.r, p: cost.p, maxmem: 256 * N * cost.r },
      (e, k) => (e === null ? resolve(k) : reject(e)),
    );
  });
}

/** Smallest password a person may choose (NIST SP 800-63B asks for at least 8). */
export const MIN_PASSWORD_LENGTH = 10;

/**
 * Hashes a password with scrypt into a PHC string: `$scrypt$ln=15,r=8,p=1$<salt>$<hash>` (base64,
 * no padding). Refuses passwords shorter than {@link MIN_PASSWORD_LENGTH} or longer than 1,024.
 */
export async function hashPassword(
  password: string,
  cost: { ln: number; r: number; p: number } = DEFAULT_COST,
): Promise<string> {
  if (password.length < MIN_PASSWORD_LENGTH || password.length > 1024) {
    throw new ClearledgerError('CL_INPUT_INVALID', `A password needs ${MIN_PASSWORD_LENGTH} to 1,024 characters.`, {
      field: '/password',
    });
  }
  const salt = randomBytes(16);
  const key = await derive(password, salt, cost);
  return `$scrypt$ln=${cost.ln},r=${cost.r},p=${cost.p}$${salt.toString('base64').replace(/=+$/, '')}$${key.toString('base64').replace(/=+$/, '')}`;
}

const PHC = /^\$scrypt\$ln=(\d{1,2}),r=(\d{1,2}),p=(\d{1,2})\$([A-Za-z0-9+/]{16,})\$([A-Za-z0-9+/]{40,})$/;

/** Checks a password against a PHC string from {@link hashPassword} in constant time. False for a malformed hash. */
export async function verifyPassword(phc: string, password: string): Promise<boolean> {
  const m = PHC.exec(phc);
  if (m === null || password.length > 1024) return false;
  const cost = { ln: Number(m[1]), r: Number(m[2]), p: Number(m[3]) };
  if (cost.ln < 10 || cost.ln > 20) return false;
  const expected = Buffer.from(m[5]!, 'base64');
  const key = await derive(password, Buffer.from(m[4]!, 'base64'), cost);
  return key.length === expected.length && timingSafeEqual(key, expected);
}

/** A hash with the same cost as real ones, compared against when a username is unknown (no timing oracle). */
export const DUMMY_PASSWORD_HASH =
  '$scrypt$ln=15,r=8,p=1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';
