import { Inflate } from 'fflate';
import { concatBytes } from '../encoding/bytes.ts';

/** Input bytes handed to the inflater at a time: DEFLATE expands at most ~1032×, so one step stays small. */
const INFLATE_STEP = 64;

/**
 * Inflates raw DEFLATE data, feeding the inflater a few bytes at a time and stopping once the output
 * exceeds `limit`, so memory stays near `limit` whatever the compression ratio.
 *
 * @param data - Raw DEFLATE (RFC 1951) bytes, untrusted.
 * @param limit - Largest output accepted, in bytes.
 * @param dictionary - The preset dictionary the data was compressed with, if any.
 * @returns The inflated bytes, `'too-large'` past the limit, or `'corrupt'` when the data is not a
 * complete DEFLATE stream.
 */
export function inflateCapped(
  data: Uint8Array,
  limit: number,
  dictionary?: Uint8Array,
): Uint8Array | 'too-large' | 'corrupt' {
  const chunks: Uint8Array[] = [];
  let total = 0;
  let ended = false;
  const inflater = new Inflate(dictionary === undefined ? {} : { dictionary }, (chunk, final) => {
    total += chunk.length;
    if (total <= limit) chunks.push(chunk);
    if (final) ended = true;
  });
  try {
    for (let i = 0; i < data.length && total <= limit; i += INFLATE_STEP) {
      const end = Math.min(i + INFLATE_STEP, data.length);
      inflater.push(data.subarray(i, end), end === data.length);
    }
  } catch {
    return 'corrupt';
  }
  if (total > limit) return 'too-large';
  if (!ended) return 'corrupt';
  return concatBytes(...chunks);
}
