// Quantities of a movement: decimal strings with at most 6 fractional digits in credentials,
// whole millionths of the unit on the chain. Arithmetic runs on bigint, never on binary floats.

const QUANTITY = /^(\d{1,18})(?:\.(\d{1,6}))?$/;

/**
 * The quantity in millionths of its unit, or undefined when `value` is not a decimal string of at
 * most 6 fractional digits (`"12.5"` → `12500000n`).
 */
export function toMillionths(value: unknown): bigint | undefined {
  if (typeof value !== 'string') return undefined;
  const m = QUANTITY.exec(value);
  if (m === null) return undefined;
  return BigInt(m[1]!) * 1_000_000n + BigInt((m[2] ?? '').padEnd(6, '0'));
}

/** A quantity in millionths as a decimal string without trailing zeros (`12500000n` → `"12.5"`). */
export function fromMillionths(millionths: bigint): string {
  const whole = millionths / 1_000_000n;
  const fraction = (millionths % 1_000_000n).toString().padStart(6, '0').replace(/0+$/, '');
  return fraction === '' ? whole.toString() : `${whole}.${fraction}`;
}
