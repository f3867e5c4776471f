/** Prefix of an embedded Clearledger QR payload (format version 1); the rest is Base45. */
export const QR_EMBEDDED_PREFIX = 'CL1:';

/**
 * Default longest embedded payload, in characters: 3,391 is the alphanumeric capacity of a version 40
 * QR code at error correction M (177 × 177 modules). Paper copies print QR modules at a 0.5 mm pitch,
 * so the largest code is 92.5 mm wide with its quiet zone, and a phone reads it at about 3 camera
 * pixels per module from a 1080p preview. Longer payloads fall back to a reference URL.
 * `docs/decisions/0004-qr-payload-and-paper.md` gives the reasoning.
 */
export const DEFAULT_QR_MAX_CHARS = 3391;

/** Largest payload text {@link decodeQrPayload} reads (a version 40-L QR code holds 4,296 characters). */
export const QR_MAX_TEXT_CHARS = 8192;

/** Largest inflated JSON {@link decodeQrPayload} accepts; inflation stops as soon as it is exceeded. */
export const QR_MAX_INFLATED_BYTES = 256 * 1024;
