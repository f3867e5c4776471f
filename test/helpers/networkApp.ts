import type { Role } from '@clearledger/core';
import { hashPassword, type NodeContext } from '@clearledger/node';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../apps/server/src/buildApp.ts';
import { tempNode } from './tempNode.ts';

// biome-ignore lint/suspicious/noExplicitAny: JSON answers are read field by field in the assertions.
export type Json = Record<string, any>;

/** A person of the test network: who (a handle), the organisation's DID, its roles and country, the person's role. */
export type TestParty = {
  who: string;
  did: string;
  roles: Role[];
  country: string;
  role: 'ADMIN' | 'STAFF' | 'OFFICER' | 'AUDITOR';
};

const PASSWORD = 'a long enough password';

/**
 * A node with its embedded chain and HTTP app (injected, no socket), the organisations of `parties`
 * hosted on it, one signed-in person each. `call(who, method, url, body)` answers status and JSON.
 * `operator` is the node's own organisation (network authority and customs, country US). `clock`
 * is the app's clock (instruments' and claims' dates), the system clock by default.
 */
export async function networkApp(
  parties: readonly TestParty[],
  options: { env?: Record<string, string>; clock?: () => Date } = {},
) {
  const env = await tempNode(
    {
      CLEARLEDGER_ORG_ROLES: 'NETWORK_AUTHORITY,CUSTOMS',
      CLEARLEDGER_ORG_COUNTRY: 'US',
      CLEARLEDGER_CHAIN_RPC_PORT: 'off',
      ...options.env,
    },
    { ledger: true },
  );
  const app: FastifyInstance = await buildApp({
    node: env.node,
    rateLimits: { loginPerMinute: 10_000 },
    ...(options.clock === undefined ? {} : { clock: options.clock }),
  });
  const passwordHash = await hashPassword(PASSWORD, { ln: 10, r: 8, p: 1 });
  const tokens: Record<string, string> = {};
  const everyone: TestParty[] = [
    { who: 'officer', did: env.node.operatorOrgId, roles: [], country: 'US', role: 'OFFICER' },
    ...parties,
  ];
  for (const party of everyone) {
    if (party.did !== env.node.operatorOrgId && (await env.node.store.getOrganization(party.did)) === null)
      await env.node.hostOrganization({ did: party.did, name: party.who, country: party.country, roles: party.roles });
    await env.node.store.putAccount({
      id: `acct_${party.who}`,
      orgId: party.did,
      username: party.who,
      displayName: party.who,
      passwordHash,
      roles: [party.role],
      disabled: false,
      failedLogins: 0,
      lockedUntil: null,
      createdAt: new Date().toISOString(),
    });
    const res = await app.inject({
      method: 'POST',
      url: '/auth/login',
      payload: { username: party.who, password: PASSWORD },
    });
    tokens[party.who] = res.json().accessToken;
  }
  const call = async (
    who: string | null,
    method: 'GET' | 'POST' | 'PUT' | 'DELETE',
    url: string,
    payload?: unknown,
  ) => {
    const res = await app.inject({
      method,
      url,
      headers: who === null ? {} : { authorization: `Bearer ${tokens[who]}` },
      ...(payload === undefined ? {} : { payload: payload as Json }),
    });
    return { status: res.statusCode, body: (res.body === '' ? {} : res.json()) as Json };
  };
  const worker = env.node.ledger!.startAnchorWorker();
  return {
    app,
    node: env.node as NodeContext,
    call,
    tokens,
    async close() {
      await worker.stop();
      await app.close();
      await env.dispose();
    },
  };
}
