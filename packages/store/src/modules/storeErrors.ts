import { ClearledgerError } from '@clearledger/core';

/** `CL_STORE_NOT_FOUND` with this message. */
export function notFound(message: string): ClearledgerError {
  return new ClearledgerError('CL_STORE_NOT_FOUND', message);
}

/** `CL_STORE_CONFLICT` with this message. */
export function conflict(message: string): ClearledgerError {
  return new ClearledgerError('CL_STORE_CONFLICT', message);
}

/** A unique-key conflict restated for the caller; every other error unchanged. */
export function restated(error: unknown, message: string): unknown {
  if (!(error instanceof ClearledgerError) || error.code !== 'CL_STORE_CONFLICT') return error;
  return new ClearledgerError('CL_STORE_CONFLICT', message, {
    ...(error.details === undefined ? {} : { details: error.details }),
    cause: error,
  });
}
