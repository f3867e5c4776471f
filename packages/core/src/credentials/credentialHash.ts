import type { CryptoPort } from '../crypto/CryptoPort.ts';
import { toHex } from '../encoding/bytes.ts';
import { canonicalize } from '../jcs/canonicalize.ts';

/**
 * The credential's ledger identity: SHA-256 over JCS of the whole signed credential (proof
 * included), lower-case hex. This is the Merkle leaf content and the key of its on-chain status.
 */
export function credentialHash(crypto: CryptoPort, signedCredential: unknown): string {
  return toHex(crypto.sha256Utf8(canonicalize(signedCredential)));
}
