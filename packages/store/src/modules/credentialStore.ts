import type {
  BatchAnchor,
  BatchRow,
  CredentialQuery,
  CredentialRow,
  CredentialStatus,
  OutboxRow,
  Store,
} from '@clearledger/core';
import { ClearledgerError } from '@clearledger/core';
import type { SqlDriver, SqlValue } from '../sql/SqlDriver.ts';
import { pageSize, positiveLimit } from './pageSize.ts';
import type { StoreModuleContext } from './StoreModuleContext.ts';
import { conflict, notFound } from './storeErrors.ts';

/** Longest credential search text (a document's length is the only natural bound; this keeps LIKE cheap). */
const maxSearchLength = 1000;

/** The outbox row kind `sealBatch` enqueues for the chain. */
const anchorBatchKind = 'anchor-batch';

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

/** A credential joined with its batch and proof (null while unsealed). */
type ReceiptDbRow = {
  hash: string;
  credential_org_id: string;
  leaf_index: number | string | null;
  inclusion_proof: Uint8Array | null;
} & { [K in keyof BatchDbRow]: BatchDbRow[K] | null };

/** The part of the `Store` port {@link credentialStore} implements. */
export type CredentialStore = Pick<
  Store,
  | 'insertCredentials'
  | 'pendingCredentials'
  | 'getCredential'
  | 'getCredentialByHash'
  | 'listCredentials'
  | 'countCredentials'
  | 'pendingOutbox'
  | 'sealBatch'
  | 'getBatch'
  | 'markBatchAnchored'
  | 'findReceipt'
  | 'findBatchByRoot'
  | 'completeOutbox'
>;

/**
 * Credentials and their anchoring: signed documents, the pending queue, Merkle batches with their
 * members' proofs, the anchoring outbox and the public receipts verification reads (tables
 * `credentials`, `credential_documents`, `pending_credentials`, `batches`, `batch_members`, `outbox`).
 */
export function credentialStore({ db, now }: StoreModuleContext): CredentialStore {
  return {
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
      const rows = await db.query<CredentialDbRow>(`${credentialSelect} WHERE c.org_id = ? AND c.id = ?`, [orgId, id]);
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
      const newest = query.newestFirst === true;
      if (query.afterId !== undefined) {
        // Newest first pages by storage order: before the seq of the last credential shown.
        where.push(newest ? 'c.seq < (SELECT s.seq FROM credentials s WHERE s.org_id = ? AND s.id = ?)' : 'c.id > ?');
        params.push(...(newest ? [orgId, query.afterId] : [query.afterId]));
      }
      const rows = await db.query<CredentialDbRow>(
        `${credentialSelect} WHERE ${where.join(' AND ')} ORDER BY ${newest ? 'c.seq DESC' : 'c.id'} LIMIT ?`,
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
      const rows = await db.query<BatchDbRow>('SELECT * FROM batches WHERE root = ? ORDER BY created_at, id LIMIT 1', [
        root,
      ]);
      return rows[0] === undefined ? null : toBatch(rows[0]);
    },

    async completeOutbox(orgId, id) {
      const changed = await db.run(`UPDATE outbox SET status = 'done' WHERE org_id = ? AND id = ?`, [orgId, id]);
      if (changed === 0) throw notFound(`Organisation ${orgId} has no outbox row ${id}.`);
    },
  };
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

/**
 * The WHERE terms of a credential listing or count. A search (`q`) reads `d.document`, so the query
 * must join `credential_documents d`.
 */
function credentialFilter(
  dialect: SqlDriver['dialect'],
  orgId: string,
  query: Omit<CredentialQuery, 'limit' | 'afterId' | 'newestFirst'>,
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

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

function sameAnchor(a: BatchAnchor, b: BatchAnchor): boolean {
  return a.chainId === b.chainId && a.txHash === b.txHash && a.blockNumber === b.blockNumber;
}

function nullableNumber(value: number | string | null): number | null {
  return value === null ? null : Number(value);
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
