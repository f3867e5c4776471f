import type { Store } from '@clearledger/core';
import { ClearledgerError } from '@clearledger/core';
import { migrations as allMigrations, type Migration } from './migrations.ts';
import { accountStore } from './modules/accountStore.ts';
import { auditStore } from './modules/auditStore.ts';
import { caseStore } from './modules/caseStore.ts';
import { credentialStore } from './modules/credentialStore.ts';
import { idempotencyStore } from './modules/idempotencyStore.ts';
import { organizationStore } from './modules/organizationStore.ts';
import { settingStore } from './modules/settingStore.ts';
import { tradeIdentifierStore } from './modules/tradeIdentifierStore.ts';
import type { PostgresDriver } from './sql/postgresDriver.ts';
import type { SqlDriver } from './sql/SqlDriver.ts';

export { defaultAuditLimit, maxAuditLimit } from './modules/auditStore.ts';
export { defaultCredentialLimit, maxCredentialLimit } from './modules/pageSize.ts';

/** Options of {@link sqlStore}. */
export type SqlStoreOptions = {
  /** The clock for `createdAt` of credentials and outbox rows: ISO-8601 UTC with milliseconds. */
  now?: () => string;
  /** Schema migrations to apply (default: all of them; tests may pass a subset). */
  migrations?: readonly Migration[];
};

/** Serialises `migrate()` across processes sharing one PostgreSQL database (arbitrary constant). */
const migrationLockId = 7_402_211;

/**
 * The one query layer behind both adapters: implements the core {@link Store} port on a
 * {@link SqlDriver}, with SQL written once for SQLite and PostgreSQL. Each concern is a module of
 * `modules/` (its tables, its methods); this function composes them, and adds migrations and
 * transactions. A record family with tables of its own adds a module, its migrations (appended to
 * `migrations.ts`) and one line below.
 *
 * @param driver - the database connection (`sqliteDriver` or `postgresDriver`).
 * @param options - clock and migrations.
 * @returns the store; `close()` closes the driver.
 */
export function sqlStore(driver: SqlDriver, options: SqlStoreOptions = {}): Store {
  const now = options.now ?? (() => new Date().toISOString());
  const migrations = options.migrations ?? allMigrations;
  const schema = driver.dialect === 'postgres' ? (driver as PostgresDriver).schema : undefined;

  /** The whole port on one connection or transaction. */
  function bind(db: SqlDriver): Store {
    const context = { db, now };
    return {
      dialect: db.dialect,
      migrate: () => migrate(db),
      transaction: (fn) => db.transaction((tx) => fn(bind(tx))),
      close: () => db.close(),
      ...organizationStore(context),
      ...credentialStore(context),
      ...caseStore(context),
      ...settingStore(context),
      ...accountStore(context),
      ...auditStore(context),
      ...idempotencyStore(context),
      ...tradeIdentifierStore(context),
    };
  }

  async function migrate(db: SqlDriver): Promise<{ applied: string[] }> {
    const applied: string[] = [];
    await migrationStep('schema_migrations', () =>
      db.transaction(async (tx) => {
        await lockMigrations(tx);
        if (schema !== undefined) await tx.run(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
        await tx.run('CREATE TABLE IF NOT EXISTS schema_migrations (id TEXT PRIMARY KEY, applied_at TEXT NOT NULL)');
      }),
    );
    for (const migration of migrations) {
      const done = await migrationStep(migration.id, () =>
        db.transaction(async (tx) => {
          await lockMigrations(tx);
          const existing = await tx.query('SELECT id FROM schema_migrations WHERE id = ?', [migration.id]);
          if (existing.length > 0) return false;
          for (const statement of migration.statements(db.dialect)) await tx.run(statement);
          await tx.run('INSERT INTO schema_migrations (id, applied_at) VALUES (?, ?)', [migration.id, now()]);
          return true;
        }),
      );
      if (done) applied.push(migration.id);
    }
    return { applied };
  }

  return bind(driver);
}

async function lockMigrations(tx: SqlDriver): Promise<void> {
  // SQLite's BEGIN IMMEDIATE already excludes other writers.
  if (tx.dialect === 'postgres') await tx.query('SELECT pg_advisory_xact_lock(?)', [migrationLockId]);
}

/** Runs one migration step, turning its failure into `CL_STORE_MIGRATION_FAILED` (unless unreachable). */
async function migrationStep<T>(id: string, step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (error) {
    // An unreachable database stays UNAVAILABLE; a missing table inside a migration is the migration's fault.
    if (
      error instanceof ClearledgerError &&
      error.code === 'CL_STORE_UNAVAILABLE' &&
      error.details?.reason !== 'schema-missing'
    ) {
      throw error;
    }
    const reason = error instanceof Error ? error.message : String(error);
    throw new ClearledgerError('CL_STORE_MIGRATION_FAILED', `Migration ${id} failed and was rolled back: ${reason}`, {
      details: { migration: id },
      cause: error,
    });
  }
}
