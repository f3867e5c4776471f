import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { Store } from '@clearledger/core';
import pg from 'pg';
import { createStore } from '../createStore.ts';

/** Opens fresh, empty stores of one dialect for a behaviour suite; `teardown` removes them all. */
export type DialectAdapter = { name: 'sqlite' | 'postgres'; fresh(): Store; teardown(): Promise<void> };

/**
 * Runs a behaviour suite once on SQLite (a file per store) and once on PostgreSQL (a schema per
 * store, dropped at the end) when `DATABASE_URL` is set; without it the PostgreSQL half is reported
 * as skipped — or fails under `CI=1`.
 */
export function forEachDialect(title: string, suite: (adapter: DialectAdapter) => void, now?: () => string): void {
  const dir = mkdtempSync(join(tmpdir(), 'clearledger-store-suite-'));
  let files = 0;
  suite({
    name: 'sqlite',
    fresh() {
      files += 1;
      return createStore({
        kind: 'sqlite',
        file: join(dir, `store-${files}.db`),
        ...(now === undefined ? {} : { now }),
      });
    },
    async teardown() {
      rmSync(dir, { recursive: true, force: true });
    },
  });
  const url = process.env.DATABASE_URL;
  if (url === undefined || url === '') {
    const reason = `DATABASE_URL is not set: the PostgreSQL half of "${title}" did NOT run. Start a local server with \`eval "$(scripts/start-postgres.sh)"\`.`;
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
    fresh() {
      const schema = `cl_test_suite_${runId}_${schemas.length + 1}`;
      schemas.push(schema);
      return createStore({ kind: 'postgres', url, schema, poolSize: 4, ...(now === undefined ? {} : { now }) });
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
