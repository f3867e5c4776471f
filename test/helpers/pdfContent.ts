import { inflateSync } from 'node:zlib';
import jsQRModule from 'jsqr';
import { PNG } from 'pngjs';

// jsqr is CommonJS: the function is module.exports and, for ES module importers, its `default`.
const jsQR = jsQRModule.default;

/**
 * Reads what tests need from a PDF written by pdfkit with the standard fonts: the page content
 * streams (inflated when compressed), the text lines (one per `TJ`), and the QR code drawn as
 * rectangles.
 */
export function pdfContent(pdf: Uint8Array): { pages: number; streams: string[]; text: string[] } {
  const raw = Buffer.from(pdf).toString('latin1');
  const pages = raw.match(/\/Type \/Page\b(?!s)/g)?.length ?? 0;
  const streams = [...raw.matchAll(/<<\n\/Length (\d+)\n(\/Filter \/FlateDecode\n)?>>\nstream\n/g)]
    .map((m) => {
      const start = m.index + m[0].length;
      const body = Buffer.from(pdf.subarray(start, start + Number(m[1])));
      return (m[2] === undefined ? body : inflateSync(body)).toString('latin1');
    })
    .filter((s) => / cm\n/.test(s));
  const text = streams.flatMap((s) =>
    [...s.matchAll(/\[((?:<[0-9a-f]*>|\s|-?[\d.]+)*)\] TJ/g)].map((m) =>
      [...m[1]!.matchAll(/<([0-9a-f]*)>/g)].map((h) => winAnsiDecode(Buffer.from(h[1]!, 'hex'))).join(''),
    ),
  );
  return { pages, streams, text };
}

const winAnsiHigh: Record<number, string> = {
  128: '€',
  145: '‘',
  146: '’',
  147: '“',
  148: '”',
  149: '•',
  150: '–',
  151: '—',
  155: '›',
};

function winAnsiDecode(bytes: Buffer): string {
  let out = '';
  for (const b of bytes) out += winAnsiHigh[b] ?? String.fromCharCode(b);
  return out;
}

/**
 * The QR module matrix drawn inside the PDF's marked-content span (the one with the QR code's
 * alternate text), rebuilt from its rectangles (`x y w h re`), with the printed width in points.
 */
export function pdfQrMatrix(pdf: Uint8Array): { matrix: boolean[][]; moduleSize: number; widthWithQuietZone: number } {
  const { streams } = pdfContent(pdf);
  const section = streams.map((s) => /\/Span <<[\s\S]*?>> BDC([\s\S]*?)EMC/.exec(s)?.[1]).find((s) => s !== undefined);
  if (section === undefined) throw new Error('no QR code span in the PDF');
  const rects = [...section.matchAll(/(-?[\d.]+) (-?[\d.]+) (-?[\d.]+) (-?[\d.]+) re/g)].map((m) =>
    m.slice(1, 5).map(Number),
  ) as [number, number, number, number][];
  const m = Math.min(...rects.map((r) => r[3]));
  const x0 = Math.min(...rects.map((r) => r[0]));
  const y0 = Math.min(...rects.map((r) => r[1]));
  const n = Math.round((Math.max(...rects.map((r) => r[0] + r[2])) - x0) / m);
  const matrix = Array.from({ length: n }, () => new Array<boolean>(n).fill(false));
  for (const [x, y, w] of rects) {
    const row = Math.round((y - y0) / m);
    const from = Math.round((x - x0) / m);
    const to = Math.round((x + w - x0) / m);
    for (let col = from; col < to; col++) matrix[row]![col] = true;
  }
  return { matrix, moduleSize: m, widthWithQuietZone: (n + 8) * m };
}

/** A module matrix as a black-on-white PNG with a 4-module quiet zone, `scale` pixels per module. */
export function matrixToPng(matrix: boolean[][], scale = 4): PNG {
  const n = matrix.length;
  const size = (n + 8) * scale;
  const png = new PNG({ width: size, height: size });
  png.data.fill(255);
  for (let row = 0; row < n; row++) {
    for (let col = 0; col < n; col++) {
      if (!matrix[row]![col]) continue;
      for (let dy = 0; dy < scale; dy++) {
        for (let dx = 0; dx < scale; dx++) {
          const i = (((row + 4) * scale + dy) * size + (col + 4) * scale + dx) * 4;
          png.data[i] = png.data[i + 1] = png.data[i + 2] = 0;
        }
      }
    }
  }
  return png;
}

/** The text of the QR code in an RGBA image, or null. */
export function decodeQrImage(png: { width: number; height: number; data: Uint8Array }): string | null {
  const clamped = new Uint8ClampedArray(png.data.buffer, png.data.byteOffset, png.data.byteLength);
  return jsQR(clamped, png.width, png.height)?.data ?? null;
}
