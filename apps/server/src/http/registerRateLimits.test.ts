import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Store } from '@clearledger/core';
import { usmcaCertification } from '../../../../test/fixtures/usmcaCertification.ts';
import { tempNode } from '../../../../test/helpers/tempNode.ts';
import { buildApp } from '../buildApp.ts';

/** The real SQLite store, counting the token lookups that reach it. */
function countingTokenLookups(store: Store): { store: Store; lookups(): number } {
  let lookups = 0;
  const counted = new Proxy(store, {
    get(target, property, receiver) {
      if (property === 'findAccessToken')
        return (hash: string) => {
          lookups++;
          return target.findAccessToken(hash);
        };
      const value = Reflect.get(target, property, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return { store: counted, lookups: () => lookups };
}

describe('rate limits at the edge', () => {
  let env: Awaited<ReturnType<typeof tempNode>>;
  before(async () => {
    env = await tempNode();
  });
  after(async () => {
    await env.dispose();
  });

  it('junk bearer tokens: 50 in a minute under a limit of 5 → at most 5 reach the store, the rest 429', async () => {
    const counting = countingTokenLookups(env.node.store);
    const app = await buildApp({ node: { ...env.node, store: counting.store }, rateLimits: { anonymousPerMinute: 5 } });
    const statuses: number[] = [];
    for (let i = 0; i < 50; i++) {
      const res = await app.inject({
        method: 'GET',
        url: '/credentials',
        headers: { authorization: `Bearer clt_junk_${i}` },
      });
      statuses.push(res.statusCode);
      if (res.statusCode === 429) {
        assert.equal(res.json().error.code, 'CL_HTTP_RATE_LIMITED');
        assert.ok(Number(res.headers['retry-after']) >= 1, 'Retry-After says when');
      }
    }
    assert.ok(counting.lookups() <= 5, `${counting.lookups()} token lookups reached the store`);
    assert.deepEqual(statuses.slice(0, 5), [401, 401, 401, 401, 401]);
    assert.deepEqual(new Set(statuses.slice(5)), new Set([429]));
    // Another address is not affected.
    const other = await app.inject({
      method: 'GET',
      url: '/credentials',
      headers: { authorization: 'Bearer clt_junk_other' },
      remoteAddress: '192.0.2.7',
    });
    assert.equal(other.statusCode, 401);
    await app.close();
  });

  it('a token that authenticates does not use up its address: it has its own per-token budget', async () => {
    const app = await buildApp({
      node: env.node,
      operatorToken: 'operator-token-for-rate-tests',
      rateLimits: { anonymousPerMinute: 3, authenticatedPerMinute: 8 },
    });
    const authorization = 'Bearer operator-token-for-rate-tests';
    const codes: number[] = [];
    for (let i = 0; i < 10; i++)
      codes.push((await app.inject({ method: 'GET', url: '/me', headers: { authorization } })).statusCode);
    assert.deepEqual(codes, [200, 200, 200, 200, 200, 200, 200, 200, 429, 429]);
    // The address still has its three anonymous requests.
    for (let i = 0; i < 3; i++) assert.equal((await app.inject({ method: 'GET', url: '/me' })).statusCode, 401);
    assert.equal((await app.inject({ method: 'GET', url: '/me' })).statusCode, 429);
    await app.close();
  });

  it('cost-weighted: a presentation of 100 credentials costs 100 verification units', async () => {
    const app = await buildApp({ node: env.node, rateLimits: { verificationUnitsPerMinute: 150 } });
    const credential = usmcaCertification({ issuer: env.node.operatorOrgId });
    const presentation = (n: number) => ({
      verifiablePresentation: {
        '@context': ['https://www.w3.org/ns/credentials/v2'],
        type: ['VerifiablePresentation'],
        verifiableCredential: Array.from({ length: n }, () => credential),
      },
    });
    const first = await app.inject({ method: 'POST', url: '/presentations/verify', payload: presentation(100) });
    assert.equal(first.statusCode, 200, first.body);
    const second = await app.inject({ method: 'POST', url: '/presentations/verify', payload: presentation(100) });
    assert.equal(second.statusCode, 429);
    assert.equal(second.json().error.code, 'CL_HTTP_UNITS_EXHAUSTED');
    assert.ok(Number(second.headers['retry-after']) >= 1);
    // 50 units are left: a smaller request still fits, the 51st single verification does not.
    const small = await app.inject({ method: 'POST', url: '/presentations/verify', payload: presentation(49) });
    assert.equal(small.statusCode, 200);
    const one = await app.inject({
      method: 'POST',
      url: '/credentials/verify',
      payload: { verifiableCredential: credential },
    });
    assert.equal(one.statusCode, 200);
    const over = await app.inject({
      method: 'POST',
      url: '/credentials/verify',
      payload: { verifiableCredential: credential },
    });
    assert.equal(over.statusCode, 429);
    assert.equal(over.json().error.code, 'CL_HTTP_UNITS_EXHAUSTED');
    // Units are per address.
    const elsewhere = await app.inject({
      method: 'POST',
      url: '/presentations/verify',
      payload: presentation(100),
      remoteAddress: '198.51.100.4',
    });
    assert.equal(elsewhere.statusCode, 200);
    await app.close();
  });

  it('cost-weighted: bulk issuance pays one unit per credential from the token budget', async () => {
    const app = await buildApp({
      node: env.node,
      operatorToken: 'operator-token-for-cost-tests',
      rateLimits: { authenticatedPerMinute: 20 },
    });
    const headers = { authorization: 'Bearer operator-token-for-cost-tests' };
    const credentials = Array.from({ length: 25 }, (_, i) =>
      usmcaCertification({ issuer: env.node.operatorOrgId, serial: 9000 + i }),
    );
    const res = await app.inject({ method: 'POST', url: '/credentials/issue', headers, payload: { credentials } });
    assert.equal(res.statusCode, 429, res.body);
    assert.equal(res.json().error.code, 'CL_HTTP_UNITS_EXHAUSTED');
    const none = await env.node.store.countCredentials(env.node.operatorOrgId, { q: 'MX-ACM-2025-00090' });
    assert.equal(none, 0, 'nothing was issued');
    await app.close();
  });
});
