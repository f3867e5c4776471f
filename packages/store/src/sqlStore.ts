import type {
  BatchAnchor,
  BatchRow,
  CredentialQuery,
  CredentialRow,
  CredentialStatus,
  KeyRecord,
  NewBatch,
  OrganizationRecord,
  OutboxRow,
  Store,
} from '@clearledger/core';
import { ClearledgerError } from '@clearledger/core';
import { migrations as allMigrations, type Migration } from './migrations.ts';
import type { PostgresDriver } from './sql/postgresDriver.ts';
import type { SqlDriver, SqlValue } from './sql/SqlDriver.ts';

/** Options of {@link sqlStore}. */
export type SqlStoreOptions = {
  /** The clock for `createdAt` of credentials and outbox rows: ISO-8601 UTC with milliseconds. */
  now?: () => string;
  /** Schema migrations to apply (default: all of them; tests may pass a subset). */
  migrations?: readonly Migration[];
};

/** Default and largest page of {@link Store.listCredentials}. */
export const defaultCredentialLimit = 100;
export const maxCredentialLimit = 1000;

/** Outbox row kinds the store writes itself. */
const anchorKind = 'anchor';
const anchorBatchKind = 'anchor-batch';

/** Serialises `migrate()` across processes sharing one PostgreSQL database (arbitrary constant). */
const migrationLockId = 7_402_211;

/** Rows per `IN (...)` / `VALUES` list: well under SQLite's 32766 and PostgreSQL's 65535 parameters. */
const chunkSize = 500;

const credentialColumns =
  'id, org_id, hash, type, issued_at, document, status, batch_id, leaf_index, inclusion_proof, created_at';
const outboxColumns = 'id, org_id, kind, idempotency_key, payload, status, attempts, created_at';

type OrganizationDbRow = {
  id: string;
  did: string;
  name: string;
  country: string;
  roles: string;
  active: number;
  created_at: string;
};
type KeyDbRow = {
  org_id: string;
  public_key_multibase: string;
  encrypted_secret: string | null;
  valid_from: string;
  valid_until: string | null;
  revoked_at: string | null;
  created_at: string;
};
type CredentialDbRow = {
  id: string;
  org_id: string;
  hash: string;
  type: string;
  issued_at: string;
  document: string;
  status: string;
  batch_id: string | null;
  leaf_index: number | string | null;
  inclusion_proof: string | null;
  created_at: string;
};
type OutboxDbRow = {
  id: number | string;
  org_id: string;
  kind: string;
  idempotency_key: string;
  payload: string;
  status: string;
  attempts: number | string;
  created_at: string;
};
type BatchDbRow = {
  id: string;
  org_id: string;
  root: string;
  size: number | string;
  created_at: string;
  chain_id: number | string | null;
  tx_hash: string | null;
  block_number: number | string | null;
  anchored_at: string | null;
};

/** A credential joined with its batch (batch columns null while unsealed). */
type ReceiptDbRow = {
  hash: string;
  credential_org_id: string;
  status: string;
  leaf_index: number | string | null;
  inclusion_proof: string | null;
} & { [K in keyof BatchDbRow]: BatchDbRow[K] | null };

/**
 * The one query layer behind both adapters: implements the core {@link Store} port on a
 * {@link SqlDriver}, with SQL written once for SQLite and PostgreSQL.
 *
 * @param driver - the database connection (`sqliteDriver` or `postgresDriver`).
 * @param options - clock and migrations.
 * @returns the store; `close()` closes the driver.
 */
export function sqlStore(driver: SqlDriver, options: SqlStoreOptions = {}): Store {
  const now = options.now ?? (() => new Date().toISOString());
  const migrations = options.migrations ?? allMigrations;
  const schema = driver.dialect === 'postgres' ? (driver as PostgresDriver).schema : undefined;

  function bind(db: SqlDriver): Store {
    const store: Store = {
      dialect: db.dialect,

      async migrate() {
        const applied: string[] = [];
        await migrationStep('schema_migrations', () =>
          db.transaction(async (tx) => {
            await lockMigrations(tx);
            if (schema !== undefined) await tx.run(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
            await tx.run(
              'CREATE TABLE IF NOT EXISTS schema_migrations (id TEXT PRIMARY KEY, applied_at TEXT NOT NULL)',
            );
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
      },

      transaction(fn) {
        return db.transaction((tx) => fn(bind(tx)));
      },

      close() {
        return db.close();
      },

      async putOrganization(org) {
        await db.run(
          `INSERT INTO organizations (id, did, name, country, roles, active, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)
           ON CONFLICT (id) DO UPDATE SET did = excluded.did, name = excluded.name, country = excluded.country,
             roles = excluded.roles, active = excluded.active`,
          [org.id, org.did, org.name, org.country, JSON.stringify(org.roles), org.active ? 1 : 0, org.createdAt],
        );
      },

      async getOrganization(id) {
        const rows = await db.query<OrganizationDbRow>('SELECT * FROM organizations WHERE id = ?', [id]);
        return rows[0] === undefined ? null : toOrganization(rows[0]);
      },

      async listOrganizations() {
        const rows = await db.query<OrganizationDbRow>('SELECT * FROM organizations ORDER BY id');
        return rows.map(toOrganization);
      },

      async putKey(key) {
        await db.run(
          `INSERT INTO keys (public_key_multibase, org_id, encrypted_secret, valid_from, valid_until, revoked_at, created_at)
           VALUES (?, ?, ?, ?, ?, ?, ?)`,
          [
            key.publicKeyMultibase,
            key.orgId,
            key.encryptedSecret,
            key.validFrom,
            key.validUntil,
            key.revokedAt,
            key.createdAt,
          ],
        );
      },

      async updateKey(orgId, publicKeyMultibase, change) {
        const sets: string[] = [];
        const params: SqlValue[] = [];
        if (change.validUntil !== undefined) {
          sets.push('valid_until = ?');
          params.push(change.validUntil);
        }
        if (change.revokedAt !== undefined) {
          sets.push('revoked_at = ?');
          params.push(change.revokedAt);
        }
        const changed =
          sets.length === 0
            ? (
                await db.query('SELECT 1 AS one FROM keys WHERE org_id = ? AND public_key_multibase = ?', [
                  orgId,
                  publicKeyMultibase,
                ])
              ).length
            : await db.run(`UPDATE keys SET ${sets.join(', ')} WHERE org_id = ? AND public_key_multibase = ?`, [
                ...params,
                orgId,
                publicKeyMultibase,
              ]);
        if (changed === 0) throw notFound(`Organisation ${orgId} has no key ${publicKeyMultibase}.`);
      },

      async listKeys(orgId) {
        const rows = await db.query<KeyDbRow>(
          'SELECT * FROM keys WHERE org_id = ? ORDER BY valid_from, public_key_multibase',
          [orgId],
        );
        return rows.map(toKey);
      },

      async findKey(publicKeyMultibase) {
        const rows = await db.query<KeyDbRow>('SELECT * FROM keys WHERE public_key_multibase = ?', [
          publicKeyMultibase,
        ]);
        return rows[0] === undefined ? null : toKey(rows[0]);
      },

      async insertCredentials(orgId, rows) {
        if (rows.length === 0) return;
        const createdAt = now();
        const credentials: SqlValue[][] = [];
        const outbox: SqlValue[][] = [];
        for (const row of rows) {
          credentials.push([row.id, orgId, row.hash, row.type, row.issuedAt, row.document, 'pending', createdAt]);
          const payload = JSON.stringify({ credentialId: row.id, hash: row.hash });
          outbox.push([orgId, anchorKind, row.hash, payload, 'pending', 0, createdAt]);
        }
        await db.transaction(async (tx) => {
          await tx.insertMany(
            'credentials',
            ['id', 'org_id', 'hash', 'type', 'issued_at', 'document', 'status', 'created_at'],
            credentials,
          );
          await tx.insertMany(
            'outbox',
            ['org_id', 'kind', 'idempotency_key', 'payload', 'status', 'attempts', 'created_at'],
            outbox,
          );
        });
      },

      async getCredential(orgId, id) {
        const rows = await db.query<CredentialDbRow>(
          `SELECT ${credentialColumns} FROM credentials WHERE org_id = ? AND id = ?`,
          [orgId, id],
        );
        if (rows[0] === undefined) throw notFound(`Organisation ${orgId} has no credential ${id}.`);
        return toCredential(rows[0]);
      },

      async getCredentialByHash(orgId, hash) {
        const rows = await db.query<CredentialDbRow>(
          `SELECT ${credentialColumns} FROM credentials WHERE org_id = ? AND hash = ?`,
          [orgId, hash],
        );
        if (rows[0] === undefined) throw notFound(`Organisation ${orgId} has no credential with hash ${hash}.`);
        return toCredential(rows[0]);
      },

      async listCredentials(orgId, query = {}) {
        const limit = pageSize(query.limit);
        const { where, params } = credentialFilter(orgId, query);
        if (query.afterId !== undefined) {
          where.push('id > ?');
          params.push(query.afterId);
        }
        const rows = await db.query<CredentialDbRow>(
          `SELECT ${credentialColumns} FROM credentials WHERE ${where.join(' AND ')} ORDER BY id LIMIT ?`,
          [...params, limit],
        );
        return rows.map(toCredential);
      },

      async countCredentials(orgId, query = {}) {
        const { where, params } = credentialFilter(orgId, query);
        const rows = await db.query<{ n: number | string }>(
          `SELECT COUNT(*) AS n FROM credentials WHERE ${where.join(' AND ')}`,
          params,
        );
        return Number(rows[0]?.n ?? 0);
      },

      async pendingOutbox(orgId, kind, limit) {
        if (!Number.isInteger(limit) || limit < 1) {
          throw new ClearledgerError('CL_INPUT_INVALID', 'The outbox limit must be a positive integer.', {
            field: 'limit',
          });
        }
        const rows = await db.query<OutboxDbRow>(
          `SELECT ${outboxColumns} FROM outbox WHERE org_id = ? AND kind = ? AND status = 'pending' ORDER BY id LIMIT ?`,
          [orgId, kind, limit],
        );
        return rows.map(toOutbox);
      },

      async sealBatch(orgId, batch) {
        await db.transaction(async (tx) => {
          await tx.run('INSERT INTO batches (id, org_id, root, size, created_at) VALUES (?, ?, ?, ?, ?)', [
            batch.id,
            orgId,
            batch.root,
            batch.members.length,
            batch.createdAt,
          ]);

          const outboxIds = [...new Set(batch.outboxIds)];
          const consumed = await consumeOutbox(tx, orgId, outboxIds);
          if (consumed !== outboxIds.length) {
            throw conflict(
              `Batch ${batch.id}: some of its outbox rows are not pending in organisation ${orgId} (already consumed or unknown); nothing was sealed.`,
            );
          }
          const sealed = await sealMembers(tx, orgId, batch.id, batch.members);
          if (sealed !== batch.members.length) {
            throw conflict(
              `Batch ${batch.id}: some of its credentials are not pending in organisation ${orgId} (already sealed, repeated or unknown); nothing was sealed.`,
            );
          }

          await tx.run(
            `INSERT INTO outbox (org_id, kind, idempotency_key, payload, status, attempts, created_at)
             VALUES (?, ?, ?, ?, 'pending', 0, ?)`,
            [orgId, anchorBatchKind, batch.root, JSON.stringify({ batchId: batch.id, root: batch.root }), now()],
          );
        });
      },

      async getBatch(orgId, id) {
        const rows = await db.query<BatchDbRow>('SELECT * FROM batches WHERE org_id = ? AND id = ?', [orgId, id]);
        if (rows[0] === undefined) throw notFound(`Organisation ${orgId} has no batch ${id}.`);
        return toBatch(rows[0]);
      },

      async markBatchAnchored(orgId, id, anchor) {
        await db.transaction(async (tx) => {
          // Conditional update: of two concurrent callers only one records the anchor.
          const updated = await tx.run(
            `UPDATE batches SET chain_id = ?, tx_hash = ?, block_number = ?, anchored_at = ?
             WHERE org_id = ? AND id = ? AND tx_hash IS NULL`,
            [anchor.chainId, anchor.txHash, anchor.blockNumber, anchor.anchoredAt, orgId, id],
          );
          if (updated === 0) {
            const rows = await tx.query<BatchDbRow>('SELECT * FROM batches WHERE org_id = ? AND id = ?', [orgId, id]);
            if (rows[0] === undefined) throw notFound(`Organisation ${orgId} has no batch ${id}.`);
            const existing = toBatch(rows[0]).anchor;
            if (existing !== null && !sameAnchor(existing, anchor)) {
              throw conflict(
                `Batch ${id} is already anchored in transaction ${existing.txHash} on chain ${existing.chainId}.`,
              );
            }
          }
          // The batch is the organisation's (checked above); batch_id alone selects its members.
          await tx.run(`UPDATE credentials SET status = 'anchored' WHERE batch_id = ? AND status <> 'anchored'`, [id]);
        });
      },

      async findReceipt(hash) {
        const rows = await db.query<ReceiptDbRow>(
          `SELECT c.hash, c.org_id AS credential_org_id, c.status, c.leaf_index, c.inclusion_proof, b.*
           FROM credentials c LEFT JOIN batches b ON b.id = c.batch_id WHERE c.hash = ?`,
          [hash],
        );
        const row = rows[0];
        if (row === undefined) return null;
        return {
          hash: row.hash,
          orgId: row.credential_org_id,
          status: row.status as CredentialStatus,
          batch: row.id === null ? null : toBatch(row as BatchDbRow),
          leafIndex: nullableNumber(row.leaf_index),
          inclusionProof: row.inclusion_proof === null ? null : (JSON.parse(row.inclusion_proof) as string[]),
        };
      },

      async findBatchByRoot(root) {
        const rows = await db.query<BatchDbRow>(
          'SELECT * FROM batches WHERE root = ? ORDER BY created_at, id LIMIT 1',
          [root],
        );
        return rows[0] === undefined ? null : toBatch(rows[0]);
      },

      async completeOutbox(orgId, id) {
        const changed = await db.run(`UPDATE outbox SET status = 'done' WHERE org_id = ? AND id = ?`, [orgId, id]);
        if (changed === 0) throw notFound(`Organisation ${orgId} has no outbox row ${id}.`);
      },

      async getSetting(key) {
        const rows = await db.query<{ value: string }>('SELECT value FROM settings WHERE name = ?', [key]);
        return rows[0]?.value ?? null;
      },

      async putSetting(key, value) {
        await db.run(
          'INSERT INTO settings (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value',
          [key, value],
        );
      },
    };
    return store;
  }

  async function lockMigrations(tx: SqlDriver): Promise<void> {
    // SQLite's BEGIN IMMEDIATE already excludes other writers.
    if (tx.dialect === 'postgres') await tx.query('SELECT pg_advisory_xact_lock(?)', [migrationLockId]);
  }

  return bind(driver);
}

// Bulk updates. SQLite runs a statement per row at in-process speed, and a primary-key lookup is a
// plan it always picks; its planner, without statistics, turns set-based forms (IN lists, UPDATE ...
// FROM VALUES) into scans of the organisation's index. PostgreSQL pays a network round trip per
// statement, so it gets one set-based statement per chunk instead.

/** Marks pending outbox rows of `orgId` done; returns how many were pending. */
async function consumeOutbox(tx: SqlDriver, orgId: string, ids: readonly number[]): Promise<number> {
  let changed = 0;
  if (tx.dialect === 'sqlite') {
    for (const id of ids) {
      const n = await tx.run(`UPDATE outbox SET status = 'done' WHERE id = ? AND org_id = ? AND status = 'pending'`, [
        id,
        orgId,
      ]);
      if (n === 0) return changed;
      changed += n;
    }
    return changed;
  }
  for (const chunk of chunks(ids, chunkSize)) {
    changed += await tx.run(
      `UPDATE outbox SET status = 'done' WHERE org_id = ? AND status = 'pending' AND id IN (${marks(chunk.length)})`,
      [orgId, ...chunk],
    );
  }
  return changed;
}

/** Records batch membership of pending credentials of `orgId`; returns how many were pending. */
async function sealMembers(
  tx: SqlDriver,
  orgId: string,
  batchId: string,
  members: NewBatch['members'],
): Promise<number> {
  let changed = 0;
  if (tx.dialect === 'sqlite') {
    for (const m of members) {
      const n = await tx.run(
        `UPDATE credentials SET status = 'sealed', batch_id = ?, leaf_index = ?, inclusion_proof = ?
         WHERE id = ? AND org_id = ? AND status = 'pending'`,
        [batchId, m.leafIndex, JSON.stringify(m.inclusionProof), m.credentialId, orgId],
      );
      if (n === 0) return changed;
      changed += n;
    }
    return changed;
  }
  for (const chunk of chunks(members, chunkSize)) {
    const params: SqlValue[] = [batchId];
    for (const m of chunk) params.push(m.credentialId, m.leafIndex, JSON.stringify(m.inclusionProof));
    params.push(orgId);
    changed += await tx.run(
      `UPDATE credentials SET status = 'sealed', batch_id = ?, leaf_index = v.column2, inclusion_proof = v.column3
       FROM (VALUES ${chunk.map(() => '(?, CAST(? AS INTEGER), ?)').join(', ')}) AS v
       WHERE credentials.id = v.column1 AND credentials.org_id = ? AND credentials.status = 'pending'`,
      params,
    );
  }
  return changed;
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

function credentialFilter(
  orgId: string,
  query: Omit<CredentialQuery, 'limit' | 'afterId'>,
): { where: string[]; params: SqlValue[] } {
  const where = ['org_id = ?'];
  const params: SqlValue[] = [orgId];
  if (query.type !== undefined) {
    where.push('type = ?');
    params.push(query.type);
  }
  if (query.status !== undefined) {
    where.push('status = ?');
    params.push(query.status);
  }
  return { where, params };
}

function pageSize(limit: number | undefined): number {
  if (limit === undefined) return defaultCredentialLimit;
  if (!Number.isInteger(limit) || limit < 1) {
    throw new ClearledgerError('CL_INPUT_INVALID', 'The page limit must be a positive integer.', { field: 'limit' });
  }
  return Math.min(limit, maxCredentialLimit);
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

function marks(count: number): string {
  return new Array<string>(count).fill('?').join(', ');
}

function notFound(message: string): ClearledgerError {
  return new ClearledgerError('CL_STORE_NOT_FOUND', message);
}

function conflict(message: string): ClearledgerError {
  return new ClearledgerError('CL_STORE_CONFLICT', message);
}

function sameAnchor(a: BatchAnchor, b: BatchAnchor): boolean {
  return a.chainId === b.chainId && a.txHash === b.txHash && a.blockNumber === b.blockNumber;
}

function nullableNumber(value: number | string | null): number | null {
  return value === null ? null : Number(value);
}

function toOrganization(row: OrganizationDbRow): OrganizationRecord {
  return {
    id: row.id,
    did: row.did,
    name: row.name,
    country: row.country,
    roles: JSON.parse(row.roles) as string[],
    active: Number(row.active) === 1,
    createdAt: row.created_at,
  };
}

function toKey(row: KeyDbRow): KeyRecord {
  return {
    orgId: row.org_id,
    publicKeyMultibase: row.public_key_multibase,
    encryptedSecret: row.encrypted_secret,
    validFrom: row.valid_from,
    validUntil: row.valid_until,
    revokedAt: row.revoked_at,
    createdAt: row.created_at,
  };
}

function toCredential(row: CredentialDbRow): CredentialRow {
  return {
    id: row.id,
    orgId: row.org_id,
    hash: row.hash,
    type: row.type,
    issuedAt: row.issued_at,
    document: row.document,
    status: row.status as CredentialStatus,
    batchId: row.batch_id,
    leafIndex: nullableNumber(row.leaf_index),
    inclusionProof: row.inclusion_proof === null ? null : (JSON.parse(row.inclusion_proof) as string[]),
    createdAt: row.created_at,
  };
}

function toOutbox(row: OutboxDbRow): OutboxRow {
  return {
    id: Number(row.id),
    orgId: row.org_id,
    kind: row.kind,
    idempotencyKey: row.idempotency_key,
    payload: row.payload,
    status: row.status as OutboxRow['status'],
    attempts: Number(row.attempts),
    createdAt: row.created_at,
  };
}

function toBatch(row: BatchDbRow): BatchRow {
  const anchor: BatchAnchor | null =
    row.tx_hash === null
      ? null
      : {
          chainId: Number(row.chain_id),
          txHash: row.tx_hash,
          blockNumber: Number(row.block_number),
          anchoredAt: row.anchored_at ?? '',
        };
  return {
    id: row.id,
    orgId: row.org_id,
    root: row.root,
    size: Number(row.size),
    createdAt: row.created_at,
    anchor,
  };
}
