import type { CryptoPort } from '../crypto/CryptoPort.ts';
import { equalBytes, toHex, utf8 } from '../encoding/bytes.ts';
import { ClearledgerError } from '../errors/ClearledgerError.ts';
import { canonicalize } from '../jcs/canonicalize.ts';
import type { CertificationParty } from './types.ts';

const COMMITMENT = /^sha256:[0-9a-f]{64}$/;

/** Fewest salt bytes accepted: producer names are guessable, so the salt is what keeps the hash secret. */
export const PRODUCER_SALT_MIN_BYTES = 16;

/**
 * The `producer.hash` of a confidential producer: `sha256:` + hex SHA-256 of the JCS (RFC 8785) form
 * of `{ type, parties, salt }`, with the salt in hex. The certifier keeps the parties and the salt
 * off the ledger and reveals them to CBP on request; {@link matchesProducerCommitment} then shows that
 * they are the ones certified. Throws `CL_INPUT_INVALID` for a salt shorter than 16 bytes.
 *
 * @param crypto the host's crypto port (SHA-256)
 * @param parties the producer details, as they would have been listed
 * @param salt at least 16 random bytes (e.g. `crypto.randomBytes(16)`), stored with the details
 * @returns the commitment, e.g. `sha256:3f1c…`
 */
export function confidentialProducerCommitment(
  crypto: CryptoPort,
  parties: readonly CertificationParty[],
  salt: Uint8Array,
): string {
  if (salt.length < PRODUCER_SALT_MIN_BYTES)
    throw new ClearledgerError(
      'CL_INPUT_INVALID',
      `The salt of a confidential producer must have at least ${PRODUCER_SALT_MIN_BYTES} random bytes.`,
      { field: 'salt' },
    );
  const preimage = canonicalize({ type: 'ConfidentialProducer', parties, salt: toHex(salt) });
  return `sha256:${toHex(crypto.sha256Utf8(preimage))}`;
}

/** True when `value` is a well-formed producer commitment: `sha256:` and 64 lower-case hex digits. */
export function isProducerCommitment(value: unknown): value is string {
  return typeof value === 'string' && COMMITMENT.test(value);
}

/**
 * True when revealed producer details and salt are the ones behind a commitment (compared in full,
 * not by prefix).
 */
export function matchesProducerCommitment(
  crypto: CryptoPort,
  commitment: string,
  parties: readonly CertificationParty[],
  salt: Uint8Array,
): boolean {
  if (!isProducerCommitment(commitment) || salt.length < PRODUCER_SALT_MIN_BYTES) return false;
  const expected = confidentialProducerCommitment(crypto, parties, salt);
  return equalBytes(utf8(expected), utf8(commitment));
}
