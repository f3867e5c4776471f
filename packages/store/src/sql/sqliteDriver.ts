import { AsyncLocalStorage } from 'node:async_hooks';
import { ClearledgerError } from '@clearledger/core';
import Database from 'better-sqlite3';
import type { SqlDriver, SqlRow, SqlValue } from './SqlDriver.ts';

/** Parameters of {@link sqliteDriver}. */
export type SqliteDriverParameters = {
  /** Database file (created if missing; its directory must exist), or `:memory:`. */
  file: string;
  /** How long a write waits for another process holding the file's write lock. Default 5000 ms. */
  busyTimeoutMs?: number;
};

/** Marks the transaction the current async context runs in, to catch use of the root driver inside it. */
type TransactionToken = { done: boolean };

const maxCachedStatements = 256;

/**
 * Throughput settings, measured with `bench/src/cases/storeCase.ts` (~3 KB credentials). Large pages
 * pack documents (five to a page) and mean fewer WAL frames per commit; the cache holds the id and
 * hash indexes, whose random inserts otherwise re-read pages; checkpointing every 32 MB rather than
 * every 4 MB copies each index page to the database once per checkpoint, not once per commit.
 */
const pageSize = 16_384;
const cacheKib = 65_536;
const checkpointBytes = 32 * 1024 * 1024;

/**
 * Opens a SQLite database with better-sqlite3: WAL journal, `synchronous=FULL` (a committed write
 * survives power loss), a busy timeout, foreign keys on, 16 KiB pages and a 64 MiB page cache. The
 * single connection is shared, so every statement and transaction runs through one queue: a
 * transaction holds the queue until it is done, and concurrent callers never interleave with it.
 * Writes that queue up behind one another, or arrive within the same event-loop turn, commit together
 * (group commit: one fsync for all of them, each in its own savepoint, none acknowledged before that
 * COMMIT is on disk).
 *
 * @param parameters - file and busy timeout.
 * @returns a {@link SqlDriver}; throws `CL_STORE_UNAVAILABLE` when the file cannot be opened.
 */
export function sqliteDriver(parameters: SqliteDriverParameters): SqlDriver {
  const { file } = parameters;
  const busyTimeoutMs = parameters.busyTimeoutMs ?? 5000;
  if (!Number.isInteger(busyTimeoutMs) || busyTimeoutMs < 0) {
    throw new ClearledgerError('CL_CONFIG_INVALID', 'The SQLite busy timeout must be a non-negative integer.', {
      field: 'busyTimeoutMs',
    });
  }

  let db: Database.Database | undefined;
  try {
    db = new Database(file);
    // Only takes effect while the file is new (a WAL database keeps its page size).
    db.pragma(`page_size = ${pageSize}`);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma(`busy_timeout = ${busyTimeoutMs}`);
    db.pragma('foreign_keys = ON');
    db.pragma(`cache_size = -${cacheKib}`);
    db.pragma('temp_store = MEMORY');
    db.pragma(`wal_autocheckpoint = ${Math.round(checkpointBytes / pageSize)}`);
  } catch (error) {
    db?.close();
    throw toStoreError(error, file);
  }
  const connection = db;

  const statements = new Map<string, Database.Statement>();
  let closed = false;
  function prepare(sql: string): Database.Statement {
    if (closed) throw new ClearledgerError('CL_STORE_UNAVAILABLE', `The SQLite store ${file} is closed.`);
    let statement = statements.get(sql);
    if (statement === undefined) {
      statement = connection.prepare(sql);
      if (statements.size >= maxCachedStatements) {
        const oldest = statements.keys().next().value;
        if (oldest !== undefined) statements.delete(oldest);
      }
      statements.set(sql, statement);
    }
    return statement;
  }

  function all<R>(sql: string, params: readonly SqlValue[]): R[] {
    try {
      return prepare(sql).all(...params) as R[];
    } catch (error) {
      throw toStoreError(error, file);
    }
  }

  function run(sql: string, params: readonly SqlValue[]): number {
    try {
      return prepare(sql).run(...params).changes;
    } catch (error) {
      throw toStoreError(error, file);
    }
  }

  function queryEach<R>(sql: string, paramLists: readonly (readonly SqlValue[])[]): R[] {
    const out: R[] = [];
    try {
      const statement = prepare(sql);
      for (const params of paramLists) for (const row of statement.all(...params)) out.push(row as R);
    } catch (error) {
      throw toStoreError(error, file);
    }
    return out;
  }

  function runEach(sql: string, paramLists: readonly (readonly SqlValue[])[]): number {
    let changes = 0;
    try {
      const statement = prepare(sql);
      for (const params of paramLists) changes += statement.run(...params).changes;
    } catch (error) {
      throw toStoreError(error, file);
    }
    return changes;
  }

  function insertMany(table: string, columns: readonly string[], rows: readonly (readonly SqlValue[])[]): void {
    if (rows.length === 0) return;
    const sql = `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`;
    try {
      const statement = prepare(sql);
      for (const row of rows) statement.run(...row);
    } catch (error) {
      throw toStoreError(error, file);
    }
  }

  // The queue: each operation starts after the previous one settled.
  let tail: Promise<unknown> = Promise.resolve();
  function exclusive<T>(operation: () => T | Promise<T>): Promise<T> {
    const result = tail.then(operation);
    tail = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  }

  /**
   * Group commit. Writes that queue up behind one another share one transaction and one COMMIT (one
   * fsync under synchronous=FULL): each write runs in a savepoint of the group (its own rollback
   * when it fails), and none is acknowledged before the group's COMMIT is on disk. The group commits
   * one event-loop turn after its last write (writes other requests issue meanwhile join it), so an
   * idle node commits each write alone, at once.
   */
  let waitingWrites = 0;
  let group: { settle: ((error: unknown) => void)[] } | null = null;
  let savepoints = 0;
  function commitGroup(): void {
    const open = group;
    if (open === null) return;
    group = null;
    let failure: unknown = null;
    try {
      run('COMMIT', []);
    } catch (error) {
      failure = error;
      if (connection.inTransaction) {
        try {
          run('ROLLBACK', []);
        } catch {
          // The COMMIT's error is the one worth reporting.
        }
      }
    }
    for (const settle of open.settle) settle(failure);
  }
  let commitScheduled = false;
  function scheduleCommit(): void {
    if (commitScheduled) return;
    commitScheduled = true;
    setImmediate(() => {
      void exclusive(() => {
        commitScheduled = false;
        if (waitingWrites === 0) commitGroup();
        else scheduleCommit();
      });
    });
  }
  /** Runs a write in the current group (opening one), settling its promise when the group commits. */
  function groupWrite<T>(write: () => T | Promise<T>): Promise<T> {
    waitingWrites += 1;
    return new Promise<T>((resolve, reject) => {
      exclusive(async () => {
        waitingWrites -= 1;
        if (group === null) {
          run('BEGIN IMMEDIATE', []);
          group = { settle: [] };
        }
        savepoints += 1;
        const name = `w${savepoints}`;
        run(`SAVEPOINT ${name}`, []);
        let outcome: { ok: true; value: T } | { ok: false; error: unknown };
        try {
          outcome = { ok: true, value: await write() };
          run(`RELEASE ${name}`, []);
        } catch (error) {
          outcome = { ok: false, error };
          if (connection.inTransaction) {
            try {
              run(`ROLLBACK TO ${name}`, []);
              run(`RELEASE ${name}`, []);
            } catch {
              // The write's error is the one worth reporting.
            }
          }
        }
        const current = group;
        if (current === null || !connection.inTransaction) {
          // SQLite rolled the whole transaction back (I/O error, disk full): nothing of the group stands.
          const members = current?.settle ?? [];
          group = null;
          const failure = outcome.ok
            ? new ClearledgerError('CL_STORE_UNAVAILABLE', `The SQLite store ${file} rolled back.`)
            : outcome.error;
          for (const settle of members) settle(failure);
          reject(outcome.ok ? failure : outcome.error);
          return;
        }
        current.settle.push((failure) => {
          if (failure !== null) reject(toStoreError(failure, file));
          else if (outcome.ok) resolve(outcome.value);
          else reject(outcome.error);
        });
        if (waitingWrites === 0) scheduleCommit();
      }).catch(reject);
    });
  }

  const currentTransaction = new AsyncLocalStorage<TransactionToken>();
  function assertUsable(): void {
    if (closed) throw new ClearledgerError('CL_STORE_UNAVAILABLE', `The SQLite store ${file} is closed.`);
    const token = currentTransaction.getStore();
    if (token !== undefined && !token.done) {
      // Waiting for the queue here would wait for our own transaction: a deadlock.
      throw new Error('Use the `tx` store passed to transaction(fn) inside the transaction, not the outer store.');
    }
  }

  function transactionDriver(token: TransactionToken): SqlDriver {
    function check(): void {
      if (token.done) throw new Error('This transaction has already finished; its `tx` store cannot be used.');
    }
    const tx: SqlDriver = {
      dialect: 'sqlite',
      async query<R extends SqlRow = SqlRow>(sql: string, params: readonly SqlValue[] = []) {
        check();
        return all<R>(sql, params);
      },
      async run(sql, params = []) {
        check();
        return run(sql, params);
      },
      async queryEach<R extends SqlRow = SqlRow>(sql: string, paramLists: readonly (readonly SqlValue[])[]) {
        check();
        return queryEach<R>(sql, paramLists);
      },
      async runEach(sql, paramLists) {
        check();
        return runEach(sql, paramLists);
      },
      async insertMany(table, columns, rows) {
        check();
        insertMany(table, columns, rows);
      },
      transaction: (fn) => {
        check();
        return fn(tx);
      },
      async close() {
        throw new Error('Close the store, not the transaction.');
      },
    };
    return tx;
  }

  const driver: SqlDriver = {
    dialect: 'sqlite',
    async query<R extends SqlRow = SqlRow>(sql: string, params: readonly SqlValue[] = []) {
      assertUsable();
      return exclusive(() => all<R>(sql, params));
    },
    async run(sql, params = []) {
      assertUsable();
      return groupWrite(() => run(sql, params));
    },
    queryEach<R extends SqlRow = SqlRow>(sql: string, paramLists: readonly (readonly SqlValue[])[]) {
      return driver.transaction((tx) => tx.queryEach<R>(sql, paramLists));
    },
    runEach(sql, paramLists) {
      return driver.transaction((tx) => tx.runEach(sql, paramLists));
    },
    insertMany(table, columns, rows) {
      return driver.transaction((tx) => tx.insertMany(table, columns, rows));
    },
    async transaction(fn) {
      assertUsable();
      return groupWrite(async () => {
        const token: TransactionToken = { done: false };
        try {
          return await currentTransaction.run(token, () => fn(transactionDriver(token)));
        } finally {
          token.done = true;
        }
      });
    },
    async close() {
      return exclusive(() => {
        commitGroup();
        if (closed) return;
        closed = true;
        statements.clear();
        try {
          // SQLite's advice for connections: refresh planner statistics where they are stale, on close.
          connection.pragma('optimize');
        } catch {
          // Best effort; closing matters more.
        }
        connection.close();
      });
    },
  };
  return driver;
}

const unavailableReasons: Record<string, string> = {
  SQLITE_CANTOPEN: 'cannot be opened (check that the path exists and is writable)',
  SQLITE_BUSY: 'is locked by another process for longer than the busy timeout',
  SQLITE_LOCKED: 'is locked by another connection',
  SQLITE_FULL: 'cannot grow: the disk is full',
  SQLITE_IOERR: 'had an I/O error (check the disk and file permissions)',
  SQLITE_READONLY: 'is read-only (check file and directory permissions)',
  SQLITE_PERM: 'cannot be accessed (check file permissions)',
  SQLITE_NOTADB: 'is not a SQLite database',
  SQLITE_CORRUPT: 'is corrupt; restore it from a backup',
};

/** Maps a better-sqlite3 error to a portable `ClearledgerError`. */
function toStoreError(error: unknown, file: string): ClearledgerError {
  if (error instanceof ClearledgerError) return error;
  const code = typeof (error as { code?: unknown })?.code === 'string' ? (error as { code: string }).code : '';
  const message = error instanceof Error ? error.message : String(error);

  if (code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY') {
    const constraint = /constraint failed: (.*)$/.exec(message)?.[1] ?? 'unknown';
    return new ClearledgerError('CL_STORE_CONFLICT', `A record with the same ${constraint} already exists.`, {
      details: { constraint },
      cause: error,
    });
  }
  if (code === 'SQLITE_CONSTRAINT_FOREIGNKEY') {
    return new ClearledgerError('CL_STORE_NOT_FOUND', 'A record it refers to (organisation or batch) does not exist.', {
      cause: error,
    });
  }
  const primary = code.replace(/^(SQLITE_[A-Z]+)_.*$/, '$1');
  const reason = unavailableReasons[primary];
  if (reason !== undefined) {
    return new ClearledgerError('CL_STORE_UNAVAILABLE', `The SQLite database ${file} ${reason}.`, {
      details: { file, sqliteCode: code },
      cause: error,
    });
  }
  if (error instanceof TypeError && /directory does not exist/i.test(message)) {
    return new ClearledgerError(
      'CL_STORE_UNAVAILABLE',
      `The SQLite database ${file} cannot be opened: its directory does not exist.`,
      { details: { file }, cause: error },
    );
  }
  if (/no such table/i.test(message)) {
    return new ClearledgerError(
      'CL_STORE_UNAVAILABLE',
      `The SQLite database ${file} has no Clearledger schema yet; run migrate() first.`,
      { details: { file, reason: 'schema-missing' }, cause: error },
    );
  }
  return new ClearledgerError('CL_INTERNAL', `Unexpected SQLite error${code ? ` (${code})` : ''}.`, { cause: error });
}
