import { PNG } from 'pngjs';

type Rgba = { width: number; height: number; data: Uint8Array };

/**
 * Makes a generated QR image look like a phone photo of paper: scaled up, on a margin of grey
 * "table", rotated a few degrees (bilinear), with washed-out contrast, a blur and sensor noise.
 * Deterministic (`seed`).
 */
export function photoLike(
  image: Rgba,
  options: { scale?: number; pad?: number; degrees?: number; blur?: number; noise?: number; seed?: number } = {},
): PNG {
  const { scale = 3, pad = 120, degrees = 3, blur = 1, noise = 10 } = options;
  let seed = options.seed ?? 42;
  const random = () => {
    seed = (seed * 1103515245 + 12345) >>> 0;
    return seed / 2 ** 32;
  };
  const width = image.width * scale + 2 * pad;
  const height = image.height * scale + 2 * pad;
  const grey = new Float32Array(width * height);
  const cos = Math.cos((degrees * Math.PI) / 180);
  const sin = Math.sin((degrees * Math.PI) / 180);
  const cx = width / 2;
  const cy = height / 2;
  const source = (x: number, y: number) => {
    // Paper outside the code is light grey; the "table" beyond the padding a darker grey.
    const sx = Math.floor((x - pad) / scale);
    const sy = Math.floor((y - pad) / scale);
    if (sx < 0 || sy < 0 || sx >= image.width || sy >= image.height) return x < 20 || y < 20 ? 120 : 235;
    const i = (sy * image.width + sx) * 4;
    return image.data[i]! < 128 ? 45 : 220;
  };
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      // Rotate about the centre, sampling the source bilinearly.
      const u = cos * (x - cx) + sin * (y - cy) + cx;
      const v = -sin * (x - cx) + cos * (y - cy) + cy;
      const x0 = Math.floor(u);
      const y0 = Math.floor(v);
      const fx = u - x0;
      const fy = v - y0;
      grey[y * width + x] =
        source(x0, y0) * (1 - fx) * (1 - fy) +
        source(x0 + 1, y0) * fx * (1 - fy) +
        source(x0, y0 + 1) * (1 - fx) * fy +
        source(x0 + 1, y0 + 1) * fx * fy;
    }
  }
  const blurred = boxBlur(grey, width, height, blur);
  const png = new PNG({ width, height });
  for (let i = 0; i < width * height; i++) {
    const value = Math.max(0, Math.min(255, Math.round(blurred[i]! + (random() * 2 - 1) * noise)));
    png.data[i * 4] = Math.min(255, value + 6);
    png.data[i * 4 + 1] = value;
    png.data[i * 4 + 2] = Math.max(0, value - 8);
    png.data[i * 4 + 3] = 255;
  }
  return png;
}

function boxBlur(values: Float32Array, width: number, height: number, radius: number): Float32Array {
  if (radius === 0) return values;
  const out = new Float32Array(values.length);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let sum = 0;
      let count = 0;
      for (let dy = -radius; dy <= radius; dy++) {
        const yy = y + dy;
        if (yy < 0 || yy >= height) continue;
        for (let dx = -radius; dx <= radius; dx++) {
          const xx = x + dx;
          if (xx < 0 || xx >= width) continue;
          sum += values[yy * width + xx]!;
          count++;
        }
      }
      out[y * width + x] = sum / count;
    }
  }
  return out;
}
