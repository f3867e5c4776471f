import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { organizationName } from './organizationName.ts';

const org = (id: string, name?: unknown) => ({
  id,
  active: true,
  roles: [],
  keys: [],
  ...(name === undefined ? {} : { name }),
});

describe('organizationName', () => {
  it('names an organisation by its DID from the trust snapshot', () => {
    const snapshot = {
      organizations: [org('did:web:a.example', 'Alpha Exports S.A.'), org('did:web:b.example', 'Beta LLC')],
    };
    assert.equal(organizationName(snapshot as never, 'did:web:b.example'), 'Beta LLC');
  });

  it('is null for an unknown DID, a nameless or blank entry, no snapshot or no DID', () => {
    const snapshot = {
      organizations: [org('did:web:a.example'), org('did:web:c.example', '  '), org('did:web:d.example', 7)],
    };
    assert.equal(organizationName(snapshot as never, 'did:web:zzz.example'), null);
    assert.equal(organizationName(snapshot as never, 'did:web:a.example'), null);
    assert.equal(organizationName(snapshot as never, 'did:web:c.example'), null);
    assert.equal(organizationName(snapshot as never, 'did:web:d.example'), null);
    assert.equal(organizationName(null, 'did:web:a.example'), null);
    assert.equal(organizationName(snapshot as never, null), null);
  });
});
