import { readFileSync, statSync } from 'node:fs';
import { ClearledgerError } from '@clearledger/core';
import jpeg from 'jpeg-js';
import jsQRModule from 'jsqr';
import { PNG } from 'pngjs';

// jsqr is CommonJS: the function is module.exports and, for ES module importers, its `default`.
const jsQR = jsQRModule.default;

/** Largest image file read (a phone photo is a few MB). */
const MAX_IMAGE_BYTES = 64 * 1024 * 1024;
/** Largest decoded image, in megapixels (a 48 MP phone photo fits). */
const MAX_IMAGE_MP = 50;
/** Above this many pixels the image is first searched at a reduced size, which is much faster. */
const FAST_SEARCH_PIXELS = 4_000_000;

type Rgba = { width: number; height: number; data: Uint8Array };

/**
 * Reads the text of the QR code in a PNG or JPEG image (a generated code, a screenshot or a photo
 * of a printed copy).
 *
 * @param path - The image file.
 * @returns The QR code's text.
 * @throws {ClearledgerError} `CL_INPUT_INVALID` when the file cannot be read or is too large;
 * `CL_QR_UNREADABLE` when it is not a PNG or JPEG image or no QR code can be read in it.
 */
export function readQrImage(path: string): string {
  let bytes: Buffer;
  try {
    if (statSync(path).size > MAX_IMAGE_BYTES)
      throw new ClearledgerError('CL_INPUT_INVALID', `${path} is larger than ${MAX_IMAGE_BYTES / 1024 / 1024} MiB.`, {
        field: '--qr',
      });
    bytes = readFileSync(path);
  } catch (cause) {
    if (cause instanceof ClearledgerError) throw cause;
    throw new ClearledgerError(
      'CL_INPUT_INVALID',
      `Cannot read ${path}: ${(cause as NodeJS.ErrnoException).code ?? 'error'}.`,
      { field: '--qr' },
    );
  }
  const image = decodeImage(bytes, path);
  const text = findQr(image);
  if (text === null) {
    throw new ClearledgerError(
      'CL_QR_UNREADABLE',
      `No QR code could be read in ${path}. Photograph the code straight on, filling most of the frame, in focus and evenly lit.`,
      { field: '--qr', details: { width: image.width, height: image.height } },
    );
  }
  return text;
}

function decodeImage(bytes: Buffer, path: string): Rgba {
  const isPng = bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  const isJpeg = bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff;
  if (!isPng && !isJpeg) throw unreadable(`${path} is not a PNG or JPEG image.`);
  try {
    if (isPng) {
      // IHDR holds the size at bytes 16–23: refuse a huge image before allocating its pixels.
      const width = bytes.readUInt32BE(16);
      const height = bytes.readUInt32BE(20);
      if (width * height > MAX_IMAGE_MP * 1_000_000)
        throw unreadable(`${path} is larger than ${MAX_IMAGE_MP} megapixels.`);
      const png = PNG.sync.read(bytes);
      return { width: png.width, height: png.height, data: png.data };
    }
    const decoded = jpeg.decode(bytes, {
      useTArray: true,
      formatAsRGBA: true,
      maxResolutionInMP: MAX_IMAGE_MP,
      maxMemoryUsageInMB: 1024,
    });
    return { width: decoded.width, height: decoded.height, data: decoded.data };
  } catch (cause) {
    if (cause instanceof ClearledgerError) throw cause;
    throw unreadable(`${path} is not a readable ${isPng ? 'PNG' : 'JPEG'} image: ${(cause as Error).message}`, cause);
  }
}

/** Looks for a QR code, first in a reduced copy of a large image, then at full size. */
function findQr(image: Rgba): string | null {
  const attempts: Rgba[] = [];
  const pixels = image.width * image.height;
  if (pixels > FAST_SEARCH_PIXELS) attempts.push(downscale(image, Math.ceil(Math.sqrt(pixels / FAST_SEARCH_PIXELS))));
  attempts.push(image);
  for (const attempt of attempts) {
    const data = new Uint8ClampedArray(attempt.data.buffer, attempt.data.byteOffset, attempt.data.byteLength);
    const code = jsQR(data, attempt.width, attempt.height, { inversionAttempts: 'attemptBoth' });
    if (code !== null) return code.data;
  }
  return null;
}

/** Box-filter reduction by an integer factor. */
function downscale(image: Rgba, factor: number): Rgba {
  const width = Math.floor(image.width / factor);
  const height = Math.floor(image.height / factor);
  const data = new Uint8Array(width * height * 4);
  const area = factor * factor;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      for (let channel = 0; channel < 4; channel++) {
        let sum = 0;
        for (let dy = 0; dy < factor; dy++) {
          let i = ((y * factor + dy) * image.width + x * factor) * 4 + channel;
          for (let dx = 0; dx < factor; dx++, i += 4) sum += image.data[i]!;
        }
        data[(y * width + x) * 4 + channel] = Math.round(sum / area);
      }
    }
  }
  return { width, height, data };
}

function unreadable(message: string, cause?: unknown): ClearledgerError {
  return new ClearledgerError('CL_QR_UNREADABLE', message, {
    field: '--qr',
    ...(cause === undefined ? {} : { cause }),
  });
}
