import { ClearledgerError } from '../errors/ClearledgerError.ts';

/** A quantity as credentials write it: digits, optionally a point and 1 to 6 fraction digits. */
const DECIMAL = /^(\d+)(?:\.(\d{1,6}))?$/;
const SCALE = 1_000_000n;

/** True when `value` is a decimal string a permit quantity may be (at most 6 fraction digits, not negative). */
export function isPermitQuantity(value: unknown): value is string {
  return typeof value === 'string' && DECIMAL.test(value);
}

/**
 * A decimal quantity in millionths of its unit, as the permit contract stores it.
 *
 * @param value - a decimal string with at most 6 fraction digits, e.g. `"12.5"`.
 * @returns the quantity × 10⁶, e.g. `12500000n`.
 * @throws ClearledgerError `CL_INPUT_INVALID` when `value` is not such a string.
 */
export function toChainQuantity(value: string): bigint {
  const m = typeof value === 'string' ? DECIMAL.exec(value) : null;
  if (m === null)
    throw new ClearledgerError(
      'CL_INPUT_INVALID',
      'A quantity is a decimal number written with digits and at most 6 fraction digits, e.g. "12.5".',
      { field: 'quantity' },
    );
  return BigInt(m[1]!) * SCALE + BigInt((m[2] ?? '').padEnd(6, '0'));
}

/**
 * The canonical decimal string of a quantity in millionths: no leading zeros, no trailing fraction
 * zeros, no point for whole numbers (`12500000n` → `"12.5"`, `0n` → `"0"`).
 *
 * @throws ClearledgerError `CL_INPUT_INVALID` for a negative quantity.
 */
export function fromChainQuantity(millionths: bigint): string {
  if (millionths < 0n)
    throw new ClearledgerError('CL_INPUT_INVALID', 'A quantity on the ledger is never negative.', {
      field: 'quantity',
    });
  const whole = millionths / SCALE;
  const fraction = (millionths % SCALE).toString().padStart(6, '0').replace(/0+$/, '');
  return fraction === '' ? whole.toString() : `${whole}.${fraction}`;
}
