import { ClearledgerError } from '@clearledger/core';

/** Default and largest page of `Store.listCredentials` (and of case listings). */
export const defaultCredentialLimit = 100;
export const maxCredentialLimit = 1000;

/** The page size of a listing: the default when absent, capped at {@link maxCredentialLimit}. */
export function pageSize(limit: number | undefined): number {
  if (limit === undefined) return defaultCredentialLimit;
  if (!Number.isInteger(limit) || limit < 1) {
    throw new ClearledgerError('CL_INPUT_INVALID', 'The page limit must be a positive integer.', { field: 'limit' });
  }
  return Math.min(limit, maxCredentialLimit);
}

/** `CL_INPUT_INVALID` unless `limit` is a positive integer. */
export function positiveLimit(limit: number, what: string): void {
  if (!Number.isInteger(limit) || limit < 1) {
    throw new ClearledgerError('CL_INPUT_INVALID', `The ${what} limit must be a positive integer.`, {
      field: 'limit',
    });
  }
}
