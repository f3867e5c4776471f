import { toHex } from '../encoding/bytes.ts';
import type { CryptoPort } from './CryptoPort.ts';

/** An RFC 9562 version-4 UUID from the host's secure randomness. */
export function randomUuid(crypto: CryptoPort): string {
  const b = crypto.randomBytes(16);
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = toHex(b);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
