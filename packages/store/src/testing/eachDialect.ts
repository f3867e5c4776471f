import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { Store } from '@clearledger/core';
import pg from 'pg';
import { createStore } from '../createStore.ts';
import type { Migration } from '../migrations.ts';

/** What a behaviour suite may vary when it opens a store. */
export type StoreOptions = { migrations?: readonly Migration[] };

/** A fresh, empty database: its first store, and `reopen` for another store on the same database. */
export type FreshDatabase = { store: Store; reopen(options?: StoreOptions): Store };

/** Opens fresh, empty databases of one dialect for a behaviour suite; `teardown` removes them all. */
export type DialectAdapter = {
  name: 'sqlite' | 'postgres';
  fresh(options?: StoreOptions): FreshDatabase;
  teardown(): Promise<void>;
};

/**
 * Runs a behaviour suite once on SQLite (a file per database) and once on PostgreSQL (a schema per
 * database, dropped at the end) when `DATABASE_URL` is set; without it the PostgreSQL half is
 * reported as skipped — or fails under `CI=1`.
 */
export function forEachDialect(title: string, suite: (adapter: DialectAdapter) => void, now?: () => string): void {
  const clock = now === undefined ? {} : { now };
  const dir = mkdtempSync(join(tmpdir(), 'clearledger-store-suite-'));
  let files = 0;
  suite({
    name: 'sqlite',
    fresh(options = {}) {
      files += 1;
      const file = join(dir, `store-${files}.db`);
      const open = (o: StoreOptions) => createStore({ kind: 'sqlite', file, ...clock, ...o });
      return { store: open(options), reopen: (o = {}) => open(o) };
    },
    async teardown() {
      rmSync(dir, { recursive: true, force: true });
    },
  });
  const url = process.env.DATABASE_URL;
  if (url === undefined || url === '') {
    const reason = `DATABASE_URL is not set: the PostgreSQL half of "${title}" did NOT run. Start a local server with \`eval "$(scripts/start-postgres.sh)"\` and run the tests again.`;
    if (!process.env.CI) process.stderr.write(`\n*** ${reason}\n\n`);
    describe(`${title} (postgres)`, () => {
      it(process.env.CI ? 'needs DATABASE_URL in CI' : 'is skipped', (t) => {
        if (process.env.CI) assert.fail(reason);
        t.skip(reason);
      });
    });
    return;
  }
  const runId = `${process.pid}_${randomBytes(4).toString('hex')}`;
  const schemas: string[] = [];
  suite({
    name: 'postgres',
    fresh(options = {}) {
      const schema = `cl_test_suite_${runId}_${schemas.length + 1}`;
      schemas.push(schema);
      const open = (o: StoreOptions) => createStore({ kind: 'postgres', url, schema, poolSize: 4, ...clock, ...o });
      return { store: open(options), reopen: (o = {}) => open(o) };
    },
    async teardown() {
      const admin = new pg.Client({ connectionString: url });
      await admin.connect();
      try {
        for (const schema of schemas) await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      } finally {
        await admin.end();
      }
    },
  });
}
