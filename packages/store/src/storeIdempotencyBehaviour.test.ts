import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { IdempotencyRecord, Store } from '@clearledger/core';
import { type DialectAdapter, forEachDialect } from './testing/eachDialect.ts';
import { clockValue, now, organization, rejectsWith } from './testing/fixtures.ts';

function record(orgId: string, key: string, overrides: Partial<IdempotencyRecord> = {}): IdempotencyRecord {
  return {
    orgId,
    key,
    requestHash: 'a'.repeat(64),
    statusCode: 201,
    response: '{"id":"urn:uuid:1","hash":"ab"}',
    createdAt: clockValue,
    ...overrides,
  };
}

const credentialRow = (n: number) => ({
  id: `urn:uuid:idem-${n}`,
  hash: n.toString(16).padStart(64, '0'),
  type: 'VerifiableCredential',
  issuedAt: clockValue,
  document: `{"n":${n}}`,
});

function storeIdempotencyBehaviour(adapter: DialectAdapter): void {
  describe(`Store idempotency keys and case references (${adapter.name})`, () => {
    let store: Store;
    before(async () => {
      store = adapter.fresh().store;
      await store.migrate();
      for (const id of ['org-idem-a', 'org-idem-b', 'org-idem-customs', 'org-idem-other'])
        await store.putOrganization(organization(id));
    });
    after(async () => {
      await store.close();
      await adapter.teardown();
    });

    it('records a key once per organisation; the same key of another organisation is its own', async () => {
      assert.equal(await store.findIdempotencyRecord('org-idem-a', 'key-1'), null);
      await store.putIdempotencyRecord(record('org-idem-a', 'key-1'));
      assert.deepEqual(await store.findIdempotencyRecord('org-idem-a', 'key-1'), record('org-idem-a', 'key-1'));
      await rejectsWith(
        store.putIdempotencyRecord(record('org-idem-a', 'key-1', { requestHash: 'b'.repeat(64) })),
        'CL_STORE_CONFLICT',
      );
      assert.equal((await store.findIdempotencyRecord('org-idem-a', 'key-1'))?.requestHash, 'a'.repeat(64));
      assert.equal(await store.findIdempotencyRecord('org-idem-b', 'key-1'), null, 'scoped per organisation');
      await store.putIdempotencyRecord(record('org-idem-b', 'key-1', { statusCode: 200 }));
      assert.equal((await store.findIdempotencyRecord('org-idem-b', 'key-1'))?.statusCode, 200);
      await rejectsWith(store.putIdempotencyRecord(record('org-idem-a', 'has space')), 'CL_INPUT_INVALID');
      await rejectsWith(store.putIdempotencyRecord(record('org-idem-a', '')), 'CL_INPUT_INVALID');
    });

    it('commits with the credentials of its transaction, or not at all', async () => {
      await assert.rejects(
        store.transaction(async (tx) => {
          await tx.insertCredentials('org-idem-a', [credentialRow(1)]);
          await tx.putIdempotencyRecord(record('org-idem-a', 'key-tx'));
          throw new Error('crash before commit');
        }),
      );
      assert.equal(await store.findIdempotencyRecord('org-idem-a', 'key-tx'), null);
      await rejectsWith(store.getCredential('org-idem-a', credentialRow(1).id), 'CL_STORE_NOT_FOUND');
      // A second request with the key already recorded rolls its credentials back with it.
      await store.putIdempotencyRecord(record('org-idem-a', 'key-taken'));
      await rejectsWith(
        store.transaction(async (tx) => {
          await tx.insertCredentials('org-idem-a', [credentialRow(2)]);
          await tx.putIdempotencyRecord(record('org-idem-a', 'key-taken'));
        }),
        'CL_STORE_CONFLICT',
      );
      await rejectsWith(store.getCredential('org-idem-a', credentialRow(2).id), 'CL_STORE_NOT_FOUND');
      await store.transaction(async (tx) => {
        await tx.insertCredentials('org-idem-a', [credentialRow(3)]);
        await tx.putIdempotencyRecord(record('org-idem-a', 'key-ok', { response: `["${credentialRow(3).id}"]` }));
      });
      assert.equal((await store.getCredential('org-idem-a', credentialRow(3).id)).hash, credentialRow(3).hash);
      assert.equal((await store.findIdempotencyRecord('org-idem-a', 'key-ok'))?.response, `["${credentialRow(3).id}"]`);
    });

    it('deletes only the records created before a time', async () => {
      await store.putIdempotencyRecord(record('org-idem-a', 'old', { createdAt: '2020-01-01T00:00:00.000Z' }));
      await store.putIdempotencyRecord(record('org-idem-a', 'new', { createdAt: '2030-01-01T00:00:00.000Z' }));
      const deleted = await store.deleteIdempotencyRecords('2026-01-01T00:00:00.000Z');
      assert.equal(deleted, 1);
      assert.equal(await store.findIdempotencyRecord('org-idem-a', 'old'), null);
      assert.notEqual(await store.findIdempotencyRecord('org-idem-a', 'new'), null);
      assert.notEqual(await store.findIdempotencyRecord('org-idem-a', 'key-1'), null);
    });

    it('caseReferences: only a participant, only the exact value, wildcards match themselves', async () => {
      const hash = 'c'.repeat(64);
      await store.putCase(
        {
          id: 'case-idem-1',
          kind: 'origin-claim',
          ownerOrgId: 'org-idem-a',
          participants: ['org-idem-customs'],
          state: 'PENDING',
          uniqueKey: null,
          parentId: null,
          dueAt: null,
          data: { certification: { hash }, note: 'contains 100%_done' },
          createdAt: clockValue,
        },
        { actorOrgId: 'org-idem-a', actorId: 'acc', kind: 'claim.made', data: null, at: clockValue },
      );
      assert.equal(await store.caseReferences('org-idem-customs', hash), true);
      assert.equal(await store.caseReferences('org-idem-a', hash), true);
      assert.equal(await store.caseReferences('org-idem-other', hash), false, 'not a participant');
      assert.equal(await store.caseReferences('org-idem-customs', 'C'.repeat(64)), false, 'case matters');
      assert.equal(await store.caseReferences('org-idem-customs', hash.slice(1)), false, 'whole values only');
      assert.equal(await store.caseReferences('org-idem-customs', '%'), false);
      assert.equal(await store.caseReferences('org-idem-customs', '_'), false);
    });
  });
}

forEachDialect('Store idempotency keys and case references', storeIdempotencyBehaviour, now);
