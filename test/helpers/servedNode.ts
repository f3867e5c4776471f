import type { Role } from '@clearledger/core';
import { hashPassword, type NodeContext } from '@clearledger/node';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../apps/server/src/buildApp.ts';
import { tempNode } from './tempNode.ts';

const PASSWORD = 'a long enough password';

/** A node of a test network on loopback: its context, its HTTP app listening at `url`. */
export type Served = { node: NodeContext; app: FastifyInstance; url: string; dispose(): Promise<void> };

/**
 * Opens a node (embedded chain, or `CHAIN_RPC_URL` in `env`), hosts `host` organisations, adds one
 * person per `people` entry and serves its app on 127.0.0.1 with rate limits high enough for load.
 */
export async function serve(
  env: Record<string, string>,
  people: { username: string; orgId: string; role: string }[],
  host: { did: string; name: string; roles: Role[] }[] = [],
): Promise<Served> {
  const temp = await tempNode(env, { ledger: true });
  for (const org of host) await temp.node.hostOrganization({ ...org, country: 'US' });
  const passwordHash = await hashPassword(PASSWORD, { ln: 10, r: 8, p: 1 });
  for (const p of people) {
    await temp.node.store.putAccount({
      id: `acct_${p.username}`,
      orgId: p.orgId,
      username: p.username,
      displayName: p.username,
      passwordHash,
      roles: [p.role],
      disabled: false,
      failedLogins: 0,
      lockedUntil: null,
      createdAt: new Date().toISOString(),
    });
  }
  const app = await buildApp({
    node: temp.node,
    rateLimits: {
      loginPerMinute: 1000,
      anonymousPerMinute: 10_000,
      authenticatedPerMinute: 100_000,
      verificationUnitsPerMinute: 100_000,
    },
  });
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  return {
    node: temp.node,
    app,
    url,
    async dispose() {
      await app.close();
      await temp.dispose();
    },
  };
}

/** Signs a person in; the access token. */
export async function signIn(url: string, username: string): Promise<string> {
  const res = await fetch(`${url}/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: PASSWORD }),
  });
  return ((await res.json()) as { accessToken: string }).accessToken;
}

/** POST JSON with a bearer token: status and JSON answer. */
export async function post(url: string, token: string, path: string, body: unknown) {
  const res = await fetch(`${url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
  });
  // biome-ignore lint/suspicious/noExplicitAny: JSON answers are read field by field in the assertions.
  return { status: res.status, body: (await res.json()) as any };
}

/** GET with a bearer token: the JSON answer. */
export async function get(url: string, token: string, path: string) {
  const res = await fetch(`${url}${path}`, { headers: { authorization: `Bearer ${token}` } });
  // biome-ignore lint/suspicious/noExplicitAny: JSON answers are read field by field in the assertions.
  return (await res.json()) as any;
}
