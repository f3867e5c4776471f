import type { ErrorCode } from './codes.ts';

/** Parameters of {@link ClearledgerError}. */
export type ClearledgerErrorParameters = {
  /** Field or JSON pointer the problem is about, when there is one. */
  field?: string;
  /** Extra structured facts a caller may show (never secrets, never stack traces). */
  details?: Record<string, unknown>;
  cause?: unknown;
};

/**
 * Base error of Clearledger. `code` is a stable `CL_<AREA>_<CONDITION>` string listed in
 * `docs/errors.md`; `message` is written for a person who has to act on it.
 */
export class ClearledgerError extends Error {
  override readonly name: string = 'ClearledgerError';
  readonly code: ErrorCode;
  readonly field: string | undefined;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: ErrorCode, message: string, parameters: ClearledgerErrorParameters = {}) {
    super(message, parameters.cause === undefined ? undefined : { cause: parameters.cause });
    this.code = code;
    this.field = parameters.field;
    this.details = parameters.details;
  }

  /** Plain JSON shape used by the HTTP API and the CLI's `--json` output. */
  toJSON(): { code: ErrorCode; message: string; field?: string; details?: Record<string, unknown> } {
    return {
      code: this.code,
      message: this.message,
      ...(this.field === undefined ? {} : { field: this.field }),
      ...(this.details === undefined ? {} : { details: this.details }),
    };
  }
}

/** True when `value` is a {@link ClearledgerError} (also across package copies). */
export function isClearledgerError(value: unknown): value is ClearledgerError {
  return value instanceof ClearledgerError;
}
