/** SQL dialects the store speaks. */
export type Dialect = 'sqlite' | 'postgres';

/** One schema change, applied once, in its own transaction, and recorded in `schema_migrations`. */
export type Migration = {
  /** Sortable, never reused: `NNNN_title`. */
  id: string;
  /** The statements for a dialect, run in order. */
  statements(dialect: Dialect): string[];
};

/** Column types that differ between the dialects; everything else is written once. */
const types = {
  sqlite: {
    /** Identifiers compare and sort byte-wise (SQLite's default). */
    key: 'TEXT',
    bigint: 'INTEGER',
    autoId: 'INTEGER PRIMARY KEY AUTOINCREMENT',
  },
  postgres: {
    /** `COLLATE "C"`: byte-wise order, as in SQLite, so keyset pagination pages identically. */
    key: 'TEXT COLLATE "C"',
    bigint: 'BIGINT',
    autoId: 'BIGSERIAL PRIMARY KEY',
  },
} as const;

/**
 * The schema, oldest first. Append new migrations; never edit one that has shipped. Timestamps are
 * ISO-8601 TEXT on both dialects; booleans are 0/1 INTEGERs; JSON is TEXT stored exactly as given.
 */
export const migrations: readonly Migration[] = [
  {
    id: '0001_initial',
    statements(dialect) {
      const t = types[dialect];
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
          id ${t.key} PRIMARY KEY,
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
        `CREATE TABLE credentials (
          id ${t.key} PRIMARY KEY,
          org_id ${t.key} NOT NULL REFERENCES organizations (id),
          hash ${t.key} NOT NULL UNIQUE,
          type TEXT NOT NULL,
          issued_at TEXT NOT NULL,
          document TEXT NOT NULL,
          status TEXT NOT NULL,
          batch_id ${t.key} REFERENCES batches (id),
          leaf_index INTEGER,
          inclusion_proof TEXT,
          created_at TEXT NOT NULL
        )`,
        // The trailing id serves keyset pagination (ORDER BY id) under each filter.
        'CREATE INDEX credentials_org_id ON credentials (org_id, id)',
        'CREATE INDEX credentials_org_type ON credentials (org_id, type, id)',
        'CREATE INDEX credentials_org_status ON credentials (org_id, status, id)',
        'CREATE INDEX credentials_batch ON credentials (batch_id)',
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
        'CREATE INDEX outbox_pending ON outbox (org_id, kind, status, id)',
        `CREATE TABLE settings (
          name ${t.key} PRIMARY KEY,
          value TEXT NOT NULL
        )`,
      ];
    },
  },
];
