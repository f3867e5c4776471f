import type { QrWorkerRequest, QrWorkerResponse } from './qrWorker.ts';

/** A region of a source image, in its own pixels. */
export type Region = { x: number; y: number; width: number; height: number };

/**
 * Draws a region of a source (the whole source by default) scaled so its longer side is at most
 * `maxSide`, and returns the pixels.
 */
export function pixelsOf(
  source: CanvasImageSource,
  region: Region,
  maxSide: number,
  canvas: HTMLCanvasElement = document.createElement('canvas'),
): ImageData | null {
  const scale = Math.min(1, maxSide / Math.max(region.width, region.height));
  const w = Math.max(1, Math.round(region.width * scale));
  const h = Math.max(1, Math.round(region.height * scale));
  if (canvas.width !== w) canvas.width = w;
  if (canvas.height !== h) canvas.height = h;
  const context = canvas.getContext('2d', { willReadFrequently: true });
  if (context === null) return null;
  context.drawImage(source, region.x, region.y, region.width, region.height, 0, 0, w, h);
  return context.getImageData(0, 0, w, h);
}

/** The centred square of a width × height image (what the viewfinder's target frames). */
export function centreSquare(width: number, height: number): Region {
  const side = Math.min(width, height);
  return { x: Math.floor((width - side) / 2), y: Math.floor((height - side) / 2), width: side, height: side };
}

async function bitmapOf(
  file: Blob,
): Promise<{ source: CanvasImageSource; width: number; height: number; close(): void }> {
  if (typeof createImageBitmap === 'function') {
    const bitmap = await createImageBitmap(file);
    return { source: bitmap, width: bitmap.width, height: bitmap.height, close: () => bitmap.close() };
  }
  const url = URL.createObjectURL(file);
  const image = new Image();
  image.src = url;
  await image.decode();
  return {
    source: image,
    width: image.naturalWidth,
    height: image.naturalHeight,
    close: () => URL.revokeObjectURL(url),
  };
}

/** Decodes frames with jsQR in a module Web Worker, so the viewfinder and the page stay responsive. */
export type QrDecoder = {
  decode(pixels: ImageData, inversion: 'dontInvert' | 'attemptBoth'): Promise<string | null>;
  close(): void;
};

export function createQrDecoder(): QrDecoder {
  const worker = new Worker(new URL('./qrWorker.ts', import.meta.url), { type: 'module' });
  let next = 0;
  const waiting = new Map<number, (text: string | null) => void>();
  const settleAll = () => {
    for (const resolve of waiting.values()) resolve(null);
    waiting.clear();
  };
  worker.addEventListener('message', (event: MessageEvent<QrWorkerResponse>) => {
    waiting.get(event.data.id)?.(event.data.text);
    waiting.delete(event.data.id);
  });
  worker.addEventListener('error', settleAll);
  return {
    decode(pixels, inversion) {
      const id = ++next;
      return new Promise((resolve) => {
        waiting.set(id, resolve);
        const request: QrWorkerRequest = {
          id,
          width: pixels.width,
          height: pixels.height,
          data: pixels.data,
          inversion,
        };
        worker.postMessage(request, [pixels.data.buffer]);
      });
    },
    close() {
      worker.terminate();
      settleAll();
    },
  };
}

/**
 * The text of the QR code in a photo, or null when none can be read. Phone photos are large and the
 * code may fill little of them: it tries a reduced copy first (fast), then a larger one.
 */
export async function decodeImageFile(file: Blob): Promise<string | null> {
  const image = await bitmapOf(file);
  const decoder = createQrDecoder();
  const whole = { x: 0, y: 0, width: image.width, height: image.height };
  const attempts: [Region, number][] = [[whole, 1024]];
  if (Math.max(image.width, image.height) > 1024) attempts.push([whole, 2048]);
  if (image.width !== image.height) attempts.push([centreSquare(image.width, image.height), 2048]);
  try {
    for (const [region, side] of attempts) {
      const pixels = pixelsOf(image.source, region, side);
      if (pixels === null) return null;
      const text = await decoder.decode(pixels, 'attemptBoth');
      if (text !== null) return text;
    }
    return null;
  } finally {
    decoder.close();
    image.close();
  }
}
