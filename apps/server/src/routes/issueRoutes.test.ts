import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import type { Store } from '@clearledger/core';
import { type NodeContext, openNode, readNodeConfig } from '@clearledger/node';
import { usmcaCertification } from '../../../../test/fixtures/usmcaCertification.ts';
import { tempNode } from '../../../../test/helpers/tempNode.ts';
import { buildApp } from '../buildApp.ts';

const TOKEN = 'operator-token-for-idempotency-tests';
const headers = (key?: string) => ({
  authorization: `Bearer ${TOKEN}`,
  ...(key === undefined ? {} : { 'idempotency-key': key }),
});

describe('POST /credentials/issue with an Idempotency-Key', () => {
  let env: Awaited<ReturnType<typeof tempNode>>;
  before(async () => {
    env = await tempNode();
  });
  after(async () => {
    await env.dispose();
  });
  const count = (node: NodeContext) => node.store.countCredentials(node.operatorOrgId);

  it('a retry returns the same records with the same status and body, and issues nothing more', async () => {
    const app = await buildApp({ node: env.node, operatorToken: TOKEN });
    const payload = { credential: usmcaCertification({ issuer: env.node.operatorOrgId, serial: 501 }) };
    const before = await count(env.node);
    const first = await app.inject({
      method: 'POST',
      url: '/credentials/issue',
      headers: headers('order-501'),
      payload,
    });
    assert.equal(first.statusCode, 201, first.body);
    const retry = await app.inject({
      method: 'POST',
      url: '/credentials/issue',
      headers: headers('order-501'),
      payload,
    });
    assert.equal(retry.statusCode, 201);
    assert.equal(retry.headers['idempotent-replayed'], 'true');
    assert.deepEqual(retry.json(), first.json());
    assert.equal(await count(env.node), before + 1, 'one record, not two');
    // Without a key, the same request is a new record.
    const unkeyed = await app.inject({ method: 'POST', url: '/credentials/issue', headers: headers(), payload });
    assert.equal(unkeyed.statusCode, 201);
    assert.notEqual(unkeyed.json().id, first.json().id);

    // Bulk: the same, for every record of the request.
    const bulk = {
      credentials: [502, 503, 504].map((serial) => usmcaCertification({ issuer: env.node.operatorOrgId, serial })),
    };
    const many = await app.inject({
      method: 'POST',
      url: '/credentials/issue',
      headers: headers('batch-1'),
      payload: bulk,
    });
    const again = await app.inject({
      method: 'POST',
      url: '/credentials/issue',
      headers: headers('batch-1'),
      payload: bulk,
    });
    assert.equal(many.statusCode, 201);
    assert.deepEqual(
      again.json().issued.map((i: { id: string; hash: string }) => [i.id, i.hash]),
      many.json().issued.map((i: { id: string; hash: string }) => [i.id, i.hash]),
    );
    await app.close();
  });

  it('the same key with another request is 422 CL_HTTP_IDEMPOTENCY_KEY_REUSED; a bad key is 400', async () => {
    const app = await buildApp({ node: env.node, operatorToken: TOKEN });
    const one = { credential: usmcaCertification({ issuer: env.node.operatorOrgId, serial: 601 }) };
    const other = { credential: usmcaCertification({ issuer: env.node.operatorOrgId, serial: 602 }) };
    assert.equal(
      (await app.inject({ method: 'POST', url: '/credentials/issue', headers: headers('k-601'), payload: one }))
        .statusCode,
      201,
    );
    const before = await count(env.node);
    const reused = await app.inject({
      method: 'POST',
      url: '/credentials/issue',
      headers: headers('k-601'),
      payload: other,
    });
    assert.equal(reused.statusCode, 422);
    assert.equal(reused.json().error.code, 'CL_HTTP_IDEMPOTENCY_KEY_REUSED');
    assert.equal(await count(env.node), before);
    const bad = await app.inject({
      method: 'POST',
      url: '/credentials/issue',
      headers: headers('x'.repeat(256)),
      payload: other,
    });
    assert.equal(bad.statusCode, 400);
    assert.equal(bad.json().error.code, 'CL_INPUT_INVALID');
    // A refused request records nothing: once fixed, the same key issues it.
    const invalid = { credential: { ...other.credential, validFrom: 'yesterday' } };
    const refused = await app.inject({
      method: 'POST',
      url: '/credentials/issue',
      headers: headers('k-602'),
      payload: invalid,
    });
    assert.equal(refused.statusCode, 422);
    assert.equal(refused.json().error.code, 'CL_CREDENTIAL_INVALID');
    assert.equal(await env.node.store.findIdempotencyRecord(env.node.operatorOrgId, 'k-602'), null);
    await app.close();
  });

  it('the same key sent twice at once: one issuance, both answers carry its records', async () => {
    const app = await buildApp({ node: env.node, operatorToken: TOKEN });
    const payload = {
      credentials: [901, 902].map((serial) => usmcaCertification({ issuer: env.node.operatorOrgId, serial })),
    };
    const before = await count(env.node);
    const [a, b] = await Promise.all(
      [1, 2].map(() =>
        app.inject({ method: 'POST', url: '/credentials/issue', headers: headers('twice-at-once'), payload }),
      ),
    );
    assert.equal(a!.statusCode, 201, a!.body);
    assert.equal(b!.statusCode, 201, b!.body);
    const ids = (r: typeof a) => r!.json().issued.map((i: { id: string }) => i.id);
    assert.deepEqual(ids(a), ids(b));
    assert.equal(await count(env.node), before + 2);
    await app.close();
  });

  it('keys are per organisation: another organisation using the same key issues its own record', async () => {
    const app = await buildApp({ node: env.node, operatorToken: TOKEN });
    const did = 'did:web:other-producer.example';
    await env.node.hostOrganization({ did, name: 'Other producer', country: 'MX', roles: ['PRODUCER', 'EXPORTER'] });
    await env.node.store.putClient({
      clientId: 'cl_other',
      orgId: did,
      name: 'ERP',
      secretHash: (await import('@clearledger/node')).secretHash('cls_other-secret'),
      scopes: ['credentials:issue'],
      disabled: false,
      createdAt: new Date().toISOString(),
    });
    const token = await app.inject({
      method: 'POST',
      url: '/oauth/token',
      payload: { grant_type: 'client_credentials', client_id: 'cl_other', client_secret: 'cls_other-secret' },
    });
    assert.equal(token.statusCode, 200, token.body);
    const mine = await app.inject({
      method: 'POST',
      url: '/credentials/issue',
      headers: headers('shared-key'),
      payload: { credential: usmcaCertification({ issuer: env.node.operatorOrgId, serial: 701 }) },
    });
    const theirs = await app.inject({
      method: 'POST',
      url: '/credentials/issue',
      headers: { authorization: `Bearer ${token.json().access_token}`, 'idempotency-key': 'shared-key' },
      payload: { credential: usmcaCertification({ issuer: did, serial: 701 }) },
    });
    assert.equal(mine.statusCode, 201);
    assert.equal(theirs.statusCode, 201, theirs.body);
    assert.notEqual(theirs.headers['idempotent-replayed'], 'true');
    assert.equal(theirs.json().verifiableCredential.issuer, did);
    await app.close();
  });

  it('kill -9 after the commit, before the answer: the restarted node answers the retry with the same records', async () => {
    // The store commits, then the process "dies" before answering (the transaction call never returns).
    const dying: Store = {
      ...env.node.store,
      transaction: async (fn) => {
        await env.node.store.transaction(fn);
        throw new Error('process killed after the commit');
      },
    };
    const doomed = await buildApp({ node: { ...env.node, store: dying }, operatorToken: TOKEN });
    const payload = { credential: usmcaCertification({ issuer: env.node.operatorOrgId, serial: 801 }) };
    const lost = await doomed.inject({
      method: 'POST',
      url: '/credentials/issue',
      headers: headers('crash-801'),
      payload,
    });
    assert.equal(lost.statusCode, 500, 'the client never got its answer');
    await doomed.close();
    const issuedBefore = await count(env.node);
    await env.node.close();

    // A new process on the same data folder.
    const config = readNodeConfig({ CLEARLEDGER_ORG_ROLES: 'PRODUCER', CLEARLEDGER_ORG_COUNTRY: 'MX' }, env.dataDir, {
      dataDir: env.dataDir,
    });
    const restarted = await openNode(config, () => new Date().toISOString());
    env = {
      node: restarted,
      dataDir: env.dataDir,
      dispose: async () => {
        await restarted.close();
        rmSync(env.dataDir, { recursive: true, force: true });
      },
    };
    const app = await buildApp({ node: restarted, operatorToken: TOKEN });
    const retry = await app.inject({
      method: 'POST',
      url: '/credentials/issue',
      headers: headers('crash-801'),
      payload,
    });
    assert.equal(retry.statusCode, 201, retry.body);
    assert.equal(retry.headers['idempotent-replayed'], 'true');
    const stored = await restarted.store.getCredential(restarted.operatorOrgId, retry.json().id);
    assert.equal(stored.hash, retry.json().hash);
    assert.equal(await count(restarted), issuedBefore, 'the retry issued nothing new');
    await app.close();
  });
});
