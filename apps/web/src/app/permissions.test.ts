import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { scopesOfRoles } from '@clearledger/core';
import { landingRoute } from './permissions.ts';

const session = (orgRoles: string[], accountRoles: string[]) => ({
  scopes: scopesOfRoles(accountRoles),
  organization: { roles: orgRoles },
});

describe('where each person starts after signing in', () => {
  it('a customs officer on Verify, importers and brokers on their claims, producers on their records', () => {
    assert.deepEqual(landingRoute(session(['CUSTOMS', 'NETWORK_AUTHORITY'], ['OFFICER'])), { name: 'verify' });
    assert.deepEqual(landingRoute(session(['IMPORTER'], ['ADMIN'])), { name: 'claims' });
    assert.deepEqual(landingRoute(session(['BROKER'], ['STAFF'])), { name: 'claims' });
    assert.deepEqual(landingRoute(session(['PRODUCER', 'EXPORTER'], ['ADMIN'])), { name: 'records', query: {} });
  });

  it("who cannot do the organisation's work starts on the records: an importer's or a customs service's auditor", () => {
    assert.deepEqual(landingRoute(session(['IMPORTER'], ['AUDITOR'])), { name: 'records', query: {} });
    assert.deepEqual(landingRoute(session(['CUSTOMS'], ['AUDITOR'])), { name: 'records', query: {} });
  });
});
