import { ClearledgerError } from '@clearledger/core';

/**
 * Parses an `application/x-www-form-urlencoded` body (OAuth token requests) into string fields.
 * A repeated field is refused (RFC 6749 §3.2: parameters must not be included more than once).
 */
export function parseFormBody(body: string): Record<string, string> {
  const out: Record<string, string> = Object.create(null);
  for (const [key, value] of new URLSearchParams(body)) {
    if (key in out) {
      throw new ClearledgerError('CL_INPUT_INVALID', `The form field "${key}" appears more than once.`, {
        field: `/${key}`,
      });
    }
    if (key.length > 64 || value.length > 4096) {
      throw new ClearledgerError('CL_INPUT_INVALID', `The form field "${key.slice(0, 64)}" is too long.`, {
        field: `/${key.slice(0, 64)}`,
      });
    }
    out[key] = value;
  }
  return { ...out };
}
