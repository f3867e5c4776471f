import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { CaseEventInput, NewCaseRecord, Store } from '@clearledger/core';
import { forEachDialect } from './testing/eachDialect.ts';
import { rejectsWith } from './testing/fixtures.ts';

const at = '2026-03-02T10:00:00.000Z';
const event = (actorOrgId: string, kind: string, data: Record<string, unknown> | null = null): CaseEventInput => ({
  actorOrgId,
  actorId: `${actorOrgId}-person`,
  kind,
  data,
  at,
});

function claim(id: string, overrides: Partial<NewCaseRecord> = {}): NewCaseRecord {
  return {
    id,
    kind: 'origin-claim',
    ownerOrgId: 'importer',
    participants: ['customs', 'producer'],
    state: 'MADE',
    uniqueKey: `ENTRY-${id}/1`,
    parentId: null,
    dueAt: null,
    data: { entryNumber: 'ABC12345678', line: 1, valueUsd: '12500.00' },
    createdAt: at,
    ...overrides,
  };
}

forEachDialect('Store cases', (adapter) => {
  describe(`Store cases: claims and information requests (${adapter.name})`, () => {
    let store: Store;
    before(async () => {
      store = adapter.fresh().store;
      await store.migrate();
    });
    after(async () => {
      await store.close();
      await adapter.teardown();
    });

    it('only participants see a case; a stranger reads it as not found', async () => {
      const created = await store.putCase(claim('claim_0001'), event('importer', 'claim.made'));
      assert.deepEqual(created.participants, ['importer', 'customs', 'producer']);
      for (const viewer of ['importer', 'customs', 'producer']) {
        const seen = await store.getCase(viewer, 'claim_0001');
        assert.equal(seen.state, 'MADE');
        assert.deepEqual(seen.participants, ['customs', 'importer', 'producer']);
        assert.deepEqual(seen.data, { entryNumber: 'ABC12345678', line: 1, valueUsd: '12500.00' });
      }
      await rejectsWith(store.getCase('another-importer', 'claim_0001'), 'CL_STORE_NOT_FOUND');
      await rejectsWith(store.listCaseEvents('another-importer', 'claim_0001'), 'CL_STORE_NOT_FOUND');
      assert.deepEqual(await store.listCases('another-importer', { kind: 'origin-claim' }), []);
    });

    it('one case per unique key and id; nothing of a refused case is stored', async () => {
      await rejectsWith(
        store.putCase(claim('claim_0002', { uniqueKey: 'ENTRY-claim_0001/1' }), event('importer', 'claim.made')),
        'CL_STORE_CONFLICT',
      );
      await rejectsWith(
        store.putCase(claim('claim_0001', { uniqueKey: 'other' }), event('importer', 'claim.made')),
        'CL_STORE_CONFLICT',
      );
      await rejectsWith(store.getCase('importer', 'claim_0002'), 'CL_STORE_NOT_FOUND');
      assert.equal((await store.listCases('importer', { kind: 'origin-claim' })).length, 1);
      // The same key under another kind is a different case.
      await store.putCase(
        claim('req_0001', { kind: 'information-request', uniqueKey: 'ENTRY-claim_0001/1' }),
        event('customs', 'request.sent'),
      );
    });

    it('updates are optimistic: a stale version is a conflict and changes nothing', async () => {
      const decided = await store.updateCase('customs', 'claim_0001', {
        expectedVersion: 1,
        state: 'ACCEPTED',
        data: { entryNumber: 'ABC12345678', line: 1, valueUsd: '12500.00', outcome: { reasons: [] } },
        event: event('customs', 'claim.decided', { outcome: 'ACCEPTED' }),
      });
      assert.equal(decided.version, 2);
      await rejectsWith(
        store.updateCase('customs', 'claim_0001', {
          expectedVersion: 1,
          state: 'DENIED',
          data: {},
          event: event('customs', 'claim.decided', { outcome: 'DENIED' }),
        }),
        'CL_STORE_CONFLICT',
      );
      const now = await store.getCase('importer', 'claim_0001');
      assert.equal(now.state, 'ACCEPTED');
      assert.equal(now.version, 2);
      assert.deepEqual(
        (await store.listCaseEvents('producer', 'claim_0001')).map((e) => `${e.seq}:${e.kind}:${e.actorOrgId}`),
        ['1:claim.made:importer', '2:claim.decided:customs'],
      );
      await rejectsWith(
        store.updateCase('another-importer', 'claim_0001', {
          expectedVersion: 2,
          state: 'DENIED',
          data: {},
          event: event('x', 'y'),
        }),
        'CL_STORE_NOT_FOUND',
      );
    });

    it('participants can be added; deadlines drive the overdue sweep; lists filter and page', async () => {
      await store.putCase(
        claim('req_0002', {
          kind: 'information-request',
          ownerOrgId: 'customs',
          participants: ['producer'],
          parentId: 'claim_0001',
          uniqueKey: null,
          state: 'OPEN',
          dueAt: '2026-03-10T23:59:59.000Z',
        }),
        event('customs', 'request.sent'),
      );
      await rejectsWith(store.getCase('importer', 'req_0002'), 'CL_STORE_NOT_FOUND');
      const shared = await store.updateCase('customs', 'req_0002', {
        expectedVersion: 1,
        state: 'OPEN',
        data: { note: 'importer informed' },
        addParticipants: ['importer', 'producer'],
        event: event('customs', 'request.shared'),
      });
      assert.deepEqual([...shared.participants].sort(), ['customs', 'importer', 'producer']);
      assert.equal((await store.getCase('importer', 'req_0002')).dueAt, '2026-03-10T23:59:59.000Z');
      assert.deepEqual(
        (await store.dueCases('information-request', ['OPEN'], '2026-03-11T00:00:00.000Z', 10)).map((c) => c.id),
        ['req_0002'],
      );
      assert.deepEqual(await store.dueCases('information-request', ['OPEN'], '2026-03-10T00:00:00.000Z', 10), []);
      assert.deepEqual(await store.dueCases('information-request', ['ANSWERED'], '2027-01-01T00:00:00.000Z', 10), []);
      assert.deepEqual(
        (await store.listCases('customs', { kind: 'information-request', parentId: 'claim_0001' })).map((c) => c.id),
        ['req_0002'],
      );
      for (let i = 3; i <= 7; i++) await store.putCase(claim(`claim_000${i}`), event('importer', 'claim.made'));
      const first = await store.listCases('customs', { kind: 'origin-claim', limit: 4 });
      const second = await store.listCases('customs', { kind: 'origin-claim', limit: 4, beforeId: first.at(-1)!.id });
      assert.deepEqual(
        [...first, ...second].map((c) => c.id),
        ['claim_0007', 'claim_0006', 'claim_0005', 'claim_0004', 'claim_0003', 'claim_0001'],
      );
      assert.deepEqual(
        (await store.listCases('customs', { kind: 'origin-claim', state: 'ACCEPTED' })).map((c) => c.id),
        ['claim_0001'],
      );
    });

    it('a case and its events roll back with the surrounding transaction', async () => {
      await assert.rejects(
        store.transaction(async (tx) => {
          await tx.putCase(claim('claim_0100'), event('importer', 'claim.made'));
          throw new Error('abort');
        }),
      );
      await rejectsWith(store.getCase('importer', 'claim_0100'), 'CL_STORE_NOT_FOUND');
    });
  });
});
