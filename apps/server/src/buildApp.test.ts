import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { issueCredentials } from '@clearledger/core';
import type { EmbeddedChain } from '@clearledger/ledger';
import type { NodeContext } from '@clearledger/node';
import type { FastifyInstance } from 'fastify';
import { usmcaCertification } from '../../../test/fixtures/usmcaCertification.ts';
import { tempNode } from '../../../test/helpers/tempNode.ts';
import { buildApp } from './buildApp.ts';

describe('HTTP API (inject)', () => {
  let app: FastifyInstance;
  let env: Awaited<ReturnType<typeof tempNode>>;
  before(async () => {
    env = await tempNode();
    app = await buildApp({ node: env.node, bodyLimit: 64 * 1024, operatorToken: 'test-operator-token' });
  });
  after(async () => {
    await app.close();
    await env.dispose();
  });

  it('GET /health answers ok with security headers', async () => {
    const res = await app.inject({ method: 'GET', url: '/health' });
    assert.equal(res.statusCode, 200);
    assert.deepEqual(res.json(), {
      status: 'ok',
      version: '0.1.0',
      store: 'sqlite',
      organization: env.node.operatorOrgId,
    });
    assert.equal(res.headers['x-content-type-options'], 'nosniff');
    assert.equal(res.headers['x-frame-options'], 'DENY');
    assert.match(String(res.headers['content-security-policy']), /default-src 'self'/);
    assert.equal(res.headers['access-control-allow-origin'], undefined, 'CORS is off by default');
  });

  it('unknown routes are 404 CL_HTTP_NOT_FOUND', async () => {
    const res = await app.inject({ method: 'GET', url: '/nope?x=1' });
    assert.equal(res.statusCode, 404);
    assert.deepEqual(res.json(), { error: { code: 'CL_HTTP_NOT_FOUND', message: 'No route GET /nope.' } });
  });

  it('verifies a credential issued on this node (anchor pending → INCONCLUSIVE, never VALID)', async () => {
    const signer = await env.node.signerFor(env.node.operatorOrgId);
    const result = await issueCredentials(
      { store: env.node.store, crypto: env.node.crypto, now: new Date().toISOString() },
      {
        orgId: env.node.operatorOrgId,
        signer,
        // Verified at the real clock: signed today, within its acceptance period (CO-08) whenever this runs.
        credentials: [usmcaCertification({ issuer: signer.issuer, signedOn: new Date().toISOString().slice(0, 10) })],
      },
    );
    assert.ok(result.success);
    const res = await app.inject({
      method: 'POST',
      url: '/credentials/verify',
      payload: { verifiableCredential: result.issued[0]!.credential },
    });
    assert.equal(res.statusCode, 200);
    const report = res.json();
    assert.equal(report.verdict, 'INCONCLUSIVE');
    assert.deepEqual(
      report.checks.map((c: { check: string; status: string }) => `${c.check}:${c.status}`),
      [
        'format:VALID',
        'integrity:VALID',
        'issuer:VALID',
        'anchor:SKIPPED',
        'status:SKIPPED',
        'validity:VALID',
        'domain:VALID',
      ],
    );
    assert.equal(report.checks[3].code, 'CL_VERIFY_ANCHOR_PENDING');
    assert.equal(report.checks[4].code, 'CL_VERIFY_STATUS_UNKNOWN', 'a node without its chain does not know statuses');

    const tampered = structuredClone(result.issued[0]!.credential) as unknown as {
      credentialSubject: { certifierRole: string };
    };
    tampered.credentialSubject.certifierRole = 'IMPORTER';
    const bad = await app.inject({
      method: 'POST',
      url: '/credentials/verify',
      payload: { verifiableCredential: tampered },
    });
    assert.equal(bad.statusCode, 200);
    assert.equal(bad.json().verdict, 'INVALID');
    assert.equal(bad.json().checks[1].code, 'CL_VERIFY_SIGNATURE');
  });

  it('POST /credentials/issue: operator token required; invalid input stores nothing; issued records are pending', async () => {
    const credential = usmcaCertification({ issuer: env.node.operatorOrgId });
    const denied = await app.inject({ method: 'POST', url: '/credentials/issue', payload: { credential } });
    assert.equal(denied.statusCode, 401);
    assert.equal(denied.json().error.code, 'CL_AUTH_REQUIRED');
    const auth = { authorization: 'Bearer test-operator-token' };
    const before = await env.node.store.countCredentials(env.node.operatorOrgId);
    const bad = await app.inject({
      method: 'POST',
      url: '/credentials/issue',
      headers: auth,
      payload: { credentials: [credential, { ...credential, validFrom: 'tomorrow' }] },
    });
    assert.equal(bad.statusCode, 422);
    assert.deepEqual(
      bad.json().error.problems.map((p: { index: number; field: string }) => [p.index, p.field]),
      [[1, '/validFrom']],
    );
    assert.equal(await env.node.store.countCredentials(env.node.operatorOrgId), before, 'nothing stored');
    const ok = await app.inject({ method: 'POST', url: '/credentials/issue', headers: auth, payload: { credential } });
    assert.equal(ok.statusCode, 201, ok.body);
    assert.equal(ok.json().status, 'pending');
    assert.equal(ok.json().verifiableCredential.proof.cryptosuite, 'eddsa-jcs-2022');
    assert.equal(await env.node.store.countCredentials(env.node.operatorOrgId), before + 1);
  });

  describe('hostile and bad input is a 4xx with a code, never a 5xx', () => {
    const post = (payload: string, contentType = 'application/json') =>
      app.inject({ method: 'POST', url: '/credentials/verify', payload, headers: { 'content-type': contentType } });
    const cases: [string, string, number, string][] = [
      ['syntax error', '{"verifiableCredential": {', 400, 'CL_JSON_SYNTAX'],
      ['duplicate key', '{"verifiableCredential": {}, "verifiableCredential": {}}', 400, 'CL_JSON_DUPLICATE_KEY'],
      ['__proto__ key', '{"verifiableCredential": {"__proto__": {"admin": true}}}', 400, 'CL_JSON_FORBIDDEN_KEY'],
      ['lone surrogate', '{"verifiableCredential": {"name": "\\ud800"}}', 400, 'CL_JSON_LONE_SURROGATE'],
      ['unsafe number', '{"verifiableCredential": {"n": 9007199254740993}}', 400, 'CL_JSON_UNSAFE_NUMBER'],
      ['too deep', `{"verifiableCredential": ${'['.repeat(100)}${']'.repeat(100)}}`, 400, 'CL_JSON_TOO_DEEP'],
      ['too large', `{"verifiableCredential": {"x": "${'a'.repeat(70 * 1024)}"}}`, 413, 'CL_HTTP_BODY_TOO_LARGE'],
      ['missing field', '{"credential": {}}', 400, 'CL_INPUT_INVALID'],
      [
        'wrong receipt',
        '{"verifiableCredential": {}, "anchor": {"root": "xyz", "leafIndex": 0, "treeSize": 1, "proof": []}}',
        400,
        'CL_INPUT_INVALID',
      ],
      ['empty body', '', 400, 'CL_JSON_SYNTAX'],
    ];
    for (const [name, payload, status, code] of cases) {
      it(name, async () => {
        const res = await post(payload);
        assert.equal(res.statusCode, status, res.body);
        assert.equal(res.json().error.code, code);
        assert.doesNotMatch(res.body, /at .*\.ts:\d+|node_modules/, 'no stack trace');
      });
    }
    it('non-JSON content type', async () => {
      const res = await post('verifiableCredential=1', 'application/x-www-form-urlencoded');
      assert.equal(res.statusCode, 415);
      assert.equal(res.json().error.code, 'CL_HTTP_UNSUPPORTED_MEDIA_TYPE');
    });
    it('a malformed credential is a 200 INVALID report, not an error', async () => {
      const res = await post('{"verifiableCredential": {"type": 1}}');
      assert.equal(res.statusCode, 200);
      assert.equal(res.json().verdict, 'INVALID');
      assert.equal(res.json().checks[0].code, 'CL_VERIFY_FORMAT');
    });
  });
});

describe('test controls of the embedded chain (CLEARLEDGER_TEST_CONTROLS)', () => {
  let env: Awaited<ReturnType<typeof tempNode>>;
  let paused = false;
  // Only what the control routes touch; the real chain is exercised by test/e2e/haltedChain.test.ts.
  const chain = {
    pause: () => {
      paused = true;
    },
    resume: () => {
      paused = false;
    },
    stats: () => ({ blockNumber: 7, journalEntries: 7, paused }),
  } as unknown as EmbeddedChain;
  let node: NodeContext;
  before(async () => {
    env = await tempNode();
    node = { ...env.node, ledger: { embedded: chain } as unknown as NodeContext['ledger'] };
  });
  after(() => env.dispose());

  it('are off by default', async () => {
    const app = await buildApp({ node, operatorToken: 'op' });
    const res = await app.inject({
      method: 'POST',
      url: '/admin/chain/pause',
      headers: { authorization: 'Bearer op' },
    });
    assert.equal(res.statusCode, 404);
    assert.equal(paused, false);
    await app.close();
  });

  it('when on, pause and resume the chain for the operator only', async () => {
    const app = await buildApp({ node, operatorToken: 'op', testControls: true });
    const anonymous = await app.inject({ method: 'POST', url: '/admin/chain/pause' });
    assert.equal(anonymous.statusCode, 401);
    assert.equal(anonymous.json().error.code, 'CL_AUTH_REQUIRED');
    assert.equal(paused, false);
    const pause = await app.inject({
      method: 'POST',
      url: '/admin/chain/pause',
      headers: { authorization: 'Bearer op' },
    });
    assert.equal(pause.statusCode, 200);
    assert.deepEqual(pause.json(), { paused: true, blockNumber: 7 });
    const resume = await app.inject({
      method: 'POST',
      url: '/admin/chain/resume',
      headers: { authorization: 'Bearer op' },
    });
    assert.deepEqual(resume.json(), { paused: false, blockNumber: 7 });
    await app.close();
  });
});
