import type { Store } from '@clearledger/core';
import type { FastifyInstance } from 'fastify';

/**
 * Adds a person's account to an organisation of the node and signs them in through `POST /auth/login`.
 *
 * @returns the bearer token of the session.
 */
export async function personToken(
  app: FastifyInstance,
  store: Store,
  person: { id: string; orgId: string; username: string; displayName: string; roles: string[] },
  credentials: { password: string; passwordHash: string },
): Promise<string> {
  await store.putAccount({
    ...person,
    passwordHash: credentials.passwordHash,
    disabled: false,
    failedLogins: 0,
    lockedUntil: null,
    createdAt: new Date().toISOString(),
  });
  const res = await app.inject({
    method: 'POST',
    url: '/auth/login',
    payload: { username: person.username, password: credentials.password },
  });
  return (res.json() as { accessToken: string }).accessToken;
}
