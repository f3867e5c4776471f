import { writeFileSync } from 'node:fs';
import QRCode from 'qrcode';

/** Luminance of white paper and black ink in limited-range (BT.601) video. */
const WHITE = 235;
const BLACK = 16;
const QUIET_ZONE = 4;

/**
 * Writes a `.y4m` video for Chromium's fake camera (`--use-file-for-fake-video-capture`): `frames`
 * identical frames showing the QR code of `text` (error correction M) in the middle, each module
 * the largest whole number of pixels that fits the frame with a 4-module quiet zone. Returns the
 * code's size in modules and the pixels per module.
 */
export function writeQrY4m(
  path: string,
  text: string,
  { width = 1280, height = 720, frames = 30 }: { width?: number; height?: number; frames?: number } = {},
): { modules: number; pixelsPerModule: number } {
  if (width % 2 !== 0 || height % 2 !== 0) throw new Error('4:2:0 frames need an even width and height');
  const matrix = QRCode.create(text, { errorCorrectionLevel: 'M' }).modules;
  const n = matrix.size;
  const scale = Math.floor(Math.min(width, height) / (n + 2 * QUIET_ZONE));
  if (scale < 1) throw new Error(`a ${n}-module QR code does not fit a ${width}×${height} frame`);
  const luma = Buffer.alloc(width * height, WHITE);
  const left = Math.floor((width - n * scale) / 2);
  const top = Math.floor((height - n * scale) / 2);
  for (let row = 0; row < n; row++) {
    for (let column = 0; column < n; column++) {
      if (!matrix.get(row, column)) continue;
      for (let dy = 0; dy < scale; dy++) {
        const start = (top + row * scale + dy) * width + left + column * scale;
        luma.fill(BLACK, start, start + scale);
      }
    }
  }
  const chroma = Buffer.alloc((width * height) / 2, 128);
  const frame = Buffer.concat([Buffer.from('FRAME\n'), luma, chroma]);
  const header = Buffer.from(`YUV4MPEG2 W${width} H${height} F30:1 Ip A1:1 C420jpeg\n`);
  writeFileSync(path, Buffer.concat([header, ...Array.from({ length: frames }, () => frame)]));
  return { modules: n, pixelsPerModule: scale };
}
