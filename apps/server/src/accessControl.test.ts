import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Role } from '@clearledger/core';
import { hashPassword } from '@clearledger/node';
import type { FastifyInstance } from 'fastify';
import { usmcaCertification } from '../../../test/fixtures/usmcaCertification.ts';
import { tempNode } from '../../../test/helpers/tempNode.ts';
import { buildApp } from './buildApp.ts';

type Org = { did: string; roles: Role[]; token: string; recordId: string; recordHash: string };

const PASSWORD = 'a long enough password';

/** Signs in and returns the bearer token. */
async function login(app: FastifyInstance, username: string, password = PASSWORD): Promise<string> {
  const res = await app.inject({ method: 'POST', url: '/auth/login', payload: { username, password } });
  assert.equal(res.statusCode, 200, res.body);
  return res.json().accessToken;
}

describe('organisation-scoped access (accounts, OAuth clients, audit)', () => {
  let app: FastifyInstance;
  let env: Awaited<ReturnType<typeof tempNode>>;
  const orgs: Org[] = [];

  before(async () => {
    env = await tempNode({ CLEARLEDGER_ORG_ROLES: 'NETWORK_AUTHORITY,CUSTOMS', CLEARLEDGER_ORG_COUNTRY: 'US' });
    app = await buildApp({
      node: env.node,
      operatorToken: 'operator-token-for-tests',
      rateLimits: { loginPerMinute: 1000 },
    });
    const specs: { did: string; roles: Role[] }[] = [
      { did: env.node.operatorOrgId, roles: ['NETWORK_AUTHORITY', 'CUSTOMS'] },
      { did: 'did:web:producer-a.example', roles: ['PRODUCER', 'EXPORTER'] },
      { did: 'did:web:producer-b.example', roles: ['PRODUCER'] },
      { did: 'did:web:importer.example', roles: ['IMPORTER'] },
    ];
    const passwordHash = await hashPassword(PASSWORD, { ln: 10, r: 8, p: 1 });
    for (const [i, spec] of specs.entries()) {
      if (spec.did !== env.node.operatorOrgId) {
        await env.node.hostOrganization({ did: spec.did, name: `Org ${i}`, country: 'MX', roles: spec.roles });
      }
      await env.node.store.putAccount({
        id: `acct_${i}`,
        orgId: spec.did,
        username: `admin${i}`,
        displayName: `Admin ${i}`,
        passwordHash,
        roles: ['ADMIN'],
        disabled: false,
        failedLogins: 0,
        lockedUntil: null,
        createdAt: new Date().toISOString(),
      });
      const token = await login(app, `admin${i}`);
      const issued = await app.inject({
        method: 'POST',
        url: '/credentials/issue',
        headers: { authorization: `Bearer ${token}` },
        payload: {
          // The network authority (CBP here) issues its own kind of record; the traders certifications.
          credential: spec.roles.includes('NETWORK_AUTHORITY')
            ? {
                '@context': ['https://www.w3.org/ns/credentials/v2', 'https://clearledger.dev/ns/v1'],
                type: ['VerifiableCredential', 'OrganizationCredential'],
                issuer: spec.did,
                credentialSubject: { id: 'did:web:member.example', name: 'A network member' },
              }
            : usmcaCertification({ issuer: spec.did, serial: i }),
        },
      });
      assert.equal(issued.statusCode, 201, issued.body);
      orgs.push({ ...spec, token, recordId: issued.json().id, recordHash: issued.json().hash });
    }
  });
  after(async () => {
    await app.close();
    await env.dispose();
  });

  it("every organisation × every record route × another organisation's record id is 404, never the record", async () => {
    const routes = (o: Org) => [
      { method: 'GET' as const, url: `/credentials/${encodeURIComponent(o.recordId)}` },
      { method: 'GET' as const, url: `/credentials/${encodeURIComponent(o.recordId)}/qr` },
      { method: 'GET' as const, url: `/credentials/${encodeURIComponent(o.recordId)}/pdf` },
      { method: 'POST' as const, url: '/credentials/status', payload: { credentialId: o.recordId, status: 'REVOKED' } },
    ];
    let denied = 0;
    let attempts = 0;
    for (const caller of orgs) {
      for (const owner of orgs) {
        if (owner === caller) continue;
        for (const route of routes(owner)) {
          attempts++;
          const res = await app.inject({ ...route, headers: { authorization: `Bearer ${caller.token}` } });
          if (
            res.statusCode === 404 &&
            res.json().error.code === 'CL_STORE_NOT_FOUND' &&
            !res.body.includes(owner.recordHash)
          )
            denied++;
          else assert.fail(`${caller.did} ${route.method} ${route.url} → ${res.statusCode} ${res.body.slice(0, 200)}`);
        }
        // By hash: only customs services may read records they did not issue.
        const byHash = await app.inject({
          method: 'GET',
          url: `/credentials/by-hash/${owner.recordHash}`,
          headers: { authorization: `Bearer ${caller.token}` },
        });
        if (caller.roles.includes('CUSTOMS')) assert.equal(byHash.statusCode, 200, byHash.body);
        else {
          attempts++;
          assert.equal(byHash.statusCode, 404, `${caller.did} read ${owner.did}'s record by hash`);
          denied++;
        }
      }
      // Lists never include another organisation's records.
      const list = await app.inject({
        method: 'GET',
        url: '/credentials?limit=100',
        headers: { authorization: `Bearer ${caller.token}` },
      });
      assert.equal(list.statusCode, 200);
      assert.deepEqual(
        list.json().items.map((r: { id: string }) => r.id),
        [caller.recordId],
      );
      // Its own record reads fine on every route (the matrix is not trivially denying everything).
      const own = await app.inject({
        method: 'GET',
        url: `/credentials/${encodeURIComponent(caller.recordId)}`,
        headers: { authorization: `Bearer ${caller.token}` },
      });
      assert.equal(own.statusCode, 200);
      assert.equal(own.json().hash, caller.recordHash);
    }
    assert.equal(denied, attempts);
    assert.ok(attempts >= 40, `${attempts} foreign-record attempts`);
  });

  it('anonymous callers and callers without the scope are refused with 401 / 403', async () => {
    const anonymous = await app.inject({ method: 'GET', url: '/credentials' });
    assert.equal(anonymous.statusCode, 401);
    assert.equal(anonymous.json().error.code, 'CL_AUTH_REQUIRED');
    const badToken = await app.inject({
      method: 'GET',
      url: '/credentials',
      headers: { authorization: 'Bearer clt_not-a-real-token' },
    });
    assert.equal(badToken.statusCode, 401);
    assert.equal(badToken.json().error.code, 'CL_AUTH_TOKEN_EXPIRED');
    // An officer account may read but not issue.
    await env.node.store.putAccount({
      id: 'acct_officer',
      orgId: env.node.operatorOrgId,
      username: 'officer.one',
      displayName: 'Officer One',
      passwordHash: await hashPassword(PASSWORD, { ln: 10, r: 8, p: 1 }),
      roles: ['OFFICER'],
      disabled: false,
      failedLogins: 0,
      lockedUntil: null,
      createdAt: new Date().toISOString(),
    });
    const officer = await login(app, 'OFFICER.ONE');
    const issue = await app.inject({
      method: 'POST',
      url: '/credentials/issue',
      headers: { authorization: `Bearer ${officer}` },
      payload: { credential: usmcaCertification({ issuer: env.node.operatorOrgId }) },
    });
    assert.equal(issue.statusCode, 403);
    assert.equal(issue.json().error.code, 'CL_AUTH_FORBIDDEN');
    const me = await app.inject({ method: 'GET', url: '/me', headers: { authorization: `Bearer ${officer}` } });
    assert.deepEqual(me.json().roles, ['OFFICER']);
    assert.ok(!me.json().scopes.includes('credentials:issue'));
  });

  it('sign-in: wrong passwords fail alike, five lock the account, logout revokes the token', async () => {
    const wrong = await app.inject({
      method: 'POST',
      url: '/auth/login',
      payload: { username: 'admin1', password: 'wrong password!' },
    });
    const unknown = await app.inject({
      method: 'POST',
      url: '/auth/login',
      payload: { username: 'nobody', password: 'wrong password!' },
    });
    assert.equal(wrong.statusCode, 401);
    assert.deepEqual(wrong.json(), unknown.json(), 'no hint whether the username exists');
    for (let i = 0; i < 4; i++) {
      await app.inject({
        method: 'POST',
        url: '/auth/login',
        payload: { username: 'admin2', password: 'wrong password!' },
      });
    }
    await app.inject({
      method: 'POST',
      url: '/auth/login',
      payload: { username: 'admin2', password: 'wrong password!' },
    });
    const locked = await app.inject({
      method: 'POST',
      url: '/auth/login',
      payload: { username: 'admin2', password: PASSWORD },
    });
    assert.equal(locked.statusCode, 429);
    assert.equal(locked.json().error.code, 'CL_AUTH_LOCKED');

    const token = await login(app, 'admin1');
    const out = await app.inject({
      method: 'POST',
      url: '/auth/logout',
      headers: { authorization: `Bearer ${token}` },
    });
    assert.equal(out.statusCode, 204);
    const after = await app.inject({ method: 'GET', url: '/me', headers: { authorization: `Bearer ${token}` } });
    assert.equal(after.statusCode, 401);
  });

  it('OAuth 2.0 client credentials: a system gets a scoped token and is scoped to its organisation', async () => {
    const admin = orgs[3]!;
    const created = await app.inject({
      method: 'POST',
      url: '/clients',
      headers: { authorization: `Bearer ${admin.token}` },
      payload: { name: 'Broker software', scopes: ['credentials:read'] },
    });
    assert.equal(created.statusCode, 201, created.body);
    const { clientId, clientSecret } = created.json();
    const basic = Buffer.from(`${clientId}:${clientSecret}`).toString('base64');
    const token = await app.inject({
      method: 'POST',
      url: '/oauth/token',
      headers: { authorization: `Basic ${basic}`, 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'grant_type=client_credentials',
    });
    assert.equal(token.statusCode, 200, token.body);
    assert.equal(token.json().token_type, 'Bearer');
    assert.equal(token.json().scope, 'credentials:read');
    const bearer = { authorization: `Bearer ${token.json().access_token}` };
    const list = await app.inject({ method: 'GET', url: '/credentials', headers: bearer });
    assert.deepEqual(
      list.json().items.map((r: { id: string }) => r.id),
      [admin.recordId],
    );
    const issue = await app.inject({
      method: 'POST',
      url: '/credentials/issue',
      headers: bearer,
      payload: { credential: usmcaCertification({ issuer: admin.did }) },
    });
    assert.equal(issue.statusCode, 403);

    const wrongSecret = await app.inject({
      method: 'POST',
      url: '/oauth/token',
      payload: { grant_type: 'client_credentials', client_id: clientId, client_secret: 'cls_wrong' },
    });
    assert.equal(wrongSecret.statusCode, 401);
    assert.equal(wrongSecret.json().error, 'invalid_client');
    const moreScope = await app.inject({
      method: 'POST',
      url: '/oauth/token',
      payload: {
        grant_type: 'client_credentials',
        client_id: clientId,
        client_secret: clientSecret,
        scope: 'credentials:issue',
      },
    });
    assert.equal(moreScope.statusCode, 400);
    assert.equal(moreScope.json().error, 'invalid_scope');
    const grant = await app.inject({ method: 'POST', url: '/oauth/token', payload: { grant_type: 'password' } });
    assert.equal(grant.json().error, 'unsupported_grant_type');

    // Disabling the client ends its tokens.
    const disabled = await app.inject({
      method: 'PATCH',
      url: `/clients/${clientId}`,
      headers: { authorization: `Bearer ${admin.token}` },
      payload: { disabled: true },
    });
    assert.equal(disabled.statusCode, 200);
  });

  it('the audit log records who did what; each organisation reads its own, customs also reads customs matters', async () => {
    const producer = orgs[1]!;
    const own = await app.inject({
      method: 'GET',
      url: '/audit',
      headers: { authorization: `Bearer ${producer.token}` },
    });
    assert.equal(own.statusCode, 200);
    const issue = own.json().items.find((e: { action: string }) => e.action === 'credential.issue');
    assert.ok(issue, "the issuance is in the producer's log");
    assert.equal(issue.target, producer.recordId);
    assert.equal(issue.actorKind, 'account');
    assert.equal(issue.outcome, 'success');
    assert.ok(own.json().items.every((e: { orgId: string }) => e.orgId === producer.did));
    const customs = await app.inject({
      method: 'GET',
      url: '/audit?limit=500',
      headers: { authorization: `Bearer ${orgs[0]!.token}` },
    });
    const seen = new Set(customs.json().items.map((e: { orgId: string }) => e.orgId));
    assert.ok(seen.has(producer.did), "customs sees the producer's customs matters");
    assert.ok(
      customs
        .json()
        .items.filter((e: { orgId: string }) => e.orgId !== orgs[0]!.did)
        .every((e: { customsMatter: boolean }) => e.customsMatter),
    );
  });

  it("customs jurisdiction: a customs service reads by hash only its country's importations or what was presented to it", async () => {
    const cbp = orgs[0]!;
    const producer = orgs[1]!;
    // A second customs service on the network: the Canada Border Services Agency.
    const cbsaDid = 'did:web:cbsa.example';
    await env.node.hostOrganization({
      did: cbsaDid,
      name: 'Canada Border Services Agency',
      country: 'CA',
      roles: ['CUSTOMS'],
    });
    await env.node.store.putAccount({
      id: 'acct_cbsa',
      orgId: cbsaDid,
      username: 'cbsa.admin',
      displayName: 'CBSA admin',
      passwordHash: await hashPassword(PASSWORD, { ln: 10, r: 8, p: 1 }),
      roles: ['ADMIN'],
      disabled: false,
      failedLogins: 0,
      lockedUntil: null,
      createdAt: new Date().toISOString(),
    });
    const cbsa = await login(app, 'cbsa.admin');
    const byHash = (token: string, hash: string) =>
      app.inject({ method: 'GET', url: `/credentials/by-hash/${hash}`, headers: { authorization: `Bearer ${token}` } });
    const issue = async (importerCountry: string, serial: number) => {
      const credential = usmcaCertification({ issuer: producer.did, serial });
      credential.credentialSubject.importer.address.addressCountry = importerCountry;
      const res = await app.inject({
        method: 'POST',
        url: '/credentials/issue',
        headers: { authorization: `Bearer ${producer.token}` },
        payload: { credential },
      });
      assert.equal(res.statusCode, 201, res.body);
      return res.json().hash as string;
    };

    // Imported into the United States: CBP reads it, CBSA does not (404, as if it did not exist).
    assert.equal((await byHash(cbp.token, producer.recordHash)).statusCode, 200);
    const foreign = await byHash(cbsa, producer.recordHash);
    assert.equal(foreign.statusCode, 404);
    assert.equal(foreign.json().error.code, 'CL_STORE_NOT_FOUND');
    assert.ok(!foreign.body.includes('credentialSubject'));
    // Imported into Canada: the other way round.
    const toCanada = await issue('CA', 71);
    assert.equal((await byHash(cbsa, toCanada)).statusCode, 200);
    assert.equal((await byHash(cbp.token, toCanada)).statusCode, 404);
    // Presented to CBP: a claim filed with CBP references the Canadian importation's record.
    await env.node.store.putCase(
      {
        id: 'claim_jurisdiction_test',
        kind: 'origin-claim',
        ownerOrgId: orgs[3]!.did,
        participants: [cbp.did],
        state: 'UNDER_REVIEW',
        uniqueKey: null,
        parentId: null,
        dueAt: null,
        data: { certification: { hash: toCanada } },
        createdAt: new Date().toISOString(),
      },
      { actorOrgId: orgs[3]!.did, actorId: 'acct_3', kind: 'claim.made', data: null, at: new Date().toISOString() },
    );
    assert.equal((await byHash(cbp.token, toCanada)).statusCode, 200, 'presented to CBP in a claim');
    // A record of a third country's importation nobody presented: neither reads it.
    const toMexico = await issue('MX', 72);
    assert.equal((await byHash(cbp.token, toMexico)).statusCode, 404);
    assert.equal((await byHash(cbsa, toMexico)).statusCode, 404);

    // Audit: each customs service's log holds its own reads; neither reads the other's.
    const audit = async (token: string) =>
      (
        await app.inject({ method: 'GET', url: '/audit?limit=500', headers: { authorization: `Bearer ${token}` } })
      ).json().items as { orgId: string; action: string; target: string | null; customsMatter: boolean }[];
    const cbpLog = await audit(cbp.token);
    const cbsaLog = await audit(cbsa);
    assert.ok(cbsaLog.some((e) => e.orgId === cbsaDid && e.action === 'credential.read-by-hash'));
    assert.ok(cbpLog.some((e) => e.orgId === cbp.did && e.action === 'credential.read-by-hash'));
    assert.ok(!cbpLog.some((e) => e.orgId === cbsaDid), "CBP does not read CBSA's log");
    assert.ok(!cbsaLog.some((e) => e.orgId === cbp.did), "CBSA does not read CBP's log");
    // The producer's issuances: each customs service sees those imported into its country.
    const issues = (log: typeof cbpLog) =>
      log.filter((e) => e.orgId === producer.did && e.action === 'credential.issue').map((e) => e.target);
    assert.ok(issues(cbpLog).includes(producer.recordId));
    assert.ok(!issues(cbsaLog).includes(producer.recordId));
    assert.equal(issues(cbsaLog).length, 1, 'CBSA sees the Canadian importation only');
    assert.ok(cbsaLog.every((e) => e.orgId === cbsaDid || e.customsMatter));
  });

  it('OpenAPI 3.1 at /openapi.json lists every route; /docs renders it', async () => {
    const doc = (await app.inject({ method: 'GET', url: '/openapi.json' })).json();
    assert.equal(doc.openapi, '3.1.0');
    for (const path of [
      '/credentials/issue',
      '/credentials/verify',
      '/presentations/verify',
      '/credentials/{id}',
      '/credentials/status',
      '/auth/login',
      '/oauth/token',
      '/.well-known/did.json',
      '/trust/snapshot',
    ]) {
      assert.ok(doc.paths[path], `${path} documented`);
    }
    const docs = await app.inject({ method: 'GET', url: '/docs' });
    assert.equal(docs.statusCode, 200);
    assert.match(docs.body, /POST<\/span> <code>\/credentials\/issue<\/code>/);
  });

  it('trade identifiers are recorded by customs only, and read by their organisation and customs only', async () => {
    const [customs, producer, , importer] = orgs as [Org, Org, Org, Org];
    const put = (who: Org, org: string) =>
      app.inject({
        method: 'PUT',
        url: `/origin/trade-identifiers/${encodeURIComponent(org)}`,
        headers: { authorization: `Bearer ${who.token}` },
        payload: { importerNumbers: ['12-345678900'], filerCodes: ['IMP'] },
      });
    for (const trader of [importer, producer]) {
      const res = await put(trader, importer.did);
      assert.equal(res.statusCode, 403, trader.did);
      assert.equal(res.json().error.code, 'CL_AUTH_FORBIDDEN');
    }
    assert.equal((await put(customs, importer.did)).statusCode, 200);
    const taken = await put(customs, producer.did);
    assert.equal(taken.statusCode, 409, 'a filer code belongs to one organisation');
    const read = (who: Org) =>
      app.inject({
        method: 'GET',
        url: `/origin/trade-identifiers/${encodeURIComponent(importer.did)}`,
        headers: { authorization: `Bearer ${who.token}` },
      });
    assert.deepEqual((await read(importer)).json().filerCodes, ['IMP']);
    assert.equal((await read(customs)).statusCode, 200);
    assert.equal((await read(producer)).statusCode, 404);
  });

  it('the DID document lists the operator key that signs the records', async () => {
    const did = (await app.inject({ method: 'GET', url: '/.well-known/did.json' })).json();
    const signer = await env.node.signerFor(env.node.operatorOrgId);
    assert.equal(did.id, env.node.operatorOrgId);
    assert.equal(did.verificationMethod[0].publicKeyMultibase, signer.publicKeyMultibase);
  });

  it('sign-in attempts are rate limited per address', async () => {
    const strict = await buildApp({ node: env.node, rateLimits: { loginPerMinute: 3 } });
    const codes: number[] = [];
    for (let i = 0; i < 5; i++) {
      const res = await strict.inject({
        method: 'POST',
        url: '/auth/login',
        payload: { username: 'nobody', password: 'x' },
      });
      codes.push(res.statusCode);
      if (res.statusCode === 429) assert.equal(res.json().error.code, 'CL_HTTP_RATE_LIMITED');
    }
    assert.deepEqual(codes, [401, 401, 401, 429, 429]);
    await strict.close();
  });
});
