import type {
  AccessTokenRecord,
  AccountChange,
  AccountRecord,
  AuditEntry,
  BatchAnchor,
  BatchRow,
  CaseEvent,
  CaseRecord,
  ClientRecord,
  CredentialQuery,
  CredentialRow,
  CredentialStatus,
  KeyRecord,
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

/** Default and largest page of {@link Store.listAudit}. */
export const defaultAuditLimit = 100;
export const maxAuditLimit = 1000;

/** Longest credential search text (a document's length is the only natural bound; this keeps LIKE cheap). */
const maxSearchLength = 1000;

/** The outbox row kind `sealBatch` enqueues for the chain. */
const anchorBatchKind = 'anchor-batch';

/** Serialises `migrate()` across processes sharing one PostgreSQL database (arbitrary constant). */
const migrationLockId = 7_402_211;

/** What an inclusion proof may contain once its nodes are concatenated. */
const lowerHex = /^[0-9a-f]*$/;

/** Proofs per PostgreSQL INSERT (arrays bind as one parameter; this bounds a statement's size). */
const proofChunkSize = 5000;

/** A credential with its batch membership (`m`) and batch (`b`), both null while pending. */
const credentialJoins = `credentials c
  LEFT JOIN batch_members m ON m.seq = c.seq
  LEFT JOIN batches b ON b.seq = m.batch_seq`;

/** A credential with its document, batch, leaf index and proof; the status is derived from these. */
const credentialSelect = `SELECT c.id, c.org_id, c.hash, c.type, c.issued_at, d.document, c.created_at,
    b.id AS batch_id, b.tx_hash AS batch_tx_hash, m.leaf_index, m.inclusion_proof
  FROM ${credentialJoins}
  JOIN credential_documents d ON d.seq = c.seq`;
const outboxColumns = 'id, org_id, kind, idempotency_key, payload, status, attempts, created_at';
const auditColumns = `id, org_id, actor_kind, actor_id, action, target, ip, user_agent, outcome, status_code,
  customs_matter, at, details`;

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
  created_at: string;
  batch_id: string | null;
  batch_tx_hash: string | null;
  leaf_index: number | string | null;
  inclusion_proof: Uint8Array | null;
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
  seq: number | string;
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

type AccountDbRow = {
  id: string;
  org_id: string;
  username: string;
  display_name: string;
  password_hash: string;
  roles: string;
  disabled: number | string;
  failed_logins: number | string;
  locked_until: string | null;
  created_at: string;
};
type ClientDbRow = {
  client_id: string;
  org_id: string;
  name: string;
  secret_hash: string;
  scopes: string;
  disabled: number | string;
  created_at: string;
};
type AccessTokenDbRow = {
  token_hash: string;
  org_id: string;
  subject_kind: string;
  subject_id: string;
  scopes: string;
  expires_at: string;
  created_at: string;
};
type AuditDbRow = {
  id: number | string;
  org_id: string;
  actor_kind: string;
  actor_id: string;
  action: string;
  target: string | null;
  ip: string | null;
  user_agent: string | null;
  outcome: string;
  status_code: number | string;
  customs_matter: number | string;
  at: string;
  details: string | null;
};

/** A credential joined with its batch and proof (null while unsealed). */
type ReceiptDbRow = {
  hash: string;
  credential_org_id: string;
  leaf_index: number | string | null;
  inclusion_proof: Uint8Array | null;
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
        await db.transaction(async (tx) => {
          const org = await tx.query('SELECT 1 AS one FROM organizations WHERE id = ?', [orgId]);
          if (org.length === 0) throw notFound(`Organisation ${orgId} does not exist.`);
          // Every table is keyed by the insertion-order seq, so each insert appends.
          const seqs = await allocateCredentialSeqs(tx, rows.length);
          const credentials: SqlValue[][] = [];
          const documents: SqlValue[][] = [];
          const pending: SqlValue[][] = [];
          rows.forEach((row, i) => {
            const seq = seqs[i]!;
            credentials.push([seq, row.id, orgId, row.hash, row.type, row.issuedAt, createdAt]);
            documents.push([seq, row.document]);
            pending.push([orgId, seq]);
          });
          await tx.insertMany(
            'credentials',
            ['seq', 'id', 'org_id', 'hash', 'type', 'issued_at', 'created_at'],
            credentials,
          );
          await tx.insertMany('credential_documents', ['seq', 'document'], documents);
          await tx.insertMany('pending_credentials', ['org_id', 'seq'], pending);
        });
      },

      async pendingCredentials(orgId, limit) {
        positiveLimit(limit, 'pending');
        return db.query<{ id: string; hash: string }>(
          `SELECT c.id, c.hash FROM pending_credentials q JOIN credentials c ON c.seq = q.seq
           WHERE q.org_id = ? ORDER BY q.seq LIMIT ?`,
          [orgId, limit],
        );
      },

      async getCredential(orgId, id) {
        const rows = await db.query<CredentialDbRow>(`${credentialSelect} WHERE c.org_id = ? AND c.id = ?`, [
          orgId,
          id,
        ]);
        if (rows[0] === undefined) throw notFound(`Organisation ${orgId} has no credential ${id}.`);
        return toCredential(rows[0]);
      },

      async getCredentialByHash(orgId, hash) {
        const rows = await db.query<CredentialDbRow>(`${credentialSelect} WHERE c.org_id = ? AND c.hash = ?`, [
          orgId,
          hash,
        ]);
        if (rows[0] === undefined) throw notFound(`Organisation ${orgId} has no credential with hash ${hash}.`);
        return toCredential(rows[0]);
      },

      async listCredentials(orgId, query = {}) {
        const limit = pageSize(query.limit);
        const { where, params } = credentialFilter(db.dialect, orgId, query);
        if (query.afterId !== undefined) {
          where.push('c.id > ?');
          params.push(query.afterId);
        }
        const rows = await db.query<CredentialDbRow>(
          `${credentialSelect} WHERE ${where.join(' AND ')} ORDER BY c.id LIMIT ?`,
          [...params, limit],
        );
        return rows.map(toCredential);
      },

      async countCredentials(orgId, query = {}) {
        const { where, params } = credentialFilter(db.dialect, orgId, query);
        // The search reads documents; a plain count does not need them.
        const from =
          query.q === undefined ? credentialJoins : `${credentialJoins} JOIN credential_documents d ON d.seq = c.seq`;
        const rows = await db.query<{ n: number | string }>(
          `SELECT COUNT(*) AS n FROM ${from} WHERE ${where.join(' AND ')}`,
          params,
        );
        return Number(rows[0]?.n ?? 0);
      },

      async pendingOutbox(orgId, kind, limit) {
        positiveLimit(limit, 'outbox');
        const rows = await db.query<OutboxDbRow>(
          `SELECT ${outboxColumns} FROM outbox WHERE org_id = ? AND kind = ? AND status = 'pending' ORDER BY id LIMIT ?`,
          [orgId, kind, limit],
        );
        return rows.map(toOutbox);
      },

      async sealBatch(orgId, batch) {
        // Checked before the transaction: a malformed proof is the caller's error and writes nothing.
        const members = batch.members.map((m) => ({
          credentialId: m.credentialId,
          leafIndex: m.leafIndex,
          inclusionProof: encodeProof(m.inclusionProof),
        }));
        await db.transaction(async (tx) => {
          const inserted = await tx.query<{ seq: number | string }>(
            'INSERT INTO batches (id, org_id, root, size, created_at) VALUES (?, ?, ?, ?, ?) RETURNING seq',
            [batch.id, orgId, batch.root, members.length, batch.createdAt],
          );
          const batchSeq = Number(inserted[0]?.seq);
          const sealed = await sealMembers(tx, orgId, batchSeq, members);
          if (sealed !== members.length) {
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
        // One row: members read as anchored through their batch.
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
        });
      },

      async findReceipt(hash) {
        const rows = await db.query<ReceiptDbRow>(
          `SELECT c.hash, c.org_id AS credential_org_id, m.leaf_index, m.inclusion_proof, b.*
           FROM ${credentialJoins} WHERE c.hash = ?`,
          [hash],
        );
        const row = rows[0];
        if (row === undefined) return null;
        const batch = row.id === null ? null : toBatch(row as BatchDbRow);
        return {
          hash: row.hash,
          orgId: row.credential_org_id,
          status: derivedStatus(batch === null ? null : batch.id, row.tx_hash),
          batch,
          leafIndex: nullableNumber(row.leaf_index),
          inclusionProof: row.inclusion_proof === null ? null : decodeProof(row.inclusion_proof),
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

      async putCase(item, event) {
        const participants = [...new Set([item.ownerOrgId, ...item.participants])];
        try {
          await db.transaction(async (tx) => {
            await tx.run(
              `INSERT INTO cases (id, kind, owner_org_id, state, unique_key, parent_id, due_at, data, version, created_at,
                 updated_at)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)`,
              [
                item.id,
                item.kind,
                item.ownerOrgId,
                item.state,
                item.uniqueKey,
                item.parentId,
                item.dueAt,
                JSON.stringify(item.data),
                item.createdAt,
                item.createdAt,
              ],
            );
            for (const org of participants) {
              await tx.run('INSERT INTO case_participants (org_id, kind, case_id) VALUES (?, ?, ?)', [
                org,
                item.kind,
                item.id,
              ]);
            }
            await insertCaseEvent(tx, item.id, 1, event);
          });
        } catch (error) {
          throw restated(error, `A ${item.kind} with id ${item.id} or key ${item.uniqueKey ?? '—'} already exists.`);
        }
        return { ...item, participants, version: 1, updatedAt: item.createdAt };
      },

      async getCase(viewerOrgId, id) {
        const rows = await db.query<CaseDbRow>(
          `SELECT c.* FROM cases c JOIN case_participants p ON p.case_id = c.id AND p.kind = c.kind AND p.org_id = ?
           WHERE c.id = ?`,
          [viewerOrgId, id],
        );
        if (rows[0] === undefined) throw notFound(`No case ${id}.`);
        return (await withParticipants(db, rows))[0]!;
      },

      async listCases(viewerOrgId, query) {
        const limit = pageSize(query.limit);
        const filters: string[] = [];
        const params: SqlValue[] = [viewerOrgId, query.kind];
        if (query.state !== undefined) {
          filters.push(' AND c.state = ?');
          params.push(query.state);
        }
        if (query.parentId !== undefined) {
          filters.push(' AND c.parent_id = ?');
          params.push(query.parentId);
        }
        if (query.ownerOrgId !== undefined) {
          filters.push(' AND c.owner_org_id = ?');
          params.push(query.ownerOrgId);
        }
        if (query.beforeId !== undefined) {
          filters.push(' AND p.case_id < ?');
          params.push(query.beforeId);
        }
        const rows = await db.query<CaseDbRow>(
          `SELECT c.* FROM case_participants p JOIN cases c ON c.id = p.case_id
           WHERE p.org_id = ? AND p.kind = ?${filters.join('')} ORDER BY p.case_id DESC LIMIT ?`,
          [...params, limit],
        );
        return withParticipants(db, rows);
      },

      async updateCase(viewerOrgId, id, change) {
        return db.transaction(async (tx) => {
          const current = await bind(tx).getCase(viewerOrgId, id);
          if (current.version !== change.expectedVersion) {
            throw conflict(
              `The ${current.kind} ${id} changed meanwhile (version ${current.version}, not ${change.expectedVersion}); reload it and try again.`,
            );
          }
          const dueAt = change.dueAt === undefined ? current.dueAt : change.dueAt;
          const updated = await tx.run(
            `UPDATE cases SET state = ?, data = ?, due_at = ?, version = version + 1, updated_at = ?
             WHERE id = ? AND version = ?`,
            [change.state, JSON.stringify(change.data), dueAt, change.event.at, id, change.expectedVersion],
          );
          if (updated === 0) throw conflict(`The ${current.kind} ${id} changed meanwhile; reload it and try again.`);
          const added = (change.addParticipants ?? []).filter((org) => !current.participants.includes(org));
          for (const org of new Set(added)) {
            await tx.run('INSERT INTO case_participants (org_id, kind, case_id) VALUES (?, ?, ?)', [
              org,
              current.kind,
              id,
            ]);
          }
          const last = await tx.query<{ seq: number | string }>(
            'SELECT MAX(seq) AS seq FROM case_events WHERE case_id = ?',
            [id],
          );
          await insertCaseEvent(tx, id, Number(last[0]?.seq ?? 0) + 1, change.event);
          return {
            ...current,
            state: change.state,
            data: change.data,
            dueAt,
            participants: [...current.participants, ...new Set(added)],
            version: current.version + 1,
            updatedAt: change.event.at,
          };
        });
      },

      async listCaseEvents(viewerOrgId, id) {
        await store.getCase(viewerOrgId, id);
        const rows = await db.query<CaseEventDbRow>('SELECT * FROM case_events WHERE case_id = ? ORDER BY seq', [id]);
        return rows.map(toCaseEvent);
      },

      async dueCases(kind, states, before, limit) {
        positiveLimit(limit, 'due cases');
        if (states.length === 0) return [];
        const rows = await db.query<CaseDbRow>(
          `SELECT * FROM cases WHERE kind = ? AND due_at IS NOT NULL AND due_at < ?
             AND state IN (${states.map(() => '?').join(', ')})
           ORDER BY due_at, id LIMIT ?`,
          [kind, before, ...states, Math.min(limit, maxCredentialLimit)],
        );
        return withParticipants(db, rows);
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

      async putAccount(account) {
        const username = account.username.toLowerCase();
        try {
          await db.run(
            `INSERT INTO accounts (id, org_id, username, display_name, password_hash, roles, disabled, failed_logins,
               locked_until, created_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
            [
              account.id,
              account.orgId,
              username,
              account.displayName,
              account.passwordHash,
              JSON.stringify(account.roles),
              account.disabled ? 1 : 0,
              account.failedLogins,
              account.lockedUntil,
              account.createdAt,
            ],
          );
        } catch (error) {
          throw restated(error, `An account with id ${account.id} or username ${username} already exists.`);
        }
      },

      async getAccount(orgId, id) {
        const rows = await db.query<AccountDbRow>('SELECT * FROM accounts WHERE org_id = ? AND id = ?', [orgId, id]);
        if (rows[0] === undefined) throw notFound(`Organisation ${orgId} has no account ${id}.`);
        return toAccount(rows[0]);
      },

      async findAccountByUsername(username) {
        const rows = await db.query<AccountDbRow>('SELECT * FROM accounts WHERE username = ?', [
          username.toLowerCase(),
        ]);
        return rows[0] === undefined ? null : toAccount(rows[0]);
      },

      async listAccounts(orgId) {
        const rows = await db.query<AccountDbRow>('SELECT * FROM accounts WHERE org_id = ? ORDER BY username', [orgId]);
        return rows.map(toAccount);
      },

      async updateAccount(orgId, id, change) {
        const changed = await updateOwned(db, 'accounts', 'id', orgId, id, accountSets(change));
        if (changed === 0) throw notFound(`Organisation ${orgId} has no account ${id}.`);
      },

      async putClient(client) {
        try {
          await db.run(
            `INSERT INTO clients (client_id, org_id, name, secret_hash, scopes, disabled, created_at)
             VALUES (?, ?, ?, ?, ?, ?, ?)`,
            [
              client.clientId,
              client.orgId,
              client.name,
              client.secretHash,
              JSON.stringify(client.scopes),
              client.disabled ? 1 : 0,
              client.createdAt,
            ],
          );
        } catch (error) {
          throw restated(error, `A client with id ${client.clientId} already exists.`);
        }
      },

      async findClient(clientId) {
        const rows = await db.query<ClientDbRow>('SELECT * FROM clients WHERE client_id = ?', [clientId]);
        return rows[0] === undefined ? null : toClient(rows[0]);
      },

      async listClients(orgId) {
        const rows = await db.query<ClientDbRow>('SELECT * FROM clients WHERE org_id = ? ORDER BY client_id', [orgId]);
        return rows.map(toClient);
      },

      async updateClient(orgId, clientId, change) {
        const sets: [string, SqlValue][] = [];
        if (change.disabled !== undefined) sets.push(['disabled', change.disabled ? 1 : 0]);
        if (change.secretHash !== undefined) sets.push(['secret_hash', change.secretHash]);
        if (change.scopes !== undefined) sets.push(['scopes', JSON.stringify(change.scopes)]);
        const changed = await updateOwned(db, 'clients', 'client_id', orgId, clientId, sets);
        if (changed === 0) throw notFound(`Organisation ${orgId} has no client ${clientId}.`);
      },

      async putAccessToken(token) {
        await db.run(
          `INSERT INTO access_tokens (token_hash, org_id, subject_kind, subject_id, scopes, expires_at, created_at)
           VALUES (?, ?, ?, ?, ?, ?, ?)`,
          [
            token.tokenHash,
            token.orgId,
            token.subjectKind,
            token.subjectId,
            JSON.stringify(token.scopes),
            token.expiresAt,
            token.createdAt,
          ],
        );
      },

      async findAccessToken(tokenHash) {
        const rows = await db.query<AccessTokenDbRow>('SELECT * FROM access_tokens WHERE token_hash = ?', [tokenHash]);
        return rows[0] === undefined ? null : toAccessToken(rows[0]);
      },

      async deleteAccessToken(tokenHash) {
        await db.run('DELETE FROM access_tokens WHERE token_hash = ?', [tokenHash]);
      },

      async deleteExpiredAccessTokens(at) {
        return db.run('DELETE FROM access_tokens WHERE expires_at <= ?', [at]);
      },

      async appendAudit(entry) {
        const rows = await db.query<{ id: number | string }>(
          `INSERT INTO audit_log (org_id, actor_kind, actor_id, action, target, ip, user_agent, outcome, status_code,
             customs_matter, at, details)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
          [
            entry.orgId,
            entry.actorKind,
            entry.actorId,
            entry.action,
            entry.target,
            entry.ip,
            entry.userAgent,
            entry.outcome,
            entry.statusCode,
            entry.customsMatter ? 1 : 0,
            entry.at,
            auditDetails(entry.details),
          ],
        );
        return Number(rows[0]?.id);
      },

      async listAudit(viewer, query = {}) {
        const limit = auditPageSize(query.limit);
        const filters: string[] = [];
        const params: SqlValue[] = [];
        if (query.beforeId !== undefined) {
          if (!Number.isSafeInteger(query.beforeId) || query.beforeId < 1) {
            throw new ClearledgerError('CL_INPUT_INVALID', 'beforeId must be a positive integer.', {
              field: 'beforeId',
            });
          }
          filters.push(' AND id < ?');
          params.push(query.beforeId);
        }
        if (query.action !== undefined) {
          filters.push(' AND action = ?');
          params.push(query.action);
        }
        const filter = filters.join('');
        const own = `SELECT ${auditColumns} FROM audit_log WHERE org_id = ?${filter} ORDER BY id DESC LIMIT ?`;
        if (!viewer.customs) {
          const rows = await db.query<AuditDbRow>(own, [viewer.orgId, ...params, limit]);
          return rows.map(toAuditEntry);
        }
        // Two index walks, each stopping after one page, merged: no page reads the whole log.
        const others = `SELECT ${auditColumns} FROM audit_log
          WHERE customs_matter = 1 AND org_id <> ?${filter} ORDER BY id DESC LIMIT ?`;
        const rows = await db.query<AuditDbRow>(
          `SELECT * FROM (${own}) AS own_entries UNION ALL SELECT * FROM (${others}) AS customs_entries
           ORDER BY id DESC LIMIT ?`,
          [viewer.orgId, ...params, limit, viewer.orgId, ...params, limit, limit],
        );
        return rows.map(toAuditEntry);
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

/**
 * Reserves `count` consecutive-in-order `seq` values for new credentials. SQLite's writer holds the
 * database from BEGIN IMMEDIATE, so the next rowids are free; PostgreSQL draws from the sequence.
 */
async function allocateCredentialSeqs(tx: SqlDriver, count: number): Promise<number[]> {
  if (tx.dialect === 'sqlite') {
    const rows = await tx.query<{ last: number }>('SELECT COALESCE(MAX(seq), 0) AS last FROM credentials');
    const first = Number(rows[0]?.last ?? 0) + 1;
    return Array.from({ length: count }, (_, i) => first + i);
  }
  const rows = await tx.query<{ seq: number | string }>(
    `SELECT nextval(pg_get_serial_sequence('credentials', 'seq')) AS seq FROM generate_series(1, ?) ORDER BY 1`,
    [count],
  );
  return rows.map((row) => Number(row.seq));
}

/** A batch member with its proof as concatenated hex. */
type EncodedMember = { credentialId: string; leafIndex: number; inclusionProof: string };

/**
 * Moves pending credentials of `orgId` from the queue into batch `batchSeq` with their proofs;
 * returns how many members were pending (fewer than given is a conflict: the caller rolls back).
 * Credential rows themselves are never rewritten.
 *
 * SQLite runs one reused DELETE per member (an id-index lookup, then the queue's key) at in-process
 * cost. PostgreSQL pays a round trip per statement, so it gets one DELETE for the whole batch:
 * whichever plan the planner picks (statistics are often stale right after a burst of inserts), it
 * reads each table at most once, never once per chunk. The memberships are then appended by seq.
 */
async function sealMembers(
  tx: SqlDriver,
  orgId: string,
  batchSeq: number,
  members: readonly EncodedMember[],
): Promise<number> {
  if (tx.dialect === 'sqlite') {
    const dequeued = await tx.queryEach<{ seq: number }>(
      `DELETE FROM pending_credentials
       WHERE org_id = ? AND seq = (SELECT seq FROM credentials WHERE id = ? AND org_id = ?) RETURNING seq`,
      members.map((m) => [orgId, m.credentialId, orgId]),
    );
    // Each member yields one row or none, in order: equal counts mean every member was pending.
    if (dequeued.length !== members.length) return dequeued.length;
    await tx.runEach(
      'INSERT INTO batch_members (seq, batch_seq, leaf_index, inclusion_proof) VALUES (?, ?, ?, unhex(?))',
      members.map((m, i) => [dequeued[i]!.seq, batchSeq, m.leafIndex, m.inclusionProof]),
    );
    return members.length;
  }
  const dequeued = await tx.query<{ id: string; seq: number | string }>(
    `DELETE FROM pending_credentials q USING credentials c
     WHERE c.id = ANY (?::text[]) AND c.org_id = ? AND q.org_id = c.org_id AND q.seq = c.seq
     RETURNING c.id, c.seq`,
    [members.map((m) => m.credentialId), orgId],
  );
  // A repeated id matches its row once, so it too shows as a shortfall.
  if (dequeued.length !== members.length) return dequeued.length;
  const seqOf = new Map(dequeued.map((row) => [row.id, Number(row.seq)]));
  for (const chunk of chunks(members, proofChunkSize)) {
    await tx.run(
      `INSERT INTO batch_members (seq, batch_seq, leaf_index, inclusion_proof)
       SELECT seq, ?, leaf_index, decode(proof, 'hex')
       FROM unnest(?::bigint[], ?::integer[], ?::text[]) AS m (seq, leaf_index, proof)`,
      [
        batchSeq,
        chunk.map((m) => seqOf.get(m.credentialId) ?? null),
        chunk.map((m) => m.leafIndex),
        chunk.map((m) => m.inclusionProof),
      ],
    );
  }
  return members.length;
}

/**
 * Inclusion proof nodes (64 lower-case hex digits each) concatenated; the SQL stores them as bytes
 * (`unhex` / `decode`), 32 a node. `CL_INPUT_INVALID` for anything else, before anything is written.
 */
function encodeProof(nodes: readonly string[] | Uint8Array): string {
  if (nodes instanceof Uint8Array) {
    if (nodes.length % 32 !== 0) {
      throw new ClearledgerError(
        'CL_INPUT_INVALID',
        'An inclusion proof is a whole number of 32-byte SHA-256 hashes.',
        {
          field: 'inclusionProof',
        },
      );
    }
    return Buffer.from(nodes.buffer, nodes.byteOffset, nodes.length).toString('hex');
  }
  const hex = nodes.join('');
  if (hex.length !== nodes.length * 64 || !lowerHex.test(hex) || nodes.some((n) => n.length !== 64)) {
    throw new ClearledgerError(
      'CL_INPUT_INVALID',
      'Inclusion proof nodes must be SHA-256 hashes as 64 lower-case hex digits.',
      { field: 'inclusionProof' },
    );
  }
  return hex;
}

function decodeProof(bytes: Uint8Array): string[] {
  const hex = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
  const nodes: string[] = [];
  for (let i = 0; i < hex.length; i += 64) nodes.push(hex.slice(i, i + 64));
  return nodes;
}

function derivedStatus(batchId: string | null, txHash: string | null): CredentialStatus {
  if (batchId === null) return 'pending';
  return txHash === null ? 'sealed' : 'anchored';
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

/**
 * The WHERE terms of a credential listing or count. A search (`q`) reads `d.document`, so the query
 * must join `credential_documents d`.
 */
function credentialFilter(
  dialect: SqlDriver['dialect'],
  orgId: string,
  query: Omit<CredentialQuery, 'limit' | 'afterId'>,
): { where: string[]; params: SqlValue[] } {
  const where = ['c.org_id = ?'];
  const params: SqlValue[] = [orgId];
  if (query.type !== undefined) {
    where.push('c.type = ?');
    params.push(query.type);
  }
  if (query.q !== undefined) {
    if (typeof query.q !== 'string' || query.q.length > maxSearchLength) {
      throw new ClearledgerError(
        'CL_INPUT_INVALID',
        `The search text must be a string of at most ${maxSearchLength} characters.`,
        { field: 'q' },
      );
    }
    const contains = `%${likeEscaped(query.q)}%`;
    const prefix = `${likeEscaped(query.q.toLowerCase())}%`;
    // SQLite's LIKE folds A–Z only; ILIKE under the C collation does the same, so both match alike.
    const like = dialect === 'sqlite' ? 'LIKE' : 'ILIKE';
    const text = (column: string) => (dialect === 'sqlite' ? column : `${column} COLLATE "C"`);
    where.push(
      `(c.id ${like} ? ESCAPE '\\' OR ${text('c.type')} ${like} ? ESCAPE '\\' OR c.hash LIKE ? ESCAPE '\\'
        OR ${text('d.document')} ${like} ? ESCAPE '\\')`,
    );
    params.push(contains, contains, prefix, contains);
  }
  // Status is derived from the batch membership (`m`) and the batch (`b`).
  if (query.status === 'pending') where.push('m.seq IS NULL');
  else if (query.status === 'sealed') where.push('m.seq IS NOT NULL AND b.tx_hash IS NULL');
  else if (query.status === 'anchored') where.push('b.tx_hash IS NOT NULL');
  return { where, params };
}

/** `text` for a LIKE pattern escaped with a backslash: `%`, `_` and the backslash match only themselves. */
function likeEscaped(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

function auditPageSize(limit: number | undefined): number {
  if (limit === undefined) return defaultAuditLimit;
  if (!Number.isInteger(limit) || limit < 1 || limit > maxAuditLimit) {
    throw new ClearledgerError(
      'CL_INPUT_INVALID',
      `The audit page limit must be an integer from 1 to ${maxAuditLimit}.`,
      {
        field: 'limit',
      },
    );
  }
  return limit;
}

/** Audit details as JSON text; anything JSON cannot hold (a BigInt, a cycle) is the caller's error. */
function auditDetails(details: Record<string, unknown> | null): string | null {
  if (details === null) return null;
  try {
    return JSON.stringify(details);
  } catch (error) {
    throw new ClearledgerError('CL_INPUT_INVALID', 'Audit details must be JSON-serialisable.', {
      field: 'details',
      cause: error,
    });
  }
}

/** The `SET column = ?` pairs of an account change, in a fixed order. */
function accountSets(change: AccountChange): [string, SqlValue][] {
  const sets: [string, SqlValue][] = [];
  if (change.displayName !== undefined) sets.push(['display_name', change.displayName]);
  if (change.passwordHash !== undefined) sets.push(['password_hash', change.passwordHash]);
  if (change.roles !== undefined) sets.push(['roles', JSON.stringify(change.roles)]);
  if (change.disabled !== undefined) sets.push(['disabled', change.disabled ? 1 : 0]);
  if (change.failedLogins !== undefined) sets.push(['failed_logins', change.failedLogins]);
  if (change.lockedUntil !== undefined) sets.push(['locked_until', change.lockedUntil]);
  return sets;
}

/**
 * Updates the row of `table` with this key owned by `orgId`; returns how many rows matched (0 when
 * absent or another organisation's). An empty change only checks that the row is there. `table`,
 * `keyColumn` and the column names are code constants, never input.
 */
async function updateOwned(
  db: SqlDriver,
  table: string,
  keyColumn: string,
  orgId: string,
  key: string,
  sets: readonly [string, SqlValue][],
): Promise<number> {
  if (sets.length === 0) {
    const rows = await db.query(`SELECT 1 AS one FROM ${table} WHERE org_id = ? AND ${keyColumn} = ?`, [orgId, key]);
    return rows.length;
  }
  return db.run(
    `UPDATE ${table} SET ${sets.map(([column]) => `${column} = ?`).join(', ')} WHERE org_id = ? AND ${keyColumn} = ?`,
    [...sets.map(([, value]) => value), orgId, key],
  );
}

type CaseDbRow = {
  id: string;
  kind: string;
  owner_org_id: string;
  state: string;
  unique_key: string | null;
  parent_id: string | null;
  due_at: string | null;
  data: string;
  version: number | string;
  created_at: string;
  updated_at: string;
};
type CaseEventDbRow = {
  case_id: string;
  seq: number | string;
  actor_org_id: string;
  actor_id: string;
  kind: string;
  data: string | null;
  at: string;
};

async function insertCaseEvent(db: SqlDriver, caseId: string, seq: number, event: CaseEventInputLike): Promise<void> {
  await db.run(
    'INSERT INTO case_events (case_id, seq, actor_org_id, actor_id, kind, data, at) VALUES (?, ?, ?, ?, ?, ?, ?)',
    [
      caseId,
      seq,
      event.actorOrgId,
      event.actorId,
      event.kind,
      event.data === null ? null : JSON.stringify(event.data),
      event.at,
    ],
  );
}
type CaseEventInputLike = Omit<CaseEvent, 'caseId' | 'seq'>;

/** Case rows with their participants (one extra query for the page). */
async function withParticipants(db: SqlDriver, rows: readonly CaseDbRow[]): Promise<CaseRecord[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const links = await db.query<{ case_id: string; org_id: string }>(
    `SELECT case_id, org_id FROM case_participants WHERE case_id IN (${ids.map(() => '?').join(', ')})`,
    ids,
  );
  const byCase = new Map<string, string[]>();
  for (const link of links) byCase.set(link.case_id, [...(byCase.get(link.case_id) ?? []), link.org_id]);
  return rows.map((row) => ({
    id: row.id,
    kind: row.kind,
    ownerOrgId: row.owner_org_id,
    participants: (byCase.get(row.id) ?? []).sort(),
    state: row.state,
    uniqueKey: row.unique_key,
    parentId: row.parent_id,
    dueAt: row.due_at,
    data: JSON.parse(row.data) as Record<string, unknown>,
    version: Number(row.version),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  }));
}

function toCaseEvent(row: CaseEventDbRow): CaseEvent {
  return {
    caseId: row.case_id,
    seq: Number(row.seq),
    actorOrgId: row.actor_org_id,
    actorId: row.actor_id,
    kind: row.kind,
    data: row.data === null ? null : (JSON.parse(row.data) as Record<string, unknown>),
    at: row.at,
  };
}

/** A unique-key conflict restated for the caller; every other error unchanged. */
function restated(error: unknown, message: string): unknown {
  if (!(error instanceof ClearledgerError) || error.code !== 'CL_STORE_CONFLICT') return error;
  return new ClearledgerError('CL_STORE_CONFLICT', message, {
    ...(error.details === undefined ? {} : { details: error.details }),
    cause: error,
  });
}

function positiveLimit(limit: number, what: string): void {
  if (!Number.isInteger(limit) || limit < 1) {
    throw new ClearledgerError('CL_INPUT_INVALID', `The ${what} limit must be a positive integer.`, {
      field: 'limit',
    });
  }
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
    status: derivedStatus(row.batch_id, row.batch_tx_hash),
    batchId: row.batch_id,
    leafIndex: nullableNumber(row.leaf_index),
    inclusionProof: row.inclusion_proof === null ? null : decodeProof(row.inclusion_proof),
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

function toAccount(row: AccountDbRow): AccountRecord {
  return {
    id: row.id,
    orgId: row.org_id,
    username: row.username,
    displayName: row.display_name,
    passwordHash: row.password_hash,
    roles: JSON.parse(row.roles) as string[],
    disabled: Number(row.disabled) === 1,
    failedLogins: Number(row.failed_logins),
    lockedUntil: row.locked_until,
    createdAt: row.created_at,
  };
}

function toClient(row: ClientDbRow): ClientRecord {
  return {
    clientId: row.client_id,
    orgId: row.org_id,
    name: row.name,
    secretHash: row.secret_hash,
    scopes: JSON.parse(row.scopes) as string[],
    disabled: Number(row.disabled) === 1,
    createdAt: row.created_at,
  };
}

function toAccessToken(row: AccessTokenDbRow): AccessTokenRecord {
  return {
    tokenHash: row.token_hash,
    orgId: row.org_id,
    subjectKind: row.subject_kind as AccessTokenRecord['subjectKind'],
    subjectId: row.subject_id,
    scopes: JSON.parse(row.scopes) as string[],
    expiresAt: row.expires_at,
    createdAt: row.created_at,
  };
}

function toAuditEntry(row: AuditDbRow): AuditEntry {
  return {
    id: Number(row.id),
    orgId: row.org_id,
    actorKind: row.actor_kind as AuditEntry['actorKind'],
    actorId: row.actor_id,
    action: row.action,
    target: row.target,
    ip: row.ip,
    userAgent: row.user_agent,
    outcome: row.outcome as AuditEntry['outcome'],
    statusCode: Number(row.status_code),
    customsMatter: Number(row.customs_matter) === 1,
    at: row.at,
    details: row.details === null ? null : (JSON.parse(row.details) as Record<string, unknown>),
  };
}
