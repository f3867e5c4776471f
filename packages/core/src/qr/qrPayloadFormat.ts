/**
 * Prefix of the first embedded payload format: Base45 of DEFLATE-compressed JSON. Still read, no longer
 * written.
 */
export const QR_EMBEDDED_PREFIX_V1 = 'CL1:';

/**
 * Prefix of the compact embedded payload (what QR codes are written with): Base45 of a dictionary
 * version byte and CBOR (`encodeCompactPayload`).
 */
export const QR_EMBEDDED_PREFIX = 'CL2:';

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

/**
 * Error correction level of printed and shown QR codes: M restores up to 15 % of damaged modules
 * (a fold, a stain, photocopier noise) at a size a 5-line certification with its receipt fits.
 */
export const QR_ERROR_CORRECTION = 'M';
