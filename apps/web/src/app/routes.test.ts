import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { hrefOf, parseRoute, type Route } from './routes.ts';

describe('routes', () => {
  it('reads every screen from its hash and writes it back', () => {
    const routes: Route[] = [
      { name: 'verify' },
      { name: 'verify', hash: 'ab'.repeat(32) },
      { name: 'check', id: 'a1b2-c3' },
      { name: 'history' },
      { name: 'login', next: '/records?status=sealed' },
      { name: 'login', next: null },
      { name: 'records', query: {} },
      {
        name: 'records',
        query: { q: 'oak tables', type: 'USMCACertificationOfOrigin', status: 'anchored', after: 'urn:uuid:9' },
      },
      { name: 'record', id: 'urn:uuid:1234' },
      { name: 'issue' },
      { name: 'claims' },
      { name: 'fileClaim' },
      { name: 'claim', id: 'claim_0mabc1234_9f8e7d6c' },
      { name: 'requests' },
      { name: 'request', id: 'req_0mabc1234_1a2b3c4d' },
      { name: 'qualify' },
      { name: 'permits' },
      { name: 'permit', id: `permit_${'ab'.repeat(32)}` },
      { name: 'carnets' },
      { name: 'carnet', id: `carnet_${'cd'.repeat(32)}` },
      { name: 'inBonds' },
      { name: 'inBond', id: `inbond_${'ef'.repeat(32)}` },
    ];
    for (const route of routes) assert.deepEqual(parseRoute(hrefOf(route)), route, hrefOf(route));
  });

  it('opens the Verify screen with no hash, and refuses what it does not know', () => {
    assert.deepEqual(parseRoute(''), { name: 'verify' });
    assert.deepEqual(parseRoute('#'), { name: 'verify' });
    assert.equal(parseRoute('#/nowhere').name, 'notFound');
    assert.equal(parseRoute('#/verify/not-a-hash').name, 'notFound');
    assert.deepEqual(parseRoute(`#/verify/${'AB'.repeat(32)}`), { name: 'verify', hash: 'ab'.repeat(32) });
    assert.deepEqual(parseRoute('#/records?status=bogus'), { name: 'records', query: {} });
    assert.deepEqual(parseRoute('#/login?next=https://evil.example'), { name: 'login', next: null });
    assert.equal(parseRoute('#/claims/a/b').name, 'notFound');
    assert.equal(parseRoute('#/requests/%E0%A4%A').name, 'notFound');
  });
});
