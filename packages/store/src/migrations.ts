import { idempotencyMigration } from './modules/idempotencyStore.ts';
import { tradeIdentifierMigration } from './modules/tradeIdentifierStore.ts';

/** SQL dialects the store speaks. */
export type Dialect = 'sqlite' | 'postgres';

/** One schema change, applied once, in its own transaction, and recorded in `schema_migrations`. */
export type Migration = {
  /** Sortable, never reused: `NNNN_title`. */
  id: string;
  /** The statements for a dialect, run in order. */
  statements(dialect: Dialect): string[];
};

/**
 * Column types that differ between the dialects; everything else is written once. A store module
 * with tables of its own writes its migrations with these.
 */
export const columnTypes = {
  sqlite: {
    /** Identifiers compare and sort byte-wise (SQLite's default). */
    key: 'TEXT',
    bigint: 'INTEGER',
    bytes: 'BLOB',
    /** The rowid: appending is SQLite's cheapest insert. */
    seq: 'INTEGER PRIMARY KEY',
    autoId: 'INTEGER PRIMARY KEY AUTOINCREMENT',
    /** A table that is its primary-key index, nothing more. */
    keyOnly: ' WITHOUT ROWID',
    /** SQLite stores text as given. */
    compressDocuments: [] as string[],
  },
  postgres: {
    /** `COLLATE "C"`: byte-wise order, as in SQLite, so keyset pagination pages identically. */
    key: 'TEXT COLLATE "C"',
    bigint: 'BIGINT',
    bytes: 'BYTEA',
    seq: 'BIGSERIAL PRIMARY KEY',
    autoId: 'BIGSERIAL PRIMARY KEY',
    keyOnly: '',
    /**
     * Documents (~3 KB) are over the ~2 KB compression threshold; lz4 compresses several times faster
     * than the default pglz. A server built without lz4 keeps pglz.
     */
    compressDocuments: [
      `DO $$ BEGIN
         ALTER TABLE credential_documents ALTER COLUMN document SET COMPRESSION lz4;
       EXCEPTION WHEN feature_not_supported THEN NULL;
       END $$`,
    ],
  },
};

/**
 * The schema, oldest first: the one ordered list every database is migrated along. Append new
 * migrations (a store module's own, e.g. a record family's tables, are defined beside the module in
 * `modules/` and appended here); never edit or reorder one that has shipped. Timestamps are
 * ISO-8601 TEXT on both dialects; booleans are 0/1 INTEGERs; JSON is TEXT stored exactly as given.
 *
 * A credential is written once and never updated: `credentials` holds its small, indexed facts,
 * `credential_documents` the signed document, `pending_credentials` queues it for anchoring (a
 * pending credential is its own outbox entry) until sealing moves it to `batch_members` with its
 * leaf index and inclusion proof (32-byte nodes, concatenated). All share the insertion-order `seq`.
 * Status is derived: no membership → pending; batch not anchored → sealed; anchored → anchored.
 * Indexes on random keys (id, hash) cost a page write per insert, so there are no others: listing
 * walks the id index in order.
 */
export const migrations: readonly Migration[] = [
  {
    id: '0001_initial',
    statements(dialect) {
      const t = columnTypes[dialect];
      return [
        `CREATE TABLE organizations (
          id ${t.key} PRIMARY KEY,
          did ${t.key} NOT NULL UNIQUE,
          name TEXT NOT NULL,
          country TEXT NOT NULL,
          roles TEXT NOT NULL,
          active INTEGER NOT NULL,
          created_at TEXT NOT NULL
        )`,
        `CREATE TABLE keys (
          public_key_multibase ${t.key} PRIMARY KEY,
          org_id ${t.key} NOT NULL REFERENCES organizations (id),
          encrypted_secret TEXT,
          valid_from TEXT NOT NULL,
          valid_until TEXT,
          revoked_at TEXT,
          created_at TEXT NOT NULL
        )`,
        'CREATE INDEX keys_org ON keys (org_id)',
        `CREATE TABLE batches (
          seq ${t.seq},
          id ${t.key} NOT NULL UNIQUE,
          org_id ${t.key} NOT NULL REFERENCES organizations (id),
          root ${t.key} NOT NULL,
          size INTEGER NOT NULL,
          created_at TEXT NOT NULL,
          chain_id ${t.bigint},
          tx_hash TEXT,
          block_number ${t.bigint},
          anchored_at TEXT,
          UNIQUE (org_id, root)
        )`,
        'CREATE INDEX batches_root ON batches (root)',
        // No foreign keys below: these rows are written only by the store, in the transaction that
        // writes or checks what they point to, and on PostgreSQL each key costs a trigger call per row.
        `CREATE TABLE credentials (
          seq ${t.seq},
          id ${t.key} NOT NULL UNIQUE,
          org_id ${t.key} NOT NULL,
          hash ${t.key} NOT NULL UNIQUE,
          type TEXT NOT NULL,
          issued_at TEXT NOT NULL,
          created_at TEXT NOT NULL
        )`,
        `CREATE TABLE credential_documents (
          seq ${t.bigint} PRIMARY KEY,
          document TEXT NOT NULL
        )`,
        ...t.compressDocuments,
        `CREATE TABLE pending_credentials (
          org_id ${t.key} NOT NULL,
          seq ${t.bigint} NOT NULL,
          PRIMARY KEY (org_id, seq)
        )${t.keyOnly}`,
        `CREATE TABLE batch_members (
          seq ${t.bigint} PRIMARY KEY,
          batch_seq ${t.bigint} NOT NULL,
          leaf_index INTEGER NOT NULL,
          inclusion_proof ${t.bytes} NOT NULL
        )`,
        `CREATE TABLE outbox (
          id ${t.autoId},
          org_id ${t.key} NOT NULL REFERENCES organizations (id),
          kind TEXT NOT NULL,
          idempotency_key ${t.key} NOT NULL,
          payload TEXT NOT NULL,
          status TEXT NOT NULL,
          attempts INTEGER NOT NULL DEFAULT 0,
          created_at TEXT NOT NULL,
          UNIQUE (kind, idempotency_key)
        )`,
        "CREATE INDEX outbox_pending ON outbox (org_id, kind, id) WHERE status = 'pending'",
        `CREATE TABLE settings (
          name ${t.key} PRIMARY KEY,
          value TEXT NOT NULL
        )`,
      ];
    },
  },
  /**
   * People's accounts (usernames lower-cased, unique node-wide), OAuth clients, bearer tokens (by
   * hash) and the append-only audit log. Roles, scopes and details are JSON text. The audit log has
   * no foreign key: recording what happened must not depend on what it happened to.
   */
  {
    id: '0002_accounts_clients_tokens_audit',
    statements(dialect) {
      const t = columnTypes[dialect];
      return [
        `CREATE TABLE accounts (
          id ${t.key} PRIMARY KEY,
          org_id ${t.key} NOT NULL REFERENCES organizations (id),
          username ${t.key} NOT NULL UNIQUE,
          display_name TEXT NOT NULL,
          password_hash TEXT NOT NULL,
          roles TEXT NOT NULL,
          disabled INTEGER NOT NULL,
          failed_logins INTEGER NOT NULL,
          locked_until TEXT,
          created_at TEXT NOT NULL
        )`,
        'CREATE INDEX accounts_org ON accounts (org_id, username)',
        `CREATE TABLE clients (
          client_id ${t.key} PRIMARY KEY,
          org_id ${t.key} NOT NULL REFERENCES organizations (id),
          name TEXT NOT NULL,
          secret_hash TEXT NOT NULL,
          scopes TEXT NOT NULL,
          disabled INTEGER NOT NULL,
          created_at TEXT NOT NULL
        )`,
        'CREATE INDEX clients_org ON clients (org_id, client_id)',
        `CREATE TABLE access_tokens (
          token_hash ${t.key} PRIMARY KEY,
          org_id ${t.key} NOT NULL REFERENCES organizations (id),
          subject_kind TEXT NOT NULL,
          subject_id ${t.key} NOT NULL,
          scopes TEXT NOT NULL,
          expires_at TEXT NOT NULL,
          created_at TEXT NOT NULL
        )`,
        'CREATE INDEX access_tokens_expiry ON access_tokens (expires_at)',
        `CREATE TABLE audit_log (
          id ${t.autoId},
          org_id ${t.key} NOT NULL,
          actor_kind TEXT NOT NULL,
          actor_id TEXT NOT NULL,
          action TEXT NOT NULL,
          target TEXT,
          ip TEXT,
          user_agent TEXT,
          outcome TEXT NOT NULL,
          status_code INTEGER NOT NULL,
          customs_matter INTEGER NOT NULL,
          at TEXT NOT NULL,
          details TEXT
        )`,
        // An organisation's entries newest first, and customs' view of everyone's customs matters.
        'CREATE INDEX audit_log_org ON audit_log (org_id, id)',
        'CREATE INDEX audit_log_customs ON audit_log (id) WHERE customs_matter = 1',
      ];
    },
  },
  {
    id: '0003_cases',
    statements(dialect) {
      const t = columnTypes[dialect];
      return [
        `CREATE TABLE cases (
          id ${t.key} PRIMARY KEY,
          kind ${t.key} NOT NULL,
          owner_org_id ${t.key} NOT NULL,
          state ${t.key} NOT NULL,
          unique_key ${t.key},
          parent_id ${t.key},
          due_at TEXT,
          data TEXT NOT NULL,
          version INTEGER NOT NULL,
          created_at TEXT NOT NULL,
          updated_at TEXT NOT NULL
        )`,
        'CREATE UNIQUE INDEX cases_unique_key ON cases (kind, unique_key) WHERE unique_key IS NOT NULL',
        'CREATE INDEX cases_parent ON cases (parent_id) WHERE parent_id IS NOT NULL',
        'CREATE INDEX cases_due ON cases (kind, due_at) WHERE due_at IS NOT NULL',
        `CREATE TABLE case_participants (
          org_id ${t.key} NOT NULL,
          kind ${t.key} NOT NULL,
          case_id ${t.key} NOT NULL REFERENCES cases (id),
          PRIMARY KEY (org_id, kind, case_id)
        )${t.keyOnly}`,
        'CREATE INDEX case_participants_case ON case_participants (case_id)',
        `CREATE TABLE case_events (
          case_id ${t.key} NOT NULL REFERENCES cases (id),
          seq INTEGER NOT NULL,
          actor_org_id ${t.key} NOT NULL,
          actor_id TEXT NOT NULL,
          kind TEXT NOT NULL,
          data TEXT,
          at TEXT NOT NULL,
          PRIMARY KEY (case_id, seq)
        )${t.keyOnly}`,
      ];
    },
  },
  {
    // Which customs services may read a customs matter of the audit log: its countries as `,US,CA,`.
    id: '0004_audit_jurisdiction',
    statements: () => ['ALTER TABLE audit_log ADD COLUMN jurisdiction TEXT'],
  },
  idempotencyMigration,
  tradeIdentifierMigration,
];
