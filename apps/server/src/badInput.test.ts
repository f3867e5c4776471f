import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import { tempNode } from '../../../test/helpers/tempNode.ts';
import { buildApp } from './buildApp.ts';

/**
 * Bad input on every route of the OpenAPI document — random JSON bodies, random path parameters and
 * query strings, with and without a token — is answered with a 4xx and a CL_* code: never a 5xx,
 * never a stack trace. Bounded: 25 requests per route and token.
 */
describe('every route answers bad input with a 4xx and a stable code', () => {
  let app: FastifyInstance;
  let env: Awaited<ReturnType<typeof tempNode>>;
  const token = 'operator-token-for-bad-input';

  before(async () => {
    env = await tempNode({ CLEARLEDGER_ORG_ROLES: 'NETWORK_AUTHORITY,CUSTOMS' });
    app = await buildApp({ node: env.node, operatorToken: token, rateLimits: { anonymousPerMinute: 1_000_000 } });
  });
  after(async () => {
    await app.close();
    await env.dispose();
  });

  it('random bodies, parameters and queries: no 5xx anywhere', async () => {
    const doc = (await app.inject({ method: 'GET', url: '/openapi.json' })).json() as {
      paths: Record<string, Record<string, unknown>>;
    };
    const routes = Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.keys(methods).map((method) => ({ path, method: method.toUpperCase() as 'GET' | 'POST' | 'PATCH' })),
    );
    assert.ok(routes.length >= 30, `${routes.length} routes documented`);
    const segment = fc.oneof(
      fc.string({ maxLength: 40 }),
      fc.constantFrom('urn:uuid:00000000-0000-4000-8000-000000000000', 'a'.repeat(64), '..', '%00', '%E0%A4%A'),
    );
    const body = fc.oneof(
      fc.jsonValue({ maxDepth: 4 }),
      fc.constantFrom('{"a":1,"a":2}', '{"__proto__":{}}', '[', '"\\ud800"', '1e400', ''),
    );
    const failures: string[] = [];
    for (const route of routes) {
      await fc.assert(
        fc.asyncProperty(
          segment,
          body,
          fc.boolean(),
          fc.string({ maxLength: 30 }),
          async (seg, payload, withToken, query) => {
            const url = `${route.path.replace(/\{[^}]+\}/g, () => encodeURIComponent(seg))}?${encodeURIComponent(query)}=${encodeURIComponent(query)}`;
            const res = await app.inject({
              method: route.method,
              url,
              headers: {
                ...(withToken ? { authorization: `Bearer ${token}` } : {}),
                ...(route.method === 'GET' ? {} : { 'content-type': 'application/json' }),
              },
              ...(route.method === 'GET'
                ? {}
                : { payload: typeof payload === 'string' ? payload : JSON.stringify(payload) }),
            });
            // This node runs without a chain: 503 CL_LEDGER_UNAVAILABLE is its honest answer, not a fault.
            const unavailable = res.statusCode === 503 && res.body.includes('"CL_LEDGER_UNAVAILABLE"');
            if ((res.statusCode >= 500 && !unavailable) || /at .*\.ts:\d+|node_modules/.test(res.body)) {
              failures.push(`${route.method} ${url} → ${res.statusCode} ${res.body.slice(0, 200)}`);
            } else if (res.statusCode >= 400 && !String(res.headers['content-type'] ?? '').includes('pdf')) {
              const parsed = res.json() as { error?: { code?: string } | string; code?: string };
              const code = typeof parsed.error === 'object' ? parsed.error.code : parsed.code;
              if (typeof code !== 'string' || !code.startsWith('CL_'))
                failures.push(`${route.method} ${url} → no CL_ code: ${res.body.slice(0, 200)}`);
            }
          },
        ),
        { numRuns: 25, seed: 4242 },
      );
    }
    assert.deepEqual(failures.slice(0, 10), []);
  });
});
