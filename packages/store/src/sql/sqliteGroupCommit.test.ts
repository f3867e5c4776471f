import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { sqliteDriver } from './sqliteDriver.ts';

describe('SQLite group commit', () => {
  const open = () => {
    const dir = mkdtempSync(join(tmpdir(), 'clearledger-group-'));
    const file = join(dir, 'store.db');
    return { file, dir, driver: sqliteDriver({ file }) };
  };

  it('concurrent writes share commits; a failing one rolls back alone; every acknowledged write is on disk', async () => {
    const { file, dir, driver } = open();
    try {
      await driver.run('CREATE TABLE t (k TEXT PRIMARY KEY, v INTEGER NOT NULL)');
      const outcomes = await Promise.allSettled(
        Array.from({ length: 60 }, (_, i) =>
          i % 3 === 0
            ? driver.run('INSERT INTO t (k, v) VALUES (?, ?)', [`auto${i}`, i])
            : driver.transaction(async (tx) => {
                await tx.run('INSERT INTO t (k, v) VALUES (?, ?)', [`a${i}`, i]);
                await new Promise((r) => setImmediate(r)); // other writes queue up meanwhile
                await tx.run('INSERT INTO t (k, v) VALUES (?, ?)', [`b${i}`, i]);
                if (i % 10 === 7) throw new Error(`transaction ${i} gives up`);
                return i;
              }),
        ),
      );
      const failed = outcomes.flatMap((o, i) => (o.status === 'rejected' ? [i] : []));
      assert.deepEqual(failed, [7, 17, 37, 47]);
      // A duplicate key fails alone too (a statement error inside the group).
      await assert.rejects(driver.run('INSERT INTO t (k, v) VALUES (?, ?)', ['auto0', 0]));
      await driver.close();
      // Reopened from disk: exactly the acknowledged writes.
      const again = sqliteDriver({ file });
      const rows = await again.query<{ k: string }>('SELECT k FROM t ORDER BY k');
      const expected = outcomes.flatMap((o, i) =>
        o.status === 'rejected' ? [] : i % 3 === 0 ? [`auto${i}`] : [`a${i}`, `b${i}`],
      );
      assert.deepEqual(rows.map((r) => r.k).sort(), expected.sort());
      await again.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a lone write commits at once (no waiting for company)', async () => {
    const { dir, driver } = open();
    try {
      await driver.run('CREATE TABLE t (k TEXT PRIMARY KEY)');
      await driver.transaction(async (tx) => tx.run('INSERT INTO t (k) VALUES (?)', ['x']));
      // Committed: a second connection sees it.
      const other = sqliteDriver({ file: join(dir, 'store.db') });
      assert.equal((await other.query('SELECT k FROM t')).length, 1);
      await other.close();
      await driver.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
