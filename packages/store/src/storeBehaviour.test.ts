import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { inspect } from 'node:util';
import {
  ClearledgerError,
  type CredentialQuery,
  type KeyRecord,
  type NewCredentialRow,
  type Store,
} from '@clearledger/core';
import { createStore, type Migration, migrations, openStore } from './index.ts';
import { type DialectAdapter, forEachDialect } from './testing/eachDialect.ts';
import { clockValue, now, organization, rejectsWith } from './testing/fixtures.ts';

// ---------------------------------------------------------------------------------------------
// Helpers

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

function key(orgId: string, publicKeyMultibase: string, overrides: Partial<KeyRecord> = {}): KeyRecord {
  return {
    orgId,
    publicKeyMultibase,
    encryptedSecret: null,
    validFrom: '2026-01-01T00:00:00.000Z',
    validUntil: null,
    revokedAt: null,
    createdAt: '2026-01-01T00:00:00.000Z',
    ...overrides,
  };
}

/** A credential row; `padding` bytes of filler make documents the size of real ones (~3 KB). */
function credential(id: string, options: { type?: string; padding?: number; hashOf?: string } = {}): NewCredentialRow {
  const document = JSON.stringify({
    id,
    type: ['VerifiableCredential', options.type ?? 'CertificateOfOrigin'],
  }).replace(/}$/, options.padding ? `,"filler":"${'x'.repeat(options.padding)}"}` : '}');
  return {
    id,
    hash: sha256(options.hashOf ?? id),
    type: options.type ?? 'CertificateOfOrigin',
    issuedAt: '2026-01-31T11:00:00.000Z',
    document,
  };
}

function deferred(): { promise: Promise<void>; resolve(): void } {
  let resolve = (): void => {};
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

/** Deterministic shuffle (LCG), so a failure reproduces. */
function shuffled<T>(items: readonly T[]): T[] {
  const out = [...items];
  let seed = 42;
  for (let i = out.length - 1; i > 0; i--) {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
    const j = seed % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// The behaviour suite, run once per adapter

function storeBehaviour(adapter: DialectAdapter): void {
  describe(`Store behaviour (${adapter.name})`, () => {
    let store: Store;

    before(async () => {
      store = adapter.fresh().store;
      await store.migrate();
    });

    after(async () => {
      await store?.close();
      await adapter.teardown();
    });

    it('reports its dialect', () => {
      assert.equal(store.dialect, adapter.name);
    });

    it('migrate applies every migration once and is idempotent, also from a second connection', async () => {
      const { store: first, reopen } = adapter.fresh();
      try {
        assert.deepEqual(await first.migrate(), { applied: migrations.map((m) => m.id) });
        assert.deepEqual(await first.migrate(), { applied: [] });
        const second = reopen();
        try {
          assert.deepEqual(await second.migrate(), { applied: [] });
          await second.putSetting('probe', 'ok');
          assert.equal(await first.getSetting('probe'), 'ok');
        } finally {
          await second.close();
        }
      } finally {
        await first.close();
      }
    });

    it('a failing migration is rolled back entirely and reported as CL_STORE_MIGRATION_FAILED', async () => {
      const broken: Migration = {
        id: '9001_broken',
        statements: () => ['CREATE TABLE half_done (a INTEGER)', 'INSERT INTO no_such_table (a) VALUES (1)'],
      };
      const { store: fresh, reopen } = adapter.fresh({ migrations: [...migrations, broken] });
      try {
        const error = await rejectsWith(fresh.migrate(), 'CL_STORE_MIGRATION_FAILED');
        assert.match(error.message, /9001_broken/);
        assert.deepEqual(error.details, { migration: '9001_broken' });
        // The earlier migrations stay applied; the broken one left no table behind and no record.
        await fresh.putSetting('after-failure', 'yes');
        const fixed: Migration = { id: '9001_broken', statements: () => ['CREATE TABLE half_done (a INTEGER)'] };
        const retry = reopen({ migrations: [...migrations, fixed] });
        try {
          assert.deepEqual(await retry.migrate(), { applied: ['9001_broken'] });
        } finally {
          await retry.close();
        }
      } finally {
        await fresh.close();
      }
    });

    it('a store used before migrate() says so (CL_STORE_UNAVAILABLE)', async () => {
      const { store: unmigrated } = adapter.fresh();
      try {
        const error = await rejectsWith(unmigrated.getCredential('org', 'id'), 'CL_STORE_UNAVAILABLE');
        assert.match(error.message, /run migrate\(\) first/);
      } finally {
        await unmigrated.close();
      }
    });

    it('a closed store refuses work with CL_STORE_UNAVAILABLE', async () => {
      const { store: closing } = adapter.fresh();
      await closing.migrate();
      await closing.close();
      await rejectsWith(closing.getSetting('x'), 'CL_STORE_UNAVAILABLE');
      await rejectsWith(
        closing.transaction(async () => 1),
        'CL_STORE_UNAVAILABLE',
      );
      await closing.close();
    });

    it('stores, updates and lists organisations', async () => {
      const a = organization('org-crud-a', { roles: ['certifier', 'customs'], active: false });
      await store.putOrganization(a);
      assert.deepEqual(await store.getOrganization(a.id), a);
      assert.equal(await store.getOrganization('org-crud-missing'), null);

      await store.putOrganization({ ...a, name: 'Renamed', active: true, roles: [] });
      assert.deepEqual(await store.getOrganization(a.id), { ...a, name: 'Renamed', active: true, roles: [] });

      await store.putOrganization(organization('org-crud-b'));
      const ids = (await store.listOrganizations()).map((o) => o.id);
      assert.ok(ids.includes('org-crud-a') && ids.includes('org-crud-b'));
      assert.deepEqual(ids, [...ids].sort());
    });

    it('refuses a second organisation with the same DID', async () => {
      await store.putOrganization(organization('org-did-a'));
      await rejectsWith(
        store.putOrganization(organization('org-did-b', { did: 'did:web:org-did-a.example' })),
        'CL_STORE_CONFLICT',
      );
      assert.equal(await store.getOrganization('org-did-b'), null);
    });

    it('adds, updates, lists and finds keys', async () => {
      await store.putOrganization(organization('org-keys-a'));
      await store.putOrganization(organization('org-keys-b'));
      const k1 = key('org-keys-a', 'z6MkKeyA1', { encryptedSecret: 'sealed:abc' });
      const k2 = key('org-keys-a', 'z6MkKeyA2', { validFrom: '2026-02-01T00:00:00.000Z' });
      await store.putKey(k1);
      await store.putKey(k2);
      await store.putKey(key('org-keys-b', 'z6MkKeyB1'));

      await rejectsWith(store.putKey(key('org-keys-b', 'z6MkKeyA1')), 'CL_STORE_CONFLICT');
      await rejectsWith(store.putKey(key('org-keys-missing', 'z6MkKeyX')), 'CL_STORE_NOT_FOUND');

      assert.deepEqual(await store.listKeys('org-keys-a'), [k1, k2]);
      assert.deepEqual(await store.findKey('z6MkKeyA1'), k1);
      assert.equal((await store.findKey('z6MkKeyB1'))?.orgId, 'org-keys-b');
      assert.equal(await store.findKey('z6MkUnknown'), null);

      await store.updateKey('org-keys-a', 'z6MkKeyA1', { validUntil: '2027-01-01T00:00:00.000Z' });
      await store.updateKey('org-keys-a', 'z6MkKeyA1', { revokedAt: '2026-06-01T00:00:00.000Z' });
      assert.deepEqual(await store.findKey('z6MkKeyA1'), {
        ...k1,
        validUntil: '2027-01-01T00:00:00.000Z',
        revokedAt: '2026-06-01T00:00:00.000Z',
      });
      await rejectsWith(store.updateKey('org-keys-a', 'z6MkUnknown', { revokedAt: clockValue }), 'CL_STORE_NOT_FOUND');
    });

    it('inserts credentials as pending and reads every document back byte for byte', async () => {
      await store.putOrganization(organization('org-ins'));
      const unusual = {
        ...credential('urn:uuid:ins-unicode'),
        document: '{ "name": "Zürich – 東京 😀", "note": "line\\nbreak \\"quoted\\"",  "n": 1.50 }',
      };
      const large = {
        ...credential('urn:uuid:ins-large'),
        // Larger than a database page on either engine, with every kind of character.
        document: JSON.stringify({ id: 'urn:uuid:ins-large', text: `\u0000\t "'\\ ü 😀 ${'ñ'.repeat(20_000)}` }),
      };
      const rows = [credential('urn:uuid:ins-1', { padding: 3000 }), credential('urn:uuid:ins-2'), unusual, large];
      await store.insertCredentials('org-ins', rows);

      for (const row of rows) {
        const stored = await store.getCredential('org-ins', row.id);
        assert.deepEqual(stored, {
          ...row,
          orgId: 'org-ins',
          status: 'pending',
          batchId: null,
          leafIndex: null,
          inclusionProof: null,
          createdAt: clockValue,
        });
        assert.equal(Buffer.compare(Buffer.from(stored.document), Buffer.from(row.document)), 0);
        assert.deepEqual(await store.getCredentialByHash('org-ins', row.hash), stored);
      }
      // A pending credential is its own anchoring entry: no outbox row is written for it.
      assert.deepEqual(await store.pendingOutbox('org-ins', 'anchor', 10), []);
      assert.deepEqual(
        await store.pendingCredentials('org-ins', 10),
        rows.map((r) => ({ id: r.id, hash: r.hash })),
      );
      await rejectsWith(store.getCredential('org-ins', 'urn:uuid:missing'), 'CL_STORE_NOT_FOUND');
      await store.insertCredentials('org-ins', []);
    });

    it('inserts a large batch (2,000 credentials of ~3 KB) in one call', async () => {
      await store.putOrganization(organization('org-big'));
      const rows = Array.from({ length: 2000 }, (_, i) =>
        credential(`urn:uuid:big-${String(i).padStart(5, '0')}`, { padding: 3000 }),
      );
      await store.insertCredentials('org-big', rows);
      assert.equal(await store.countCredentials('org-big'), 2000);
      assert.equal(await store.countCredentials('org-big', { status: 'pending' }), 2000);
      assert.equal((await store.getCredential('org-big', 'urn:uuid:big-01999')).document, rows[1999]!.document);
      assert.deepEqual(
        (await store.pendingCredentials('org-big', 5000)).map((p) => p.id),
        rows.map((r) => r.id),
      );
    });

    it('lists pending credentials oldest first, per organisation, up to a limit', async () => {
      await store.putOrganization(organization('org-pend-a'));
      await store.putOrganization(organization('org-pend-b'));
      // Ids descend while insertion order ascends: the queue follows insertion, not ids.
      const first = [credential('urn:uuid:pend-9'), credential('urn:uuid:pend-8')];
      const second = [credential('urn:uuid:pend-7'), credential('urn:uuid:pend-1')];
      await store.insertCredentials('org-pend-a', first);
      await store.insertCredentials('org-pend-b', [credential('urn:uuid:pend-b1')]);
      await store.insertCredentials('org-pend-a', second);

      const all = [...first, ...second].map((r) => ({ id: r.id, hash: r.hash }));
      assert.deepEqual(await store.pendingCredentials('org-pend-a', 100), all);
      assert.deepEqual(await store.pendingCredentials('org-pend-a', 3), all.slice(0, 3));
      assert.deepEqual(
        (await store.pendingCredentials('org-pend-b', 100)).map((p) => p.id),
        ['urn:uuid:pend-b1'],
      );
      assert.deepEqual(await store.pendingCredentials('org-pend-missing', 100), []);
      for (const limit of [0, -1, 1.5]) {
        await rejectsWith(store.pendingCredentials('org-pend-a', limit), 'CL_INPUT_INVALID');
      }

      // Sealing the two oldest leaves the rest in order.
      await store.sealBatch('org-pend-a', {
        id: 'batch-pend-a',
        root: sha256('root-pend-a'),
        createdAt: clockValue,
        members: all.slice(0, 2).map((p, leafIndex) => ({ credentialId: p.id, leafIndex, inclusionProof: [] })),
      });
      assert.deepEqual(await store.pendingCredentials('org-pend-a', 100), all.slice(2));
    });

    it('scopes every read and write to the calling organisation', async () => {
      await store.putOrganization(organization('org-scope-a'));
      await store.putOrganization(organization('org-scope-b'));
      await store.putKey(key('org-scope-a', 'z6MkScopeA'));
      const a = [credential('urn:uuid:scope-a1'), credential('urn:uuid:scope-a2')];
      await store.insertCredentials('org-scope-a', a);

      await rejectsWith(store.getCredential('org-scope-b', a[0]!.id), 'CL_STORE_NOT_FOUND');
      await rejectsWith(store.getCredentialByHash('org-scope-b', a[0]!.hash), 'CL_STORE_NOT_FOUND');
      assert.deepEqual(await store.listCredentials('org-scope-b'), []);
      assert.equal(await store.countCredentials('org-scope-b'), 0);
      assert.deepEqual(await store.pendingCredentials('org-scope-b', 10), []);
      assert.deepEqual(await store.listKeys('org-scope-b'), []);
      await rejectsWith(store.updateKey('org-scope-b', 'z6MkScopeA', { revokedAt: clockValue }), 'CL_STORE_NOT_FOUND');
      assert.equal((await store.findKey('z6MkScopeA'))?.revokedAt, null);

      await store.insertCredentials('org-scope-b', [credential('urn:uuid:scope-b1')]);
      assert.deepEqual(
        (await store.listCredentials('org-scope-b')).map((c) => c.id),
        ['urn:uuid:scope-b1'],
      );
      // Ids are global: another organisation cannot reuse one.
      await rejectsWith(
        store.insertCredentials('org-scope-b', [credential('urn:uuid:scope-a1', { hashOf: 'other' })]),
        'CL_STORE_CONFLICT',
      );

      // Another organisation cannot seal, anchor or complete A's work.
      await rejectsWith(
        store.sealBatch('org-scope-b', {
          id: 'batch-scope-b',
          root: sha256('root-scope-b'),
          createdAt: clockValue,
          members: a.map((c, leafIndex) => ({ credentialId: c.id, leafIndex, inclusionProof: [] })),
        }),
        'CL_STORE_CONFLICT',
      );
      await rejectsWith(store.getBatch('org-scope-b', 'batch-scope-b'), 'CL_STORE_NOT_FOUND');
      assert.equal((await store.pendingCredentials('org-scope-a', 10)).length, 2);

      await store.sealBatch('org-scope-a', {
        id: 'batch-scope-a',
        root: sha256('root-scope-a'),
        createdAt: clockValue,
        members: a.map((c, leafIndex) => ({ credentialId: c.id, leafIndex, inclusionProof: [] })),
      });
      const [job] = await store.pendingOutbox('org-scope-a', 'anchor-batch', 10);
      assert.ok(job);
      assert.deepEqual(await store.pendingOutbox('org-scope-b', 'anchor-batch', 10), []);
      await rejectsWith(store.completeOutbox('org-scope-b', job.id), 'CL_STORE_NOT_FOUND');
      await rejectsWith(store.getBatch('org-scope-b', 'batch-scope-a'), 'CL_STORE_NOT_FOUND');
      await rejectsWith(
        store.markBatchAnchored('org-scope-b', 'batch-scope-a', {
          chainId: 1,
          txHash: `0x${'ab'.repeat(32)}`,
          blockNumber: 1,
          anchoredAt: clockValue,
        }),
        'CL_STORE_NOT_FOUND',
      );
      assert.equal((await store.getBatch('org-scope-a', 'batch-scope-a')).anchor, null);
      assert.equal((await store.getCredential('org-scope-a', a[0]!.id)).status, 'sealed');
      assert.equal((await store.pendingOutbox('org-scope-a', 'anchor-batch', 10)).length, 1);
    });

    it('a duplicate id or hash is a conflict and stores nothing of the call', async () => {
      await store.putOrganization(organization('org-dup'));
      await store.insertCredentials('org-dup', [credential('urn:uuid:dup-1'), credential('urn:uuid:dup-2')]);
      const before = {
        count: await store.countCredentials('org-dup'),
        pending: (await store.pendingCredentials('org-dup', 100)).length,
      };

      const cases: NewCredentialRow[][] = [
        // an existing id (with a new hash) after new rows
        [
          credential('urn:uuid:dup-new-1'),
          credential('urn:uuid:dup-new-2'),
          credential('urn:uuid:dup-1', { hashOf: 'x' }),
        ],
        // an existing hash under a new id
        [credential('urn:uuid:dup-new-1'), credential('urn:uuid:dup-new-3', { hashOf: 'urn:uuid:dup-2' })],
        // the same id twice within the call
        [credential('urn:uuid:dup-new-1'), credential('urn:uuid:dup-new-1', { hashOf: 'y' })],
        // the same hash twice within the call
        [credential('urn:uuid:dup-new-1'), credential('urn:uuid:dup-new-4', { hashOf: 'urn:uuid:dup-new-1' })],
      ];
      for (const rows of cases) {
        await rejectsWith(store.insertCredentials('org-dup', rows), 'CL_STORE_CONFLICT');
        assert.equal(await store.countCredentials('org-dup'), before.count);
        assert.equal((await store.pendingCredentials('org-dup', 100)).length, before.pending);
        await rejectsWith(store.getCredential('org-dup', 'urn:uuid:dup-new-1'), 'CL_STORE_NOT_FOUND');
      }
      await rejectsWith(
        store.insertCredentials('org-dup-missing', [credential('urn:uuid:dup-x')]),
        'CL_STORE_NOT_FOUND',
      );
    });

    it('a transaction commits together and rolls back entirely on a throw', async () => {
      await store.transaction(async (tx) => {
        await tx.putOrganization(organization('org-tx-ok'));
        await tx.insertCredentials('org-tx-ok', [credential('urn:uuid:tx-ok')]);
        // Reads inside see the transaction's own writes.
        assert.equal((await tx.getCredential('org-tx-ok', 'urn:uuid:tx-ok')).status, 'pending');
      });
      assert.equal((await store.getCredential('org-tx-ok', 'urn:uuid:tx-ok')).orgId, 'org-tx-ok');

      const thrown = new Error('stop here');
      await assert.rejects(
        store.transaction(async (tx) => {
          await tx.putOrganization(organization('org-tx-rb'));
          await tx.insertCredentials('org-tx-rb', [credential('urn:uuid:tx-rb')]);
          await tx.putSetting('tx-rb', 'written');
          throw thrown;
        }),
        (error) => error === thrown,
      );
      assert.equal(await store.getOrganization('org-tx-rb'), null);
      assert.equal(await store.getSetting('tx-rb'), null);
      assert.equal(await store.findReceipt(sha256('urn:uuid:tx-rb')), null);

      // A store error inside a transaction also undoes the earlier writes.
      await rejectsWith(
        store.transaction(async (tx) => {
          await tx.putSetting('tx-conflict', 'written');
          await tx.insertCredentials('org-tx-ok', [credential('urn:uuid:tx-ok')]);
        }),
        'CL_STORE_CONFLICT',
      );
      assert.equal(await store.getSetting('tx-conflict'), null);
    });

    it('nested transactions join the outer one', async () => {
      await store.transaction(async (outer) => {
        await outer.putSetting('nested-outer', '1');
        await outer.transaction(async (inner) => {
          assert.equal(await inner.getSetting('nested-outer'), '1');
          await inner.putSetting('nested-inner', '2');
        });
      });
      assert.equal(await store.getSetting('nested-inner'), '2');

      await assert.rejects(
        store.transaction(async (outer) => {
          await outer.putSetting('nested-rb-outer', '1');
          await outer.transaction(async (inner) => {
            await inner.putSetting('nested-rb-inner', '2');
          });
          throw new Error('outer fails after the inner one finished');
        }),
        /outer fails/,
      );
      assert.equal(await store.getSetting('nested-rb-outer'), null);
      assert.equal(await store.getSetting('nested-rb-inner'), null);
    });

    it('concurrent transactions and plain writes do not interleave with a rolled-back transaction', async () => {
      const gate = deferred();
      const failing = store.transaction(async (tx) => {
        await tx.putSetting('concurrent-a', 'rolled back');
        await gate.promise;
        throw new Error('abort a');
      });
      const other = store.transaction(async (tx) => {
        await tx.putSetting('concurrent-b', 'committed');
      });
      const plain = store.putSetting('concurrent-c', 'committed');
      setTimeout(() => gate.resolve(), 20);
      await assert.rejects(failing, /abort a/);
      await other;
      await plain;
      assert.equal(await store.getSetting('concurrent-a'), null);
      assert.equal(await store.getSetting('concurrent-b'), 'committed');
      assert.equal(await store.getSetting('concurrent-c'), 'committed');

      // Many at once, half of them failing.
      const results = await Promise.allSettled(
        Array.from({ length: 20 }, (_, i) =>
          store.transaction(async (tx) => {
            await tx.putSetting(`burst-${i}`, String(i));
            await new Promise((r) => setImmediate(r));
            if (i % 2 === 1) throw new Error(`fail ${i}`);
          }),
        ),
      );
      assert.equal(results.filter((r) => r.status === 'fulfilled').length, 10);
      for (let i = 0; i < 20; i++) assert.equal(await store.getSetting(`burst-${i}`), i % 2 === 0 ? String(i) : null);
    });

    it('seals and anchors a batch: pending → sealed → anchored, derived from the batch', async () => {
      const org = 'org-seal';
      await store.putOrganization(organization(org));
      const rows = [credential('urn:uuid:seal-1'), credential('urn:uuid:seal-2'), credential('urn:uuid:seal-3')];
      await store.insertCredentials(org, rows);

      const root = sha256('root-seal-1');
      const proof = (i: number) => [sha256(`sibling-${i}`), sha256(`uncle-${i}`)];
      await store.sealBatch(org, {
        id: 'batch-seal-1',
        root,
        createdAt: clockValue,
        members: rows
          .slice(0, 2)
          .map((r, leafIndex) => ({ credentialId: r.id, leafIndex, inclusionProof: proof(leafIndex) })),
      });

      const batch = await store.getBatch(org, 'batch-seal-1');
      assert.deepEqual(batch, { id: 'batch-seal-1', orgId: org, root, size: 2, createdAt: clockValue, anchor: null });
      assert.deepEqual(await store.getCredential(org, 'urn:uuid:seal-2'), {
        ...rows[1]!,
        orgId: org,
        status: 'sealed',
        batchId: 'batch-seal-1',
        leafIndex: 1,
        inclusionProof: proof(1),
        createdAt: clockValue,
      });
      assert.equal((await store.getCredential(org, 'urn:uuid:seal-3')).status, 'pending');
      assert.deepEqual(
        (await store.pendingCredentials(org, 10)).map((p) => p.id),
        ['urn:uuid:seal-3'],
      );
      const batchJobs = await store.pendingOutbox(org, 'anchor-batch', 10);
      assert.equal(batchJobs.length, 1);
      assert.equal(batchJobs[0]!.idempotencyKey, root);
      assert.deepEqual(JSON.parse(batchJobs[0]!.payload), { batchId: 'batch-seal-1', root });
      assert.deepEqual(
        [
          await store.countCredentials(org, { status: 'pending' }),
          await store.countCredentials(org, { status: 'sealed' }),
          await store.countCredentials(org, { status: 'anchored' }),
        ],
        [1, 2, 0],
      );

      // Anchoring writes the batch only; every member reads as anchored at once. Idempotent.
      const anchor = { chainId: 31_337, txHash: `0x${'cd'.repeat(32)}`, blockNumber: 12, anchoredAt: clockValue };
      await store.markBatchAnchored(org, 'batch-seal-1', anchor);
      await store.markBatchAnchored(org, 'batch-seal-1', { ...anchor, anchoredAt: '2026-02-01T00:00:00.000Z' });
      assert.deepEqual((await store.getBatch(org, 'batch-seal-1')).anchor, anchor);
      assert.deepEqual(
        (await store.listCredentials(org)).map((c) => [c.id, c.status, c.batchId, c.leafIndex]),
        [
          ['urn:uuid:seal-1', 'anchored', 'batch-seal-1', 0],
          ['urn:uuid:seal-2', 'anchored', 'batch-seal-1', 1],
          ['urn:uuid:seal-3', 'pending', null, null],
        ],
      );
      assert.deepEqual(
        (await store.listCredentials(org, { status: 'anchored' })).map((c) => c.id),
        ['urn:uuid:seal-1', 'urn:uuid:seal-2'],
      );
      assert.deepEqual(await store.listCredentials(org, { status: 'sealed' }), []);
      assert.deepEqual(
        (await store.listCredentials(org, { status: 'pending' })).map((c) => c.id),
        ['urn:uuid:seal-3'],
      );
      await rejectsWith(
        store.markBatchAnchored(org, 'batch-seal-1', { ...anchor, txHash: `0x${'ef'.repeat(32)}` }),
        'CL_STORE_CONFLICT',
      );
      assert.deepEqual((await store.getBatch(org, 'batch-seal-1')).anchor, anchor);
      await rejectsWith(store.markBatchAnchored(org, 'batch-missing', anchor), 'CL_STORE_NOT_FOUND');

      // Public lookups used for verification.
      assert.deepEqual(await store.findBatchByRoot(root), await store.getBatch(org, 'batch-seal-1'));
      assert.equal(await store.findBatchByRoot(sha256('no such root')), null);
      assert.deepEqual(await store.findReceipt(rows[1]!.hash), {
        hash: rows[1]!.hash,
        orgId: org,
        status: 'anchored',
        batch: await store.getBatch(org, 'batch-seal-1'),
        leafIndex: 1,
        inclusionProof: proof(1),
      });
      assert.deepEqual(await store.findReceipt(rows[2]!.hash), {
        hash: rows[2]!.hash,
        orgId: org,
        status: 'pending',
        batch: null,
        leafIndex: null,
        inclusionProof: null,
      });
      assert.equal(await store.findReceipt(sha256('unknown')), null);

      await store.completeOutbox(org, batchJobs[0]!.id);
      await store.completeOutbox(org, batchJobs[0]!.id);
      assert.deepEqual(await store.pendingOutbox(org, 'anchor-batch', 10), []);
      await rejectsWith(store.completeOutbox(org, 987_654_321), 'CL_STORE_NOT_FOUND');
    });

    it('a sealed but unanchored batch reads as sealed everywhere, a single-leaf batch has an empty proof', async () => {
      const org = 'org-sealed';
      await store.putOrganization(organization(org));
      const row = credential('urn:uuid:sealed-1');
      await store.insertCredentials(org, [row]);
      await store.sealBatch(org, {
        id: 'batch-sealed-1',
        root: row.hash,
        createdAt: clockValue,
        members: [{ credentialId: row.id, leafIndex: 0, inclusionProof: [] }],
      });
      const stored = await store.getCredential(org, row.id);
      assert.deepEqual([stored.status, stored.leafIndex, stored.inclusionProof], ['sealed', 0, []]);
      assert.deepEqual(await store.getCredentialByHash(org, row.hash), stored);
      assert.deepEqual(
        (await store.listCredentials(org, { status: 'sealed' })).map((c) => c.id),
        [row.id],
      );
      assert.equal(await store.countCredentials(org, { status: 'sealed', type: row.type }), 1);
      const receipt = await store.findReceipt(row.hash);
      assert.equal(receipt?.status, 'sealed');
      assert.equal(receipt?.batch?.anchor, null);
    });

    it('a batch member that is not pending in the organisation is a conflict and nothing changes', async () => {
      const org = 'org-conflict';
      await store.putOrganization(organization(org));
      await store.putOrganization(organization('org-conflict-other'));
      const rows = [credential('urn:uuid:conf-1'), credential('urn:uuid:conf-2'), credential('urn:uuid:conf-3')];
      const foreign = credential('urn:uuid:conf-foreign');
      await store.insertCredentials(org, rows);
      await store.insertCredentials('org-conflict-other', [foreign]);
      const proof = [sha256('conf-sibling')];
      await store.sealBatch(org, {
        id: 'batch-conf-1',
        root: sha256('root-conf-1'),
        createdAt: clockValue,
        members: [{ credentialId: rows[0]!.id, leafIndex: 0, inclusionProof: proof }],
      });

      const snapshot = async () => ({
        credentials: await store.listCredentials(org),
        foreign: await store.getCredential('org-conflict-other', foreign.id),
        pending: await store.pendingCredentials(org, 10),
        jobs: await store.pendingOutbox(org, 'anchor-batch', 10),
      });
      const before = await snapshot();
      assert.deepEqual(
        before.pending.map((p) => p.id),
        [rows[1]!.id, rows[2]!.id],
      );

      const attempt = (id: string, credentialIds: string[], root = sha256(`root-${id}`)) =>
        store.sealBatch(org, {
          id,
          root,
          createdAt: clockValue,
          // A pending member first, so a partial write would show.
          members: credentialIds.map((credentialId, leafIndex) => ({ credentialId, leafIndex, inclusionProof: proof })),
        });
      const cases: [string, () => Promise<void>][] = [
        ['already sealed', () => attempt('batch-conf-sealed', [rows[1]!.id, rows[0]!.id])],
        ['another organisation', () => attempt('batch-conf-foreign', [rows[1]!.id, foreign.id])],
        ['unknown id', () => attempt('batch-conf-unknown', [rows[1]!.id, 'urn:uuid:conf-unknown'])],
        ['repeated member', () => attempt('batch-conf-repeat', [rows[1]!.id, rows[2]!.id, rows[1]!.id])],
        ['same root twice', () => attempt('batch-conf-root', [rows[1]!.id], sha256('root-conf-1'))],
      ];
      for (const [name, run] of cases) {
        const error = await run().then(
          () => assert.fail(`${name}: expected CL_STORE_CONFLICT, but the call succeeded`),
          (e: unknown) => e,
        );
        assert.ok(
          error instanceof ClearledgerError && error.code === 'CL_STORE_CONFLICT',
          `${name}: ${inspect(error)}`,
        );
      }
      await rejectsWith(
        store.sealBatch(org, {
          id: 'batch-conf-proof',
          root: sha256('root-conf-proof'),
          createdAt: clockValue,
          members: [{ credentialId: rows[1]!.id, leafIndex: 0, inclusionProof: [sha256('x').toUpperCase()] }],
        }),
        'CL_INPUT_INVALID',
      );
      for (const id of ['sealed', 'foreign', 'unknown', 'repeat', 'root', 'proof']) {
        await rejectsWith(store.getBatch(org, `batch-conf-${id}`), 'CL_STORE_NOT_FOUND');
      }
      assert.deepEqual(await snapshot(), before);
      assert.equal(await store.countCredentials(org, { status: 'sealed' }), 1);
    });

    it('anchoring a large batch flips every member at once', async () => {
      const org = 'org-anchor-many';
      await store.putOrganization(organization(org));
      const rows = Array.from({ length: 1500 }, (_, i) => credential(`urn:uuid:many-${String(i).padStart(4, '0')}`));
      await store.insertCredentials(org, rows);
      const pending = await store.pendingCredentials(org, 2000);
      const node = (i: number, level: number) => sha256(`node-${i >> level}-${level}`);
      await store.sealBatch(org, {
        id: 'batch-many',
        root: sha256('root-many'),
        createdAt: clockValue,
        members: pending.map((p, leafIndex) => ({
          credentialId: p.id,
          leafIndex,
          inclusionProof: Array.from({ length: 11 }, (_, level) => node(leafIndex, level)),
        })),
      });
      assert.equal(await store.countCredentials(org, { status: 'sealed' }), 1500);
      await store.markBatchAnchored(org, 'batch-many', {
        chainId: 1,
        txHash: `0x${'12'.repeat(32)}`,
        blockNumber: 7,
        anchoredAt: clockValue,
      });
      assert.deepEqual(
        [
          await store.countCredentials(org, { status: 'sealed' }),
          await store.countCredentials(org, { status: 'anchored' }),
        ],
        [0, 1500],
      );
      const last = await store.getCredential(org, pending[1499]!.id);
      assert.equal(last.status, 'anchored');
      assert.deepEqual(
        last.inclusionProof,
        Array.from({ length: 11 }, (_, level) => node(1499, level)),
      );
      assert.equal((await store.findReceipt(last.hash))?.leafIndex, 1499);
    });

    it('pages credentials by id with filters, a default page of 100 and a cap of 1000', async () => {
      const org = 'org-page';
      await store.putOrganization(organization(org));
      // Mixed case and punctuation: both adapters must order ids byte-wise.
      const ids = Array.from(
        { length: 250 },
        (_, i) => `${['A', 'b', 'Z', 'urn:'][i % 4]}-${i}_${i % 7 === 0 ? 'x' : 'Y'}`,
      );
      await store.insertCredentials(
        org,
        shuffled(ids).map((id, i) => credential(id, { type: i % 2 === 0 ? 'Permit' : 'Carnet' })),
      );
      const sorted = [...ids].sort();

      const seen: string[] = [];
      const sizes: number[] = [];
      let afterId: string | undefined;
      for (;;) {
        const page = await store.listCredentials(org, { limit: 100, ...(afterId === undefined ? {} : { afterId }) });
        sizes.push(page.length);
        if (page.length === 0) break;
        seen.push(...page.map((c) => c.id));
        afterId = page.at(-1)!.id;
      }
      assert.deepEqual(sizes, [100, 100, 50, 0]);
      assert.deepEqual(seen, sorted);
      assert.equal((await store.listCredentials(org)).length, 100);

      const permits: string[] = [];
      afterId = undefined;
      for (;;) {
        const page = await store.listCredentials(org, {
          type: 'Permit',
          status: 'pending',
          limit: 40,
          ...(afterId === undefined ? {} : { afterId }),
        });
        if (page.length === 0) break;
        assert.ok(page.every((c) => c.type === 'Permit'));
        permits.push(...page.map((c) => c.id));
        afterId = page.at(-1)!.id;
      }
      assert.equal(permits.length, 125);
      assert.deepEqual(permits, [...permits].sort());
      assert.equal(await store.countCredentials(org, { type: 'Permit' }), 125);
      assert.equal(await store.countCredentials(org, { status: 'sealed' }), 0);
      assert.deepEqual(await store.listCredentials(org, { status: 'anchored' }), []);

      await store.insertCredentials(
        org,
        Array.from({ length: 900 }, (_, i) => credential(`zz-${String(i).padStart(4, '0')}`)),
      );
      assert.equal((await store.listCredentials(org, { limit: 5000 })).length, 1000);
      await rejectsWith(store.listCredentials(org, { limit: 0 }), 'CL_INPUT_INVALID');
    });

    it('pages credentials newest first by the order they were stored, with filters', async () => {
      const org = 'org-newest';
      await store.putOrganization(organization(org));
      // Ids that sort against the storage order: newest first must not follow the ids.
      const stored = Array.from({ length: 7 }, (_, i) => `n-${String(9 - i)}-${i}`);
      for (const [i, id] of stored.entries())
        await store.insertCredentials(org, [credential(id, { type: i % 2 === 0 ? 'Permit' : 'Carnet' })]);
      const seen: string[] = [];
      let afterId: string | undefined;
      for (;;) {
        const page = await store.listCredentials(org, {
          newestFirst: true,
          limit: 3,
          ...(afterId === undefined ? {} : { afterId }),
        });
        if (page.length === 0) break;
        seen.push(...page.map((c) => c.id));
        afterId = page.at(-1)!.id;
      }
      assert.deepEqual(seen, [...stored].reverse());
      const permits = await store.listCredentials(org, { newestFirst: true, type: 'Permit', afterId: stored[4]! });
      assert.deepEqual(
        permits.map((c) => c.id),
        [stored[2], stored[0]],
      );
    });

    it('searches id, type, hash prefix and document text; %, _, \\ and quotes match only themselves', async () => {
      const org = 'org-search';
      await store.putOrganization(organization(org));
      await store.putOrganization(organization('org-search-other'));
      const withText = (id: string, text: string, type = 'CertificateOfOrigin'): NewCredentialRow => ({
        ...credential(id, { type }),
        document: JSON.stringify({ id, type: ['VerifiableCredential', type], note: text }),
      });
      const rows = [
        withText('urn:uuid:search-rate-100%', 'duty rate 100%'),
        withText('urn:uuid:search-rate-1000', 'duty rate 1000'),
        withText('urn:uuid:search-a_b', 'plain'),
        withText('urn:uuid:search-axb', 'plain'),
        withText('urn:uuid:search-quote', `exporter O'Brien said "ok" at ZÜRICH`, 'ImportPermit'),
        withText('urn:uuid:search-slash', 'path C:\\temp', 'ImportPermit'),
      ];
      await store.insertCredentials(org, rows);
      await store.insertCredentials('org-search-other', [withText('urn:uuid:search-foreign', "O'Brien 100% a_b")]);

      const search = async (q: string, query: Omit<CredentialQuery, 'q'> = {}) => {
        const found = (await store.listCredentials(org, { ...query, q })).map((c) => c.id);
        assert.equal(await store.countCredentials(org, { ...query, q }), found.length, `count of ${q}`);
        return found;
      };
      const ids = (...indexes: number[]) => indexes.map((i) => rows[i]!.id).sort();

      // Wildcard characters are literal: '100%' is not '1000', 'a_b' is not 'axb'.
      assert.deepEqual(await search('100%'), ids(0));
      assert.deepEqual(await search('%'), ids(0));
      assert.deepEqual(await search('a_b'), ids(2));
      assert.deepEqual(await search('_'), ids(2));
      assert.deepEqual(await search('%_%'), []);
      // Quotes and backslashes as stored in the JSON text.
      assert.deepEqual(await search("O'Brien"), ids(4));
      assert.deepEqual(await search("'"), ids(4));
      assert.deepEqual(await search('\\"ok\\"'), ids(4));
      assert.deepEqual(await search('\\"note\\"'), []);
      assert.deepEqual(await search('\\'), ids(4, 5));
      assert.deepEqual(await search('C:\\\\temp'), ids(5));
      assert.deepEqual(await search('\\\\'), ids(5));
      assert.deepEqual(await search("'; DROP TABLE credentials; --"), []);
      // Case: A–Z fold, other letters match exactly, on both databases.
      assert.deepEqual(await search("o'bRIEN"), ids(4));
      assert.deepEqual(await search('zÜrich'), ids(4));
      assert.deepEqual(await search('zürich'), []);
      // Id, type and hash prefix (any case); the middle of a hash is not a match.
      assert.deepEqual(await search('SEARCH-RATE'), ids(0, 1));
      assert.deepEqual(await search('importperm'), ids(4, 5));
      assert.deepEqual(await search(rows[3]!.hash.slice(0, 12)), ids(3));
      assert.deepEqual(await search(rows[3]!.hash.slice(0, 12).toUpperCase()), ids(3));
      assert.deepEqual(await search(rows[3]!.hash.slice(6, 20)), []);
      // Together with the other filters and keyset pagination; never another organisation's.
      assert.deepEqual(await search('search', { type: 'ImportPermit' }), ids(4, 5));
      assert.deepEqual(await search('plain', { status: 'pending' }), ids(2, 3));
      assert.deepEqual(await search('plain', { status: 'sealed' }), []);
      assert.deepEqual(await search('foreign'), []);
      const paged: string[] = [];
      let afterId: string | undefined;
      for (;;) {
        const page = await store.listCredentials(org, {
          q: 'DUTY RATE',
          limit: 1,
          ...(afterId === undefined ? {} : { afterId }),
        });
        if (page.length === 0) break;
        paged.push(...page.map((c) => c.id));
        afterId = page.at(-1)!.id;
      }
      assert.deepEqual(paged, ids(0, 1));
      assert.equal(await store.countCredentials(org, { q: '' }), rows.length);
      await rejectsWith(store.listCredentials(org, { q: 'x'.repeat(1001) }), 'CL_INPUT_INVALID');
      await rejectsWith(store.countCredentials(org, { q: 'x'.repeat(1001) }), 'CL_INPUT_INVALID');
    });

    it('keeps node-wide settings', async () => {
      assert.equal(await store.getSetting('settings-missing'), null);
      await store.putSetting('settings-node', 'first');
      assert.equal(await store.getSetting('settings-node'), 'first');
      await store.putSetting('settings-node', '{"nested":"Zürich 😀"}');
      assert.equal(await store.getSetting('settings-node'), '{"nested":"Zürich 😀"}');
    });
  });
}

forEachDialect('Store behaviour', storeBehaviour, now);

describe('SQLite adapter specifics', () => {
  it('an unopenable file is CL_STORE_UNAVAILABLE with the path in the message', () => {
    const dir = mkdtempSync(join(tmpdir(), 'clearledger-store-'));
    const file = join(dir, 'no-such-dir', 'store.db');
    try {
      createStore({ kind: 'sqlite', file });
      assert.fail('expected CL_STORE_UNAVAILABLE');
    } catch (error) {
      assert.ok(error instanceof ClearledgerError);
      assert.equal(error.code, 'CL_STORE_UNAVAILABLE');
      assert.match(error.message, /no-such-dir/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a file that is not a database is CL_STORE_UNAVAILABLE', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'clearledger-notadb-')), 'junk.db');
    writeFileSync(file, 'this is not a SQLite database, just text that is long enough to matter'.repeat(20));
    try {
      createStore({ kind: 'sqlite', file });
      assert.fail('expected CL_STORE_UNAVAILABLE');
    } catch (error) {
      assert.ok(error instanceof ClearledgerError);
      assert.equal(error.code, 'CL_STORE_UNAVAILABLE');
    } finally {
      rmSync(join(file, '..'), { recursive: true, force: true });
    }
  });

  it('openStore returns a migrated store', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'clearledger-open-'));
    const store = await openStore({ kind: 'sqlite', file: join(dir, 'store.db') });
    try {
      assert.deepEqual(await store.migrate(), { applied: [] });
      assert.equal(await store.getSetting('nothing'), null);
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('using the outer store inside its own transaction fails fast instead of deadlocking', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'clearledger-deadlock-'));
    const store = createStore({ kind: 'sqlite', file: join(dir, 'store.db'), now });
    try {
      await store.migrate();
      await assert.rejects(
        store.transaction(async () => {
          await store.getSetting('anything');
        }),
        /Use the `tx` store/,
      );
      assert.equal(await store.getSetting('anything'), null);
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

const databaseUrl = process.env.DATABASE_URL;
if (databaseUrl !== undefined && databaseUrl !== '') {
  const url = databaseUrl;
  describe('PostgreSQL adapter specifics (server available)', () => {
    it('a wrong password is CL_STORE_UNAVAILABLE and the message does not contain it', async () => {
      const parsed = new URL(url);
      parsed.password = 'Wrong-Pa55word-xyz';
      const store = createStore({ kind: 'postgres', url: parsed.toString() });
      try {
        const error = await rejectsWith(store.getSetting('x'), 'CL_STORE_UNAVAILABLE');
        assert.match(error.message, /rejected the login/);
        assert.ok(!inspect(error, { depth: 10 }).includes('Wrong-Pa55word-xyz'));
      } finally {
        await store.close();
      }
    });
  });
}

describe('PostgreSQL adapter specifics (no server needed)', () => {
  const password = 'S3cret-Do-Not-Print';

  it('an unreachable server is CL_STORE_UNAVAILABLE with an actionable message and no password', async () => {
    const store = createStore({
      kind: 'postgres',
      url: `postgres://clearledger:${password}@127.0.0.1:1/clearledger_test`,
      connectTimeoutMs: 3000,
    });
    try {
      for (const attempt of [store.migrate(), store.getSetting('x'), store.transaction(async () => 1)]) {
        const error = await rejectsWith(attempt, 'CL_STORE_UNAVAILABLE');
        assert.match(error.message, /127\.0\.0\.1:1/);
        assert.match(error.message, /refused|cannot be reached/);
        for (const text of [error.message, JSON.stringify(error), inspect(error, { depth: 10 }), String(error.stack)]) {
          assert.ok(!text.includes(password), `password leaked in: ${text}`);
        }
      }
    } finally {
      await store.close();
    }
  });

  it('openStore reports an unreachable server as CL_STORE_UNAVAILABLE', async () => {
    const error = await rejectsWith(
      openStore({ kind: 'postgres', url: `postgres://clearledger:${password}@127.0.0.1:1/clearledger_test` }),
      'CL_STORE_UNAVAILABLE',
    );
    assert.ok(!inspect(error, { depth: 10 }).includes(password));
  });

  it('a malformed URL is CL_CONFIG_INVALID and is not echoed', () => {
    try {
      createStore({ kind: 'postgres', url: `not a url ${password}` });
      assert.fail('expected CL_CONFIG_INVALID');
    } catch (error) {
      assert.ok(error instanceof ClearledgerError);
      assert.equal(error.code, 'CL_CONFIG_INVALID');
      assert.ok(!inspect(error, { depth: 10 }).includes(password));
    }
  });
});
