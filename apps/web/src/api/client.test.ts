import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ApiError, apiErrorFromBody, createApiClient } from './client.ts';

type Call = { url: string; init: RequestInit };

function fakeFetch(respond: (call: Call) => Response | Promise<Response>) {
  const calls: Call[] = [];
  const fetch = (async (url: string, init: RequestInit) => {
    const call = { url, init };
    calls.push(call);
    return respond(call);
  }) as unknown as typeof globalThis.fetch;
  return { fetch, calls };
}
const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

describe('api client', () => {
  it('sends JSON with the bearer token and reads JSON back', async () => {
    const { fetch, calls } = fakeFetch(() => json(201, { id: 'x' }));
    const client = createApiClient({ fetch, getToken: () => 'tok' });
    assert.deepEqual(await client.post('/credentials/issue', { credential: {} }), { id: 'x' });
    const headers = calls[0]!.init.headers as Record<string, string>;
    assert.equal(headers.authorization, 'Bearer tok');
    assert.equal(headers['content-type'], 'application/json');
    assert.equal(calls[0]!.init.body, '{"credential":{}}');
  });

  it('sends no token on public calls', async () => {
    const { fetch, calls } = fakeFetch(() => json(200, {}));
    await createApiClient({ fetch, getToken: () => 'tok' }).get('/trust/snapshot', { auth: false });
    assert.equal((calls[0]!.init.headers as Record<string, string>).authorization, undefined);
  });

  it('maps error bodies to typed errors, with the problems of a rejected credential', async () => {
    const problems = [
      { index: 0, field: '/credentialSubject/goods/0/hs6', code: 'CL_CREDENTIAL_INVALID', message: 'bad' },
    ];
    const { fetch } = fakeFetch(() =>
      json(422, { error: { code: 'CL_CREDENTIAL_INVALID', message: 'Nothing was issued', problems } }),
    );
    const error = await createApiClient({ fetch })
      .post('/credentials/issue', {})
      .catch((e: unknown) => e);
    assert.ok(error instanceof ApiError);
    assert.equal(error.status, 422);
    assert.equal(error.code, 'CL_CREDENTIAL_INVALID');
    assert.deepEqual(error.problems, problems);
  });

  it('signs out on a refused token, and reports an unreachable node as NETWORK', async () => {
    let unauthorized = 0;
    const refused = fakeFetch(() => json(401, { error: { code: 'CL_AUTH_TOKEN_EXPIRED', message: 'expired' } }));
    const client = createApiClient({
      fetch: refused.fetch,
      getToken: () => 'old',
      onUnauthorized: () => unauthorized++,
    });
    await assert.rejects(client.get('/me'), { code: 'CL_AUTH_TOKEN_EXPIRED' });
    assert.equal(unauthorized, 1);
    const down = fakeFetch(() => Promise.reject(new TypeError('Failed to fetch')));
    await assert.rejects(createApiClient({ fetch: down.fetch }).get('/me'), { code: 'NETWORK', status: 0 });
  });

  it('says after each request whether the node answered (any status) or could not be reached', async () => {
    const seen: boolean[] = [];
    let up = true;
    const { fetch } = fakeFetch(() =>
      up
        ? json(404, { error: { code: 'CL_HTTP_NOT_FOUND', message: 'no' } })
        : Promise.reject(new TypeError('Failed to fetch')),
    );
    const client = createApiClient({ fetch, onReachability: (reachable) => seen.push(reachable) });
    await assert.rejects(client.get('/nothing'), { code: 'CL_HTTP_NOT_FOUND' });
    up = false;
    await assert.rejects(client.get('/me'), { code: 'NETWORK' });
    up = true;
    await assert.rejects(client.get('/nothing'), { code: 'CL_HTTP_NOT_FOUND' });
    assert.deepEqual(seen, [true, false, true]);
  });

  it('maps an answer without a Clearledger body by its status', () => {
    const error = apiErrorFromBody(502, '<html>');
    assert.equal(error.code, 'HTTP_502');
    assert.equal(
      apiErrorFromBody(429, { error: { code: 'CL_HTTP_RATE_LIMITED', message: 'slow down' } }).code,
      'CL_HTTP_RATE_LIMITED',
    );
  });
});
