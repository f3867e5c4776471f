import { timingSafeEqual } from 'node:crypto';
import { ClearledgerError } from '@clearledger/core';
import type { FastifyRequest } from 'fastify';

/**
 * Checks the node operator's bearer token (`data/operator-token`) in constant time; throws
 * `CL_AUTH_REQUIRED` when the request does not carry it.
 */
export function operatorAuthorizer(operatorToken: string): (request: FastifyRequest) => void {
  const expected = Buffer.from(`Bearer ${operatorToken}`);
  return (request) => {
    const given = Buffer.from(request.headers.authorization ?? '');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      throw new ClearledgerError(
        'CL_AUTH_REQUIRED',
        'Send the operator token as "Authorization: Bearer <token>" (see data/operator-token).',
      );
    }
  };
}
