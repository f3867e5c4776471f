import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isClearledgerError } from '@clearledger/core';
import { exitCodeByCode } from '../exitCodeByCode.ts';
import { errorOfAnswer, normalizeNodeUrl } from './nodeClient.ts';

describe('the node’s error answers', () => {
  it('keep the node’s code, message, field and problems; the CLI exit code follows the code', () => {
    const e = errorOfAnswer(
      422,
      JSON.stringify({
        error: { code: 'CL_CREDENTIAL_INVALID', message: 'Nothing was issued', problems: [{ index: 0 }] },
      }),
      'POST /credentials/issue',
    );
    assert.deepEqual(
      [e.code, e.message, e.status, e.problems],
      ['CL_CREDENTIAL_INVALID', 'Nothing was issued', 422, [{ index: 0 }]],
    );
    const expired = errorOfAnswer(401, '{"error":{"code":"CL_AUTH_TOKEN_EXPIRED","message":"sign in"}}', 'GET /me');
    assert.equal(exitCodeByCode[expired.code], 2);
    const missing = errorOfAnswer(
      404,
      '{"error":{"code":"CL_STORE_NOT_FOUND","message":"no","field":"/id"}}',
      'GET /x',
    );
    assert.deepEqual([missing.code, missing.field, exitCodeByCode[missing.code]], ['CL_STORE_NOT_FOUND', '/id', 4]);
  });

  it('reads the OAuth token endpoint’s RFC 6749 shape', () => {
    const e = errorOfAnswer(
      401,
      '{"error":"invalid_client","error_description":"Unknown client.","code":"CL_AUTH_INVALID_CREDENTIALS"}',
      'x',
    );
    assert.deepEqual([e.code, e.message], ['CL_AUTH_INVALID_CREDENTIALS', 'Unknown client.']);
  });

  it('an unknown code or a body that is not the API’s is CL_INTERNAL (exit 10)', () => {
    const unknown = errorOfAnswer(418, '{"error":{"code":"CL_TEAPOT","message":"short and stout"}}', 'x');
    assert.equal(unknown.code, 'CL_INTERNAL');
    assert.match(unknown.message, /short and stout.*CL_TEAPOT/);
    const html = errorOfAnswer(502, '<html>Bad gateway</html>', 'GET /me');
    assert.deepEqual([html.code, html.message], ['CL_INTERNAL', 'The node answered HTTP 502 to GET /me.']);
    assert.equal(exitCodeByCode[html.code], 10);
  });

  it('node URLs: http(s) only, no credentials, query or fragment; trailing slashes dropped', () => {
    assert.equal(normalizeNodeUrl('https://node.example/'), 'https://node.example');
    assert.equal(normalizeNodeUrl('http://127.0.0.1:8080/api//'), 'http://127.0.0.1:8080/api');
    for (const bad of ['node.example', 'ftp://node.example', 'https://u:p@node.example', 'https://n.example/?a=1'])
      assert.throws(
        () => normalizeNodeUrl(bad),
        (e: unknown) => isClearledgerError(e) && e.code === 'CL_CONFIG_INVALID',
        bad,
      );
  });
});
